"""Tests of plainleaf.render.braille: the braille edition."""
