"""``letter draft``: machine drafts for untranslated messages, safe to run on a translator's real catalog.

A draft is a suggestion for review, never a translation: it is marked fuzzy, and
a translator comment names where it came from and when. The rules that make the
stage safe on a catalog someone spent a week on:

* only untranslated messages are drafted (``--overwrite-drafts``: also earlier
  machine drafts); a reviewed translation, a fuzzy one from ``letter update`` and
  a personal name are never touched;
* drafts are saved atomically as they arrive, so a kill leaves a valid catalog;
* before each save the file on disk is compared with what this run last wrote: if
  someone saved it meanwhile, their version is read back and a draft only lands on
  a message that is still as it was when the run began;
* URLs, numbers, names and inline Markdown are replaced by ``{0}``, ``{1}``… before
  sending and put back after; a draft that lost one is kept, with a comment the
  ``lost-token`` check reports;
* answers are cached (provider, language pair, text), and a reviewed translation
  of the same English in the catalog is reused before any provider is asked;
* the service's own list of languages is asked once a day (kept in the same
  cache), and every locale is matched to it before the first translation is asked.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import AbstractContextManager, closing, nullcontext
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import polib

from pipeline import catalogs, po, providers
from pipeline.catalogs import LocaleCatalog
from pipeline.config import Config
from pipeline.errors import InputError
from pipeline.files import ChangedOnDisk, write_atomic
from pipeline.locales import LocaleInfo, source_locale
from pipeline.masking import DRAFT_NOTE, LOST_NOTE, Masked, draft_note, draft_origin, protect, restore
from pipeline.model import is_name, qualifiers, translated
from pipeline.po import entry_key

#: Drafts are saved at most this often (seconds); answers are in the cache as soon as they come.
SAVE_INTERVAL = 0.5
CACHE = Path(".letter-cache") / "drafts.sqlite3"
#: How long a service's list of languages is kept in the cache (seconds).
LANGUAGES_LIFETIME = 24 * 3600
#: Requests in a row that get no answer at all, that the service refuses as busy or unavailable even
#: after retrying, or that get a web page (a proxy's, a login page's) before a catalog's run stops asking:
#: the network or the service is down, will not translate for now, or cannot be reached past what is in the
#: way, and each further request would only wait out its retries to fail the same way.
GIVE_UP = 8


@dataclass(frozen=True)
class Options:
    """How to draft: which provider, how to reach it, how hard to push it."""

    provider: str
    key: str | None = None
    url: str | None = None
    overwrite_drafts: bool = False
    jobs: int = 4             # requests in flight at once
    rate: float | None = None  # requests per second, at most
    timeout: float = 30.0     # seconds for each request
    retries: int = 4          # of a request that failed with 429, 5xx or a connection error


# --- what to draft, and putting drafts in --------------------------------------------------------

@dataclass(frozen=True)
class Job:
    """One message to draft, and the state it must still be in when its draft lands."""

    key: tuple[str | None, str]  # (msgctxt, msgid)
    line: int
    masked: Masked
    before: tuple[str, bool]     # (msgstr, fuzzy) when the run began


class Via(str, Enum):
    DRAFTED = "drafted"  # asked the provider in this run
    CACHED = "cached"    # the provider's answer to an earlier run
    REUSED = "reused"    # a reviewed translation of the same English in this catalog


@dataclass(frozen=True)
class Draft:
    job: Job
    text: str
    via: Via
    origin: str                  # what the comment names: the provider, or "reused"
    lost: tuple[str, ...] = ()   # protected tokens the provider's answer did not keep


def is_machine_draft(entry: polib.POEntry) -> bool:
    """A fuzzy message whose text is still the one a machine drafted: not edited since, as far as its note says."""
    return entry.fuzzy and draft_origin(entry.tcomment, entry.msgstr) is not None


def draftable(entry: polib.POEntry, overwrite_drafts: bool) -> bool:
    """Untranslated messages (and, if asked, earlier machine drafts that nobody edited since); never a
    reviewed or human translation.

    Names are left empty, which means "as written": a machine would transliterate
    them at best. Plural messages are left too: a service cannot write plural forms.
    """
    return bool(not entry.obsolete and entry.msgid and not entry.msgid_plural and not is_name(entry.msgctxt)
                and (not translated(entry.msgstr) or (overwrite_drafts and is_machine_draft(entry))))


def plan(catalog: polib.POFile, overwrite_drafts: bool) -> list[Job]:
    """The messages to draft, masked, in catalog order; signatories' names are protected wherever they occur."""
    names = tuple(entry.msgid for entry in catalog if is_name(entry.msgctxt) and not entry.obsolete)
    return [Job(entry_key(entry), entry.linenum, protect(entry.msgid, names), (entry.msgstr, entry.fuzzy))
            for entry in catalog if draftable(entry, overwrite_drafts)]


