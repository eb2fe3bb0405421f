"""Watching the project and building it again after every change, one build at a time.

What is watched: the letter's source files, the catalogs (and glossaries) under the
locales folder, the edition templates and ``pyproject.toml``. Each change asks for a
build; changes that come during a build ask for one more, made as soon as it ends.

Each build is ``build.run(config, read, drafts=True, preview=True, pdfs=False)``, in a process of its own
that lives from one build to the next (see ``Rebuilder`` and ``build_once``), into a preview
folder of the server's, never into the output folder: a draft previewed there would replace a
published edition, which the next ``letter build`` would then have nothing to keep of. It makes
no PDF: a PDF of a long letter takes a minute, and an edition is to follow an approval in a
second; ``letter build`` makes them.
"""
from __future__ import annotations

import asyncio
import gc
import multiprocessing
import multiprocessing.connection
import os
import shutil
import signal
import threading
import time
import traceback
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import NoReturn

import watchfiles

from pipeline import build, render, reviewed
from pipeline.catalogs import discover
from pipeline.config import CONFIG_FILE, Config, load_config
from pipeline.errors import InputError
from pipeline.locales import source_locale, tag_of
from pipeline.serve.sources import Sources

#: Milliseconds: a change is reported once nothing more changed for ``STEP``, and after ``DEBOUNCE`` at most.
STEP = 20
DEBOUNCE = 300
#: The files under the locales folder that a build or a review page reads: catalogs, template, glossaries,
#: and the record of reviewed translations beside each catalog.
LOCALE_FILES = (".po", ".pot", ".toml", reviewed.SUFFIX)


@dataclass(frozen=True)
class Problem:
    """An ``InputError`` as a page shows it."""

    path: str | None
    line: int | None
    message: str
    report: str  # the line ``letter`` prints for it, the file relative to the project

    @classmethod
    def of(cls, error: InputError, root: Path | str) -> Problem:
        return cls(error.path, error.line, error.message, error.report(root))


@dataclass(frozen=True)
class Built:
    """What one build did: the editions (tag, draft), the files it wrote, what went wrong."""

    editions: tuple[tuple[str, bool], ...]
    written: tuple[str, ...]
    problems: tuple[Problem, ...]
    seconds: float


def preview_config(root: Path, preview: Path) -> Config:
    """The project's settings, its editions built into ``preview`` instead of its output folder."""
    return replace(load_config(root), output=preview)


def build_once(root: Path, preview: Path, sources: Sources) -> Built:
    """Load the settings and build with drafts and without PDFs into ``preview``, in this process: an
    unreadable file is a ``Problem``.

    The build is given the letter as read from its files (``sources``), so that it is not read,
    nor its messages made, again for every build; it is given with its files' record, so that a
    small change renders only what it changed.
    """
    started = time.perf_counter()
    try:
        config = preview_config(root, preview)
        result = build.run(config, sources.read(config), drafts=True, preview=True, pdfs=False)
    except InputError as error:
        return Built((), (), (Problem.of(error, root),), time.perf_counter() - started)
    unpublished = [InputError(config.root / CONFIG_FILE, None, f"{tag}: {build.unpublished(tag)}; here it is "
                              "previewed as a draft") for tag in result.unpublished]
    return Built(tuple((e.locale.tag, e.draft) for e in result.editions), result.written,
                 tuple(Problem.of(error, root) for error in (*result.errors, *unpublished)),
                 time.perf_counter() - started)


def _builder(connection: multiprocessing.connection.Connection, preview: Path) -> None:
    """The build process: builds the project each time it is sent its folder and the preview's, until it
    is sent None. Should the server end without sending it (killed: ``kill -9``, the kernel out of memory),
    it stops, even in the middle of a build, and removes the preview folder, which nobody else would."""
    # Ctrl-C is the server's: it ends this process. The collector is paused during a build as the
    # letter command pauses it for every stage (``collector.Paused`` in ``cli.group.LetterGroup``), and
    # run between builds.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()
    try:
        _follow_the_server()
        _build_until_told(connection)
        _told_to_end()
    except ServerGone:
        _leave(preview)


def _build_until_told(connection: multiprocessing.connection.Connection) -> None:
    warmed = False
    sources = Sources()
    while (folders := _next(connection)) is not None:
        root, preview = folders
        if not warmed:
            _warm(root)
            warmed = True
        try:
            built = build_once(root, preview, sources)
        except Exception:  # a bug, not bad input: say so, with the traceback, and keep serving
            failed = InputError(None, None, "the build failed; please report this:\n" + traceback.format_exc())
            built = Built((), (), (Problem.of(failed, root),), 0.0)
        try:
            connection.send(built)
        except OSError:
            _server_gone()
        gc.collect()


