"""The plain-language rules: reading level, sentence and paragraph length, hard words, acronyms, capitals,
link and alt text, emphasis and voice; and what plainleaf lacks for the handout's language (a guide, translations).
Each finding names its file, line, rule id and a one-line fix, in the handout's language where plainleaf has a
catalogue for it (the rule ids stay the same).

Rules on running text read prose.Passage text; rules on structure and inline markup (links, emphasis, pictures)
read the document tree, so that a finding names the line of the link or emphasis itself."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePosixPath

from babel.support import Translations

from ..errors import HandoutError
from ..i18n import missing_translations, translations
from ..languages import primary_language
from ..source import tree
from ..source.model import Handout, Section
from ..source.prose import Passage, passages, readability_sample, split_sentences, words
from .guide import Explanations, Guide, PassiveVoice, ReadabilityTarget, guide_for
from .hardwords import HardWordIndex
from .readability import score

LONG_SENTENCE = 20  # words: a warning above this (CDC Clear Communication Index: 20 or fewer)
TOO_LONG_SENTENCE = 30  # words: a stronger warning above this
LONG_PARAGRAPH = 5  # sentences
LARGE_PRINT_PT = 16  # UKAAF: large print starts at 16 pt
LONG_CAPITAL_WORD = 7  # letters: a word in capitals this long is a word shouted, not an acronym
SHOUTED_RUN = 3  # words in capitals in a row: shouting, even if each could be an abbreviation

# Every rule and its severity (the README's table says what each finds and how to fix it). Only what makes the
# file inaccessible is an error: a link nothing says the purpose of (WCAG 2.4.4, Level A), alt text that is a file
# name (1.1.1). How the prose reads is the author's to weigh: warnings and advice, errors only with `strict`.
RULES: dict[str, str] = {
    "reading-level": "warning",
    "reading-level.section": "warning",
    "sentence.long": "warning",
    "sentence.too-long": "warning",
    "paragraph.long": "warning",
    "word.hard": "warning",
    "acronym.undefined": "warning",
    "capitals": "warning",
    "link.no-purpose": "error",
    "link.vague": "warning",
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

_IMAGE_FILE = re.compile(r"^\S+\.(?:png|jpe?g|gif|svg|webp|tiff?|bmp)$", re.IGNORECASE)
_WEB_ADDRESS = re.compile(r"^(?:https?://|www\.)", re.IGNORECASE)
# A web address written in the text: it starts where a word starts, and every quantifier is possessive.
_ADDRESS_IN_TEXT = re.compile(r"(?<![\w@/.])(?:https?://|www\.)[^\s<>\"]*[\w/]", re.IGNORECASE)
# A word, or initials with full stops ("F.A.S.T.", "U.S.").
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}+|[^\W_]+(?:['’-][^\W_]+)*+")
_BETWEEN_CAPITALS = re.compile(r"[ ,]++")
_ONLY_ACRONYM = re.compile(r"\s*+[A-Z][A-Z0-9&.-]*+s?(?:\s++\d++)?\s*+[)\]]")  # "(MEN 1)", "(NETs)"
_ACCENTED = frozenset("ÁÉÍÓÚÑÜÀÈÌÒÙÂÊÎÔÛÇ")
_ACCENTED_VOWELS = frozenset("áéíóúàèìòùâêîôû")


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
class NotScored:
    """A formula left out because the sample is smaller than the one it is valid for."""

    formula: str
    label: str
    reason: str  # in the handout's language


@dataclass(frozen=True)
class ReadingLevel:
    """The scores of one stretch of prose: a section, or (section None) the whole handout."""

    section: Section | None
    words: int
    sentences: int
    scores: tuple[Score, ...]
    not_scored: tuple[NotScored, ...] = ()


@dataclass(frozen=True)
class PlainLanguageReport:
    language: str | None  # the guide used, or None when there is none for the handout's language
    handout: ReadingLevel
    sections: tuple[ReadingLevel, ...]
    findings: tuple[HandoutError, ...]
    passive_sentences: int = 0  # sentences with a passive-voice finding, for the pre-screen


def check_plain_language(handout: Handout, large_print: bool = True,
                         sections: tuple[tree.Section, ...] | None = None) -> PlainLanguageReport:
    """Every plain-language finding for one handout, with its reading-level scores. `sections`: its document tree
    (read from the handout when not given)."""
    if sections is None:
        from ..source.reader import read_sections

        sections = read_sections(handout)
    found = guide_for(handout.language)
    guide = found or Guide(language=handout.language, readability=[])
    words_ = translations(handout.language).gettext
    prose = list(passages(handout))
    whole = _reading_level(None, prose, guide, handout, words_)
    levels = tuple(_reading_level(s, [p for p in prose if p.section is s], guide, handout, words_)
                   for s in handout.sections)
    finder = _Finder(handout, guide, words_, sections)
    passive = list(finder.passive(prose))
    findings = [
        *finder.readability(whole, levels),
        *finder.sentences(prose),
        *finder.hard_words(prose),
        *finder.acronyms_and_capitals(prose),
        *finder.links(),
        *finder.alt_text(),
        *(finder.emphasis() if large_print else ()),
        *passive,
        *finder.third_person(prose),
        *finder.language_support(found),
    ]
    findings.sort(key=lambda f: f.line or 0)
    return PlainLanguageReport(found.language if found else None, whole, levels, tuple(findings), len(passive))


def is_large_print(body_pt: float) -> bool:
    return body_pt >= LARGE_PRINT_PT


def _reading_level(section: Section | None, prose: list[Passage], guide: Guide, handout: Handout,
                   gettext: Callable[[str], str]) -> ReadingLevel:
    sample = readability_sample([p.text for p in prose])
    word_count = len(words(sample))
    sentences = sum(len(split_sentences(p.text)) for p in prose)
    limit = handout.meta.reading_level
    scores, left_out = [], []
    for target in guide.readability:
        reason = _too_small(target, word_count, sentences, gettext)
        if reason:
            left_out.append(NotScored(target.formula, target.label, reason))
        else:
            scores.append(Score(target.formula, target.label, score(target.formula, sample), target.limit(limit)))
    return ReadingLevel(section, word_count, sentences, tuple(scores), tuple(left_out))


def _too_small(target: ReadabilityTarget, word_count: int, sentences: int, gettext: Callable[[str], str]
               ) -> str | None:
    """Why the formula is not valid for a sample this small, or None."""
    if sentences < target.min_sentences:
        return gettext("{label} is valid on samples of {needed} sentences or more; this has {count}").format(
            label=target.label, needed=target.min_sentences, count=sentences)
    if word_count < target.min_words:
        return gettext("{label} is valid on samples of {needed} words or more; this has {count}").format(
            label=target.label, needed=target.min_words, count=word_count)
    return None


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
def _explanation_patterns(language: str) -> _ExplanationPatterns | None:
    guide = guide_for(language)
    return _ExplanationPatterns.of(guide.explanations) if guide else None


@cache
def hard_word_index(language: str) -> HardWordIndex | None:
    """The hard words of a language's guide, indexed by stem (None when it lists none)."""
    guide = guide_for(language)
    if guide is None or not guide.hard_words:
        return None
    return HardWordIndex(guide.language, guide.hard_words, guide.everyday_words)


