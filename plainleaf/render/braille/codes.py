"""Which braille code each language is transcribed in, and the liblouis tables that write it. Cheap to import
(no liblouis, no document model): planning asks it which handouts can have a braille edition."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ...i18n import N_
from ...languages import primary_language

# BRF is North American ASCII braille whatever the language: a file of cells, one ASCII character each.
BRF_DISPLAY = "en-us-brf.dis"


@dataclass(frozen=True)
class BrailleCode:
    """The braille code a language is transcribed in."""

    id: str  # stable, for catalog.json: "en-ueb-g2"
    table: str  # liblouis's translation table
    name: str  # its full name (a gettext message: the title page says it in the handout's language)
    short: str  # as the catalog names the files: "Braille (BRF, UEB grade 2)" (a gettext message)
    bullet: str | None  # the print sign transcribed for list bullets, None where the code has none
    spelled: Mapping[str, str] = field(default_factory=dict)  # signs the table lacks → their names, in a TN

    @property
    def tables(self) -> tuple[str, ...]:
        """Every table a file in this code is made with: the translation table, and the display table of BRF."""
        return (self.table, BRF_DISPLAY)


CODES = {
    "en": BrailleCode("en-ueb-g2", "en-ueb-g2.ctb", N_("Unified English Braille, grade 2"), N_("UEB grade 2"), "•"),
    # es-g2.ctb has no sign for "•" (Spanish lists keep their hanging indents and numbers, without bullets) nor
    # for five ASCII characters that web addresses use: those are named in a transcriber's note
    "es": BrailleCode("es-g2", "es-g2.ctb", N_("Spanish braille, grade 2"), N_("Spanish grade 2"), None,
                      {"#": "almohadilla", "^": "acento circunflejo", "_": "guion bajo", "`": "acento grave",
                       "~": "virgulilla"}),
}


def braille_code(language: str) -> BrailleCode | None:
    """The code a handout in `language` (a BCP 47 tag) is transcribed in; None when plainleaf has none for it."""
    return CODES.get(primary_language(language))


NO_CODE_HINT = "leave brf and pef out of --format (or out of the clinic file's formats:) when you build it"


def no_code_message(language: str) -> str:
    return (f"no braille edition can be made in {language!r}: plainleaf transcribes handouts in "
            f"{' and '.join(code.name for code in CODES.values())}; this handout's other files are made")
