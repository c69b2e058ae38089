"""The unit of work: a handout's pending output files, made from the bytes of everything they depend on.

`run_handout(task, shared)` is a pure function of its arguments: it reads no file outside them and writes only a
private scratch folder, so it runs the same in this process, in a local worker process or on a Dask cluster.
WeasyPrint, ebooklib and liblouis are loaded only here, when something is really built.
"""

from __future__ import annotations

import gc
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from ..errors import HandoutError, HandoutErrors, raise_if_errors
from ..source.editions import Edition

if TYPE_CHECKING:
    from ..check.reading_level import Score
    from ..render.braille.blocks import BrailleSource
    from ..render.pagelist import PageMap
    from ..render.pdf import RenderedPdf
    from ..source.layout import Layout
    from ..source.model import Clinic, FrontMatter, Handout

FORMATS = ("pdf", "epub", "brf", "pef", "txt")
DEFAULT_FORMATS = ("pdf", "epub")  # when neither --format nor the clinic file's `formats:` says
BRAILLE_FORMATS = ("brf", "pef")
PRINT_PAGE_FORMATS = ("epub", *BRAILLE_FORMATS)  # they carry the reference edition's page numbers; txt has none
REFERENCE_LAYOUT = "large-print"  # the EPUB and the braille edition carry this layout's page numbers


def output_name(slug: str, layout: str | None, paper: str | None, fmt: str) -> str:
    return f"{slug}-{layout}-{paper}.pdf" if fmt == "pdf" else f"{slug}.{fmt}"


@dataclass(frozen=True)
class Job:
    """One output file: a handout as a PDF in one layout and paper, or as the EPUB, BRF or PEF, which carry the
    page numbers of the PDF in `layout` and `paper` (the reference edition), or as plain text, which has neither."""

    slug: str
    format: str
    layout: str | None
    paper: str | None

    @property
    def name(self) -> str:
        """The file's path inside the output folder."""
        return f"{self.slug}/{output_name(self.slug, self.layout, self.paper, self.format)}"

    @property
    def reference(self) -> Job:
        """The PDF whose page map this job needs (for a PDF, itself)."""
        return replace(self, format="pdf")


@dataclass(frozen=True)
class SharedInputs:
    """What every handout of a build shares, as bytes: the layouts' files, the fonts, the clinic and its logo; and
    where they came from, so that messages name the user's files."""

    layouts: Mapping[str, bytes]  # POSIX path under the layouts folder → bytes
    fonts: Mapping[str, bytes]  # file name → bytes
    clinic: Clinic
    logo: tuple[str, bytes] | None  # file name, bytes
    layouts_dir: Path
    fonts_dir: Path
    logo_file: Path | None = None
    strict: bool = False  # warnings are errors: --strict, or the clinic file's `strict: true`
    clinic_layouts: Mapping[str, bytes] = field(default_factory=dict)  # a clinic's own layouts, as `layouts`
    clinic_layouts_dir: Path | None = None


@dataclass(frozen=True)
class HandoutTask:
    """One handout's pending jobs and its own files (handout.md and the pictures it shows)."""

    source: Path  # the user's handout.md, as messages name it
    files: Mapping[str, bytes]  # POSIX path inside the handout folder → bytes
    jobs: tuple[Job, ...]
    layouts: tuple[str, ...]  # every layout asked for: large print in any of them makes the review judge emphasis
    editions: tuple[Edition, ...] = ()

    @property
    def slug(self) -> str:
        return self.source.parent.name


@dataclass(frozen=True)
class MadeFile:
    job: Job
    data: bytes
    pages: int | None  # the PDF's; the EPUB's: the print pages of its page-list; braille pages; plain text: None


@dataclass(frozen=True)
class HandoutOutcome:
    """What one task gave: its files, or the errors that stopped it; the review's other findings; and the facts
    the catalog lists."""

    source: Path
    made: tuple[MadeFile, ...] = ()
    errors: tuple[HandoutError, ...] = ()
    findings: tuple[HandoutError, ...] = ()  # warnings and advice
    # jobs that could not be made while the others were (braille: a character its code has no sign for), and why
    unmade: tuple[Job, ...] = ()
    format_errors: tuple[HandoutError, ...] = ()
    meta: FrontMatter | None = None
    scores: tuple[Score, ...] = ()
    prescreen: dict[str, Any] | None = None  # the PEMAT-P / CCI pre-screen's scores, as the catalog lists them
    disabled: Mapping[str, str] = field(default_factory=dict)  # rules its front matter switches off: id → reason

    @property
    def ok(self) -> bool:
        return not self.errors


