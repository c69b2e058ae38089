"""Where tasks run: a worker process that dies fails only its own handout; the same tasks on a Dask cluster."""

from __future__ import annotations

import multiprocessing
import zipfile
from pathlib import Path

import pytest

from plainleaf.build.executors import DaskCluster, InProcess, ProcessPool
from plainleaf.build.run import BuildOptions, build
from tests.helpers import quick_work, work_or_die, work_or_hang, write_handout, write_picture_handout


def test_a_killed_worker_fails_only_the_handout_it_was_building(tmp_path):
    for slug in ("first", "broken", "last"):
        write_handout(tmp_path, slug=slug)
    result = build([tmp_path / "handouts"], None, BuildOptions(output_dir=tmp_path / "out", formats=("epub",)),
                   executor=ProcessPool(2, work=work_or_die))
    assert [(e.file.parent.name, e.message) for e in result.errors] == [
        ("broken", "plainleaf could not build this handout: its worker process stopped while building it (killed, "
                   "or out of memory)")]
    assert sorted(p.name for p in result.written) == ["first.epub", "last.epub"]
    assert not (tmp_path / "out" / "broken").exists()


def test_a_fault_in_one_task_does_not_stop_the_others(tmp_path):
    for slug in ("good", "bad"):
        write_handout(tmp_path, slug=slug)

    def work(task, shared):
        if task.slug == "bad":
            raise RuntimeError("a bug")
        return work_or_die(task, shared)

    result = build([tmp_path / "handouts"], None, BuildOptions(output_dir=tmp_path / "out", formats=("epub",)),
                   executor=InProcess(work))
    (error,) = result.errors
    assert error.file.parent.name == "bad" and error.message.startswith(
        "plainleaf could not build this handout: RuntimeError('a bug') (test_executors.py, line ")
    assert "this is a fault in plainleaf, not in your files" in error.hint
    assert [p.name for p in result.written] == ["good.epub"]


def test_the_same_build_runs_on_a_dask_cluster_and_gives_the_same_bytes(tmp_path):
    distributed = pytest.importorskip("distributed", reason="the dask test needs plainleaf[dask]")
    source = write_picture_handout(tmp_path)  # pictures: their names in the PDF once depended on the scratch folder
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp://",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "out",
                                                           scheduler=cluster.scheduler_address))
    assert result.ok, [str(e) for e in result.errors]
    pdf, epub = sorted(result.written, key=lambda p: p.suffix != ".pdf")
    with zipfile.ZipFile(epub) as book:
        assert "hand-washing-large-print-letter.pdf" in book.read("EPUB/content.opf").decode()
    local = build([source.parent], None, BuildOptions(output_dir=tmp_path / "local"))
    assert {p.name: p.read_bytes() for p in local.written} == {pdf.name: pdf.read_bytes(), epub.name: epub.read_bytes()}


def endless(task, shared):
    while True:  # a pass that never ends, in Python: the timer stops it
        pass


def greedy(task, shared):
    return bytearray(4_000_000_000)  # more than the limit below: refused at once, never touched


@pytest.mark.parametrize(("work", "said"), [
    (endless, "building it took longer than 0.01 minutes, the limit for one handout"),
    (greedy, "building it needed more than 0.5 GB of memory, the limit for one handout")])
def test_a_task_past_its_time_or_memory_fails_alone_with_its_name(tmp_path, monkeypatch, work, said):
    from plainleaf import limits

    if work is greedy and not Path("/proc/self/statm").exists():
        pytest.skip("memory limits are set where the system reports a process's address space (Linux)")
    monkeypatch.setattr(limits, "TASK_SECONDS", 0.6)
    monkeypatch.setattr(limits, "TASK_MEMORY_BYTES", 500_000_000)
    for slug in ("hostile", "plain"):
        write_handout(tmp_path, slug=slug)

    def hostile_or_quick(task, shared):
        return work(task, shared) if task.slug == "hostile" else quick_work(task, shared)

    result = build([tmp_path / "handouts"], None, BuildOptions(output_dir=tmp_path / "out", formats=("epub",)),
                   executor=InProcess(hostile_or_quick))
    (error,) = result.errors
    assert error.file == tmp_path / "handouts" / "hostile" / "handout.md"
    assert error.message == f"this handout was not built: {said}" and "split it" in error.hint
    assert [p.name for p in result.written] == ["plain.epub"]
    assert bytearray(1_000_000_000)  # and the limit is lifted afterwards


