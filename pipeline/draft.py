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
  of the same English in the catalog is reused before any provider is asked.
"""
from __future__ import annotations

import functools
import json
import re
import sqlite3
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import closing
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Mapping

import polib
from tqdm import tqdm

from pipeline import catalogs, po, providers
from pipeline.catalogs import LocaleCatalog
from pipeline.checks import LOST_NOTE, URL
from pipeline.config import Config
from pipeline.errors import InputError
from pipeline.files import ChangedOnDisk, write_atomic
from pipeline.locales import LocaleInfo, source_locale
from pipeline.model import NAME_CONTEXT

#: The translator comment of a machine draft starts with this, then the provider and the date;
#: it is also how ``--overwrite-drafts`` tells a machine draft from a person's.
DRAFT_NOTE = "machine draft:"
#: The note's source for a draft copied from a reviewed message with the same English.
REUSED = "reused"
#: Drafts are saved at most this often (seconds); answers are in the cache as soon as they come.
SAVE_INTERVAL = 0.5
CACHE = Path(".letter-cache") / "drafts.sqlite3"


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


# --- protecting what must not change ------------------------------------------------------------

class Glue(str, Enum):
    """How a protected token sits in the text, so the spaces a service adds around it can be undone."""

    NONE = "none"
    NEXT = "next"          # an opening marker: "*" of "*word*", "[" of a link
    PREVIOUS = "previous"  # a closing marker: the second "*", "](https://…)"


@dataclass(frozen=True)
class Token:
    text: str
    glue: Glue = Glue.NONE


@dataclass(frozen=True)
class Masked:
    """A message as it is sent: protected tokens replaced by ``{0}``, ``{1}``…, outer spaces set apart."""

    text: str
    tokens: tuple[Token, ...] = ()
    lead: str = ""
    trail: str = ""


# Each alternative is a named group: the name is the token's glue. Code spans, autolinks,
# placeholders, URLs, names and numbers are kept whole; emphasis markers and the two halves
# of a link are kept apart, so that the words between them are translated.
_ATOMS = [r"`[^`\n]+`", r"<[A-Za-z][\w+.-]*:[^<>\s]*>", r"\{[^{}\n]*\}", URL.pattern,
          r"(?<!\w)(?:[^\W\d_]+-?)?\d+(?:[.,]\d+)*"]  # 2020, 1,000, COVID-19, G20
_OPENERS = [r"\[(?=[^\]\n]*\]\([^)\s]*\))", r"(?<![\w*_\\])[*_]{1,3}(?=[^\s*_])"]
_CLOSERS = [r"\]\([^)\s]*\)", r"(?<=[^\s*_\\])[*_]{1,3}(?![\w*_])"]

# A placeholder as it may come back: "{3}", "{ 3 }", fullwidth "｛３｝", Arabic-Indic digits.
_PLACEHOLDER = re.compile(r"[{｛]\s*(\d+)\s*[}｝]")


@functools.cache
def _protected(names: tuple[str, ...]) -> re.Pattern[str]:
    by_length = sorted(names, key=len, reverse=True)  # "Ban Ki-moon" before "Ban"
    atoms = _ATOMS + ([rf"(?<!\w)(?:{'|'.join(map(re.escape, by_length))})(?!\w)"] if names else [])
    return re.compile("|".join(f"(?P<{glue.value}>{'|'.join(patterns)})" for glue, patterns in
                               ((Glue.NONE, atoms), (Glue.PREVIOUS, _CLOSERS), (Glue.NEXT, _OPENERS))))


def protect(text: str, names: tuple[str, ...] = ()) -> Masked:
    """Replace what a translation must keep as it is by numbered placeholders."""
    lead, core, trail = providers.spaces(text)
    tokens: list[Token] = []

    def mask(match: re.Match[str]) -> str:
        tokens.append(Token(match.group(), Glue(match.lastgroup)))
        return f"{{{len(tokens) - 1}}}"

    return Masked(_protected(names).sub(mask, core), tuple(tokens), lead, trail)


def restore(translation: str, masked: Masked) -> tuple[str, tuple[str, ...]]:
    """Put the tokens back; also return those whose placeholder did not come back.

    Spaces a service put inside emphasis or a link ("* word *") are taken out again.
    """
    parts = _PLACEHOLDER.split(translation.strip())  # text, number, text, number, …, text
    out = [parts[0]]
    found: set[int] = set()
    for number, text in zip(parts[1::2], parts[2::2]):
        index = int(number)
        token = masked.tokens[index] if index < len(masked.tokens) else Token(f"{{{number}}}")
        found.add(index)
        if token.glue is Glue.PREVIOUS:
            out[-1] = out[-1].rstrip()
        out += [token.text, text.lstrip() if token.glue is Glue.NEXT else text]
    lost = tuple(dict.fromkeys(token.text for index, token in enumerate(masked.tokens) if index not in found))
    return masked.lead + "".join(out) + masked.trail, lost


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
    origin: str                  # what the comment names: the provider, or REUSED
    lost: tuple[str, ...] = ()   # protected tokens the provider's answer did not keep


def is_machine_draft(entry: polib.POEntry) -> bool:
    return entry.fuzzy and any(line.startswith(DRAFT_NOTE) for line in (entry.tcomment or "").splitlines())


def draftable(entry: polib.POEntry, overwrite_drafts: bool) -> bool:
    """Untranslated messages (and, if asked, earlier machine drafts); never a reviewed or human translation.

    Names are left empty, which means "as written": a machine would transliterate
    them at best. Plural messages are left too: a service cannot write plural forms.
    """
    return bool(not entry.obsolete and entry.msgid and not entry.msgid_plural and entry.msgctxt != NAME_CONTEXT
                and (not entry.msgstr or (overwrite_drafts and is_machine_draft(entry))))


def plan(catalog: polib.POFile, overwrite_drafts: bool) -> list[Job]:
    """The messages to draft, masked, in catalog order; signatories' names are protected wherever they occur."""
    names = tuple(entry.msgid for entry in catalog if entry.msgctxt == NAME_CONTEXT and not entry.obsolete)
    return [Job((entry.msgctxt, entry.msgid), entry.linenum, protect(entry.msgid, names), (entry.msgstr, entry.fuzzy))
            for entry in catalog if draftable(entry, overwrite_drafts)]


