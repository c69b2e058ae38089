from __future__ import annotations

import datetime as dt
import subprocess
import sys

from babel.messages.pofile import read_po

from plainleaf.check.checks import check_handout
from plainleaf.i18n import TEMPLATE, long_date, missing_translations, translations
from plainleaf.source.layout import Resources
from plainleaf.source.parse import parse_handout
from tests.helpers import ROOT


def test_spanish_catalogue_translates_the_printed_words():
    gettext = translations("es").gettext
    assert gettext("Who can help") == "¿Quién puede ayudar?"
    assert gettext("Where this information comes from") == "De dónde viene esta información"
    assert gettext("Page {page} of {pages}") == "Página {page} de {pages}"


def test_regional_tag_falls_back_to_its_language():
    assert translations("es-MX").gettext("Words to know") == translations("es").gettext("Words to know")


def test_language_without_catalogue_falls_back_to_english_and_is_reported():
    assert translations("fr").gettext("Who can help") == "Who can help"
    missing = missing_translations("fr")
    assert "Who can help" in missing and len(missing) == len(missing_translations("de"))


def test_english_and_spanish_are_complete():
    assert missing_translations("en") == []
    assert missing_translations("es") == []


def test_message_template_matches_the_sources(tmp_path):
    """A string added to a template or module without re-extracting would silently stay English."""
    fresh = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "--ignore-dirs", ".* __pycache__", "--no-location", "--omit-header", "-o", str(fresh), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with fresh.open("rb") as new, TEMPLATE.open("rb") as old:
        assert {m.id for m in read_po(new)} == {m.id for m in read_po(old)}, \
            "run the extract command in README 'Languages and translating plainleaf'"


def test_dates_are_written_the_local_way():
    assert long_date(dt.date(2026, 11, 1), "es") == "1 de noviembre de 2026"
    assert long_date(dt.date(2026, 11, 1), "en") == "November 1, 2026"


def test_characters_the_font_lacks_are_named_with_the_words_they_are_in(handout_file):
    """Atkinson Hyperlegible draws Latin scripts (Spanish, French...) but not Greek, Cyrillic or all of Vietnamese:
    the build names what it cannot draw instead of printing boxes."""
    front = "title: Πλύσιμο χεριών\nsummary: Clean hands.\nreviewed: 2026-11-01\nlanguage: el\n" \
            "glossary:\n  Germ: Một vi trùng nhỏ.\n"
    path = handout_file(front=front, body="## Why\n\nRửa tay. Ещё раз.\n\nPlain words, ñandú, ça.\n")
    front_matter, body = check_handout(parse_handout(path), Resources.bundled().fonts_dir)
    assert front_matter.line == 1 and front_matter.severity == "error"
    assert front_matter.message.startswith("the bundled font cannot draw: Π (U+03A0) ε (U+03B5)")
    assert " and 3 more; in “Πλύσιμο”, “χεριών”, “Một”, “nhỏ”" in front_matter.message  # Greek and Vietnamese
    assert body.line == 11 and "Е (U+0415)" in body.message and "ử (U+1EED)" in body.message
    assert body.message.endswith("in “Rửa”, “Ещё”, “раз”") and "ñ" not in body.message


def test_a_catalogue_compiled_once_is_read_back_from_the_cache(monkeypatch, tmp_path):
    import io

    from babel.messages.mofile import write_mo

    from plainleaf import i18n

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    spanish = i18n.catalogue_file("es")
    assert spanish is not None
    fresh = io.BytesIO()
    write_mo(fresh, i18n._read(spanish))
    assert i18n._compiled(spanish) == fresh.getvalue()
    (kept,) = (tmp_path / "plainleaf" / "catalogues").iterdir()
    monkeypatch.setattr(i18n, "_read", lambda path: (_ for _ in ()).throw(AssertionError("read the .po again")))
    assert i18n._compiled(spanish) == fresh.getvalue()  # from the cache: the .po is not read
    kept.write_bytes(kept.read_bytes()[:-1] + b"?")  # damaged: its digest no longer matches
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert i18n._compiled(spanish) == fresh.getvalue()
