"""Where things are on a PDF page: matrices in PDF's row-vector convention, boxes and how they meet."""

from __future__ import annotations

from collections.abc import Iterable

import pikepdf

Matrix = tuple[float, float, float, float, float, float]
Colour = tuple[float, float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in page coordinates
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)
WHITE: Colour = (1.0, 1.0, 1.0)
POINTS_PER_INCH = 72


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF's row-vector convention (apply m, then n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


def bounds(points: Iterable[tuple[float, float]]) -> Box:
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def union(a: Box | None, b: Box) -> Box:
    return b if a is None else (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def intersection(a: Box, b: Box) -> Box | None:
    """What two boxes share (None: nothing)."""
    box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    return box if box[0] <= box[2] and box[1] <= box[3] else None


def rectangle_box(rectangle: pikepdf.Array) -> Box:
    """A PDF rectangle (any two opposite corners) as a box."""
    values = [float(v) for v in rectangle]  # read out of the PDF object once: slicing it is slow
    return bounds(zip(values[0::2], values[1::2], strict=True))


def overlap(a: Box, b: Box, slack: float = 0.0) -> bool:
    """Whether two boxes share more than a `slack`-wide strip."""
    return a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack


def holds(outer: Box, inner: Box, share: float = 0.9) -> bool:
    """Whether most of `inner` (by area) lies inside `outer`."""
    width = min(outer[2], inner[2]) - max(outer[0], inner[0])
    height = min(outer[3], inner[3]) - max(outer[1], inner[1])
    area = (inner[2] - inner[0]) * (inner[3] - inner[1])
    return area <= 0 or (width > 0 and height > 0 and width * height >= share * area)