def reviewed(catalog: polib.POFile) -> dict[str, str]:
    """Reviewed translations by English text (the first one, in catalog order), to reuse as drafts."""
    found: dict[str, str] = {}
    for entry in catalog:
        if entry.msgstr and not entry.fuzzy and not entry.obsolete and entry.msgctxt != NAME_CONTEXT:
            found.setdefault(entry.msgid, entry.msgstr)
    return found


def answered(job: Job, answer: str, via: Via, provider: str) -> Draft:
    text, lost = restore(answer, job.masked)
    return Draft(job, text, via, provider, lost)


def apply(catalog: polib.POFile, drafts: list[Draft], day: str) -> list[Draft]:
    """Put drafts into the catalog where the message is still as planned; return the ones that landed.

    A message someone translated or edited while the provider was answering keeps
    their text: its draft is dropped.
    """
    entries = {(entry.msgctxt, entry.msgid): entry for entry in catalog if not entry.obsolete}
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
    lines.append(f"{DRAFT_NOTE} {draft.origin}, {day}")
    if draft.lost:
        lines.append(f"{LOST_NOTE} " + ", ".join(json.dumps(token, ensure_ascii=False) for token in draft.lost))
    return "\n".join(lines)


# --- the files: catalog and cache ------------------------------------------------------------------

def _parse(data: bytes, path: Path, config: Config) -> polib.POFile:
    try:
        return po.parse(data, str(path))
    except po.POSyntaxError as error:
        raise InputError(config.relative(path), error.line, error.reason) from None


def _read(path: Path, config: Config) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(config.relative(path), None, f"cannot read the catalog: {error.strerror}") from None


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
        self._known = _read(path, config)  # the file as this run last read or wrote it
        self.catalog = _parse(self._known, path, config)
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
            current = _read(self.path, self._config)
            if current != self._known:
                self.catalog = _parse(current, self.path, self._config)
                self._known = current
            landed = apply(self.catalog, self._pending, self._day)
            data = po.dumps(self.catalog).encode("utf-8")
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
    """Providers' answers by (provider, language pair, text), so nothing is paid for twice.

    An offline provider gets an in-memory cache: it costs nothing to ask again.
    """

    def __init__(self, path: Path | None, display: str) -> None:
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path or ":memory:", timeout=30)
            self._db.execute("CREATE TABLE IF NOT EXISTS answers (provider TEXT, source TEXT, target TEXT, "
                             "text TEXT, translation TEXT NOT NULL, PRIMARY KEY (provider, source, target, text))")
        except (sqlite3.Error, OSError) as error:
            raise InputError(display, None, f"cannot use the draft cache ({error}); delete it, "
                                            "it only saves asking again") from None

    def get(self, service: providers.Service, text: str) -> str | None:
        row = self._db.execute("SELECT translation FROM answers WHERE provider=? AND source=? AND target=? AND text=?",
                               (service.provider.name, service.source, service.target, text)).fetchone()
        return row[0] if row else None

    def put(self, service: providers.Service, text: str, translation: str) -> None:
        with self._db:  # committed at once: a killed run keeps every answer it got
            self._db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
                             (service.provider.name, service.source, service.target, text, translation))

    def close(self) -> None:
        self._db.close()


