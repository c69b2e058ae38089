"""Reading users' files: UTF-8 text, safe YAML with line numbers, and validation into the model."""

from __future__ import annotations

import difflib
import re
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import HandoutError, HandoutErrors
from ..limits import MAX_SOURCE_BYTES, read_user_file
from .model import Clinic

M = TypeVar("M", bound=BaseModel)
KeyPath = tuple[str | int, ...]

# C0 and C1 control characters other than tab and newline, and the two that XML cannot hold (U+FFFE, U+FFFF): never
# text, often a sign of a binary or damaged file.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)")


def read_text(path: Path, limit: int = MAX_SOURCE_BYTES, own_folder: bool = False) -> str:
    """Read a user's text file as UTF-8 (by limits.read_user_file), with errors that say where and what to do."""
    data = read_user_file(path, limit, own_folder=own_folder)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise HandoutErrors([HandoutError(
            path, line, "the file is not UTF-8 text",
            "save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)")]) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control:
        raise HandoutErrors([HandoutError(
            path, text.count("\n", 0, control.start()) + 1,
            f"the file contains an invisible control character (U+{ord(control.group()):04X})",
            "delete it: retype the line, or paste it through a plain-text editor")])
    return text


class _Refused(yaml.MarkedYAMLError):
    """YAML that parses but that plainleaf will not load, with how to fix it."""

    def __init__(self, problem: str, mark: yaml.Mark, hint: str):
        super().__init__(problem=problem, problem_mark=mark)
        self.hint = hint


class _HandoutLoader(yaml.SafeLoader):
    """SafeLoader (no tags that build objects) that also refuses anchors and aliases, so a few lines cannot
    expand into billions of values, and gives a line to values that fail to construct (e.g. 2026-02-30)."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused("anchors (&) and aliases (*) are not allowed", event.start_mark,
                           "write each value out in full")
        return super().compose_node(parent, index)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as exc:  # raised bare by PyYAML's date and number constructors
            value = f"{_shortened(node.value)!r} " if isinstance(node, yaml.ScalarNode) else ""
            raise _Refused(f"the value {value}cannot be read ({exc})", node.start_mark,
                           "write dates as YYYY-MM-DD with a real day, e.g. 2026-11-01") from None


def _construct_int(loader: _HandoutLoader, node: yaml.ScalarNode) -> int | str:
    """YAML 1.1 reads 0207946 as octal, +15550100 as 15550100 and 1:30 as 90: what looks like a number but is not
    written as one in plain decimal stays the text it is (a telephone number keeps its 0 and +)."""
    text = loader.construct_scalar(node)
    return int(text) if _DECIMAL.fullmatch(text) else text


_HandoutLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _shortened(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[:length] + "…"


def load_yaml(text: str, file: Path, first_line: int = 1) -> tuple[Any, dict[KeyPath, int]]:
    """Safely parse YAML; return the data and the line of every key path in it."""
    hint = "check the indentation and put quotes around text that contains ': ' or starts with a symbol"
    loader = _HandoutLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = first_line + mark.line if mark else first_line
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise HandoutErrors([HandoutError(file, line, f"the YAML is malformed: {problem}",
                                          getattr(exc, "hint", hint))]) from None
    except RecursionError:
        raise HandoutErrors([HandoutError(file, first_line, "the YAML is nested too deeply",
                                          "write the values as plain `key: value` lines and short lists")]) from None
    finally:
        loader.dispose()
    lines: dict[KeyPath, int] = {}
    if node is not None:
        _index_lines(node, (), first_line, lines, file)
    return data, lines


def _index_lines(node: yaml.Node, path: KeyPath, first_line: int, lines: dict[KeyPath, int], file: Path) -> None:
    lines[path] = first_line + node.start_mark.line
    if isinstance(node, yaml.ScalarNode):
        _refuse_control(node, first_line, file, "value")
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _refuse_control(key, first_line, file, "key")
            child = (*path, str(key.value))
            if child in lines:
                name = ".".join(str(p) for p in child)
                raise HandoutErrors([HandoutError(
                    file, first_line + key.start_mark.line, f"`{name}` is given twice (first on line {lines[child]})",
                    "keep one of them; the second would silently replace the first")])
            lines[child] = first_line + key.start_mark.line
            _index_lines(value, child, first_line, lines, file)
            lines[child] = first_line + key.start_mark.line
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*path, i), first_line, lines, file)


def _refuse_control(node: yaml.Node, first_line: int, file: Path, what: str) -> None:
    """A control character written as an escape in quotes ("\\x1b", "\\e") is as unwelcome as one in the file: it is
    no text, and would reach the terminal, the PDF and the EPUB's XML."""
    found = _CONTROL.search(node.value) if isinstance(node.value, str) else None
    if found:
        raise HandoutErrors([HandoutError(
            file, first_line + node.start_mark.line,
            f"a {what} holds an invisible control character (U+{ord(found.group()):04X})",
            "delete it: in quotes, a backslash escape such as \\x1b or \\e writes one")])


def validate(model: type[M], data: Any, file: Path, lines: dict[KeyPath, int],
             context: dict[str, Any] | None = None) -> M:
    """Build a model from YAML data, turning every validation problem into a HandoutError; `context` is what the
    model's validators may need from outside the file (the clinic's country)."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise HandoutErrors([HandoutError(file, lines.get((), None), "expected a list of `key: value` lines",
                                          "see the README for the keys a handout can have")])
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise HandoutErrors(_describe(exc, model, file, lines)) from None


def _describe(exc: ValidationError, model: type[BaseModel], file: Path,
              lines: dict[KeyPath, int]) -> list[HandoutError]:
    errors = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        loc = (*loc, *err.get("ctx", {}).get("at", ()))  # a validator on a list can point at the item it means
        where = ".".join(str(p) for p in loc) or "front matter"
        line = _nearest_line(loc, lines)
        kind = err["type"]
        hint = str(err.get("ctx", {}).get("hint", ""))
        if kind == "missing":
            message = f"`{where}` is required"
            hint = "add it; see the README for an example"
        elif kind == "extra_forbidden":
            known = _fields_at(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), known, n=1)
            message = f"unknown key `{where}`"
            hint = f"did you mean `{close[0]}`?" if close else f"known keys: {', '.join(sorted(known))}"
        else:
            message = f"`{where}`: {err['msg'].removeprefix('Value error, ')}"
            if kind.startswith(("list_type", "dict_type")):
                hint = "write a list as lines starting with '- '" if "list" in kind else "write `key: value` lines"
            elif kind.startswith("date"):
                hint = "write dates as YYYY-MM-DD, e.g. 2026-11-01"
        errors.append(HandoutError(file, line, message, hint))
    return errors


def _nearest_line(loc: KeyPath, lines: dict[KeyPath, int]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _fields_at(model: type[BaseModel], loc: KeyPath) -> list[str]:
    """The field names of the model found at `loc` (for "did you mean")."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field is None:
            return []
        current = _model_in(field.annotation)
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def load_clinic(path: Path) -> Clinic:
    """Load and validate handouts/clinic.yaml."""
    data, lines = load_yaml(read_text(path), path)
    return validate(Clinic, data, path, lines)
