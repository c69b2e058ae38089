"""The plain-language rules: reading level, sentence and paragraph length, hard words, acronyms, capitals,
link and alt text, emphasis and voice; and what plainleaf lacks for the handout's language (a guide, translations).
Each finding names its file, line, rule id and a one-line fix, in the handout's language where plainleaf has a
catalogue for it (the rule ids stay the same).

Rules on running text read prose.Passage text; rules on structure and inline markup (links, emphasis, pictures)
read the document tree, so that a finding names the line of the link or emphasis itself."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from babel.support import Translations

from ..errors import HandoutError
from ..i18n import missing_translations, translations
from ..languages import primary_language
from ..source import tree
from ..source.contacts import WEB_ADDRESS_START
from ..source.model import Handout
from ..source.prose import Passage, passages, split_sentences, words
from ..source.reader import handout_tree
from .guide import Guide, guide_for
from .hardwords import HardWordIndex
from .plainwords import (
    ACCENTED,
    TOKEN,
    capital_letters,
    capital_runs,
    explanation_patterns,
    hard_word_index,
    initials_of_lists_after,
    passive_voice,
    phrase_pattern,
    quote,
    spells,
    words_around,
)
from .reading_level import ReadingLevel, reading_level
from .rules import Rule, registry

LONG_SENTENCE = 20  # words: a warning above this (CDC Clear Communication Index: 20 or fewer)
TOO_LONG_SENTENCE = 30  # words: a stronger warning above this
LONG_PARAGRAPH = 5  # sentences
LARGE_PRINT_PT = 16  # UKAAF: large print starts at 16 pt
LONG_CAPITAL_WORD = 7  # letters: a word in capitals this long is a word shouted, not an acronym
SHOUTED_RUN = 3  # words in capitals in a row: shouting, even if each could be an abbreviation

# Every rule, its severity and what it finds (the README's table says more, and how to fix it). Only what makes the
# file inaccessible is an error: a link nothing says the purpose of (WCAG 2.4.4, Level A), alt text that is a file
# name (1.1.1). How the prose reads is the author's to weigh: warnings and advice, errors only with `strict`.
PLAIN_RULES = registry(Rule(rule_id, severity, description, "plain language") for rule_id, severity, description in (
    ("reading-level", "warning", "the whole handout reads above its target (reading_level:, by default grade 8)"),
    ("reading-level.section", "warning", "a section reads above the target, on a formula valid for its size"),
    ("sentence.long", "warning", f"a sentence of more than {LONG_SENTENCE} words"),
    ("sentence.too-long", "warning", f"a sentence of more than {TOO_LONG_SENTENCE} words"),
    ("paragraph.long", "warning", f"a paragraph or list item of more than {LONG_PARAGRAPH} sentences"),
    ("word.hard", "warning", "the first use of a hard word, not in the glossary and not explained where it stands"),
    ("acronym.undefined", "warning", "an abbreviation used before it is spelled out"),
    ("capitals", "warning", "a word shouted in capitals, or three or more words in capitals"),
    ("link.no-purpose", "error", "a link nothing says the purpose of: no words, or only \"click here\""),
    ("link.vague", "warning", "link text like \"click here\" with words around it that say where it goes"),
    ("link.bare-url", "warning", "a web address as the link text, or written in the running text"),
    ("alt.file-name", "error", "alt text that is a file name (WCAG 1.1.1)"),
    ("alt.opening", "warning", "alt text starting \"image of\", \"picture of\"..."),
    ("emphasis.italic", "warning", "italics in a large-print layout (16 pt or more)"),
    ("voice.passive", "advice", "the passive voice (\"is given\"): say who does what"),
    ("voice.third-person", "advice", "\"the patient\" instead of \"you\""),
    ("language.no-guide", "warning", "a language plainleaf has no plain-language guide for"),
    ("language.no-catalogue", "warning", "a language plainleaf has no message catalogue for"),
    ("language.incomplete-catalogue", "warning", "a message catalogue that lacks some strings"),
))

_IMAGE_FILE = re.compile(r"^\S+\.(?:png|jpe?g|gif|svg|webp|tiff?|bmp)$", re.IGNORECASE)
_WEB_ADDRESS = re.compile(rf"^(?:{WEB_ADDRESS_START})", re.IGNORECASE)
# A web address written in the text: it starts where a word starts, and every quantifier is possessive.
_ADDRESS_IN_TEXT = re.compile(rf"(?<![\w@/.])(?:{WEB_ADDRESS_START})[^\s<>\"]*[\w/]", re.IGNORECASE)


@dataclass(frozen=True)
class PlainLanguageReport:
    language: str | None  # the guide used, or None when there is none for the handout's language
    handout: ReadingLevel
    sections: tuple[ReadingLevel, ...]
    findings: tuple[HandoutError, ...]

    @property
    def passive_sentences(self) -> int:
        """Sentences with a passive-voice finding (at most one each), for the pre-screen."""
        return sum(f.rule == "voice.passive" for f in self.findings)

    def without(self, rules: Collection[str]) -> PlainLanguageReport:
        """The report with the findings of these rules left out (those a handout switches off)."""
        return dataclasses.replace(self, findings=tuple(f for f in self.findings if f.rule not in rules))


def check_plain_language(handout: Handout, large_print: bool = True) -> PlainLanguageReport:
    """Every plain-language finding for one handout, with its reading-level scores."""
    found = guide_for(handout.language)
    guide = found or Guide(language=handout.language, readability=[])
    words_ = translations(handout.language).gettext
    prose = list(passages(handout))
    whole = reading_level(None, prose, guide, handout, words_)
    levels = tuple(reading_level(s, [p for p in prose if p.section is s], guide, handout, words_)
                   for s in handout.sections)
    finder = _Finder(handout, guide, words_, handout_tree(handout))
    findings = [
        *finder.readability(whole, levels),
        *finder.sentences(prose),
        *finder.hard_words(prose),
        *finder.acronyms_and_capitals(prose),
        *finder.links(),
        *finder.alt_text(),
        *(finder.emphasis() if large_print else ()),
        *finder.passive(prose),
        *finder.third_person(prose),
        *finder.language_support(found),
    ]
    findings.sort(key=lambda f: f.line or 0)
    return PlainLanguageReport(found.language if found else None, whole, levels, tuple(findings))


def is_large_print(body_pt: float) -> bool:
    return body_pt >= LARGE_PRINT_PT



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
        return HandoutError(self.handout.source, line, message, hint, severity=PLAIN_RULES[rule].severity,
                            rule=rule)

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
                                        count=count, quote=quote(sentence.text)),
                                    _("split it into sentences of {limit} words or fewer").format(limit=LONG_SENTENCE))
            if len(sentences) > LONG_PARAGRAPH:
                yield self.make(passage.line, "paragraph.long",
                                _("this paragraph has {count} sentences").format(count=len(sentences)),
                                _("split it into paragraphs of {limit} sentences or fewer, or use a list").format(
                                    limit=LONG_PARAGRAPH))

    def hard_words(self, prose: list[Passage]) -> Iterator[HandoutError]:
        """A hard word's first use must be in the glossary or explained where it stands; later uses are fine."""
        index, patterns = self.index, explanation_patterns(self.guide.language)
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
            known.update(t.group().replace(".", "") for t in TOKEN.finditer(term) if capital_letters(t.group()))
        shouted = {w.upper() for w in self.guide.capital_words}
        lists_after = initials_of_lists_after(self.sections)
        patterns = explanation_patterns(self.guide.language)
        cues = phrase_pattern(self.guide.acronym_cues)
        for passage in prose:
            text = passage.text
            for run in capital_runs(text):
                letters = [capital_letters(t.group()) or "" for t in run]
                start, end = run[0].start(), run[-1].end()
                if spells("".join(letters), text, end, lists_after.get(passage.line, "")):
                    continue
                if len(run) >= SHOUTED_RUN or any(
                        w in shouted or sum(c.isalpha() for c in w) >= LONG_CAPITAL_WORD or ACCENTED & set(w)
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
                elif label.lower().rstrip(".:!?") in vague and not words_around(ancestors):
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
