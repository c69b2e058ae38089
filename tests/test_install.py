"""plainleaf as a user installs it: the wheel, in a fresh virtual environment, used from a folder outside the
repository with the `plainleaf` command.

The wheel is built and installed without the network (a user's network, or CI's, may be blocked): the build uses
the installed setuptools, and the virtual environment sees the dependencies that the README's install command put
in this Python's site-packages. That Python may also hold an editable plainleaf (pointing at a checkout), so the
test checks that the `plainleaf` it runs is the wheel's, and test_every_import_is_a_declared_dependency checks
what the shared site-packages would otherwise hide: an import of a package the wheel does not ask for.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT

# what a checkout holds that is not part of the source: never copied into the wheel's build
NOT_ANYWHERE = shutil.ignore_patterns(".git", "*.egg-info", "__pycache__", ".*cache", ".hypothesis", "*.pyc")
NOT_AT_THE_TOP = {"output", "build", "dist"}  # plainleaf/build/ is source


def not_source(folder: str, names: list[str]) -> set[str]:
    return NOT_ANYWHERE(folder, names) | (NOT_AT_THE_TOP & set(names) if Path(folder) == ROOT else set())


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def user_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment a user's shell has: no PYTHONPATH (which would put a checkout first), pip offline."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_"))}
    return {**env, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "NO_COLOR": "1",
            "HOME": str(tmp_path_factory.mktemp("home"))}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory, user_env: dict[str, str]) -> Path:
    """The wheel, built from a copy of the checkout (a build writes build/ and *.egg-info beside its sources)."""
    source = tmp_path_factory.mktemp("source") / "plainleaf"
    shutil.copytree(ROOT, source, ignore=not_source)
    dist = source.parent / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(source)],
        source.parent, user_env)
    (built,) = dist.glob("plainleaf-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, wheel: Path, user_env: dict[str, str]) -> Path:
    """A fresh virtual environment with the wheel installed; returns its bin folder."""
    home = tmp_path_factory.mktemp("venv") / "env"
    venv.create(home, system_site_packages=True, with_pip=False)
    python = home / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--force-reinstall",
         str(wheel)], home, user_env)
    return home / "bin"


def test_the_wheel_holds_the_code_layouts_fonts_and_the_files_plainleaf_new_writes(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    code = {f"plainleaf/{p.relative_to(ROOT / 'plainleaf').as_posix()}" for p in (ROOT / "plainleaf").rglob("*.py")}
    assert code - names == set()  # a new subpackage must be listed in pyproject.toml's packages
    for layout in (ROOT / "layouts").rglob("*"):
        if layout.is_file():
            assert f"plainleaf/layouts/{layout.relative_to(ROOT / 'layouts').as_posix()}" in names
    assert {f"plainleaf/fonts/{font.name}" for font in (ROOT / "fonts").iterdir()} <= names
    assert {"plainleaf/scaffold/clinic.yaml", "plainleaf/help/handouts.md", "plainleaf/locale/es.po",
            "plainleaf/scaffold/example-hand-washing/images/soap-and-water.svg"} <= names


def test_the_wheel_asks_for_every_dependency_plainleaf_needs(installed: Path, user_env: dict[str, str]):
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(installed / "python"), "check"],
                          capture_output=True, text=True, env=user_env)
    assert not [line for line in done.stdout.splitlines() if line.startswith("plainleaf ")], done.stdout


def test_a_new_user_makes_a_clinic_folder_and_builds_it_outside_the_repository(installed: Path, tmp_path: Path,
                                                                                user_env: dict[str, str]):
    """`plainleaf new /tmp/clinic && cd /tmp/clinic && plainleaf build`, with the wheel's plainleaf."""
    env = {**user_env, "PATH": f"{installed}{os.pathsep}{user_env.get('PATH', '')}"}
    where = run(["python", "-c", "import plainleaf; print(plainleaf.__file__)"], tmp_path, env).stdout.strip()
    assert Path(where).is_relative_to(installed.parent), f"not the wheel's plainleaf: {where}"

    made = run(["plainleaf", "new", "clinic"], tmp_path, env)
    clinic = tmp_path / "clinic"
    assert "handouts/clinic.yaml" in made.stdout
    checked = run(["plainleaf", "check"], clinic, env)
    assert "0 errors" in checked.stdout
    built = run(["plainleaf", "build"], clinic, env)
    output = clinic / "output" / "example-hand-washing"
    assert (output / "example-hand-washing-large-print-letter.pdf").read_bytes().startswith(b"%PDF")
    assert zipfile.ZipFile(output / "example-hand-washing.epub").read("mimetype") == b"application/epub+zip"
    assert built.stderr.count("warning[clinic.placeholder]") == 1
    assert "handouts/clinic.yaml:" in built.stderr

    assert run(["python", "-m", "plainleaf", "--version"], clinic, env).stdout.startswith("plainleaf ")
    assert "large-print" in run(["plainleaf", "layouts"], clinic, env).stdout
    assert "## The handout format" in run(["plainleaf", "help", "handouts"], clinic, env).stdout


def _imported_packages() -> set[str]:
    """The top-level names of every module plainleaf's code imports, anywhere in a file."""
    names = set()
    for path in (ROOT / "plainleaf").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"plainleaf"}


OPTIONAL = {"dask": "dask", "distributed": "dask"}  # module → the extra that installs it (--executor dask)


def test_every_import_is_a_declared_dependency():
    """The venv above sees this Python's packages, so an undeclared dependency would pass there: look here."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(r) for r in project["dependencies"]}
    distributions = importlib.metadata.packages_distributions()
    for module in sorted(_imported_packages()):
        owners = {_name(d) for d in distributions.get(module, [])}
        if module in OPTIONAL:  # imported only when asked for
            assert OPTIONAL[module] in project["optional-dependencies"], module
            continue
        assert owners & _with_their_dependencies(declared), f"plainleaf imports {module!r}, which no declared " \
                                                            f"dependency provides ({owners or 'not installed'})"


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _with_their_dependencies(names: set[str]) -> set[str]:
    """The declared distributions and everything they require (markupsafe comes with Jinja2, tinyhtml5 with
    WeasyPrint): importing those is relying on a dependency's own promise."""
    seen, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        todo += [_name(r) for r in requires if "extra ==" not in r]
    return seen


def test_the_layouts_and_fonts_are_found_in_the_package_first_then_in_a_checkout(tmp_path: Path, monkeypatch, capsys):
    from plainleaf.cli.command import main
    from plainleaf.source import resources

    package = tmp_path / "site-packages" / "plainleaf"
    package.mkdir(parents=True)
    (tmp_path / "site-packages" / "layouts" / "_base").mkdir(parents=True)  # not plainleaf's: no pyproject.toml
    (tmp_path / "site-packages" / "fonts").mkdir()
    monkeypatch.setattr(resources, "PACKAGE", package)
    assert main(["layouts"]) == 1
    assert "plainleaf: error: plainleaf's layouts and fonts are missing from" in capsys.readouterr().err
    (package / "layouts" / "_base").mkdir(parents=True)
    (package / "fonts").mkdir()
    assert resources.Resources.bundled() == resources.Resources(package / "layouts", package / "fonts")
    assert resources.bundled_root() == package
