"""Build planning and running: which handouts, layouts and papers; each handout's stages in order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .audit import audit_bytes, layout_rules
from .checks import check_clinic
from .editions import Edition, plan_editions
from .epub import EpubParts, render_epub
from .errors import HandoutError, HandoutErrors, raise_if_errors
from .html import render_epub_css, render_epub_nav, render_epub_pages, render_print_html
from .layout import Layout, Paper, Resources, load_layout
from .model import Clinic, Handout
from .outputs import write_together
from .pagelist import PageMap, mark_print_pages
from .parse import parse_handout
from .pdf import RenderedPdf, render_pdf
from .plain import is_large_print
from .review import HandoutReview, review_handout
from .source import load_clinic

FORMATS = ("pdf", "epub")
HANDOUT_FILE = "handout.md"
CLINIC_FILE = "clinic.yaml"
REFERENCE_LAYOUT = "large-print"  # the EPUB carries this layout's page numbers, at the clinic's paper


@dataclass(frozen=True)
class BuildOptions:
    output_dir: Path = Path("output")
    layouts: Sequence[str] = ("large-print",)
    papers: Sequence[Paper] = ()  # empty: the clinic file's paper, else letter
    formats: Sequence[str] = FORMATS
    resources: Resources = field(default_factory=Resources.bundled)


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    errors: list[HandoutError] = field(default_factory=list)
    warnings: list[HandoutError] = field(default_factory=list)
    reviews: list[HandoutReview] = field(default_factory=list)  # of the handouts that were built

    @property
    def ok(self) -> bool:
        return not self.errors


def find_handouts(paths: Iterable[Path]) -> list[Path]:
    """handout.md files: a PATH is a handout folder, a folder of handout folders, or a handout file."""
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif (path / HANDOUT_FILE).is_file():
            found.append(path / HANDOUT_FILE)
        elif path.is_dir():
            found.extend(sorted(path.glob(f"*/{HANDOUT_FILE}")))
    return found


def no_handouts(paths: Sequence[Path]) -> HandoutError:
    return HandoutError(None, None, f"no handouts found in {', '.join(str(p) for p in paths)}",
                        f"a handout is a folder with a {HANDOUT_FILE} file in it")


def find_clinic(paths: Sequence[Path], explicit: Path | None) -> Path:
    """--clinic if given; else a clinic.yaml beside (or above) the given handouts; else handouts/clinic.yaml."""
    if explicit:
        return explicit
    for path in paths:
        folder = path if path.is_dir() else path.parent
        for candidate in (folder / CLINIC_FILE, folder.parent / CLINIC_FILE):
            if candidate.is_file():
                return candidate
    return Path("handouts") / CLINIC_FILE


def output_name(handout: Handout, layout: str, paper: str, fmt: str) -> str:
    return f"{handout.slug}.epub" if fmt == "epub" else f"{handout.slug}-{layout}-{paper}.pdf"


def clinic_logo(clinic: Clinic, clinic_file: Path) -> Path | None:
    """The logo file, whose path the clinic file gives relative to itself."""
    if clinic.logo is None:
        return None
    logo = (clinic_file.parent / clinic.logo.path).resolve()
    if not logo.is_file():
        raise HandoutErrors([HandoutError(clinic_file, None, f"the logo {clinic.logo.path!r} does not exist",
                                          "give its path relative to the clinic file, e.g. logo: {path: logo.png, "
                                          "alt: ...}")])
    return logo


def build_handout(source: Path, clinic: Clinic, layouts: Sequence[Layout], papers: Sequence[Paper],
                  options: BuildOptions, editions: Sequence[Edition] = (), logo: Path | None = None
                  ) -> tuple[dict[Path, bytes], HandoutReview]:
    """Every stage for one handout; returns the files to write and the review, or raises HandoutErrors.

    Each PDF is audited as it is made: a PDF that fails the audit fails the handout, so nothing of it is written;
    the audit's warnings join the review.
    """
    handout = parse_handout(source)
    large_print = any(is_large_print(layout.settings.body_pt) for layout in layouts)
    review = review_handout(handout, options.resources.fonts_dir, large_print)
    raise_if_errors(review.findings)
    folder = options.output_dir / handout.slug
    allowed = [handout.folder, options.resources.layouts_dir, options.resources.fonts_dir, *([logo] if logo else [])]
    files: dict[Path, bytes] = {}
    pdfs: dict[str, RenderedPdf] = {}
    findings: list[HandoutError] = []
    if "pdf" in options.formats:
        for layout in layouts:
            for paper in papers:
                edition = output_name(handout, layout.name, paper, "pdf")
                pdfs[edition] = render_edition(handout, clinic, layout, paper, allowed, editions, logo)
                findings += [f.as_error(source, f"{edition}: ")
                             for f in audit_bytes(pdfs[edition].data, layout_rules(layout))]
                files[folder / edition] = pdfs[edition].data
        review = replace(review, findings=(*review.findings, *raise_if_errors(findings)))
    if "epub" in options.formats:
        layout = load_layout(REFERENCE_LAYOUT, options.resources)
        print_pages = page_map(handout, clinic, layout, clinic.paper or "letter", allowed, editions, pdfs, logo)
        files[folder / output_name(handout, "", "", "epub")] = _epub(handout, clinic, layout, editions, print_pages)
    return files, review


def render_edition(handout: Handout, clinic: Clinic, layout: Layout, paper: Paper, allowed: Sequence[Path],
                   editions: Sequence[Edition], logo: Path | None = None) -> RenderedPdf:
    """One print edition: the PDF, and on which page each block landed."""
    html = render_print_html(handout, clinic, layout, paper, editions, logo=logo)
    return render_pdf(html, handout.source, allowed, identifier=output_name(handout, layout.name, paper, "pdf"))


def page_map(handout: Handout, clinic: Clinic, layout: Layout, paper: Paper, allowed: Sequence[Path],
             editions: Sequence[Edition], built: Mapping[str, RenderedPdf], logo: Path | None = None) -> PageMap:
    """Where each block starts in `layout`'s PDF at `paper`: read from that PDF when this build makes it
    (`built`, by file name), else from a rendering that is never written."""
    edition = output_name(handout, layout.name, paper, "pdf")
    pdf = built[edition] if edition in built else render_edition(handout, clinic, layout, paper, allowed, editions,
                                                                 logo)
    return PageMap(edition=edition, page_count=pdf.page_count, anchor_pages=pdf.anchor_pages)


def _epub(handout: Handout, clinic: Clinic, layout: Layout, editions: Sequence[Edition],
          print_pages: PageMap) -> bytes:
    pages, page_list = mark_print_pages(render_epub_pages(handout, clinic, layout, editions), print_pages)
    images = sorted({(img.src, handout.folder / img.src) for img in handout.images})
    parts = EpubParts(pages=pages, css=render_epub_css(layout, handout.language),
                      nav=render_epub_nav(handout, layout, pages, page_list), images=images,
                      fonts_dir=layout.fonts_dir, page_source=print_pages.edition)
    return render_epub(handout, clinic, parts)


def build(paths: Sequence[Path], clinic_file: Path | None, options: BuildOptions) -> BuildResult:
    """Build every handout found under `paths`; one handout's errors never stop the others."""
    result = BuildResult()
    try:
        clinic_path = find_clinic(paths, clinic_file)
        clinic = load_clinic(clinic_path)
        raise_if_errors(check_clinic(clinic, clinic_path, options.resources.fonts_dir))
        logo = clinic_logo(clinic, clinic_path)
        layouts = [load_layout(name, options.resources) for name in dict.fromkeys(options.layouts)]
    except HandoutErrors as exc:
        result.errors.extend(exc.errors)
        return result
    papers: list[Paper] = list(dict.fromkeys(options.papers)) or [clinic.paper or "letter"]
    sources = find_handouts(paths)
    if not sources:
        result.errors.append(no_handouts(paths))
    editions, edition_errors = plan_editions(sources)
    result.errors.extend(edition_errors)
    for source in sources:
        try:
            files, review = build_handout(source, clinic, layouts, papers, options, editions[source], logo)
            write_together(files, options.output_dir)
        except HandoutErrors as exc:
            result.errors.extend(exc.errors)
            continue
        result.written.extend(files)
        result.warnings.extend(f for f in review.findings if f.severity == "warning")
        result.reviews.append(review)
    return result
