"""Work spread over the machine's cores, for the stages that handle many catalogs.

Catalogs are independent, and parsing one is pure Python, so threads would not
help: the work goes to forked processes, which start with the parent's memory
(the letter, its messages) already in place. Small work stays in-process.
"""
from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Callable, Sequence, TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")


def workers_for(jobs: int | None, tasks: int) -> int:
    """How many processes: ``jobs``, else ``LETTER_JOBS``, else every core; never more than the tasks."""
    if tasks < 2 or sys.platform == "win32":
        return 1
    wanted = jobs if jobs is not None else int(os.environ.get("LETTER_JOBS", "0") or 0) or (os.cpu_count() or 1)
    return max(1, min(wanted, tasks))


def fork_map(function: Callable[[Task], Result], tasks: Sequence[Task], *, jobs: int | None = None) -> list[Result]:
    """``[function(task) for task in tasks]``, in order, on up to ``workers_for`` processes."""
    workers = workers_for(jobs, len(tasks))
    if workers == 1:
        return [function(task) for task in tasks]
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        return list(pool.map(function, tasks))
