"""Where tasks run: in this process, on a pool of local worker processes, or on an existing Dask cluster. Each
yields every task's outcome as it finishes; a task that fails for any reason comes back as an error for its
handout, never stopping the others."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from .errors import HandoutError, HandoutErrors, plainleaf_fault
from .jobs import HandoutOutcome, HandoutTask, SharedInputs, run_handout

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
                outcome = self.work(task, shared)
            except Exception as exc:  # a fault in plainleaf: that handout fails, the others go on
                outcome = failed(task, exc)
            yield task, outcome


@dataclass(frozen=True)
class ProcessPool:
    """`workers` local processes (started fresh, not forked: WeasyPrint's libraries are not fork-safe), each given
    one task at a time so that progress shows what is really being built.

    A worker that dies (killed, out of memory) breaks the whole pool and every task then running in it: those
    tasks run again in a new pool one at a time, so that only the one that kills its worker fails.
    """

    workers: int
    work: Work = run_handout

    def run(self, tasks: Sequence[HandoutTask], shared: SharedInputs, started: Started
            ) -> Iterator[tuple[HandoutTask, HandoutOutcome]]:
        import multiprocessing
        from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
        from concurrent.futures.process import BrokenProcessPool

        def new_pool() -> ProcessPoolExecutor:
            return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))

        queue = _largest_first(tasks)[::-1]  # popped from the end
        suspects: list[HandoutTask] = []  # running when a worker died: each runs again alone
        running: dict[Future[HandoutOutcome], tuple[HandoutTask, bool]] = {}  # → (task, running alone)
        pool, broken = new_pool(), False
        try:
            while queue or suspects or running:
                if broken and not running:
                    pool.shutdown(wait=True)
                    pool, broken = new_pool(), False
                alone = bool(suspects)
                waiting = suspects if alone else queue
                while not broken and waiting and len(running) < (1 if alone else self.workers):
                    task = waiting.pop()
                    try:
                        future = pool.submit(self.work, task, shared)
                    except BrokenProcessPool:  # a worker died before its future said so: this task never ran
                        waiting.append(task)
                        broken = True
                        break
                    started(task)
                    running[future] = (task, alone)
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
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
            pool.shutdown(wait=True, cancel_futures=True)


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
