"""The editor schemas in docs/: what the model generates, and they accept what plainleaf accepts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from plainleaf.cli.scaffold import EXAMPLE, SCAFFOLD, new_clinic
from plainleaf.source.files import load_yaml
from plainleaf.source.schema import schema_texts
from tests.helpers import CLINIC, ROOT
from tests.helpers import EXAMPLE as NETS


def test_the_committed_schemas_are_what_the_model_generates():
    for name, text in schema_texts().items():
        assert (ROOT / "docs" / name).read_text(encoding="utf-8") == text, \
            f"docs/{name} is out of date: run python3 -m plainleaf.source.schema docs"


def as_an_editor_reads_it(value):
    """YAML as yaml-language-server sees it: YAML 1.2 has no dates, so they are strings."""
    if isinstance(value, dict):
        return {k: as_an_editor_reads_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_an_editor_reads_it(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def front_matter(path: Path):
    return as_an_editor_reads_it(load_yaml(path.read_text(encoding="utf-8").split("---\n")[1], path)[0])


def schema(name: str) -> dict:
    return json.loads(schema_texts()[name])


@pytest.mark.parametrize("handout", [SCAFFOLD / EXAMPLE / "handout.md", NETS / "handout.md",
                                     ROOT / "handouts" / "neuroendocrine-tumors-es" / "handout.md"])
def test_the_handout_schema_accepts_the_examples(handout: Path):
    jsonschema.validate(front_matter(handout), schema("handout.schema.json"))


def test_the_clinic_schema_accepts_the_shipped_clinic_files():
    for path in (CLINIC, SCAFFOLD / "clinic.yaml"):
        jsonschema.validate(as_an_editor_reads_it(load_yaml(path.read_text(), path)[0]), schema("clinic.schema.json"))


def test_the_schemas_catch_a_mistyped_key_and_a_missing_one():
    data = front_matter(SCAFFOLD / EXAMPLE / "handout.md")
    with pytest.raises(jsonschema.ValidationError, match="sumary"):
        jsonschema.validate({**data, "sumary": "x"}, schema("handout.schema.json"))
    with pytest.raises(jsonschema.ValidationError, match="'name' is a required property"):
        jsonschema.validate({"phone": "(201) 555-0100"}, schema("clinic.schema.json"))


def test_a_new_clinic_folder_holds_the_schemas_its_clinic_file_names(tmp_path: Path):
    new_clinic(tmp_path / "clinic")
    clinic_file = tmp_path / "clinic" / "handouts" / "clinic.yaml"
    first = clinic_file.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/clinic.schema.json"
    named = clinic_file.parent / first.split("=", 1)[1]
    assert named.read_text(encoding="utf-8") == schema_texts()["clinic.schema.json"]
