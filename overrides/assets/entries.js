/* What a reader records on the checklist, as this browser keeps it: one entry
   per option, in localStorage under "syn-checklist:v1:<item id>" (the Chinese
   and English pages share them), else in the page's memory when the browser
   keeps nothing. An entry is {status, lead, date, notes}, and, for an id the
   text no longer has, the paragraph reference a file gave it (ref). Every
   value is checked as it is read and written: a status of the page's list,
   a date YYYY-MM-DD, text of a bounded length. Used by checklist.js (the
   panel of an option-area page) and report.js (the progress report). */
(function () {
  "use strict";

  const PREFIX = "syn-checklist:v1:";
  const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/; // the form of every id of the data
  const LIMITS = { id: 100, lead: 200, notes: 2000, ref: 40 };
  const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

  function isId(id) {
    return typeof id === "string" && id.length <= LIMITS.id && ID.test(id);
  }

  // Whether year, month and day make a day of the calendar, within the years
  // the date field allows (its min and max in overrides/pages/_macros.md: a
  // later year is a typing mistake, as HTML checkers read it too).
  function isDay(year, month, day) {
    if (!(year >= 1900 && year <= 2999 && month >= 1 && month <= 12 && day >= 1)) return false;
    return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
  }

  function isDate(text) {
    const match = ISO_DATE.exec(text);
    return Boolean(match) && isDay(Number(match[1]), Number(match[2]), Number(match[3]));
  }

  // A store of entries whose status is one of ``statuses`` (the first is the default).
  function open(statuses) {
    const memory = new Map();
    let storage = null;
    try {
      storage = window.localStorage;
      storage.setItem(PREFIX + "probe", "1");
      storage.removeItem(PREFIX + "probe");
    } catch (error) {
      storage = null;
    }
    const listeners = [];

    function clean(value) {
      const entry = { status: statuses[0], lead: "", date: "", notes: "" };
      if (!value || typeof value !== "object") return entry;
      if (statuses.includes(value.status)) entry.status = value.status;
      if (typeof value.lead === "string") entry.lead = value.lead.slice(0, LIMITS.lead);
      if (typeof value.date === "string" && isDate(value.date)) entry.date = value.date;
      if (typeof value.notes === "string") entry.notes = value.notes.slice(0, LIMITS.notes);
      if (typeof value.ref === "string" && value.ref.trim()) {
        entry.ref = value.ref.trim().slice(0, LIMITS.ref);
      }
      return entry;
    }

    function isEmpty(entry) {
      return entry.status === statuses[0] && !entry.lead && !entry.date && !entry.notes;
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

    // Keep ``entry`` under ``id`` (an empty entry removes it); false if the browser refused.
    function write(id, entry) {
      const value = clean(entry);
      const empty = isEmpty(value);
      const raw = JSON.stringify(value);
      if (!storage) {
        if (empty) memory.delete(id);
        else memory.set(id, raw);
        return true;
      }
      try {
        if (empty) storage.removeItem(PREFIX + id);
        else storage.setItem(PREFIX + id, raw);
        return true;
      } catch (error) {
        listeners.forEach((listener) => listener());
        return false;
      }
    }

    // Every id this browser holds an entry for.
    function ids() {
      if (!storage) return Array.from(memory.keys());
      const found = [];
      try {
        for (let i = 0; i < storage.length; i += 1) {
          const key = storage.key(i);
          if (key && key.startsWith(PREFIX)) found.push(key.slice(PREFIX.length));
        }
      } catch (error) {
        return [];
      }
      return found.filter(isId);
    }

    return {
      kept: storage !== null, // false: entries last as long as the page
      clean: clean,
      isEmpty: isEmpty,
      read: read,
      write: write,
      ids: ids,
      onRefused: (listener) => listeners.push(listener),
    };
  }

  window.SynEntries = { PREFIX: PREFIX, LIMITS: LIMITS, isId: isId, isDay: isDay, isDate: isDate,
    open: open };
})();
