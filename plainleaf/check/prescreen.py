"""The PEMAT-P and CDC Clear Communication Index pre-screen: the items of the two instruments that can be judged
from a handout's document tree and its plain-language review, each with the instrument's own item number, and
the items that need a person, as questions for the author (never scored as met).

PEMAT-P: AHRQ's Patient Education Materials Assessment Tool for printable materials (Shoemaker, Wolf and Brach,
2013): understandability items 1-19 (13 and 14 are for audio-visual materials only) and actionability items
20-26; a material scoring 70% or more on each is understandable and actionable. CDC Clear Communication Index
(2014): 20 scored items; 90 or more out of 100 passes. Both scores are points met / items that apply.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from ..i18n import translations
from ..source import tree
from ..source.model import Handout
from ..source.prose import split_sentences, words
from .guide import Guide, guide_for
from .plain import PlainLanguageReport, passive_voice, phrase_pattern

Verdict = Literal["met", "not met", "not applicable", "question"]
PEMAT_THRESHOLD = 70.0  # per cent, for understandability and for actionability
CCI_THRESHOLD = 90.0  # out of 100
SHORT_SECTION_WORDS = 250  # about a page of large print: PEMAT-P item 8's "short sections"
MAX_PASSIVE_SHARE = 0.1  # PEMAT-P item 5: active voice in at least nine sentences in ten
MIN_HEADING_WORDS = 2  # an informative heading says what the section is about: "Signs", alone, does not
MAX_TABLE_HEADING_WORDS = 4
_NUMBER = re.compile(r"(?<![\w.])\d++(?:[.,]\d++)*+")
_PERCENT = re.compile(r"\d\s*+%")
# A decimal, unless more of the same run follows with a digit in it ("1.5.3", "1.5x2": a version, a size); a
# fraction, unless it is part of a date ("12/3/2026").
_DECIMAL_OR_FRACTION = re.compile(r"(?<![\w.,])\d++[.,]\d++(?![\w.,]*\d)|(?<![\w/])\d++/\d++(?![\w/])")


@dataclass(frozen=True)
class Item:
    instrument: Literal["PEMAT-P", "CCI"]
    number: str  # the instrument's item number: "1", "20", "11"
    scale: str  # "understandability", "actionability" (PEMAT-P); "core", "behavior", "numbers", "risk" (CCI)
    text: str  # what the item asks, in the handout's language
    verdict: Verdict
    why: str  # what plainleaf saw, or the question for the author


@dataclass(frozen=True)
class Scale:
    """One score: PEMAT-P understandability or actionability, or the CCI."""

    instrument: Literal["PEMAT-P", "CCI"]
    name: str  # "understandability", "actionability", "clear communication"
    met: int
    judged: int  # items that apply and could be judged from the document
    questions: int  # items left to a person
    threshold: float

    @property
    def share(self) -> float | None:
        """Per cent of judged items met (PEMAT's percentage; CCI's score out of 100); None when none applied."""
        return round(100 * self.met / self.judged, 1) if self.judged else None

    @property
    def passed(self) -> bool | None:
        return None if self.share is None else self.share >= self.threshold


@dataclass(frozen=True)
class Prescreen:
    items: tuple[Item, ...]
    scales: tuple[Scale, ...]

    @property
    def questions(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.verdict == "question")


def prescreen(handout: Handout, sections: tuple[tree.Section, ...], review: PlainLanguageReport,
              questions_page: bool = True) -> Prescreen:
    """The pre-screen of one handout. `questions_page`: the layout prints the "Questions for my care team" page
    (a practical tool, PEMAT-P item 23)."""
    facts = _Facts.of(handout, sections, review, guide_for(handout.language) or Guide(language=handout.language,
                                                                                       readability=[]))
    _ = translations(handout.language).gettext
    items = (*_pemat(facts, questions_page, _), *_cci(facts, _))
    scales = (
        _scale(items, "PEMAT-P", "understandability", PEMAT_THRESHOLD),
        _scale(items, "PEMAT-P", "actionability", PEMAT_THRESHOLD),
        _scale(items, "CCI", "clear communication", CCI_THRESHOLD),
    )
    return Prescreen(items, scales)


def _scale(items: Iterable[Item], instrument: str, name: str, threshold: float) -> Scale:
    chosen = [i for i in items if i.instrument == instrument and (instrument == "CCI" or i.scale == name)]
    return Scale(instrument, name, sum(i.verdict == "met" for i in chosen),  # type: ignore[arg-type]
                 sum(i.verdict in ("met", "not met") for i in chosen), sum(i.verdict == "question" for i in chosen),
                 threshold)


@dataclass(frozen=True)
class _Facts:
    """What the items are judged on, gathered once."""

    handout: Handout
    sections: tuple[tree.Section, ...]
    review: PlainLanguageReport
    guide: Guide
    prose: tuple[str, ...]  # every paragraph, list item and table cell, as read aloud
    sentences: tuple[str, ...]
    actions: tuple[str, ...]  # sentences that ask the reader to do something
    rules: frozenset[str]  # the rules that found something
    nodes: dict[type, list[tree.Node]]  # the tree's nodes by type, from one walk

    @classmethod
    def of(cls, handout: Handout, sections: tuple[tree.Section, ...], review: PlainLanguageReport,
           guide: Guide) -> _Facts:
        prose = tuple(_block_texts(sections))
        sentences = tuple(s.text for text in prose for s in split_sentences(text))
        action = _starts_action(guide)
        nodes: dict[type, list[tree.Node]] = {}
        for node in tree.walk(*sections):
            nodes.setdefault(type(node), []).append(node)
        return cls(handout, sections, review, guide, prose, sentences,
                   tuple(s for s in sentences if action(s)), frozenset(f.rule for f in review.findings if f.rule),
                   nodes)

    def has(self, cues: list[str], texts: Iterable[str] | None = None) -> bool:
        pattern = phrase_pattern(cues)
        return bool(pattern) and any(pattern.search(t) for t in (self.prose if texts is None else texts))

    def of_type(self, kind: type[tree.Node]) -> list[tree.Node]:
        return list(self.nodes.get(kind, ()))

    @property
    def numbers(self) -> bool:
        return any(_NUMBER.search(t) for t in self.prose)

    @property
    def top(self) -> tuple[str, ...]:
        """The summary and key points: what page 1 shows first."""
        return (self.handout.meta.summary, *self.handout.meta.key_points)


def _pemat(f: _Facts, questions_page: bool, _: Callable[[str], str]) -> list[Item]:
    def item(number: str, scale: str, text: str, verdict: Verdict, why: str) -> Item:
        return Item("PEMAT-P", number, scale, text, verdict, why)

    u, a = "understandability", "actionability"
    figures = f.of_type(tree.Figure) + f.of_type(tree.Image)
    tables = f.of_type(tree.Table)
    hard = "word.hard" in f.rules
    level_ok = bool(f.review.handout.scores) and all(s.passed for s in f.review.handout.scores)
    passive_share = f.review.passive_sentences / len(f.sentences) if f.sentences else 0.0
    long_sections = [s.title for s, level in zip(f.handout.sections, f.review.sections, strict=True)
                     if level.words > SHORT_SECTION_WORDS]
    vague_headings = [s.title for s in f.sections if _vague_heading(s.title, f.guide)]
    calculations = f.has(f.guide.prescreen.calculation)
    unclear_numbers = [t for t in f.prose if _PERCENT.search(t) or _DECIMAL_OR_FRACTION.search(t)
                       or f.has(f.guide.prescreen.percent, [t])]
    ordered = [lst for lst in f.of_type(tree.List) if isinstance(lst, tree.List) and lst.ordered]
    summary = bool(f.handout.meta.key_points) or any(_matches(s.title, f.guide.prescreen.summary_headings)
                                                      for s in f.sections)
    cues = [k for k in (tree.Callout, tree.Strong, tree.List) if f.of_type(k)]
    yes, no = "met", "not met"
    return [
        item("1", u, _("The purpose is evident at the top"),
             yes if f.has(f.guide.prescreen.purpose, f.top) else no,
             _("the summary or key points say what the handout is for") if f.has(f.guide.prescreen.purpose, f.top)
             else _("say in the summary what the handout is for: “This handout explains …”")),
        item("2", u, _("Nothing distracts from the purpose"), "question",
             _("Is every section needed for the handout's purpose?")),
        item("3", u, _("Common, everyday language"), yes if level_ok else no,
             _("the reading level meets its target") if level_ok
             else _("the reading level is above its target, or too little text to measure")),
        item("4", u, _("Medical terms are defined"), no if hard else yes,
             _("a hard word is used before it is explained (word.hard)") if hard
             else _("every hard word is explained where it is first used, or in the glossary")),
        item("5", u, _("Active voice"), yes if passive_share <= MAX_PASSIVE_SHARE else no,
             _("{count} of {total} sentences may be passive").format(count=f.review.passive_sentences,
                                                                      total=len(f.sentences))),
        item("6", u, _("Numbers are clear and easy to understand"),
             "not applicable" if not f.numbers else (no if unclear_numbers else yes),
             _("no numbers") if not f.numbers else (
                 _("percentages, decimals or fractions: “{text}”").format(text=_short(unclear_numbers[0]))
                 if unclear_numbers else _("numbers are whole counts"))),
        item("7", u, _("No calculations are expected of the reader"),
             "not applicable" if not f.numbers else (no if calculations else yes),
             _("no numbers") if not f.numbers else (_("the text asks the reader to calculate") if calculations
                                                   else _("no calculation is asked for"))),
        item("8", u, _("Information is in short sections"), no if long_sections else yes,
             _("longer than {words} words: {titles}").format(words=SHORT_SECTION_WORDS, titles=", ".join(
                 long_sections)) if long_sections else _("every section is {words} words or fewer").format(
                 words=SHORT_SECTION_WORDS)),
        item("9", u, _("Sections have informative headings"), no if vague_headings else yes,
             _("headings that do not say what follows: {titles}").format(titles=", ".join(vague_headings))
             if vague_headings else _("every heading says what its section is about")),
        item("10", u, _("Information is in a logical order"), "question",
             _("Does each section follow from the one before, the most important first?")),
        item("11", u, _("There is a summary"), yes if summary else no,
             _("key points on page 1, or a summary section") if summary
             else _("add `key_points:` (they print on page 1) or a “Key points” section")),
        item("12", u, _("Visual cues draw attention to key points"), yes if cues else no,
             _("call-out boxes, bold or lists") if cues else _("use a call-out box, **bold** or a list for the "
                                                               "key points")),
        item("15", u, _("Visual aids are used where they help"), "question",
             _("Would a picture, drawing or table make something easier to understand?")),
        item("16", u, _("Visual aids reinforce the content"), "question" if figures else "not applicable",
             _("Does each picture show what the text next to it says?") if figures else _("no pictures")),
        item("17", u, _("Visual aids have clear titles or captions"),
             "not applicable" if not figures else (yes if all(_caption(p) for p in figures) else no),
             _("no pictures") if not figures else (_("every picture has a caption") if all(
                 _caption(p) for p in figures) else _("give each picture a caption: ![alt](file.png \"Caption\")"))),
        item("18", u, _("Illustrations are clear and uncluttered"), "question" if figures else "not applicable",
             _("Is each picture simple, with nothing in it the reader does not need?") if figures
             else _("no pictures")),
        item("19", u, _("Tables are simple, with short clear headings"),
             "not applicable" if not tables else (yes if all(_simple_table(t) for t in tables) else no),
             _("no tables") if not tables else (_("every table has a header row of short headings") if all(
                 _simple_table(t) for t in tables) else _("give each table a header row of short headings"))),
        item("20", a, _("At least one action the reader can take"), yes if f.actions else no,
             _("for example: “{text}”").format(text=_short(f.actions[0])) if f.actions
             else _("say what the reader should do: “Call your doctor if …”")),
        item("21", a, _("The reader is addressed directly"),
             yes if f.has(f.guide.prescreen.second_person) and "voice.third-person" not in f.rules else no,
             _("the text talks to “you”") if f.has(f.guide.prescreen.second_person) and
             "voice.third-person" not in f.rules else _("write “you” and “your”, not “the patient”")),
        item("22", a, _("Actions are broken into explicit steps"), yes if ordered else no,
             _("numbered steps") if ordered else _("write what to do as a numbered list of steps")),
        item("23", a, _("A practical tool helps the reader act"), yes if questions_page or tables else "question",
             _("the “Questions for my care team” page") if questions_page else (
                 _("a table") if tables else _("Would a checklist, log or planner help the reader?"))),
        item("24", a, _("Calculations are explained step by step"), "question" if calculations else "not applicable",
             _("Does the text show how to do each calculation, with an example?") if calculations
             else _("no calculations")),
        item("25", a, _("It explains how to use charts, tables or diagrams to act"),
             "question" if tables or figures else "not applicable",
             _("Does the text say how to use each table or picture to decide what to do?") if tables or figures
             else _("no tables or pictures")),
        item("26", a, _("Visual aids make the instructions easier to act on"), "question",
             _("Would a picture of the steps help the reader do them?")),
    ]


def _cci(f: _Facts, _: Callable[[str], str]) -> list[Item]:
    def item(number: str, scale: str, text: str, verdict: Verdict, why: str) -> Item:
        return Item("CCI", number, scale, text, verdict, why)

    cues = f.guide.prescreen
    figures = f.of_type(tree.Figure) + f.of_type(tree.Image)
    summary_sentences = split_sentences(f.handout.meta.summary)
    passive_top = [t for t in (*f.top, *f.actions) if passive_voice(t, f.guide)]
    level_ok = bool(f.review.handout.scores) and all(s.passed for s in f.review.handout.scores)
    everyday = level_ok and "word.hard" not in f.rules
    ordered = [lst for lst in f.of_type(tree.List) if isinstance(lst, tree.List) and lst.ordered]
    lists = f.of_type(tree.List)
    risk = f.has(cues.risk)
    reasons = f.has(cues.reasons)
    unclear_numbers = any(_PERCENT.search(t) or _DECIMAL_OR_FRACTION.search(t) for t in f.prose) or f.has(
        cues.percent)
    probability = any(_PERCENT.search(t) for t in f.prose) or f.has(cues.percent)
    yes, no = "met", "not met"
    return [
        item("1", "core", _("One main message"), yes if 0 < len(summary_sentences) <= 2 else no,
             _("the summary is the main message ({count} sentences)").format(count=len(summary_sentences))),
        item("2", "core", _("The main message is at the top"), yes,
             _("the summary and key points print first, on page 1")),
        item("3", "core", _("The main message is emphasized with visual cues"),
             yes if f.handout.meta.key_points else no,
             _("the key points print in a box on page 1") if f.handout.meta.key_points
             else _("add `key_points:`: they print in a box on page 1")),
        item("4", "core", _("A visual supports the main message"), "question" if figures else no,
             _("Does a picture show the main message?") if figures else _("no pictures")),
        item("5", "core", _("A call to action"), yes if f.actions else no,
             _("for example: “{text}”").format(text=_short(f.actions[0])) if f.actions
             else _("say what the reader should do")),
        item("6", "core", _("The main message and call to action use the active voice"),
             no if passive_top else yes, _("the summary, key points and calls to action are active")
             if not passive_top else _("passive voice in: “{text}”").format(text=_short(passive_top[0]))),
        item("7", "core", _("Words the audience uses"), yes if everyday else no,
             _("no unexplained hard words, and the reading level meets its target") if everyday
             else _("unexplained hard words, or a reading level above the target")),
        item("8", "core", _("Bulleted or numbered lists"), yes if lists else no,
             _("the handout has lists") if lists else _("put steps or choices in a list")),
        item("9", "core", _("Organized in chunks with headings"),
             yes if len(f.sections) > 1 or sum(len(words(t)) for t in f.prose) <= SHORT_SECTION_WORDS else no,
             _("{count} sections with headings").format(count=len(f.sections))),
        item("10", "core", _("The most important information is summarized first"),
             yes if f.handout.meta.key_points else no,
             _("the key points on page 1") if f.handout.meta.key_points else _("add `key_points:` for page 1")),
        item("11", "core", _("It says what experts know and do not know"),
             yes if f.has(cues.uncertainty) else "question",
             _("the text says what is known or not known") if f.has(cues.uncertainty)
             else _("Should the handout say what doctors know and do not yet know about this?")),
        item("12", "behavior", _("A behavioral recommendation"), yes if f.actions else no,
             _("the text recommends what to do") if f.actions else _("recommend what the reader should do")),
        item("13", "behavior", _("It explains why the recommendation matters"), yes if reasons else "question",
             _("the text gives reasons (“because”, “so that”)") if reasons
             else _("Does the handout say why each recommendation matters to the reader?")),
        item("14", "behavior", _("Specific directions on how to do it"), yes if ordered else "question",
             _("numbered steps") if ordered else _("Does the handout say exactly how to do what it recommends?")),
        item("15", "numbers", _("Numbers the audience uses"),
             "not applicable" if not f.numbers else (no if unclear_numbers else yes),
             _("no numbers") if not f.numbers else (_("percentages, decimals or fractions") if unclear_numbers
                                                   else _("whole numbers"))),
        item("16", "numbers", _("It explains what the numbers mean"), "question" if f.numbers else "not applicable",
             _("Is every number explained in words?") if f.numbers else _("no numbers")),
        item("17", "numbers", _("No calculations are needed"),
             "not applicable" if not f.numbers else (no if f.has(cues.calculation) else yes),
             _("no numbers") if not f.numbers else _("no calculation is asked for") if not f.has(cues.calculation)
             else _("the text asks the reader to calculate")),
        item("18", "risk", _("It explains the nature of the risk"), "question" if risk else "not applicable",
             _("Does the handout say what the risk is and how serious it is?") if risk else _("no risk mentioned")),
        item("19", "risk", _("It gives both risks and benefits"), "question" if risk else "not applicable",
             _("Does the handout give the benefits as well as the risks of what it recommends?") if risk
             else _("no risk mentioned")),
        item("20", "risk", _("A probability is also explained in words or a picture"),
             "question" if probability else "not applicable",
             _("Is each percentage also said in words (“1 in 4 people”) or shown?") if probability
             else _("no probabilities")),
    ]


def _block_texts(sections: tuple[tree.Section, ...]) -> Iterable[str]:
    for node in tree.walk(*sections):
        if isinstance(node, tree.Paragraph | tree.TableCell):
            text = " ".join(tree.plain_text(node.children).split())
            if text:
                yield text


def _starts_action(guide: Guide) -> Callable[[str], bool]:
    """Whether a sentence asks the reader to do something: it starts with an imperative, or says "you should"."""
    verbs = phrase_pattern(guide.prescreen.action_verbs)
    phrases = phrase_pattern(guide.prescreen.action_phrases)
    opening = re.compile(r"[\W\d_]*+")

    def starts(sentence: str) -> bool:
        start = opening.match(sentence)
        at = start.end() if start else 0
        return bool((verbs and verbs.match(sentence, at)) or (phrases and phrases.search(sentence)))
    return starts


def _matches(title: str, phrases: list[str]) -> bool:
    return " ".join(title.lower().strip(" ?:.¿!¡").split()) in {p.lower() for p in phrases}


def _vague_heading(title: str, guide: Guide) -> bool:
    return _matches(title, guide.prescreen.generic_headings) or len(words(title)) < MIN_HEADING_WORDS


def _caption(picture: tree.Node) -> bool:
    if isinstance(picture, tree.Figure):
        return bool(picture.caption and picture.caption.strip())
    return isinstance(picture, tree.Image) and bool(picture.title and picture.title.strip())


def _simple_table(table: tree.Table) -> bool:
    headings = [" ".join(tree.plain_text(cell.children).split()) for row in table.head for cell in row.cells]
    return bool(headings) and all(0 < len(words(h)) <= MAX_TABLE_HEADING_WORDS for h in headings)


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[:length].rstrip() + "…"
