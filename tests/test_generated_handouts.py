"""Whole valid handouts composed by hypothesis (tests/strategies.py): `check` reports no errors for each, so each
builds, its PDF passes the audit, its EPUB passes EPUBCheck (on a sample), and a second build gives the same bytes.

CI runs a few dozen examples, derandomized so that every run tries the same ones. For a longer search with new
examples each time: `PLAINLEAF_FUZZ=nightly python3 -m pytest -q tests/test_generated_handouts.py`."""

from __future__ import annotations

import itertools
import os
import tempfile
import warnings
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

from plainleaf.build.run import BuildOptions, build
from plainleaf.check.audit import audit_file, layout_rules
from plainleaf.cli.command import main as plainleaf_main
from plainleaf.source.layout import Resources, load_layout
from tests.epubchecking import epubcheck_problems, java_missing
from tests.strategies import Collection, collections

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
# Each example is a full build: CI does not shrink a failure (hundreds of builds), it reports the example found.
settings.register_profile("plainleaf-ci", max_examples=24, derandomize=True, database=None, deadline=None,
                          suppress_health_check=_SLOW, phases=[Phase.explicit, Phase.generate])
settings.register_profile("plainleaf-nightly", max_examples=400, deadline=None, suppress_health_check=_SLOW)
PROFILE = settings.get_profile(f"plainleaf-{os.environ.get('PLAINLEAF_FUZZ', 'ci')}")
EPUBCHECK_EVERY = 6  # EPUBCheck takes seconds per book: it checks one example in six
_examples = itertools.count()


def _build(handouts: Path, output: Path, collection: Collection) -> dict[str, bytes]:
    result = build([handouts], None, BuildOptions(output_dir=output, layouts=(collection.layout,),
                                                  papers=(collection.paper,)))
    assert result.ok, [str(error) for error in result.errors]
    return {str(path.relative_to(output)): path.read_bytes() for path in sorted(output.rglob("*")) if path.is_file()}


@settings(PROFILE)
@given(collection=collections())
def test_a_valid_handout_builds_audits_clean_and_gives_the_same_bytes_twice(collection):
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        collection.write(root / "handouts")
        assert plainleaf_main(["check", str(root / "handouts")]) == 0  # its report is in the captured output

        first = _build(root / "handouts", root / "first", collection)
        rules = layout_rules(load_layout(collection.layout, Resources.bundled()))
        pdfs = sorted((root / "first").rglob("*.pdf"))
        assert len(pdfs) == len(collection.handouts)
        errors = [str(f) for pdf in pdfs for f in audit_file(pdf, rules) if f.severity == "error"]
        assert errors == []

        epubs = sorted((root / "first").rglob("*.epub"))
        if next(_examples) % EPUBCHECK_EVERY == 0:
            if java_missing():
                warnings.warn(f"EPUBCheck not run on the generated handouts: {java_missing()}", stacklevel=1)
            else:
                assert {book.name: found for book, found in epubcheck_problems(epubs).items() if found} == {}

        second = _build(root / "handouts", root / "second", collection)
        assert first.keys() == second.keys()
        assert [name for name in first if first[name] != second[name]] == []
