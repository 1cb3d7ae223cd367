/* The checklist of an option area's options for action (overrides/pages/_checklist.md
   and checklist_controls in _macros.md render it; this file brings it to life).

   Statuses and notes stay in this browser: localStorage, one key per option,
   "syn-checklist:v1:<item id>", so the Chinese and English pages share them.
   Nothing is sent anywhere: export makes a local file (Blob), import reads one.
   Text read from storage or from a file only ever reaches the page as a form
   value or textContent, never as HTML. On pages without a checklist this does
   nothing.

   The page holds its own area's options; the options of every area (for the
   overall progress, export and import) are in one file of the site, which the
   page preloads (link[data-checklist-index]) and this script fetches from the
   same origin. If that fails (no network, opened from disk), the checklist
   works for this area alone: the overall progress stays hidden and export and
   import cover this area's options.

   Entries under ids the text no longer has (an option renumbered or removed)
   are never dropped: the panel lists them as "no longer in the text" with
   their notes, export includes them and import takes them back, until the
   reader removes them. */
(function () {
  "use strict";

  const PREFIX = "syn-checklist:v1:";
  const MAX_FILE = 1024 * 1024;
  const MAX_NOTES = 2000;
  const MAX_LISTED = 5;
  const FORMAT = "cbd-xiii-24-checklist";
  const INDEX_WAIT = 10000; // ms: after that, the checklist starts with this area alone
  const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/; // the form of every id of the data
  const MAX_ID = 100;

  const lines = Array.from(document.querySelectorAll("[data-checklist-item]"));
  const panel = document.getElementById("syn-checklist");
  const areaNode = document.getElementById("syn-checklist-area");
  const stringsNode = document.getElementById("syn-checklist-strings");
  const indexLink = document.querySelector("link[data-checklist-index]");
  if (!lines.length || !panel || !areaNode || !stringsNode) return;

  let page, strings;
  try {
    page = JSON.parse(areaNode.textContent);
    strings = JSON.parse(stringsNode.textContent);
  } catch (error) {
    return;
  }
  if (!page || !Array.isArray(page.items) || !Array.isArray(page.statuses)) return;

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
    const areaOf = new Map();
    for (const area of Object.keys(index.areas)) {
      for (const [id, ref] of index.areas[area]) {
        refs.set(id, ref);
        areaOf.set(id, area);
      }
    }
    const allIds = Array.from(refs.keys());
    const areaIds = index.areas[index.area].map((pair) => pair[0]);

    function text(key, values) {
      return String(strings[key] || "").replace(/\{(\w+)\}/g, (whole, name) =>
        values && name in values ? String(values[name]) : whole);
    }

    /* Storage: localStorage if the browser allows it, else this page's memory. */

    const memory = new Map();
    let storage = null;
    try {
      storage = window.localStorage;
      storage.setItem(PREFIX + "probe", "1");
      storage.removeItem(PREFIX + "probe");
    } catch (error) {
      storage = null;
    }

    // Every id this browser holds an entry for.
    function storedIds() {
      const ids = [];
      if (!storage) return Array.from(memory.keys());
      try {
        for (let i = 0; i < storage.length; i += 1) {
          const key = storage.key(i);
          if (key && key.startsWith(PREFIX)) ids.push(key.slice(PREFIX.length));
        }
      } catch (error) {
        return [];
      }
      return ids.filter((id) => ID.test(id) && id.length <= MAX_ID);
    }

    // Ids with an entry that the text no longer has; known only with every area's ids.
    function orphanIds() {
      return complete ? storedIds().filter((id) => !refs.has(id)).sort() : [];
    }

    function storageOff() {
      const warning = panel.querySelector("[data-checklist-storage-off]");
      if (warning) warning.hidden = false;
    }

    function clean(value) {
      const entry = { status: statuses[0], notes: "" };
      if (value && typeof value === "object") {
        if (statuses.includes(value.status)) entry.status = value.status;
        if (typeof value.notes === "string") entry.notes = value.notes.slice(0, MAX_NOTES);
      }
      return entry;
    }

    function read(id) {
      let raw = null;
      if (storage) {
        try {
          raw = storage.getItem(PREFIX + id);
        } catch (error) {
          raw = null;
        }
      } else {
        raw = memory.get(id) || null;
      }
      if (!raw) return clean(null);
      try {
        return clean(JSON.parse(raw));
      } catch (error) {
        return clean(null);
      }
    }

    function write(id, entry) {
      const value = clean(entry);
      const empty = value.status === statuses[0] && value.notes === "";
      const raw = JSON.stringify(value);
      if (!storage) {
        if (empty) memory.delete(id);
        else memory.set(id, raw);
        return;
      }
      try {
        if (empty) storage.removeItem(PREFIX + id);
        else storage.setItem(PREFIX + id, raw);
      } catch (error) {
        storageOff();
      }
    }

    /* The page: one line per option, the progress, the messages. */

    function controls(line) {
      return {
        ui: line.querySelector("[data-checklist-ui]"),
        status: line.querySelector("select[data-checklist-status]"),
        notes: line.querySelector("textarea[data-checklist-notes]"),
      };
    }

    function showLine(line) {
      const entry = read(line.dataset.checklistItem);
      const { status, notes } = controls(line);
      status.value = entry.status;
      if (notes.value !== entry.notes && document.activeElement !== notes) notes.value = entry.notes;
      line.dataset.checklistStatus = entry.status;
    }

    function showProgress() {
      const scopes = complete ? [["area", areaIds], ["overall", allIds]] : [["area", areaIds]];
      for (const [scope, ids] of scopes) {
        const count = ids.filter((id) => settled.includes(read(id).status)).length;
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
        const entry = read(id);
        const item = document.createElement("li");
        item.dataset.checklistOrphan = id;
        const name = document.createElement("code");
        name.textContent = id;
        const state = document.createElement("span");
        state.className = "syn-checklist__orphan-status";
        state.textContent = statusWords.get(entry.status) || entry.status;
        item.append(name, " · ", state);
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
          write(id, null);
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
      const { ui, status, notes } = controls(line);
      return refs.has(line.dataset.checklistItem) && ui && status && notes;
    });
    if (!active.length) return;
    for (const option of controls(active[0]).status.options) {
      statusWords.set(option.value, option.textContent.trim());
    }

    for (const line of active) {
      const id = line.dataset.checklistItem;
      const { ui, status, notes } = controls(line);
      status.addEventListener("change", () => {
        write(id, { status: status.value, notes: notes.value });
        line.dataset.checklistStatus = status.value;
        showProgress();
      });
      notes.addEventListener("input", () => write(id, { status: status.value, notes: notes.value }));
      showLine(line);
      ui.hidden = false;
    }
    showProgress();
    showOrphans();
    if (!storage) storageOff();
    const overall = panel.querySelector("[data-checklist-overall]");
    if (overall) overall.hidden = !complete;
    panel.hidden = false;
    panel.dataset.checklistReady = complete ? "all" : "area";

    // Another tab of the site changed the checklist.
    window.addEventListener("storage", (event) => {
      if (event.key === null || event.key.startsWith(PREFIX)) {
        active.forEach(showLine);
        showProgress();
        showOrphans();
      }
    });

    /* Export: every option known (of every area, or this area's alone), as JSON or
       CSV, then the entries no longer in the text (their area and ref are empty). */

    function entries() {
      const known = allIds.map((id) => Object.assign(
        { id: id, area: areaOf.get(id), ref: refs.get(id) }, read(id)));
      const gone = orphanIds().map((id) => Object.assign({ id: id, area: "", ref: "" }, read(id)));
      return known.concat(gone);
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

    // A cell that a spreadsheet would run as a formula (spaces before it count
    // for nothing) gets a leading apostrophe; import takes it off again.
    const FORMULA = /^(?:[\t\r]|\s*[=+\-@])/;

    function csvCell(value) {
      let cell = String(value);
      if (FORMULA.test(cell)) cell = "'" + cell;
      return /[",\r\n]/.test(cell) ? '"' + cell.replace(/"/g, '""') + '"' : cell;
    }

    function exportFile(kind) {
      const date = new Date().toISOString();
      const name = `${FORMAT}-${date.slice(0, 10)}.${kind}`;
      if (kind === "json") {
        const body = { format: FORMAT, version: 1, exported: date, items: entries() };
        download(name, "application/json", JSON.stringify(body, null, 2) + "\n");
        return;
      }
      const rows = [[text("checklist.csv.id"), text("checklist.csv.ref"), text("checklist.status"),
        text("checklist.notes")]];
      for (const entry of entries()) {
        const ref = refs.has(entry.id) ? entry.ref : text("checklist.orphans.title");
        rows.push([entry.id, ref, entry.status, entry.notes]);
      }
      const csv = rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
      download(name, "text/csv;charset=utf-8", "\ufeff" + csv);
    }

    for (const button of panel.querySelectorAll("[data-checklist-export]")) {
      button.addEventListener("click", () => exportFile(button.dataset.checklistExport));
    }

    /* Import: a file made by export (JSON or CSV), checked row by row. */

    // Rows of a CSV text (RFC 4180); null if a quote is left open.
    function csvRows(source) {
      const rows = [];
      let row = [];
      let cell = "";
      let quoted = false;
      for (let i = 0; i < source.length; i += 1) {
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
        } else if (c === ",") {
          row.push(cell);
          cell = "";
        } else if (c === "\r" || c === "\n") {
          if (c === "\r" && source[i + 1] === "\n") i += 1;
          row.push(cell);
          rows.push(row);
          row = [];
          cell = "";
        } else {
          cell += c;
        }
      }
      if (quoted) return null;
      if (cell !== "" || row.length) {
        row.push(cell);
        rows.push(row);
      }
      return rows.filter((r) => r.some((value) => value.trim() !== ""));
    }

    function fromCsv(source) {
      const rows = csvRows(source);
      if (!rows || !rows.length || rows[0].length < 3) return null;
      if (!refs.has(rows[0][0].trim())) rows.shift(); // the header
      return rows.map((row) => ({
        id: row[0],
        status: row.length > 2 ? row[2] : "",
        notes: row.length > 3 ? row[3].replace(/^'(?=[\t\r]|\s*[=+\-@])/, "") : "",
      }));
    }

    function fromJson(source) {
      let data;
      try {
        data = JSON.parse(source);
      } catch (error) {
        return null;
      }
      const items = Array.isArray(data) ? data : data && typeof data === "object" ? data.items : null;
      if (!Array.isArray(items)) return null;
      return items.map((item) => (item && typeof item === "object" && !Array.isArray(item)
        ? { id: item.id, status: item.status, notes: item.notes } : null));
    }

    // The words of the statuses on this page also count, as a person may type them.
    const byLabel = new Map();
    for (const option of controls(active[0]).status.options) byLabel.set(option.textContent.trim(), option.value);

    function listed(values) {
      const shown = values.slice(0, MAX_LISTED).map((value) => {
        const one = String(value).replace(/\s+/g, " ");
        return one.length > 40 ? one.slice(0, 40) + "…" : one;
      });
      return shown.join(", ") + (values.length > MAX_LISTED ? ", …" : "");
    }

    function importRows(rows, fileName) {
      const accepted = new Map();
      const kept = new Map(); // entries under ids the text does not have: kept all the same
      const unknownIds = [];
      const unknownStatuses = [];
      let invalid = 0;
      for (const row of rows) {
        if (!row || typeof row.id !== "string") {
          invalid += 1;
          continue;
        }
        const id = row.id.trim();
        if (!refs.has(id) && !(ID.test(id) && id.length <= MAX_ID)) {
          unknownIds.push(id);
          continue;
        }
        const given = row.status === undefined || row.status === null ? "" : row.status;
        const notes = row.notes === undefined || row.notes === null ? "" : row.notes;
        if (typeof given !== "string" || typeof notes !== "string") {
          invalid += 1;
          continue;
        }
        const word = given.trim();
        const status = word === "" ? statuses[0] : statuses.includes(word) ? word : byLabel.get(word);
        if (!status) {
          unknownStatuses.push(word);
          continue;
        }
        (refs.has(id) ? accepted : kept).set(id, { status: status, notes: notes.slice(0, MAX_NOTES) });
      }
      for (const [id, entry] of accepted) write(id, entry);
      for (const [id, entry] of kept) write(id, entry);
      active.forEach(showLine);
      showProgress();
      showOrphans();
      const parts = [text("checklist.import.done", { count: accepted.size, file: fileName })];
      if (kept.size) {
        parts.push(text("checklist.import.kept",
          { count: kept.size, list: listed(Array.from(kept.keys())) }));
      }
      if (unknownIds.length) {
        parts.push(text("checklist.import.unknown-ids",
          { count: unknownIds.length, list: listed(unknownIds) }));
      }
      if (unknownStatuses.length) {
        parts.push(text("checklist.import.unknown-statuses",
          { count: unknownStatuses.length, list: listed(unknownStatuses) }));
      }
      if (invalid) parts.push(text("checklist.import.invalid-rows", { count: invalid }));
      say(parts.join(" "));
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
        file.text().then((source) => {
          const body = source.replace(/^\ufeff/, "");
          const start = body.trimStart().charAt(0);
          const rows = start === "{" || start === "[" ? fromJson(body) : fromCsv(body);
          if (rows) importRows(rows, fileName);
          else say(text("checklist.import.invalid", { file: fileName }));
        }, () => say(text("checklist.import.invalid", { file: fileName })));
      });
    }
  }
})();
