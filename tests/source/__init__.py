"""Tests of plainleaf.source: reading a handout, its clinic and its layout into the model and the document tree."""