def test_a_worker_stuck_past_its_time_is_killed_and_only_its_handout_fails(tmp_path, monkeypatch):
    from plainleaf import limits

    # the deadline starts when the task is handed to the pool, so it must hold a fresh worker's start-up on a
    # loaded machine; the stuck task never ends, so only how long the test waits depends on it
    monkeypatch.setattr(limits, "TASK_SECONDS", 12)
    for slug in ("first", "stuck", "last"):
        write_handout(tmp_path, slug=slug)
    result = build([tmp_path / "handouts"], None, BuildOptions(output_dir=tmp_path / "out", formats=("epub",)),
                   executor=ProcessPool(2, work=work_or_hang, grace=0))
    assert [(e.file.parent.name, e.message) for e in result.errors] == [
        ("stuck", "this handout was not built: building it took longer than 0.2 minutes, the limit for one "
                  "handout")]
    assert sorted(p.name for p in result.written) == ["first.epub", "last.epub"]


def test_one_pending_handout_is_built_in_this_process_and_no_more_workers_than_handouts_start(tmp_path):
    from plainleaf.build.run import executor_for

    options = BuildOptions(output_dir=tmp_path, jobs=4)
    assert executor_for(options, 1) == InProcess()  # a worker would import WeasyPrint and the data again
    assert executor_for(options, 2) == ProcessPool(2)
    assert executor_for(options, 9) == ProcessPool(4)
    assert executor_for(BuildOptions(output_dir=tmp_path, jobs=1), 9) == InProcess()


class Watch:
    """A build's progress, noting this process's worker processes when the plan is made and as each task starts."""

    def __init__(self, stop: bool = False) -> None:
        self.stop, self.at_plan, self.at_start = stop, None, []

    def planned(self, plan):
        self.at_plan = len(multiprocessing.active_children())
        if self.stop:
            raise KeyboardInterrupt  # as Ctrl-C would, while the worker is still starting

    def started(self, task):
        self.at_start.append(len(multiprocessing.active_children()))

    def finished(self, task, outcome): ...


def test_a_single_pending_handout_is_built_in_the_worker_started_while_planning_with_the_same_bytes(tmp_path):
    source = write_handout(tmp_path)
    here, warm = Watch(), Watch()
    alone = build([source.parent], None, BuildOptions(output_dir=tmp_path / "alone", jobs=1), here)
    pooled = build([source.parent], None, BuildOptions(output_dir=tmp_path / "pooled", jobs=2), warm)
    assert alone.ok and pooled.ok, [str(e) for e in alone.errors + pooled.errors]
    assert (here.at_plan, here.at_start) == (0, [0])  # --jobs 1: in this process, as the user asked
    assert (warm.at_plan, warm.at_start) == (1, [1])  # started before the plan was done, and no other
    assert not multiprocessing.active_children()  # shut down with the build
    assert {p.relative_to(tmp_path / "pooled"): p.read_bytes() for p in pooled.written} == {
        p.relative_to(tmp_path / "alone"): p.read_bytes() for p in alone.written}
    assert [str(f) for f in pooled.warnings] == [str(f) for f in alone.warnings]


