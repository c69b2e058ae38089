"""Layouts: the folders in layouts/, their settings, and the Jinja2 environment that renders them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from pydantic import Field

from .errors import HandoutError, HandoutErrors
from .model import _Strict
from .resources import BASE_FOLDER, PAPER_SIZES, Paper, Resources  # noqa: F401  (where the others import them)
from .source import load_yaml, read_text, validate


class LayoutSettings(_Strict):
    """layouts/<name>/layout.yaml: the numbers a layout sets; the templates and CSS are shared."""

    title: str
    description: str = ""
    body_pt: float = Field(ge=12)
    min_text_pt: float = Field(ge=12)
    h1_pt: float
    h2_pt: float
    h3_pt: float
    line_height: float = Field(ge=1.2)
    margin_in: float = Field(ge=0.75)
    max_line_em: float = Field(default=32, gt=10)
    qr_codes: bool = True
    questions_page: bool = True

    @property
    def writing_pitch_pt(self) -> float:
        """The distance between the writing lines of the questions page."""
        return self.body_pt * 2.5


@dataclass(frozen=True)
class Layout:
    name: str
    folder: Path
    settings: LayoutSettings
    base_folder: Path
    fonts_dir: Path

    def template_folders(self) -> list[Path]:
        return [self.folder, self.base_folder]


def available_layouts(resources: Resources) -> list[str]:
    return sorted(p.parent.name for p in resources.layouts_dir.glob("*/layout.yaml") if p.parent.name != BASE_FOLDER)


def load_layout(name: str, resources: Resources) -> Layout:
    folder = resources.layouts_dir / name
    settings_file = folder / "layout.yaml"
    if name == BASE_FOLDER or "/" in name or not settings_file.is_file():
        known = ", ".join(available_layouts(resources))
        raise HandoutErrors([HandoutError(None, None, f"there is no layout called {name!r}",
                                          f"choose one of: {known}")])
    data, lines = load_yaml(read_text(settings_file), settings_file)
    settings = validate(LayoutSettings, data, settings_file, lines)
    return Layout(name=name, folder=folder, settings=settings, base_folder=resources.layouts_dir / BASE_FOLDER,
                  fonts_dir=resources.fonts_dir)


def template_environment(layout: Layout) -> Environment:
    """Jinja2 for one layout: its own folder first, then the shared base templates."""
    return folder_environment(layout.template_folders())


def folder_environment(folders: Sequence[Path]) -> Environment:
    """Jinja2 with plainleaf's settings (autoescaping, gettext, strict undefined) for templates in `folders`."""
    env = Environment(
        loader=FileSystemLoader([str(p) for p in folders]),
        autoescape=select_autoescape(["html", "xhtml"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env
