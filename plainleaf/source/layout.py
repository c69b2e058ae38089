"""Layouts: the folders in layouts/, their settings, and the Jinja2 environment that renders them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket
from pydantic import Field

from ..errors import HandoutError, HandoutErrors
from ..usercache import read_cached, write_cached
from .files import load_yaml, read_text, validate
from .model import _Strict
from .resources import BASE_FOLDER, LAYOUT_FILE, LAYOUT_NAME, PAPER_SIZES, Paper, Resources  # noqa: F401  (where the others import them)


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


BASED_ON = "based_on"  # a clinic's layout.yaml may start from a bundled layout and change only some numbers


@dataclass(frozen=True)
class Layout:
    name: str
    folder: Path
    settings: LayoutSettings
    base_folder: Path
    fonts_dir: Path
    based_on: str | None = None  # the bundled layout whose numbers it starts from
    clinic: bool = False  # a clinic's own: only its layout.yaml is read, the templates are all shared

    def template_folders(self) -> list[Path]:
        return [self.base_folder] if self.clinic else [self.folder, self.base_folder]


def available_layouts(resources: Resources) -> list[str]:
    return resources.layout_names()


def load_layout(name: str, resources: Resources) -> Layout:
    """The layout called `name` (any case): a clinic's own first, then a bundled one; its layout.yaml validated,
    on top of the bundled layout it is `based_on`."""
    folder = resources.layout_folder(name)
    if folder is None:
        known = ", ".join(available_layouts(resources))
        raise HandoutErrors([HandoutError(None, None, f"there is no layout called {name!r}",
                                          f"choose one of: {known}")])
    settings_file = folder / LAYOUT_FILE
    data, lines = load_yaml(read_text(settings_file), settings_file)
    based_on = data.pop(BASED_ON, None) if isinstance(data, dict) else None
    if based_on is not None:
        data = {**_base_settings(based_on, settings_file, lines.get((BASED_ON,)), resources), **data}
    settings = validate(LayoutSettings, data, settings_file, lines)
    return Layout(name=folder.name, folder=folder, settings=settings, based_on=based_on,
                  clinic=resources.is_clinic_layout(folder), base_folder=resources.layouts_dir / BASE_FOLDER,
                  fonts_dir=resources.fonts_dir)


def list_layouts(resources: Resources) -> tuple[list[Layout], list[HandoutError]]:
    """Every layout a build can use, each loaded and checked (a clinic's own first), and what is wrong with the
    others: a broken layout.yaml, a folder name that cannot be a file name, a folder without a layout.yaml."""
    layouts, errors = [], []
    for name in resources.layout_names():
        try:
            layouts.append(load_layout(name, resources))
        except HandoutErrors as exc:
            errors.extend(exc.errors)
    for folder in sorted(p for p in resources.clinic_layouts_dir.iterdir() if p.is_dir()
                         ) if resources.clinic_layouts_dir else []:
        if not LAYOUT_NAME.match(folder.name):
            errors.append(HandoutError(folder, None, f"the layout folder name {folder.name!r} cannot be used: it "
                                       "becomes part of file names", "use lower-case letters, digits and hyphens, "
                                       "e.g. large-print-wide"))
        elif not (folder / LAYOUT_FILE).is_file():
            errors.append(HandoutError(folder, None, f"the layout folder has no {LAYOUT_FILE}",
                                       "add one (plainleaf help layouts), or remove the folder"))
    layouts.sort(key=lambda layout: (not layout.clinic, layout.name))
    return layouts, errors


def _base_settings(based_on: object, settings_file: Path, line: int | None, resources: Resources) -> dict:
    """The numbers of the bundled layout a layout.yaml is based on (itself based on none)."""
    bundled = Resources(resources.layouts_dir, resources.fonts_dir)
    folder = bundled.layout_folder(based_on) if isinstance(based_on, str) else None
    if folder is None:
        raise HandoutErrors([HandoutError(settings_file, line, f"`{BASED_ON}`: there is no bundled layout called "
                                          f"{based_on!r}", f"choose one of: {', '.join(bundled.layout_names())}")])
    data, _ = load_yaml(read_text(folder / LAYOUT_FILE), folder / LAYOUT_FILE)
    if not isinstance(data, dict) or BASED_ON in data:
        raise HandoutErrors([HandoutError(folder / LAYOUT_FILE, None, "a bundled layout must give every number "
                                          f"itself, without `{BASED_ON}`", "reinstall plainleaf")])
    return data


def template_environment(layout: Layout) -> Environment:
    """Jinja2 for one layout: its own folder first, then the shared base templates."""
    return folder_environment(layout.template_folders())


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once per machine, found by name and source text rather than by file: a worker builds
    each handout from its own scratch copy of the layouts, and every render makes a new environment, so by file
    each template was compiled again for every page set (a third of the time of making the HTML). The code is
    kept in memory for the process and in the user's cache folder for the next one (compiling the templates was
    a tenth of a cold build); a bucket holds its source's checksum, so a changed template is compiled again, and a
    cache folder that cannot be read or written is only slower."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        return super().get_bucket(environment, f"{name}|{_compiled_with(environment, name)}", None, source)

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key) or read_cached(_CACHE_KIND, f"{bucket.key}.jinja")
        if code is None:
            return
        try:
            bucket.bytecode_from_string(code)  # a bucket of another source or Python is left empty: compiled anew
        except Exception:  # whatever is in a damaged file, the template is compiled instead
            bucket.reset()
        if bucket.code is not None:
            self._code[bucket.key] = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = self._code[bucket.key] = bucket.bytecode_to_string()
        write_cached(_CACHE_KIND, f"{bucket.key}.jinja", code)


_CACHE_KIND = "templates"


def _compiled_with(environment: Environment, name: str) -> str:
    """What besides the source decides a template's compiled code: Jinja's version and the environment's syntax
    settings (the gettext style is set after the environment is made)."""
    autoescape = environment.autoescape(name) if callable(environment.autoescape) else environment.autoescape
    return repr((jinja2.__version__, environment.block_start_string, environment.block_end_string,
                 environment.variable_start_string, environment.variable_end_string,
                 environment.comment_start_string, environment.comment_end_string,
                 environment.line_statement_prefix, environment.line_comment_prefix, environment.trim_blocks,
                 environment.lstrip_blocks, environment.newline_sequence, environment.keep_trailing_newline,
                 environment.optimized, environment.finalize is not None, autoescape, sorted(environment.extensions),
                 getattr(environment, "newstyle_gettext", False)))


_COMPILED = _CompiledTemplates()


def folder_environment(folders: Sequence[Path]) -> Environment:
    """Jinja2 with plainleaf's settings (autoescaping, gettext, strict undefined) for templates in `folders`."""
    env = Environment(
        loader=FileSystemLoader([str(p) for p in folders]),
        bytecode_cache=_COMPILED,
        autoescape=select_autoescape(["html", "xhtml"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env
