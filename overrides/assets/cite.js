/* Cite this: the button beside the permalink of each paragraph, item and key
   action (overrides/pages/_macros.md, permalink) copies, in one action, its
   citation and its address: "CBD decision XIII/24, annex I, para. 16(d)(ii),
   https://.../annex-1/coordination/#a1-16-d-ii". Then the page's live region
   (cite_status) says what was copied, or, if the browser would not copy,
   shows it to copy by hand.

   Every word comes from the page, which the build made from the data: the
   citation (the button's data-cite) and the region's templates (data-copy,
   data-copied, data-failed). The address is the page's canonical one when
   the site's address is known (link[rel=canonical]), else the one the page
   was opened at, with the permalink's anchor. Nothing is sent anywhere. */
(function () {
  "use strict";

  const region = document.querySelector("[data-cite-status]");
  if (!region) return;
  const SHOWN = 10000; // ms the region shows what was copied
  const SHOWN_FAILED = 60000; // long enough to copy it by hand
  let clearing = 0;

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, (whole, name) =>
      name in values ? String(values[name]) : whole);
  }

  // The address of this page, without any anchor.
  function pageAddress() {
    const canonical = document.querySelector('link[rel="canonical"]');
    const url = new URL(canonical && canonical.href ? canonical.href : window.location.href,
      window.location.href);
    url.hash = "";
    return url.href;
  }

  // What the button copies: its citation and its paragraph's address.
  function citationOf(button) {
    const link = button.parentElement && button.parentElement.querySelector("a.syn-permalink");
    const anchor = link ? link.getAttribute("href") || "" : "";
    return fill(region.dataset.copy, {
      citation: button.dataset.cite || "",
      link: pageAddress() + (anchor.startsWith("#") ? anchor : ""),
    });
  }

  // Copy with a selection, for browsers without the asynchronous clipboard
  // (or that refuse it); focus goes back where it was, without scrolling.
  function copyBySelection(text) {
    const field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.setAttribute("aria-hidden", "true");
    field.tabIndex = -1;
    field.style.cssText = "position:fixed;top:0;left:0;width:1px;height:1px;opacity:0;";
    const focused = document.activeElement;
    document.body.appendChild(field);
    field.focus({ preventScroll: true });
    field.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    field.remove();
    if (focused && typeof focused.focus === "function") focused.focus({ preventScroll: true });
    return copied;
  }

  function copy(text) {
    if (navigator.clipboard && typeof navigator.clipboard.writeText === "function") {
      return navigator.clipboard.writeText(text).then(() => true, () => copyBySelection(text));
    }
    return Promise.resolve(copyBySelection(text));
  }

  // Say it in the live region: emptied first, so that the same words said
  // twice are announced twice.
  function say(message, shown) {
    window.clearTimeout(clearing);
    region.textContent = "";
    window.setTimeout(() => {
      region.textContent = message;
      clearing = window.setTimeout(() => { region.textContent = ""; }, shown);
    }, 60);
  }

  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest(".syn-cite__copy") : null;
    if (!button) return;
    const text = citationOf(button);
    copy(text).then((copied) => {
      if (copied) say(fill(region.dataset.copied, { text: text }), SHOWN);
      else say(fill(region.dataset.failed, { text: text }), SHOWN_FAILED);
    });
  });
  region.dataset.citeReady = "true";
})();