@dataclass
class _Finder:
    """The rules, sharing the handout they report on, its guide and the words findings are written in."""

    handout: Handout
    guide: Guide
    _: Callable[[str], str]
    sections: tuple[tree.Section, ...]
    index: HardWordIndex | None = field(init=False)

    def __post_init__(self) -> None:
        self.index = hard_word_index(self.guide.language) if self.guide.hard_words else None

    def make(self, line: int | None, rule: str, message: str, hint: str) -> HandoutError:
        return HandoutError(self.handout.source, line, message, hint, severity=RULES[rule], rule=rule)

    def readability(self, whole: ReadingLevel, sections: tuple[ReadingLevel, ...]) -> Iterator[HandoutError]:
        _ = self._
        hint = _("use shorter sentences and shorter, everyday words")
        failed = [s.describe() for s in whole.scores if not s.passed]
        if failed:
            yield self.make(None, "reading-level",
                            _("the handout reads above its target: {scores}").format(scores="; ".join(failed)), hint)
        for level in sections:
            failed = [s.describe() for s in level.scores if not s.passed]
            if failed and level.section:
                yield self.make(level.section.line, "reading-level.section",
                                _("the section “{title}” reads above the target: {scores}").format(
                                    title=level.section.title, scores="; ".join(failed)), hint)

    def sentences(self, prose: list[Passage]) -> Iterator[HandoutError]:
        _ = self._
        for passage in prose:
            sentences = split_sentences(passage.text)
            for sentence in sentences:
                count = len(words(sentence.text))
                if count > LONG_SENTENCE:
                    rule = "sentence.too-long" if count > TOO_LONG_SENTENCE else "sentence.long"
                    yield self.make(passage.line_at(sentence.start), rule,
                                    _("this sentence has {count} words: {quote}").format(
                                        count=count, quote=_quote(sentence.text)),
                                    _("split it into sentences of {limit} words or fewer").format(limit=LONG_SENTENCE))
            if len(sentences) > LONG_PARAGRAPH:
                yield self.make(passage.line, "paragraph.long",
                                _("this paragraph has {count} sentences").format(count=len(sentences)),
                                _("split it into paragraphs of {limit} sentences or fewer, or use a list").format(
                                    limit=LONG_PARAGRAPH))

    def hard_words(self, prose: list[Passage]) -> Iterator[HandoutError]:
        """A hard word's first use must be in the glossary or explained where it stands; later uses are fine."""
        index, patterns = self.index, _explanation_patterns(self.guide.language)
        if index is None or patterns is None:
            return
        _ = self._
        in_glossary = index.covered_by(self.handout.meta.glossary)
        seen: set[str] = set()
        for passage in prose:
            sentences = split_sentences(passage.text)
            for use in index.uses(passage.text):
                if use.term in seen:
                    continue
                seen.add(use.term)
                if in_glossary(use.term):
                    continue
                sentence = next((s for s in sentences if s.start <= use.start < s.start + len(s.text)), None)
                text, offset = (sentence.text, sentence.start) if sentence else (passage.text, 0)
                if not patterns.explains(text, use.start - offset, use.end - offset, self.guide.passive):
                    yield self.make(passage.line_at(use.start), "word.hard",
                                    _("“{word}” is a hard word").format(word=use.text),
                                    _("say “{plain}”, explain it right where you use it (in brackets, or "
                                      "“{word}, which means …”), or add it to `glossary:`").format(
                                        plain=use.plain, word=use.text))

    def acronyms_and_capitals(self, prose: list[Passage]) -> Iterator[HandoutError]:
        """Words in capitals: a run of them, or one shouted word, is `capitals`; an abbreviation not spelled out
        is `acronym.undefined`; a memory aid whose letters the next words (or list items) start with is fine."""
        _ = self._
        known = {a.upper() for a in self.guide.common_acronyms}
        for term in self.handout.meta.glossary:
            known.update(t.group().replace(".", "") for t in _TOKEN.finditer(term) if _capital_letters(t.group()))
        shouted = {w.upper() for w in self.guide.capital_words}
        lists_after = _initials_of_lists_after(self.sections)
        patterns = _explanation_patterns(self.guide.language)
        cues = phrase_pattern(self.guide.acronym_cues)
        for passage in prose:
            text = passage.text
            for run in _capital_runs(text):
                letters = [_capital_letters(t.group()) or "" for t in run]
                start, end = run[0].start(), run[-1].end()
                if _spells("".join(letters), text, end, lists_after.get(passage.line, "")):
                    continue
                if len(run) >= SHOUTED_RUN or any(
                        w in shouted or sum(c.isalpha() for c in w) >= LONG_CAPITAL_WORD or _ACCENTED & set(w)
                        for w in letters):
                    yield self.make(passage.line_at(start), "capitals",
                                    _("“{words}” is in capital letters").format(words=text[start:end]),
                                    _("write it in ordinary case; for emphasis use **bold** or a call-out box: "
                                      "capitals are harder to read"))
                    continue
                for token, acronym in zip(run, letters, strict=True):
                    if acronym in known or (self.index and self.index.uses(acronym)):
                        continue  # everyday, or a hard word with a plain alternative (word.hard reports it)
                    known.add(acronym)
                    before, after = text[:token.start()].rstrip(), text[token.end():].lstrip()
                    spelled_out = before.endswith(("(", "[")) or after.startswith(("(", "[")) or bool(
                        cues and cues.match(after)) or bool(patterns and patterns.explains(
                            text, token.start(), token.end(), self.guide.passive, definition=False))
                    if not spelled_out:
                        yield self.make(passage.line_at(token.start()), "acronym.undefined",
                                        _("“{acronym}” is used before it is spelled out").format(
                                            acronym=token.group()),
                                        _("write the words in full the first time, then {acronym} in brackets: "
                                          "“words in full ({acronym})”").format(acronym=token.group()))

    def links(self) -> Iterator[HandoutError]:
        """Links whose words do not say where they go or are an address, and web addresses left in the text.

        Vague words with others around them, in the link's paragraph, list item or table row, let its purpose be
        told from that context (WCAG 2.4.4, techniques G53, H77-H79): a warning, as a list of links still reads
        "here". Vague words alone there, or no words at all, say nothing of where it goes: an error."""
        _ = self._
        vague = {text.lower() for text in self.guide.vague_link_text}
        for node, ancestors in tree.walk_with_ancestors(*self.sections):
            if isinstance(node, tree.Link):
                label = tree.plain_text(node.children).strip()
                if not label:
                    yield self.make(node.line, "link.no-purpose",
                                    _("a link has no words: a screen reader says only “link”"),
                                    _("put words that name the page between the brackets: [NETs support group]"
                                      "(https://...)"))
                elif label.lower().rstrip(".:!?") in vague and not _words_around(ancestors):
                    yield self.make(node.line, "link.no-purpose",
                                    _("the link text “{text}” does not say where it goes, and no words around it "
                                      "do").format(text=label),
                                    _("use words that name the page, e.g. [NETs support group](https://...)"))
                elif label.lower().rstrip(".:!?") in vague:
                    yield self.make(node.line, "link.vague",
                                    _("the link text “{text}” does not say where it goes").format(text=label),
                                    _("use words that name the page, e.g. [NETs support group](https://...)"))
                elif _WEB_ADDRESS.match(label):
                    yield self.make(node.line, "link.bare-url",
                                    _("the link text is a web address: {address}").format(address=label),
                                    _("name the page in the link text; a screen reader reads an address letter "
                                      "by letter"))
            elif isinstance(node, tree.Text) and not any(isinstance(a, tree.Link) for a in ancestors):
                for match in _ADDRESS_IN_TEXT.finditer(node.text):
                    yield self.make(node.line, "link.bare-url",
                                    _("a web address in the text: {address}").format(address=match.group()),
                                    _("make it a link whose words name the page, e.g. [NETs support group]"
                                      "(https://...): a screen reader reads an address letter by letter"))

    def alt_text(self) -> Iterator[HandoutError]:
        _ = self._
        openers = phrase_pattern(self.guide.alt_text_openers)
        for node in tree.walk(*self.sections):
            if not isinstance(node, tree.Figure | tree.Image):
                continue
            alt = node.alt.strip()
            if _IMAGE_FILE.match(alt) or (alt and alt == PurePosixPath(node.src).name):
                yield self.make(node.line, "alt.file-name",
                                _("the alt text of {picture} is a file name").format(picture=node.src),
                                _("describe what the picture shows, as you would to someone on the phone"))
            elif openers and (match := openers.match(alt)):
                yield self.make(node.line, "alt.opening",
                                _("the alt text starts with “{words}”").format(words=match.group()),
                                _("leave those words out: screen readers already say it is a picture"))

    def emphasis(self) -> Iterator[HandoutError]:
        _ = self._
        for node in tree.of_type(tree.Emphasis, *self.sections):
            words_in = tree.plain_text(node.children)
            yield self.make(node.line, "emphasis.italic", _("“{words}” is in italics").format(words=words_in),
                            _("large print avoids italics: write **{words}** for bold").format(words=words_in))

    def passive(self, prose: list[Passage]) -> Iterator[HandoutError]:
        """At most one finding per sentence."""
        if self.guide.passive is None:
            return
        _ = self._
        for passage in prose:
            for sentence in split_sentences(passage.text):
                match = passive_voice(sentence.text, self.guide)
                if match:
                    yield self.make(passage.line_at(sentence.start + match.start()), "voice.passive",
                                    _("“{words}” may be passive voice").format(words=match.group()),
                                    _("say who does what: “your doctor gives you…”, not “you are given…”"))

    def third_person(self, prose: list[Passage]) -> Iterator[HandoutError]:
        pattern = phrase_pattern(self.guide.third_person)
        if pattern is None:
            return
        _ = self._
        for passage in prose:
            for match in pattern.finditer(passage.text):
                yield self.make(passage.line_at(match.start()), "voice.third-person",
                                _("“{words}”: talk to the reader").format(words=match.group()),
                                _("write “you” and “your”"))

    def language_support(self, guide: Guide | None) -> Iterator[HandoutError]:
        """What plainleaf lacks for the handout's language: a guide (so no reading level), or translations of the
        words it prints itself (so they fall back to English)."""
        _ = self._
        language = self.handout.language
        see = _("see the README, 'Languages and translating plainleaf'")
        if guide is None:
            yield self.make(None, "language.no-guide",
                            _("plainleaf has no plain-language guide for {language!r}: the reading level cannot be "
                              "measured and hard words are not looked for").format(language=language),
                            _("only the rules that need no language ran; add plainleaf/data/plain-language."
                              "{language}.yaml; {see}").format(language=language, see=see))
        missing = missing_translations(language)
        if not missing:
            return
        if isinstance(translations(language), Translations):  # there is a catalogue, with gaps
            examples = ", ".join(repr(m) for m in missing[:3])
            yield self.make(None, "language.incomplete-catalogue",
                            _("plainleaf's {language!r} message catalogue lacks {count} of the strings it prints, "
                              "which print in English: {examples}").format(
                                language=language, count=len(missing),
                                examples=examples + (", ..." if len(missing) > 3 else "")),
                            _("translate them in plainleaf/locale/; {see}").format(see=see))
        else:
            yield self.make(None, "language.no-catalogue",
                            _("plainleaf has no message catalogue for {language!r}: all {count} strings it prints "
                              "itself (page numbers, 'Words to know', 'Who can help', ...) print in English, marked "
                              "as English for screen readers").format(language=language, count=len(missing)),
                            _("translate plainleaf/locale/plainleaf.pot into plainleaf/locale/{file}.po; {see}").format(
                                file=primary_language(language), see=see))


def _capital_letters(token: str) -> str | None:
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


def _capital_runs(text: str) -> Iterator[list[re.Match[str]]]:
    """Words in capitals, grouped where only spaces or commas come between them: "BE FAST" is one run."""
    run: list[re.Match[str]] = []
    for token in _TOKEN.finditer(text):
        if _capital_letters(token.group()) is None:
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


def _spells(letters: str, text: str, end: int, list_initials: str) -> bool:
    """Whether the capitals are a memory aid spelled out right after them: by the capitalised words that follow
    in the passage ("FAST: Face, Arms, Speech, Time") or by the items of the list after it."""
    if len(letters) < 2:
        return False
    following = [t.group() for t in _TOKEN.finditer(text, end) if t.group()[0].isupper()][:len(letters)]
    return _initials(following) == letters or list_initials[:len(letters)] == letters


def _initials_of_lists_after(sections: tuple[tree.Section, ...]) -> dict[int, str]:
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
            match = _TOKEN.search(tree.plain_text(block.children))
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


def _words_around(ancestors: tuple[tree.Node, ...]) -> bool:
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


def _quote(sentence: str, length: int = 60) -> str:
    text = " ".join(sentence.split())
    return f"“{text[:length]}…”" if len(text) > length else f"“{text}”"
