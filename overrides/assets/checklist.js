/* The checklist of an option area's options for action (overrides/pages/_checklist.md
   and checklist_controls in _macros.md render it; this file brings it to life).

   Status, lead agency, target date and notes stay in this browser
   (entries.js: localStorage, one key per option, shared by the Chinese and
   English pages). Nothing is sent anywhere: export makes a local file (Blob),
   import reads one. Text read from storage or from a file only ever reaches
   the page as a form value or textContent, never as HTML. On pages without a
   checklist this does nothing.

   One format: the checklist a focal point downloads (XLSX or CSV, in either
   language; hooks/exports/rows.py) imports as it is once filled in with
   Excel, LibreOffice or WPS, and export writes the same columns, in XLSX or
   CSV (sheets.js reads and writes both). A file's rows are matched by item
   id, else by paragraph reference; its columns by their headers in any
   language of the site; statuses by their words in any language; dates as a
   spreadsheet stores them (a date serial, ISO text, or a date as a
   spreadsheet writes it). Files exported as JSON by earlier versions of
   this page import too.

   The page holds its own area's options; the options of every area (for the
   overall progress, export and import) are in one file of the site, which the
   page preloads (link[data-checklist-index]) and this script fetches from the
   same origin. If that fails (no network, opened from disk), the checklist
   works for this area alone: the overall progress stays hidden and export and
   import cover this area's options.

   Entries under ids the text no longer has (an option renumbered or removed)
   are never dropped: the panel lists them as "no longer in the text" with
   their notes, export includes them and import takes them back, until the
   reader removes them. A row of a file whose item id the text does not have,
   or (without an id) whose paragraph reference it does not have, is kept so. */
