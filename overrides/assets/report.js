/* The progress report (overrides/pages/progress.md): fills in, from what this
   browser keeps (entries.js), the status, lead agency, target date and notes
   of every option, the counts by status of each area and of the whole annex,
   and the entries under ids the text no longer has. Every value reaches the
   page as textContent, never as HTML. The print button prints the page; the
   browser's print dialog saves it as PDF. */
(function () {
  "use strict";

  const root = document.querySelector("[data-report]");
  const configNode = document.getElementById("syn-report-config");
  if (!root || !configNode || !window.SynEntries) return;
  let config;
  try {
    config = JSON.parse(configNode.textContent);
  } catch (error) {
    return;
  }
  const statuses = Array.isArray(config.statuses) ? config.statuses : [];
  const settled = Array.isArray(config.settled) ? config.settled : [];
  const words = config.words && typeof config.words === "object" ? config.words : {};
  if (!statuses.length) return;
  const store = window.SynEntries.open(statuses);

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, (whole, name) =>
      name in values ? String(values[name]) : whole);
  }

  function put(node, value) {
    if (node && node.textContent !== value) node.textContent = value;
  }

  function counted(ids) {
    const counts = {};
    for (const status of statuses) counts[status] = 0;
    for (const id of ids) counts[store.read(id).status] += 1;
    return counts;
  }

  function showCounts(row, counts) {
    for (const cell of row.querySelectorAll("[data-report-count]")) {
      const count = counts[cell.dataset.reportCount] || 0;
      put(cell, cell.dataset.template ? fill(cell.dataset.template, { count: count }) : String(count));
    }
  }

  const rows = Array.from(root.querySelectorAll("[data-report-item]"));
  const known = new Set(rows.map((row) => row.dataset.reportItem));

  function showEntry(row, entry) {
    const field = (name) => row.querySelector(`[data-report-field="${name}"]`);
    put(field("status"), words[entry.status] || entry.status);
    put(field("lead"), entry.lead);
    put(field("date"), entry.date);
    put(field("notes"), entry.notes);
    row.dataset.reportStatus = entry.status;
  }

  function showOrphans() {
    const box = root.querySelector("[data-report-orphans]");
    const body = root.querySelector("[data-report-orphan-rows]");
    if (!box || !body) return;
    const ids = store.ids().filter((id) => !known.has(id)).sort();
    body.replaceChildren();
    for (const id of ids) {
      const entry = store.read(id);
      const row = document.createElement("tr");
      const name = document.createElement("th");
      name.scope = "row";
      name.textContent = id;
      row.append(name);
      for (const value of [entry.ref || "", words[entry.status] || entry.status, entry.lead,
        entry.date, entry.notes]) {
        const cell = document.createElement("td");
        cell.textContent = value;
        row.append(cell);
      }
      body.append(row);
    }
    box.hidden = ids.length === 0;
  }

  function show() {
    const all = [];
    for (const area of root.querySelectorAll("[data-report-area]")) {
      const ids = Array.from(area.querySelectorAll("[data-report-item]"), (row) => row.dataset.reportItem);
      if (!ids.length) continue;
      all.push(...ids);
      for (const row of area.querySelectorAll("[data-report-item]")) {
        showEntry(row, store.read(row.dataset.reportItem));
      }
      const counts = counted(ids);
      showCounts(area, counts);
      const line = area.querySelector("[data-report-settled]");
      if (line) {
        const done = settled.reduce((sum, status) => sum + (counts[status] || 0), 0);
        put(line, fill(line.dataset.template, { settled: done, total: ids.length }));
      }
      const summary = root.querySelector(`[data-report-summary="${area.dataset.reportArea}"]`);
      if (summary) showCounts(summary, counts);
    }
    const whole = root.querySelector('[data-report-summary=""]');
    if (whole) showCounts(whole, counted(all));
    showOrphans();
  }

  const made = root.querySelector("[data-report-made]");
  if (made) {
    const today = new Date();
    const date = [today.getFullYear(), today.getMonth() + 1, today.getDate()]
      .map((part, index) => String(part).padStart(index ? 2 : 4, "0")).join("-");
    put(made, fill(made.dataset.template, { date: date, version: made.dataset.version || "" }));
  }
  const print = root.querySelector("[data-report-print]");
  if (print) print.addEventListener("click", () => window.print());
  show();
  // Another tab of the site changed the checklist.
  window.addEventListener("storage", (event) => {
    if (event.key === null || event.key.startsWith(window.SynEntries.PREFIX)) show();
  });
  root.dataset.reportReady = "true";
})();
