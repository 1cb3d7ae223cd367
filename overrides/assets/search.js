/* The site search, in the theme's search box (overrides/partials/search.html).

   The index is Pagefind's (hooks/search_index.py): one per language, in chunks.
   Nothing is fetched until the reader focuses the box (or comes with ?q=):
   then Pagefind's program, the index chunks that the query's words are in,
   and the texts of the results shown, ten at a time; never the whole index.
   Pagefind takes the language from the page's <html lang>, so a reader finds
   the pages of the language he reads.

   A query runs twice on the same chunks: as an exact phrase and as words. The
   pages that hold the phrase come first, in the order of the word search's
   ranking, then the others. Each result shows the passages of its page (the
   paragraph, item or section that holds the phrase, by its id) with the
   phrase marked, and links to the passage itself; the page's head comes last.

   Text reaches the page through textContent only. Pagefind keeps Chinese text
   cut into words by zero-width spaces: they are never shown. The box answers
   every input event (typed, pasted, or committed by an input method), not
   only keys.

   From the disk (file://, the offline copy), Pagefind cannot run: its index
   is fetched. The offline copy holds instead, per language, a script of the
   text Pagefind indexed (offline-search/<lang>.js, by the page's <html lang>
   as Pagefind chooses its index; hooks/exports/offline_pages.py), which a
   plain <script> loads. It is searched here by substring, letters and digits
   only, as the passages are marked (Chinese needs no cutting into words),
   and answers as Pagefind does, so that what follows is the same. Elsewhere
   it is the fallback when Pagefind cannot load (the copy served by a web
   server); the site itself has no such script. */
