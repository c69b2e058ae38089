"""Checks on a produced PDF file (pikepdf): its structure tree and what its pages really draw."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF's row-vector convention (apply m, then n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


@dataclass(frozen=True)
class StructElement:
    role: str
    obj: pikepdf.Object
    depth: int

    @property
    def alt(self) -> str | None:
        alt = self.obj.get("/Alt")
        return str(alt) if alt is not None else None


def structure_elements(pdf: pikepdf.Pdf) -> Iterator[StructElement]:
    """Every structure element, depth first in document order."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    stack = [(root.get("/K"), 0)]
    while stack:
        node, depth = stack.pop()
        if node is None:
            continue
        if isinstance(node, pikepdf.Array):
            stack.extend((child, depth) for child in reversed(list(node)))
            continue
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            yield StructElement(str(node.S)[1:], node, depth)
            stack.append((node.get("/K"), depth + 1))


def text_sizes(pdf: pikepdf.Pdf) -> Iterator[tuple[int, float]]:
    """(page number, size in points) for every text-showing operation, as drawn (text matrix × CTM)."""
    for number, page in enumerate(pdf.pages, start=1):
        for size in _stream_text_sizes(page.obj, IDENTITY):
            yield number, size


def _stream_text_sizes(owner: pikepdf.Object, ctm: Matrix, depth: int = 0) -> Iterator[float]:
    resources = owner.get("/Resources", pikepdf.Dictionary())
    xobjects = resources.get("/XObject", pikepdf.Dictionary())
    stack: list[Matrix] = []
    font_size, tm = 0.0, IDENTITY
    for operands, operator in pikepdf.parse_content_stream(owner):
        op = str(operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q" and stack:
            ctm = stack.pop()
        elif op == "cm":
            ctm = multiply(tuple(float(x) for x in operands), ctm)  # type: ignore[arg-type]
        elif op == "BT":
            tm = IDENTITY
        elif op == "Tf":
            font_size = float(operands[1])
        elif op == "Tm":
            tm = tuple(float(x) for x in operands)  # type: ignore[assignment]
        elif op in ("Tj", "TJ", "'", '"'):
            a, b, c, d, _, _ = multiply(tm, ctm)
            yield abs(font_size) * math.hypot(c, d)
        elif op == "Do" and depth < 8:
            xobject = xobjects.get(str(operands[0]))
            if xobject is not None and xobject.get("/Subtype") == "/Form":
                matrix = tuple(float(x) for x in xobject.get("/Matrix", IDENTITY))
                yield from _stream_text_sizes(xobject, multiply(matrix, ctm), depth + 1)  # type: ignore[arg-type]


def smallest_text_size(pdf: pikepdf.Pdf) -> float:
    return min((size for _, size in text_sizes(pdf)), default=0.0)
