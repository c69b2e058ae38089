"""Where tasks run: in this process, on a pool of local worker processes, or on an existing Dask cluster. Each
yields every task's outcome as it finishes; a task that fails for any reason comes back as an error for its
handout, never stopping the others."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from .. import limits
from ..errors import HandoutError, HandoutErrors, plainleaf_fault
from .jobs import HandoutOutcome, HandoutTask, SharedInputs, prepare_worker, run_handout
from .tasklimits import over_limit, run_limited, too_long

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

Work = Callable[[HandoutTask, SharedInputs], HandoutOutcome]
Started = Callable[[HandoutTask], None]


class Executor(Protocol):
    def run(self, tasks: Sequence[HandoutTask], shared: SharedInputs, started: Started
            ) -> Iterator[tuple[HandoutTask, HandoutOutcome]]: ...


def failed(task: HandoutTask, why: str | Exception) -> HandoutOutcome:
    """The outcome of a task that broke: a fault in plainleaf (an exception), or its worker stopped (`why`)."""
    if isinstance(why, Exception):
        return HandoutOutcome(task.source, errors=(plainleaf_fault(task.source, "build this handout", why),))
    return HandoutOutcome(task.source, errors=(HandoutError(
        task.source, None, f"plainleaf could not build this handout: {why}",
        "nothing of it was written; build again, and report it if it happens again"),))


def _largest_first(tasks: Sequence[HandoutTask]) -> list[HandoutTask]:
    """Long handouts first, so that no worker is left with a long one at the end while the others wait."""
    return sorted(tasks, key=lambda t: (-len(t.jobs), -sum(map(len, t.files.values()))))


@dataclass(frozen=True)
class InProcess:
    work: Work = run_handout

    def run(self, tasks: Sequence[HandoutTask], shared: SharedInputs, started: Started
            ) -> Iterator[tuple[HandoutTask, HandoutOutcome]]:
        for task in tasks:
            started(task)
            try:
                outcome = run_limited(self.work, task, shared)
            except Exception as exc:  # a fault in plainleaf: that handout fails, the others go on
                outcome = failed(task, exc)
            yield task, outcome


def _new_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes started fresh, not forked (WeasyPrint's libraries are not fork-safe), each importing the
    stages before its first task (jobs.prepare_worker)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=prepare_worker)


class WarmWorkers:
    """Worker processes started as soon as the build sees it will make something, so that they import the stages,
    WeasyPrint and the language data (jobs.prepare_worker) while this process plans; then the build's pending
    handouts are built there rather than here after those imports: a new output folder's handouts on as many as
    there are handouts and workers allowed, a rebuild's on one (it most often makes one handout; a rebuild that
    makes more stops it and starts a pool of its size).

    The build owns them: the ProcessPool of their size that runs the build's tasks takes them over (and stops them);
    else `close` stops them, also when the build fails or is interrupted, so that no process outlives the build.
    """

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._taken = False
        self.workers = 0

    @property
    def started(self) -> bool:
        return self._pool is not None or self._taken

    def start(self, workers: int = 1) -> None:
        """Start `workers` processes now (once): a pool starts a process for a task when none is idle, so as many
        tasks that do nothing. They start deaf to Ctrl-C (the terminal sends it to every process), which stops the
        build, and the build them: interrupted while starting up, they would print a traceback."""
        if not self.started and workers > 0:
            self._pool, self.workers = _new_pool(workers), workers
            with _deaf_to_ctrl_c():
                for _ in range(workers):
                    self._pool.submit(int)

    def take(self) -> ProcessPoolExecutor | None:
        """Its pool, now the caller's to stop; None when it was not started."""
        pool, self._pool, self._taken = self._pool, None, self.started
        return pool

    def close(self) -> None:
        """Stop it if no one took it."""
        pool, self._pool = self._pool, None
        if pool is not None:
            _stop(pool)

    def __enter__(self) -> WarmWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def _deaf_to_ctrl_c() -> Iterator[None]:
    """SIGINT ignored in the processes started here (an ignored signal stays ignored in a child), where signals
    can be set (the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass(frozen=True)
class ProcessPool:
    """`workers` local processes, each given one task at a time so that progress shows what is really being built:
    the build's `warm` ones when it started as many or more; else a pool of as many (`warm` is stopped first, not
    to take a core from them).

    A worker that dies (killed, out of memory) breaks the whole pool and every task then running in it: those
    tasks run again in a new pool one at a time, so that only the one that kills its worker fails. Each task runs
    within the limits of tasklimits.py; one that overstays its time by `grace` seconds all the same (stuck where
    the worker's own timer cannot stop it) fails, and the pool's workers are killed and the others' tasks run
    again.
    """

    workers: int
    work: Work = run_handout
    grace: float = 60
    warm: WarmWorkers | None = None

    def run(self, tasks: Sequence[HandoutTask], shared: SharedInputs, started: Started
            ) -> Iterator[tuple[HandoutTask, HandoutOutcome]]:
        from concurrent.futures import FIRST_COMPLETED, Future, wait
        from concurrent.futures.process import BrokenProcessPool

        queue = _largest_first(tasks)[::-1]  # popped from the end
        suspects: list[HandoutTask] = []  # running when a worker died: each runs again alone
        running: dict[Future[HandoutOutcome], tuple[HandoutTask, bool]] = {}  # → (task, running alone)
        deadlines: dict[Future[HandoutOutcome], float] = {}
        pool = self.warm.take() if self.warm is not None and self.warm.workers >= self.workers else None
        if self.warm is not None:
            self.warm.close()
        pool, broken = pool or _new_pool(self.workers), False
        try:
            while queue or suspects or running:
                if broken and not running:
                    pool.shutdown(wait=True)
                    pool, broken = _new_pool(self.workers), False
                alone = bool(suspects)
                waiting = suspects if alone else queue
                while not broken and waiting and len(running) < (1 if alone else self.workers):
                    task = waiting.pop()
                    try:
                        future = pool.submit(run_limited, self.work, task, shared)
                    except BrokenProcessPool:  # a worker died before its future said so: this task never ran
                        waiting.append(task)
                        broken = True
                        break
                    started(task)
                    running[future] = (task, alone)
                    deadlines[future] = time.monotonic() + limits.TASK_SECONDS + self.grace
                if not running:
                    continue
                done, _ = wait(running, timeout=max(0, min(deadlines.values()) - time.monotonic()),
                               return_when=FIRST_COMPLETED)
                if not done:  # a task overstayed its time: stop every worker; it fails, the others run again
                    _kill_workers(pool)
                    broken, now = True, time.monotonic()
                    for future, (task, _) in list(running.items()):
                        del running[future]
                        if deadlines.pop(future) <= now:
                            yield task, over_limit(task, too_long(limits.TASK_SECONDS))
                        else:
                            queue.append(task)
                    continue
                for future in done:
                    deadlines.pop(future)
                    task, was_alone = running.pop(future)
                    try:
                        outcome = future.result()
                    except BrokenProcessPool:
                        broken = True
                        if not was_alone:
                            suspects.append(task)
                            continue
                        outcome = failed(task, "its worker process stopped while building it (killed, or out of "
                                               "memory)")
                    except Exception as exc:
                        outcome = failed(task, exc)
                    yield task, outcome
        finally:
            _stop(pool)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the pool's workers: killed, as every result they gave is in and the rest is abandoned (a worker that
    exits by itself frees WeasyPrint and the language data first: a third of a second that the build would wait)."""
    _kill_workers(pool)
    pool.shutdown(wait=True, cancel_futures=True)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Stop every worker process of the pool at once (Python 3.14 has a method for it; before, its processes)."""
    kill = getattr(pool, "kill_workers", None)
    if kill is not None:
        kill()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()


@dataclass(frozen=True)
class DaskCluster:
    """An existing Dask distributed cluster (its workers need plainleaf installed); the files come back here."""

    scheduler: str
    work: Work = run_handout

    def run(self, tasks: Sequence[HandoutTask], shared: SharedInputs, started: Started
            ) -> Iterator[tuple[HandoutTask, HandoutOutcome]]:
        try:
            from distributed import Client, as_completed
        except ImportError:
            raise HandoutErrors([HandoutError(None, None, "the dask executor needs Dask's distributed scheduler",
                                              "install it with: python3 -m pip install 'plainleaf[dask]'")]) from None
        try:
            client = Client(self.scheduler, set_as_default=False, timeout="20s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise HandoutErrors([HandoutError(None, None, f"cannot reach the Dask scheduler {self.scheduler}: {exc}",
                                              "give its address as tcp://HOST:PORT and check that it is running")]
                                ) from None
        with client:
            everyone = client.scatter(shared, broadcast=True)  # sent once per worker, not once per task
            futures = {}
            for task in _largest_first(tasks):
                started(task)
                futures[client.submit(self.work, task, everyone, pure=False)] = task
            for future in as_completed(futures, loop=client.loop):
                task = futures[future]
                try:
                    yield task, future.result()
                except Exception as exc:
                    yield task, failed(task, exc)
