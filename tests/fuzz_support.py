"""Random handouts for the fuzz tests (hypothesis): Markdown blocks and front matter, well-formed and hostile, as
text and as bytes; and a handout folder to write them into, with real pictures and a link to one outside it."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from pathlib import Path

import yaml
from hypothesis import strategies as st
from PIL import Image as PILImage

from plainleaf.source.fonts import missing_characters
from plainleaf.source.layout import Resources
from tests.helpers import EXAMPLE

latin_words = st.text(st.characters(max_codepoint=0x17F, exclude_categories=("Cs", "Cc")), max_size=12)
any_words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
_candidates = "".join(chr(c) for c in range(0x21, 0x3000))
_undrawable = set(missing_characters(_candidates, Resources.bundled().fonts_dir))
drawable_words = st.text(st.sampled_from([c for c in _candidates if c.isprintable() and c not in _undrawable]),
                         min_size=1, max_size=12)
plain_words = st.sampled_from(["germs", "hands", "soap", "Wash", "water", "café", "niño", "20", "—", "&", "a<b", "<",
                               "*", "_", "`", "[", "]", "(", ")", "\\", "!", "#", ">", "|", ":::", "{", "}"])
text = st.lists(st.one_of(plain_words, plain_words, latin_words, any_words), min_size=1, max_size=8).map(" ".join)
drawable_text = st.lists(st.one_of(plain_words, drawable_words), min_size=1, max_size=8).map(" ".join)
good_links = st.sampled_from(["https://example.org/a", "mailto:a@example.org", "tel:+1-202-555-0142", "#one"])
good_pictures = st.sampled_from(["pic.png", "pic.svg"])
bad_addresses = st.sampled_from([
    "javascript:alert(1)", "data:x", "file:///etc/passwd", "/etc/passwd", "../x.png", "images/missing.png",
    "outside.png", "pic.gif", "", "<a b.png>", "http://127.0.0.1:9/x.png", ".hidden.png", "CON.png"])


def markdown_blocks(text: st.SearchStrategy[str]) -> tuple[st.SearchStrategy[str], st.SearchStrategy[str]]:
    """Well-formed Markdown blocks, and hostile or broken ones, with words from `text`."""
    good_inline = st.one_of(
        text,
        st.builds("[{}]({})".format, text, good_links),
        st.builds("![{}]({})".format, text, good_pictures),
        st.builds("![{}]({} \"{}\")".format, text, good_pictures, text),
        st.builds("[{}]{{lang={}}}".format, text, st.sampled_from(["es", "fr-CA", "en"])),
        st.sampled_from(["[@a]", "[@a; @a]", "**bold**", "*em*", "`code`", "<https://example.org>", "<x@example.org>"]),
    )
    bad_inline = st.one_of(
        st.builds("[{}]({})".format, text, bad_addresses),
        st.builds("![{}]({})".format, text, bad_addresses),
        st.builds("[{}]{{lang={}}}".format, text, st.sampled_from(["xx-bogus", '"a b"', "en\" onclick=\"x"])),
        st.sampled_from(["[@missing]", "<span>x</span>", "<script>alert(1)</script>", "![](pic.png)"]),
    )
    paragraph = st.lists(good_inline, min_size=1, max_size=5).map(" ".join)
    good_block = st.one_of(
        paragraph,
        st.builds("## {}".format, text),
        st.builds("### {}".format, text),
        st.builds("{}- {}".format, st.sampled_from(["", "  ", "    "]), paragraph),
        st.builds("1. {}".format, paragraph),
        st.builds("> {}".format, paragraph),
        st.builds("::: {}\n{}\n:::".format, st.sampled_from(["important", "tip", "warning", "other"]), paragraph),
        st.builds("| {} | {} |\n| --- | --- |\n| {} | {} |".format, text, text, text, text),
        st.builds("```\n{}\n```".format, text),
        st.sampled_from(["", "   ", ":::", "* * *", "\t- x"]),
    )
    bad_block = st.one_of(
        bad_inline,
        st.builds("{} {}".format, st.sampled_from(["#", "####", "#####"]), text),
        st.builds("{}- {}".format, st.sampled_from(["      ", "        "]), paragraph),
        st.sampled_from(["---", "<div>x</div>", "## Empty\n\n## Next", "- a\n  - b\n    - c\n      - d\n        > e",
                         "- ## In a list", "> ## In a quote", "::: tip\n## In a box\n:::", "<b>x</b> <i>"]),
    )
    return good_block, bad_block


MIXED_BLOCKS = markdown_blocks(text)
DRAWABLE_BLOCKS = markdown_blocks(drawable_text)


@st.composite
def body(draw, blocks: tuple[st.SearchStrategy[str], st.SearchStrategy[str]] = MIXED_BLOCKS,
         hostile: bool = True) -> str:
    """Well-formed Markdown, with (if `hostile`) at most one hostile or broken block mixed in."""
    good_block, bad_block = blocks
    chosen = draw(st.lists(good_block, max_size=10))
    for bad in draw(st.lists(bad_block, max_size=1 if hostile else 0)):
        chosen.insert(draw(st.integers(0, len(chosen))), bad)
    start = draw(st.sampled_from(["## Why\n\nText.\n\n", "## Why\n\n", *(["", "## "] if hostile else [])]))
    return start + "\n\n".join(chosen) + "\n"


reference = st.fixed_dictionaries(
    {"id": st.sampled_from(["a", "b", "a", "bad id", ""]), "title": text},
    optional={"publisher": text, "url": st.sampled_from(["https://example.org/", "ftp://x", "nope"]),
              "date": st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)), "authors": st.lists(text, max_size=2),
              "bogus": text})
scalar = st.one_of(text, st.integers(-10, 10**20), st.floats(allow_nan=True), st.booleans(), st.none(),
                   st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
front_matter = st.fixed_dictionaries(
    {},
    optional={
        "title": st.one_of(text, scalar), "summary": st.one_of(text, scalar), "subtitle": text,
        "reviewed": st.one_of(st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)), scalar),
        "language": st.sampled_from(["en", "es", "fr-CA", "zz", "en_US", "", "x" * 40]),
        "key_points": st.one_of(st.lists(text, max_size=7), scalar),
        "keywords": st.one_of(st.lists(text, max_size=3), scalar),
        "glossary": st.one_of(st.dictionaries(text, text, max_size=3), scalar),
        "references": st.one_of(st.lists(reference, max_size=3), scalar),
        "support": st.lists(st.fixed_dictionaries({"name": text}, optional={
            "url": st.just("https://example.org/"), "phone": text, "email": text}), max_size=2),
        "reading_level": scalar,
        "sumary": text,
    })
front_text = st.one_of(
    front_matter.map(lambda d: yaml.safe_dump(d, allow_unicode=True, sort_keys=False)),
    st.sampled_from(["- a\n- b\n", "just text\n", "a: [unclosed\n", "a: &x 1\nb: *x\n", "title: !!binary x\n",
                     "title: T\ntitle: U\n", "reviewed: 2026-02-30\n", "\t- tab\n"]),
    any_words.map(lambda w: w + "\n"),
)
good_front = "---\ntitle: T\nsummary: S.\nreviewed: 2026-11-01\nreferences: [{id: a, title: A, publisher: P}]\n---\n"
well_formed = st.builds("{}{}".format, st.just(good_front), body(hostile=False))
printable = st.builds("{}{}".format, st.just(good_front), body(DRAWABLE_BLOCKS, hostile=False))
handout_source = st.one_of(
    well_formed,
    st.builds("---\n{}---\n{}".format, front_text, body()),
    st.builds("{}{}".format, st.sampled_from(["", "---\n", "\ufeff---\ntitle: T\n"]), body()),
)
encoded = st.one_of(well_formed.map(str.encode),
                    handout_source.map(str.encode),
                    st.builds("{}## Why\n\n{}".format, st.just(good_front), st.text()).map(str.encode),
                    handout_source.map(lambda s: s.replace("\n", "\r\n").encode()),
                    st.builds(bytes.__add__, handout_source.map(str.encode), st.binary(max_size=20)))


def png_bytes() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (8, 8), "white").save(out, "PNG")
    return out.getvalue()


def make_folder(root: Path) -> Path:
    """A handout folder holding a real PNG and SVG, and a link to a picture outside it."""
    folder = root / "handouts" / "fuzz"
    folder.mkdir(parents=True)
    (folder / "pic.png").write_bytes(png_bytes())
    shutil.copy(EXAMPLE / "images" / "where-nets-start.svg", folder / "pic.svg")
    (root / "secret.png").write_bytes(png_bytes())
    os.symlink(root / "secret.png", folder / "outside.png")
    (root / "handouts" / "clinic.yaml").write_text("name: Fuzz Clinic\n")
    return folder