WORKER_MODULES = ("plainleaf.source.parse", "plainleaf.check.review", "plainleaf.render.html", "plainleaf.render.pdf",
                  "plainleaf.check.audit", "plainleaf.render.epub", "plainleaf.render.weasy", "pikepdf",
                  "ebooklib.epub")


def prepare_worker() -> None:
    """What a worker process does before its first task (the worker started while planning: while the build still
    plans): import the stages and WeasyPrint, and read the English language data. A worker that cannot still builds:
    its first task imports them again and says what fails."""
    import importlib

    try:
        for module in WORKER_MODULES:
            importlib.import_module(module)
        from ..check.plainwords import hard_word_index
        from ..check.readability import flesch_kincaid_grade

        hard_word_index("en")
        flesch_kincaid_grade("Germs spread on hands.")  # the syllable table
    except Exception:
        pass
    gc.freeze()  # what start-up made lives as long as the worker: its collections need not scan it (~0.1 s a PDF)


def run_handout(task: HandoutTask, shared: SharedInputs) -> HandoutOutcome:
    """Make the task's files in a private scratch folder; a user's mistake comes back as errors naming their files."""
    with tempfile.TemporaryDirectory(prefix="plainleaf-") as scratch:
        tree = _Tree.unpack(Path(scratch).resolve(), task, shared)  # resolved, as the stages name files
        try:
            outcome = _make(tree, task, shared)
        except HandoutErrors as exc:  # before the review: it does not parse, or a layout does not load
            outcome = HandoutOutcome(task.source, errors=tuple(exc.errors))
    return replace(outcome, errors=tuple(map(tree.restore, outcome.errors)),
                   findings=tuple(map(tree.restore, outcome.findings)),
                   format_errors=tuple(map(tree.restore, outcome.format_errors)))


@dataclass(frozen=True)
class _Tree:
    """The task's inputs written out as files where the stages expect them, and the way back to the user's paths."""

    source: Path
    layouts_dir: Path
    fonts_dir: Path
    logo: Path | None
    origins: tuple[tuple[Path, Path], ...] = field(default=())  # (scratch path, user's path)
    clinic_layouts_dir: Path | None = None

    @classmethod
    def unpack(cls, root: Path, task: HandoutTask, shared: SharedInputs) -> _Tree:
        from ..source.pictures import clean_picture

        folder, layouts, fonts, logos = root / "handouts" / task.slug, root / "layouts", root / "fonts", root / "logo"
        for name, data in task.files.items():  # an SVG as its clean copy: only that is built from
            _write_inside(folder, name, clean_picture(name, data))
        for base, files in ((layouts, shared.layouts), (fonts, shared.fonts)):
            for name, data in files.items():
                _write_inside(base, name, data)
        logo = _write_inside(logos, shared.logo[0], clean_picture(*shared.logo)) if shared.logo else None
        origins = [(folder, task.source.parent), (layouts, shared.layouts_dir), (fonts, shared.fonts_dir)]
        if logo and shared.logo_file:
            origins.append((logo, shared.logo_file))
        clinic_layouts = root / "clinic-layouts" if shared.clinic_layouts and shared.clinic_layouts_dir else None
        if clinic_layouts and shared.clinic_layouts_dir:
            for name, data in shared.clinic_layouts.items():
                _write_inside(clinic_layouts, name, data)
            origins.append((clinic_layouts, shared.clinic_layouts_dir))
        return cls(folder / "handout.md", layouts, fonts, logo, tuple(origins), clinic_layouts)

    def restore(self, error: HandoutError) -> HandoutError:
        """The error as the user sees it: naming their files, not the scratch copies."""
        file, message, hint = error.file, error.message, error.hint
        for scratch, user in self.origins:  # `user` as the user named it: often relative, never made a URI
            if file is not None and file.is_relative_to(scratch):
                file = user / file.relative_to(scratch)
            message, hint = message.replace(str(scratch), str(user)), hint.replace(str(scratch), str(user))
        return replace(error, file=file, message=message, hint=hint)


