"""The guides' data files read with libyaml (PyYAML's C loader, when present) give the very values the pure-Python
safe loader gives."""

from __future__ import annotations

import pytest
import yaml

from plainleaf.check.guide import DATA_DIR, _load_yaml


@pytest.mark.parametrize("path", sorted(DATA_DIR.glob("*.yaml")), ids=lambda path: path.name)
def test_the_c_loader_reads_each_data_file_as_the_python_loader_does(path):
    python = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert python, f"{path.name} holds nothing"
    assert _load_yaml(path) == python
