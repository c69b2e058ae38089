"""`check` and the build agree on what is an error for a handout, with every option that changes it; and how the
prose reads never stops a build unless asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from plainleaf.build.discovery import find_clinic, find_handouts
from plainleaf.build.run import BuildOptions, build
from plainleaf.check.review import check_handouts
from plainleaf.source.resources import Resources
from tests.helpers import MINIMAL_FRONT, write_handout

LONG = ("You can wash your hands with soap and warm water for twenty seconds before you eat, after you use the "
        "toilet, after you cough or sneeze, and after you touch a pet.")  # 32 words
HANDOUTS = {  # slug: (front matter, body); each names what it shows
    "clean": (MINIMAL_FRONT, "## Why\n\nWash your hands. Use soap.\n"),
    "long-sentence": (MINIMAL_FRONT, f"## Why\n\n{LONG}\n"),
    "vague-link-in-context": (MINIMAL_FRONT, "## Why\n\n[Click here](https://example.org/) to join the group.\n"),
    "vague-link-alone": (MINIMAL_FRONT, "## Why\n\n[Click here](https://example.org/).\n"),
    "italics": (MINIMAL_FRONT, "## Why\n\nTake your pills. Do *not* stop.\n"),
    "unknown-citation": (MINIMAL_FRONT, "## Why\n\nSoap works [@nobody].\n"),
    "unknown-original": (MINIMAL_FRONT + "translation_of: nothing-here\n", "## Why\n\nWash.\n"),
    "broken-structure": (MINIMAL_FRONT, "Before any heading.\n\n## Why\n\n#### Too deep\n\nText.\n"),
}


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("agree")
    for slug, (front, body) in HANDOUTS.items():
        write_handout(root, front, body, slug=slug)
    return root


def errors_by_handout(findings) -> dict[str, set[tuple]]:
    found: dict[str, set[tuple]] = {}
    for f in findings:
        if f.severity == "error":
            found.setdefault(f.file.parent.name, set()).add((f.line, f.rule, f.message))
    return found


@pytest.mark.parametrize(("layout", "strict", "clinic"), [
    ("large-print", False, "name: Test Clinic\n"),
    ("large-print", True, "name: Test Clinic\n"),
    ("large-print", False, "name: Test Clinic\nstrict: true\n"),
    ("clear-print", True, "name: Test Clinic\n"),
])
def test_check_and_build_agree_on_every_error(collection, tmp_path, layout, strict, clinic):
    (collection / "handouts" / "clinic.yaml").write_text(clinic, encoding="utf-8")
    paths = [collection / "handouts"]
    reviews = check_handouts(find_handouts(paths), find_clinic(paths, None), [layout], strict, Resources.bundled())
    checked = errors_by_handout(f for review in reviews for f in review.findings)
    result = build(paths, None, BuildOptions(output_dir=tmp_path / "out", layouts=[layout], formats=("epub",),
                                             strict=strict))
    assert errors_by_handout(result.errors) == checked
    assert {p.parent.name for p in result.written} == set(HANDOUTS) - set(checked)  # no errors: it built
    expected = {"vague-link-alone", "unknown-citation", "unknown-original", "broken-structure"}
    if strict or "strict" in clinic:
        expected |= {"long-sentence", "vague-link-in-context"} | ({"italics"} if layout == "large-print" else set())
    assert set(checked) == expected
