"""The braille edition: a BANA-formatted BRF file and a PEF file whose print page numbers are those of the
large-print PDF. transcribe.py (tree → braille blocks, blocks.py) → translate.py (liblouis) → lines.py (rows) and
pages.py (pages) → brf.py / pef.py (bytes); edition.py puts them together. codes.py (which code a language is
written in) is cheap to import: planning uses it, so this package imports nothing itself."""
