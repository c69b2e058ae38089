"""The build manifest in the output folder: which files plainleaf made there, what each was made from (a digest of
its inputs), and facts about each handout that the next build reuses instead of parsing it again."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import HandoutError
from ..limits import SLUG, RefusedFile, file_name_problem, read_allowed
from ..source.resources import LAYOUT_NAME
from .jobs import FORMATS
from .outputs import write_together

MANIFEST_FILE = ".plainleaf-manifest.json"
CLAIMS_FILE = ".plainleaf-manifest.claims"  # files about to be written, appended before they are renamed in place
FORMAT = 1
MAX_MANIFEST_BYTES = 200_000_000  # some 400,000 files' records


@dataclass
class FileRecord:
    """One file plainleaf made; `digest` None means made (or about to be) by a build that did not finish."""

    handout: str | None  # the handout's slug; None for the catalog's own files
    format: str  # pdf, epub, brf, pef, txt, html or json
    digest: str | None = None
    size: int = 0
    pages: int | None = None
    layout: str | None = None
    paper: str | None = None
    sha256: str | None = None  # of the bytes written, so that a file someone changed since is left alone


@dataclass
class SourceFacts:
    """What planning needs from a handout.md, kept while the file's bytes (`digest`) stay the same."""

    digest: str
    slug: str
    language: str
    title: str
    translation_of: str | None
    pictures: list[str]  # paths relative to the handout folder, as written in the text


@dataclass
class HandoutRecord:
    """A built handout as the catalog lists it."""

    source: str  # relative to the output folder
    slug: str
    title: str
    subtitle: str | None
    summary: str
    language: str
    reviewed: str  # ISO date
    translation_of: str | None
    reading_level: list[dict[str, Any]]  # the whole handout's scores: formula, label, value, target, passed
    prescreen: list[dict[str, Any]] = field(default_factory=list)  # PEMAT-P and CCI scores (review.prescreen_json)


@dataclass
class Manifest:
    files: dict[str, FileRecord] = field(default_factory=dict)  # by path relative to the output folder (POSIX)
    handouts: dict[str, HandoutRecord] = field(default_factory=dict)  # by slug
    sources: dict[str, SourceFacts] = field(default_factory=dict)  # by handout.md path relative to the output folder
    clinic: dict[str, Any] = field(default_factory=dict)  # the clinic file's digest and the facts planning needs
    catalog: str | None = None  # the digest the catalog files were made from

    def owns(self, name: str, output_dir: Path) -> bool:
        """plainleaf made this file and nobody has changed it since: it is a plain file inside the output folder with
        the size and SHA-256 plainleaf recorded (or there is no file there at all)."""
        record = self.files.get(name)
        if record is None or record.sha256 is None:
            return False
        path = output_dir / name
        if not os.path.lexists(path):
            return True
        try:
            data = read_allowed(path, [output_dir], record.size)
        except RefusedFile:
            return False
        return len(data) == record.size and hashlib.sha256(data).hexdigest() == record.sha256

    def settle(self, claimed: dict[str, FileRecord], output_dir: Path) -> None:
        """After writing files that may or may not have reached the disk (a build that failed or was killed while
        renaming them): record each claimed file that is on disk as claimed, and leave the others as they were."""
        for name, record in claimed.items():
            previous = self.files.get(name)
            self.files[name] = record
            if not (os.path.lexists(output_dir / name) and self.owns(name, output_dir)):
                if previous is None:
                    del self.files[name]
                else:
                    self.files[name] = previous

    def serialized(self) -> bytes:
        """The manifest file's bytes (its records hold only plain values, so vars() is enough and fast)."""
        data = {"format": FORMAT, "files": {k: vars(v) for k, v in self.files.items()},
                "handouts": {k: vars(v) for k, v in self.handouts.items()},
                "sources": {k: vars(v) for k, v in self.sources.items()}, "clinic": self.clinic,
                "catalog": self.catalog}
        # compact, so that json's C encoder does the work: this runs twice in every build, even one with nothing to do
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def in_the_way(file: Path, replaced_by: str) -> HandoutError:
    """A file that plainleaf did not make (or that was changed since), where one of its outputs would go: it is left
    alone, and the user told."""
    return HandoutError(file, None, "this file was not made by plainleaf, or was changed since, so it will not be "
                        f"replaced by {replaced_by}",
                        "move or rename it, then build again; if a plainleaf older than the manifest made it, delete "
                        "it")


