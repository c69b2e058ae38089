"""Starting a clinic's own folder of handouts (`plainleaf new`) and a new handout in it (`plainleaf new-handout`),
from the files in plainleaf/scaffold/."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from ..build.plan import CLINIC_FILE
from ..errors import HandoutError, HandoutErrors
from ..source.editions import HANDOUT_FILE

SCAFFOLD = Path(__file__).parent.parent / "scaffold"
EXAMPLE = "example-hand-washing"
SCHEMAS = "schemas"  # the editor schemas, which clinic.yaml's first line names


def new_clinic(folder: Path) -> list[Path]:
    """A clinic folder: README.md, handouts/clinic.yaml (made-up details, a note on every key), the example handout
    and the editor schemas. `folder` must not exist yet, or be empty; returns the files made."""
    from ..source.schema import write_schemas

    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise HandoutErrors([HandoutError(folder, None, "the folder already exists and is not empty",
                                          "give the path of a new folder, e.g. plainleaf new my-clinic")])
    handouts = folder / "handouts"
    try:
        handouts.mkdir(parents=True, exist_ok=True)
        shutil.copy(SCAFFOLD / "README.md", folder / "README.md")
        shutil.copy(SCAFFOLD / CLINIC_FILE, handouts / CLINIC_FILE)
        shutil.copytree(SCAFFOLD / EXAMPLE, handouts / EXAMPLE, ignore=shutil.ignore_patterns(".*", "__pycache__"))
        write_schemas(folder / SCHEMAS)
    except OSError as exc:
        raise HandoutErrors([HandoutError(folder, None, f"cannot make the folder: {exc.strerror or exc}",
                                          "check that you may write there and that the disk has room")]) from None
    return sorted(path for path in folder.rglob("*") if path.is_file())


def new_handout(handouts: Path, slug: str, title: str | None = None, language: str = "en",
                today: dt.date | None = None) -> Path:
    """handouts/<slug>/handout.md with the keys a handout needs and notes on the others, ready to fill in."""
    import yaml

    from ..source.model import language_problem
    from ..source.parse import slug_problem

    errors = []
    if problem := slug_problem(slug):
        errors.append(HandoutError(None, None, f"{slug!r} cannot be a handout's name: {problem}",
                                   "the name becomes its folder's and its files' names, e.g. hand-washing"))
    if problem := language_problem(language):
        errors.append(HandoutError(None, None, f"--language: {problem}"))
    if not handouts.is_dir():
        errors.append(HandoutError(handouts, None, "there is no folder of handouts here",
                                   "run this in a clinic's folder (plainleaf new makes one), or give --handouts DIR"))
    elif (handouts / slug).exists():
        errors.append(HandoutError(handouts / slug, None, "a handout of that name already exists",
                                   "choose another name, or edit the one there"))
    if errors:
        raise HandoutErrors(errors)
    keys = {"title": title or slug.replace("-", " ").capitalize(), "language": language}
    front = yaml.safe_dump(keys, allow_unicode=True, sort_keys=False, width=1_000)
    text = (SCAFFOLD / "new-handout.md").read_text(encoding="utf-8").format(
        keys=front.rstrip("\n"), reviewed=(today or dt.date.today()).isoformat(), example=EXAMPLE)
    source = handouts / slug / HANDOUT_FILE
    try:
        source.parent.mkdir()
        source.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise HandoutErrors([HandoutError(source, None, f"cannot write the file: {exc.strerror or exc}")]) from None
    return source
