"""Where the shared, non-handout files live (layouts and the bundled fonts), and the paper sizes: small, so that
planning a build and the command line need not load the template machinery."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

BASE_FOLDER = "_base"
PAPER_SIZES = ("letter", "a4")
Paper = Literal["letter", "a4"]


@dataclass(frozen=True)
class Resources:
    """Where the shared, non-handout files live (the layouts and the bundled fonts)."""

    layouts_dir: Path
    fonts_dir: Path

    @classmethod
    def bundled(cls) -> Resources:
        root = Path(__file__).resolve().parent.parent
        return cls(layouts_dir=root / "layouts", fonts_dir=root / "fonts")
