"""The plain-language rules: reading level, sentence and paragraph length, hard words, acronyms, capitals,
link and alt text, emphasis and voice; and what plainleaf lacks for the handout's language (a guide, translations).
Each finding names its file, line, rule id and a one-line fix."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from babel.support import Translations

from .errors import HandoutError
from .guide import Guide, PassiveVoice, guide_for
from .i18n import missing_translations, translations
from .languages import primary_language
from .model import Handout, Section
from .prose import Passage, inline_blocks, passages, readability_sample, split_sentences, term_pattern, words
from .readability import score

LONG_SENTENCE = 20  # words: a warning above this (CDC Clear Communication Index: 20 or fewer)
TOO_LONG_SENTENCE = 30  # words: an error above this
LONG_PARAGRAPH = 5  # sentences
MIN_SECTION_WORDS = 100  # the formulas swing too much on fewer words to judge a section alone
LARGE_PRINT_PT = 16  # UKAAF: large print starts at 16 pt

# Every rule and its severity (the README's table says what each finds and how to fix it).
RULES: dict[str, str] = {
    "reading-level": "error",
    "reading-level.section": "warning",
    "sentence.long": "warning",
    "sentence.too-long": "error",
    "paragraph.long": "warning",
    "word.hard": "warning",
    "acronym.undefined": "warning",
    "capitals": "warning",
    "link.vague": "error",
    "link.bare-url": "warning",
    "alt.file-name": "error",
    "alt.opening": "warning",
    "emphasis.italic": "warning",
    "voice.passive": "advice",
    "voice.third-person": "advice",
    "language.no-guide": "warning",
    "language.no-catalogue": "warning",
    "language.incomplete-catalogue": "warning",
}
TRANSLATING = "see the README, 'Languages and translating plainleaf'"

_ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Z0-9&]*[A-Z])s?(?![\w-])")
_CAPITALS = re.compile(r"(?<![\w-])[A-Z]{2,}(?:[ ,]+[A-Z]{2,})+(?![\w-])")
_IMAGE_FILE = re.compile(r"^\S+\.(?:png|jpe?g|gif|svg|webp|tiff?|bmp)$", re.IGNORECASE)
_BRACKET_SOON = re.compile(r"(?:\s+[\w-]+){0,3}\s*\(")  # "pancreatic tumors (tumors that start in ...)"
_WEB_ADDRESS = re.compile(r"^(?:https?://|www\.)", re.IGNORECASE)


@dataclass(frozen=True)
class Score:
    formula: str
    label: str
    value: float
    limit: tuple[str, float] | None  # ("at_most" | "at_least", number)

    @property
    def passed(self) -> bool:
        if self.limit is None:
            return True
        kind, number = self.limit
        return round(self.value, 1) <= number if kind == "at_most" else round(self.value, 1) >= number

    def describe(self) -> str:
        target = "" if self.limit is None else (
            f" (target {'at most' if self.limit[0] == 'at_most' else 'at least'} {self.limit[1]:g})")
        return f"{self.label} {self.value:.1f}{target}"


@dataclass(frozen=True)
class ReadingLevel:
    """The scores of one stretch of prose: a section, or (section None) the whole handout."""

    section: Section | None
    words: int
    sentences: int
    scores: tuple[Score, ...]


@dataclass(frozen=True)
class PlainLanguageReport:
    language: str | None  # the guide used, or None when there is none for the handout's language
    handout: ReadingLevel
    sections: tuple[ReadingLevel, ...]
    findings: tuple[HandoutError, ...]


def check_plain_language(handout: Handout, large_print: bool = True) -> PlainLanguageReport:
    """Every plain-language finding for one handout, with its reading-level scores."""
    found = guide_for(handout.language)
    guide = found or Guide(language=handout.language, readability=[])
    prose = list(passages(handout))
    whole = _reading_level(None, prose, guide, handout)
    sections = tuple(_reading_level(s, [p for p in prose if p.section is s], guide, handout)
                     for s in handout.sections)
    finder = _Finder(handout)
    findings = [
        *finder.readability(whole, sections),
        *finder.sentences(prose),
        *finder.hard_words(prose, guide),
        *finder.acronyms(prose, guide),
        *finder.capitals(prose),
        *finder.links(guide),
        *finder.alt_text(guide),
        *(finder.emphasis() if large_print else ()),
        *finder.voice(prose, guide),
        *finder.language_support(found),
    ]
    findings.sort(key=lambda f: f.line or 0)
    return PlainLanguageReport(found.language if found else None, whole, sections, tuple(findings))


def is_large_print(body_pt: float) -> bool:
    return body_pt >= LARGE_PRINT_PT


def _reading_level(section: Section | None, prose: list[Passage], guide: Guide, handout: Handout) -> ReadingLevel:
    sample = readability_sample([p.text for p in prose])
    limit = handout.meta.reading_level
    scores = tuple(Score(t.formula, t.label, score(t.formula, sample), t.limit(limit)) for t in guide.readability)
    sentences = sum(len(split_sentences(p.text)) for p in prose)
    return ReadingLevel(section, len(words(sample)), sentences, scores)


def _phrase(phrases: list[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


class _Finder:
    """The rules, sharing the handout they report on."""

    def __init__(self, handout: Handout):
        self.handout = handout

    def make(self, line: int | None, rule: str, message: str, hint: str) -> HandoutError:
        return HandoutError(self.handout.source, line, message, hint, severity=RULES[rule], rule=rule)

    def readability(self, whole: ReadingLevel, sections: tuple[ReadingLevel, ...]) -> Iterator[HandoutError]:
        hint = "use shorter sentences and shorter, everyday words"
        failed = [s.describe() for s in whole.scores if not s.passed]
        if failed and whole.words:
            yield self.make(None, "reading-level", f"the handout reads above its target: {'; '.join(failed)}", hint)
        for level in sections:
            failed = [s.describe() for s in level.scores if not s.passed]
            if failed and level.words >= MIN_SECTION_WORDS and level.section:
                yield self.make(level.section.line, "reading-level.section",
                                f"the section {level.section.title!r} reads above the target: {'; '.join(failed)}",
                                hint)

    def sentences(self, prose: list[Passage]) -> Iterator[HandoutError]:
        for passage in prose:
            sentences = split_sentences(passage.text)
            for sentence in sentences:
                count = len(words(sentence.text))
                if count > LONG_SENTENCE:
                    rule = "sentence.too-long" if count > TOO_LONG_SENTENCE else "sentence.long"
                    yield self.make(passage.line_at(sentence.start), rule,
                                    f"this sentence has {count} words: {_quote(sentence.text)}",
                                    f"split it into sentences of {LONG_SENTENCE} words or fewer")
            if len(sentences) > LONG_PARAGRAPH:
                yield self.make(passage.line, "paragraph.long", f"this paragraph has {len(sentences)} sentences",
                                f"split it into paragraphs of {LONG_PARAGRAPH} sentences or fewer, or use a list")

    def hard_words(self, prose: list[Passage], guide: Guide) -> Iterator[HandoutError]:
        """A hard word's first use must be in the glossary or explained in its sentence; later uses are fine."""
        glossary = [term_pattern(term) for term in self.handout.meta.glossary]
        cues = _phrase(guide.explanation_cues)
        pending = {term: term_pattern(term) for term in guide.hard_words}
        for passage in prose:
            for sentence in split_sentences(passage.text):
                taken: list[tuple[int, int]] = []  # "inherited" is one hard word, not "inherit" and "inherited"
                for term, pattern in list(pending.items()):
                    match = pattern.search(sentence.text)
                    if not match or any(a < match.end() and match.start() < b for a, b in taken):
                        continue
                    del pending[term]
                    taken.append(match.span())
                    plain = guide.hard_words[term]
                    if not _explained(sentence.text, match, plain, glossary, cues):
                        yield self.make(passage.line_at(sentence.start + match.start()), "word.hard",
                                        f"{match.group()!r} is a hard word",
                                        f"say {plain!r}, explain it in the same sentence, or add it to `glossary:`")

    def acronyms(self, prose: list[Passage], guide: Guide) -> Iterator[HandoutError]:
        known = set(guide.common_acronyms) | {term for term in self.handout.meta.glossary if term.isupper()}
        for passage in prose:
            text = passage.text
            in_capitals = [m.span() for m in _CAPITALS.finditer(text)]
            for match in _ACRONYM.finditer(text):
                acronym = match.group(1)
                if acronym in known or any(a <= match.start() < b for a, b in in_capitals):
                    continue
                known.add(acronym)
                spelled_out = text[:match.start()].rstrip().endswith("(") or text[match.end():].lstrip().startswith("(")
                if not spelled_out:
                    yield self.make(passage.line_at(match.start()), "acronym.undefined",
                                    f"{acronym!r} is used before it is spelled out",
                                    f"write the words in full the first time, then {acronym} in brackets: "
                                    f"'words in full ({acronym})'")

    def capitals(self, prose: list[Passage]) -> Iterator[HandoutError]:
        for passage in prose:
            for match in _CAPITALS.finditer(passage.text):
                yield self.make(passage.line_at(match.start()), "capitals", f"{match.group()!r} is in capital letters",
                                "write it in ordinary case; for emphasis use **bold**: capitals are harder to read")

    def links(self, guide: Guide) -> Iterator[HandoutError]:
        vague = {text.lower() for text in guide.vague_link_text}
        for line, children in _inline_children(self.handout):
            text: list[str] | None = None
            for child in children:
                if child.type == "link_open":
                    text = []
                elif child.type == "link_close" and text is not None:
                    label = "".join(text).strip()
                    if label.lower().rstrip(".:!?") in vague:
                        yield self.make(line, "link.vague", f"the link text {label!r} does not say where it goes",
                                        "use words that name the page, e.g. [NETs support group](https://...)")
                    elif _WEB_ADDRESS.match(label):
                        yield self.make(line, "link.bare-url", f"the link text is a web address: {label}",
                                        "name the page in the link text; a screen reader reads an address letter "
                                        "by letter")
                    text = None
                elif text is not None and child.type in ("text", "code_inline"):
                    text.append(child.content)

    def alt_text(self, guide: Guide) -> Iterator[HandoutError]:
        openers = _phrase(guide.alt_text_openers)
        for image in self.handout.images:
            alt = image.alt.strip()
            if _IMAGE_FILE.match(alt) or (alt and alt == PurePosixPath(image.src).name):
                yield self.make(image.line, "alt.file-name", f"the alt text of {image.src!r} is a file name",
                                "describe what the picture shows, as you would to someone on the phone")
            elif openers and (match := openers.match(alt)):
                yield self.make(image.line, "alt.opening", f"the alt text starts with {match.group()!r}",
                                "leave those words out: screen readers already say it is a picture")

    def emphasis(self) -> Iterator[HandoutError]:
        for line, children in _inline_children(self.handout):
            for i, child in enumerate(children):
                if child.type == "em_open":
                    words_in = children[i + 1].content if i + 1 < len(children) else ""
                    yield self.make(line, "emphasis.italic", f"{words_in!r} is in italics",
                                    f"large print avoids italics: write **{words_in}** for bold")

    def voice(self, prose: list[Passage], guide: Guide) -> Iterator[HandoutError]:
        third_person = _phrase(guide.third_person)
        passive = _passive_pattern(guide)
        for passage in prose:
            for sentence in split_sentences(passage.text) if passive else ():
                match = next((m for m in passive.finditer(sentence.text)
                              if _is_participle(m.group("participle"), guide.passive)), None)
                if match:
                    yield self.make(passage.line_at(sentence.start + match.start()), "voice.passive",
                                    f"{match.group()!r} may be passive voice",
                                    "say who does what: 'your doctor gives you...', not 'you are given...'")
            if third_person:
                for match in third_person.finditer(passage.text):
                    yield self.make(passage.line_at(match.start()), "voice.third-person",
                                    f"{match.group()!r}: talk to the reader", "write 'you' and 'your'")

    def language_support(self, guide: Guide | None) -> Iterator[HandoutError]:
        """What plainleaf lacks for the handout's language: a guide (so no reading level), or translations of the
        words it prints itself (so they fall back to English)."""
        language = self.handout.language
        if guide is None:
            yield self.make(None, "language.no-guide",
                            f"plainleaf has no plain-language guide for {language!r}: the reading level cannot be "
                            "measured and hard words are not looked for",
                            f"only the rules that need no language ran; add plainleaf/data/plain-language."
                            f"{language}.yaml; {TRANSLATING}")
        missing = missing_translations(language)
        if not missing:
            return
        if isinstance(translations(language), Translations):  # there is a catalogue, with gaps
            examples = ", ".join(repr(m) for m in missing[:3])
            yield self.make(None, "language.incomplete-catalogue",
                            f"plainleaf's {language!r} message catalogue lacks {len(missing)} of the strings it "
                            f"prints, which print in English: {examples}{', ...' if len(missing) > 3 else ''}",
                            f"translate them in plainleaf/locale/; {TRANSLATING}")
        else:
            yield self.make(None, "language.no-catalogue",
                            f"plainleaf has no message catalogue for {language!r}: all {len(missing)} strings it "
                            "prints itself (page numbers, 'Words to know', 'Who can help', ...) print in English, "
                            "marked as English for screen readers",
                            f"translate plainleaf/locale/plainleaf.pot into plainleaf/locale/"
                            f"{primary_language(language)}.po; {TRANSLATING}")


