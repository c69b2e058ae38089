"""plainleaf: accessible patient handouts (large-print tagged PDF and EPUB 3) from Markdown."""

__version__ = "0.1.0"
