"""Running one handout's task within the limits of time and memory (limits.TASK_SECONDS, TASK_MEMORY_BYTES), so
that a handout that would take too long or too much fails alone, with its name and a message its author can act
on, and the build goes on.

Where plainleaf runs the task itself (in this process for --jobs 1, or in a local worker process), a timer stops it
and the address space it may grow by is capped. A timer cannot stop code that never returns to Python (the pool
also kills a worker that overstays: executors.ProcessPool); on a Dask cluster, or off the main thread, only the
cluster's own limits apply.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .. import limits
from ..errors import HandoutError
from .jobs import HandoutOutcome, HandoutTask, SharedInputs

Work = Callable[[HandoutTask, SharedInputs], HandoutOutcome]


class TaskTimeout(Exception):
    """The task ran past its time."""


def run_limited(work: Work, task: HandoutTask, shared: SharedInputs) -> HandoutOutcome:
    """`work(task, shared)` within the limits; past one of them, an outcome with the error that says which."""
    try:
        with time_limit(limits.TASK_SECONDS), memory_limit(limits.TASK_MEMORY_BYTES):
            return work(task, shared)
    except TaskTimeout:
        return over_limit(task, too_long(limits.TASK_SECONDS))
    except MemoryError:
        return over_limit(task, f"building it needed more than {limits.TASK_MEMORY_BYTES / 1e9:g} GB of memory, the "
                                "limit for one handout")


def too_long(seconds: float) -> str:
    return f"building it took longer than {seconds / 60:g} minutes, the limit for one handout"


def over_limit(task: HandoutTask, why: str) -> HandoutOutcome:
    return HandoutOutcome(task.source, errors=(HandoutError(
        task.source, None, f"this handout was not built: {why}",
        "nothing of it was written; split it into several handouts, or use fewer, simpler pictures"),))


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TaskTimeout in the code running here after `seconds` (on the main thread, where signals arrive;
    elsewhere, and where there is no SIGALRM, nothing is timed)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise TaskTimeout

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def memory_limit(extra_bytes: int) -> Iterator[None]:
    """Let this process's address space grow by at most `extra_bytes` while here (a MemoryError past that): on
    systems that report it and enforce RLIMIT_AS (Linux), from the main thread; elsewhere, no limit."""
    size = _address_space()
    try:
        import resource
    except ImportError:  # Windows
        size = None
    if size is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = size + extra_bytes
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY:
        wanted = min(wanted, soft)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int | None:
    """This process's address space in bytes (Linux), or None."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None
