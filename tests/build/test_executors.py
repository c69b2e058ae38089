"""Where tasks run: a worker process that dies fails only its own handout; the same tasks on a Dask cluster."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from plainleaf.build.executors import InProcess, ProcessPool
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
