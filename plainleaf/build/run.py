"""Running a build: plan it, run the pending tasks on an executor, write each handout's files as they come back,
remove the outputs of handouts that are gone, refresh the catalog, and keep the manifest.

One handout's errors never stop the others. Every file is written to a temporary name and renamed into place; the
manifest is written after the files it describes, so an interrupted build leaves every earlier output whole.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import HandoutError, HandoutErrors, plainleaf_fault
from .catalog import CATALOG_HTML, refresh_catalog
from .discovery import find_clinic, find_handouts
from .executors import DaskCluster, Executor, InProcess, ProcessPool, WarmWorkers
from .jobs import FORMATS, REFERENCE_LAYOUT, HandoutOutcome, HandoutTask, Job, MadeFile
from .manifest import MANIFEST_FILE, FileRecord, HandoutRecord, Manifest, claim, load_manifest, save_manifest
from .options import BuildOptions
from .outputs import inside, refuse_outside, remove_stale_temporaries, write_together
from .plan import (
    Plan,
    PlannedHandout,
    handout_task,
    needs_reference,
    plan_build,
    relative,
    shared_inputs,
)

if TYPE_CHECKING:
    from ..check.reading_level import Score
    from ..source.model import FrontMatter

__all__ = ["FORMATS", "BuildOptions", "BuildResult", "build"]


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    up_to_date: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # outputs of handouts that no longer exist
    errors: list[HandoutError] = field(default_factory=list)
    warnings: list[HandoutError] = field(default_factory=list)
    built: list[HandoutOutcome] = field(default_factory=list)  # the handouts that were built, with their review
    format_errors: list[HandoutError] = field(default_factory=list)  # those of `errors` that stopped only some
    # formats (its braille edition: no code for its language, a sign it lacks): the handout's other files were written

    @property
    def ok(self) -> bool:
        return not self.errors


class Progress(Protocol):
    """What a build tells as it goes (report.py shows it as a progress bar)."""

    def planned(self, plan: Plan) -> None: ...
    def started(self, task: HandoutTask) -> None: ...
    def finished(self, task: HandoutTask, outcome: HandoutOutcome) -> None: ...


class _Silent:
    def planned(self, plan: Plan) -> None: ...
    def started(self, task: HandoutTask) -> None: ...
    def finished(self, task: HandoutTask, outcome: HandoutOutcome) -> None: ...


def executor_for(options: BuildOptions, tasks: int, warm: WarmWorkers | None = None) -> Executor:
    """Where `tasks` pending handouts run: never more workers than tasks; in the workers started while planning when
    it started them, else a single task in this process (a new worker would import WeasyPrint and read the language
    data again before it began: a second or more)."""
    if options.scheduler:
        return DaskCluster(options.scheduler)
    workers = min(options.jobs, tasks)
    if warm is not None and warm.started:
        return ProcessPool(workers, warm=warm)
    return ProcessPool(workers) if workers > 1 else InProcess()


def warm_workers(options: BuildOptions) -> WarmWorkers | None:
    """The build's workers to start while it plans; none for --jobs 1 (the user asked for one process) or a Dask
    cluster."""
    return WarmWorkers() if options.jobs > 1 and not options.scheduler else None


def build(paths: Sequence[Path], clinic_file: Path | None, options: BuildOptions, progress: Progress | None = None,
          executor: Executor | None = None) -> BuildResult:
    """Build every handout found under `paths` into `options.output_dir`, skipping files that are up to date."""
    progress = progress or _Silent()
    options = replace(options, resources=options.resources.for_clinic(find_clinic(paths, clinic_file)))
    result = BuildResult()
    output_dir = options.output_dir
    manifest, damaged = load_manifest(output_dir)
    result.warnings.extend(damaged)
    warm = warm_workers(options) if executor is None else None
    try:
        _plan_and_run(paths, clinic_file, options, progress, executor, manifest, warm, result)
    finally:
        if warm is not None:
            warm.close()
    return result


def _plan_and_run(paths: Sequence[Path], clinic_file: Path | None, options: BuildOptions, progress: Progress,
                  executor: Executor | None, manifest: Manifest, warm: WarmWorkers | None, result: BuildResult) -> None:
    output_dir = options.output_dir
    if warm is not None and (options.force or not manifest.files):  # a new output folder: everything is to make
        warm.start(min(options.jobs, len(find_handouts(paths))))
    plan = plan_build(paths, clinic_file, options, manifest, on_pending=warm.start if warm else None)
    result.errors.extend(plan.errors)
    result.warnings.extend(plan.warnings)
    if not plan.handouts:
        return
    for planned in plan.handouts:
        result.errors.extend(planned.errors + planned.format_errors)
        result.format_errors.extend(planned.format_errors)
        result.warnings.extend(f for f in planned.warnings if f.severity == "warning")
        result.up_to_date += [output_dir / p.job.name for p in planned.jobs if p.up_to_date]
    progress.planned(plan)
    before = manifest.serialized()
    try:
        if plan.pending:
            _run(plan, options, manifest, result, progress,
                 executor or executor_for(options, len(plan.pending), warm))
        _remove_gone(plan, output_dir, manifest, result)
        try:
            result.errors.extend(refresh_catalog(output_dir, manifest, options.resources))
        except Exception as exc:  # a fault in plainleaf: the handouts are written, their findings still told
            result.errors.append(plainleaf_fault(output_dir / CATALOG_HTML, "update the catalog", exc))
    finally:
        _forget_missing_sources(manifest, output_dir)
        # a build that made nothing in a new output folder leaves no folder behind
        if manifest.serialized() != before and (manifest.files or (output_dir / MANIFEST_FILE).exists()):
            try:
                save_manifest(output_dir, manifest)
            except OSError as exc:  # the claims it leaves behind keep the new files plainleaf's
                result.errors.append(_cannot_write(output_dir / MANIFEST_FILE, exc))


def _run(plan: Plan, options: BuildOptions, manifest: Manifest, result: BuildResult, progress: Progress,
         executor: Executor) -> None:
    from ..source.layout import load_layout

    try:
        from ..check.clinic import load_checked_clinic

        clinic = load_checked_clinic(plan.clinic_file, options.resources.fonts_dir)
        for name in {*plan.layouts, *([REFERENCE_LAYOUT] if needs_reference(plan.formats) else [])}:
            load_layout(name, options.resources)  # a broken layout.yaml is one error, not one per handout
        shared = shared_inputs(plan, clinic, options)
        by_source = {planned.source: planned for planned in plan.pending}
        tasks = [handout_task(planned, plan.layouts) for planned in plan.pending]
        for task, outcome in executor.run(tasks, shared, progress.started):
            _accept(by_source[task.source], outcome, options.output_dir, manifest, result)
            progress.finished(task, outcome)
    except HandoutErrors as exc:
        result.errors.extend(exc.errors)


def _accept(planned: PlannedHandout, outcome: HandoutOutcome, output_dir: Path, manifest: Manifest,
            result: BuildResult) -> None:
    """Write one handout's files together and record them; or keep its errors and leave its old files alone."""
    problem = _not_as_asked(planned, outcome)
    if problem:
        result.errors.append(problem)
        return
    if not outcome.ok:  # its warnings still, so that one build tells everything
        result.warnings += [f for f in outcome.findings if f.severity == "warning"]
        result.errors.extend(outcome.errors)
        return
    digests = {p.job: p.digest for p in planned.jobs}
    files = {made.job.name: made for made in outcome.made}
    targets = {output_dir / name: made.data for name, made in files.items()}
    try:
        refuse_outside(targets, output_dir)  # before claiming: a claim lets plainleaf delete the file later
        claimed = {name: FileRecord(made.job.slug, made.job.format, size=len(made.data),
                                    sha256=hashlib.sha256(made.data).hexdigest()) for name, made in files.items()}
        claim(output_dir, claimed)
        try:
            remove_stale_temporaries(targets)
            write_together(targets, output_dir)
        except BaseException:
            manifest.settle(claimed, output_dir)  # some may be in place: the disk says which
            raise
    except HandoutErrors as exc:
        result.errors.extend(exc.errors)
        return
    except OSError as exc:
        result.errors.append(_cannot_write(planned.source, exc))
        return
    for name, made in files.items():
        manifest.files[name] = FileRecord(made.job.slug, made.job.format, digests[made.job], len(made.data),
                                          made.pages, made.job.layout if made.job.format == "pdf" else None,
                                          made.job.paper if made.job.format == "pdf" else None,
                                          claimed[name].sha256)
    if outcome.meta is not None:
        manifest.handouts[planned.slug] = _handout_record(planned, outcome.meta, outcome.scores, output_dir,
                                                          outcome.prescreen)
    result.written += [output_dir / name for name in files]
    result.errors.extend(outcome.format_errors)  # the files that could be made are written all the same
    result.format_errors.extend(outcome.format_errors)
    result.warnings += [f for f in outcome.findings if f.severity == "warning"]
    result.built.append(outcome)


