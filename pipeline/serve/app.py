"""The Starlette application of ``letter serve``: the editions, the review pages and their writes, the reload events.

* ``/…``: the files of the preview folder the builds write; each HTML page gets the live script, which refreshes
  it when a build rewrote it and shows a build's errors over it (the files are not changed).
* ``/review/`` and ``/review/<locale>/``: the review pages; ``…/state`` is a page's model
  as JSON; a POST to ``…/check`` answers the findings a text would have, one to
  ``…/messages`` saves a message (both name it by its identifier, in their JSON), and answers its row and the
  line of every message the write moved; one to ``…/saves`` saves several in one write of the catalog.
* ``/_letter/events``: server-sent events, one ``build`` per build and one ``catalog``
  per catalog that changed on disk; ``/_letter/static/``: the pages' script and styles.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import polib
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from sse_starlette.sse import EventSourceResponse
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from pipeline import collector
from pipeline.build.manifest import file_state
from pipeline.catalogs import LocaleCatalog, discover
from pipeline.config import CONFIG_FILE
from pipeline.errors import InputError, read_json
from pipeline.findings import Finding, Severity
from pipeline.locales import LOCALE_CODE, LocaleInfo, tag_of
from pipeline.model import MAX_UNIT_LENGTH, is_required, translated
from pipeline.po import entry_key, line_breaks_differ
from pipeline.serve import review, writes
from pipeline.serve.security import POLICY, Guard, inside
from pipeline.serve.sources import Sources
from pipeline.serve.watch import (
    Built,
    Rebuilder,
    Watched,
    catalog_tag,
    glossary_tag,
    preview_config,
    templates_folder,
    watch,
)
from pipeline.worddiff import word_diff
from pipeline.wording import counted

STATIC = "/_letter/static/"
MESSAGE_ID = re.compile(r"[0-9a-f]{16}")
#: A build number an events request may name (``Hub.seq``: milliseconds since 1970, and builds since): ASCII
#: digits, as ``str.isdigit`` alone would let "²" through to ``int``, and short of ``int``'s 4,300-digit limit.
BUILD_NUMBER = re.compile(r"[0-9]{1,30}")
#: What JSON may carry and a file cannot: half of a UTF-16 pair, which UTF-8 cannot encode.
SURROGATE = re.compile("[\ud800-\udfff]")
#: The largest request body a write may send: one message, well over ``MAX_UNIT_LENGTH`` characters of UTF-8.
MAX_BODY = 8 * MAX_UNIT_LENGTH
#: The largest request body a save of several messages may send.
MAX_SAVES_BODY = 16 * MAX_BODY
#: The longest text the conflict box compares word by word (a long paragraph twice over): a diff takes
#: time that grows with the product of the two texts' lengths.
MAX_DIFFED = 5_000
#: Seconds after a build before the catalogs it was made for are read for the review pages.
READ_AFTER = 1.0
#: The review page may not be framed at all: its buttons write catalogs (clickjacking).
REVIEW_POLICY = f"{POLICY}; frame-ancestors 'none'"
#: The locale of a "catalog" event that every review page follows: the letter's English changed.
EVERY_LOCALE = "*"


@dataclass
class Hub:
    """The builds' outcomes, told to every open page. ``seq`` counts builds; a page knows the build
    it was served after, and learns of every file written since then when it connects. The count
    starts at the server's start in milliseconds: a page that an earlier run of the server served
    (its browser reconnects by itself) is then behind every build of this one, not ahead of them."""

    seq: int = field(default_factory=lambda: time.time_ns() // 1_000_000)
    last: Built | None = None
    written_at: dict[str, int] = field(default_factory=dict)
    queues: set[asyncio.Queue[dict[str, str]]] = field(default_factory=set)

    def built(self, built: Built) -> None:
        self.seq += 1
        self.last = built
        for name in built.written:
            self.written_at[name] = self.seq
        self._tell("build", self._build_event(built.written))

    def catalog_changed(self, tag: str) -> None:
        self._tell("catalog", {"locale": tag})

    def _build_event(self, written: tuple[str, ...] | list[str]) -> dict[str, object]:
        problems = self.last.problems if self.last else ()
        return {"seq": self.seq, "written": list(written),
                "errors": [{"report": p.report, "path": p.path, "line": p.line} for p in problems]}

    def _tell(self, event: str, data: dict[str, object]) -> None:
        message = {"event": event, "data": json.dumps(data, ensure_ascii=False)}
        for queue in self.queues:
            queue.put_nowait(message)

    async def follow(self, since: int) -> AsyncIterator[dict[str, str]]:
        """A page's events: first the files written since build ``since`` and the current errors, then each event."""
        queue: asyncio.Queue[dict[str, str]] = asyncio.Queue()
        self.queues.add(queue)
        try:
            missed = sorted(name for name, seq in self.written_at.items() if seq > since)
            yield {"event": "build", "data": json.dumps(self._build_event(missed), ensure_ascii=False)}
            while True:
                yield await queue.get()
        finally:
            self.queues.discard(queue)