def _next(connection: multiprocessing.connection.Connection) -> tuple[Path, Path] | None:
    """The next project to build and its preview folder; None at the end. ``ServerGone`` when the server is
    gone without a word."""
    try:
        return connection.recv()
    except EOFError:
        _server_gone()
        return None


class ServerGone(BaseException):
    """The build process's server ended without telling it to (killed): it stops where it is, as at Ctrl-C,
    and no ``except Exception`` of the build's catches it."""


#: The signal by which the build process's watching thread stops its main thread.
GONE = getattr(signal, "SIGUSR1", None)
#: Seconds the build's threads are given to end once its server is gone, before the build process ends.
SETTLE = 2.0


@dataclass
class _Ending:
    """Whether the build process is ending: told to, or its server gone (``ServerGone`` raised)."""

    told: bool = False
    gone: bool = False


_ENDING = _Ending()


def _server_gone(_signal: int | None = None, _frame: object = None) -> None:
    """Raise ``ServerGone`` in the build process's main thread: once, and not once it was told to end."""
    if not _ENDING.gone and not _ENDING.told:
        _ENDING.gone = True
        raise ServerGone


def _told_to_end() -> None:
    _ENDING.told = True


def _follow_the_server() -> None:
    """Stop the main thread when the server ends (``_server_gone``): a thread waits on the pipe whose other end
    multiprocessing keeps open in the server until this process is joined (``parent_process().join()``), which
    closes at once when the server dies, however it dies, on Linux and macOS alike. The main thread gets a
    signal of its own, which wakes it from any wait (for a worker's edition, for the server's next word)."""
    server = multiprocessing.parent_process()
    if server is None or GONE is None or not hasattr(signal, "pthread_kill"):
        return  # not started by a server, or on Windows: the build goes on to its end
    main = threading.main_thread().ident
    assert main is not None
    signal.signal(GONE, _server_gone)

    def follow() -> None:
        server.join()
        with suppress(ProcessLookupError):  # the main thread ended meanwhile
            signal.pthread_kill(main, GONE)
        _kill_workers()  # the editions begun too, which the main thread would wait for

    threading.Thread(target=follow, name="letter server watch", daemon=True).start()


def _leave(preview: Path) -> NoReturn:
    """End this process, its server gone, once nothing of the build writes into ``preview`` any more, the folder
    removed: its workers killed, and its threads (a page being finished) ended, or given ``SETTLE`` seconds, after
    which ending the process ends them. What any of them was writing goes with the folder. The folder goes
    whatever fails before (a thread the main thread was starting as the news came cannot be joined)."""
    try:
        _kill_workers()
        deadline = time.monotonic() + SETTLE
        for thread in threading.enumerate():
            if thread is not threading.current_thread() and not thread.daemon:
                thread.join(max(0.0, deadline - time.monotonic()))
    finally:
        shutil.rmtree(preview, ignore_errors=True)
        os._exit(0)


def _kill_workers() -> None:
    workers = multiprocessing.active_children()
    for worker in workers:
        worker.kill()
    for worker in workers:
        worker.join()


def _warm(root: Path) -> None:
    """Load now what rendering an edition loads on first use (CLDR data of every locale, the templates,
    the line-breaking tables), which would otherwise be loaded by the first edit's build."""
    try:
        config = load_config(root)
    except InputError:
        return  # the build reports it
    render.preload([source_locale(), *(item.locale for item in discover(config)[0])])


