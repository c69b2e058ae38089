"""A PDF font as the content reader needs it: its character codes, the text they stand for (ToUnicode),
their widths, and whether the font is embedded."""

from __future__ import annotations

import array
import re
import sys
from dataclasses import dataclass

import pikepdf


@dataclass(frozen=True)
class Font:
    name: str
    two_byte: bool
    to_unicode: dict[int, str]
    widths: dict[int, float]
    default_width: float
    embedded: bool

    def codes(self, data: bytes) -> list[int]:
        if self.two_byte:
            codes = array.array("H", data[:len(data) // 2 * 2])  # a byte left over is no code
            if sys.byteorder == "little":
                codes.byteswap()  # PDF's two-byte codes are big-endian
            return codes.tolist()
        return list(data)


_HEX = re.compile(r"<([0-9A-Fa-f]+)>")


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")


def _parse_to_unicode(data: bytes) -> dict[int, str]:
    text = data.decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        pairs = _HEX.findall(block)
        for src, dst in zip(pairs[::2], pairs[1::2], strict=False):
            mapping[int(src, 16)] = _utf16(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for line in block.strip().splitlines():
            values = _HEX.findall(line)
            if len(values) < 3:
                continue
            low, high = int(values[0], 16), int(values[1], 16)
            if "[" in line:
                for offset, dst in enumerate(values[2:]):
                    mapping[low + offset] = _utf16(dst)
            else:
                start = bytes.fromhex(values[2])
                for offset in range(high - low + 1):
                    last = int.from_bytes(start[-2:], "big") + offset
                    mapping[low + offset] = (start[:-2] + last.to_bytes(2, "big")).decode("utf-16-be", "replace")
    return mapping


def load_font(font: pikepdf.Object) -> Font:
    to_unicode = font.get("/ToUnicode")
    mapping = _parse_to_unicode(to_unicode.read_bytes()) if to_unicode is not None else {}
    widths: dict[int, float] = {}
    if font.get("/Subtype") == "/Type0":
        descendant = font.DescendantFonts[0]
        default = float(descendant.get("/DW", 1000))
        w = list(descendant.get("/W", []))
        i = 0
        while i < len(w):
            first = int(w[i])
            if isinstance(w[i + 1], pikepdf.Array):
                for offset, width in enumerate(w[i + 1]):
                    widths[first + offset] = float(width)
                i += 2
            else:
                for code in range(first, int(w[i + 1]) + 1):
                    widths[code] = float(w[i + 2])
                i += 3
        descriptor = descendant.get("/FontDescriptor")
        two_byte = True
    else:
        default = 0.0
        first_char = int(font.get("/FirstChar", 0))
        for offset, width in enumerate(font.get("/Widths", [])):
            widths[first_char + offset] = float(width)
        descriptor = font.get("/FontDescriptor")
        two_byte = False
    embedded = descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    name = str(font.get("/BaseFont", "/unnamed"))[1:].split("+", 1)[-1]
    return Font(name, two_byte, mapping, widths, default, embedded or font.get("/Subtype") == "/Type3")
