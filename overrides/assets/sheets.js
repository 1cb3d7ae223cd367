/* Spreadsheet files in the browser, without a library: CSV and XLSX, read and
   written (window.SynSheets, used by checklist.js).

   An XLSX file is a ZIP archive of XML parts: the archive is read with
   DataView, its entries inflated with DecompressionStream("deflate-raw"), the
   XML parsed with DOMParser; the workbook written here is a ZIP of stored
   (uncompressed) entries. A file a reader imports is hostile input: sizes
   are capped (the archive's entries, what they inflate to, sheets, rows,
   columns, the length of a cell), an archive that is not what it says is
   refused, XML with a document type (entities) is refused, and every cell
   comes back as plain text or a number, never as markup: the caller puts
   it on the page as textContent or a form value only. */
(function () {
  "use strict";

  const LIMITS = {
    entries: 2000, // entries of the archive
    part: 8 * 1024 * 1024, // bytes a part may inflate to
    total: 32 * 1024 * 1024, // bytes all parts read may inflate to
    sheets: 20,
    rows: 5000,
    columns: 64,
    cell: 10000, // characters of one cell
  };
  const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships";

  class SheetError extends Error {}

  /* ZIP ------------------------------------------------------------------ */

  // The entries of a ZIP archive (ArrayBuffer): {name: {method, size, start, length}}.
  function zipDirectory(buffer) {
    const view = new DataView(buffer);
    const bytes = new Uint8Array(buffer);
    let end = -1;
    for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i -= 1) {
      if (view.getUint32(i, true) === 0x06054b50) {
        end = i;
        break;
      }
    }
    if (end < 0) throw new SheetError("not a ZIP archive");
    const count = view.getUint16(end + 10, true);
    let offset = view.getUint32(end + 16, true);
    if (count > LIMITS.entries) throw new SheetError("too many entries");
    const names = new TextDecoder("utf-8");
    const entries = new Map();
    for (let n = 0; n < count; n += 1) {
      if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) {
        throw new SheetError("damaged archive");
      }
      const flags = view.getUint16(offset + 8, true);
      const method = view.getUint16(offset + 10, true);
      const packed = view.getUint32(offset + 20, true);
      const size = view.getUint32(offset + 24, true);
      const nameLength = view.getUint16(offset + 28, true);
      const skip = nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
      const local = view.getUint32(offset + 42, true);
      const name = names.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
      offset += 46 + skip;
      if (flags & 1) throw new SheetError("encrypted archive");
      if (packed === 0xffffffff || size === 0xffffffff || local === 0xffffffff) {
        throw new SheetError("ZIP64 archive");
      }
      if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) {
        throw new SheetError("damaged archive");
      }
      const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      if (start + packed > bytes.length) throw new SheetError("damaged archive");
      entries.set(name, { method: method, size: size, start: start, length: packed });
    }
    return entries;
  }

  // The bytes of one entry, inflated, never more than ``cap`` of them.
  async function inflate(buffer, entry, cap) {
    const packed = new Uint8Array(buffer, entry.start, entry.length);
    if (entry.method === 0) {
      if (packed.length > cap) throw new SheetError("part too large");
      return packed;
    }
    if (entry.method !== 8) throw new SheetError("unknown compression");
    if (typeof DecompressionStream !== "function") throw new SheetError("unsupported");
    const reader = new Blob([packed]).stream()
      .pipeThrough(new DecompressionStream("deflate-raw")).getReader();
    const chunks = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > cap) {
        reader.cancel().catch(() => {});
        throw new SheetError("part too large");
      }
      chunks.push(value);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }

  const CRC_TABLE = (() => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n += 1) {
      let c = n;
      for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();

  function crc32(bytes) {
    let crc = 0xffffffff;
    for (let i = 0; i < bytes.length; i += 1) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }

  // A ZIP archive of stored entries: [[name, text], ...] -> Uint8Array.
  function zip(files) {
    const encoder = new TextEncoder();
    const parts = [];
    const central = [];
    let offset = 0;
    const DOS_DATE = (2000 - 1980) << 9 | 1 << 5 | 1; // 2000-01-01: the same content, the same bytes
    for (const [name, text] of files) {
      const nameBytes = encoder.encode(name);
      const data = encoder.encode(text);
      const crc = crc32(data);
      const local = new DataView(new ArrayBuffer(30));
      local.setUint32(0, 0x04034b50, true);
      local.setUint16(4, 20, true);
      local.setUint16(6, 0x0800, true); // names in UTF-8
      local.setUint16(8, 0, true); // stored
      local.setUint16(10, 0, true);
      local.setUint16(12, DOS_DATE, true);
      local.setUint32(14, crc, true);
      local.setUint32(18, data.length, true);
      local.setUint32(22, data.length, true);
      local.setUint16(26, nameBytes.length, true);
      local.setUint16(28, 0, true);
      const entry = new DataView(new ArrayBuffer(46));
      entry.setUint32(0, 0x02014b50, true);
      entry.setUint16(4, 20, true);
      entry.setUint16(6, 20, true);
      entry.setUint16(8, 0x0800, true);
      entry.setUint16(10, 0, true);
      entry.setUint16(12, 0, true);
      entry.setUint16(14, DOS_DATE, true);
      entry.setUint32(16, crc, true);
      entry.setUint32(20, data.length, true);
      entry.setUint32(24, data.length, true);
      entry.setUint16(28, nameBytes.length, true);
      entry.setUint32(42, offset, true);
      parts.push(new Uint8Array(local.buffer), nameBytes, data);
      central.push(new Uint8Array(entry.buffer), nameBytes);
      offset += 30 + nameBytes.length + data.length;
    }
    const size = central.reduce((sum, part) => sum + part.length, 0);
    const end = new DataView(new ArrayBuffer(22));
    end.setUint32(0, 0x06054b50, true);
    end.setUint16(8, files.length, true);
    end.setUint16(10, files.length, true);
    end.setUint32(12, size, true);
    end.setUint32(16, offset, true);
    const all = parts.concat(central, [new Uint8Array(end.buffer)]);
    const out = new Uint8Array(all.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of all) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  function isZip(buffer) {
    return buffer.byteLength >= 4 && new DataView(buffer).getUint32(0, true) === 0x04034b50;
  }

  /* XML ------------------------------------------------------------------ */

  function parseXml(bytes) {
    const text = new TextDecoder("utf-8").decode(bytes);
    // a workbook's parts never declare a document type: one that does may hold entities
    if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new SheetError("document type in XML");
    const doc = new DOMParser().parseFromString(text, "application/xml");
    if (doc.getElementsByTagName("parsererror").length) throw new SheetError("malformed XML");
    return doc;
  }

  // Elements named ``name`` in any namespace (some writers prefix them: x:c).
  function all(node, name) {
    return Array.from(node.getElementsByTagNameNS("*", name));
  }

  function children(node, name) {
    return Array.from(node.children).filter((child) => child.localName === name);
  }

  // An attribute by its local name, whatever namespace prefix it has (r:id).
  function attribute(node, name, namespaced) {
    for (const attr of Array.from(node.attributes)) {
      if (attr.localName === name && (namespaced ? attr.namespaceURI : !attr.namespaceURI)) {
        return attr.value;
      }
    }
    return null;
  }

  // "_x000D_" in a cell's text stands for the character U+000D (OOXML's escape).
  function unescapeOoxml(text) {
    return text.replace(/_x([0-9A-Fa-f]{4})_/g, (whole, hex) => String.fromCharCode(parseInt(hex, 16)));
  }

  // The text of a shared or inline string: its runs, without phonetic guides.
  function stringText(node) {
    const text = all(node, "t").filter((t) => !hasAncestor(t, "rPh", node))
      .map((t) => t.textContent).join("");
    return unescapeOoxml(text).slice(0, LIMITS.cell);
  }

  function hasAncestor(node, name, stop) {
    for (let up = node.parentNode; up && up !== stop; up = up.parentNode) {
      if (up.localName === name) return true;
    }
    return false;
  }

  // "C12" -> 2 (the column's index from 0); -1 if it is not a reference.
  function columnIndex(reference) {
    const match = /^([A-Z]{1,3})\d*$/.exec(reference || "");
    if (!match) return -1;
    let index = 0;
    for (const letter of match[1]) index = index * 26 + (letter.charCodeAt(0) - 64);
    return index - 1;
  }

  function resolvePart(base, target) {
    if (target.startsWith("/")) return target.slice(1);
    const parts = base.split("/").slice(0, -1);
    for (const piece of target.split("/")) {
      if (piece === "..") parts.pop();
      else if (piece !== "." && piece !== "") parts.push(piece);
    }
    return parts.join("/");
  }

  /* XLSX, read ----------------------------------------------------------- */

  // The sheets of an XLSX workbook: [{name, rows: [[cell, ...], ...]}], a cell
  // being text, a number, or null; and whether its dates count from 1904.
  async function readWorkbook(buffer) {
    const entries = zipDirectory(buffer);
    let budget = LIMITS.total;

    async function part(name) {
      const entry = entries.get(name);
      if (!entry) return null;
      const bytes = await inflate(buffer, entry, Math.min(LIMITS.part, budget));
      budget -= bytes.length;
      return parseXml(bytes);
    }

    const rootRels = await part("_rels/.rels");
    let workbookPath = "xl/workbook.xml";
    if (rootRels) {
      const main = all(rootRels, "Relationship").find((r) =>
        /\/officeDocument$/.test(r.getAttribute("Type") || ""));
      if (main && main.getAttribute("Target")) workbookPath = resolvePart("", main.getAttribute("Target"));
    }
    const workbook = await part(workbookPath);
    if (!workbook) throw new SheetError("no workbook");
    const properties = all(workbook, "workbookPr")[0];
    const date1904 = Boolean(properties) && /^(1|true)$/i.test(properties.getAttribute("date1904") || "");
    const relsPath = resolvePart(workbookPath, "_rels/" + workbookPath.split("/").pop() + ".rels");
    const rels = await part(relsPath);
    const targets = new Map();
    let sharedPath = null;
    if (rels) {
      for (const rel of all(rels, "Relationship")) {
        const target = resolvePart(workbookPath, rel.getAttribute("Target") || "");
        targets.set(rel.getAttribute("Id"), target);
        if (/\/sharedStrings$/.test(rel.getAttribute("Type") || "")) sharedPath = target;
      }
    }
    const sharedDoc = await part(sharedPath || "xl/sharedStrings.xml");
    const shared = sharedDoc ? children(sharedDoc.documentElement, "si").map(stringText) : [];

    const sheets = [];
    for (const sheet of all(workbook, "sheet").slice(0, LIMITS.sheets)) {
      const target = targets.get(attribute(sheet, "id", true));
      const doc = target ? await part(target) : null;
      if (doc) sheets.push({ name: sheet.getAttribute("name") || "", rows: sheetRows(doc, shared) });
    }
    return { sheets: sheets, date1904: date1904 };
  }

  function sheetRows(doc, shared) {
    const rows = [];
    let next = 0;
    for (const row of all(doc, "row")) {
      const number = Number(row.getAttribute("r"));
      const index = number >= 1 ? number - 1 : next;
      next = index + 1;
      if (index >= LIMITS.rows) break;
      const cells = [];
      let column = 0;
      for (const cell of children(row, "c")) {
        const at = columnIndex(cell.getAttribute("r"));
        column = at >= 0 ? at : column;
        if (column < LIMITS.columns) cells[column] = cellValue(cell, shared);
        column += 1;
      }
      rows[index] = Array.from(cells, (value) => (value === undefined ? null : value));
    }
    return Array.from(rows, (row) => row || []);
  }

  // What a cell holds as a value: text, a number, or null. A formula is
  // never run: its last result, as the file stores it, is the value.
  function cellValue(cell, shared) {
    const type = cell.getAttribute("t") || "n";
    const valueNode = children(cell, "v")[0];
    const raw = valueNode ? valueNode.textContent : "";
    if (type === "inlineStr") {
      const inline = children(cell, "is")[0];
      return inline ? stringText(inline) : null;
    }
    if (type === "s") {
      const text = shared[Number(raw)];
      return typeof text === "string" ? text : null;
    }
    if (type === "n") {
      if (raw.trim() === "") return null;
      const number = Number(raw);
      return Number.isFinite(number) ? number : raw.slice(0, LIMITS.cell);
    }
    if (type === "b") return raw === "1" ? "TRUE" : "FALSE";
    // str (a formula's text), d (an ISO date), e (an error such as #N/A): as text
    return raw === "" ? null : unescapeOoxml(raw).slice(0, LIMITS.cell);
  }

  /* XLSX, written -------------------------------------------------------- */

  // Characters XML 1.0 cannot hold, and halves of surrogate pairs.
  const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

  function xml(text) {
    return String(text).replace(NOT_XML, "\uFFFD")
      .replace(/_(x[0-9A-Fa-f]{4})_/g, "_x005F_$1_") // written as is, not read as an escape
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function columnName(index) {
    let name = "";
    for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
      name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
    }
    return name;
  }

  // Days since 1899-12-30 (Excel's date serial) of "YYYY-MM-DD".
  function dateSerial(iso) {
    const [year, month, day] = iso.split("-").map(Number);
    return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86400000);
  }

  const STYLES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + `<styleSheet xmlns="${MAIN}">`
    + '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    + '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    + '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    + '<fills count="4"><fill><patternFill patternType="none"/></fill>'
    + '<fill><patternFill patternType="gray125"/></fill>'
    + '<fill><patternFill patternType="solid"><fgColor rgb="FFDDE7E4"/><bgColor indexed="64"/></patternFill></fill>'
    + '<fill><patternFill patternType="solid"><fgColor rgb="FFFFF8E1"/><bgColor indexed="64"/></patternFill></fill></fills>'
    + '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    + '<border><left style="thin"><color rgb="FFA0A0A0"/></left><right style="thin"><color rgb="FFA0A0A0"/></right>'
    + '<top style="thin"><color rgb="FFA0A0A0"/></top><bottom style="thin"><color rgb="FFA0A0A0"/></bottom><diagonal/></border></borders>'
    + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    + '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    + '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
    + '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    + '<xf numFmtId="0" fontId="0" fillId="3" borderId="1" xfId="0" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    + '<xf numFmtId="164" fontId="0" fillId="3" borderId="1" xfId="0" applyNumberFormat="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf>'
    + '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    + "</styleSheet>";

  /* A workbook of one sheet: {sheet: name, language: "en", columns: [{title,
     width, fillIn, date}], rows: [[text or "YYYY-MM-DD" in a date column]],
     choices: {column index: [words]}} -> the XLSX file's bytes. Text is
     written as text (inline strings), never as a formula. */
  function writeWorkbook(book) {
    const name = String(book.sheet || "Sheet1").replace(/[\[\]:*?/\\]/g, " ").trim().slice(0, 31) || "Sheet1";
    const last = book.rows.length + 1;
    const cols = book.columns.map((column, index) =>
      `<col min="${index + 1}" max="${index + 1}" width="${Number(column.width) || 12}" customWidth="1"/>`).join("");
    const cell = (value, row, index, style) => {
      const ref = columnName(index) + row;
      if (value === null || value === undefined || value === "") return `<c r="${ref}" s="${style}"/>`;
      const column = book.columns[index];
      if (row > 1 && column.date && /^\d{4}-\d{2}-\d{2}$/.test(String(value))) {
        return `<c r="${ref}" s="4"><v>${dateSerial(String(value))}</v></c>`;
      }
      return `<c r="${ref}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${xml(value)}</t></is></c>`;
    };
    const lines = [`<row r="1">${book.columns.map((column, index) => cell(column.title, 1, index, 1)).join("")}</row>`];
    book.rows.forEach((values, at) => {
      const row = at + 2;
      lines.push(`<row r="${row}">${book.columns.map((column, index) =>
        cell(values[index], row, index, column.fillIn ? 3 : 2)).join("")}</row>`);
    });
    const validations = Object.keys(book.choices || {}).map((index) => {
      const letter = columnName(Number(index));
      const words = book.choices[index].map((word) => String(word).replace(/"/g, '""')).join(",");
      return `<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="${letter}2:${letter}${Math.max(last, 2)}">`
        + `<formula1>${xml('"' + words + '"')}</formula1></dataValidation>`;
    });
    const sheet = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + `<worksheet xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}">`
      + '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
      + '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
      + '<sheetFormatPr defaultRowHeight="15"/>'
      + `<cols>${cols}</cols><sheetData>${lines.join("")}</sheetData>`
      + (validations.length ? `<dataValidations count="${validations.length}">${validations.join("")}</dataValidations>` : "")
      + '<pageMargins left="0.5" right="0.5" top="0.7" bottom="0.7" header="0.3" footer="0.3"/>'
      + '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
      + "</worksheet>";
    const workbook = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + `<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><bookViews><workbookView/></bookViews>`
      + `<sheets><sheet name="${xml(name)}" sheetId="1" r:id="rId1"/></sheets>`
      + `<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'${xml(name.replace(/'/g, "''"))}'!$1:$1</definedName></definedNames>`
      + "</workbook>";
    const language = book.language ? `<dc:language>${xml(book.language)}</dc:language>` : "";
    return zip([
      ["[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        + '<Default Extension="xml" ContentType="application/xml"/>'
        + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        + "</Types>"],
      ["_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + `<Relationships xmlns="${PACKAGE}">`
        + `<Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>`
        + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        + "</Relationships>"],
      ["docProps/core.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        + 'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        + `<dc:title>${xml(book.title || name)}</dc:title>${language}</cp:coreProperties>`],
      ["xl/workbook.xml", workbook],
      ["xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + `<Relationships xmlns="${PACKAGE}">`
        + `<Relationship Id="rId1" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>`
        + `<Relationship Id="rId2" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/>`
        + "</Relationships>"],
      ["xl/styles.xml", STYLES],
      ["xl/worksheets/sheet1.xml", sheet],
    ]);
  }

  /* CSV ------------------------------------------------------------------ */

  // Rows of a CSV text (RFC 4180) split at ``delimiter``; null if a quote is
  // left open. At most LIMITS.rows rows and LIMITS.columns cells a row.
  function readCsv(source, delimiter) {
    const rows = [];
    let row = [];
    let cell = "";
    let quoted = false;
    const push = () => {
      if (row.length < LIMITS.columns) row.push(cell.slice(0, LIMITS.cell));
      cell = "";
    };
    for (let i = 0; i < source.length && rows.length < LIMITS.rows; i += 1) {
      const c = source[i];
      if (quoted) {
        if (c === '"' && source[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else if (c === '"') {
          quoted = false;
        } else {
          cell += c;
        }
      } else if (c === '"' && cell === "") {
        quoted = true;
      } else if (c === delimiter) {
        push();
      } else if (c === "\r" || c === "\n") {
        if (c === "\r" && source[i + 1] === "\n") i += 1;
        push();
        rows.push(row);
        row = [];
      } else {
        cell += c;
      }
    }
    if (quoted) return null;
    if (cell !== "" || row.length) {
      push();
      rows.push(row);
    }
    return rows;
  }

  // A cell that a spreadsheet would run as a formula (spaces before it count
  // for nothing), or that starts with a tab or a carriage return, gets a
  // leading apostrophe, as the site's downloads do (hooks/exports/cells.py).
  const FORMULA = /^(?:[\t\r]|\s*[=+\-@])/;

  function guard(value) {
    const text = String(value === null || value === undefined ? "" : value);
    return FORMULA.test(text) ? "'" + text : text;
  }

  // The apostrophe ``guard`` added, taken off again.
  function unguard(text) {
    return text.replace(/^'(?=[\t\r]|\s*[=+\-@])/, "");
  }

  // CSV text, UTF-8 with a byte-order mark (for Excel), "\r\n" line ends.
  function writeCsv(rows) {
    const cell = (value) => {
      const text = guard(value);
      return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
    };
    return "\ufeff" + rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
  }

  window.SynSheets = {
    LIMITS: LIMITS,
    SheetError: SheetError,
    isZip: isZip,
    readWorkbook: readWorkbook,
    writeWorkbook: writeWorkbook,
    readCsv: readCsv,
    writeCsv: writeCsv,
    guard: guard,
    unguard: unguard,
  };
})();
