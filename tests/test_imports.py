"""The package's flow, enforced: import-linter's contracts in pyproject.toml (layers: cli → build → render | check
→ source → shared modules; only the parser imports markdown-it)."""

from __future__ import annotations

from importlinter import cli

from tests.helpers import ROOT


def test_no_module_imports_against_the_flow(capsys):
    exit_code = cli.lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    assert exit_code == cli.EXIT_STATUS_SUCCESS, capsys.readouterr().out
