"""Work spread over the machine's cores, for the stages that handle many catalogs.

Catalogs are independent, and parsing one is pure Python, so threads would not
help: the work goes to forked processes, which start with the parent's memory
already in place. What every task needs (the letter, its messages, the
template) is passed as ``common``: the workers inherit it by fork, so it is
never pickled, while each task and its result cross the process boundary as
pickles. Small work stays in-process.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from multiprocessing import get_context
from typing import Any, TypeVar

from pipeline import files
from pipeline.errors import InputError

Task = TypeVar("Task")
Result = TypeVar("Result")


def workers_for(jobs: int | None, tasks: int) -> int:
    """How many processes: ``jobs``, else ``LETTER_JOBS``, else every core; never more than the tasks.
    A ``LETTER_JOBS`` that is no whole number is an ``InputError``."""
    if tasks < 2 or sys.platform == "win32":
        return 1
    wanted = jobs if jobs is not None else _letter_jobs() or (os.cpu_count() or 1)
    return max(1, min(wanted, tasks))


def _letter_jobs() -> int:
    """``LETTER_JOBS`` as a number of processes; 0 where it is unset or empty (every core)."""
    value = os.environ.get("LETTER_JOBS", "").strip()
    try:
        return int(value or 0)
    except ValueError:
        raise InputError(None, None, f"LETTER_JOBS is {value!r}, not a number of processes: set it to a "
                                     "whole number such as 2, or unset it to use every core") from None


_NOTHING: Any = object()
_CALL: Callable[[Any], Any] | None = None  # the running map's function, inherited by its workers


def _call(task: Any) -> Any:
    assert _CALL is not None
    return _CALL(task)


def in_child(function: Callable[..., Result], *args: Any) -> Result:
    """``function(*args)`` in a forked child process, its arguments and result crossing as pickles.

    For a call that needs much memory once: what it allocates goes back to the system when the
    child ends, where a worker that went on would keep it (Python and malloc keep freed memory for
    reuse) and reach the next such call's peak on top of it.
    """
    if sys.platform == "win32":
        return function(*args)
    with get_context("fork").Pool(1, initializer=_start_worker, initargs=(os.getpid(),)) as pool:
        return pool.apply(function, args)


def fork_map(function: Callable[..., Result], tasks: Sequence[Task], *, common: Any = _NOTHING,
             jobs: int | None = None) -> list[Result]:
    """``[function(common, task) for task in tasks]`` (or ``function(task)`` without ``common``),
    in order, on up to ``workers_for`` processes."""
    with forked(function, tasks, common=common, jobs=jobs) as results:
        return list(results)


@contextmanager
def forked(function: Callable[..., Result], tasks: Sequence[Task], *, common: Any = _NOTHING,
           jobs: int | None = None) -> Iterator[Iterator[Result]]:
    """:func:`fork_map` whose results are read later, so the caller can do its own work meanwhile.

    The workers start on entry; the results come in task order as they are read. With a
    single worker nothing starts early: each task runs in-process when its result is read.
    """
    global _CALL
    call = function if common is _NOTHING else partial(function, common)
    workers = workers_for(jobs, len(tasks))
    if workers == 1:
        yield (call(task) for task in tasks)
        return
    _CALL = call
    try:
        with ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=_start_worker,
                                 initargs=(os.getpid(),)) as pool:
            try:
                yield pool.map(_call, tasks)
            except BaseException:  # Ctrl-C, say: the tasks begun end, and those not yet handed to a worker never start
                pool.shutdown(cancel_futures=True)
                raise
    finally:
        _CALL = None


#: prctl(2)'s option: the signal this process gets when the thread that made it ends (every pool is
#: made by the main thread of the process that uses it, which ends last).
PR_SET_PDEATHSIG = 1


def _start_worker(parent: int) -> None:
    """A worker leaves Ctrl-C to the command, which stops giving it tasks: a worker stopped by it
    would leave a traceback on the terminal and its pool broken, mid-file. Told to end (SIGTERM: the
    command stops at once), it ends without a trace, its temporary file removed. It ends with the command
    (``parent``): killed (``kill -9``, a CI job's time limit, the kernel out of memory), the command
    cannot tell it to, and an idle worker would wait for ever on a pipe that its siblings hold open."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _end_at_once)
    if sys.platform == "linux":  # elsewhere, such a worker is left
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the command died before this worker could ask to follow it
            os._exit(1)


def _end_at_once(_signal: int, _frame: object) -> None:
    files.abandon()
    os._exit(1)


def end_at_once() -> None:
    """End the workers this process started, at once: each removes the temporary file it was writing."""
    for worker in multiprocessing.active_children():
        worker.terminate()
    for worker in multiprocessing.active_children():
        worker.join(1)
