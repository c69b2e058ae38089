"""Tests of plainleaf.check: the checks on a handout, its plain language and reading level, and the rules."""
