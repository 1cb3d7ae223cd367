/* The key-actions table of Annex II (overrides/pages/key-actions.md renders it;
   this file brings it to life): filters by area, lead organization, convention
   and priority, a text filter, sortable columns and a CSV of the rows shown.

   Without JavaScript the page is a complete plain table and the filters stay
   hidden. The filters and the order are kept in the page's address (query
   string), so a filtered view can be bookmarked or shared. Nothing is sent
   anywhere: the CSV is made in the browser (Blob). Text from the page reaches
   the page again only as textContent, never as HTML. On pages without
   [data-roadmap-table] this does nothing. */
(function () {
  "use strict";

  const table = document.querySelector("table[data-roadmap-table]");
  const panel = document.querySelector("[data-roadmap-filter]");
  const configNode = document.getElementById("syn-roadmap-config");
  if (!table || !panel || !configNode || !table.tBodies.length) return;

  let config;
  try {
    config = JSON.parse(configNode.textContent);
  } catch (error) {
    return;
  }
  const strings = config.strings || {};
  const csvHeader = Array.isArray(config.csv) ? config.csv : [];
  const fileName = typeof config.file === "string" ? config.file : "key-actions-filtered.csv";

  const lang = document.documentElement.lang || "en";
  const CELLS = ["timing", "lead", "cbd_mandate", "other_mandate", "origin"];
  const NONE = "-none-"; // convention filter: rows that name no convention
  const MAX_TEXT = 200;
  const body = table.tBodies[0];
  const original = Array.from(body.rows); // the order of the document
  const collator = new Intl.Collator(lang, { numeric: true, sensitivity: "base" });

  function text(key, values) {
    return String(strings[key] || "").replace(/\{(\w+)\}/g, (whole, name) =>
      values && name in values ? String(values[name]) : whole);
  }

  // The words of a cell as a reader sees them, without footnote numbers,
  // words added for screen readers only, the priority mark or the list of
  // conventions; a note that the source breaks off comes in brackets (as in
  // the downloads).
  function clean(node) {
    if (!node) return "";
    const copy = node.cloneNode(true);
    copy.querySelectorAll(".syn-fnref, .syn-sr, [data-roadmap-skip]").forEach((n) => n.remove());
    copy.querySelectorAll(".syn-truncated").forEach((n) => {
      n.textContent = " [" + n.textContent.trim() + "]";
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function words(value) {
    return String(value || "").split(/\s+/).filter(Boolean);
  }

  const groupRows = new Map(); // group id -> its header row
  const activityRows = new Map(); // activity id -> its header row
  for (const tr of original) {
    if (tr.dataset.roadmapGroup) groupRows.set(tr.dataset.roadmapGroup, tr);
    if (tr.dataset.roadmapActivity) activityRows.set(tr.dataset.roadmapActivity, tr);
  }
  const headerRows = original.filter((tr) => !tr.hasAttribute("data-roadmap-row"));

  const rows = original.filter((tr) => tr.hasAttribute("data-roadmap-row")).map((tr, index) => {
    const cell = (key) => tr.querySelector(`[data-roadmap-cell="${key}"]`);
    const groupRow = groupRows.get(tr.dataset.group);
    const activityRow = activityRows.get(tr.dataset.activity);
    const values = { ref: clean(cell("ref")), key_action: clean(cell("key_action")) };
    for (const key of CELLS) values[key] = clean(cell(key));
    const area = groupRow ? clean(groupRow.cells[0]) : "";
    const activity = activityRow ? clean(activityRow.cells[0]) : "";
    const named = Array.from(tr.querySelectorAll(".syn-ka-conventions"), (n) => n.textContent);
    const search = [values.ref, values.key_action].concat(CELLS.map((key) => values[key]),
      [area, activity], named).join("\n").toLocaleLowerCase(lang);
    return {
      tr: tr,
      index: index,
      group: tr.dataset.group || "",
      activity: tr.dataset.activity || "",
      leads: words(tr.dataset.leads),
      conventions: words(tr.dataset.conventions),
      priority: tr.dataset.priority === "true",
      values: values,
      area: area,
      activity_text: activity,
      search: search,
    };
  });
  if (!rows.length) return;

  /* The controls. */

  const selects = {};
  for (const select of panel.querySelectorAll("select[data-roadmap-select]")) {
    selects[select.dataset.roadmapSelect] = select;
  }
  const textInput = panel.querySelector("input[data-roadmap-text]");
  const priorityInput = panel.querySelector("input[data-roadmap-priority]");
  const countNode = panel.querySelector("[data-roadmap-count]");
  const resetButton = panel.querySelector("[data-roadmap-reset]");
  const downloadButton = panel.querySelector("[data-roadmap-download]");

  // A filter that could only ever show nothing is not offered.
  if (priorityInput && !rows.some((row) => row.priority)) {
    priorityInput.checked = false;
    priorityInput.disabled = true;
  }

  /* Sorting: a button in each column header. The default order is the
     document's, which is the order of the reference column. */

  const DEFAULT_SORT = { key: "ref", dir: "ascending" };
  let sort = DEFAULT_SORT;
  const headers = new Map(); // column key -> { th, button, title }

  for (const th of table.querySelectorAll("thead th[data-roadmap-column]")) {
    const key = th.dataset.roadmapColumn;
    if (key !== "ref" && key !== "key_action" && !CELLS.includes(key)) continue;
    const titleNode = th.querySelector(".syn-col-title");
    const title = clean(titleNode || th);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "syn-sort";
    button.dataset.roadmapSort = key;
    const label = document.createElement("span");
    label.className = "syn-sort__title";
    label.textContent = title;
    const arrow = document.createElement("span");
    arrow.className = "syn-sort__arrow";
    arrow.setAttribute("aria-hidden", "true");
    button.append(label, arrow);
    if (titleNode) titleNode.replaceWith(button);
    else th.prepend(button);
    headers.set(key, { th: th, button: button, arrow: arrow, title: title });
    button.addEventListener("click", () => {
      if (sort.key !== key) sort = { key: key, dir: "ascending" };
      else if (key === "ref") sort = { key: key, dir: sort.dir === "ascending" ? "descending" : "ascending" };
      else if (sort.dir === "ascending") sort = { key: key, dir: "descending" };
      else sort = DEFAULT_SORT;
      arrange();
      update(true);
    });
  }

  function natural() {
    return sort.key === DEFAULT_SORT.key && sort.dir === DEFAULT_SORT.dir;
  }

  function arrange() {
    for (const [key, header] of headers) {
      if (key === sort.key) header.th.setAttribute("aria-sort", sort.dir);
      else header.th.removeAttribute("aria-sort");
      header.arrow.textContent = key === sort.key ? (sort.dir === "ascending" ? "▲" : "▼") : "↕";
    }
    if (natural()) {
      if (Array.from(body.rows).some((tr, i) => tr !== original[i])) body.append(...original);
      return;
    }
    const sign = sort.dir === "descending" ? -1 : 1;
    const sorted = rows.slice().sort((a, b) => {
      if (sort.key === "ref") return sign * (a.index - b.index);
      const x = a.values[sort.key];
      const y = b.values[sort.key];
      if (!x !== !y) return x ? -1 : 1; // empty cells last, either way
      return sign * collator.compare(x, y) || a.index - b.index;
    });
    // The area and activity rows are hidden in another order (the reference
    // column tells where each row belongs); they wait at the end.
    body.append(...sorted.map((row) => row.tr), ...headerRows);
  }

  /* Filtering. */

  function state() {
    return {
      group: selects.group ? selects.group.value : "",
      lead: selects.lead ? selects.lead.value : "",
      convention: selects.convention ? selects.convention.value : "",
      priority: Boolean(priorityInput && !priorityInput.disabled && priorityInput.checked),
      text: textInput ? textInput.value.slice(0, MAX_TEXT) : "",
    };
  }

  function matches(row, now, terms) {
    if (now.group && row.group !== now.group) return false;
    if (now.lead && !row.leads.includes(now.lead)) return false;
    if (now.convention === NONE) {
      if (row.conventions.length) return false;
    } else if (now.convention && !row.conventions.includes(now.convention)) {
      return false;
    }
    if (now.priority && !row.priority) return false;
    return terms.every((term) => row.search.includes(term));
  }

  let shown = rows.length;

  function filter() {
    const now = state();
    const terms = words(now.text.toLocaleLowerCase(lang));
    shown = 0;
    for (const row of rows) {
      const visible = matches(row, now, terms);
      row.tr.hidden = !visible;
      if (visible) shown += 1;
    }
    const inOrder = natural();
    for (const [id, tr] of groupRows) {
      tr.hidden = !inOrder || !rows.some((row) => row.group === id && !row.tr.hidden);
    }
    for (const [id, tr] of activityRows) {
      tr.hidden = !inOrder || !rows.some((row) => row.activity === id && !row.tr.hidden);
    }
    return now;
  }

  function message() {
    const parts = [text("roadmap.count", { shown: shown, total: rows.length })];
    if (!shown) parts.push(text("roadmap.count-none"));
    if (!natural() && headers.has(sort.key)) {
      parts.push(text("roadmap.sorted", {
        column: headers.get(sort.key).title,
        order: text("roadmap.sort." + sort.dir),
      }));
    }
    return parts.join(lang.startsWith("zh") ? "" : " ");
  }

  let pending = null;

  function announce() {
    window.clearTimeout(pending);
    pending = null;
    if (!countNode) return;
    const said = message();
    if (countNode.textContent !== said) countNode.textContent = said;
  }

  /* The address: ?area=&lead=&convention=&priority=1&text=&sort=&order= */

  const PARAMS = ["area", "lead", "convention", "priority", "text", "sort", "order"];

  function remember(now) {
    let url;
    try {
      url = new URL(window.location.href);
    } catch (error) {
      return;
    }
    for (const name of PARAMS) url.searchParams.delete(name);
    if (now.group) url.searchParams.set("area", now.group);
    if (now.lead) url.searchParams.set("lead", now.lead);
    if (now.convention) url.searchParams.set("convention", now.convention);
    if (now.priority) url.searchParams.set("priority", "1");
    if (now.text.trim()) url.searchParams.set("text", now.text);
    if (!natural()) {
      url.searchParams.set("sort", sort.key);
      url.searchParams.set("order", sort.dir === "descending" ? "desc" : "asc");
    }
    if (url.href !== window.location.href) {
      try {
        window.history.replaceState(window.history.state, "", url.href);
      } catch (error) {
        // a file:// page or a sandbox may refuse; the filters still work
      }
    }
  }

  function choose(select, value) {
    if (!select || value === null) return;
    if (Array.from(select.options).some((option) => option.value === value)) select.value = value;
  }

  function restore() {
    let params;
    try {
      params = new URL(window.location.href).searchParams;
    } catch (error) {
      return;
    }
    choose(selects.group, params.get("area"));
    choose(selects.lead, params.get("lead"));
    choose(selects.convention, params.get("convention"));
    if (priorityInput && !priorityInput.disabled) priorityInput.checked = params.get("priority") === "1";
    if (textInput && params.get("text")) textInput.value = params.get("text").slice(0, MAX_TEXT);
    const key = params.get("sort");
    if (key && headers.has(key)) {
      sort = { key: key, dir: params.get("order") === "desc" ? "descending" : "ascending" };
    }
  }

  // announceNow: false while typing, so that a screen reader hears the count
  // once the reader pauses rather than at every key.
  function update(announceNow) {
    const now = filter();
    remember(now);
    if (announceNow) {
      announce();
    } else {
      window.clearTimeout(pending);
      pending = window.setTimeout(announce, 500);
    }
  }

  for (const select of Object.values(selects)) select.addEventListener("change", () => update(true));
  if (priorityInput) priorityInput.addEventListener("change", () => update(true));
  if (textInput) textInput.addEventListener("input", () => update(false));

  if (resetButton) {
    resetButton.addEventListener("click", () => {
      for (const select of Object.values(selects)) select.value = "";
      if (priorityInput) priorityInput.checked = false;
      if (textInput) textInput.value = "";
      sort = DEFAULT_SORT;
      arrange();
      update(true);
    });
  }

  /* The CSV of the rows shown, in the order shown. */

  // A cell that a spreadsheet would run as a formula (spaces before it count
  // for nothing) gets a leading apostrophe.
  const FORMULA = /^(?:[\t\r]|\s*[=+\-@])/;

  function csvCell(value) {
    let cell = String(value);
    if (FORMULA.test(cell)) cell = "'" + cell;
    return /[",\r\n]/.test(cell) ? '"' + cell.replace(/"/g, '""') + '"' : cell;
  }

  function visibleRows() {
    const byRow = new Map(rows.map((row) => [row.tr, row]));
    return Array.from(body.rows).filter((tr) => byRow.has(tr) && !tr.hidden).map((tr) => byRow.get(tr));
  }

  function download() {
    const lines = [csvHeader];
    for (const row of visibleRows()) {
      lines.push([row.values.ref, row.area, row.activity_text, row.values.key_action]
        .concat(CELLS.map((key) => row.values[key])));
    }
    const csv = lines.map((line) => line.map(csvCell).join(",")).join("\r\n") + "\r\n";
    const url = URL.createObjectURL(new Blob(["\ufeff" + csv], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  if (downloadButton) downloadButton.addEventListener("click", download);

  restore();
  arrange();
  filter();
  panel.hidden = false;
  announce();

  // The panel now shown above the table pushed down the row that the address
  // points at (a link to #ka-b-1-d): bring it back into view.
  let target = null;
  try {
    target = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
  } catch (error) {
    target = null;
  }
  if (target && table.contains(target) && target.getClientRects().length) target.scrollIntoView();
})();
