"""Checks: what stops a build, the plain-language review, and the audit of a produced PDF."""
