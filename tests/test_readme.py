"""The README says what plainleaf does: its first two commands are CI's, and it holds the help topics word for
word (the handout format with the example handout `plainleaf new` writes, the clinic file, layouts)."""

from __future__ import annotations

import re

from plainleaf.cli.command import COMMANDS
from plainleaf.cli.topics import TOPICS, topic_text
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_starts_with_the_install_and_test_commands_ci_runs():
    first = re.search(r"```sh\n(.*?)\n```", README, re.DOTALL)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert first and first.group(1).splitlines() == [
        ci.replace("-e '.[test]'", "-e .").replace("python3 -m pytest -q", "python3 generate.py"), ci]


def test_the_readme_holds_every_help_topic_as_plainleaf_prints_it():
    for name in TOPICS:
        assert topic_text(name).rstrip() in README, f"README lacks `plainleaf help {name}`: copy plainleaf/help/"


def test_the_readme_names_every_command():
    for command in COMMANDS:
        assert f"`plainleaf {command}" in README, command