def _explained(sentence: str, match: re.Match[str], plain: str, glossary: list[re.Pattern[str]],
               cues: re.Pattern[str] | None) -> bool:
    """In the glossary, in or soon followed by brackets, explained by a cue ("means", "called"), or said plainly."""
    start, end = match.span()
    if any(a <= start and end <= b for g in glossary for a, b in (m.span() for m in g.finditer(sentence))):
        return True
    if _BRACKET_SOON.match(sentence, end) or sentence[:start].rstrip().endswith("("):
        return True
    if cues and cues.search(sentence):
        return True
    alternatives = [a.strip() for a in re.split(r"[,;]", plain) if a.strip()]
    return any(re.search(rf"(?<!\w){re.escape(a)}(?!\w)", sentence, re.IGNORECASE) for a in alternatives)


def _passive_pattern(guide: Guide) -> re.Pattern[str] | None:
    if not guide.passive:
        return None
    auxiliaries = "|".join(re.escape(a) for a in guide.passive.auxiliaries)
    return re.compile(rf"(?<![\w-])(?:{auxiliaries})\s+(?:\w+ly\s+|not\s+|no\s+)?(?P<participle>\w+)(?![\w-])",
                      re.IGNORECASE)


def _is_participle(word: str, passive: PassiveVoice | None) -> bool:
    word = word.lower()
    if passive is None or word in passive.not_participles:
        return False
    return word in passive.irregular_participles or any(
        word.endswith(e) and len(word) > len(e) + 2 for e in passive.participle_endings)


def _inline_children(handout: Handout) -> Iterator[tuple[int, list]]:
    for _, line, token in inline_blocks(handout):
        yield line, token.children or []


def _quote(sentence: str, length: int = 60) -> str:
    text = " ".join(sentence.split())
    return f"“{text[:length]}…”" if len(text) > length else f"“{text}”"