def _write_inside(base: Path, name: str, data: bytes) -> Path:
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
        raise ValueError(f"{name!r} is not a path inside {base}")  # the planner never sends one
    path = base.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _make(tree: _Tree, task: HandoutTask, shared: SharedInputs) -> HandoutOutcome:
    """Every stage for one handout: parse, review, then each pending PDF (audited as it is made), the EPUB and the
    braille edition, which share one rendering of the reference PDF for its page numbers, and the plain text. Errors
    stop it, and the warnings found before them go back with them; the braille edition's stop only the braille
    files."""
    from ..check.audit import audit_bytes, layout_rules
    from ..check.review import judges_large_print, prescreen_json, review_handout
    from ..source.layout import Resources, load_layout
    from ..source.parse import parse_handout

    resources = Resources(layouts_dir=tree.layouts_dir, fonts_dir=tree.fonts_dir,
                          clinic_layouts_dir=tree.clinic_layouts_dir)
    handout = parse_handout(tree.source, country=shared.clinic.country)
    layouts = {name: load_layout(name, resources)
               for name in {*task.layouts, *(job.layout for job in task.jobs if job.layout)}}
    review = review_handout(handout, resources.fonts_dir, judges_large_print(task.layouts, resources), shared.strict,
                            questions_page=any(layouts[n].settings.questions_page for n in task.layouts),
                            layouts=list(layouts.values()))
    screen = {"scores": prescreen_json(review.prescreen)["scores"]} if review.prescreen else None
    outcome = HandoutOutcome(task.source, meta=handout.meta, scores=review.plain.handout.scores if review.plain else (),
                             prescreen=screen, disabled=review.disabled)
    findings: list[HandoutError] = []
    pdfs: dict[Job, RenderedPdf] = {}
    made: list[MadeFile] = []
    try:
        _keep(findings, review.findings)
        audit: list[HandoutError] = []
        for job in (job for job in task.jobs if job.format == "pdf"):
            pdfs[job] = render_edition(handout, shared.clinic, layouts[job.layout], job.paper, task.editions,
                                       tree.logo)
            edition = output_name(job.slug, job.layout, job.paper, "pdf")
            audit += [f.as_error(handout.source, f"{edition}: ")
                      for f in audit_bytes(pdfs[job].data, layout_rules(layouts[job.layout]), pdfs[job].contents)
                      if f.rule not in review.disabled]
            made.append(MadeFile(job, pdfs[job].data, pdfs[job].page_count))
        _keep(findings, audit)

        def print_pages(job: Job) -> PageMap:
            if job.reference not in pdfs:  # no PDF of it was asked for: rendered for its page numbers only
                pdfs[job.reference] = render_edition(handout, shared.clinic, layouts[job.layout], job.paper,
                                                     task.editions, tree.logo)
            return _page_map(job.reference, pdfs[job.reference])

        for job in (job for job in task.jobs if job.format == "epub"):
            page_map = print_pages(job)
            made.append(MadeFile(job, render_epub_file(handout, shared.clinic, layouts[job.layout], task.editions,
                                                       page_map, tree.logo), page_map.page_count))
        braille = [job for job in task.jobs if job.format in BRAILLE_FORMATS]
        if braille:
            source = braille_source(handout, shared.clinic, task.editions, print_pages(braille[0]), braille[0].paper)
            try:
                made += render_braille(source, braille)
            except HandoutErrors as exc:  # the PDF and EPUB are made all the same
                outcome = replace(outcome, unmade=tuple(braille), format_errors=tuple(exc.errors))
        made += [MadeFile(job, render_plain_text(handout, shared.clinic, task.editions), None)
                 for job in task.jobs if job.format == "txt"]
    except HandoutErrors as exc:
        return replace(outcome, errors=tuple(exc.errors), findings=(*findings, *_said(pdfs.values())))
    return replace(outcome, made=tuple(made), findings=(*findings, *_said(pdfs.values())))