(function () {
  "use strict";

  const MAX_FILE = 1024 * 1024;
  const MAX_LISTED = 5;
  const INDEX_WAIT = 10000; // ms: after that, the checklist starts with this area alone
  const HEADER_ROWS = 30; // rows of a sheet looked through for the header row
  const ENCODINGS = ["utf-8", "gb18030", "windows-1252"]; // of a CSV file, tried in order
  const DELIMITERS = [",", ";", "\t"];

  const lines = Array.from(document.querySelectorAll("[data-checklist-item]"));
  const panel = document.getElementById("syn-checklist");
  const areaNode = document.getElementById("syn-checklist-area");
  const stringsNode = document.getElementById("syn-checklist-strings");
  const formatNode = document.getElementById("syn-checklist-format");
  const indexLink = document.querySelector("link[data-checklist-index]");
  const Entries = window.SynEntries;
  const Sheets = window.SynSheets;
  if (!lines.length || !panel || !areaNode || !stringsNode || !formatNode || !Entries || !Sheets) return;

  let page, strings, format;
  try {
    page = JSON.parse(areaNode.textContent);
    strings = JSON.parse(stringsNode.textContent);
    format = JSON.parse(formatNode.textContent);
  } catch (error) {
    return;
  }
  if (!page || !Array.isArray(page.items) || !Array.isArray(page.statuses)) return;
  if (!format || !Array.isArray(format.columns) || !format.statuses) return;

  // [[id, ref], ...] with only well-formed pairs.
  function pairs(list) {
    return Array.isArray(list) ? list.filter((pair) => Array.isArray(pair) && pair.length === 2
      && typeof pair[0] === "string" && typeof pair[1] === "string") : [];
  }

  // {area id: [[id, ref], ...]} from the fetched index, or null if it is not one.
  function readIndex(data) {
    const areas = data && typeof data === "object" ? data.areas : null;
    if (!areas || typeof areas !== "object" || Array.isArray(areas)) return null;
    const clean = {};
    for (const area of Object.keys(areas)) clean[area] = pairs(areas[area]);
    return clean;
  }

  // The index of every area, or null if it cannot be had in time.
  function fetchIndex() {
    if (!indexLink || !indexLink.href || typeof window.fetch !== "function") {
      return Promise.resolve(null);
    }
    return new Promise((resolve) => {
      const timer = window.setTimeout(() => resolve(null), INDEX_WAIT);
      const done = (value) => {
        window.clearTimeout(timer);
        resolve(value);
      };
      // the request the page preloaded (same URL and credentials): the browser reuses it
      window.fetch(indexLink.href, { credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : null))
        .then((data) => done(readIndex(data)), () => done(null));
    });
  }

  // What a cell or a header says, compared: spaces collapsed, case folded.
  function norm(value) {
    return String(value).replace(/\s+/g, " ").trim().toLowerCase();
  }

  // A paragraph reference compared: without spaces, case folded.
  function normRef(value) {
    return String(value).replace(/\s+/g, "").toLowerCase();
  }

  fetchIndex().then(start);

  function start(all) {
    // This page's own options count whatever the index says (it may be older or newer).
    const index = {
      area: page.area,
      statuses: page.statuses,
      settled: Array.isArray(page.settled) ? page.settled : [],
      areas: Object.assign({}, all || {}, { [page.area]: pairs(page.items) }),
    };
    const complete = all !== null;

    const statuses = index.statuses;
    const settled = index.settled;
    const refs = new Map(); // item id -> paragraph reference, every area known
    const byRef = new Map(); // paragraph reference (normRef) -> item id
    const areaOf = new Map();
    for (const area of Object.keys(index.areas)) {
      for (const [id, ref] of index.areas[area]) {
        refs.set(id, ref);
        byRef.set(normRef(ref), id);
        areaOf.set(id, area);
      }
    }
    const allIds = Array.from(refs.keys());
    const areaIds = index.areas[index.area].map((pair) => pair[0]);
    const store = Entries.open(statuses);

    function text(key, values) {
      return String(strings[key] || "").replace(/\{(\w+)\}/g, (whole, name) =>
        values && name in values ? String(values[name]) : whole);
    }

    // Ids with an entry that the text no longer has; known only with every area's ids.
    function orphanIds() {
      return complete ? store.ids().filter((id) => !refs.has(id)).sort() : [];
    }

    function storageOff() {
      const warning = panel.querySelector("[data-checklist-storage-off]");
      if (warning) warning.hidden = false;
    }
    store.onRefused(storageOff);

    /* The page: one line per option, the progress, the messages. */

    function controls(line) {
      return {
        ui: line.querySelector("[data-checklist-ui]"),
        status: line.querySelector("select[data-checklist-status]"),
        lead: line.querySelector("input[data-checklist-lead]"),
        date: line.querySelector("input[data-checklist-date]"),
        notes: line.querySelector("textarea[data-checklist-notes]"),
      };
    }

    // A field shows the stored value, unless the reader is typing in it.
    function showValue(field, value) {
      if (field.value !== value && document.activeElement !== field) field.value = value;
    }

    function showLine(line) {
      const entry = store.read(line.dataset.checklistItem);
      const { status, lead, date, notes } = controls(line);
      status.value = entry.status;
      showValue(lead, entry.lead);
      showValue(date, entry.date);
      showValue(notes, entry.notes);
      line.dataset.checklistStatus = entry.status;
    }

    function showProgress() {
      const scopes = complete ? [["area", areaIds], ["overall", allIds]] : [["area", areaIds]];
      for (const [scope, ids] of scopes) {
        const count = ids.filter((id) => settled.includes(store.read(id).status)).length;
        const words = text("checklist.progress." + scope, { settled: count, total: ids.length });
        const label = panel.querySelector(`[data-checklist-progress="${scope}"]`);
        const bar = panel.querySelector(`[data-checklist-bar="${scope}"]`);
        if (label && label.textContent !== words) label.textContent = words;
        if (bar) {
          bar.max = ids.length;
          bar.value = count;
        }
      }
    }

    // The words of each status, as the page shows them.
    const statusWords = new Map();

    function showOrphans() {
      const box = panel.querySelector("[data-checklist-orphans]");
      const list = panel.querySelector("[data-checklist-orphan-list]");
      if (!box || !list) return;
      const ids = orphanIds();
      list.replaceChildren();
      for (const id of ids) {
        const entry = store.read(id);
        const item = document.createElement("li");
        item.dataset.checklistOrphan = id;
        const name = document.createElement("code");
        name.textContent = id;
        item.append(name);
        if (entry.ref) item.append(" · ", entry.ref);
        const state = document.createElement("span");
        state.className = "syn-checklist__orphan-status";
        state.textContent = statusWords.get(entry.status) || entry.status;
        item.append(" · ", state);
        for (const value of [entry.lead, entry.date]) {
          if (value) item.append(" · ", value);
        }
        if (entry.notes) {
          const notes = document.createElement("span");
          notes.className = "syn-checklist__orphan-notes";
          notes.textContent = entry.notes;
          item.append(" · ", notes);
        }
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "md-button syn-checklist__orphan-remove";
        remove.textContent = text("checklist.orphans.remove");
        remove.setAttribute("aria-label", text("checklist.orphans.remove-label", { id: id }));
        remove.addEventListener("click", () => {
          store.write(id, null);
          showOrphans();
        });
        item.append(" ", remove);
        list.append(item);
      }
      box.hidden = ids.length === 0;
    }

    function say(message) {
      const region = panel.querySelector("[data-checklist-message]");
      if (region) region.textContent = message;
    }

    const active = lines.filter((line) => {
      const { ui, status, lead, date, notes } = controls(line);
      return refs.has(line.dataset.checklistItem) && ui && status && lead && date && notes;
    });
    if (!active.length) return;
    for (const option of controls(active[0]).status.options) {
      statusWords.set(option.value, option.textContent.trim());
    }

    for (const line of active) {
      const id = line.dataset.checklistItem;
      const { ui, status, lead, date, notes } = controls(line);
      const save = () => {
        const previous = store.read(id);
        store.write(id, {
          status: status.value,
          lead: lead.value,
          // a date being typed is kept once it is one
          date: date.value === "" || Entries.isDate(date.value) ? date.value : previous.date,
          notes: notes.value,
          ref: previous.ref,
        });
      };
      status.addEventListener("change", () => {
        save();
        line.dataset.checklistStatus = status.value;
        showProgress();
      });
      for (const field of [lead, date, notes]) field.addEventListener("input", save);
      date.addEventListener("change", save);
      showLine(line);
      ui.hidden = false;
    }
    showProgress();
    showOrphans();
    if (!store.kept) storageOff();
    const overall = panel.querySelector("[data-checklist-overall]");
    if (overall) overall.hidden = !complete;
    panel.hidden = false;
    panel.dataset.checklistReady = complete ? "all" : "area";

    function refresh() {
      active.forEach(showLine);
      showProgress();
      showOrphans();
    }

    // Another tab of the site changed the checklist.
    window.addEventListener("storage", (event) => {
      if (event.key === null || event.key.startsWith(Entries.PREFIX)) refresh();
    });

    /* Export: the checklist of the whole annex in the download's columns
       (the table of this language, fetched now), with what the reader
       recorded; then the entries no longer in the text. Without the table
       (no network), the same columns with the texts left empty. */

    const columnsByKey = new Map(format.columns.map((column) => [column.key, column]));

    function fetchTable() {
      if (!format.table || typeof window.fetch !== "function") return Promise.resolve(null);
      return window.fetch(format.table, { credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : null))
        .then((data) => {
          const columns = data && Array.isArray(data.columns) ? pairs(data.columns) : [];
          const rows = data && Array.isArray(data.rows) ? data.rows.filter(Array.isArray) : [];
          if (!columns.length || !columns.some((column) => column[0] === "id")) return null;
          return { columns: columns.map(([key, title]) => ({ key: key, title: title })), rows: rows };
        }, () => null);
    }

    // The reader's value of a column that the reader fills in; null for the others.
    function recorded(entry, key) {
      if (key === "status") return statusWords.get(entry.status) || entry.status;
      if (key === "lead_agency") return entry.lead;
      if (key === "target_date") return entry.date;
      if (key === "notes") return entry.notes;
      return null;
    }

    function exportTable(table) {
      const columns = table ? table.columns
        : format.columns.map((column) => ({ key: column.key, title: column.title }));
      const at = (key) => columns.findIndex((column) => column.key === key);
      const idAt = at("id");
      const rows = [];
      const done = new Set();
      const row = (id, cells) => columns.map((column, index) => {
        const own = recorded(store.read(id), column.key);
        if (own !== null) return own;
        const value = cells[index];
        return value === null || value === undefined ? "" : String(value);
      });
      for (const cells of table ? table.rows : []) {
        const id = cells[idAt];
        if (typeof id !== "string" || !refs.has(id) || done.has(id)) continue;
        done.add(id);
        rows.push(row(id, cells));
      }
      const blank = (id, ref, label) => columns.map((column) =>
        column.key === "id" ? id : column.key === "ref" ? ref
          : column.key === (at("area") >= 0 ? "area" : "option") ? label : "");
      for (const id of allIds) {
        if (!done.has(id)) rows.push(row(id, blank(id, refs.get(id), "")));
      }
      for (const id of orphanIds()) {
        rows.push(row(id, blank(id, store.read(id).ref || "", text("checklist.orphans.title"))));
      }
      return { columns: columns, rows: rows };
    }

    function download(name, type, content) {
      const url = URL.createObjectURL(new Blob([content], { type: type }));
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10000);
    }

    function today() {
      const now = new Date();
      return [now.getFullYear(), now.getMonth() + 1, now.getDate()]
        .map((part, i) => String(part).padStart(i ? 2 : 4, "0")).join("-");
    }

    function exportFile(kind) {
      return fetchTable().then((table) => {
        const { columns, rows } = exportTable(table);
        const name = `${format.file || "checklist"}-${today()}.${kind}`;
        if (kind === "csv") {
          const csv = Sheets.writeCsv([columns.map((column) => column.title)].concat(rows));
          download(name, "text/csv;charset=utf-8", csv);
          return;
        }
        const statusAt = columns.findIndex((column) => column.key === "status");
        const choices = {};
        if (statusAt >= 0) choices[statusAt] = statuses.map((status) => statusWords.get(status) || status);
        const book = Sheets.writeWorkbook({
          sheet: format.sheet,
          title: format.sheet,
          language: format.language,
          columns: columns.map((column) => {
            const known = columnsByKey.get(column.key) || {};
            return { title: column.title, width: known.width, fillIn: Boolean(known.fill_in),
              date: column.key === "target_date" };
          }),
          rows: rows.map((cells) => cells.map(Sheets.guard)),
          choices: choices,
        });
        download(name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", book);
      });
    }

    for (const button of panel.querySelectorAll("[data-checklist-export]")) {
      button.addEventListener("click", () => exportFile(button.dataset.checklistExport));
    }

    /* Import: a checklist file (XLSX, CSV or JSON), checked row by row. */

    const headers = new Map(); // a column's header in any language -> its key
    for (const column of format.columns) {
      for (const word of Array.isArray(column.words) ? column.words : []) {
        if (typeof word === "string" && !headers.has(norm(word))) headers.set(norm(word), column.key);
      }
    }
    // A status by its key, its words in every language, or the words this page shows.
    const statusByWord = new Map();
    for (const status of statuses) {
      statusByWord.set(norm(status), status);
      for (const word of Array.isArray(format.statuses[status]) ? format.statuses[status] : []) {
        if (typeof word === "string") statusByWord.set(norm(word), status);
      }
    }
    for (const [status, word] of statusWords) statusByWord.set(norm(word), status);

    // The header row of a sheet: its index and the column of each key it names.
    function findHeader(rows) {
      for (let r = 0; r < Math.min(rows.length, HEADER_ROWS); r += 1) {
        const at = {};
        (rows[r] || []).forEach((cell, column) => {
          const key = typeof cell === "string" ? headers.get(norm(cell)) : undefined;
          if (key && !(key in at)) at[key] = column;
        });
        if ("status" in at && ("id" in at || "ref" in at)) return { row: r, at: at };
      }
      return null;
    }

    // The rows of a sheet under its header, as {id, ref, status, lead, date, notes}.
    function records(rows, header) {
      const found = [];
      for (let r = header.row + 1; r < rows.length; r += 1) {
        const row = rows[r] || [];
        const get = (key) => (key in header.at ? row[header.at[key]] : null);
        const record = { id: get("id"), ref: get("ref"), status: get("status"),
          lead: get("lead_agency"), date: get("target_date"), notes: get("notes") };
        if (Object.values(record).some((value) => value !== null && value !== undefined
          && String(value).trim() !== "")) found.push(record);
      }
      return found;
    }

    // A date written day/month/year or month/day/year, such as "30/06/2025".
    const NUMERIC_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$/;

    // Whether the file writes its dates day first ("dmy"), month first ("mdy"),
    // or cannot be told (null): a date such as 30/06 tells, 06/07 does not.
    function dateOrder(rows) {
      let dayFirst = false;
      let monthFirst = false;
      for (const row of rows) {
        const match = row && typeof row.date === "string" ? NUMERIC_DATE.exec(row.date.trim()) : null;
        if (match && Number(match[1]) > 12) dayFirst = true;
        if (match && Number(match[2]) > 12) monthFirst = true;
      }
      return dayFirst === monthFirst ? null : dayFirst ? "dmy" : "mdy";
    }

    // The day a cell gives: "YYYY-MM-DD", "" for none, null if it is not one.
    // A number is a spreadsheet's date serial (days from 1899-12-30, or from
    // 1904-01-01 in a workbook that counts so); text is ISO (a time after it
    // left out), year/month/day, or day/month/year and month/day/year where
    // only one reading makes a day, or where the file's other dates tell
    // which (``order``).
    function parseDate(value, date1904, order) {
      if (value === null || value === undefined) return "";
      if (typeof value === "number") return fromSerial(value, date1904);
      const text = String(value).trim();
      if (!text) return "";
      const day = (year, month, date) => (Entries.isDay(year, month, date)
        ? [String(year).padStart(4, "0"), String(month).padStart(2, "0"), String(date).padStart(2, "0")].join("-")
        : null);
      let match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
      if (match) return day(Number(match[1]), Number(match[2]), Number(match[3]));
      match = NUMERIC_DATE.exec(text);
      if (match) {
        const a = Number(match[1]);
        const b = Number(match[2]);
        const year = Number(match[3]) + (match[3].length === 2 ? 2000 : 0);
        if ((a > 12 && b <= 12) || (order === "dmy" && b <= 12)) return day(year, b, a);
        if ((b > 12 && a <= 12) || (order === "mdy" && a <= 12)) return day(year, a, b);
        return a === b ? day(year, a, b) : null;
      }
      if (/^\d{5}(?:\.\d+)?$/.test(text)) return fromSerial(Number(text), date1904);
      return null;
    }

    function fromSerial(serial, date1904) {
      if (!(serial >= 1 && serial < 2958466)) return null;
      const base = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
      const iso = new Date(base + Math.floor(serial) * 86400000).toISOString().slice(0, 10);
      return Entries.isDate(iso) ? iso : null;
    }

    // A cell's text; undefined for what no cell holds (an object in a JSON file).
    function textOf(value) {
      if (value === null || value === undefined) return "";
      if (typeof value === "string") return value;
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      return undefined;
    }

    // The key that keeps a row without an id whose reference the text does not have.
    function refKey(ref) {
      const key = "ref-" + ref.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
      return Entries.isId(key) && key !== "ref-" ? key : null;
    }

    function listed(values) {
      const shown = values.slice(0, MAX_LISTED).map((value) => {
        const one = String(value).replace(/\s+/g, " ");
        return one.length > 40 ? one.slice(0, 40) + "…" : one;
      });
      return shown.join(", ") + (values.length > MAX_LISTED ? ", …" : "");
    }

    function importRecords(rows, fileName, date1904) {
      const accepted = new Map();
      const kept = new Map(); // entries under ids the text does not have: kept all the same
      const unknownIds = [];
      const unknownStatuses = [];
      const moved = [];
      const dates = [];
      let invalid = 0;
      const order = dateOrder(rows);
      for (const row of rows) {
        if (!row || typeof row !== "object" || Array.isArray(row)) {
          invalid += 1;
          continue;
        }
        const values = [row.id, row.ref, row.status, row.lead, row.notes].map(textOf);
        if (values.includes(undefined) || !(row.date === undefined || textOf(row.date) !== undefined)) {
          invalid += 1;
          continue;
        }
        const [id, ref, word, lead, notes] = values.map((value, i) => (i < 4 ? value.trim() : value));
        let target = null;
        let orphan = false;
        if (id) {
          if (refs.has(id)) {
            target = id;
            if (ref && normRef(ref) !== normRef(refs.get(id))) moved.push(`${id} ${ref} → ${refs.get(id)}`);
          } else if (Entries.isId(id)) {
            target = id;
            orphan = true;
          } else {
            unknownIds.push(id);
            continue;
          }
        } else if (ref) {
          target = byRef.get(normRef(ref)) || null;
          if (!target && complete) {
            target = refKey(ref);
            orphan = true;
          }
          if (!target) {
            unknownIds.push(ref);
            continue;
          }
        } else {
          invalid += 1;
          continue;
        }
        const status = word === "" ? statuses[0] : statusByWord.get(norm(word));
        if (!status) {
          unknownStatuses.push(word);
          continue;
        }
        let date = parseDate(row.date, date1904, order);
        if (date === null) {
          dates.push(`${ref || id} ${textOf(row.date).trim()}`);
          date = (accepted.get(target) || kept.get(target) || store.read(target)).date;
        }
        const entry = {
          status: status,
          lead: Sheets.unguard(lead).slice(0, Entries.LIMITS.lead),
          date: date,
          notes: Sheets.unguard(notes).slice(0, Entries.LIMITS.notes),
        };
        if (orphan && ref) entry.ref = ref;
        (orphan ? kept : accepted).set(target, entry);
      }
      for (const [id, entry] of accepted) store.write(id, entry);
      for (const [id, entry] of kept) store.write(id, entry);
      refresh();
      const parts = [text("checklist.import.done", { count: accepted.size, file: fileName })];
      const add = (key, list) => {
        if (list.length) parts.push(text(key, { count: list.length, list: listed(list) }));
      };
      add("checklist.import.kept", Array.from(kept.keys()));
      add("checklist.import.moved", moved);
      add("checklist.import.unknown-ids", unknownIds);
      add("checklist.import.unknown-statuses", unknownStatuses);
      add("checklist.import.dates", dates);
      if (invalid) parts.push(text("checklist.import.invalid-rows", { count: invalid }));
      say(parts.join(" "));
    }

    // The rows of a JSON file exported by earlier versions of this page.
    function fromJson(source) {
      let data;
      try {
        data = JSON.parse(source);
      } catch (error) {
        return null;
      }
      const items = Array.isArray(data) ? data : data && typeof data === "object" ? data.items : null;
      if (!Array.isArray(items)) return null;
      return items.slice(0, Sheets.LIMITS.rows).map((item) => (item && typeof item === "object"
        && !Array.isArray(item) ? { id: item.id, ref: null, status: item.status,
          lead: item.lead, date: item.date, notes: item.notes } : null));
    }

    // What a file holds: {rows} to import, or {error: the key of the message}.
    async function readFile(file) {
      const buffer = await file.arrayBuffer();
      if (Sheets.isZip(buffer)) {
        let book;
        try {
          book = await Sheets.readWorkbook(buffer);
        } catch (error) {
          return { error: error && error.message === "unsupported"
            ? "checklist.import.unsupported" : "checklist.import.invalid" };
        }
        for (const sheet of book.sheets) {
          const header = findHeader(sheet.rows);
          if (header) return { rows: records(sheet.rows, header), date1904: book.date1904 };
        }
        return { error: "checklist.import.no-table" };
      }
      const bytes = new Uint8Array(buffer);
      let readable = false;
      for (const encoding of ENCODINGS) {
        let source;
        try {
          source = new TextDecoder(encoding, { fatal: true }).decode(bytes).replace(/^\ufeff/, "");
        } catch (error) {
          continue;
        }
        if (!readable) {
          const first = source.trimStart().charAt(0);
          if (first === "{" || first === "[") {
            const rows = fromJson(source);
            return rows ? { rows: rows } : { error: "checklist.import.invalid" };
          }
        }
        readable = true;
        for (const delimiter of DELIMITERS) {
          const rows = Sheets.readCsv(source, delimiter);
          const header = rows && findHeader(rows);
          if (header) return { rows: records(rows, header) };
        }
      }
      return { error: readable ? "checklist.import.no-table" : "checklist.import.invalid" };
    }

    const input = panel.querySelector("input[data-checklist-import]");
    if (input) {
      input.addEventListener("change", () => {
        const file = input.files && input.files[0];
        if (!file) return;
        const fileName = file.name.slice(0, 80);
        input.value = ""; // the same file may be chosen again
        if (file.size > MAX_FILE) {
          say(text("checklist.import.too-large", { file: fileName }));
          return;
        }
        readFile(file).then((read) => {
          if (read.error) say(text(read.error, { file: fileName }));
          else importRecords(read.rows, fileName, Boolean(read.date1904));
        }, () => say(text("checklist.import.invalid", { file: fileName })));
      });
    }
  }
})();
