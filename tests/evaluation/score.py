"""Scoring the plain-language rules on the evaluation set (tests/evaluation/<language>.yaml): each rule's recall
(positives it finds) and false-alarm rate (negatives it reports). `python3 -m tests.evaluation.score` prints the
table docs/readability.md carries, and rewrites it there with `--write`."""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from plainleaf.check.plain import check_plain_language
from plainleaf.source.parse import parse_handout
from plainleaf.source.prose import words

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
DOC = ROOT / "docs" / "readability.md"
PICTURE = ROOT / "tests" / "fixtures" / "tree" / "every-construct" / "images" / "dot.png"
LANGUAGES = ("en", "es")
MIN_RECALL, MAX_FALSE_ALARMS = 0.9, 0.1
SAMPLE_WORDS = 100  # the reading-level formulas are valid from 100 words: short passages are repeated to reach it
EASY = {"en": "Wash your hands. Use soap and warm water. Dry them well with a clean towel. ",
        "es": "Lávese las manos. Use agua y jabón. Séqueselas bien con una toalla limpia. "}
START, END = "<!-- evaluation table: python3 -m tests.evaluation.score --write -->", "<!-- end of evaluation table -->"
# Languages for the language-support rules: with a guide and a catalogue (en, es), with neither (the others).
SUPPORTED = ("en", "en-US", "en-GB", "en-CA", "en-AU", "en-NZ", "en-IE", "en-IN", "en-ZA", "en-SG", "en-PH", "en-NG",
             "en-KE", "es", "es-MX", "es-ES", "es-AR", "es-CO", "es-CL", "es-PE", "es-US", "es-419", "es-VE", "es-PR",
             "es-EC")
UNSUPPORTED = ("fr", "de", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl", "cs", "sk", "hu", "ro", "tr", "hr", "sl",
               "lt", "lv", "et", "ca", "eu", "gl", "ga", "cy")


@dataclass(frozen=True)
class RuleScore:
    rule: str
    language: str
    positives: int
    found: int
    negatives: int
    false_alarms: int

    @property
    def recall(self) -> float:
        return self.found / self.positives

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.negatives


def evaluation_set(language: str) -> dict[str, dict[str, list[str]]]:
    return yaml.safe_load((HERE / f"{language}.yaml").read_text(encoding="utf-8"))


def _body(rule: str, passage: str, language: str) -> str:
    if rule.startswith("reading-level"):
        text = passage
        while len(words(text)) < SAMPLE_WORDS:
            text += " " + passage
        first = f"## Before\n\n{EASY[language] * 10}\n\n" if rule == "reading-level.section" else ""
        return f"{first}## Section\n\n{text}\n"
    return f"## Section\n\n{passage}\n"


def _rules_found(folder: Path, body: str, language: str) -> set[str]:
    (folder / "images").mkdir(parents=True, exist_ok=True)
    shutil.copy(PICTURE, folder / "images" / "dot.png")
    source = folder / "handout.md"
    source.write_text(f"---\ntitle: Evaluation\nsummary: A passage of the evaluation set.\nreviewed: 2026-11-01\n"
                      f"language: {language}\n---\n{body}", encoding="utf-8")
    return {f.rule for f in check_plain_language(parse_handout(source)).findings if f.rule}


@cache
def scores() -> tuple[RuleScore, ...]:
    """Every rule's score on every language's set, and the language-support rules on language tags."""
    results = []
    with tempfile.TemporaryDirectory(prefix="plainleaf-evaluation-") as scratch:
        folder = Path(scratch) / "handouts" / "evaluation"
        for language in LANGUAGES:
            for rule, labelled in evaluation_set(language).items():
                found = [rule in _rules_found(folder, _body(rule, p, language), language) for p in labelled["positive"]]
                alarms = [rule in _rules_found(folder, _body(rule, p, language), language)
                          for p in labelled["negative"]]
                results.append(RuleScore(rule, language, len(found), sum(found), len(alarms), sum(alarms)))
        body = f"## Section\n\n{EASY['en']}\n"
        found_by = {tag: _rules_found(folder, body, tag) for tag in (*SUPPORTED, *UNSUPPORTED)}
        for rule in ("language.no-guide", "language.no-catalogue"):
            results.append(RuleScore(rule, "tags", len(UNSUPPORTED), sum(rule in found_by[t] for t in UNSUPPORTED),
                                     len(SUPPORTED), sum(rule in found_by[t] for t in SUPPORTED)))
    return tuple(results)


def table(results: tuple[RuleScore, ...]) -> str:
    lines = ["| rule | set | positives | recall | negatives | false alarms |",
             "| --- | --- | ---: | ---: | ---: | ---: |"]
    for r in results:
        lines.append(f"| `{r.rule}` | {r.language} | {r.positives} | {r.recall:.2f} | {r.negatives} | "
                     f"{r.false_alarm_rate:.2f} |")
    return "\n".join(lines)


def doc_section(results: tuple[RuleScore, ...]) -> str:
    return f"{START}\n{table(results)}\n{END}"


def write_doc(results: tuple[RuleScore, ...]) -> None:
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END) + len(END)
    DOC.write_text(text[:start] + doc_section(results) + text[end:], encoding="utf-8")


if __name__ == "__main__":
    found = scores()
    print(table(found))
    if "--write" in sys.argv[1:]:
        write_doc(found)