def reusable(catalog: polib.POFile) -> dict[tuple[str, str], str]:
    """Reviewed translations by their context's qualifiers and English text (the first one, in catalog
    order), to reuse as drafts: "Chile" the country for "Chile" the affiliation, but never a feminine
    role's translation for the masculine one, whose context keeps them apart."""
    translations: dict[tuple[str, str], str] = {}
    for entry in catalog:
        if translated(entry.msgstr) and not entry.fuzzy and not entry.obsolete and not is_name(entry.msgctxt):
            translations.setdefault((qualifiers(entry.msgctxt), entry.msgid), entry.msgstr)
    return translations


def answered(job: Job, answer: str, via: Via, provider: str) -> Draft:
    text, lost = restore(answer, job.masked)
    return Draft(job, text, via, provider, lost)


def apply(catalog: polib.POFile, drafts: list[Draft], day: str) -> list[Draft]:
    """Put drafts into the catalog where the message is still as planned; return the ones that landed.

    A message someone translated or edited while the provider was answering keeps
    their text: its draft is dropped.
    """
    entries = {entry_key(entry): entry for entry in catalog if not entry.obsolete}
    landed = []
    for draft in drafts:
        entry = entries.get(draft.job.key)
        if entry is None or (entry.msgstr, entry.fuzzy) != draft.job.before:
            continue
        entry.msgstr = draft.text
        if not entry.fuzzy:
            entry.flags.insert(0, "fuzzy")
        entry.tcomment = note(entry.tcomment, draft, day)
        landed.append(draft)
    return landed


def note(comment: str | None, draft: Draft, day: str) -> str:
    """The translator's own comment lines, then where the draft came from and what it lost."""
    lines = [line for line in (comment or "").splitlines() if not line.startswith((DRAFT_NOTE, LOST_NOTE))]
    lines.append(draft_note(draft.origin, day, draft.text))
    if draft.lost:
        lines.append(f"{LOST_NOTE} " + ", ".join(json.dumps(token, ensure_ascii=False) for token in draft.lost))
    return "\n".join(lines)


# --- the files: catalog and cache ------------------------------------------------------------------

@dataclass
class Tally:
    """How the drafts of one catalog ended up."""

    landed: Counter[Via] = field(default_factory=Counter)
    kept: int = 0  # dropped: someone edited the message during the run
    lost: int = 0  # saved without a protected token


class Writer:
    """Saves drafts into a catalog as they come: atomically, and never over someone else's edit."""

    def __init__(self, path: Path, config: Config, day: str) -> None:
        self.path = path
        self._config = config
        self._day = day
        self._known = catalogs.read(path)[0]  # the file as this run last read or wrote it
        self.catalog = catalogs.parse(self._known, path, config)
        self._pending: list[Draft] = []
        self._saved_at = float("-inf")
        self.tally = Tally()

    def add(self, draft: Draft) -> None:
        self._pending.append(draft)

    def save_if_due(self) -> None:
        if time.monotonic() - self._saved_at >= SAVE_INTERVAL:
            self.save()

    def save(self) -> None:
        """Write the pending drafts into the catalog as it is on disk now.

        If someone saved the file since this run last read or wrote it (Poedit, an
        editor), their version is read back and wins; ``write_atomic`` checks once
        more just before its rename, and a save that lost that race starts over.
        """
        if not self._pending:
            return
        while True:
            current = catalogs.read(self.path)[0]
            if current != self._known:
                self.catalog = catalogs.parse(current, self.path, self._config)
                self._known = current
            landed = apply(self.catalog, self._pending, self._day)
            self.catalog.metadata = po.with_charset(self.catalog.metadata)
            data = po.encoded(self.catalog, current)
            try:
                write_atomic(self.path, data, expected=current)
                break
            except ChangedOnDisk:
                self._known = b""  # the drafts went into a catalog that is already out of date
        self._known = data
        self._saved_at = time.monotonic()
        self.tally.kept += len(self._pending) - len(landed)
        for draft in landed:
            self.tally.landed[draft.via] += 1
            self.tally.lost += bool(draft.lost)
        self._pending = []


