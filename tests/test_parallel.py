"""pipeline.parallel: the map over forked workers that the catalog stages share, and how commands run."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.parallel import fork_map, forked, workers_for

from conftest import left_behind


def _tag(common: dict, task: int) -> tuple[int, int, str]:
    return task, os.getpid(), common["name"]


def test_results_come_back_in_task_order_from_other_processes():
    common = {"name": "letter", "lock": threading.Lock()}  # a lock cannot be pickled: common must not be
    results = fork_map(_tag, list(range(20)), common=common, jobs=2)
    assert [task for task, _, _ in results] == list(range(20))
    assert {name for _, _, name in results} == {"letter"}
    assert os.getpid() not in {pid for _, pid, _ in results}


def test_one_job_stays_in_process_and_common_is_optional():
    assert fork_map(_tag, [1, 2], common={"name": "x"}, jobs=1) == [(1, os.getpid(), "x"), (2, os.getpid(), "x")]
    assert fork_map(abs, [-1, -2], jobs=2) == [1, 2]


def _fail(task: int) -> int:
    if task == 3:
        raise ValueError("task 3")
    return task


def test_an_exception_in_a_worker_reaches_the_caller():
    with pytest.raises(ValueError, match="task 3"):
        fork_map(_fail, list(range(6)), jobs=2)


def _mark(task: int) -> int:
    """A task that takes a little while, so that most are still queued, and leaves a mark that it ran."""
    time.sleep(0.05)
    Path(os.environ["LETTER_TEST_MARKS"], str(task)).touch()
    return task


def _ignoring(task: int) -> bool:
    return signal.getsignal(signal.SIGINT) is signal.SIG_IGN


def test_ctrl_c_stops_the_command_and_its_workers_finish_only_their_task(tmp_path, monkeypatch):
    """The workers ignore Ctrl-C (the terminal sends it to each), so none is stopped mid-file nor leaves a
    traceback; the command gets KeyboardInterrupt, here as it reads the first result, and the tasks not
    handed to a worker yet never start. (Raised where a real signal would raise it at any bytecode, inside
    a garbage collector's callback say, where Python swallows it.)"""
    assert fork_map(_ignoring, [1, 2], jobs=2) == [True, True]
    monkeypatch.setenv("LETTER_TEST_MARKS", str(tmp_path))
    with pytest.raises(KeyboardInterrupt), forked(_mark, list(range(200)), jobs=2) as results:
        for _ in results:
            raise KeyboardInterrupt
    ran = {int(mark.name) for mark in tmp_path.iterdir()}
    assert 0 in ran and len(ran) < 50


def test_ctrl_c_during_a_command_is_one_line_and_exit_130(extracted, monkeypatch):
    from pipeline import update as updating

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(updating, "update", interrupted)
    result = extracted.run("update")
    assert result.exit_code == 130
    assert result.stderr == ("letter: interrupted; every file written so far is whole, and the same command run "
                             "again does the rest\n")


#: ``letter check`` with its checks replaced by a wait, for Ctrl-C to come during it.
_READING = """
import sys, time
from pipeline import cli, project_checks

def run(*args, **kwargs):
    print("checking", flush=True)
    time.sleep(60)

project_checks.run = run
cli.main(["-C", sys.argv[1], "check"])
"""


def test_ctrl_c_during_a_command_that_writes_nothing_says_only_that_it_stopped(extracted):
    """`letter check` and `letter status` write no file: nothing to wait for, nor to say of files."""
    process = subprocess.Popen([sys.executable, "-c", _READING, str(extracted.root)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "checking\n"
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=30)
    assert (process.returncode, err) == (130, "letter: interrupted\n")


#: A command whose workers each hang in the middle of writing a file: ``letter update`` with its merge
#: replaced by two workers writing ``<name>.txt`` in the project, flushing to disk for a minute.
_HANGING = """
import os, sys, time
from pathlib import Path
from pipeline import cli, files, parallel, update as updating

root = Path(sys.argv[1])
os.fsync = lambda fd: time.sleep(60)

def write(name):
    files.write_atomic(root / f"{name}.txt", b"new")

def update(*args, **kwargs):
    print("writing", flush=True)
    parallel.fork_map(write, ["a", "b"], jobs=2)

updating.update = update
cli.main(["-C", str(root), "update"])
"""


def test_ctrl_c_twice_stops_the_command_and_its_workers_at_once(extracted):
    """The first Ctrl-C waits for the files being written (here, for ever) and says so; the second stops
    the command and its workers at once, each file left as it was, no temporary file left behind, no
    traceback."""
    for name in ("a", "b"):
        extracted.path(f"{name}.txt").write_text("old")
    process = subprocess.Popen([sys.executable, "-c", _HANGING, str(extracted.root)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "writing\n"
    deadline = time.monotonic() + 30
    while len(list(extracted.root.glob(".*.tmp"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    with pytest.raises(subprocess.TimeoutExpired):
        process.wait(1)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=30)  # a ceiling: "at once" is asserted by the hang of a minute
    assert process.returncode == 130
    assert err == ("letter: stopping once the files being written are whole; Ctrl-C again stops at once\n"
                   "letter: stopped; every file is whole, as it was or as written, and the same command run "
                   "again does the rest\n")
    assert [p.name for p in extracted.root.glob(".*.tmp")] == []
    assert {extracted.path(f"{name}.txt").read_text() for name in ("a", "b")} == {"old"}
    assert not left_behind(extracted.root)


#: A process that ends at once (``os._exit``, which runs no ``finally``) while writing ``letter.po``: in the
#: middle of flushing it to disk, having first removed what ``files.abandon`` removes; its fork, which
#: inherits what its parent was writing, ends first, removing nothing of it.
_ENDING = """
import json, os, sys
from pipeline import files

def flush(fd):
    if os.fork() == 0:
        files.abandon()
        os._exit(0)
    os.wait()
    print(json.dumps(sorted(os.listdir(sys.argv[1]))), flush=True)
    files.abandon()
    os._exit(0)

os.fsync = flush
files.write_atomic(os.path.join(sys.argv[1], "letter.po"), b"new")
"""


def test_a_process_ending_at_once_removes_the_file_it_was_writing(tmp_path):
    target = tmp_path / "letter.po"
    target.write_bytes(b"old")
    result = subprocess.run([sys.executable, "-c", _ENDING, str(tmp_path)], capture_output=True, text=True, check=True)
    seen = json.loads(result.stdout)  # the folder while it was writing, after its fork ended
    assert len(seen) == 2 and seen[0].startswith(".letter.po.") and seen[1] == "letter.po"
    assert [p.name for p in tmp_path.iterdir()] == ["letter.po"] and target.read_bytes() == b"old"


@pytest.mark.parametrize("jobs, env, tasks, expected", [
    (None, "", 1, 1), (4, "", 2, 2), (None, "3", 10, 3), (1, "3", 10, 1), (None, "", 10, os.cpu_count() or 1),
])
def test_workers_for(monkeypatch, jobs, env, tasks, expected):
    monkeypatch.setenv("LETTER_JOBS", env)
    assert workers_for(jobs, tasks) == min(expected, tasks)


def test_forked_runs_the_tasks_while_the_caller_works():
    with forked(_tag, [1, 2, 3], common={"name": "n"}, jobs=2) as results:
        mine = sum(range(1000))  # the parent's own work, meanwhile
        assert [task for task, _, _ in results] == [1, 2, 3]
    assert mine == 499500


def test_forked_with_one_worker_runs_each_task_when_its_result_is_read():
    ran: list[int] = []

    def record(task: int) -> int:
        ran.append(task)
        return task

    with forked(record, [1, 2], jobs=1) as results:
        assert ran == []
        assert next(results) == 1 and ran == [1]
        assert list(results) == [2]


def test_a_command_runs_with_the_cyclic_collector_paused_and_restores_it(extracted, monkeypatch):
    """The CLI pauses the collector for the command (and its forked workers) only."""
    import gc

    from pipeline import extract

    seen: list[bool] = []
    original = extract.run

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(extract, "run", spy)
    assert gc.isenabled()
    extracted.ok("extract", "--check")
    assert seen == [False] and gc.isenabled()
    extracted.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    assert extracted.run("extract", "--check").exit_code == 1  # ended by ctx.exit
    assert gc.isenabled()


def test_a_command_run_in_another_thread_than_the_main_one_runs(extracted):
    """Only the main thread may set a signal handler: a command embedded in a thread keeps Python's Ctrl-C."""
    results = []
    thread = threading.Thread(target=lambda: results.append(extracted.run("status")))
    thread.start()
    thread.join()
    assert results[0].exit_code == 0 and "no catalogs yet" in results[0].stdout, results[0].exception