(function () {
  "use strict";

  const box = document.querySelector("[data-syn-search]");
  if (!box) return;
  const input = box.querySelector("input.md-search__input");
  const form = box.querySelector("form");
  const meta = box.querySelector(".md-search-result__meta");
  const list = box.querySelector(".md-search-result__list");
  const region = box.querySelector(".md-search-result");
  const toggle = document.getElementById("__search");
  if (!input || !form || !meta || !list || !region) return;

  const BUNDLE = new URL(box.dataset.synSearch || "pagefind/", document.baseURI).href;
  const ROOT = new URL("../", BUNDLE).pathname; // the site's root: the index names pages from it
  const OFFLINE = new URL(box.dataset.synOfflineSearch || "offline-search/", document.baseURI).href;
  const FROM_DISK = window.location.protocol === "file:";
  const OFFLINE_GLOBAL = "synOfflineSearch"; // what the offline scripts fill: {lang: pages}
  const SHOWN = 10; // results rendered at a time; more as the reader scrolls
  const PASSAGES = 3; // passages shown per result
  const LENGTH = { spaced: 180, unspaced: 90 }; // characters of an excerpt
  const DELAY = 120; // ms after the last input before a query runs
  const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
  const BLOCK = /^(h[1-6]|div|p|li|section|article|aside|dd|dt|td|th|tr|blockquote|figure|details)$/i;
  const HEADING = /^h[1-6]$/i;
  const WORD_CHAR = /[\p{L}\p{N}]/u;

  /* Pagefind (or, from the disk, the offline search), loaded once, when
     first needed. */

  let engine = null;

  function load() {
    if (!engine) {
      engine = FROM_DISK ? loadOffline() : loadPagefind().catch(() => loadOffline());
      engine.catch(() => {
        engine = null; // a later query tries again
      });
    }
    return engine;
  }

  function loadPagefind() {
    return import(BUNDLE + "pagefind.js").then(async (pagefind) => {
      await pagefind.options({ basePath: BUNDLE, baseUrl: ROOT });
      await pagefind.init();
      return pagefind;
    });
  }

  function loadOffline() {
    const lang = String(document.documentElement.lang || "").toLowerCase();
    const pages = () => (window[OFFLINE_GLOBAL] || {})[lang];
    if (Array.isArray(pages())) return Promise.resolve(offlineIndex(pages()));
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL(encodeURIComponent(lang) + ".js", OFFLINE).href;
      script.onload = () => {
        if (Array.isArray(pages())) resolve(offlineIndex(pages()));
        else reject(new Error("no offline search for " + lang));
      };
      script.onerror = () => {
        script.remove();
        reject(new Error("no offline search for " + lang));
      };
      document.head.appendChild(script);
    });
  }

  /* The offline search: a page holds a query's phrase ("quoted") or each of
     its words where its letters and digits hold them (in spaced languages
     from a word's start); the pages with the most places first. Results and
     their data are Pagefind's shape: the id, and the page's address,
     title, words (raw_content, < and > escaped as Pagefind does), anchors
     and where the query stands (locations, by word). */

  function offlineIndex(pages) {
    const site = new URL("../", OFFLINE);
    const entries = pages.map((page) => {
      const raw = String(page.content || "").replace(/</g, "&lt;").replace(/>/g, "&gt;");
      const { unspaced, words } = wordsOf(raw);
      return { page: page, raw: raw, words: words, spaced: !unspaced, flat: flatten(words) };
    });
    return {
      search: async (query) => {
        const quoted = query.length > 1 && query.startsWith('"') && query.endsWith('"');
        const phrase = quoted ? query.slice(1, -1) : query;
        const terms = quoted ? [phrase] : phrase.split(" ").filter(Boolean);
        const found = [];
        entries.forEach((entry, order) => {
          const marks = [];
          for (const term of terms) {
            const places = occurrences(entry.words, term, entry.spaced, entry.flat);
            if (!places.length) return;
            marks.push(...places);
          }
          if (marks.length) found.push({ entry: entry, order: order, marks: marks });
        });
        found.sort((a, b) => b.marks.length - a.marks.length || a.order - b.order);
        return {
          results: found.map(({ entry, marks }) => ({
            id: entry.page.url,
            data: async () => ({
              url: new URL(entry.page.url, site).href,
              raw_content: entry.raw,
              meta: { title: entry.page.title },
              anchors: (entry.page.anchors || []).map(([element, id, text, location]) =>
                ({ element: element, id: id, text: text, location: location })),
              locations: Array.from(new Set(marks.map((mark) => mark.from))).sort((a, b) => a - b),
            }),
          })),
        };
      },
    };
  }

  function say(text) {
    meta.textContent = text || "";
  }

  function count(total) {
    if (total === 0) return box.dataset.none;
    if (total === 1) return box.dataset.one;
    return String(box.dataset.other || "").replace("#", String(total));
  }

  /* Queries. */

  let ticket = 0;
  let timer = 0;
  let observer = null;

  // The results region is busy from an input until the query of the last one
  // is shown.
  function busy(state) {
    region.setAttribute("aria-busy", state ? "true" : "false");
  }

  function schedule() {
    busy(true);
    window.clearTimeout(timer);
    timer = window.setTimeout(() => run(input.value), DELAY);
  }

  async function run(query) {
    const mine = ++ticket;
    const phrase = query.replace(ZERO_WIDTH, "").replace(/"/g, " ").replace(/\s+/g, " ").trim();
    if (observer) observer.disconnect();
    if (!phrase) {
      list.textContent = "";
      say(box.dataset.placeholder);
      busy(false);
      return;
    }
    if (!engine) say(box.dataset.initializer);
    let exact, words;
    try {
      const pagefind = await load();
      [exact, words] = await Promise.all([
        pagefind.search(`"${phrase}"`),
        pagefind.search(phrase),
      ]);
    } catch (error) {
      if (mine === ticket) {
        list.textContent = "";
        say(box.dataset.unavailable);
        busy(false);
      }
      return;
    }
    if (mine !== ticket || !exact || !words) return;
    const rank = new Map(words.results.map((result, index) => [result.id, index]));
    const ranked = (result, index) => rank.has(result.id) ? rank.get(result.id) : rank.size + index;
    const first = exact.results.map((result, index) => [ranked(result, index), result])
      .sort((a, b) => a[0] - b[0]).map((pair) => pair[1]);
    const seen = new Set(first.map((result) => result.id));
    const results = first.concat(words.results.filter((result) => !seen.has(result.id)));
    await show(results, phrase, mine);
    if (mine === ticket) busy(false);
  }

  function show(results, phrase, mine) {
    list.textContent = "";
    say(count(results.length));
    let next = 0;
    const more = async () => {
      const batch = results.slice(next, next + SHOWN);
      next += batch.length;
      let pages;
      try {
        pages = await Promise.all(batch.map((result) => result.data()));
      } catch (error) {
        if (mine === ticket) say(box.dataset.unavailable);
        return;
      }
      if (mine !== ticket) return;
      busy(false);
      // Within what was fetched, the pages that hold the phrase come first.
      const items = pages.map((page) => describe(page, phrase));
      items.sort((a, b) => Number(b.exact) - Number(a.exact));
      for (const item of items) list.appendChild(item.node);
      if (next < results.length && "IntersectionObserver" in window) {
        observer = new IntersectionObserver((entries) => {
          if (entries.some((entry) => entry.isIntersecting)) {
            observer.disconnect();
            more();
          }
        });
        observer.observe(list.lastElementChild);
      }
    };
    return more();
  }

  /* A page's words as Pagefind indexed them: Chinese cut by zero-width
     spaces, other languages by white space; its locations count these.
     Pagefind's raw_content keeps the zero-width spaces and writes < and >
     as &lt; and &gt;. */

  function wordsOf(raw) {
    const unspaced = raw.includes("\u200b");
    const words = unspaced ? raw.split("\u200b") : raw.split(/[\r\n\s]+/g);
    return {
      unspaced: unspaced,
      words: words.map((word) => word.replace(/&lt;/g, "<").replace(/&gt;/g, ">")),
      joiner: unspaced ? "" : " ",
    };
  }

  // Letters and digits, lower case: where each came from, [word, offset, length].
  function flatten(words) {
    let text = "";
    const where = [];
    words.forEach((word, index) => {
      let offset = 0;
      for (const char of word) {
        if (WORD_CHAR.test(char)) {
          for (const lower of char.toLowerCase()) {
            text += lower;
            where.push([index, offset, char.length]);
          }
        }
        offset += char.length;
      }
    });
    return { text: text, where: where };
  }

  function normalize(phrase) {
    let text = "";
    for (const char of phrase) if (WORD_CHAR.test(char)) text += char.toLowerCase();
    return text;
  }

  // Every place the phrase stands, from a word's start in spaced languages
  // (punctuation and case aside, so "clearing-house" matches "Clearing-House");
  // `flat`: the words flattened already.
  function occurrences(words, phrase, spaced, flat) {
    const needle = normalize(phrase);
    if (!needle) return [];
    const { text, where } = flat || flatten(words);
    const found = [];
    let at = text.indexOf(needle);
    while (at !== -1) {
      const start = where[at];
      const before = where[at - 1];
      const midWord = before && before[0] === start[0] && before[1] + before[2] === start[1];
      if (!spaced || !midWord) {
        const end = where[at + needle.length - 1];
        found.push({ from: start[0], fromOffset: start[1], to: end[0], toOffset: end[1] + end[2] });
      }
      at = text.indexOf(needle, at + needle.length);
    }
    return found;
  }

  /* A result: its page's passages that hold the phrase (or, failing that,
     the words of the query), each with an excerpt. */

  function describe(page, phrase) {
    const { unspaced, words, joiner } = wordsOf(String(page.raw_content || page.content || ""));
    const anchors = (page.anchors || [])
      .filter((anchor) => anchor.id && BLOCK.test(anchor.element))
      .sort((a, b) => a.location - b.location);
    let marks = occurrences(words, phrase, !unspaced);
    const exact = marks.length > 0;
    if (!exact) {
      marks = (page.locations || []).filter((at) => at < words.length)
        .map((at) => ({ from: at, fromOffset: 0, to: at, toOffset: words[at].length }));
    }
    const byPassage = new Map();
    for (const mark of marks) {
      let index = -1;
      while (index + 1 < anchors.length && anchors[index + 1].location <= mark.from) index += 1;
      if (!byPassage.has(index)) byPassage.set(index, []);
      byPassage.get(index).push(mark);
    }
    const head = (index) => index < 0 || (anchors[index].element.toLowerCase() === "h1");
    const passages = Array.from(byPassage.keys())
      .sort((a, b) => Number(head(a)) - Number(head(b)) || a - b)
      .slice(0, PASSAGES)
      .map((index) => ({
        index: index,
        head: head(index),
        start: index < 0 ? 0 : anchors[index].location,
        end: Math.min(words.length,
          index + 1 < anchors.length ? anchors[index + 1].location : words.length),
        marks: byPassage.get(index),
      }));

    const title = clean((page.meta && page.meta.title) || page.url);
    const item = document.createElement("li");
    item.className = "md-search-result__item";
    if (!passages.length) {
      item.appendChild(link(page.url, "", title, null, true));
    }
    passages.forEach((passage, position) => {
      const anchor = passage.head ? null : anchors[passage.index];
      let heading = title;
      for (let index = passage.index; index >= 0; index -= 1) {
        if (HEADING.test(anchors[index].element) && !head(index)) {
          heading = clean(anchors[index].text || title);
          break;
        }
      }
      const text = excerpt(words, joiner, passage, unspaced ? LENGTH.unspaced : LENGTH.spaced);
      item.appendChild(link(page.url, anchor ? anchor.id : "", position === 0 ? title : heading,
        text, position === 0));
    });
    return { node: item, exact: exact };
  }

  function link(url, id, title, text, first) {
    const target = new URL(url, BUNDLE);
    if (id) target.hash = id;
    const anchor = document.createElement("a");
    anchor.href = target.href;
    anchor.className = "md-search-result__link";
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset"
      + (first ? " md-search-result__article--document" : "");
    if (first) {
      const icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      article.appendChild(icon);
    }
    const heading = document.createElement(first ? "h1" : "h2");
    heading.textContent = title;
    article.appendChild(heading);
    if (text) article.appendChild(text);
    anchor.appendChild(article);
    return anchor;
  }

  function clean(text) {
    return String(text).replace(ZERO_WIDTH, "");
  }

  // About `length` characters of the passage around its first mark, the
  // marks in it as <mark>, "…" where the passage goes on.
  function excerpt(words, joiner, passage, length) {
    const first = passage.marks[0];
    const size = (index) => words[index].length + joiner.length;
    let from = first.from;
    let to = Math.min(first.to + 1, passage.end);
    let total = 0;
    for (let index = from; index < to; index += 1) total += size(index);
    let before = 0;
    while (total < length && (from > passage.start || to < passage.end)) {
      if (from > passage.start && (before < length / 3 || to >= passage.end)) {
        from -= 1;
        before += size(from);
        total += size(from);
      } else {
        total += size(to);
        to += 1;
      }
    }
    const starts = [];
    let text = "";
    for (let index = from; index < to; index += 1) {
      if (index > from) text += joiner;
      starts[index] = text.length;
      text += words[index];
    }
    const ranges = passage.marks
      .filter((mark) => mark.from >= from && mark.to < to)
      .map((mark) => [starts[mark.from] + mark.fromOffset, starts[mark.to] + mark.toOffset])
      .sort((a, b) => a[0] - b[0]);
    const paragraph = document.createElement("p");
    const add = (part, marked) => {
      const value = clean(part);
      if (!value) return;
      if (marked) {
        const mark = document.createElement("mark");
        mark.textContent = value;
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(document.createTextNode(value));
      }
    };
    let at = 0;
    if (from > passage.start) add("… ", false);
    for (const [start, end] of ranges) {
      if (end <= at) continue;
      add(text.slice(at, Math.max(at, start)), false);
      add(text.slice(Math.max(at, start), end), true);
      at = end;
    }
    add(text.slice(at), false);
    if (to < passage.end) add(" …", false);
    return paragraph;
  }

  /* The box: opening, closing, keys. */

  function open() {
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function close() {
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function links() {
    return Array.from(list.querySelectorAll("a[href]"));
  }

  input.addEventListener("focus", () => {
    open();
    load().catch(() => {});
  });
  input.addEventListener("input", (event) => {
    if (!event.isComposing) schedule();
  });
  input.addEventListener("compositionend", schedule);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    const [best] = links();
    if (best) best.click();
  });
  form.addEventListener("reset", () => {
    window.setTimeout(() => {
      run("");
      input.focus();
    });
  });
  list.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("a")) close();
  });
  if (toggle) {
    toggle.addEventListener("change", () => {
      if (toggle.checked && document.activeElement !== input) input.focus();
    });
  }
  box.addEventListener("keydown", (event) => {
    if (event.isComposing || event.keyCode === 229) return;
    if (event.key === "Escape") {
      close();
      input.blur();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const stops = [input].concat(links());
      const here = Math.max(0, stops.indexOf(document.activeElement));
      const step = event.key === "ArrowDown" ? 1 : -1;
      stops[(here + step + stops.length) % stops.length].focus();
      event.preventDefault();
    }
  });
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target instanceof HTMLElement
      && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName));
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault();
      open();
      input.focus();
    }
  });

  // A search asked for in the address (the home page's search form sends ?q=).
  const asked = new URLSearchParams(window.location.search).get("q");
  if (asked) {
    input.value = asked;
    open();
    input.focus();
    busy(true);
    run(asked);
  }
})();
