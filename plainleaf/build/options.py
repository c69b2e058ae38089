"""What a build is asked for: the command line's choices, as the plan and the run read them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..source.resources import Paper, Resources


@dataclass(frozen=True)
class BuildOptions:
    output_dir: Path = Path("output")
    layouts: Sequence[str] = ("large-print",)
    papers: Sequence[Paper] = ()  # empty: the clinic file's paper, else letter
    formats: Sequence[str] = ()  # empty: the clinic file's `formats:`, else pdf and epub
    resources: Resources = field(default_factory=Resources.bundled)
    jobs: int = 1  # worker processes; 1 builds in this process
    force: bool = False  # rebuild files that are up to date
    strict: bool = False  # plain-language warnings block a handout (as does the clinic file's `strict: true`)
    scheduler: str | None = None  # a Dask scheduler's address: run the tasks on that cluster
