// letter serve: reload a page when a build rewrote it, and show a build's errors over it.
// The server adds this script to every page it serves; the files in output/ stay as built.
"use strict";
(() => {
  const script = document.currentScript;
  const since = Number(script.dataset.build) || 0; // the build this page was served after
  const mode = script.dataset.mode; // "page": a file of output/; "review": a review page; "problem": an error page
  const path = decodeURI(location.pathname).replace(/^\//, "");
  const here = path === "" || path.endsWith("/") ? `${path}index.html` : path;

  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = script.src.replace(/live\.js$/, "live.css");
  document.head.append(style);
  for (const link of document.querySelectorAll("[data-letter-review]")) link.hidden = false;

  let box = null;
  function show(errors) {
    if (errors.length === 0) {
      box?.remove();
      box = null;
      return;
    }
    if (!box) {
      box = document.createElement("aside");
      box.className = "letter-problems";
      box.setAttribute("role", "alert");
      box.lang = "en";
      box.dir = "ltr";
      document.body.append(box);
    }
    const title = document.createElement("p");
    title.textContent = "The last build stopped at a problem; fix the file, and this page follows:";
    box.replaceChildren(title, ...errors.map((error) => {
      const line = document.createElement("pre");
      line.textContent = error.report;
      return line;
    }));
  }

  const events = new EventSource(`/_letter/events?since=${since}`);
  events.addEventListener("build", (event) => {
    const build = JSON.parse(event.data);
    show(build.errors);
    if (build.seq <= since) return;
    const rewritten = build.written.includes(here) || build.written.includes("style.css");
    if (mode === "problem" || (mode === "page" && rewritten)) location.reload();
    document.dispatchEvent(new CustomEvent("letter:build", { detail: build }));
  });
  events.addEventListener("catalog", (event) => {
    document.dispatchEvent(new CustomEvent("letter:catalog", { detail: JSON.parse(event.data) }));
  });
  events.addEventListener("open", () => document.dispatchEvent(new Event("letter:connected")));
})();
