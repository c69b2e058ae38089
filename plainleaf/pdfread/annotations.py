"""A PDF's annotations (links): whether print and screen show them alike, and where they lead."""

from __future__ import annotations

import pikepdf

ANNOTATION_HIDDEN, ANNOTATION_PRINT, ANNOTATION_NO_VIEW = 2, 4, 32  # annotation flags (ISO 32000-1 12.5.3)


def hidden_when_printed(annotation: pikepdf.Object) -> bool:
    """Whether an annotation is left out of print or hidden on screen, so that the two differ."""
    flags = int(annotation.get("/F", 0))
    return not flags & ANNOTATION_PRINT or bool(flags & (ANNOTATION_HIDDEN | ANNOTATION_NO_VIEW))


def link_target(annotation: pikepdf.Object) -> str:
    action = annotation.get("/A", pikepdf.Dictionary())
    return str(action.get("/URI", annotation.get("/Dest", "")))