def load_manifest(output_dir: Path) -> tuple[Manifest, list[HandoutError]]:
    """The manifest of `output_dir` (empty if there is none), with the claims of a build that stopped half-way
    (their contents are known by size and SHA-256, their inputs are not: they will be rebuilt).

    The manifest is a file in a folder people share, so it is input like any other: one that is not what plainleaf
    writes (or a claims file that is not) is set aside with a warning, and the build starts afresh."""
    warnings: list[HandoutError] = []
    manifest = Manifest()
    path = output_dir / MANIFEST_FILE
    data = _read_record(path, warnings)
    if data is not None:
        try:
            manifest = _manifest_from(json.loads(data))
        except (ValueError, KeyError, TypeError) as exc:
            warnings.append(_set_aside(path, str(exc)))
    claims = output_dir / CLAIMS_FILE
    data = _read_record(claims, warnings)
    if data is not None:
        try:
            claimed = [_claimed(line) for line in data.decode("utf-8").splitlines()]
        except (ValueError, KeyError, TypeError) as exc:
            warnings.append(_set_aside(claims, str(exc)))
        else:
            manifest.settle(dict(claimed), output_dir)
    return manifest, warnings


def _read_record(path: Path, warnings: list[HandoutError]) -> bytes | None:
    """The bytes of the manifest or the claims file, read like any user's file; None when there is none."""
    try:
        return read_allowed(path, [path.parent], MAX_MANIFEST_BYTES)
    except RefusedFile as refused:
        if os.path.lexists(path):
            warnings.append(_set_aside(path, str(refused)))
        return None


def _set_aside(path: Path, why: str) -> HandoutError:
    """Move a damaged record out of the way (kept for whoever wants to see it) and say so in one line."""
    kept = path.with_name(path.name + ".damaged")
    try:
        os.replace(path, kept)
    except OSError:
        kept = path
    return HandoutError(path, None, f"plainleaf's record of the files it made here is damaged ({why[:200]}); it was "
                        f"set aside as {kept.name} and this build starts afresh, so the files already here are "
                        "left alone as if they were yours", "move them away if plainleaf should make them again",
                        severity="warning")


def _manifest_from(data: Any) -> Manifest:
    _check_mapping(data, _MANIFEST_FIELDS, "the manifest")
    if data["format"] != FORMAT:
        raise ValueError(f"format {data['format']!r} is not {FORMAT}")
    _check_mapping(data["clinic"], _CLINIC_FIELDS, "clinic", required=set())
    manifest = Manifest(clinic=data["clinic"], catalog=data["catalog"])
    for name, record in _entries(data["files"], "files"):
        record = _checked(record, FileRecord, _FILE_FIELDS, name)
        manifest.files[_output_name(name, record["handout"])] = FileRecord(**record)
    for slug, record in _entries(data["handouts"], "handouts"):
        record = _checked(record, HandoutRecord, _HANDOUT_FIELDS, slug)
        if record["slug"] != slug:
            raise ValueError(f"the handout record {slug[:80]!r} is not named by its slug")
        manifest.handouts[slug] = HandoutRecord(**record)
    for key, record in _entries(data["sources"], "sources"):
        manifest.sources[key] = SourceFacts(**_checked(record, SourceFacts, _SOURCE_FIELDS, key))
    return manifest


def _claimed(line: str) -> tuple[str, FileRecord]:
    """One claim: `name, handout, size, sha256` (tab-separated), as `claim` writes it."""
    name, handout, size, sha256 = line.split("\t")
    record = {"handout": handout or None, "format": PurePosixPath(name).suffix[1:], "digest": None,
              "size": int(size) if size.isdigit() else -1, "pages": None, "layout": None, "paper": None,
              "sha256": sha256}
    return _output_name(name, record["handout"]), FileRecord(**_checked(record, FileRecord, _FILE_FIELDS, name))


