"""Where tasks run: in this process, on a pool of local worker processes, or on an existing Dask cluster. Each
yields every task's outcome as it finishes; a task that fails for any reason comes back as an error for its
handout, never stopping the others."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from .errors import HandoutError, HandoutErrors
from .jobs import HandoutOutcome, HandoutTask, SharedInputs, run_handout

Work = Callable[[HandoutTask, SharedInputs], HandoutOutcome]
Started = Callable[[HandoutTask], None]


class Executor(Protocol):
    def run(self, tasks: Sequence[HandoutTask], shared: SharedInputs, started: Started
            ) -> Iterator[tuple[HandoutTask, HandoutOutcome]]: ...


def failed(task: HandoutTask, why: str) -> HandoutOutcome:
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
                outcome = failed(task, repr(exc))
            yield task, outcome


@dataclass(frozen=True)
class ProcessPool:
    """`workers` local processes (started fresh, not forked: WeasyPrint's libraries are not fork-safe), each given
    one task at a time so that progress shows what is really being built."""

    workers: int
    work: Work = run_handout

    def run(self, tasks: Sequence[HandoutTask], shared: SharedInputs, started: Started
            ) -> Iterator[tuple[HandoutTask, HandoutOutcome]]:
        import multiprocessing
        from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
        from concurrent.futures.process import BrokenProcessPool

        queue = _largest_first(tasks)
        queue.reverse()  # popped from the end
        running: dict[Future[HandoutOutcome], HandoutTask] = {}
        pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        try:
            while queue or running:
                while queue and len(running) < self.workers:
                    task = queue.pop()
                    started(task)
                    running[pool.submit(self.work, task, shared)] = task
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                broken = False
                for future in done:
                    task = running.pop(future)
                    try:
                        yield task, future.result()
                    except BrokenProcessPool:
                        broken = True
                        yield task, failed(task, "a worker process stopped while building it (killed, or out of "
                                                 "memory)")
                    except Exception as exc:
                        yield task, failed(task, repr(exc))
                if broken and not running:  # a dead worker breaks the whole pool: go on with a new one
                    pool.shutdown(wait=True)
                    pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
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
            for future in as_completed(futures):
                task = futures[future]
                try:
                    yield task, future.result()
                except Exception as exc:
                    yield task, failed(task, repr(exc))
