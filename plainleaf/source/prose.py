"""The prose a patient reads in a handout's sections, with source lines: passages, sentences and words.

Prose is running text only: not headings, citations, pictures, web or email addresses, nor the words of code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import tree
from .contacts import WEB_ADDRESS_START
from .model import Handout, Section
from .reader import handout_tree

# A web or email address, as the whitespace-separated word that holds it, without the punctuation after it (so
# that "write to care@clinic.example.org. Then" keeps its full stop). It starts only where a word starts and
# every quantifier before the last is possessive, so the pattern is linear on any input (a run of "@" included).
_ADDRESS = re.compile(rf"(?<!\S)[(\[<\"'“‘«]*+(?:{WEB_ADDRESS_START}|[^\s@]*+@)\S*[\w/]")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# A code span is what to type or read out exactly ("text STOP to 47848"), not prose to judge: it counts as one
# plain word, so that the sentence keeps its length and no rule looks inside.
_CODE = "code"

# Where a sentence may end: a word ending in punctuation or followed by a line break, the white space after it, and
# the next word. It starts only where a word starts and is possessive, so it is linear on any input.
_GAP = re.compile(r"(?<!\S)(?P<word>\S++)(?P<gap>(?<=[.!?…:;\"'”’»)\]])\s++|[^\S\n\u2028]*+[\n\u2028]\s*+)"
                  r"(?=(?P<next>\S+))")
_CAPITAL_NEXT = re.compile(r"\s*+[A-ZÁÉÍÓÚÑ]")
_NAME_CHARS = 40  # how far back to look for the name before an initial
_HARD_BREAK = "\u2028"  # a hard line break in the source (two spaces or a backslash at the end of a line)
_ENDS = ".!?…"
_CLOSERS = "\"'”’»)]"
_OPENERS = "¿¡\"'“‘«(["
_ENUMERATOR = re.compile(r"\(?\d{1,2}[.)]$|[a-zA-Z]\)$")  # "1." "(2)" "3)" "a)"
_LIST_MARK = re.compile(r"\(?\d{1,2}[.)]$|[a-zA-Z]\)$|[•·▪◦‣–—*-]$")
# Abbreviations with a full stop inside ("U.S.", "a.m.", "Ph.D.") or doubled capitals (Spanish "EE. UU."): they
# end a sentence only before a word that usually starts one.
_ABBREVIATION_CHAIN = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}|([A-Z])\1")
# English and Spanish words after which a full stop never ends a sentence: titles and Latin or Spanish short forms.
_NEVER_FINAL = frozenset({
    "dr", "drs", "mr", "mrs", "ms", "mx", "prof", "profa", "st", "mt", "rev", "hon", "gen", "sen", "rep", "gov",
    "e.g", "i.e", "vs", "cf", "approx", "incl", "esp", "viz",
    "sr", "sra", "srta", "sres", "dra", "dña", "ud", "uds", "vd", "vds", "lic", "lcda", "lcdo", "ing", "av", "avda",
    "aprox", "ej", "p.ej", "núm", "pág", "págs", "tel",
})
# Words that take a number after their full stop: "Fig. 2", "No. 5", "p. 12", "Jan. 5". Before a capital, "no."
# ends a sentence like any other word ("The answer is no. Call us.").
_BEFORE_NUMBER = frozenset({
    "no", "nos", "nº", "n", "núm", "fig", "figs", "p", "pp", "pág", "págs", "vol", "ch", "chap", "cap", "sec",
    "art", "tel", "ext", "ref", "op", "approx", "aprox", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "ene", "abr", "ago", "dic",
})
# Words that often start an English or Spanish sentence: after an abbreviation or an initial, one of these means
# the full stop also ended the sentence.
_STARTERS = frozenset("""
    a an the this that these those there then it its it's i you your you'll we our they their he she his her my if
    when while after before as at in on for with by from to of but and or so also most many some all each every
    no not never always please ask call take tell talk see go keep try do don't eat drink bring wash stop use
    what why how who where which
    el la los las lo un una unos unas es son está están este esta estos estas ese esa eso hay si su sus usted
    ustedes le les se yo nosotros también pero y o en para por con cuando después luego antes llame hable
    pregunte tome vaya algunos algunas muchos muchas qué cómo dónde cuándo quién cuál