# --- the run ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Failure:
    line: int
    msgid: str
    reason: str


@dataclass(frozen=True)
class Outcome:
    """What a run did to one catalog."""

    locale: LocaleInfo
    path: Path
    tally: Tally
    failures: tuple[Failure, ...]

    def summary(self) -> str:
        """"12 drafted, 3 reused, 0 cached, 1 failed", and what needs a look."""
        landed = self.tally.landed
        text = (f"{landed[Via.DRAFTED]} drafted, {landed[Via.REUSED]} reused, {landed[Via.CACHED]} cached, "
                f"{len(self.failures)} failed")
        if self.tally.kept:
            text += f"; {self.tally.kept} left as someone edited them during the run"
        if self.tally.lost:
            text += f"; {self.tally.lost} lost a protected token (`letter check {self.locale.tag}` lists them)"
        return text


def run(config: Config, codes: tuple[str, ...], options: Options, environ: Mapping[str, str] | None = None
        ) -> list[Outcome]:
    """Draft every catalog named; all are read, and the provider set up, before the first request."""
    provider = providers.PROVIDERS[options.provider]
    settings = providers.settings(provider, options.key, options.url, environ or {})
    found, _ = catalogs.select(config, codes)  # folder errors come only with all locales; these are named
    day = catalogs.now().date().isoformat()
    writers = [(item, Writer(item.path, config, day)) for item in found]
    cache_path = config.root / CACHE
    wait_turn = providers.rate_limiter(options.rate) if options.rate else None
    with providers.patient_requests(options.timeout, options.retries), \
            closing(Cache(cache_path if provider.online else None, config.relative(cache_path))) as cache:
        table = providers.languages(provider, settings, options.timeout)
        source = providers.language_code(provider, table, source_locale())
        services = [providers.Service(provider, settings, source, providers.language_code(provider, table, item.locale),
                                      timeout=options.timeout, wait_turn=wait_turn) for item, _ in writers]
        return [_draft(item, writer, service, cache, options) for (item, writer), service in zip(writers, services)]


def _draft(item: LocaleCatalog, writer: Writer, service: providers.Service, cache: Cache, options: Options) -> Outcome:
    """Draft one catalog: reuse, then the cache, then the provider, saving as answers come."""
    name = service.provider.name
    jobs = plan(writer.catalog, options.overwrite_drafts)
    same_english = reviewed(writer.catalog)
    waiting: dict[str, list[Job]] = {}  # masked text → the messages it drafts: each text is asked once
    for job in jobs:
        if job.key[1] in same_english:
            writer.add(Draft(job, same_english[job.key[1]], Via.REUSED, REUSED))
        elif (answer := cache.get(service, job.masked.text)) is not None:
            writer.add(answered(job, answer, Via.CACHED, name))
        else:
            waiting.setdefault(job.masked.text, []).append(job)
    failures: list[Failure] = []
    asked = sum(map(len, waiting.values()))
    with tqdm(total=len(jobs), initial=len(jobs) - asked, desc=item.locale.tag, unit="msg", file=sys.stderr,
              disable=None, leave=False) as bar, ThreadPoolExecutor(options.jobs) as pool:
        futures = {pool.submit(service.translate, text): text for text in waiting}
        try:
            writer.save()
            for future in as_completed(futures):
                text = futures[future]
                try:
                    answer = future.result()
                except providers.ProviderError as error:
                    if error.fatal:
                        raise InputError(None, None, f"{name}: {error.reason}") from None
                    failures += [Failure(job.line, job.key[1], error.reason) for job in waiting[text]]
                else:
                    cache.put(service, text, answer)
                    for job in waiting[text]:
                        writer.add(answered(job, answer, Via.DRAFTED, name))
                bar.update(len(waiting[text]))
                writer.save_if_due()
        finally:
            pool.shutdown(wait=False, cancel_futures=True)  # a fatal error or ^C: no further requests
            writer.save()
    return Outcome(item.locale, item.path, writer.tally, tuple(sorted(failures, key=lambda f: f.line)))