class Cache:
    """Providers' answers by (provider, language pair, text), so nothing is paid for twice; and
    services' lists of languages by (provider, the list's address, a digest of the key), for a day.

    An offline provider gets an in-memory cache: it costs nothing to ask again.
    """

    def __init__(self, path: Path | None, display: str) -> None:
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path or ":memory:", timeout=30)
            self._db.execute("CREATE TABLE IF NOT EXISTS answers (provider TEXT, source TEXT, target TEXT, "
                             "text TEXT, translation TEXT NOT NULL, PRIMARY KEY (provider, source, target, text))")
            self._db.execute("CREATE TABLE IF NOT EXISTS languages (provider TEXT, address TEXT, key TEXT, "
                             "fetched REAL NOT NULL, offer TEXT NOT NULL, PRIMARY KEY (provider, address, key))")
        except (sqlite3.Error, OSError) as error:
            raise InputError(display, None, f"cannot use the draft cache ({error}); delete it, "
                                            "it only saves asking again") from None

    def get(self, service: providers.Service, text: str) -> str | None:
        """The answer kept for ``text``, if it is one a fresh answer would be: a web page kept by a version
        that took it for a translation is absent, so the text is asked again and its answer replaces it."""
        row = self._db.execute("SELECT translation FROM answers WHERE provider=? AND source=? AND target=? AND text=?",
                               (service.provider.name, service.source, service.target, text)).fetchone()
        return row[0] if row and not providers.page_for(text, row[0]) else None

    def put(self, service: providers.Service, text: str, translation: str) -> None:
        with self._db:  # committed at once: a killed run keeps every answer it got
            self._db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
                             (service.provider.name, service.source, service.target, text, translation))

    def offer(self, provider: str, address: str, key: str | None) -> providers.Offer | None:
        """The list of languages fetched from ``address`` less than a day ago, if any."""
        row = self._db.execute("SELECT fetched, offer FROM languages WHERE provider=? AND address=? AND key=?",
                               (provider, address, _digest(key))).fetchone()
        if row is None or not 0 <= time.time() - row[0] < LANGUAGES_LIFETIME:
            return None
        try:
            return providers.Offer.from_json(row[1])
        except (ValueError, KeyError, TypeError):  # not as this version keeps it: asked again
            return None

    def keep_offer(self, provider: str, address: str, key: str | None, offer: providers.Offer) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO languages VALUES (?, ?, ?, ?, ?)",
                             (provider, address, _digest(key), time.time(), offer.to_json()))

    def close(self) -> None:
        self._db.close()


def _digest(key: str | None) -> str:
    """A key as the cache keeps it: another key may see other languages, and no key is stored in clear."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest() if key else ""


# --- the run ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Failure:
    line: int
    msgid: str
    reason: str


class GaveUp(str, Enum):
    """Why a catalog's run stopped asking, said after "GIVE_UP requests in a row"."""

    UNREACHABLE = "got no answer; check the network connection and the service's address"
    REFUSED = ("were refused: the service is busy or unavailable (HTTP 429, 502, 503, 504); run the same command "
               "again later")
    PAGE = "were answered with a web page, not a translation: is a proxy or login page in the way?"