def _entries(value: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(value, dict):
        raise ValueError(f"`{where}` is not a mapping")
    return list(value.items())


def _checked(record: Any, kind: type, fields: dict[str, Callable[[Any], bool]], where: str) -> dict[str, Any]:
    """A record of `kind` (a dataclass): every field it must have, each of its kind, and no other. A field with a
    default may be missing (a manifest from before it was added)."""
    required = {f.name for f in dataclasses.fields(kind)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    _check_mapping(record, fields, repr(where[:80]), required)
    return record


def _check_mapping(record: Any, fields: dict[str, Callable[[Any], bool]], where: str,
                   required: set[str] | None = None) -> None:
    """Each field of its kind, and no other; the `required` ones (all of them, when None) there."""
    if not isinstance(record, dict) or not record.keys() <= fields.keys() or not (
            fields.keys() if required is None else required) <= record.keys():
        raise ValueError(f"{where} does not have the fields plainleaf writes")
    for key, value in record.items():
        if not fields[key](value):
            raise ValueError(f"{where}: `{key}` is not what plainleaf writes there")


def _output_name(name: str, handout: str | None) -> str:
    """A file of the output folder as the manifest names it: `slug/file` for a handout's, `file` for the catalog's,
    each part a plain file name: nothing that could lead out of the output folder."""
    parts = name.split("/")
    if len(parts) > 2 or any(file_name_problem(part) for part in parts) or (
            (parts[0] if len(parts) == 2 else None) != handout):
        raise ValueError(f"{name[:80]!r} is not the name of a file plainleaf makes")
    return name


def _file_name(value: Any) -> bool:
    return isinstance(value, str) and file_name_problem(value) is None


def _text(value: Any) -> bool:
    return isinstance(value, str) and not _CONTROL.search(value)


def _optional(kind: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: value is None or kind(value)


def _pattern(pattern: re.Pattern[str]) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, str) and pattern.fullmatch(value) is not None


def _count(value: Any) -> bool:
    return type(value) is int and value >= 0


def _iso_date(value: Any) -> bool:
    try:
        return isinstance(value, str) and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


def _number(value: Any) -> bool:
    return type(value) in (int, float) and math.isfinite(value)


def _score(value: Any) -> bool:
    """One reading-level score of a handout record."""
    target = value.get("target") if isinstance(value, dict) else None
    return (isinstance(value, dict) and value.keys() == {"formula", "label", "value", "target", "passed"}
            and _text(value["formula"]) and _text(value["label"]) and _number(value["value"])
            and type(value["passed"]) is bool
            and (target is None or (isinstance(target, dict) and target.keys() <= {"at_most", "at_least"}
                                    and all(map(_number, target.values())))))


def _prescreen_score(value: Any) -> bool:
    """One pre-screen scale's score of a handout record (review.prescreen_json)."""
    return (isinstance(value, dict) and value.keys() == {"instrument", "scale", "met", "judged", "questions",
                                                          "share", "threshold", "passed"}
            and _text(value["instrument"]) and _text(value["scale"])
            and all(v is None or type(v) is bool or _number(v) for k, v in value.items()
                    if k not in ("instrument", "scale")))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SLUG = re.compile(SLUG)
_HEX = re.compile(r"[0-9a-f]{64}")
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8}){0,15}")  # BCP 47's shape: all it may hold in markup
_slug, _hex, _language = _pattern(_SLUG), _pattern(_HEX), _pattern(_LANGUAGE)
_MANIFEST_FIELDS: dict[str, Callable[[Any], bool]] = {
    "format": lambda v: type(v) is int, "files": lambda v: isinstance(v, dict),
    "handouts": lambda v: isinstance(v, dict), "sources": lambda v: isinstance(v, dict),
    "clinic": lambda v: isinstance(v, dict), "catalog": _optional(_hex)}
_CLINIC_FIELDS: dict[str, Callable[[Any], bool]] = {
    "digest": _hex, "paper": _optional(lambda v: v in ("letter", "a4")), "logo": _optional(_text),
    "placeholder": _optional(lambda v: type(v) is int and v > 0), "strict": lambda v: type(v) is bool,
    "country": _optional(_pattern(re.compile(r"[A-Z]{2}"))),
    "formats": _optional(lambda v: isinstance(v, list) and all(f in FORMATS for f in v))}
_FILE_FIELDS: dict[str, Callable[[Any], bool]] = {
    "handout": _optional(_slug), "format": lambda v: v in (*FORMATS, "html", "json"), "digest": _optional(_hex),
    "size": _count, "pages": _optional(_count), "layout": _optional(_pattern(LAYOUT_NAME)),
    "paper": _optional(lambda v: v in ("letter", "a4")), "sha256": _optional(_hex)}
_HANDOUT_FIELDS: dict[str, Callable[[Any], bool]] = {
    "source": _text, "slug": _slug, "title": _text, "subtitle": _optional(_text), "summary": _text,
    "language": _language, "reviewed": _iso_date, "translation_of": _optional(_slug),
    "reading_level": lambda v: isinstance(v, list) and all(map(_score, v)),
    "prescreen": lambda v: isinstance(v, list) and all(map(_prescreen_score, v))}
_SOURCE_FIELDS: dict[str, Callable[[Any], bool]] = {
    "digest": _hex, "slug": _slug, "language": _language, "title": _text, "translation_of": _optional(_slug),
    "pictures": lambda v: isinstance(v, list) and all(map(_text, v))}


def claim(output_dir: Path, files: dict[str, FileRecord]) -> None:
    """Note, durably, that plainleaf is about to write these files (name → the record of what it writes, with its
    size and SHA-256), before writing them: a build killed between the rename and the manifest still knows they
    are plainleaf's, and a file someone changed since is not."""
    output_dir.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(output_dir / CLAIMS_FILE, flags, 0o644)  # never through a link: it would write outside
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.writelines(f"{name}\t{record.handout or ''}\t{record.size}\t{record.sha256}\n"
                          for name, record in files.items())
        handle.flush()
        os.fsync(handle.fileno())


def save_manifest(output_dir: Path, manifest: Manifest) -> None:
    """Write the manifest atomically (after the outputs it describes), then forget the claims it now covers."""
    write_together({output_dir / MANIFEST_FILE: manifest.serialized()}, output_dir)
    (output_dir / CLAIMS_FILE).unlink(missing_ok=True)
