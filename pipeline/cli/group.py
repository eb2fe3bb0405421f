"""How every ``letter`` command runs: one exit code for each outcome, an ``InputError`` from any stage
printed once, Ctrl-C, the cyclic collector paused, and choices read only when asked for.

Exit codes are the same for every command: 0 success, 1 the checked thing fails (a stale template, a
failing check), 2 bad usage or unreadable input, 130 stopped by Ctrl-C.
"""
from __future__ import annotations

import importlib
import os
import shlex
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pipeline import collector
from pipeline.errors import InputError
from pipeline.repository import root_of

if TYPE_CHECKING:
    from pipeline.config import Config

EXIT_FAILED = 1
EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C
EXIT_INPUT = 2


class LetterCommand(click.Command):
    """A ``letter`` command: an option of ``letter`` itself written after the command's name
    (``letter build -C DIR``), which Click would answer with a bare "No such option", is answered
    with where it goes and the command line that puts it there; an option cut short (``--keep``), which
    Click would answer with the option most alike (``--help``), with the options it begins."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)  # the parser consumes the list it is given
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as error:
            advice = _misplaced(ctx, given, error.option_name)
            if advice is not None:
                raise click.NoSuchOption(error.option_name, advice, ctx=ctx) from None
            begun = sorted(name for param in self.params if isinstance(param, click.Option)
                           for name in (*param.opts, *param.secondary_opts)
                           if name.startswith("--") and name.startswith(error.option_name))
            if not begun:
                raise
            # Click keeps only the possibilities difflib finds alike, which a name cut short is not.
            meant = f"Did you mean {begun[0]!r}?" if len(begun) == 1 else f"(Possible options: {', '.join(begun)})"
            raise click.NoSuchOption(error.option_name, f"No such option {error.option_name!r}. {meant}",
                                     ctx=ctx) from None


def _misplaced(ctx: click.Context, args: list[str], name: str) -> str | None:
    """What to say of ``name``, unknown to the command, when it is an option of the group above it;
    None when it is not."""
    group = ctx.parent
    option = None if group is None else next(
        (param for param in group.command.params
         if isinstance(param, click.Option) and name in (*param.opts, *param.secondary_opts)), None)
    if group is None or option is None:
        return None
    takes_value = not (option.is_flag or option.count)
    missing = [option.metavar or (option.name or "value").upper()] if takes_value else []
    words, rest = [name], list(args)
    for at, arg in enumerate(args):
        if arg == name:
            words += args[at + 1:at + 2] if takes_value and at + 1 < len(args) else missing
            rest = args[:at] + args[at + 1 + takes_value:]
            break
        glued = name + "=" if name.startswith("--") else name  # --project=DIR, -CDIR
        if takes_value and arg.startswith(glued):
            words.append(arg[len(glued):])
            rest = args[:at] + args[at + 1:]
            break
    else:  # among short options run together (-xC): say where it goes, not the whole line
        words += missing
        rest = []
    said = f"{name} is an option of {group.command_path} itself, not of {ctx.info_name}"
    if option.is_eager:  # --version answers on its own: a command after it would never run
        return f"{said}: run `{group.command_path} {shlex.join(words)}`"
    line = f"{group.command_path} {shlex.join([*words, ctx.info_name or '', *rest])}"
    return f"{said}: write it before the command, as in `{line}`"


class LetterGroup(click.Group):
    """Turns an ``InputError`` from any stage into one clear line and exit code 2, as it does
    a file the system refused (a full disk, a folder that cannot be written), Ctrl-C into exit code
    130 (``_ctrl_c``), and runs every command with the cyclic garbage collector paused. Its commands
    are ``LetterCommand``s, which say where an option of ``letter`` itself goes."""

    command_class = LetterCommand

    def invoke(self, ctx: click.Context) -> object:
        # A command holds the letter, its messages and whole catalogs: a few hundred thousand objects
        # that live until it ends and form no cycles, which the collector would walk again and again
        # for nothing. Reference counting still frees them; workers are forked with the collector
        # paused too.
        stop = _Stop()
        try:
            with collector.Paused(), _ctrl_c(stop):
                return super().invoke(ctx)
        except InputError as error:
            report_errors([error])
            ctx.exit(EXIT_INPUT)
        except BrokenPipeError:  # the reader went away (`letter status | head`): nothing more to say, to anyone
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(EXIT_FAILED)
        except OSError as error:
            # Files are written through files.write_atomic, which names them: an error naming none is the output's.
            refused = "write the output" if error.filename is None else "read or write it"
            report_errors([InputError(error.filename, None, f"cannot {refused} ({error.strerror or error}); "
                                                            "check the disk's free space and the permissions")])
            ctx.exit(EXIT_INPUT)
        except KeyboardInterrupt:  # Ctrl-C: the workers ignore it and finish the file each was writing
            click.echo("letter: interrupted; every file written so far is whole, and the same command run again "
                       "does the rest" if stop.writing else "letter: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)


#: The commands that write no file: Ctrl-C stops them with a word, with nothing to wait for or to say of files.
READ_ONLY = frozenset({"check", "status"})


@dataclass
class _Stop:
    """What the command Ctrl-C stopped was doing: writing files (say they are whole), or only reading."""

    writing: bool = True


@contextmanager
def _ctrl_c(stop: _Stop) -> Iterator[None]:
    """Ctrl-C, pressed once, stops the command once the files being written are whole (it raises
    ``KeyboardInterrupt``, which ``invoke`` reports), which can take a while: a PDF of 10,000 signatories
    takes a minute. Pressed again, it stops the command at once, its workers too, each file they were
    writing left as it was. A command started with Ctrl-C ignored (``cmd &`` in a script) keeps ignoring it,
    and one run in another thread than the main one (embedded) has Python's own handling."""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    pressed = False

    def interrupted(_signal: int, _frame: object) -> None:
        nonlocal pressed
        if not pressed:
            pressed = True
            current = click.get_current_context(silent=True)
            stop.writing = current is None or current.command.name not in READ_ONLY
            if stop.writing:
                click.echo("letter: stopping once the files being written are whole; Ctrl-C again stops at once",
                           err=True)
            raise KeyboardInterrupt
        from pipeline import files, parallel

        parallel.end_at_once()
        files.abandon()
        click.echo("letter: stopped; every file is whole, as it was or as written, and the same command run "
                   "again does the rest", err=True)
        sys.stdout.flush()
        os._exit(EXIT_INTERRUPTED)  # no clean-up: waiting for what the first Ctrl-C waits for is what it stops

    signal.signal(signal.SIGINT, interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


class LazyChoice(click.Choice):
    """A ``click.Choice`` whose values are read from a module when first needed, not at start-up."""

    def __init__(self, module: str, attribute: str) -> None:
        self._source = (module, attribute)
        super().__init__(())

    @property  # type: ignore[override]
    def choices(self) -> tuple[Any, ...]:
        module, attribute = self._source
        return tuple(getattr(importlib.import_module(module), attribute))

    @choices.setter
    def choices(self, _value: object) -> None:
        pass  # click.Choice.__init__ assigns the (empty) list it was given


def report_errors(errors: list[InputError] | tuple[InputError, ...]) -> None:
    """Each error on its line, its file shown relative to the project folder; once, where several things
    failed on it (every catalog counted against a template that cannot be read)."""
    for line in dict.fromkeys(error.report(project_folder()) for error in errors):
        click.echo(line, err=True)


def project_folder() -> Path:
    """The project folder the command works on, once found (until then the current folder)."""
    return click.get_current_context().find_root().obj or Path(".")


def in_repository(folder: Path) -> str:
    """``folder``'s path from the root of the git repository holding it (``docs/letter``); "" at that root,
    or in no repository (a tarball of the project)."""
    root, folder = root_of(folder), folder.resolve()
    return "" if root is None or root == folder else folder.relative_to(root).as_posix()


def config_of(ctx: click.Context) -> Config:
    """The settings of the project the command works on (``_root``), which is kept for the command's messages
    (``project_folder``)."""
    from pipeline.config import load_config
    if ctx.obj is None:
        ctx.find_root().obj = ctx.obj = _root(ctx)
    return load_config(ctx.obj)


def _root(ctx: click.Context) -> Path:
    """The project's folder: -C's, else the nearest of the current folder and its parents that has settings.
    -C's is a parameter of ``letter`` still while the shell completes a command line, which runs no command."""
    from pipeline.config import find_root
    top = ctx.find_root()
    return top.obj or top.params.get("project") or find_root(Path.cwd())


def catalog_tags(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
    """The shell's completion of a LOCALE argument: the tags of the project's catalogs that start with what is
    typed (``zh_`` as ``zh-``), but those already named. None where the project cannot be read: a completion
    has nowhere to say why, and the command, run, does."""
    from pipeline import catalogs
    from pipeline.config import load_config
    try:
        found, _errors = catalogs.discover(load_config(_root(ctx)))
    except (InputError, OSError):
        return []
    typed, named = incomplete.replace("_", "-").lower(), set(ctx.params.get("locales") or ())
    tags = [item.locale.tag for item in found]
    return [tag for tag in tags if tag.lower().startswith(typed) and tag not in named]