@dataclass(frozen=True)
class Outcome:
    """What a run did to one catalog; ``unasked`` messages were left when it gave up on the service,
    for the reason ``gave_up`` says."""

    locale: LocaleInfo
    path: Path
    tally: Tally
    failures: tuple[Failure, ...]
    unasked: int = 0
    gave_up: GaveUp = GaveUp.UNREACHABLE

    @property
    def failed(self) -> int:
        return len(self.failures) + self.unasked

    def summary(self) -> str:
        """"12 drafted, 3 reused, 0 cached, 1 failed", and what needs a look."""
        landed = self.tally.landed
        text = (f"{landed[Via.DRAFTED]} drafted, {landed[Via.REUSED]} reused, {landed[Via.CACHED]} cached, "
                f"{len(self.failures)} failed")
        if self.unasked:
            text += f", {self.unasked} not asked: {GIVE_UP} requests in a row {self.gave_up.value}"
        if self.tally.kept:
            text += f"; {self.tally.kept} left as someone edited them during the run"
        if self.tally.lost:
            text += f"; {self.tally.lost} lost a protected token (`letter check {self.locale.tag}` lists them)"
        return text


class Stopped(Exception):
    """A run stopped before its end: by Ctrl-C (``reason`` None), or by a failure after which no request can
    succeed. ``finished`` are the outcomes of the catalogs it went through; ``holding`` every catalog that holds
    drafts it saved, the one it stopped in too: what a person is told to review, since each was saved as it
    went."""

    def __init__(self, reason: str | None, finished: tuple[Outcome, ...], holding: tuple[Path, ...]) -> None:
        super().__init__(reason or "interrupted")
        self.reason = reason
        self.finished = finished
        self.holding = holding


#: What a caller may show of a locale's drafting (its tag, its messages to draft, those done already): a
#: context manager that gives an object whose ``update(n)`` is told of every n more done (tqdm's bar).
Meter = Callable[[str, int, int], AbstractContextManager[Any]]


class _Unshown:
    def update(self, n: int) -> None:
        pass


def _unmetered(tag: str, total: int, done: int) -> AbstractContextManager[_Unshown]:
    return nullcontext(_Unshown())


def run(config: Config, codes: tuple[str, ...], options: Options, environ: Mapping[str, str],
        warn: Callable[[str], object], meter: Meter = _unmetered) -> list[Outcome]:
    """Draft every catalog named; all are read, and every locale matched to the provider's
    languages, before the first translation is asked. ``warn`` gets the one line said when
    the service's list of languages cannot be had, and one when a wait before a retry is long;
    ``meter`` is told how each locale goes."""
    provider = providers.PROVIDERS[options.provider]
    settings = providers.settings(provider, options.key, options.url, environ)
    selected, _ = catalogs.select(config, codes)  # folder errors come only with all locales; these are named
    day = po.now().date().isoformat()
    writers = [(item, Writer(item.path, config, day)) for item in selected]
    cache_path = config.root / CACHE
    wait_turn = providers.rate_limiter(options.rate) if options.rate else None
    with providers.patient_requests(options.timeout, options.retries,
                                    say=lambda line: warn(f"{provider.name}: {line}")), \
            closing(Cache(cache_path if provider.online else None, config.relative(cache_path))) as cache:
        offer = _offer(provider, settings, cache, options.timeout, warn)
        source = providers.source_code(provider, offer, source_locale())
        services = [providers.Service(provider, settings, source,
                                      providers.target_code(provider, offer, item.locale, source),
                                      timeout=options.timeout, wait_turn=wait_turn) for item, _ in writers]
        finished: list[Outcome] = []
        try:
            for (item, writer), service in zip(writers, services, strict=True):
                finished.append(_draft(item, writer, service, cache, options, meter))
        except (KeyboardInterrupt, providers.ProviderError) as stop:  # _draft lets only a fatal failure through
            reason = f"{provider.name}: {stop.reason}" if isinstance(stop, providers.ProviderError) else None
            raise Stopped(reason, tuple(finished), tuple(writer.path for _, writer in writers if writer.tally.landed)) \
                from None
        return finished


