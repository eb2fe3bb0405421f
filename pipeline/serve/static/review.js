// The review page: keyboard-first navigation, edits and approvals, findings as the reviewer types,
// conflicts with a catalog saved on disk meanwhile, and a preview of the edition.
// Every text goes into the page as text (textContent), never as markup.
"use strict";
(() => {
  const body = document.body;
  let token = document.querySelector('meta[name="letter-token"]').content; // this run of the server's (renew)
  const project = document.querySelector('meta[name="letter-project"]').content;
  const base = `/review/${encodeURIComponent(body.dataset.locale)}/`;
  const rows = [...document.querySelectorAll(".msg")];
  const catalog = document.getElementById("catalog"); // the catalog's findings as a whole, above the messages
  const rowById = new Map(rows.map((row) => [row.dataset.id, row]));
  const saved = new Map(); // message id → its translation as last loaded or saved
  const lines = new Map(); // message row → its line element and the line it shows (place)
  for (const shown of document.querySelectorAll(".msg .line")) {
    lines.set(shown.closest(".msg"), { shown, line: Number(shown.textContent.match(/\d+$/)[0]) });
  }
  for (const row of rows) {
    const area = row.querySelector("textarea");
    if (area) saved.set(row.dataset.id, area.value);
  }
  const aside = document.querySelector(".preview");
  const frame = aside.querySelector("iframe");
  const toggle = document.getElementById("preview-toggle");
  let current = null;
  let anchor = null; // the message in hand when a filter hid it: j, k and e go on from its place

  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };
  // What the page says goes in the status line; a save's confirmation, once read, goes away (an error stays).
  let quieting;
  const say = (text, { brief = false } = {}) => {
    clearTimeout(quieting);
    document.getElementById("status").textContent = text;
    if (brief) quieting = setTimeout(() => say(""), 5000);
  };
  const areaOf = (row) => row.querySelector("textarea");
  const dirty = (row) => areaOf(row) !== null && areaOf(row).value !== saved.get(row.dataset.id);
  // A text of the reviewer's that the file lacks: typed and not saved, or in a conflict box (``open``), as one
  // saved here, then undone on disk, is. A reload would lose it.
  const unsaved = (row) => dirty(row) || open.has(row);
  const shown = () => rows.filter((row) => !row.hidden);
  // The English of a message as it is now (the words a diff strikes left out), and the start of it that names it.
  const englishOf = (row) => [...row.querySelector(".english").childNodes]
    .filter((node) => node.nodeName !== "DEL").map((node) => node.textContent).join("");
  const nameOf = (row) => {
    const english = englishOf(row);
    return `“${english.length > 40 ? `${english.slice(0, 40)}…` : english}”`;
  };
  const fit = (area) => {
    area.style.height = "auto";
    area.style.height = `${area.scrollHeight + 2}px`;
  };

  // --- filters and counts ---------------------------------------------------------------

  // Whether the filter ``name`` shows a message: all, those that need review, those with findings.
  const takes = (row, name) => name === "all" || row.hasAttribute(name === "review" ? "data-review" : "data-findings");

  // The text sought (the find box), as ``folded`` compares it: a message is shown when its English, its
  // translation or what it is of (a signatory's name, each one's of a role they share) holds it.
  const finder = document.getElementById("find");
  let sought = "";
  // A text in any case, without accents or vowel marks, its apostrophes and spaces each one: "Sao Tome" finds São Tomé.
  const folded = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase()
    .replace(/[‘’ʼ`´]/g, "'").replace(/\s+/g, " ");
  const haystacks = new WeakMap(); // row → [what it was folded from, its folded text]: a keystroke folds only what changed
  const others = new WeakMap(); // row → its other signatories' notes (data-about), each folded
  function found(row) {
    if (!sought) return true;
    const from = `${row.querySelector(".note")?.textContent ?? ""}\n${englishOf(row)}\n${areaOf(row)?.value ?? ""}`;
    let kept = haystacks.get(row);
    if (kept?.[0] !== from) haystacks.set(row, kept = [from, folded(from)]);
    return kept[1].includes(sought) || also(row) !== null;
  }
  // Which of the other signatories a shared message (a role, an organisation) is found for, when the
  // row's own words hold nothing sought: shown on the row, so that a reviewer sees why it is there.
  function also(row) {
    if (!row.dataset.about) return null;
    if (!others.has(row)) others.set(row, row.dataset.about.split("\n").map((note) => [note, folded(note)]));
    return others.get(row).find(([, text]) => text.includes(sought))?.[0] ?? null;
  }
  const hints = new WeakMap(); // row → its "also" hint, once a search gave it one (emptied, not removed, after)
  function mark(row) {
    const own = !sought || haystacks.get(row)?.[1].includes(sought);
    const why = own ? null : also(row);
    let hint = hints.get(row);
    if (why && !hint) {
      row.querySelector(".meta").append(hint = el("span", { className: "also" }));
      hints.set(row, hint);
    }
    if (hint) hint.textContent = why ? ` · also ${why}` : "";
  }
  // (A message whose conflict box is open stays shown, whatever the filter or the search: the choice waits.)
  const visible = (row, name) => open.has(row) || (takes(row, name) && found(row));

  const EMPTY = {
    all: "Nothing here: the catalog has no messages.",
    review: "Nothing needs review: every message is reviewed, or a name shown as written.",
    findings: "No message has findings.",
  };
  const AMONG = { all: "", review: " that needs review", findings: " with findings" };
  const counted = document.getElementById("found"); // how many a search shows, for a screen reader too

  function filter(name) {
    const holding = current?.contains(document.activeElement); // (read before hiding it moves the focus)
    body.dataset.filter = name;
    for (const button of document.querySelectorAll("button[data-filter]")) {
      button.setAttribute("aria-pressed", String(button.dataset.filter === name));
    }
    for (const row of rows) {
      row.hidden = !visible(row, name);
      if ((sought && !row.hidden) || hints.has(row)) mark(row); // (none to write or to clear otherwise)
    }
    for (const group of document.querySelectorAll(".group")) group.hidden = !group.querySelector(".msg:not([hidden])");
    tally();
    if (current?.hidden) { // no key acts on a message the reviewer no longer sees
      anchor = current;
      // Focus inside it would fall to the page: it goes to the filter that hid it, not out of the tools.
      if (holding) document.querySelector(`button[data-filter="${name}"]`).focus();
      unselect();
    } else if (!current && anchor && !anchor.hidden) {
      // Shown again: in hand again, but the keys typed in the find box stay text, never shortcuts.
      select(anchor, { scroll: false, focus: document.activeElement !== finder });
    }
  }

  // What is shown, said: how many a search found, or why nothing is shown.
  function tally() {
    const name = body.dataset.filter;
    const count = shown().length;
    const empty = document.querySelector(".empty");
    empty.textContent = !sought ? EMPTY[name] : `No message${AMONG[name]} has “${finder.value.trim()}”.` +
      (name === "all" ? "" : " Choose All to look among every message.");
    empty.hidden = count > 0;
    counted.textContent = sought ? `${count} found` : "";
  }

  // Show again the messages the filter in use now takes (changed on disk: a draft again, a new finding),
  // without hiding any: the one in hand stays where the reviewer is.
  function reveal() {
    const name = body.dataset.filter;
    for (const row of rows) {
      if (row.hidden && visible(row, name)) {
        row.hidden = false;
        row.closest(".group").hidden = false;
        mark(row);
      }
    }
    tally();
  }

  // The filters' counts, made once a change to messages is done: it reads every message, and a refresh may update 13,000.
  function count() {
    for (const name of ["all", "review", "findings"]) {
      document.querySelector(`[data-count="${name}"]`).textContent = rows.filter((row) => takes(row, name)).length;
    }
  }

  // --- moving around --------------------------------------------------------------------

  function select(row, { scroll = true, focus = true } = {}) {
    if (!row) return;
    current?.classList.remove("current");
    current = row;
    anchor = null;
    row.classList.add("current");
    if (focus && !row.contains(document.activeElement)) row.focus({ preventScroll: true });
    if (scroll) row.scrollIntoView({ block: row.offsetHeight > room() ? "start" : "nearest" });
    point(row);
  }

  // The height a message has on screen below the header, which stays at the top of a wide window (its
  // height, kept free above what is scrolled into view: review.css): a taller one shows its start.
  const top = document.querySelector(".top");
  const room = () => innerHeight - (getComputedStyle(top).position === "sticky" ? top.offsetHeight : 0);

  function unselect() {
    current?.classList.remove("current");
    current = null;
  }

  function move(step) {
    const list = shown();
    let at = list.indexOf(current);
    if (at < 0 && anchor) { // from the hidden message's place: the shown one after it, or before it
      const after = list.findIndex((row) => anchor.compareDocumentPosition(row) & Node.DOCUMENT_POSITION_FOLLOWING);
      at = (after < 0 ? list.length : after) - (step > 0 ? 1 : 0);
    }
    const next = at < 0 && !anchor ? (step > 0 ? 0 : list.length - 1) : Math.min(Math.max(at + step, 0), list.length - 1);
    select(list[next]);
  }

  // Into the textarea of the message in hand, with the caret after its text.
  function edit() {
    if (!current) move(1);
    const area = current && areaOf(current);
    if (area) {
      area.focus();
      area.setSelectionRange(area.value.length, area.value.length);
      fit(area);
    }
  }

  // --- showing a message ----------------------------------------------------------------

  function update(row, data, { keepText = false } = {}) {
    row.dataset.rev = data.rev;
    row.classList.remove("replaced");
    stated(row, data);
    row.toggleAttribute("data-findings", data.findings.length > 0);
    place(row, data.line);
    const area = areaOf(row);
    if (area && !keepText) {
      area.value = data.translation;
      fit(area);
    }
    saved.set(row.dataset.id, data.translation);
    row.classList.toggle("edited", dirty(row));
    const kinds = { same: "span", removed: "del", added: "ins" };
    const diff = data.diff.map(([kind, text]) => el(kinds[kind], { textContent: text }));
    const english = row.querySelector(".english");
    english.replaceChildren(...(diff.length ? diff : [data.english]));
    const legend = row.querySelector(".legend"); // (only under an English that changed: a catalog has 13,000 messages)
    if (diff.length && !legend) english.after(document.getElementById("legend").content.firstElementChild.cloneNode(true));
    else if (!diff.length) legend?.remove();
    findings(row, data.findings);
  }

  // The state of the message on disk (``data``), as its badge and the filters show it.
  function stated(row, data) {
    row.dataset.state = data.state;
    row.toggleAttribute("data-review", data.review);
    row.querySelector(".badge").textContent = data.label;
  }

  // The message's line in the catalog, as the server read or wrote it last: a save that changes the lines
  // of a block (an approval drops its #| lines) moves every message below it. A refresh gives every
  // message's line; only the cards whose line changed are touched (``lines``: a catalog may have 13,000).
  function place(row, line) {
    const known = lines.get(row);
    if (!known || !line || known.line === line) return;
    known.line = line;
    known.shown.textContent = known.shown.textContent.replace(/\d+$/, line);
  }

  // A finding as review.html.j2 writes it: its check, then its message, whose quotes of the catalog's language
  // are in that language (a screen reader speaks them so; the bidi algorithm keeps them whole). Its text nodes
  // joined as in a page the browser parsed, for ``isEqualNode`` to find it the same as the item there.
  const lang = body.dataset.locale, dir = body.dataset.direction;
  const findingItem = ({ severity, check, parts }) => {
    const said = parts.map(([text, quoted]) => quoted ? el("bdi", { lang, dir, textContent: text }) : text);
    const made = el("li", { className: severity }, el("span", { className: "check", textContent: check }), " ", ...said);
    made.normalize();
    return made;
  };

  // The list is a live region: it is rewritten only when its findings change, for a screen reader to
  // announce each once, not again at every check as the reviewer types.
  function findings(row, list, confirm = null) {
    const items = list.map(findingItem);
    if (confirm) items.push(el("li", { className: "confirm" }, el("button", { type: "button", textContent: "Save anyway", onclick: confirm })));
    const box = row.querySelector(".findings");
    const same = items.length === box.children.length && items.every((item, at) => item.isEqualNode(box.children[at]));
    const holding = box.contains(document.activeElement); // "Save anyway" pressed (read before it goes)
    if (!same || confirm) box.replaceChildren(...items);
    // Its button gone, the focus goes to the message, not to the page's body, where the keys act on none.
    if (holding && !box.contains(document.activeElement)) row.focus({ preventScroll: true });
  }

  // Messages whose conflict box is open: the text on disk it shows (null: the message left the catalog, which the box
  // says), and the reviewer's side of it.
  const open = new Map(); // row → { theirs, mine, retry, undone }
  // Messages saved on this page: the revisions their saves replaced on disk (``base``), and how the last
  // was made. A file that goes back to one of them (an editor saving a copy it read before) undoes the
  // reviewer's save, which the page does not take unasked: ``refresh`` asks, as for a text not saved yet.
  const superseded = new Map(); // row → { revs, approve, confirm }

  // What the status line says of texts not saved yet that were changed on disk, of one whose save met it changed
  // on disk again (``undone``: saved again, as it was here before an editor undid it), and of one no longer there.
  const changedWhileTyped = (list) => `${names(list)} ${list.length > 1 ? "were" : "was"} changed on disk while you ` +
    `were editing ${list.length > 1 ? "them" : "it"}: choose which text to keep.`;
  const changedAgain = (row, undone) => `${nameOf(row)} changed on disk again before your text was ${undone} ` +
    "again: choose which text to keep.";
  const gone = (row) => `${nameOf(row)} is no longer in the catalog on disk as it was: copy your text, then reload the page.`;

  // A message changed on disk (``theirs``; null: it left the catalog) while the reviewer had their own text for it
  // (``mine``): not saved yet, or (``undone``: "approved" or "saved") saved here, then undone on disk. Both are
  // shown, and the reviewer chooses. ``retry`` saves ``mine`` again, made against theirs. The caller says it in the
  // status line, with what else happened. Until they choose, a refresh may show a newer "theirs" here, never put it
  // into the textarea.
  function conflict(row, theirs, mine, retry = null, undone = null) {
    const box = row.querySelector(".conflict") ?? // (made when first asked for, as the legend: 13,000 messages have none)
      row.querySelector(".target").appendChild(el("div", { className: "conflict" }));
    const area = areaOf(row);
    const text = (value) => el("p", { className: "text", lang: area.lang, dir: area.dir, textContent: value || "(empty)" });
    if (row.hidden) { // a filter or a search hid it: the choice is the reviewer's to see (``visible``)
      row.hidden = false;
      row.closest(".group").hidden = false;
      tally();
    }
    // (One that left the catalog is open too, with no choice: a reload would lose the text it shows.)
    open.set(row, theirs ? { theirs, mine, retry, undone } : { theirs, mine, retry: null, undone: null });
    if (!theirs) {
      box.replaceChildren(el("p", { textContent: "This message is no longer in the catalog on disk as it was: its English changed, or it left the letter (letter update?). Copy your text, then reload the page, where a changed message is marked “English changed”." }),
        el("p", { className: "label", textContent: "Yours, not saved:" }), text(mine));
      return;
    }
    stated(row, theirs); // the file's, not that of the text here: one undone on disk is "Reviewed" no more
    const mineKept = el("button", { type: "button", textContent: "Keep mine", onclick: () => {
      const chosen = open.get(row), again = keep(row);
      if (again) savedAgain(row, chosen, again);
      else say("Your text is kept: save it when it is ready.");
    } });
    const theirsTaken = el("button", { type: "button", textContent: "Take theirs", onclick: () => {
      take(row);
      count();
      say("Kept the text saved on disk.");
    } });
    const [onDisk, yours] = [text(theirs.translation), text(mine)];
    box.replaceChildren(
      el("p", { className: "label", textContent: `Saved on disk meanwhile (${theirs.label}):` }), onDisk,
      el("p", { className: "label", textContent: undone ? `Yours, ${undone} here, then undone on disk:` : "Yours, not saved yet:" }), yours,
      el("p", {}, mineKept, " ", theirsTaken));
    marked(row, theirs, mine, onDisk, yours);
  }

  // The words the two texts differ by, marked in each once the server has compared them (``worddiff``),
  // while the box still shows those two texts; texts too long to compare (the server says so) stay as they are.
  async function marked(row, theirs, mine, onDisk, yours) {
    if (!theirs.translation || !mine) return;
    const [status, answer] = await post("diff", { before: mine, after: theirs.translation });
    const choosing = open.get(row);
    if (status !== 200 || !choosing || choosing.theirs !== theirs || choosing.mine !== mine) return;
    const words = (kind) => answer.diff.filter(([k]) => k !== kind)
      .map(([k, part]) => k === "same" ? part : el("mark", { textContent: part }));
    onDisk.replaceChildren(...words("removed"));
    yours.replaceChildren(...words("added"));
  }

  // The choice made: the box goes, and the focus on its buttons goes to the message (not to the page's body).
  function settle(row) {
    const box = row.querySelector(".conflict");
    const holding = box?.contains(document.activeElement); // (read before removing it moves the focus)
    open.delete(row);
    box?.remove();
    if (holding) row.focus({ preventScroll: true });
    ask();
  }

  // The reviewer's text kept, made against the one on disk now; what saves it again (``retry``: a text
  // saved here, then undone on disk), or null: a text not saved yet stays for them to save.
  function keep(row) {
    const { theirs, retry } = open.get(row);
    row.dataset.rev = theirs.rev;
    settle(row);
    return retry;
  }

  function take(row) {
    update(row, open.get(row).theirs);
    settle(row);
  }

  // Several texts saved here, then undone on disk at once (an editor saving a copy it read before undoes
  // every approval made since), are one question, in the header: how many, which, and one answer for all.
  // Each message still shows both its texts, and a choice of its own; a single one is asked there only.
  const batch = document.querySelector(".conflict.undone");
  const undoneRows = () => rows.filter((row) => open.get(row)?.undone); // (in the page's order)
  const doneAs = (list) => [...new Set(list.map((row) => open.get(row).undone))].sort().join(" or ");
  const wentBack = (list) => `${list.length > 1 ? `${list.length} messages` : nameOf(list[0])} went back on disk to ` +
    `what ${list.length > 1 ? "they were" : "it was"} before you ${doneAs(list)} ${list.length > 1 ? "them" : "it"} ` +
    "here (an editor saving a copy it read before?)";
  let asked = ""; // the question shown: rewritten only when it changes, for a screen reader to hear it once
  function ask() {
    const list = undoneRows();
    const question = list.length < 2 ? "" : list.map((row) => `${row.id} ${open.get(row).undone}`).join("\n");
    if (question === asked) return list.length;
    asked = question;
    // The focus in the question goes to its like in the question asked anew, or, the question gone (answered),
    // to the message in hand: never to the page's body, where a keyboard or a screen reader loses its place.
    const held = batch.contains(document.activeElement) ? document.activeElement : null;
    const at = held && [...batch.querySelectorAll(held.localName)].indexOf(held);
    batch.hidden = !question;
    const unfolded = batch.querySelector("details")?.open ?? false;
    batch.replaceChildren(...(!question ? [] : [
      el("p", { textContent: `${wentBack(list)}. Each shows both its texts below.` }),
      el("details", { open: unfolded }, el("summary", { textContent: "Which ones" }),
        el("ul", {}, ...list.map((row) => el("li", {}, el("a", { href: `#${row.id}`, textContent: nameOf(row) }))))),
      el("p", {},
        el("button", { type: "button", textContent: `Keep mine, all ${list.length}`, onclick: keepAll }), " ",
        el("button", { type: "button", textContent: `Take theirs, all ${list.length}`, onclick: takeAll })),
    ]));
    if (held) {
      const alike = batch.querySelectorAll(held.localName);
      (question ? alike[Math.min(at, alike.length - 1)] : current ?? shown()[0])?.focus();
    }
    return list.length;
  }

  // A text kept over the one on disk, saved again (``retry``, with ``more`` of save's options); why it was not (as
  // ``save`` says it), or null. A save that fails gives the message its choice back (``chosen``, as it was asked): the
  // page would otherwise show the approval the file no longer has; unless it answered with a choice of its own, in a
  // box (the message changed on disk again, or gone) or as findings to confirm.
  async function savedAgain(row, chosen, retry, more) {
    const why = await retry(more);
    if (why !== null && !open.has(row) && !row.querySelector(".findings .confirm")) {
      conflict(row, chosen.theirs, chosen.mine, retry, chosen.undone);
    }
    return why;
  }

  // One answer for every text undone on disk: each saved again as it was here, all in one write of the catalog.
  async function keepAll() {
    const list = undoneRows();
    const done = doneAs(list);
    const chosen = list.map((row) => open.get(row));
    const again = list.map(keep); // every box closed at once, the question with them
    say(`Keeping yours: ${list.length} messages ${done} again…`);
    const send = together();
    const whys = await Promise.all(again.map((retry, at) => savedAgain(list[at], chosen[at], retry, { alone: false, send })));
    // Why those not saved failed, each reason once: one of a message's own (``own``) names it, and says what to press
    // (its findings to confirm, its text changed on disk again); the one write's failure, the same for each, is said
    // of the messages it failed (of all: of none by name), whose boxes ask again.
    const told = new Map(); // what a reason says → whether it is a message's own, and the messages it is of
    list.forEach((row, at) => {
      const why = whys[at];
      if (why !== null) told.set(why.said, { own: why.own, of: [...(told.get(why.said)?.of ?? []), row] });
    });
    const failed = [...told.values()].flatMap(({ of }) => of);
    const reasons = [...told].map(([why, { own, of }]) => {
      if (own) return ` ${why}`;
      const said = why.replace(/^Not saved: /, "").replace(/\.$/, "");
      return ` ${of.length < list.length ? `${names(of)}: ${said}` : said[0].toUpperCase() + said.slice(1)}; then ` +
        "press “Keep mine” again.";
    }).join("");
    ask();
    count();
    const kept = list.length - failed.length;
    say(!failed.length ? `Kept yours: ${list.length} messages ${done} again.` :
      kept ? `Kept yours: ${kept} of ${list.length} messages ${done} again.${reasons}` :
      `Not saved: none of the ${list.length} messages was ${done} again.${reasons}`, { brief: !failed.length });
  }

  function takeAll() {
    const list = undoneRows();
    list.forEach(take);
    count();
    say(`Kept the texts saved on disk, for all ${list.length} messages.`);
  }

  // --- talking to the server ------------------------------------------------------------

  // Sends ``data`` to ``path``: the status and the answer. One refused for its token (a server started again, whose
  // token the page lacks yet) is sent again, whole, once the token is renewed: a request of several saves stays one
  // write of the catalog. One refused for anything else (the key: this browser not let in to the server now
  // running) is answered at once: no token fetched anew can mend it. None is sent while the page follows no run
  // (live.js): whoever answers at this address then, another user on the port freed, would be sent the text,
  // and the cookies of every server of 127.0.0.1 running meanwhile.
  async function post(path, data) {
    if (away) return [0, { error: "Not saved: this page follows no letter serve now (stopped, or started again with a key of its own); your text stays here: open the address it printed in this browser, then save it again" }];
    const had = token;
    const answered = await request(path, data);
    if (answered[1].lacking !== "token" || elsewhere) return answered;
    // Asked again for a moment: a server just started may answer the request before it serves the page.
    for (let tries = 0; tries < 5 && token === had && !elsewhere; tries++) {
      if (tries) await new Promise((done) => setTimeout(done, 200 * tries));
      await renew();
    }
    return token === had || elsewhere ? answered : request(path, data);
  }

  async function request(path, data) {
    try {
      const response = await fetch(base + path, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Letter-Token": token },
        body: JSON.stringify(data),
      });
      const text = await response.text();
      try {
        return [response.status, JSON.parse(text)];
      } catch { // the guard's refusal is a line of text, and says what was lacking; a page (a proxy's error) is not
        // for the status line
        const plain = (response.headers.get("Content-Type") || "").startsWith("text/plain");
        return [response.status, { error: (plain && text.trim().slice(0, 300)) || response.statusText,
          lacking: response.headers.get("X-Letter-Refused") }];
      }
    } catch {
      return [0, { error: "Not saved: letter serve cannot be reached (was it stopped?); your text stays here: save it again once the server runs" }];
    }
  }

  // Sends the saves asked for in one go (before the script yields) as one request, which the server saves in one write
  // of the catalog; each is answered as a save sent alone is.
  function together() {
    const queued = [];
    return (data) => new Promise((answered) => {
      if (!queued.length) {
        queueMicrotask(async () => {
          const sent = queued.splice(0);
          const [status, answer] = await post("saves", { messages: sent.map(([message]) => message) });
          sent.forEach(([, done], at) => done(status === 200 ? [answer.answers[at].status, answer.answers[at]] : [status, answer]));
        });
      }
      queued.push([data, answered]);
    });
  }

  // A state asked for while a save is on its way may be older than the save's answer: it is not
  // laid over the page, and the state is asked for again once no save is on its way.
  let saving = 0, generation = 0, missed = false;
  let unreadable = false; // a save was refused as a file could not be read: the status line says so meanwhile

  // Saves (or approves) a message's text; returns null once saved, else why not: what the status line says of it
  // (``said``; empty: nothing to say), and whether that is the message's own reason (``own``: its text changed or gone
  // on disk, its findings to confirm), which names it and says what to press, or the request's failure, which would
  // be the same for any message sent with it. (A caller tells them apart by ``own``, not by the wording.)
  // ``alone``: one the reviewer saved by itself, whose outcome the status line says, and whose approval moves on to
  // the next message (not one of several at once, whose caller says it). ``undone``: how the text was saved here
  // before an editor undid it on disk ("approved" or "saved"), when it is saved again. ``send``: how the request
  // goes (``together``: with others).
  async function save(row, approve, { confirm = false, text = areaOf(row)?.value, alone = true, undone = null,
    send = (data) => post("messages", data) } = {}) {
    const area = areaOf(row);
    if (!area || row.hidden || row.classList.contains("busy")) {
      const why = row.classList.contains("busy") ? `Still saving ${nameOf(row)}: the server has not answered yet.` : "";
      if (why) say(why);
      return { said: why, own: false };
    }
    row.classList.add("busy");
    clearTimeout(checking.get(row)); // a check of the text as typed would redraw the findings this save answers with
    saves.set(row, (saves.get(row) || 0) + 1);
    if (alone) say(approve ? "Approving…" : "Saving…");
    saving++;
    generation++;
    const base = row.dataset.rev;
    const [status, answer] = await send({ id: row.dataset.id, translation: text, approve, base, confirm });
    row.classList.remove("busy");
    saving--;
    generation++;
    if (missed && !saving) {
      missed = false;
      setTimeout(refresh);
    }
    if (status === 200) {
      settle(row);
      if (answer.changed) superseded.set(row, { revs: (superseded.get(row)?.revs ?? new Set()).add(base), approve, confirm });
      update(row, answer.row, { keepText: area.value !== text });
      for (const [id, line] of Object.entries(answer.lines)) { // the messages below it, moved with its lines
        const moved = rowById.get(id);
        if (moved) place(moved, line);
      }
      unreadable = false;
      if (!alone) return null; // (counted by the caller, once)
      count();
      const nothing = text === "" ? "Nothing to save: the box is empty." : approve ? "Already approved." :
        "Nothing to save: the catalog has this text already.";
      const done = answer.row.state === "as-written" ? "Saved: the name is shown as the English writes it." :
        answer.row.state === "untranslated" ? "Saved: the box is empty, so the message is untranslated now." :
        approve ? "Approved." : "Saved as a draft.";
      say(answer.changed ? done : nothing, { brief: true });
      // On to the next message, unless the reviewer went to another while the answer was on its way (which
      // made that one current): the keys they type there are theirs, not shortcuts for the one after this.
      if (approve && current === row) move(1);
      if (approve && current === row && row.contains(document.activeElement)) { // the last one shown
        row.focus({ preventScroll: true }); // out of the box: what is typed next is not added to the text approved
        say(answer.changed ? "Approved: that was the last message shown." : `${nothing} That was the last message shown.`,
          { brief: true });
      }
      return null;
    }
    let why, own = false;
    if (status === 409) { // (its box shows both texts; the reason names the message, one of several at once too)
      conflict(row, answer.conflict, text, (more) => save(row, approve, { confirm, text, undone, ...more }), undone);
      why = !answer.conflict ? gone(row) : undone ? changedAgain(row, undone) : changedWhileTyped([row]);
      own = true;
    } else if (status === 422 && answer.confirm) {
      findings(row, answer.findings, () => save(row, approve, { confirm: true }));
      why = alone ? "Not saved: look at the findings first; correct the translation, or save it anyway." :
        `${nameOf(row)} was not ${approve ? "approved" : "saved"}: look at its findings first; correct your text, or ` +
        "press “Save anyway” below them.";
      own = true;
    } else if (status === 422 && answer.findings) {
      findings(row, answer.findings);
      why = `Not saved: ${answer.error}.`;
    } else if (answer.unreadable) { // said until a state read from the mended file shows it can be read
      unreadable = true;
      why = `Not saved: ${answer.error}`;
    } else {
      const error = answer.error || `the server answered ${status}`;
      why = error.startsWith("Not saved") || status === 403 ? error : `Not saved: ${error}`;
    }
    if (alone) say(why);
    return { said: why, own };
  }

  const checking = new Map(); // message row → its check as typed, waiting
  const saves = new Map(); // message row → how many saves of it were sent: a check sent before one is stale
  function check(row) {
    clearTimeout(checking.get(row));
    checking.set(row, setTimeout(async () => {
      const sent = saves.get(row);
      const [status, answer] = await post("check", { id: row.dataset.id, translation: areaOf(row).value, approve: false, base: row.dataset.rev, confirm: false });
      if (status === 200 && saves.get(row) === sent) findings(row, answer.findings);
    }, 300));
  }

  // Lay the catalog on disk over the page, message by message: each is compared by its revision with
  // the one the page shows, never by the file's version, since the answer to a save of this page
  // (or of another tab) comes from a file that may already hold others' changes too.
  async function refresh() {
    const asked = generation;
    if (saving) {
      missed = true;
      return;
    }
    const response = await fetch(`${base}state`);
    if (!response.ok) return;
    const state = await response.json();
    if (unreadable) {
      unreadable = false;
      say("The files can be read again: save your text again.");
    }
    if (asked !== generation || saving) {
      if (saving) missed = true;
      else refresh();
      return;
    }
    findings(catalog, state.header); // the catalog's as a whole: a glossary added or removed, a header mended
    const byId = new Map(state.rows.map((data) => [data.id, data]));
    if (byId.size !== rows.length || rows.some((row) => !byId.has(row.dataset.id))) {
      if (rows.some(unsaved)) say("The letter or the catalog now has other messages (letter extract or letter update?): save your edits, then reload the page.");
      else location.reload();
      return;
    }
    const replaced = [];
    const undone = []; // conflict boxes opened or renewed: of texts saved here then undone on disk,
    const typed = []; // and of texts not saved yet; each said, before the texts replaced
    for (const row of rows) {
      const data = byId.get(row.dataset.id);
      const choosing = open.get(row);
      place(row, data.line); // where it is on disk now, moved by a change to the messages above it
      if (choosing) {
        if (data.rev !== choosing.theirs?.rev) {
          conflict(row, data, choosing.mine, choosing.retry, choosing.undone);
          (choosing.undone ? undone : typed).push(row);
        }
      } else if (data.rev !== row.dataset.rev) {
        const behind = superseded.get(row); // (changed on disk since: the page's saves are behind it)
        superseded.delete(row);
        if (dirty(row)) {
          conflict(row, data, areaOf(row).value);
          typed.push(row);
        } else if (behind?.revs.has(data.rev)) {
          const mine = saved.get(row.dataset.id), was = behind.approve ? "approved" : "saved";
          const retry = (more) => save(row, behind.approve, { confirm: behind.confirm, text: mine, undone: was, ...more });
          conflict(row, data, mine, retry, was);
          undone.push(row);
        } else if (replace(row, data)) replaced.push(row);
      } else if (!dirty(row) && !row.querySelector(".findings .confirm")) {
        // The same text, checked anew (another message or the glossary changed); not one the reviewer is
        // asked to confirm, whose findings are those of the save they confirm.
        row.toggleAttribute("data-findings", data.findings.length > 0);
        findings(row, data.findings);
      }
    }
    // Several undone are one question, at the top, which says why: said short (a long line covers a phone's page).
    const asking = ask();
    const said = asking > 1 && undone.length ?
      [`${asking} messages went back on disk: choose which texts to keep at the top of the page, or one by one.`] :
      undone.map((row) => `${wentBack([row])}: choose which text to keep.`);
    if (typed.length) said.push(changedWhileTyped(typed));
    count();
    reveal();
    tell(replaced.filter((row) => !row.hidden), said);
  }

  // Show a message as it is on disk; whether its text changed, which is then marked until the next
  // save or change: a reviewer is not to approve unawares a text they have not read.
  function replace(row, data) {
    const changed = areaOf(row) !== null && data.translation !== saved.get(row.dataset.id);
    update(row, data);
    row.classList.toggle("replaced", changed);
    return changed;
  }

  // Messages named by the start of their English, the first three of them.
  const names = (list) => `${list.slice(0, 3).map(nameOf).join(", ")}${list.length > 3 ? ` and ${list.length - 3} more` : ""}`;

  // Says what a refresh ``said`` of the conflicts it opened, then the texts it ``replaced``.
  function tell(replaced, said) {
    if (replaced.length) said.push(`${said.length ? "Also changed" : "Changed"} on disk: ${names(replaced)}.`);
    if (said.length) say(said.join(" "));
  }

  // --- the preview ----------------------------------------------------------------------

  // Shows or hides the edition beside the messages. ``drawn``: it is loaded once the page is drawn (opened in a wide
  // window), since the browser lays it out in the page's own thread, and its signatories would hold the page up.
  function preview({ drawn = false } = {}) {
    if (!toggle) return;
    const open = aside.hidden;
    aside.hidden = !open;
    body.classList.toggle("previewing", open);
    toggle.setAttribute("aria-pressed", String(open));
    if (open && (!frame.getAttribute("src") || frame.contentDocument?.location.pathname !== toggle.dataset.src)) {
      const load = () => { frame.src = toggle.dataset.src; }; // (a page the preview was sent to by a link: the edition again)
      if (drawn) requestAnimationFrame(() => setTimeout(load));
      else load();
    }
    if (open && current) point(current);
  }

  function point(row) {
    const page = aside.hidden ? null : frame.contentDocument;
    if (!page) return;
    page.querySelector(".letter-here")?.classList.remove("letter-here");
    // The text before its first placeholder, in the edition's typography: ’ for ', a space for a no-break one;
    // the translation's, or the English an edition shows in its place (not reviewed, or not shown: findings).
    const plain = (value) => value.replace(/[‘’]/g, "'").replace(/[“”«»]/g, '"').replace(/\s+/g, " ");
    const start = (value) => plain(value.split("{")[0].replace(/\]\([^)]*\)/g, "").replace(/[*_`[\]]/g, ""))
      .trim().slice(0, 40);
    const nodes = [...page.querySelectorAll("h1, h2, p, li")];
    const hit = [areaOf(row)?.value, englishOf(row)].map((value) => value && start(value)).filter((text) => text?.length >= 2)
      .map((text) => nodes.find((node) => plain(node.textContent).includes(text))).find(Boolean);
    if (hit) {
      hit.classList.add("letter-here");
      // Centred in the preview alone: scrollIntoView would scroll the review page too, under the pointer of a
      // reviewer clicking a button of another message (the click then lands beside it).
      const place = hit.getBoundingClientRect(), edition = page.defaultView;
      edition.scrollBy(0, place.top - (edition.innerHeight - place.height) / 2);
    }
  }

  // --- wiring ---------------------------------------------------------------------------

  // The key a shortcut is read from: what the key types or, where that is no Latin character (an Arabic
  // or a Russian layout), the letter at its place on a US keyboard. A French or a Dvorak keyboard keeps
  // its letters where they are printed. The key where a US keyboard has / finds, whatever it types
  // there (ظ, or Russian's full stop); / typed elsewhere (German's Shift+7) finds too.
  function shortcut(event) {
    if (event.code === "Slash") return "/";
    const place = /^Key([A-Z])$/.exec(event.code);
    return place && !/^[\x20-\x7e]$/.test(event.key) ? place[1].toLowerCase() : event.key;
  }

  document.addEventListener("keydown", (event) => {
    if (event.isComposing || event.keyCode === 229) return; // an input method is composing (Chinese, Japanese)
    const row = event.target.closest?.(".msg");
    const command = event.ctrlKey || event.metaKey;
    const key = shortcut(event);
    if (event.target === finder) { // Enter: to the first message found; Esc: the text, then the box, let go
      const list = shown();
      if (command && key.toLowerCase() === "s") say("Ctrl+S saves the text of a message you edit; there is none here.");
      else if (key === "Enter" && !list.length) say(document.querySelector(".empty").textContent);
      else if (key === "Enter") select(list.find((row) => !hints.get(row)?.textContent) ?? list[0]);
      else if (key === "Escape" && finder.value) find("");
      else if (key === "Escape" && current) current.focus({ preventScroll: true });
      else if (key === "Escape") finder.blur();
      else return;
      event.preventDefault();
      return;
    }
    if (event.target.tagName === "TEXTAREA") {
      if (command && key === "Enter") save(row, true);
      else if (command && key.toLowerCase() === "s") save(row, false);
      else if (key === "Escape") row.focus({ preventScroll: true }); // out to the message: keys are shortcuts again
      else return;
      event.preventDefault();
      return;
    }
    if (command || event.altKey || (key === "Enter" && event.target.closest("button, a"))) return;
    // The keys that change a message act on the one that has the focus, never from a link, a button or the
    // page, where a stray key (or a speech command) would approve a draft its reviewer does not see.
    const own = event.target === row;
    const keys = {
      j: () => move(1), k: () => move(-1), 1: () => filter("all"), 2: () => filter("review"),
      3: () => filter("findings"), v: () => preview(), "/": () => finder.focus(),
      ...(own ? { e: edit, Enter: edit, a: () => save(row, true) } : {}),
    };
    if (keys[key]) {
      event.preventDefault();
      keys[key]();
    } else if (["a", "e"].includes(key) && current) {
      say(`${key === "a" ? "a approves" : "e edits"} the message that has the focus: go to it first (j, k or a click).`);
    }
  });
  document.addEventListener("focusin", (event) => {
    const row = event.target.closest(".msg");
    if (row && row !== current) select(row, { scroll: false });
  });
  document.addEventListener("click", (event) => {
    const action = event.target.closest("button[data-act]");
    if (action) save(action.closest(".msg"), action.dataset.act === "approve");
    const choice = event.target.closest("button[data-filter]");
    if (choice) {
      filter(choice.dataset.filter);
      // The message in hand, still shown, takes the focus back: the keys typed next act on it.
      if (current && !current.hidden) current.focus({ preventScroll: true });
    }
  });
  // Shows the messages that hold ``text`` (all of them for none), under the filter in use.
  function find(text) {
    finder.value = text;
    sought = folded(text.trim());
    filter(body.dataset.filter);
  }
  document.addEventListener("input", (event) => {
    if (event.target === finder) find(finder.value);
    if (event.target.tagName !== "TEXTAREA") return;
    const row = event.target.closest(".msg");
    fit(event.target);
    row.classList.toggle("edited", dirty(row));
    check(row);
  });
  document.addEventListener("letter:catalog", (event) => {
    if (event.detail.locale === body.dataset.locale || event.detail.locale === "*") refresh();
  });
  // A server started again gives its pages a token of its own: this page's is fetched anew (a page of
  // another site cannot read it), so that the text typed meanwhile can be saved; but never a token of
  // another project's server, started at this address since: this page's messages are not its.
  let elsewhere = false;
  async function renew() {
    try {
      const page = new DOMParser().parseFromString(await (await fetch(location.href, { cache: "no-store" })).text(), "text/html");
      const meta = (name) => page.querySelector(`meta[name="${name}"]`)?.content;
      elsewhere = meta("letter-project") !== undefined && meta("letter-project") !== project;
      if (!elsewhere && meta("letter-token")) token = meta("letter-token");
    } catch {
      // not up yet: the next connection, or the next save, tries again
    }
  }
  let connected = false, away = false;
  document.addEventListener("letter:connected", async () => {
    const was = away;
    away = false; // a save sent before the token is renewed is refused for it, then sent again (``post``)
    if (connected) await renew(); // (the first connection is to the server that served the page)
    connected = true;
    if (elsewhere) say("Another project is served at this address now: copy any text not saved yet, then reload the page.");
    else if (was) say("letter serve runs again: save your text when it is ready.", { brief: true });
    refresh();
  });
  document.addEventListener("letter:disconnected", () => {
    if (!connected || away) return;
    away = true;
    say("letter serve cannot be reached (was it stopped?): your text stays here; save it once the server runs again.");
  });
  document.addEventListener("letter:refused", () => {
    away = true;
    say("letter serve runs again, with a key of its own: open the address it printed in this browser; your text "
      + "stays here.");
  });
  // A build's problems are shown at the header's foot (live.js): in sight in a wide window, whose header
  // stays, and what is being edited stays in sight below it, however tall it grew; where they scrolled
  // away with the header (a phone), the status line says where they are.
  const POINTER = "The last build found a problem: it is shown at the top of the page.";
  document.addEventListener("letter:problems", ({ detail: { box } }) => {
    heightened(); // (before the observer's turn: scrolled into view, it is kept free)
    const held = current?.contains(document.activeElement) ? document.activeElement : current;
    const place = held?.getBoundingClientRect();
    if (place && (place.top < innerHeight - room() || place.bottom > innerHeight)) held.scrollIntoView({ block: "nearest" });
    if (box && box.getBoundingClientRect().bottom <= 0) say(POINTER, { brief: true });
    else if (document.getElementById("status").textContent === POINTER) say("");
  });
  window.addEventListener("beforeunload", (event) => {
    if (rows.some(unsaved)) event.preventDefault();
  });
  toggle?.addEventListener("click", () => preview());
  frame.addEventListener("load", () => {
    const page = frame.contentDocument; // null for a page the server forbids framing
    if (!page) return;
    // A link of the edition opens in a tab of its own: in the preview, a review page cannot be shown,
    // and any other page would take the edition's place.
    page.head.prepend(Object.assign(page.createElement("base"), { target: "_blank" }));
    page.addEventListener("letter:refreshed", () => current && point(current));
    if (current) point(current);
  });

  // A height kept free is set on the elements that use it (review.css), and only when it changed: the root's
  // custom properties, even those not inherited, restyle every element, and a catalog has 13,000 messages.
  const reserve = (name, value, ...nodes) => {
    for (const node of nodes) if (node.style.getPropertyValue(name) !== value) node.style.setProperty(name, value);
  };
  const wide = matchMedia("(min-width: 50rem)");
  // The height kept free below the header (review.css), none where it scrolls away: a header over half the
  // window's height (``tall``) does, which would otherwise cover the message in hand (WCAG 2.4.11). What focus
  // or j and k scroll into view stops below it, in a wide window.
  const heightened = () => {
    top.classList.toggle("tall", top.offsetHeight > innerHeight / 2);
    const kept = getComputedStyle(top).position === "sticky" ? top.offsetHeight : 0;
    reserve("--top-height", `${kept}px`, aside);
    reserve("scroll-padding-block-start", wide.matches ? `calc(${kept}px + 0.5rem)` : "", document.documentElement);
  };
  new ResizeObserver(heightened).observe(top);
  addEventListener("resize", heightened);
  // The status line's height, kept free at the page's end (review.css); grown while the page is at its end
  // (a save said, a change on disk told), the page stays at its end: the last message is not under it meanwhile.
  const status = document.getElementById("status");
  new ResizeObserver(() => {
    const root = document.documentElement;
    const atEnd = scrollY + innerHeight >= root.scrollHeight - 1; // (read before the room kept grows)
    reserve("--status-height", status.offsetHeight ? `${status.offsetHeight}px` : "", root, document.getElementById("messages"));
    if (atEnd) scrollTo(scrollX, root.scrollHeight);
  }).observe(status);
  filter(body.dataset.filter);
  count();
  if (toggle && window.matchMedia("(min-width: 80rem)").matches) preview({ drawn: true });
  select(shown()[0], { scroll: false });
})();
