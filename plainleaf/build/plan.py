"""Planning a build: the output files that the handouts, layouts, papers and formats ask for, a digest of everything
each one depends on, and which are already up to date in the output folder.

Cheap by design, so that a rebuild with nothing to do takes a fraction of a second: it reads and hashes files and
reads the manifest; it parses only a handout.md whose bytes changed, and loads the clinic file only when it changed.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import HandoutError, HandoutErrors, plainleaf_fault
from ..limits import MAX_IMAGE_BYTES, MAX_SOURCE_BYTES, RefusedFile, read_allowed, read_user_file
from ..source.editions import HANDOUT_FILE, Edition, EditionFacts, link_editions, siblings
from ..source.resources import BASE_FOLDER, LAYOUT_FILE, Resources, clinic_logo_file
from .digests import code_digest, digest, file_digest, read_tree, tree_digest
from .discovery import find_clinic, find_handouts, no_handouts
from .jobs import (
    BRAILLE_FORMATS,
    DEFAULT_FORMATS,
    FORMATS,
    PRINT_PAGE_FORMATS,
    REFERENCE_LAYOUT,
    HandoutTask,
    Job,
    SharedInputs,
)
from .manifest import Manifest, SourceFacts, in_the_way

if TYPE_CHECKING:
    from ..source.model import Clinic
    from .options import BuildOptions

PLACEHOLDER = "placeholder"  # the clinic file's key that says its details are made up


@dataclass(frozen=True)
class PlannedJob:
    job: Job
    digest: str  # of everything the file depends on
    up_to_date: bool


@dataclass
class PlannedHandout:
    source: Path
    jobs: list[PlannedJob] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # handout.md and its pictures, kept while it is pending
    editions: tuple[Edition, ...] = ()
    errors: list[HandoutError] = field(default_factory=list)
    warnings: list[HandoutError] = field(default_factory=list)  # and advice: found while planning, not built
    format_errors: list[HandoutError] = field(default_factory=list)  # why some formats cannot be made (the rest are)

    @property
    def slug(self) -> str:
        return self.source.parent.name

    @property
    def pending(self) -> list[PlannedJob]:
        return [planned for planned in self.jobs if not planned.up_to_date]


@dataclass
class Plan:
    handouts: list[PlannedHandout]
    errors: list[HandoutError]  # the build's own (the clinic file, layouts, editions, nothing found)
    facts: dict[Path, SourceFacts]  # of every handout read (siblings included), by resolved path
    clinic_file: Path
    layouts: tuple[str, ...] = ()
    formats: tuple[str, ...] = DEFAULT_FORMATS  # --format, else the clinic file's `formats:`, else pdf and epub
    shared: dict[str, dict[str, bytes]] = field(default_factory=dict)  # "layouts", "fonts": their files' bytes
    logo_file: Path | None = None
    warnings: list[HandoutError] = field(default_factory=list)  # the build's own: a placeholder clinic file

    @property
    def pending(self) -> list[PlannedHandout]:
        return [h for h in self.handouts if h.pending and not h.errors]


def _read(path: Path, limit: int = MAX_SOURCE_BYTES) -> bytes | None:
    """A file beside the clinic file (itself, its logo) by the rule for every read; None when it may not be read
    (loading the clinic file then says why)."""
    try:
        return read_allowed(path, [path.parent], limit)
    except RefusedFile:
        return None


def relative(path: Path, output_dir: Path) -> str:
    """A resolved path as the manifest keeps it: relative to the (resolved) output folder, so that moving the whole
    project keeps it."""
    return Path(os.path.relpath(path, output_dir)).as_posix()


def unchanged(source: Path, data: bytes, known: SourceFacts | None) -> bool:
    """Whether a handout.md is the one whose facts the manifest keeps (same bytes, same folder)."""
    return known is not None and known.digest == file_digest(data) and known.slug == source.parent.name


def source_facts(source: Path, data: bytes, known: SourceFacts | None) -> SourceFacts:
    """The facts planning needs from one handout.md: kept ones while its bytes are the same, else parsed."""
    if known is not None and unchanged(source, data, known):
        return known
    from ..source.parse import parse_handout

    handout = parse_handout(source, country=None)  # facts only: its numbers are judged where it is built
    pictures = list(dict.fromkeys(image.src for image in handout.images))
    return SourceFacts(file_digest(data) or "", handout.slug, handout.language, handout.meta.title,
                       handout.meta.translation_of, pictures)


def handout_files(source: Path, facts: SourceFacts) -> tuple[dict[str, bytes], bool]:
    """handout.md and the pictures it shows, by the rule for every read (limits.read_allowed); and whether some
    picture is refused (its handout is then checked here, where the user's files are)."""
    folder = source.parent
    files, refused = {HANDOUT_FILE: read_user_file(source, own_folder=True)}, False
    for picture in facts.pictures:
        path = folder / picture
        try:
            data = read_allowed(path, [folder], MAX_IMAGE_BYTES)
        except RefusedFile:
            refused = True
            continue
        name = posixpath.normpath(picture)  # as the text names it: the worker looks it up the same way
        if name.split("/")[0] == "..":  # out of the folder and back in
            name = path.resolve().relative_to(folder.resolve()).as_posix()
        files[name] = data
    return files, refused


def review_here(source: Path, plan: Plan, options: BuildOptions, clinic: ClinicFacts
                ) -> tuple[list[HandoutError], list[HandoutError]]:
    """Every finding for a handout that is not sent to a worker (it does not parse, or shows a picture that may not
    be read), as `check` reports it: its errors and its warnings. Rare, so only then is the review's cost paid."""
    from ..check.review import judges_large_print, review_source

    resources = options.resources
    review = review_source(source, resources.fonts_dir, judges_large_print(plan.layouts, resources),
                           options.strict or clinic.strict, clinic.country)
    return ([f for f in review.findings if f.severity == "error"],
            [f for f in review.findings if f.severity != "error"])


@dataclass(frozen=True)
class ClinicFacts:
    digest: str
    paper: str | None
    logo: str | None  # as the clinic file gives it, relative to itself
    placeholder: int | None = None  # the line of `placeholder: true`: its details are made up
    strict: bool = False
    country: str | None = None  # where its telephone numbers are (None: the clinic file has errors)
    formats: tuple[str, ...] | None = None  # what a build makes unless --format says


def clinic_facts(clinic_file: Path, fonts_dir: Path, manifest: Manifest) -> ClinicFacts:
    """The clinic file's paper and logo: kept ones while its bytes are the same (and the logo is there), else
    loaded and checked."""
    data = _read(clinic_file)
    kept = manifest.clinic
    unchanged = data is not None and kept.get("digest") == file_digest(data)
    if unchanged and {"placeholder", "strict", "country", "formats"} <= kept.keys() and \
            clinic_logo_file(clinic_file, kept.get("logo")) is not False:
        return ClinicFacts(kept["digest"], kept.get("paper"), kept.get("logo"), kept["placeholder"], kept["strict"],
                           kept["country"], tuple(kept["formats"]) if kept["formats"] else None)
    from ..check.clinic import load_checked_clinic  # pydantic and the checks: only when the clinic file changed

    clinic = load_checked_clinic(clinic_file, fonts_dir)
    placeholder = _line_of(PLACEHOLDER, data or b"") if clinic.placeholder else None
    return ClinicFacts(file_digest(data) or "", clinic.paper, clinic.logo.path if clinic.logo else None, placeholder,
                       clinic.strict, clinic.country, tuple(clinic.formats) if clinic.formats else None)


def _line_of(key: str, data: bytes) -> int:
    """The line of a top-level `key:` in a YAML file (1 when it is written some other way)."""
    match = re.search(rf"^{key}\s*:".encode(), data, re.MULTILINE)
    return data.count(b"\n", 0, match.start()) + 1 if match else 1


def placeholder_warning(clinic_file: Path, line: int) -> HandoutError:
    return HandoutError(clinic_file, line, "the clinic file holds made-up details (placeholder: true), and every "
                        "handout prints them", "replace them with your clinic's own name, phone numbers and "
                        "addresses, then delete this line", severity="warning", rule="clinic.placeholder")


def _check_layout_names(names: Sequence[str], resources: Resources) -> None:
    for name in names:
        if resources.layout_folder(name) is None:
            from ..source.layout import load_layout

            load_layout(name, resources)  # raises the error that lists the known ones


def plan_build(paths: Sequence[Path], clinic_file: Path | None, options: BuildOptions, manifest: Manifest,
               on_pending: Callable[[], None] | None = None) -> Plan:
    """Every output file the build asks for, with its digest and whether the output folder already has it;
    `on_pending` is called as soon as something is found to make (a changed handout.md, a file not up to date):
    the build then starts its worker.

    Errors in the clinic file or a layout's name stop the whole plan; a handout's own errors (it does not parse, a
    user's file is where its output would go) stop only that handout.
    """
    plan = Plan(handouts=[], errors=[], facts={}, clinic_file=find_clinic(paths, clinic_file))
    try:
        clinic = clinic_facts(plan.clinic_file, options.resources.fonts_dir, manifest)
        logo = clinic_logo_file(plan.clinic_file, clinic.logo)
        plan.logo_file = logo if isinstance(logo, Path) else None
        plan.layouts = tuple(dict.fromkeys(name.lower() for name in options.layouts))
        _check_layout_names(plan.layouts, options.resources)
    except HandoutErrors as exc:
        plan.errors.extend(exc.errors)
        return plan
    manifest.clinic = {"digest": clinic.digest, "paper": clinic.paper, "logo": clinic.logo,
                       "placeholder": clinic.placeholder, "strict": clinic.strict, "country": clinic.country,
                       "formats": list(clinic.formats) if clinic.formats else None}
    plan.formats = tuple(dict.fromkeys(options.formats or clinic.formats or DEFAULT_FORMATS))
    if clinic.placeholder:
        plan.warnings.append(placeholder_warning(plan.clinic_file, clinic.placeholder))
    sources = find_handouts(paths)
    if not sources:
        plan.errors.append(no_handouts(paths))
    found = siblings(sources)
    own_errors = _read_facts(found, plan, manifest, options.output_dir.resolve(), on_pending)
    resolved_of = {path: resolved for resolved, path in found.items()}
    editions, edition_errors = link_editions([EditionFacts(p, f.slug, f.language, f.title, f.translation_of)
                                              for p, f in plan.facts.items()])
    for error in edition_errors:  # a handout's own, as `check` reports it; a sibling's when it is built
        own_errors.setdefault(error.file, []).append(replace(error, file=found.get(error.file, error.file)))
    try:
        digests = _SharedDigests.read(plan, clinic, options)
    except HandoutErrors as exc:  # a clinic's layout.yaml that may not be read
        plan.errors.extend(exc.errors)
        return plan
    papers = list(dict.fromkeys(options.papers)) or [clinic.paper or "letter"]
    jobs_of = _jobs(plan.layouts, papers, clinic.paper or "letter", plan.formats)
    slugs: dict[str, Path] = {}
    for source in sources:
        resolved = resolved_of.get(source) or source.resolve()
        planned = PlannedHandout(source, errors=own_errors.get(resolved, []))
        plan.handouts.append(planned)
        facts = plan.facts.get(resolved)
        if facts is None:  # it does not parse: all its findings, not only the parser's first ones
            errors, planned.warnings = review_here(found.get(resolved, source), plan, options, clinic)
            planned.errors = errors or planned.errors  # (a fault the review did not meet again stays reported)
            continue
        if facts.slug in slugs:
            planned.errors.append(HandoutError(source, None, f"another handout is also called {facts.slug!r}: "
                                               f"{slugs[facts.slug]}", "give each handout folder its own name"))
            continue
        slugs[facts.slug] = source
        planned.editions = editions.get(resolved, ())
        try:
            planned.files, refused = handout_files(found[resolved], facts)
        except HandoutErrors as exc:  # it changed since its facts were read (to a FIFO, a link...)
            planned.errors += exc.errors
            continue
        if refused:  # checked here, where the user's files are: the same messages as in a worker
            errors, planned.warnings = review_here(found[resolved], plan, options, clinic)
            planned.errors += errors
            continue
        inputs = digests.of_handout(facts.language, planned.files, planned.editions)
        jobs = jobs_of(facts.slug)
        braille = digests.braille(facts.language) if any(job.format in BRAILLE_FORMATS for job in jobs) else {}
        if braille is None:  # a language with no braille code: its other files are made
            from ..render.braille.codes import NO_CODE_HINT, no_code_message

            planned.format_errors.append(HandoutError(source, None, no_code_message(facts.language), NO_CODE_HINT))
            jobs = [job for job in jobs if job.format not in BRAILLE_FORMATS]
        for job in jobs:
            layout = digests.layouts[job.layout] if job.layout else None  # plain text has none
            job_digest = digest(inputs, layout, job.format, job.layout, job.paper,
                                *(["strict"] if options.strict else []),  # what is an error: the clinic's counts
                                *([braille] if job.format in BRAILLE_FORMATS else []))
            up_to_date = not options.force and _up_to_date(job.name, job_digest, options.output_dir, manifest)
            if not up_to_date and on_pending is not None:
                on_pending()
            planned.jobs.append(PlannedJob(job, job_digest, up_to_date))
        planned.errors += _in_the_way([p.job.name for p in planned.pending], options.output_dir, manifest, source)
        if not planned.pending:
            planned.files = {}  # kept only to be sent to a worker
    return plan


def _read_facts(sources: Mapping[Path, Path], plan: Plan, manifest: Manifest, output_dir: Path,
                on_pending: Callable[[], None] | None = None) -> dict[Path, list[HandoutError]]:
    """Each handout's facts into the plan (and the manifest), by resolved path; returns the errors of those that do
    not parse (parsed as found, so that a handout.md that is a link out of its folder is refused). A changed one
    is most likely built: `on_pending` is called before it is parsed."""
    errors: dict[Path, list[HandoutError]] = {}
    for resolved, path in sources.items():
        key = relative(resolved, output_dir)
        try:
            data, known = read_user_file(path, own_folder=True), manifest.sources.get(key)
            if on_pending is not None and not unchanged(path, data, known):
                on_pending()
            plan.facts[resolved] = manifest.sources[key] = source_facts(path, data, known)
        except HandoutErrors as exc:
            errors[resolved] = exc.errors  # a sibling's are reported only when it is built
        except OSError as exc:
            errors[resolved] = [HandoutError(path, None, f"cannot read the file: {exc.strerror}")]
        except Exception as exc:  # a fault in plainleaf: only this handout fails
            errors[resolved] = [plainleaf_fault(path, "build this handout", exc)]
    return errors


def _jobs(layouts: Sequence[str], papers: Sequence[str], reference_paper: str, formats: Sequence[str]
          ) -> Callable[[str], list[Job]]:
    """The jobs of one handout (by slug): each layout × paper as PDF, the EPUB, BRF and PEF with the reference
    edition's page numbers, and the plain text, which has no layout."""
    def of(slug: str) -> list[Job]:
        pdfs = [Job(slug, "pdf", layout, paper) for layout in layouts for paper in papers] if "pdf" in formats else []
        return pdfs + [Job(slug, fmt, REFERENCE_LAYOUT, reference_paper) if fmt in PRINT_PAGE_FORMATS else
                       Job(slug, fmt, None, None) for fmt in FORMATS if fmt != "pdf" and fmt in formats]
    return of


@dataclass
class _SharedDigests:
    """The digests every handout's jobs share (plainleaf, clinic, logo, fonts, layouts) and the catalogues'."""

    common: dict[str, str | None]
    layouts: dict[str, str]
    catalogues: dict[str, str | None] = field(default_factory=dict)
    codes: dict[str, Any] = field(default_factory=dict)  # braille code → what its files are made with

    @classmethod
    def read(cls, plan: Plan, clinic: ClinicFacts, options: BuildOptions) -> _SharedDigests:
        """Read (into the plan, to send to workers) and hash the layouts the build needs and the fonts."""
        # every layout asked for, even in an EPUB-only build: the review judges emphasis by their sizes
        needed = {*plan.layouts, *([REFERENCE_LAYOUT] if needs_reference(plan.formats) else ())}
        resources = options.resources
        clinic_layouts = {name: {LAYOUT_FILE: read_user_file(folder / LAYOUT_FILE)} for name in sorted(needed)
                          if resources.is_clinic_layout(folder := resources.layout_folder(name))}
        # a clinic's layout may be based on any bundled one: then every bundled layout goes to the workers
        bundled = resources.bundled_layout_names() if clinic_layouts else needed
        layout_files = {name: read_tree(resources.layouts_dir / name) for name in sorted({*bundled, BASE_FOLDER})}
        plan.shared = {"layouts": _by_path(layout_files), "clinic_layouts": _by_path(clinic_layouts),
                       "fonts": read_tree(resources.fonts_dir, "*.ttf")}
        common = {"plainleaf": code_digest(), "clinic": clinic.digest, "fonts": tree_digest(plan.shared["fonts"]),
                  "base": tree_digest(layout_files.pop(BASE_FOLDER)),
                  "logo": file_digest(_read(plan.logo_file, MAX_IMAGE_BYTES)) if plan.logo_file else None}
        layouts = {name: tree_digest(files) for name, files in layout_files.items()}
        everything_bundled = digest(layouts)
        layouts.update({name: digest(tree_digest(files), everything_bundled) for name, files in clinic_layouts.items()})
        return cls(common, layouts)

    def catalogue(self, language: str) -> str | None:
        from ..i18n import catalogue_file

        if language not in self.catalogues:
            path = catalogue_file(language)
            self.catalogues[language] = file_digest(path.read_bytes()) if path else None  # plainleaf's own
        return self.catalogues[language]

    def braille(self, language: str) -> Any:
        """What a braille file in this language is made with besides the handout: liblouis's version and the bytes
        of every table it reads; None for a language with no braille code."""
        from ..render.braille.codes import braille_code
        from ..render.braille.louis import open_liblouis

        code = braille_code(language)
        if code is None:
            return None
        if code.id not in self.codes:
            louis = open_liblouis()
            self.codes[code.id] = "no liblouis" if isinstance(louis, HandoutError) else \
                [louis.version, tree_digest(louis.table_files(code.tables))]  # (the worker says how to install it)
        return self.codes[code.id]

    def of_handout(self, language: str, files: dict[str, bytes], editions: Sequence[Edition]) -> dict[str, Any]:
        """What all of one handout's jobs depend on; each job adds its layout and options. Its editions' catalogues
        count because its notes about them are printed in their languages."""
        return {**self.common, "handout": tree_digest(files),
                "catalogues": {lang: self.catalogue(lang) for lang in {language, *(e.language for e in editions)}},
                "editions": [[e.slug, e.language, e.title] for e in editions]}


def needs_reference(formats: Sequence[str]) -> bool:
    """Whether the build needs the reference layout (large print) for the page numbers of the EPUB or braille."""
    return any(fmt in formats for fmt in PRINT_PAGE_FORMATS)


def _by_path(trees: Mapping[str, Mapping[str, bytes]]) -> dict[str, bytes]:
    """{layout: {file: bytes}} → {"layout/file": bytes}, as the workers unpack them."""
    return {f"{name}/{file}": data for name, files in trees.items() for file, data in files.items()}


def _up_to_date(name: str, job_digest: str, output_dir: Path, manifest: Manifest) -> bool:
    record = manifest.files.get(name)
    if record is None or record.digest != job_digest:
        return False
    try:
        return (output_dir / name).stat().st_size == record.size
    except OSError:
        return False


def _in_the_way(names: Iterable[str], output_dir: Path, manifest: Manifest, source: Path) -> list[HandoutError]:
    """A user's own file where an output would go: plainleaf never replaces a file it did not make."""
    return [in_the_way(output_dir / name, f"the output of {source}")
            for name in names if not manifest.owns(name, output_dir) and os.path.lexists(output_dir / name)]


def shared_inputs(plan: Plan, clinic: Clinic, options: BuildOptions) -> SharedInputs:
    """The shared part of every task: the layouts' and fonts' bytes read while planning, the clinic and logo."""
    logo = (plan.logo_file.name, _read(plan.logo_file, MAX_IMAGE_BYTES) or b"") if plan.logo_file else None
    return SharedInputs(layouts=plan.shared["layouts"], fonts=plan.shared["fonts"], clinic=clinic, logo=logo,
                        layouts_dir=options.resources.layouts_dir, fonts_dir=options.resources.fonts_dir,
                        logo_file=plan.logo_file, clinic_layouts=plan.shared["clinic_layouts"],
                        clinic_layouts_dir=options.resources.clinic_layouts_dir, strict=options.strict or clinic.strict)


def handout_task(planned: PlannedHandout, layouts: Sequence[str]) -> HandoutTask:
    return HandoutTask(source=planned.source, files=planned.files, jobs=tuple(p.job for p in planned.pending),
                       layouts=tuple(layouts), editions=planned.editions)

