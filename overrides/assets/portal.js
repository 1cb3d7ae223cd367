/* The portal pages' small helpers; each does nothing where its page part is absent.

   - Stories list: filter by convention and by Annex I area (data-story-filter).
   - Home page: keep "coming events" current. The page lists them from the
     date of the data; here they are ordered again from today's date, and
     those past are hidden.
   Data reaches the page only through textContent and attributes. */
(function () {
  "use strict";

  const filter = document.querySelector("[data-story-filter]");
  const stories = Array.from(document.querySelectorAll("[data-story]"));
  if (filter && stories.length) {
    const selects = Array.from(filter.querySelectorAll("select[data-filter]"));
    const count = filter.querySelector("[data-story-count]");
    const apply = () => {
      let shown = 0;
      for (const story of stories) {
        const ok = selects.every((select) => {
          if (!select.value) return true;
          const key = select.dataset.filter === "convention" ? "conventions" : "areas";
          return (story.dataset[key] || "").split(" ").includes(select.value);
        });
        story.hidden = !ok;
        if (ok) shown += 1;
      }
      if (count) {
        count.textContent = (count.dataset.template || "")
          .replace("{shown}", String(shown)).replace("{total}", String(stories.length));
      }
    };
    for (const select of selects) select.addEventListener("change", apply);
    filter.hidden = false;
    apply();
  }

  const upcoming = document.querySelector("[data-upcoming]");
  if (upcoming) {
    const today = new Date().toISOString().slice(0, 10);
    for (const item of Array.from(upcoming.children)) {
      const end = item.dataset.end || "";
      if (end && end < today) item.hidden = true;
    }
  }
})();
