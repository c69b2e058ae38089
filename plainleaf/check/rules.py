"""The rules plainleaf checks handouts by, in one shape (an id, a severity, a line saying what it checks), and a
handout's `check: disable:` read against them. Each stage keeps its rules beside the code that applies them
(checks.BUILD_RULES, plain.PLAIN_RULES, audit.AUDIT_RULES); `all_rules` gathers them for the report and the docs."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..errors import HandoutError
from ..source.model import Handout

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
    ours: bool = False  # what it finds is a fault in plainleaf's own output, not in the handout

    @property
    def can_be_disabled(self) -> bool:
        """Only a rule whose failure leaves the file accessible and right may be switched off for one handout; a
        clinic file's rule is not a handout's to switch off, nor is one that finds plainleaf's own faults."""
        return self.severity != "error" and self.stage != "clinic" and not self.ours


def registry(rules: Iterable[Rule]) -> dict[str, Rule]:
    """Rules by id; an id given twice is a fault in plainleaf."""
    found: dict[str, Rule] = {}
    for rule in rules:
        assert rule.id not in found, f"rule {rule.id} is registered twice"
        assert rule.severity in SEVERITIES and rule.stage in STAGES, rule
        found[rule.id] = rule
    return found


# rules whose findings are made outside check/: table.wide by render/tables.py, clinic.placeholder by build/plan.py
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


def switched_off(handout: Handout, rules: Mapping[str, Rule] | None = None
                 ) -> tuple[dict[str, str], list[HandoutError]]:
    """The rules a handout's front matter switches off (`check: disable:`, id → the reason given), and an error
    at its line for each that may not be: an unknown id (naming the nearest known one), or a rule whose failure
    makes the file inaccessible or wrong."""
    disable = handout.meta.check.disable
    if not disable:  # most handouts: and then the audit's rules (pikepdf, the PDF reader) need not be imported
        return {}, []
    rules = all_rules() if rules is None else rules
    off: dict[str, str] = {}
    errors = []
    for rule_id, reason in disable.items():
        rule = rules.get(rule_id)
        line = handout.front_line("check", "disable", rule_id)
        if rule is None:
            nearest = difflib.get_close_matches(rule_id, list(rules), n=1, cutoff=0.5)
            errors.append(HandoutError(handout.source, line, f"check: disable: there is no rule {rule_id!r}",
                                       (f"did you mean {nearest[0]!r}? " if nearest else "") +
                                       "`plainleaf help rules` lists every rule"))
        elif not rule.can_be_disabled:
            errors.append(HandoutError(handout.source, line, f"check: disable: the rule {rule_id!r} cannot be "
                                       f"switched off: {_why_not(rule)}", f"fix what it finds instead ("
                                       f"{rule.description}); `plainleaf help rules` says which rules can be"))
        else:
            off[rule_id] = reason
    return off, errors


def _why_not(rule: Rule) -> str:
    if rule.stage == "clinic":
        return "it is about the clinic file, not the handout"
    if rule.ours:
        return "what it finds is a fault in plainleaf's own PDF, to be reported and fixed there"
    return "what it finds makes the file inaccessible or wrong"


def rules_markdown(rules: Mapping[str, Rule] | None = None) -> str:
    """The list of every rule, by stage: what `plainleaf help rules` prints and docs/rules.md holds."""
    rules = all_rules() if rules is None else rules
    lines = ["# Every rule plainleaf checks", "",
             "Generated from the rules' registries (`python3 -m plainleaf.check.rules docs` writes docs/rules.md;",
             "`plainleaf help rules` prints the same). A rule that can be off may be switched off for one handout,",
             "with the reason, which every report prints:", "",
             "```yaml", "check:", "  disable:", "    sentence.too-long: song lyrics, quoted as they are sung", "```",
             "", "Errors cannot be switched off: what they find makes the file inaccessible or wrong."]
    for stage, about in STAGES.items():
        staged = [rule for rule in rules.values() if rule.stage == stage]
        if not staged:
            continue
        lines += ["", f"## {about[0].upper()}{about[1:]}", "", "| rule | severity | can be off | what it checks |",
                  "| --- | --- | --- | --- |"]
        for rule in staged:
            printed = f" (printed as {', '.join(rule.checkpoints)})" if rule.checkpoints else ""
            lines.append(f"| `{rule.id}` | {rule.severity} | {'yes' if rule.can_be_disabled else 'no'} | "
                         f"{rule.description}{printed} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python3 -m plainleaf.check.rules docs
    import sys
    from pathlib import Path

    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    (folder / "rules.md").write_text(rules_markdown(), encoding="utf-8")
    print(f"wrote {folder / 'rules.md'}")