""".split())


@dataclass(frozen=True)
class Passage:
    """One block of running text: a paragraph, a list item or a table cell ("\\n" where the source breaks a line,
    "\\u2028" where it has a hard line break)."""

    section: Section
    line: int
    text: str

    def line_at(self, offset: int) -> int:
        return self.line + self.text.count("\n", 0, offset) + self.text.count(_HARD_BREAK, 0, offset)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in its passage's text


def passages(handout: Handout) -> Iterator[Passage]:
    """Every passage in reading order: paragraphs, list items and table cells (not headings); figures give none."""
    for section, body in zip(handout.sections, handout_tree(handout), strict=True):
        for node in tree.walk(*body.children):
            if isinstance(node, tree.Paragraph | tree.TableCell):
                text = _plain_text(node.children)
                if text.strip():
                    yield Passage(section, node.line, text)


def _plain_text(inlines: tuple[tree.Inline, ...]) -> str:
    """The running text of some inlines: addresses left out of each run of text (a glossary term's words are
    part of the run they are in), a code span as one word, pictures and citations as nothing."""
    parts: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            parts.append(_ADDRESS.sub("", "".join(run)))
            run.clear()

    def read(nodes: tuple[tree.Inline, ...]) -> None:
        for node in nodes:
            match node:
                case tree.Text(text=text):
                    run.append(text)
                    continue
                case tree.GlossaryTerm(children=kids):
                    read(kids)
                    continue
            flush()
            match node:
                case tree.Code():
                    parts.append(_CODE)
                case tree.SoftBreak():
                    parts.append("\n")
                case tree.HardBreak():
                    parts.append(_HARD_BREAK)
                case tree.Strong(children=kids) | tree.Emphasis(children=kids) | tree.Link(
                        children=kids) | tree.LanguageSpan(children=kids):
                    read(kids)
                    flush()

    read(inlines)
    flush()
    return "".join(parts)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences in `text`; each list item or table cell is a passage of its own, so none spans two.

    Rule-based and linear in the length of the text: a full stop, ellipsis, question or exclamation mark ends a
    sentence when the next word starts like a sentence; an abbreviation, an initial or a list number does not
    (tests/source/test_prose.py measures it against pysbd, a maintained segmenter, which is too slow for every review).
    """
    sentences, first = [], len(text) - len(text.lstrip())
    for gap in _GAP.finditer(text):
        if _ends_sentence(text, gap, gap.start() == first):
            sentences.append(Sentence(text[first:gap.start("gap")], first))
            first = gap.end("gap")
    if text[first:].strip():
        sentences.append(Sentence(text[first:].rstrip(), first))
    return [s for s in sentences if words(s.text)]


def _ends_sentence(text: str, gap: re.Match[str], starts: bool) -> bool:
    """Whether the sentence ends at `gap` (a word, white space, the next word); `starts`: the word is the
    sentence's first."""
    token, between, following = gap.group("word", "gap", "next")
    core = token.rstrip(_CLOSERS)
    if _HARD_BREAK in between or ("\n" in between and _LIST_MARK.match(following)):
        return True  # a line of its own: a hard line break, or the next line starts like a list item
    if not core or core[-1] not in _ENDS:  # "Steps: 1. Wash. 2. Dry." but "if: a) it hurts, b) ..."
        return core.endswith((":", ";")) and bool(_ENUMERATOR.match(following)) and (
            _CAPITAL_NEXT.match(text, gap.end("next")) is not None)
    opening = following.lstrip(_OPENERS)
    start = opening[:1]
    if not start or start.islower() or not (start.isalnum() or start in "$€£#"):
        return False  # "e.g. the", "Wait... then", '"Why?" she asked', ". . ."
    mark = core[len(core.rstrip(_ENDS)):]
    if mark != "." or core != token:
        return True  # ! ? … or a full stop closed by a quote or bracket: "(See Fig. 2.) Then"
    word = core[:-1].lstrip(_OPENERS)
    lower = word.lower()
    if starts and (word.isdigit() and len(word) <= 2 or len(word) == 1 and word.isalpha()):
        return False  # a list number or letter ("1. Wash your hands."), or an initial ("J. Smith called.")
    if start.isdigit() and lower in _BEFORE_NUMBER or lower in _NEVER_FINAL:
        return False  # "See Fig. 2", "No. 5", "Dr. Lee", "e.g. Tylenol"
    starts_sentence = opening.rstrip(_CLOSERS + ",.;:!?…").lower() in _STARTERS
    if _ABBREVIATION_CHAIN.fullmatch(word) or len(word) == 1 and word.islower():
        return starts_sentence  # "The U.S. Food and Drug Administration" but "in the U.S. It is"; "9 a. m. El"
    if len(word) == 1 and word.isalpha():  # a capital letter: "vitamin B. It" ends, "John F. Kennedy" does not
        before = text[max(0, gap.start() - _NAME_CHARS):gap.start()].split()
        return starts_sentence or starts or not before[-1].lstrip(_OPENERS)[:1].isupper()
    return True


def words(text: str) -> list[str]:
    """Words: letters and digits, keeping "don't" and "well-known" whole."""
    return _WORD.findall(text)


def readability_sample(texts: list[str]) -> str:
    """Passages joined for the formulas: each one ends a sentence, so a list item is not run into the next."""
    sample = []
    for text in texts:
        text = " ".join(text.split()).rstrip(":;,")
        sample.append(text if text.endswith((".", "!", "?", "…")) else text + ".")
    return "\n".join(sample)
