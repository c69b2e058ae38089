"""The rules plainleaf checks handouts by, in one shape (an id, a severity, a line saying what it checks), and a
handout's `check: disable:` read against them. Each stage keeps its rules beside the code that applies them
(checks.BUILD_RULES, plain.PLAIN_RULES, audit.AUDIT_RULES); `all_rules` gathers them for the report and the docs."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import HandoutError

SEVERITIES = ("error", "warning", "advice")
# where a rule's findings come from, in the order of the flow (the list of rules is grouped by it)
STAGES = {"build": "build checks: on the handout's text and files, before anything is made",
          "plain language": "plain-language rules: how the handout reads",
          "tables": "tables: measured against the print layouts' lines",
          "clinic": "the clinic file",
          "audit": "audit: on each PDF made, against PDF/UA-1 and the layout's large-print promises"}


@dataclass(frozen=True)
class Rule:
    """One rule: its id (in findings and in `check: disable:`), how bad breaking it is, and what it checks."""

    id: str
    severity: str  # the worst a finding of it can be: "error" stops the build
    description: str  # one line, for `plainleaf help rules`
    stage: str = "build"
    checkpoints: tuple[str, ...] = ()  # the audit's: the checkpoints its findings name (Matterhorn Protocol …)

    @property
    def can_be_disabled(self) -> bool:
        """Only a rule whose failure leaves the file accessible and right may be switched off for one handout; a
        clinic file's rule is not a handout's to switch off."""
        return self.severity != "error" and self.stage != "clinic"


def registry(rules: Iterable[Rule]) -> dict[str, Rule]:
    """Rules by id; an id given twice is a fault in plainleaf."""
    found: dict[str, Rule] = {}
    for rule in rules:
        assert rule.id not in found, f"rule {rule.id} is registered twice"
        assert rule.severity in SEVERITIES and rule.stage in STAGES, rule
        found[rule.id] = rule
    return found


# rules found outside check/: where a finding of them is made is named in the description's module
OTHER_RULES = registry([
    Rule("table.wide", "warning", "a table too wide for a print layout's lines is stacked (each row as a list)",
         "tables"),
    Rule("clinic.placeholder", "warning", "the clinic file holds made-up details (placeholder: true)", "clinic"),
])


def all_rules() -> dict[str, Rule]:
    """Every rule plainleaf has, by stage in the order of the flow."""
    from .audit import AUDIT_RULES
    from .checks import BUILD_RULES
    from .plain import PLAIN_RULES

    every = registry([*BUILD_RULES.values(), *PLAIN_RULES.values(), *OTHER_RULES.values(), *AUDIT_RULES.values()])
    order = list(STAGES)
    return dict(sorted(every.items(), key=lambda item: order.index(item[1].stage)))


def switched_off(disable: Mapping[str, str], lines: Mapping[str, int], file: Path,
                 rules: Mapping[str, Rule] | None = None) -> tuple[dict[str, str], list[HandoutError]]:
    """The rules a handout's front matter switches off (id → the reason given), and an error at its line for each
    that may not be: an unknown id (naming the nearest known one) or a rule whose failure makes the file
    inaccessible or wrong."""
    rules = all_rules() if rules is None else rules
    off: dict[str, str] = {}
    errors = []
    for rule_id, reason in disable.items():
        rule = rules.get(rule_id)
        line = lines.get(rule_id)
        if rule is None:
            nearest = difflib.get_close_matches(rule_id, list(rules), n=1, cutoff=0.5)
            errors.append(HandoutError(file, line, f"check: disable: there is no rule {rule_id!r}",
                                       (f"did you mean {nearest[0]!r}? " if nearest else "") +
                                       "plainleaf help rules lists every rule"))
        elif not rule.can_be_disabled:
            why = "it is about the clinic file, not the handout" if rule.stage == "clinic" else \
                "breaking it makes the file inaccessible or wrong"
            errors.append(HandoutError(file, line, f"check: disable: the rule {rule_id!r} cannot be switched off: "
                                       f"{why}", _fix_instead(rule)))
        else:
            off[rule_id] = reason
    return off, errors


def _fix_instead(rule: Rule) -> str:
    return f"fix what it finds instead ({rule.description}); plainleaf help rules says which rules can be switched off"
