#!/usr/bin/env python3
"""Writes plainleaf/data/hard-word-stems.json.gz, the Snowball stems of every word of the hard-word lists
(plainleaf/data/hard-words.<lang>.yaml), which the review's index of hard words reads instead of stemming the
lists at each start: `python3 tools/hard_word_stems.py` after a list changes (tests/check/test_hardwords.py checks the
shipped file is current). The file names the snowballstemmer that wrote it: with another one installed, plainleaf
stems the lists itself. gzip without a timestamp, keys sorted: the same lists always make the same bytes.
"""

from __future__ import annotations

import gzip
import importlib.metadata
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plainleaf.check.guide import DATA_DIR, guide_for  # noqa: E402
from plainleaf.check.hardwords import STEM_TABLE, stem, words_stemmed  # noqa: E402


def table_bytes() -> bytes:
    stems = {}
    for path in sorted(DATA_DIR.glob("hard-words.*.yaml")):
        guide = guide_for(path.name.split(".")[1])
        if guide is not None and guide.hard_words:
            stems[guide.language] = {w: stem(guide.language, w) for w in words_stemmed(guide.language,
                                                                                      guide.hard_words)}
    table = {"snowballstemmer": importlib.metadata.version("snowballstemmer"), "stems": stems}
    return gzip.compress(json.dumps(table, ensure_ascii=False, sort_keys=True, indent=0).encode(), 9, mtime=0)


def main() -> int:
    STEM_TABLE.write_bytes(table_bytes())
    print(f"wrote {STEM_TABLE.relative_to(ROOT)} ({STEM_TABLE.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