def _templates() -> Environment:
    return Environment(loader=PackageLoader("pipeline.serve", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


class Server:
    """The state of one ``letter serve``: the settings, the token, the key, the builds and the pages."""

    def __init__(self, root: Path, preview: Path, host: str, port: int, token: str, key: str,
                 say: Callable[..., None], ready: Callable[[], None]) -> None:
        self.root, self.preview = root, preview
        self.config = preview_config(root, preview)  # its output is the preview folder the builds write
        self.host, self.port, self.token, self.key = host, port, token, key
        # Which project the pages are of: a page left open takes a new run's token only from its own project's.
        self.project = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:16]
        self.say, self.ready = say, ready
        self.hub = Hub()
        self.rebuilder = Rebuilder(root, preview, self._announce)
        self.sources = Sources()
        self.catalog_cache = writes.CatalogCache()
        self._review: tuple[tuple, review.Review] | None = None  # the last model made, and what from
        self._unread: set[Path] = set()  # catalogs changed on disk, to be read after the next build
        self.templates = _templates()
        self._locks: dict[Path, threading.Lock] = {}
        self._watching: asyncio.Task[None] | None = None
        self._watched: Watched | None = None
        self._stop_watching = asyncio.Event()

    # --- building and watching -------------------------------------------------------------

    async def _announce(self, built: Built) -> None:
        self.hub.built(built)
        # An open review page and the next save need the catalogs that changed: they are read now,
        # but once the pages have refreshed, with which reading them would compete.
        unread, self._unread = self._unread, set()
        loop = asyncio.get_running_loop()
        for path in unread:
            loop.call_later(READ_AFTER, loop.run_in_executor, None, self._read_quietly, path)
        stamp = time.strftime("%H:%M:%S")
        drafts = sum(draft for _tag, draft in built.editions)
        if built.editions:
            self.say(f"[{stamp}] built {counted(len(built.editions), 'edition')} ({counted(drafts, 'draft')}) in "
                     f"{built.seconds:.2f} s; {counted(len(built.written), 'file')} changed")
        for problem in built.problems:
            self.say(f"[{stamp}] {problem.report}", err=True)

    def _changed(self, paths: list[Path]) -> None:
        if others := [path for path in paths if not self.catalog_cache.written_here(path)]:  # a save is said once
            self.say(f"[{time.strftime('%H:%M:%S')}] changed: {', '.join(self.config.relative(p) for p in others)}")
        if self.config.source in paths or self.config.signatories in paths:  # every review page's English
            self.hub.catalog_changed(EVERY_LOCALE)
        for path in paths:
            tag = catalog_tag(self.config, path)
            if tag is not None:
                self.hub.catalog_changed(tag)
                self._unread.add(path)
            elif (tag := glossary_tag(self.config, path)) is not None:  # its review page checks with it
                self.hub.catalog_changed(tag)
        if self.root / CONFIG_FILE in paths:
            self._reload_settings()
        elif Watched.of(self.config) != self._watched:  # a folder to watch was made (locales/, say)
            self._rewatch()
        if any(path.is_relative_to(templates_folder()) for path in paths):
            self.rebuilder.renew()
        self.rebuilder.request()

    def _read_quietly(self, path: Path) -> None:
        try:
            self.catalog_cache.read(path, self.config)
        except InputError:
            pass  # the build reports it

    def _reload_settings(self) -> None:
        """New settings may move what is watched; unreadable ones are the build's to report."""
        try:
            self.config = preview_config(self.root, self.preview)
        except InputError:
            return
        self._rewatch()

    def _rewatch(self) -> None:
        """Watch what the settings name, from now on."""
        self._stop_watching.set()
        self._stop_watching = asyncio.Event()
        self._watched = Watched.of(self.config)
        self._watching = asyncio.create_task(watch(self.config, self._changed, self._stop_watching))

    @asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        self.say("building the editions, drafts included...")
        await self.rebuilder.build()
        building = asyncio.create_task(self.rebuilder.run())
        self._rewatch()
        assert self._watched is not None
        names = [f"{self.config.relative(folder)}/" for folder in self._watched.folders]
        self.say(f"[{time.strftime('%H:%M:%S')}] watching {', '.join(names)} and {CONFIG_FILE}")
        self.ready()
        try:
            yield
        finally:
            self._stop_watching.set()
            self.rebuilder.stop()
            building.cancel()
            await asyncio.gather(building, self._watching, return_exceptions=True)

    # --- the editions ------------------------------------------------------------------------

    def _live(self, mode: str) -> Markup:
        return Markup('<script src="{}live.js" data-build="{}" data-mode="{}" defer></script>').format(
            STATIC, self.hub.seq, mode)

    async def preview_file(self, request: Request) -> Response:
        relative = request.path_params["path"]
        target = inside(self.config.output, relative)
        if target is None or any(part.startswith(".") for part in Path(relative).parts):
            return self._not_found(relative)
        if target.is_dir():
            if relative and not relative.endswith("/"):  # (//fr: "//fr/" would name another host)
                return RedirectResponse(f"/{relative.lstrip('/')}/", status_code=308)
            target = target / "index.html"
        if not target.is_file():
            return self._not_found(relative)
        if target.suffix != ".html":
            return FileResponse(target)
        page = target.read_bytes()
        script = str(self._live("page")).encode()
        end = page.rfind(b"</body>")
        page = page[:end] + script + b"\n" + page[end:] if end >= 0 else page + script
        return Response(page, media_type="text/html")

    def _not_found(self, what: str) -> HTMLResponse:
        """A page the build has not made, and what the last build could not use (a catalog that cannot be
        read, say), which may be why."""
        problems = [problem.report for problem in self.hub.last.problems] if self.hub.last else []
        said = ["The last build could not use what these lines name:", *problems] if problems else []
        return self._problem_page("Not found", [f"/{what} is not in the build (yet).", *said], 404)

    def _problem_page(self, title: str, lines: list[str], status: int) -> HTMLResponse:
        html = self.templates.get_template("problem.html.j2").render(
            title=title, lines=lines, live=self._live("problem"), static=STATIC, token=self.token,
            project=self.project)
        return HTMLResponse(html, status_code=status, headers={"content-security-policy": REVIEW_POLICY})

    # --- the review pages --------------------------------------------------------------------

    def _catalog(self, request: Request) -> LocaleCatalog | None:
        """The catalog the URL names, if it is one of the project's and lies inside it."""
        code = request.path_params["locale"]
        if not LOCALE_CODE.fullmatch(code):
            return None
        tag = tag_of(code)
        if tag is None:
            return None
        item = {each.locale.tag: each for each in discover(self.config)[0]}.get(tag)
        if item is None or inside(self.config.root, self.config.relative(item.path)) is None:
            return None
        return item

    async def review_index(self, _request: Request) -> HTMLResponse:
        listed, problems = discover(self.config)
        html = self.templates.get_template("index.html.j2").render(
            catalogs=listed, problems=[e.report(self.config.root) for e in problems], live=self._live("review"),
            static=STATIC)
        return HTMLResponse(html, headers={"content-security-policy": REVIEW_POLICY})

    def _model(self, item: LocaleCatalog) -> review.Review:
        """A review page's model; the last one is kept until its catalog, the letter, the settings or the
        locale's glossary change (an open review page asks for it after every change on disk)."""
        config = self.config
        letter = self.sources.letter(config)
        snapshot = self.catalog_cache.read(item.path, config)
        glossary = file_state(config.glossary_path(item.locale.posix))  # its checks read it anew
        key = (item.path, snapshot.version, id(letter), id(config), glossary)
        if self._review is None or self._review[0] != key:
            with collector.Paused():  # (``review_html``)
                self._review = (key, review.review(config, letter, item.locale, snapshot))
        return self._review[1]

    def review_html(self, model: review.Review, edition: str) -> str:
        """A review page. The collector is paused meanwhile: the page's 13,000 messages allocate enough to set it off
        again and again, each time walking every object the server holds (the letter, the catalogs)."""
        with collector.Paused():
            return self.templates.get_template("review.html.j2").render(
                review=model, counts=model.counts(), token=self.token, project=self.project,
                live=self._live("review"), static=STATIC, edition=edition)

    async def review_page(self, request: Request) -> Response:
        item = self._catalog(request)
        if item is None:
            return self._problem_page("No such catalog", [f"There is no catalog for "
                                      f"{request.path_params['locale']!r}; see /review/ for those there are."], 404)
        if request.path_params["locale"] != item.locale.tag:  # /review/IT/, /review/pt_BR/: one address a page
            return RedirectResponse(f"/review/{item.locale.tag}/", status_code=308)
        try:
            model = await run_in_threadpool(self._model, item)
        except InputError as error:
            return self._problem_page(f"Review: {item.locale.native_name}", [error.report(self.config.root)], 200)
        edition = (self.config.output / item.locale.tag / "index.html").is_file()
        # In a thread: a catalog of thousands of messages keeps the template busy long enough to hold up
        # every other request (the live reload, the preview) if it ran here.
        html = await run_in_threadpool(self.review_html, model, f"/{item.locale.tag}/" if edition else "")
        return HTMLResponse(html, headers={"content-security-policy": REVIEW_POLICY})

    async def review_state(self, request: Request) -> JSONResponse:
        item = self._catalog(request)
        if item is None:
            return _error(404, "no such catalog")
        try:
            model = await run_in_threadpool(self._model, item)
        except InputError as error:
            return _error(422, error.report(self.config.root))
        with collector.Paused():  # (``review_html``: 13,000 messages' state is as many objects again)
            return JSONResponse(model.as_json())

    async def check_message(self, request: Request) -> JSONResponse:
        return await self._message_request(request, self._check)

    async def save_message(self, request: Request) -> JSONResponse:
        return await self._message_request(request, self._save)

    async def word_diff(self, request: Request) -> JSONResponse:
        """The words two texts differ by (``worddiff.word_diff``): the conflict box marks those of the text
        saved on disk meanwhile (``after``) and of the reviewer's (``before``), so that a word changed in a
        long paragraph is seen."""
        body = await request.body()
        data = _json(body) if len(body) <= 2 * MAX_BODY else None
        if not isinstance(data, dict) or not all(isinstance(data.get(k), str) and len(data[k]) <= MAX_DIFFED
                                                 for k in ("before", "after")):
            return _error(400, f"send before and after, two texts of at most {MAX_DIFFED:,} characters")
        return JSONResponse({"diff": await run_in_threadpool(word_diff, data["before"], data["after"])})

    async def _message_request(self, request: Request, handle: Callable[..., JSONResponse], *, limit: int = MAX_BODY,
                               too_long: str = "too long for one message",
                               vet: Callable[[object], JSONResponse | None] | None = None) -> JSONResponse:
        """Validate what every message request names and sends (``vet``: one message, by default), then ``handle``
        it in a thread."""
        item = self._catalog(request)
        if item is None:
            return _error(404, "no such catalog")
        body = await request.body()
        if len(body) > limit:
            return _error(413, too_long)
        if (data := _json(body)) is None:
            return _error(400, "send the message as JSON")
        if (refused := (vet or _unfit)(data)) is not None:
            return refused
        try:
            return await run_in_threadpool(handle, item, data)
        except InputError as error:  # a file the answer needs cannot be read: the page says so until it can
            return JSONResponse({"error": error.report(self.config.root), "unreadable": True}, status_code=422)

    async def save_messages(self, request: Request) -> JSONResponse:
        """Save several messages in one write (``{"messages": [...]}``, each as ``…/messages`` takes one): answers
        ``{"answers": [...]}``, each as ``…/messages`` answers, with its ``status``."""
        return await self._message_request(request, self._save_all, limit=MAX_SAVES_BODY, vet=_unfit_list,
                                           too_long="too long for one request: save fewer messages at once")

    def _save_all(self, item: LocaleCatalog, data: dict) -> JSONResponse:
        answers = self._saved(item, data["messages"])
        return JSONResponse({"answers": [{"status": answer.status_code, **json.loads(answer.body)}
                                         for answer in answers]})

    def _check(self, item: LocaleCatalog, data: dict) -> JSONResponse:
        snapshot = self.catalog_cache.read(item.path, self.config)
        entry = snapshot.entries.get(data["id"])
        if entry is None:
            return _error(404, "no such message in the catalog")
        findings = review.message_findings(self.config, item.locale, snapshot, entry, data["translation"])
        return JSONResponse({"findings": [review.finding_json(f) for f in findings]})

    def _save(self, item: LocaleCatalog, data: dict) -> JSONResponse:
        return self._saved(item, [data])[0]

    def _saved(self, item: LocaleCatalog, listed: list[dict]) -> list[JSONResponse]:
        """Save messages (of distinct identifiers) in one write of the catalog, each unless it changed on disk (409,
        with both texts) or its text has findings that would fail the check and the reviewer has not confirmed it
        (422, with them); the answer to each, as to a save of it alone."""
        config, locale = self.config, item.locale
        lock = self._locks.setdefault(item.path, threading.Lock())
        with lock:
            snapshot = self.catalog_cache.read(item.path, config)
            vetted = [self._vetted(item, snapshot, data) for data in listed]
            made = {each.edit.id: each for each, _found in vetted if isinstance(each, writes.Edited)}
            if not made:
                return [answer for answer, _found in vetted]
            try:
                saved = writes.save(self.catalog_cache, item.path, config, locale,
                                    [each.edit for each in made.values()], made)
            except OSError as error:  # a catalog made read-only, a full disk: nothing was written
                said = (f"Not saved: {config.relative(item.path)} cannot be written ({error.strerror or error}); "
                        "the file is as it was")
                self.say(f"[{time.strftime('%H:%M:%S')}] {said}", err=True)
                return [_error(503, said) if isinstance(each, writes.Edited) else each for each, _found in vetted]
        if saved.changed:
            self.rebuilder.request()
            approved = sum(each.edit.approve for key, each in made.items() if key in saved.entries)
            if len(saved.entries) == 1:
                entry = next(iter(saved.entries.values()))
                what = "approved" if approved else "saved as a draft" if translated(entry.msgstr) else \
                    "left untranslated"
                where = f"{config.relative(item.path)}:{entry.linenum}"
            else:
                what = f"{counted(len(saved.entries), 'message')} saved in one write ({approved} approved)"
                where = config.relative(item.path)
            self.say(f"[{time.strftime('%H:%M:%S')}] {what}: {where}")
        answers = []
        for each, found in vetted:
            if not isinstance(each, writes.Edited):
                answers.append(each)
            elif each.edit.id in saved.conflicts:
                answers.append(self._conflict(locale, saved.snapshot, saved.conflicts[each.edit.id]))
            else:
                row = review.row_of(saved.entries[each.edit.id], found)
                answers.append(JSONResponse({"row": row.as_json(), "changed": saved.changed, "lines": saved.moved}))
        return answers

    def _vetted(self, item: LocaleCatalog, snapshot: writes.Snapshot, data: dict
                ) -> tuple[writes.Edited, list[Finding]] | tuple[JSONResponse, None]:
        """A message's edit made, with the findings its text has; or the answer refusing it."""
        config, locale = self.config, item.locale
        entry = snapshot.entries.get(data["id"])
        edit = writes.Edit(data["id"], data["translation"], data["approve"], data["base"])
        if writes.conflicting(entry, edit, locale):
            return self._conflict(locale, snapshot, entry), None
        if data["approve"] and not translated(data["translation"]) and is_required(entry.msgctxt):
            return _error(400, "Not saved: write a translation before approving it"), None
        if not translated(data["translation"]) and translated(entry.msgstr) and not entry.fuzzy \
                and is_required(entry.msgctxt):  # a name left empty is shown as written, as it may be
            return _error(400, "Not saved: the box is empty, and saving it would delete the reviewed "
                               "translation; write one, or save the reviewed one unchanged as a draft to have "
                               "it reviewed again"), None
        if (ends := _line_ends(entry.msgid, data["translation"])) is not None:
            return _error(400, ends), None
        try:
            made = writes.edited_entry(snapshot, entry, edit, locale, config)  # what no confirmation can save
        except InputError as error:
            return _error(400, f"Not saved: {error.message.removeprefix('not saved: ')}"), None
        findings = review.message_findings(config, locale, snapshot, entry, data["translation"])
        listed = [review.finding_json(f) for f in findings]
        if data["approve"] and review.refused(findings):
            return JSONResponse({"findings": listed, "error": "msgfmt would refuse the catalog with this "
                                 "translation approved: mend it, or save it as a draft"}, status_code=422), None
        if not data["confirm"] and not data["approve"] and translated(entry.msgstr) and not entry.fuzzy \
                and locale.tag in config.published:
            listed.append(self._unreviewing(item, entry, emptied=not translated(data["translation"])))
            return JSONResponse({"findings": listed, "confirm": True}, status_code=422), None
        if review.blocking(findings) and not data["confirm"]:
            return JSONResponse({"findings": listed, "confirm": True}, status_code=422), None
        return made, findings

    def _unreviewing(self, item: LocaleCatalog, entry: polib.POEntry, *, emptied: bool) -> dict[str, object]:
        """What saving a draft over the reviewed translation ``entry`` of a published locale does to its
        edition, as ``letter check`` would say it: a paragraph or the title has nothing reviewed to show
        then, which fails the build; any other message is shown in English meanwhile, and a name
        ``emptied`` (the only message that may be) as the English writes it, for good."""
        path, tag = self.config.relative(item.path), item.locale.tag
        if emptied:
            return review.finding_json(Finding(
                "pending", Severity.WARNING, path, entry.linenum,
                "this name's translation is reviewed, and the published edition shows it: emptied, the edition "
                "shows the name as the English writes it"))
        if entry_key(entry) in self.sources.letter(self.config).text_keys:
            return review.finding_json(Finding(
                "fuzzy", Severity.ERROR, path, entry.linenum,
                f"this translation is reviewed, and the published edition shows it: saved as a draft, it is "
                f"reviewed no more, and `letter check` and the build fail for {tag} until it is approved (the "
                "edition stays online as the last build made it)"))
        return review.finding_json(Finding(
            "pending", Severity.WARNING, path, entry.linenum,
            "this translation is reviewed, and the published edition shows it: saved as a draft, it is reviewed "
            "no more, and the edition shows it in English until it is approved"))

    def _conflict(self, locale: LocaleInfo, snapshot: writes.Snapshot, theirs: polib.POEntry | None) -> JSONResponse:
        """409: the message as it is on disk now (None: it is gone), for the reviewer to choose."""
        row = None
        if theirs is not None:
            findings = review.message_findings(self.config, locale, snapshot, theirs, theirs.msgstr)
            row = review.row_of(theirs, findings).as_json()
        return JSONResponse({"conflict": row}, status_code=409)

    # --- events ------------------------------------------------------------------------------

    async def events(self, request: Request) -> EventSourceResponse:
        since = request.query_params.get("since", "0")
        return EventSourceResponse(self.hub.follow(int(since) if BUILD_NUMBER.fullmatch(since) else 0), ping=15)


def _json(body: bytes) -> object:
    """What a request's body says as JSON; None when it is not JSON, or nested past what json can follow."""
    try:
        return read_json(body)
    except ValueError:
        return None


def _unfit(data: object) -> JSONResponse | None:
    """The refusal of a message a request sends that is not one to save or check, or None."""
    fields = {"id": str, "translation": str, "approve": bool, "base": str, "confirm": bool}
    if not isinstance(data, dict) or any(not isinstance(data.get(k), t) for k, t in fields.items()):
        return _error(400, f"send {', '.join(fields)}")
    if not MESSAGE_ID.fullmatch(data["id"]):
        return _error(400, "no such message")
    if len(data["translation"]) > MAX_UNIT_LENGTH:
        return _error(400, f"Not saved: the translation is {len(data['translation']):,} characters long, and "
                           f"no message of a letter may be longer than {MAX_UNIT_LENGTH:,}")
    if not data["translation"].isascii() and SURROGATE.search(data["translation"]):
        return _error(400, "the translation holds half of a character (a lone UTF-16 surrogate), which no "
                           "catalog can hold; type or paste the text again")
    return None


def _unfit_list(data: object) -> JSONResponse | None:
    """The refusal of a request to save several messages that does not send a list of them, each one to save
    (``_unfit``), none twice; or None."""
    listed = data.get("messages") if isinstance(data, dict) else None
    if not isinstance(listed, list) or not listed:
        return _error(400, "send messages, a list of them")
    for each in listed:
        if (refused := _unfit(each)) is not None:
            return refused
    if len({each["id"] for each in listed}) < len(listed):
        return _error(400, "a message is named twice")
    return None


def _line_ends(english: str, translation: str) -> str | None:
    """msgfmt's refusal of a translation that begins or ends with a line break where its English does not, or
    the other way round (``po.line_breaks_differ``), said for a reviewer, who types in a box where Enter is a
    line break; None when they agree, or the box is empty (a message left untranslated, which msgfmt accepts)."""
    places = line_breaks_differ(english, translation) if translation else ()
    for where, test in (("end", str.endswith), ("begin", str.startswith)):
        if where in places:
            return (f"Not saved: the translation {where}s with a line break, which the English does not (an Enter "
                    "pressed there?); remove it" if test(translation, "\n") else
                    f"Not saved: the English {where}s with a line break, and so must the translation; add it")
    return None


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _with_slash(request: Request) -> Response:
    """A review page asked for without its final slash, as an edition's folder is: sent on to it."""
    return RedirectResponse(f"{request.url.path}/", status_code=308)


def create(server: Server) -> Guard:
    """The application, behind its guard."""
    static = Path(__file__).resolve().parent / "static"
    app = Starlette(routes=[
        Route("/_letter/events", server.events),
        Mount(STATIC.rstrip("/"), StaticFiles(directory=static)),
        Route("/review/", server.review_index),
        Route("/review", _with_slash),
        Route("/review/{locale}/", server.review_page),
        Route("/review/{locale}", _with_slash),
        Route("/review/{locale}/state", server.review_state),
        Route("/review/{locale}/check", server.check_message, methods=["POST"]),
        Route("/review/{locale}/messages", server.save_message, methods=["POST"]),
        Route("/review/{locale}/saves", server.save_messages, methods=["POST"]),
        Route("/review/{locale}/diff", server.word_diff, methods=["POST"]),
        Route("/{path:path}", server.preview_file),
    ], lifespan=server.lifespan)
    return Guard(app, host=server.host, port=server.port, token=server.token, key=server.key)

