"""Small helpers shared by the tests: where the example lives, and writing a handout on the fly."""

from __future__ import annotations

import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "handouts" / "neuroendocrine-tumors"
CLINIC = ROOT / "handouts" / "clinic.yaml"

MINIMAL_FRONT = """\
title: Washing your hands
summary: Clean hands stop germs from spreading.
reviewed: 2026-11-01
"""
MINIMAL_BODY = """\
## Why it matters

Germs spread on hands. Washing stops them.
"""


def write_handout(root: Path, front: str = MINIMAL_FRONT, body: str = MINIMAL_BODY,
                  slug: str = "hand-washing", clinic: str = "name: Test Clinic\n") -> Path:
    """A handouts/ folder with one handout and a clinic file; returns the handout.md path."""
    folder = root / "handouts" / slug
    folder.mkdir(parents=True, exist_ok=True)
    (root / "handouts" / "clinic.yaml").write_text(clinic, encoding="utf-8")
    source = folder / "handout.md"
    source.write_text(f"---\n{textwrap.dedent(front)}---\n{textwrap.dedent(body)}", encoding="utf-8")
    return source
