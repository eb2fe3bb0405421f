// letter serve: refresh a page when a build rewrote it, and show a build's errors over it.
// The server adds this script to every page it serves; the files of its preview stay as built.
//
// A rewritten page is fetched and its new document laid over the one shown, element by
// element (only what differs is touched), instead of being reloaded: the reader keeps
// their place, and an edition of 10,000 signatories is refreshed in a fraction of the
// time its reload takes (most of which is the browser laying out the whole page again).
"use strict";
(() => {
  const script = document.currentScript;
  const since = Number(script.dataset.build) || 0; // the build this page was served after
  const mode = script.dataset.mode; // "page": a file of the preview; "review": a review page; "problem": an error page
  const path = decodeURI(location.pathname).replace(/^\//, "");
  const here = path === "" || path.endsWith("/") ? `${path}index.html` : path;

  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = script.src.replace(/live\.js$/, "live.css");
  document.head.append(style);
  const reveal = () => {
    for (const link of document.querySelectorAll("[data-letter-review]")) link.hidden = false;
  };
  reveal();

  let box = null; // outside <body>, which a refresh lays the new page over (but in a place a page keeps for it)
  // The banner's height is kept free at the page's foot (scroll padding, and room below the last
  // line), so that the message in hand or the letter's end is never under it. A page that keeps a
  // place for it ([data-letter-problems]: the review page's header, never laid over) has it there,
  // in the flow, where it covers nothing; a page framed by one of this server's (the review page's
  // preview) shows none: the page around it does, once.
  const root = document.documentElement;
  const framed = window.frameElement !== null;
  function show(errors, said = "The last build found a problem; fix the file, and this page follows:") {
    if (framed) return;
    const slot = document.querySelector("[data-letter-problems]");
    if (errors.length === 0) {
      if (!box) return;
      box.remove();
      box = null;
      root.style.removeProperty("--letter-problems-height");
      document.dispatchEvent(new CustomEvent("letter:problems", { detail: { box } }));
      return;
    }
    if (!box) {
      box = document.createElement("aside");
      box.className = "letter-problems";
      box.setAttribute("role", "alert");
      box.lang = "en";
      box.dir = "ltr";
      (slot ?? document.documentElement).append(box);
    }
    const title = document.createElement("p");
    title.textContent = said;
    box.replaceChildren(title, ...errors.map((error) => {
      const line = document.createElement("pre");
      line.textContent = error.report;
      return line;
    }));
    if (!slot) root.style.setProperty("--letter-problems-height", `${box.offsetHeight}px`);
    document.dispatchEvent(new CustomEvent("letter:problems", { detail: { box } }));
  }

  // Make ``old`` like ``fresh``: keep what is equal, update text and attributes in place, and
  // replace only the children that differ in kind. Children are lined up from both ends, so that
  // a banner added above the letter leaves the letter itself in place.
  function morph(old, fresh) {
    if (old.isEqualNode(fresh)) return;
    if (old.nodeType === Node.TEXT_NODE && fresh.nodeType === Node.TEXT_NODE) {
      old.data = fresh.data;
      return;
    }
    if (old.nodeType !== Node.ELEMENT_NODE || old.nodeName !== fresh.nodeName) {
      old.replaceWith(document.importNode(fresh, true));
      return;
    }
    for (const { name } of [...old.attributes]) if (!fresh.hasAttribute(name)) old.removeAttribute(name);
    for (const { name, value } of fresh.attributes) if (old.getAttribute(name) !== value) old.setAttribute(name, value);
    const before = [...old.childNodes];
    const after = [...fresh.childNodes];
    let start = 0;
    while (start < before.length && start < after.length && before[start].nodeName === after[start].nodeName) start += 1;
    let end = 0; // children alike at the end, after the ``start`` alike at the beginning
    while (end < before.length - start && end < after.length - start
      && before[before.length - 1 - end].nodeName === after[after.length - 1 - end].nodeName) end += 1;
    for (let i = 0; i < start; i += 1) morph(before[i], after[i]);
    for (let i = 1; i <= end; i += 1) morph(before[before.length - i], after[after.length - i]);
    const next = before[before.length - end] ?? null;
    for (const node of before.slice(start, before.length - end)) node.remove();
    for (const node of after.slice(start, after.length - end)) old.insertBefore(document.importNode(node, true), next);
  }

  let refreshing = null;
  let again = false;
  async function refresh() {
    const response = await fetch(location.href, { cache: "no-store" });
    if (!response.ok) throw new Error(`${response.status}`);
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    document.title = fresh.title;
    for (const name of ["lang", "dir"]) {
      const value = fresh.documentElement.getAttribute(name);
      if (value === null) document.documentElement.removeAttribute(name);
      else document.documentElement.setAttribute(name, value);
    }
    morph(document.body, fresh.body);
    reveal();
    document.dispatchEvent(new Event("letter:refreshed"));
  }
  function follow() {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = refresh().catch(() => location.reload()).finally(() => {
      refreshing = null;
      if (again) {
        again = false;
        follow();
      }
    });
  }

  // A review page is never reloaded, which would lose a reviewer's text not saved yet: the editions'
  // stylesheet, which it uses for fonts by language, is fetched again instead.
  function restyle(seq) {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      if (url.pathname === "/style.css") {
        url.search = `?build=${seq}`;
        link.href = url.href;
      }
    }
  }

  // A server started again has a key of its own (``security``), and a browser sends the key's cookie of every
  // server of 127.0.0.1 to any port: to whoever took this one once the server stopped (another user), the key
  // of a server that runs then on another port included. So once the stream ends, nothing is asked of this
  // address with the cookie (the stream is closed, not tried again by the browser): the page knocks without
  // it, says what to do once something answers, and follows the new run when a page of this address, opened
  // in this browser from the address the server printed, tells it that it was let in (``runs``): what was
  // typed is kept.
  const runs = new BroadcastChannel("letter-run");
  let events = null; // the stream, while the page follows a run
  let knocking = null;
  function connect() {
    clearTimeout(knocking);
    events = new EventSource(`/_letter/events?since=${since}`);
    events.addEventListener("build", (event) => {
      const build = JSON.parse(event.data);
      show(build.errors);
      if (build.seq <= since) return;
      if (mode === "review" && build.written.includes("style.css")) restyle(build.seq);
      else if (mode === "problem" || build.written.includes("style.css")) location.reload();
      else if (mode === "page" && build.written.includes(here)) follow();
    });
    events.addEventListener("catalog", (event) => {
      document.dispatchEvent(new CustomEvent("letter:catalog", { detail: JSON.parse(event.data) }));
    });
    events.addEventListener("open", () => {
      if (refused) show([]);
      refused = false;
      runs.postMessage("let in");
      document.dispatchEvent(new Event("letter:connected"));
    });
    // The server stopped (Ctrl-C), or refused the stream (started again, with another key).
    events.addEventListener("error", () => {
      events.close();
      events = null;
      document.dispatchEvent(new Event("letter:disconnected"));
      knocking = setTimeout(knock, KNOCK_MS);
    });
  }
  runs.addEventListener("message", () => {
    if (!events) connect();
  });
  const KNOCK_MS = 2000;
  // Said once, not at each knock: the box is an alert, read out anew, and the review page brings the message
  // in hand back into view whenever it changes (letter:problems).
  let refused = false;
  async function knock() {
    try {
      await fetch(script.src, { method: "HEAD", cache: "no-store", credentials: "omit" });
    } catch {
      knocking = setTimeout(knock, KNOCK_MS); // not up yet
      return;
    }
    if (refused || events) return;
    refused = true;
    document.dispatchEvent(new Event("letter:refused"));
    show([{ report: "letter serve was started again, with a key of its own: open the address it printed in its "
      + "terminal (…?key=…) in this browser, and this page follows it, keeping any text not saved yet." }],
    "This page is not let in to the server now running:");
  }
  connect();
})();
