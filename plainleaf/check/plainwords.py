"""What the plain-language rules recognize in words: a hard word explained where it is used, acronyms and
words in capitals, initials that spell a list, the passive voice."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..source import tree
from ..source.prose import words
from .guide import Explanations, Guide, PassiveVoice, guide_for
from .hardwords import HardWordIndex, shipped_stems

# A word, or initials with full stops ("F.A.S.T.", "U.S.").
TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}+|[^\W_]+(?:['’-][^\W_]+)*+")
_BETWEEN_CAPITALS = re.compile(r"[ ,]++")
_ONLY_ACRONYM = re.compile(r"\s*+[A-Z][A-Z0-9&.-]*+s?(?:\s++\d++)?\s*+[)\]]")  # "(MEN 1)", "(NETs)"
ACCENTED = frozenset("ÁÉÍÓÚÑÜÀÈÌÒÙÂÊÎÔÛÇ")
_ACCENTED_VOWELS = frozenset("áéíóúàèìòùâêîôû")


def _alternatives(phrases: list[str]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any run of white space."""
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(r"\s++".join(re.escape(w) for w in p.split()) for p in ordered) or r"(?!x)x"


def phrase_pattern(phrases: list[str]) -> re.Pattern[str] | None:
    """Any of the phrases as whole words, in any case (None when there are none)."""
    if not phrases:
        return None
    return re.compile(rf"(?<![\w-])(?:{_alternatives(phrases)})(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class _ExplanationPatterns:
    """The ways a hard word is explained where it is used (see plain-language.en.yaml, `explanations`)."""

    after: re.Pattern[str]
    bracket: re.Pattern[str]
    before: re.Pattern[str]
    subject: re.Pattern[str]
    definition: re.Pattern[str]
    not_definition: frozenset[str]

    @classmethod
    def of(cls, explanations: Explanations) -> _ExplanationPatterns:
        after, apposition = _alternatives(explanations.after), _alternatives(explanations.apposition)
        return cls(
            after=re.compile(rf"\s*+(?:[,:]\s*+)?(?:{after})(?![\w-])|\s*+[—–]\s*+\w|\s++-\s++\w|"
                             rf",\s++(?:{apposition})(?![\w-])", re.IGNORECASE),
            bracket=re.compile(r"(?:\s++[\w'’-]++){0,4}\s*+[(\[]"),
            before=re.compile(rf"(?<![\w-])(?:{_alternatives(explanations.before)})(?:\s++[\w'’-]++){{0,2}}\s++$",
                              re.IGNORECASE),
            subject=re.compile(rf"[\W\d_]*+(?:(?:{_alternatives(explanations.subject_openers)})\s++)?",
                               re.IGNORECASE),
            definition=re.compile(rf"\s++(?:{_alternatives(explanations.definition_verbs)})\s++(?P<next>[\w'’-]++)",
                                  re.IGNORECASE),
            not_definition=frozenset(w.lower() for w in explanations.not_definition))

    def explains(self, sentence: str, start: int, end: int, passive: PassiveVoice | None,
                 definition: bool = True) -> bool:
        """Whether the words at sentence[start:end] are explained right where they stand (`definition`: also by a
        sentence that defines them, "A biopsy is a test...")."""
        before = sentence[max(0, start - 80):start]
        bracket = self.bracket.match(sentence, end)
        if (bracket and not _ONLY_ACRONYM.match(sentence, bracket.end())) or before.rstrip().endswith(("(", "[")):
            return True  # "renal (kidney)" or "kidney (renal)", but not "endocrine neoplasia (MEN 1)"
        if self.after.match(sentence, end) or self.before.search(before):
            return True
        opening = self.subject.match(sentence)
        defined = self.definition.match(sentence, end) if definition else None
        if opening and opening.end() == start and defined:
            following = defined.group("next").lower()
            return following not in self.not_definition and not following.endswith(("ly", "mente")) and \
                not _is_participle(following, passive)
        return False


@cache
def explanation_patterns(language: str) -> _ExplanationPatterns | None:
    guide = guide_for(language)
    return _ExplanationPatterns.of(guide.explanations) if guide else None


@cache
def hard_word_index(language: str) -> HardWordIndex | None:
    """The hard words of a language's guide, indexed by stem (None when it lists none)."""
    guide = guide_for(language)
    if guide is None or not guide.hard_words:
        return None
    return HardWordIndex(guide.language, guide.hard_words, guide.everyday_words, shipped_stems(guide.language))


def capital_letters(token: str) -> str | None:
    """The letters of a word in capitals ("NETs" → "NET", "F.A.S.T." → "FAST"), or None for any other word."""
    core = token.replace(".", "")
    if core[:1].isdigit():
        return None  # a telephone word ("1-800-QUIT-NOW") or a measure, not an abbreviation
    if core.endswith("s") and len(core) > 2 and core[:-1].isupper():
        core = core[:-1]  # a plural: "NETs", "CTs"
    capitals = sum(c.isupper() for c in core)
    if capitals < 2:
        return None
    if core.isupper() or (core[0].islower() or any(c.isdigit() for c in core)) and capitals >= sum(
            c.islower() for c in core):
        return core  # "MRI", or an abbreviation in mixed case: "eGFR", "HbA1c"
    return None


def capital_runs(text: str) -> Iterator[list[re.Match[str]]]:
    """Words in capitals, grouped where only spaces or commas come between them: "BE FAST" is one run."""
    run: list[re.Match[str]] = []
    for token in TOKEN.finditer(text):
        if capital_letters(token.group()) is None:
            if run:
                yield run
            run = []
            continue
        if run and not _BETWEEN_CAPITALS.fullmatch(text, run[-1].end(), token.start()):
            yield run
            run = []
        run.append(token)
    if run:
        yield run


def _initials(words_: list[str]) -> str:
    return "".join(w[0].upper() for w in words_ if w)


def spells(letters: str, text: str, end: int, list_initials: str) -> bool:
    """Whether the capitals are a memory aid spelled out right after them: by the capitalised words that follow
    in the passage ("FAST: Face, Arms, Speech, Time") or by the items of the list after it."""
    if len(letters) < 2:
        return False
    following = [t.group() for t in TOKEN.finditer(text, end) if t.group()[0].isupper()][:len(letters)]
    return _initials(following) == letters or list_initials[:len(letters)] == letters


def initials_of_lists_after(sections: tuple[tree.Section, ...]) -> dict[int, str]:
    """For each paragraph followed by a list: the initials of the list items' first words, by the paragraph's
    line (the line prose passages give it)."""
    found: dict[int, str] = {}
    for node in tree.walk(*sections):
        kids = list(tree.children(node))
        for block, after in zip(kids, kids[1:], strict=False):
            if isinstance(block, tree.Paragraph) and isinstance(after, tree.List):
                firsts = [_first_word(item) for item in after.items]
                found[block.line] = _initials([w for w in firsts if w])
    return found


def _first_word(item: tree.ListItem) -> str:
    for block in item.children:
        if isinstance(block, tree.Paragraph):
            match = TOKEN.search(tree.plain_text(block.children))
            return match.group() if match else ""
    return ""


def _passive_pattern(guide: Guide) -> re.Pattern[str] | None:
    if not guide.passive:
        return None
    auxiliaries = _alternatives(guide.passive.auxiliaries)
    return re.compile(rf"(?<![\w-])(?:{auxiliaries})\s++(?:\w+ly\s++|not\s++|no\s++)?(?P<participle>\w++)",
                      re.IGNORECASE)


def passive_voice(text: str, guide: Guide) -> re.Match[str] | None:
    """The first passive construction in a sentence ("is given"), or None."""
    pattern = _passive_pattern(guide)
    return next((m for m in pattern.finditer(text) if _is_participle(m.group("participle"), guide.passive)),
                None) if pattern else None


def words_around(ancestors: tuple[tree.Node, ...]) -> bool:
    """Whether a link has words outside links in its context: its table row, else its list item, else its
    paragraph or heading (anywhere else, such as a figure's caption, that counts as context)."""
    context = next((a for kinds in (tree.TableRow, tree.ListItem, tree.Paragraph | tree.Heading)
                    for a in reversed(ancestors) if isinstance(a, kinds)), None)
    if context is None:
        return True
    for node, inside in tree.walk_with_ancestors(context):
        if isinstance(node, tree.Text | tree.Code) and words(node.text) and not any(
                isinstance(a, tree.Link) for a in inside):
            return True
    return False


def _is_participle(word: str, passive: PassiveVoice | None) -> bool:
    word = word.lower()
    if passive is None or word in passive.not_participles:
        return False
    if word in passive.irregular_participles:
        return True
    ending = next((e for e in sorted(passive.participle_endings, key=len, reverse=True)
                   if word.endswith(e) and len(word) > len(e) + 2), None)
    # an accented vowel before the ending makes an adjective ("rápido", "tímida"), never a participle
    return ending is not None and not (_ACCENTED_VOWELS & set(word[:-len(ending)]))


def quote(sentence: str, length: int = 60) -> str:
    text = " ".join(sentence.split())
    return f"“{text[:length]}…”" if len(text) > length else f"“{text}”"