def test_a_rebuild_starts_a_worker_only_when_planning_finds_something_to_make(tmp_path):
    for slug in ("first", "second"):
        write_handout(tmp_path, slug=slug)
    options = BuildOptions(output_dir=tmp_path / "out", formats=("epub",), jobs=2)
    assert build([tmp_path / "handouts"], None, options).ok
    unchanged = Watch()
    assert build([tmp_path / "handouts"], None, options, unchanged).written == []
    assert unchanged.at_plan == 0
    write_handout(tmp_path, slug="second", body="## Why it matters\n\nGerms spread on hands. Soap stops them.\n")
    changed = Watch()
    result = build([tmp_path / "handouts"], None, options, changed)
    assert [p.name for p in result.written] == ["second.epub"] and changed.at_plan == 1
    assert not multiprocessing.active_children()


def test_the_early_worker_is_stopped_when_the_build_fails_or_is_interrupted(tmp_path):
    source = write_handout(tmp_path, front="title: [not closed\n")
    unbuilt = Watch()
    failed = build([source.parent], None, BuildOptions(output_dir=tmp_path / "out", jobs=2), unbuilt)
    assert failed.errors and not failed.written and unbuilt.at_plan == 1  # started for a new output folder
    assert not multiprocessing.active_children()
    write_handout(tmp_path)
    interrupted = Watch(stop=True)
    with pytest.raises(KeyboardInterrupt):
        build([source.parent], None, BuildOptions(output_dir=tmp_path / "out", jobs=2), interrupted)
    assert interrupted.at_plan == 1 and not multiprocessing.active_children()


def test_the_early_worker_runs_a_single_task_and_a_build_of_more_starts_its_own_pool(tmp_path):
    from plainleaf.build.executors import WarmWorkers
    from plainleaf.build.run import executor_for

    options = BuildOptions(output_dir=tmp_path, jobs=2)
    with WarmWorkers() as warm:
        assert executor_for(options, 1, warm) == InProcess()  # not started: nothing to make was found
        warm.start()
        assert executor_for(options, 1, warm) == ProcessPool(1, warm=warm)
        assert executor_for(options, 5, warm) == ProcessPool(2, warm=warm)  # which stops it before its own start
        assert executor_for(BuildOptions(output_dir=tmp_path, scheduler="tcp://127.0.0.1:1"), 1, warm) == \
            DaskCluster("tcp://127.0.0.1:1")
    assert not multiprocessing.active_children()


def test_a_new_folder_of_several_handouts_is_built_on_the_workers_started_while_planning(tmp_path):
    for slug in ("first", "second", "third"):
        write_handout(tmp_path, slug=slug)
    watch = Watch()
    result = build([tmp_path / "handouts"], None, BuildOptions(output_dir=tmp_path / "out", formats=("epub",),
                                                                jobs=2), watch)
    assert sorted(p.name for p in result.written) == ["first.epub", "second.epub", "third.epub"]
    assert watch.at_plan == 2 and max(watch.at_start) == 2  # as many as --jobs, started early, and no others
    assert not multiprocessing.active_children()


def test_a_rebuild_of_several_stops_its_early_worker_before_its_pool_starts(tmp_path):
    for slug in ("first", "second", "third"):
        write_handout(tmp_path, slug=slug)
    options = BuildOptions(output_dir=tmp_path / "out", formats=("epub",), jobs=2)
    assert build([tmp_path / "handouts"], None, options).ok
    for slug in ("first", "second"):
        write_handout(tmp_path, slug=slug, body="## Why it matters\n\nGerms spread on hands. Soap stops them.\n")
    watch = Watch()
    result = build([tmp_path / "handouts"], None, options, watch)
    assert sorted(p.name for p in result.written) == ["first.epub", "second.epub"]
    assert watch.at_plan == 1 and max(watch.at_start) == 2  # never the early one beside the pool's two
    assert not multiprocessing.active_children()


def test_a_worker_starts_with_weasyprint_and_the_stages_imported_and_what_they_made_frozen():
    import subprocess
    import sys

    probe = ("import gc, sys; from plainleaf.build.jobs import prepare_worker; prepare_worker(); "
             "print(gc.get_freeze_count() > 0, 'weasyprint' in sys.modules, 'plainleaf.check.review' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.split() == ["True", "True", "True"]
