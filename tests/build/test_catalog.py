"""The output folder's catalog: index.html is accessible and lists files that exist; catalog.json matches its
schema and the files; editions of one handout are listed together; a user's own index.html is left alone."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pikepdf

from plainleaf.build.executors import InProcess
from plainleaf.build.run import BuildOptions, BuildResult, build
from tests.helpers import ROOT, quick_work, write_handout

SCHEMA = json.loads((ROOT / "docs" / "catalog.schema.json").read_text())


class Page(HTMLParser):
    """What a screen reader and a link checker would see of the page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.groups: list[list[str | None]] = []  # per <tbody>: each row's lang
        self.in_body = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tbody":
            self.groups.append([])
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.groups[-1].append(dict(attrs).get("lang"))

    def handle_endtag(self, tag: str) -> None:
        self.in_body = self.in_body and tag != "tbody"

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def quick_build(root: Path) -> BuildResult:
    return build([root / "handouts"], None, BuildOptions(output_dir=root / "output"), executor=InProcess(quick_work))


def test_the_page_lists_the_example_accessibly_and_every_link_works(example_build):
    output = example_build["root"] / "output"
    page = Page((output / "index.html").read_text(encoding="utf-8"))
    assert page.all("html") == [{"lang": "en"}] and not page.all("script")
    assert len(page.all("h1")) == 1 and "Patient handouts" in page.words
    headers = page.all("th")
    assert headers and all(th.get("scope") in ("col", "row") for th in headers)
    assert [th["scope"] for th in headers].count("row") == 1
    links = [a["href"] for a in page.all("a")]
    assert sorted(links) == ["neuroendocrine-tumors/neuroendocrine-tumors-large-print-letter.pdf",
                             "neuroendocrine-tumors/neuroendocrine-tumors.epub"]
    assert all((output / link).is_file() for link in links)
    with pikepdf.open(output / links[0]) as pdf:
        pages = len(pdf.pages)
    for words in ("Neuroendocrine tumors", "What you need to know", "November 1, 2026", "Flesch-Kincaid grade 4.1",
                  "Large print, Letter (PDF)", "E-book (EPUB)", f"{pages} pages", "CCI 100"):
        assert words in page.words


def test_catalog_json_matches_its_schema_and_the_files(example_build):
    output = example_build["root"] / "output"
    catalog = json.loads((output / "catalog.json").read_text(encoding="utf-8"))
    jsonschema.validate(catalog, SCHEMA, cls=jsonschema.Draft202012Validator)
    (handout,) = catalog["handouts"]
    assert (handout["slug"], handout["language"], handout["reviewed"]) == ("neuroendocrine-tumors", "en", "2026-11-01")
    for file in handout["files"]:
        assert file["bytes"] == (output / file["path"]).stat().st_size
    pdf, epub = sorted(handout["files"], key=lambda f: f["format"], reverse=True)
    with pikepdf.open(output / pdf["path"]) as document:
        assert pdf["pages"] == epub["pages"] == len(document.pages)  # the EPUB carries the PDF's page numbers


def test_editions_of_one_handout_are_listed_together(tmp_path):
    write_handout(tmp_path, slug="hand-washing")
    write_handout(tmp_path, slug="lavado-de-manos", front="title: Lavado de manos\nsummary: Las manos limpias.\n"
                  "reviewed: 2026-11-01\nlanguage: es\ntranslation_of: hand-washing\n")
    write_handout(tmp_path, slug="sleep", front="title: Sleep well\nsummary: Sleep helps.\nreviewed: 2026-10-01\n")
    assert quick_build(tmp_path).ok
    catalog = json.loads((tmp_path / "output" / "catalog.json").read_text(encoding="utf-8"))
    jsonschema.validate(catalog, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert [(h["slug"], h["edition_of"]) for h in catalog["handouts"]] == [
        ("sleep", "sleep"), ("hand-washing", "hand-washing"), ("lavado-de-manos", "hand-washing")]
    page = Page((tmp_path / "output" / "index.html").read_text(encoding="utf-8"))
    assert page.groups == [["en"], ["en", "es"]]
    assert "español" in page.words and "Lavado de manos" in page.words


def test_a_users_own_index_html_is_left_alone(tmp_path):
    write_handout(tmp_path)
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "index.html").write_text("my site")
    result = quick_build(tmp_path)
    assert [e.message for e in result.errors] == [
        "this file was not made by plainleaf, or was changed since, so it will not be replaced by the catalog"]
    assert (tmp_path / "output" / "index.html").read_text() == "my site"
    assert (tmp_path / "output" / "hand-washing" / "hand-washing.epub").is_file()
