"""Where the shared, non-handout files live (the bundled layouts and fonts, a clinic's own layouts and its logo),
and the paper sizes: small, so that planning a build and the command line need not load the template machinery."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..limits import MAX_IMAGE_BYTES, refusal

BASE_FOLDER = "_base"
LAYOUT_FILE = "layout.yaml"
LAYOUTS_FOLDER = "layouts"
PAPER_SIZES = ("letter", "a4")
Paper = Literal["letter", "a4"]

PACKAGE = Path(__file__).resolve().parent.parent
LAYOUT_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")  # it becomes part of file names


class MissingResources(RuntimeError):
    """plainleaf was installed without its layouts and fonts (a broken or hand-made install)."""


def bundled_root() -> Path:
    """The folder that holds the bundled `layouts/` and `fonts/`: the package itself when installed from a wheel
    (pyproject.toml maps the repository's top-level folders into it), else the checkout around the package (a
    checkout or an editable install)."""
    for root in (PACKAGE, PACKAGE.parent):
        if (root / LAYOUTS_FOLDER / BASE_FOLDER).is_dir() and (root / "fonts").is_dir():
            if root == PACKAGE or (root / "pyproject.toml").is_file():
                return root
    raise MissingResources(f"plainleaf's layouts and fonts are missing from {PACKAGE}: reinstall plainleaf "
                           "(python3 -m pip install --force-reinstall plainleaf)")


@dataclass(frozen=True)
class Resources:
    """Where the shared, non-handout files live: the bundled layouts and fonts, and the folder of a clinic's own
    layouts, which are found before the bundled ones."""

    layouts_dir: Path
    fonts_dir: Path
    clinic_layouts_dir: Path | None = None

    @classmethod
    def bundled(cls) -> Resources:
        root = bundled_root()
        return cls(layouts_dir=root / LAYOUTS_FOLDER, fonts_dir=root / "fonts")

    def with_clinic_layouts(self, folder: Path | None) -> Resources:
        """These resources with a clinic's own layouts folder (none when it is the bundled one: in a checkout the
        repository's layouts/ sits where a clinic's would)."""
        if folder is not None and folder.resolve() == self.layouts_dir.resolve():
            folder = None
        return Resources(self.layouts_dir, self.fonts_dir, folder)

    def for_clinic(self, clinic_file: Path) -> Resources:
        """With the layouts of the clinic whose file this is, unless a folder of them was given already."""
        return self if self.clinic_layouts_dir else self.with_clinic_layouts(clinic_layouts_dir(clinic_file))

    def layout_folder(self, name: str) -> Path | None:
        """The folder of the layout called `name` (any case): the clinic's own, else the bundled one."""
        name = name.lower()
        if not LAYOUT_NAME.match(name):
            return None
        for layouts in self.layout_dirs():
            if (layouts / name / LAYOUT_FILE).is_file():
                return layouts / name
        return None

    def layout_dirs(self) -> list[Path]:
        """Where layouts are looked for, in order."""
        return [*([self.clinic_layouts_dir] if self.clinic_layouts_dir else []), self.layouts_dir]

    def layout_names(self) -> list[str]:
        return sorted({name for layouts in self.layout_dirs() for name in _layouts_in(layouts)})

    def bundled_layout_names(self) -> list[str]:
        return _layouts_in(self.layouts_dir)

    def is_clinic_layout(self, folder: Path) -> bool:
        return self.clinic_layouts_dir is not None and folder.parent == self.clinic_layouts_dir


def _layouts_in(folder: Path) -> list[str]:
    return sorted(p.parent.name for p in folder.glob(f"*/{LAYOUT_FILE}") if LAYOUT_NAME.match(p.parent.name))


def clinic_layouts_dir(clinic_file: Path) -> Path | None:
    """A clinic's own layouts: the `layouts/` folder beside its clinic file, else beside the folder that holds it
    (so `<clinic>/layouts/` for `<clinic>/handouts/clinic.yaml`)."""
    for folder in (clinic_file.parent, clinic_file.parent.parent):
        if (folder / LAYOUTS_FOLDER).is_dir():
            return folder / LAYOUTS_FOLDER
    return None


def clinic_logo_file(clinic_file: Path, logo: str | None) -> Path | None | bool:
    """The logo file beside the clinic file (resolved); None when there is no logo; False when it is missing or may
    not be read (loading the clinic file says why)."""
    if logo is None:
        return None
    path = clinic_file.parent / logo
    return path.resolve() if refusal(path, [clinic_file.parent], MAX_IMAGE_BYTES) is None else False