class Rebuilder:
    """Builds on request, one build at a time, in a process of its own; ``announce`` hears each outcome.

    The process is started afresh, not forked, so that it holds none of the server's connections,
    and lives from one build to the next, so that what a build loads once (CLDR data,
    compiled templates, line-breaking tables) stays loaded and a small change is built at once.
    It is replaced when a template changes (``renew``): the build keeps the fingerprint of its
    templates and code once per process. A build that fails, however badly, cannot take the
    server with it; the next build gets a new process.
    """

    def __init__(self, root: Path, preview: Path, announce: Callable[[Built], Awaitable[None]]) -> None:
        self.root, self.preview = root, preview
        self._announce = announce
        self._wanted = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None  # the server's, known from the first build
        self._process: multiprocessing.process.BaseProcess | None = None
        self._connection: multiprocessing.connection.Connection | None = None
        self._stale = False

    def request(self) -> None:
        """Ask for a build; from any thread (a write is made in a worker thread)."""
        assert self._loop is not None, "the first build comes before any request"
        self._loop.call_soon_threadsafe(self._wanted.set)

    async def build(self) -> Built:
        self._loop = asyncio.get_running_loop()
        built = await asyncio.to_thread(self._build)
        await self._announce(built)
        return built

    async def run(self) -> None:
        while True:
            await self._wanted.wait()
            self._wanted.clear()
            await self.build()

    def renew(self) -> None:
        """Let the next build start in a new process."""
        self._stale = True

    def stop(self) -> None:
        """End the build process, even in the middle of a build: every file a build writes is whole
        (written atomically), and the next build mends the rest."""
        process = self._process
        if process is not None and process.is_alive():
            process.terminate()

    def _build(self) -> Built:
        """One build, in the build process: a new one if there is none yet, or if it died or is stale."""
        if self._stale or self._process is None or not self._process.is_alive():
            self._retire()
            context = multiprocessing.get_context("spawn")  # forked, it would hold the server's sockets open
            self._connection, theirs = context.Pipe()
            self._process = context.Process(target=_builder, args=(theirs, self.preview), name="letter build")
            self._process.start()
            theirs.close()
            self._stale = False
        assert self._connection is not None
        try:
            self._connection.send((self.root, self.preview))
            return self._connection.recv()
        except (EOFError, OSError):
            self._retire()
            stopped = InputError(None, None, "the build was stopped before it ended")
            return Built((), (), (Problem.of(stopped, Path.cwd()),), 0.0)

    def _retire(self) -> None:
        if self._connection is not None and self._process is not None:
            try:
                self._connection.send(None)
            except OSError:
                pass  # it is gone already
            self._connection.close()
            self._process.join()
        self._process = self._connection = None


# --- watching ------------------------------------------------------------------------------------

def templates_folder() -> Path:
    return Path(str(resources.files("pipeline").joinpath("templates"))).resolve()


@dataclass(frozen=True)
class Watched:
    """The folders watched with everything in them, and the project folder, watched alone for its settings."""

    folders: tuple[Path, ...]
    root: Path

    @classmethod
    def of(cls, config: Config) -> Watched:
        folders = tuple(dict.fromkeys(p for p in _folders(config) if p.is_dir() and p != config.root))
        return cls(folders, config.root)


def _folders(config: Config) -> tuple[Path, ...]:
    return (config.source.parent, config.signatories.parent, config.locales, templates_folder())


def relevant(config: Config, path: Path) -> bool:
    """Whether a changed file is one a build reads, or a folder to watch (``locales/`` once made)."""
    if path in (config.source, config.signatories, config.root / CONFIG_FILE, *_folders(config)):
        return True
    if path.is_relative_to(config.locales):
        return path.name.endswith(LOCALE_FILES)
    return path.is_relative_to(templates_folder()) and not path.name.startswith(".")


def catalog_tag(config: Config, path: Path) -> str | None:
    """The locale of a changed catalog (``locales/fr/LC_MESSAGES/letter.po`` → fr), or None."""
    if path.name != f"{config.domain}.po" or path.parent.name != "LC_MESSAGES" or \
            path.parent.parent.parent != config.locales:
        return None
    return tag_of(path.parent.parent.name)


def glossary_tag(config: Config, path: Path) -> str | None:
    """The locale of a changed glossary (``locales/fr/glossary.toml`` → fr), whose review page checks
    with it, or None."""
    if path.parent.parent != config.locales or config.glossary_path(path.parent.name) != path:
        return None
    return tag_of(path.parent.name)


async def watch(config: Config, changed: Callable[[list[Path]], None], stop: asyncio.Event) -> None:
    """Call ``changed`` with the files a build reads, each time some change, until ``stop`` is set."""
    watched = Watched.of(config)

    def keep(_change: watchfiles.Change, name: str) -> bool:
        return relevant(config, Path(name))

    async def follow(paths: tuple[Path, ...], recursive: bool) -> None:
        async for changes in watchfiles.awatch(*paths, watch_filter=keep, debounce=DEBOUNCE, step=STEP,
                                               stop_event=stop, recursive=recursive):
            changed(sorted({Path(name) for _change, name in changes}))

    streams = [follow((watched.root,), False)]
    if watched.folders:
        streams.append(follow(watched.folders, True))
    await asyncio.gather(*streams)
