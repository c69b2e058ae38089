"""Tests of plainleaf.check.audit: the checks on a produced PDF."""
