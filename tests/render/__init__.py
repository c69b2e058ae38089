"""Tests of plainleaf.render: the writers, document tree → print HTML and PDF, EPUB, plain text."""
