"""JSON Schemas of a handout's front matter and of the clinic file, generated from the model, for editors that
complete and check YAML (docs/*.schema.json; `plainleaf new` writes them into a clinic's folder).

Regenerate the committed copies after changing the model: `python3 -m plainleaf.source.schema docs`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .model import Clinic, FrontMatter

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "handout.schema.json": (FrontMatter, "plainleaf handout front matter (the YAML between the --- lines of "
                                         "handout.md)"),
    "clinic.schema.json": (Clinic, "plainleaf clinic file (handouts/clinic.yaml)"),
}


def json_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    """The model's JSON Schema as an editor reads YAML: dates are strings (YAML 1.2 has no date type)."""
    schema = model.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": title}


def schema_texts() -> dict[str, str]:
    """Each schema file's name and text, as committed in docs/."""
    return {name: json.dumps(json_schema(model, title), indent=2, ensure_ascii=False) + "\n"
            for name, (model, title) in SCHEMAS.items()}


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


if __name__ == "__main__":
    for path in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
        print(f"wrote {path}")