def _not_as_asked(planned: PlannedHandout, outcome: object) -> HandoutError | None:
    """What a worker returns is input too (a Dask worker is another computer): an outcome for this handout that
    holds exactly the files its task asked for, as bytes, but those it says (with their errors) could not be made.
    Anything else is refused whole, and nothing written."""
    if not isinstance(outcome, HandoutOutcome) or outcome.source != planned.source:
        return _refused_outcome(planned, "it is not this handout's")
    if not outcome.ok:
        return None
    asked = {p.job for p in planned.pending}
    made = [m.job for m in outcome.made if isinstance(m, MadeFile) and type(m.data) is bytes]
    made += [job for job in outcome.unmade if isinstance(job, Job)] if outcome.format_errors else []
    if len(made) != len(outcome.made) + len(outcome.unmade) or len(set(made)) != len(made) or set(made) != asked:
        odd = sorted({getattr(getattr(m, "job", None), "name", "?") for m in outcome.made} ^ {j.name for j in asked})
        return _refused_outcome(planned, f"its files are not those it was asked for ({', '.join(odd)[:200]})")
    return None


def _refused_outcome(planned: PlannedHandout, why: str) -> HandoutError:
    return HandoutError(planned.source, None, f"a worker's result for this handout was refused: {why}",
                        "nothing of it was written; if the build runs on a Dask cluster, check that every worker "
                        "runs this plainleaf, and that the cluster is one you trust")