def _said(pdfs: Iterable[RenderedPdf]) -> list[HandoutError]:
    """WeasyPrint's warnings on the PDFs rendered, each once however many editions it was said for."""
    return list(dict.fromkeys(f for pdf in pdfs for f in pdf.findings))


def _keep(findings: list[HandoutError], found: Sequence[HandoutError]) -> None:
    """Keep the warnings and advice of `found` in `findings`; raise its errors."""
    findings += [f for f in found if f.severity != "error"]
    raise_if_errors([f for f in found if f.severity == "error"])


def render_edition(handout: Handout, clinic: Clinic, layout: Layout, paper: str, editions: Sequence[Edition],
                   logo: Path | None = None) -> RenderedPdf:
    """One print edition: the PDF, and on which page each block landed."""
    from ..render.html import render_print_html
    from ..render.pagination import NO_BREAKS, PageBreaks, Repagination
    from ..render.pdf import render_pdf
    from ..render.printfiles import PrintFiles

    def html(breaks: PageBreaks = NO_BREAKS) -> str:
        return render_print_html(handout, clinic, layout, paper, editions, logo=logo, breaks=breaks)

    files = PrintFiles(handout.folder, layout.base_folder.parent, layout.fonts_dir, logo)
    return render_pdf(html(), handout.source, files, identifier=output_name(handout.slug, layout.name, paper, "pdf"),
                      relayout=Repagination(html, layout.settings.writing_pitch_pt))


def _page_map(reference: Job, pdf: RenderedPdf) -> PageMap:
    """Where each block starts in the reference PDF: the EPUB's page-list follows it."""
    from ..render.pagelist import PageMap

    return PageMap(edition=output_name(reference.slug, reference.layout, reference.paper, "pdf"),
                   page_count=pdf.page_count, anchor_pages=pdf.anchor_pages)


def braille_source(handout: Handout, clinic: Clinic, editions: Sequence[Edition], print_pages: PageMap,
                   paper: str) -> BrailleSource:
    """What the braille edition is transcribed from: the document tree (the one place it is read for braille),
    the front matter, the clinic, the other editions' notes, the reference PDF's page map."""
    from ..render.braille.blocks import BrailleSource
    from ..render.html import edition_notes
    from ..source.reader import handout_tree

    return BrailleSource(handout_tree(handout), handout.meta, clinic, print_pages, handout.key_points,
                         tuple(edition_notes(editions)), handout.source, paper)


def render_braille(source: BrailleSource, jobs: Sequence[Job]) -> list[MadeFile]:
    """The BRF and PEF files of the jobs, from one transcription."""
    from ..render.braille.edition import braille_edition, pef_identifier

    edition = braille_edition(source)
    pages = len(edition.pages.pages)
    data = {"brf": edition.brf, "pef": lambda: edition.pef(pef_identifier(jobs[0].slug, source.language))}
    return [MadeFile(job, data[job.format](), pages) for job in jobs]


def render_plain_text(handout: Handout, clinic: Clinic, editions: Sequence[Edition]) -> bytes:
    from ..render.plaintext import plain_text_edition

    return plain_text_edition(handout, clinic, editions).encode("utf-8")


def render_epub_file(handout: Handout, clinic: Clinic, layout: Layout, editions: Sequence[Edition],
                     print_pages: PageMap, logo: Path | None = None) -> bytes:
    from ..render.epub import EpubParts, render_epub
    from ..render.html import epub_logo_name, render_epub_css, render_epub_nav, render_epub_pages
    from ..render.pagelist import mark_print_pages

    pages, page_list = mark_print_pages(render_epub_pages(handout, clinic, layout, editions, logo), print_pages)
    images = sorted({(img.src, handout.folder / img.src) for img in handout.images})
    parts = EpubParts(pages=pages, css=render_epub_css(layout, handout.language),
                      nav=render_epub_nav(handout, layout, pages, page_list), images=images,
                      fonts_dir=layout.fonts_dir, page_source=print_pages.edition,
                      logo=(epub_logo_name(logo), logo) if logo else None)
    return render_epub(handout, clinic, parts)
