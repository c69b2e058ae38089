"""The braille edition: a BANA-formatted BRF file and a PEF file whose print page numbers are those of the
large-print PDF."""
