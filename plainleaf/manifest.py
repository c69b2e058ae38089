"""The build manifest in the output folder: which files plainleaf made there, what each was made from (a digest of
its inputs), and facts about each handout that the next build reuses instead of parsing it again."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import HandoutError, HandoutErrors
from .outputs import write_together

MANIFEST_FILE = ".plainleaf-manifest.json"
CLAIMS_FILE = ".plainleaf-manifest.claims"  # files about to be written, appended before they are renamed in place
FORMAT = 1


@dataclass
class FileRecord:
    """One file plainleaf made; `digest` None means made (or about to be) by a build that did not finish."""

    handout: str | None  # the handout's slug; None for the catalog's own files
    format: str  # pdf, epub, html or json
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
        """plainleaf made this file and nobody has changed it since (a claimed file's contents are unknown: it is
        trusted)."""
        record = self.files.get(name)
        if record is None:
            return False
        if record.sha256 is None:
            return True
        try:
            return hashlib.sha256((output_dir / name).read_bytes()).hexdigest() == record.sha256
        except FileNotFoundError:
            return True

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


def load_manifest(output_dir: Path) -> Manifest:
    """The manifest of `output_dir` (empty if there is none), with the claims of a build that stopped half-way:
    those files are plainleaf's but their contents are unknown, so they will be rebuilt."""
    path = output_dir / MANIFEST_FILE
    try:
        data = json.loads(path.read_bytes())
        manifest = Manifest(
            files={k: FileRecord(**v) for k, v in data["files"].items()},
            handouts={k: HandoutRecord(**v) for k, v in data["handouts"].items()},
            sources={k: SourceFacts(**v) for k, v in data["sources"].items()},
            clinic=data["clinic"], catalog=data["catalog"])
    except FileNotFoundError:
        manifest = Manifest()
    except (ValueError, KeyError, TypeError) as exc:
        raise HandoutErrors([HandoutError(path, None, f"plainleaf's record of the files it made is damaged ({exc})",
                                          "move the output folder away and build again")]) from None
    claims = output_dir / CLAIMS_FILE
    if claims.is_file():
        for line in claims.read_text(encoding="utf-8").splitlines():
            name, _, handout = line.partition("\t")
            record = manifest.files.get(name)
            manifest.files[name] = FileRecord(handout or None, record.format if record else Path(name).suffix[1:])
    return manifest


def claim(output_dir: Path, files: dict[str, str | None]) -> None:
    """Note, durably, that plainleaf is about to write these files (name → handout slug), before writing them: a
    build killed between the rename and the manifest still knows they are plainleaf's."""
    output_dir.mkdir(parents=True, exist_ok=True)
    with (output_dir / CLAIMS_FILE).open("a", encoding="utf-8") as handle:
        handle.writelines(f"{name}\t{handout or ''}\n" for name, handout in files.items())
        handle.flush()
        os.fsync(handle.fileno())


def save_manifest(output_dir: Path, manifest: Manifest) -> None:
    """Write the manifest atomically (after the outputs it describes), then forget the claims it now covers."""
    write_together({output_dir / MANIFEST_FILE: manifest.serialized()}, output_dir)
    (output_dir / CLAIMS_FILE).unlink(missing_ok=True)
