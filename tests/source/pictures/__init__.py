"""Tests of plainleaf.source.pictures: which picture files a handout may show, and the clean SVG copy."""
