"""Where tasks run: a worker process that dies fails only its own handout; the same tasks on a Dask cluster."""

from __future__ import annotations

import zipfile

import pytest

from plainleaf.build import BuildOptions, build
from plainleaf.executors import InProcess, ProcessPool
from tests.helpers import work_or_die, write_handout, write_picture_handout


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