def _offer(provider: providers.Provider, settings: providers.Access, cache: Cache, timeout: float,
           warn: Callable[[str], object]) -> providers.Offer | None:
    """What the provider translates: the service's own list (kept a day), else deep-translator's table.

    A refused key or a service that cannot be reached stops the run here, before
    any translation is asked (each would fail the same way); a list that cannot be
    had otherwise is replaced by the table, said in one line.
    """
    if provider.listing is None:
        return providers.builtin(provider)
    address = provider.listing.address(settings)
    kept = cache.offer(provider.name, address, settings.key)
    if kept is not None:
        return kept
    try:
        offer = providers.languages.fetch(provider.listing, settings, timeout)
    except providers.ProviderError as error:
        if error.unreachable:
            check = ("check --url and that the service runs" if provider.url_variable
                     else "check the network connection")
            raise InputError(None, None, f"{provider.name}: cannot reach {_site(address)} ({error.unreachable}): "
                                         f"{check}") from None
        fallback = providers.builtin(provider)
        if error.fatal or fallback is None:
            raise InputError(None, None, f"{provider.name}: cannot get its list of languages: {error.reason}") from None
        warn(f"{provider.name}: cannot get its list of languages ({error.reason}); using deep-translator's "
             f"built-in list of {len(fallback.targets)} languages, which may lack some the service offers")
        return replace(fallback, stand_in=True)
    cache.keep_offer(provider.name, address, settings.key, offer)
    return offer


def _site(address: str) -> str:
    """An address as people are told it: scheme and host, without a password it may hold."""
    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def _draft(item: LocaleCatalog, writer: Writer, service: providers.Service, cache: Cache, options: Options,
           meter: Meter) -> Outcome:
    """Draft one catalog: reuse, then the cache, then the provider, saving as answers come."""
    name = service.provider.name
    jobs = plan(writer.catalog, options.overwrite_drafts)
    same_english = reusable(writer.catalog)
    waiting: dict[str, list[Job]] = {}  # masked text → the messages it drafts: each text is asked once
    for job in jobs:
        if (reused := same_english.get((qualifiers(job.key[0]), job.key[1]))) is not None:
            writer.add(Draft(job, reused, Via.REUSED, Via.REUSED.value))
        elif (answer := cache.get(service, job.masked.text)) is not None:
            writer.add(answered(job, answer, Via.CACHED, name))
        else:
            waiting.setdefault(job.masked.text, []).append(job)
    failures: list[Failure] = []
    asked = sum(map(len, waiting.values()))
    done: set[str] = set()  # texts whose request ended, answered or not
    in_a_row = 0  # requests unanswered or refused, since the last that was neither
    gave_up = GaveUp.UNREACHABLE  # what the last of them was
    with meter(item.locale.tag, len(jobs), len(jobs) - asked) as bar, ThreadPoolExecutor(options.jobs) as pool:
        futures = {pool.submit(service.translate, text): text for text in waiting}
        try:
            writer.save()
            for future in as_completed(futures):
                text = futures[future]
                done.add(text)
                try:
                    answer = future.result()
                except providers.ProviderError as error:
                    if error.fatal:
                        raise
                    failures += [Failure(job.line, job.key[1], error.reason) for job in waiting[text]]
                    in_a_row = in_a_row + 1 if error.unreachable or error.refused else 0
                    gave_up = (GaveUp.UNREACHABLE if error.unreachable else GaveUp.PAGE if error.page
                               else GaveUp.REFUSED)
                else:
                    in_a_row = 0
                    cache.put(service, text, answer)
                    for job in waiting[text]:
                        writer.add(answered(job, answer, Via.DRAFTED, name))
                bar.update(len(waiting[text]))
                writer.save_if_due()
                if in_a_row == GIVE_UP:
                    break
        finally:
            pool.shutdown(wait=False, cancel_futures=True)  # a fatal error or ^C: no further requests
            writer.save()
    unasked = sum(len(queued) for text, queued in waiting.items() if text not in done)
    return Outcome(item.locale, item.path, writer.tally, tuple(sorted(failures, key=lambda f: f.line)), unasked,
                   gave_up)
