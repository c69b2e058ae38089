"""Writers: the document tree → print HTML → tagged PDF, EPUB 3, plain text and braille."""
