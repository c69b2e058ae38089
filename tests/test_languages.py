"""Language tags: BCP 47 (well-formed and in the IANA registry) wherever a handout names a language, and Babel
only for what it writes (dates, language names), with a fallback for a valid tag CLDR has no data for."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from plainleaf.build.run import BuildOptions, build
from plainleaf.check.audit import _is_language_tag
from plainleaf.errors import HandoutErrors
from plainleaf.i18n import catalogue_file, language_name, long_date, missing_translations
from plainleaf.languages import babel_locale, language_problem, primary_language
from plainleaf.source.parse import parse_handout
from tests.helpers import MINIMAL_FRONT

VALID = ["en", "es", "es-MX", "EN-us", "es-419", "haw", "tlh", "zh-Hant-TW", "sr-Latn", "en-GB-oed",
         "de-CH-1996", "en-US-x-twain", "x-private", "i-klingon"]
# Markup characters (quotes, angle brackets, ampersands, comments), Babel's locale modifiers and separators,
# and tags that are well-formed but not in the registry.
HOSTILE = ['en@x" foo="bar', 'es@a"b', "en'x", "en<x", "en>", "<en>", "en&amp;", "en&", "en<!--", "en-->",
           "en]]>", "en_US", "es@euro", "en US", "en\tUS", "en-", "-en", "en--US", "", "xx", "en-abcdefghi",
           "de-DE-1901-1901", "1234", "en-" + "a" * 300]


@pytest.mark.parametrize("tag", VALID)
def test_bcp47_tags_are_language_tags(tag):
    assert language_problem(tag) is None
    assert _is_language_tag(tag)


@pytest.mark.parametrize("tag", HOSTILE)
def test_anything_else_is_refused(tag):
    problem = language_problem(tag)
    assert problem and "is not a language tag" in problem and len(problem) < 200
    assert not _is_language_tag(tag)


def _front(language: str) -> str:
    quoted = language.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return MINIMAL_FRONT + f'language: "{quoted}"\n'


@pytest.mark.parametrize("tag", HOSTILE)
def test_the_handout_language_must_be_a_tag(handout_file, tag):
    with pytest.raises(HandoutErrors) as info:
        parse_handout(handout_file(front=_front(tag)))
    (error,) = info.value.errors
    assert error.line == 5 and "`language`" in error.message and "is not a language tag" in error.message


@pytest.mark.parametrize("where", ["[hola]{{lang={value}}}", "[hola](https://example.org/){{lang={value}}}",
                                   "![hola](pic.png){{lang={value}}}", "`hola`{{lang={value}}}"])
@pytest.mark.parametrize("tag", ['es@a\\"b', "es@a", "es_MX", "es&amp;", "es-->", "xx"])
def test_lang_attributes_must_be_tags(handout_file, where, tag):
    span = where.format(value=f'"{tag}"')
    path = handout_file(body=f"## One\n\nSay {span} to them.\n")
    (path.parent / "pic.png").write_bytes(b"")
    with pytest.raises(HandoutErrors) as info:
        parse_handout(path)
    assert [(e.line, "is not a language tag" in e.message) for e in info.value.errors] == [(8, True)]


def test_valid_lang_attributes_pass(handout_file):
    path = handout_file(body="## One\n\nSay [hola]{lang=es-MX} and [aloha]{lang=haw} to them.\n")
    assert parse_handout(path).sections


@pytest.mark.parametrize(("tag", "date", "name"), [
    ("en", "November 1, 2026", "English"), ("es-MX", "1 de noviembre de 2026", "español (México)"),
    ("haw", "1 Nowemapa 2026", "ʻŌlelo Hawaiʻi"),
    # valid tags CLDR has no data for: dates still print, as ISO 8601 (no language's words), names as the tag
    ("tlh", "2026-11-01", "tlh"), ("x-private", "2026-11-01", "x-private"), ("und", "2026-11-01", "und"),
])
def test_dates_and_names_print_in_every_valid_language(tag, date, name):
    assert long_date(dt.date(2026, 11, 1), tag) == date
    assert language_name(tag) == name


def test_babel_gets_the_most_specific_locale_it_has():
    assert str(babel_locale("es-MX")) == "es_MX"
    assert babel_locale("es-ZZ").language == "es"  # no es_ZZ: a Spanish locale all the same
    assert str(babel_locale("iw")) == "he"  # deprecated tags read as their replacement
    assert babel_locale("tlh") is None and babel_locale("qaa") is None


def test_catalogues_are_found_by_the_tags_language():
    assert catalogue_file("es-MX") == catalogue_file("es") is not None
    assert catalogue_file("tlh") is None and primary_language("es-MX") == "es"
    assert missing_translations("en-GB") == [] and missing_translations("tlh")


def test_a_handout_in_a_language_cldr_does_not_know_builds(tmp_path: Path):
    """Klingon (tlh) is a registered language without CLDR data or a catalogue: the PDF and EPUB say tlh, and the
    "Reviewed" line, which falls back to English, prints its date in English and is marked as English."""
    from tests.helpers import write_handout

    source = write_handout(tmp_path, front=MINIMAL_FRONT + "language: tlh\n",
                           body="## nuqneH\n\nnuqneH. jIyajbe'. Qapla'.\n", slug="greeting")
    result = build([source.parent.parent], None, BuildOptions(output_dir=tmp_path / "output", jobs=1))
    assert result.ok, [str(e) for e in result.errors]
    with zipfile.ZipFile(tmp_path / "output" / "greeting" / "greeting.epub") as book:
        opf = book.read("EPUB/content.opf").decode()
        contacts = book.read("EPUB/contacts.xhtml").decode()
    assert "<dc:language>tlh</dc:language>" in opf
    assert '<span lang="en" xml:lang="en">Reviewed: November 1, 2026</span>' in contacts


@pytest.mark.parametrize("tag", ["es-MX", "es-419", "zh-Hant-TW", "tlh", "x-private"])
def test_regional_and_rare_tags_build_with_their_editions_and_the_catalog(tmp_path: Path, tag):
    """corpus finding 2: an es-MX edition crashed the English one's notes and the catalog (Babel read "es-MX" with
    its own separator). Every place plainleaf writes a language's name or dates takes any valid tag."""
    import json

    from plainleaf.build.executors import InProcess
    from plainleaf.render.html import edition_notes
    from plainleaf.source.editions import Edition
    from tests.helpers import quick_work, write_handout

    write_handout(tmp_path, slug="hand-washing")
    write_handout(tmp_path, slug="lavado", front=f"title: Lavado de manos\nsummary: Manos limpias.\n"
                  f"reviewed: 2026-11-01\nlanguage: {tag}\ntranslation_of: hand-washing\n")
    result = build([tmp_path / "handouts"], None, BuildOptions(output_dir=tmp_path / "output"),
                   executor=InProcess(quick_work))
    assert result.ok, [str(e) for e in result.errors]
    catalog = json.loads((tmp_path / "output" / "catalog.json").read_text(encoding="utf-8"))
    assert [h["language"] for h in catalog["handouts"]] == ["en", tag]
    (language, note), = edition_notes([Edition("lavado", tag, "Lavado de manos")])
    assert language == tag and language_name(tag) in note