def _handout_record(planned: PlannedHandout, meta: FrontMatter, scores: Sequence[Score], output_dir: Path,
                    prescreen: dict[str, Any] | None = None) -> HandoutRecord:
    """The built handout as the catalog lists it."""
    return HandoutRecord(
        source=relative(planned.source.resolve(), output_dir.resolve()), slug=planned.slug, title=meta.title,
        subtitle=meta.subtitle, summary=meta.summary, language=meta.language, reviewed=meta.reviewed.isoformat(),
        translation_of=meta.translation_of, reading_level=[
            {"formula": s.formula, "label": s.label, "value": s.rounded,
             "target": {s.limit[0]: s.limit[1]} if s.limit else None, "passed": s.passed} for s in scores],
        prescreen=prescreen["scores"] if prescreen else [])


def _cannot_write(file: Path, exc: OSError) -> HandoutError:
    return HandoutError(file, None, f"cannot write its files: {exc}",
                        "check that the output folder can be written and has room")


def _remove_gone(plan: Plan, output_dir: Path, manifest: Manifest, result: BuildResult) -> None:
    """Delete the outputs of handouts whose handout.md no longer exists: only files plainleaf made, unchanged."""
    building = {p.job.slug for planned in plan.handouts for p in planned.jobs}
    for slug, record in list(manifest.handouts.items()):
        if slug in building or (output_dir / record.source).exists():
            continue
        for name in [name for name, file in manifest.files.items() if file.handout == slug]:
            if inside(output_dir / name, output_dir) and manifest.owns(name, output_dir):
                (output_dir / name).unlink(missing_ok=True)
                result.removed.append(output_dir / name)
            del manifest.files[name]  # a file changed since plainleaf made it is now the user's
        del manifest.handouts[slug]
        try:
            (output_dir / slug).rmdir()  # only when nothing else is left in it
        except OSError:
            pass
    for name in list(manifest.files):  # records of files that are gone (a user deleted them)
        if not os.path.lexists(output_dir / name):
            del manifest.files[name]


def _forget_missing_sources(manifest: Manifest, output_dir: Path) -> None:
    for key in [key for key in manifest.sources if not (output_dir / key).exists()]:
        del manifest.sources[key]

