"""`plainleaf help TOPIC`: the handout format, the clinic file and layouts, from plainleaf/help/*.md (the README
holds the same text, which a test keeps equal)."""

from __future__ import annotations

from pathlib import Path

HELP = Path(__file__).parent.parent / "help"
TOPICS = {"handouts": "handouts.md", "clinic": "clinic.md", "layouts": "layouts.md"}
ALIASES = {"handout": "handouts", "format": "handouts", "clinic.yaml": "clinic", "layout": "layouts"}


def topic_text(name: str) -> str | None:
    """The topic's Markdown; the handout format holds the example handout that `plainleaf new` writes."""
    from .scaffold import EXAMPLE, SCAFFOLD

    file = TOPICS.get(ALIASES.get(name, name))
    if file is None:
        return None
    text = (HELP / file).read_text(encoding="utf-8")
    example = (SCAFFOLD / EXAMPLE / "handout.md").read_text(encoding="utf-8")
    return text.replace("{example}", example.rstrip("\n"))


def print_topic(name: str) -> bool:
    text = topic_text(name)
    if text is not None:
        print(text, end="")
    return text is not None
