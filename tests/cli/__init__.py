"""Tests of plainleaf.cli: the command line."""
