"""The prose a patient reads in a handout's sections, with source lines: passages, sentences and words.

Prose is running text only: not headings, citations, pictures, web or email addresses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it.token import Token

from .model import Handout, Section

_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# A sentence ends at . ! ? or … (maybe closed by a quote or bracket) before a space and the next sentence's
# capital letter or digit, which may follow an opening ¿ ¡ quote or bracket: "¿Qué es? ¡Llame hoy!" is two.
_SENTENCE_END = re.compile(r"(?P<end>[.!?…]+[\"'”’»)\]]*)\s+(?P<next>[¿¡\"'“‘«(\[]*)(?P<first>\w)")
# Words after which a full stop does not end a sentence, in the languages plainleaf has guides for.
_ABBREVIATIONS = frozenset({"dr", "dra", "mr", "mrs", "ms", "sr", "sra", "srta", "st", "vs", "no", "núm", "e.g",
                            "i.e", "approx", "aprox", "ud", "uds"})


@dataclass(frozen=True)
class Passage:
    """One block of running text: a paragraph, a list item or a table cell ("\\n" where the source breaks)."""

    section: Section
    line: int
    text: str

    def line_at(self, offset: int) -> int:
        return self.line + self.text.count("\n", 0, offset)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in its passage's text


def inline_blocks(handout: Handout) -> Iterator[tuple[Section, int, Token]]:
    """The parser's inline token of every paragraph, list item and table cell (not headings), with its line."""
    for section in handout.sections:
        tokens = section.tokens
        for i, token in enumerate(tokens):
            if token.type == "inline" and not (i and tokens[i - 1].type == "heading_open"):
                yield section, token.map[0] + 1 if token.map else section.line, token


def passages(handout: Handout) -> Iterator[Passage]:
    """Every passage in reading order; figures (a paragraph holding only a picture) give none."""
    for section, line, token in inline_blocks(handout):
        text = _plain_text(token.children or [])
        if text.strip():
            yield Passage(section, line, text)


def _plain_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(_ADDRESS.sub("", child.content))
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences in `text`; each list item or table cell is a passage of its own, so none spans two."""
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        last_word = (text[start:match.start()].rsplit(None, 1) or [""])[-1].lower().lstrip("(¿¡\"'")
        first = match["first"]
        if not (first.isupper() or first.isdigit()) or last_word in _ABBREVIATIONS or (
                len(last_word) == 1 and last_word.isalpha()):
            continue
        sentences.append(Sentence(text[start:match.end("end")], start))
        start = match.start("next")
    if text[start:].strip():
        sentences.append(Sentence(text[start:].rstrip(), start))
    return [s for s in sentences if words(s.text)]


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


def term_pattern(term: str) -> re.Pattern[str]:
    """A term and its usual endings, any case: "tumor" finds "Tumors", "diagnose" finds "diagnosed"."""
    words_in_term = [re.escape(w) for w in term.split()]
    last = words_in_term[-1]
    endings = ["", "s", "es", "d", "ed", "ing"]
    stems = [last]
    if term.endswith("e"):
        stems.append(last[:-1] + "ing")
    if term.endswith("y"):
        stems.append(last[:-1] + "ies")
    if term.endswith("s") and not term.endswith("ss"):
        stems.append(last[:-1])
    body = r"\s+".join(words_in_term[:-1] + [f"(?:{'|'.join(stems)})(?:{'|'.join(endings)})"])
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)

