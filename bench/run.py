#!/usr/bin/env python3
"""Benchmark (not a test): plainleaf against the peer pipeline, in the same run. `python3 bench/run.py [--size 200]
[--runs 5] [--quick]`; `source /opt/pltools/env.sh` first puts pandoc on PATH.

The peer pipeline is what a user would otherwise script for a handout: `pandoc → EPUB 3`, then `pandoc → HTML →
weasyprint --pdf-variant pdf/ua-1` with a large-print stylesheet (18 pt body, letter paper, the bundled fonts), so
the pages are comparable. Measured on the example handout, and on a synthetic collection made from it (varied
lengths): every row of issue 18's table as a ratio, pages per second, and the figures behind them. Without pandoc
the rows that compare with it say so, and the others are still measured. `--quick` is a tiny run, for a test.
Both pipelines run as on a machine after its first build: one warm-up run each, not counted, with Python's
bytecode and plainleaf's user cache in folders of the run's own (as_installed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "handouts" / "neuroendocrine-tumors"
CLINIC = ROOT / "handouts" / "clinic.yaml"
GENERATE = ROOT / "generate.py"
FONTS = ROOT / "fonts"
FONT_FILES = {("normal", "normal"): "AtkinsonHyperlegible-Regular.ttf",
              ("bold", "normal"): "AtkinsonHyperlegible-Bold.ttf",
              ("normal", "italic"): "AtkinsonHyperlegible-Italic.ttf",
              ("bold", "italic"): "AtkinsonHyperlegible-BoldItalic.ttf"}  # as plainleaf/fonts.py names them
# the peer's stylesheet: the large-print layout's sizes (layouts/large-print/layout.yaml) on letter paper
PEER_CSS = """{faces}
@page {{ size: letter; margin: 1in; font-family: "Atkinson Hyperlegible"; font-size: 18pt; }}
html {{ font-family: "Atkinson Hyperlegible"; font-size: 18pt; line-height: 1.5; }}
h1 {{ font-size: 28pt; }} h2 {{ font-size: 24pt; }} h3 {{ font-size: 20pt; }}
img, svg {{ max-width: 100%; }}
"""


@dataclass(frozen=True)
class Run:
    seconds: float  # wall clock
    cpu: float  # user + system time of the process and every child it waited for
    peak_mb: float  # the largest resident memory of the process or of any of its children


def timed(command: list[str], env: dict[str, str] | None = None) -> Run:
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: the command never blocks on a full pipe
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{errors.read().decode(errors='replace')}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def run_all(commands: list[list[str]]) -> Run:
    """The commands one after another: the sums of their times, the largest of their peaks."""
    runs = [timed(c) for c in commands]
    return Run(sum(r.seconds for r in runs), sum(r.cpu for r in runs), max(r.peak_mb for r in runs))


def make_collection(folder: Path, count: int) -> Path:
    """`count` handouts from the example: each keeps the opening section, then a random choice of the others
    (some twice), so lengths vary from about a third to about twice the example."""
    text = (EXAMPLE / "handout.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    first, *sections = re.split(r"(?m)^(?=## )", body.strip() + "\n")
    handouts = folder / "handouts"
    for n in range(count):
        rng = random.Random(n)
        chosen = rng.sample(sections, rng.randint(2, len(sections))) + rng.sample(sections, rng.randint(0, 4))
        slug = f"handout-{n:03d}"
        shutil.copytree(EXAMPLE / "images", handouts / slug / "images")
        title = re.sub(r"(?m)^title: (.*)$", rf"title: \1 ({n + 1})", front, count=1)
        title += "reading_level: 10\n"  # repeated sections push SMOG a little over the example's 8
        (handouts / slug / "handout.md").write_text(f"---\n{title}---\n{first}\n" + "\n".join(chosen),
                                                    encoding="utf-8")
    shutil.copy(CLINIC, handouts / "clinic.yaml")
    return handouts


def one_handout(folder: Path) -> Path:
    """The example handout alone in a collection folder, with the clinic file."""
    shutil.copytree(EXAMPLE, folder / "handouts" / EXAMPLE.name)
    shutil.copy(CLINIC, folder / "handouts" / "clinic.yaml")
    return folder / "handouts" / EXAMPLE.name


def build(handouts: Path, output: Path, *extra: str) -> Run:
    return timed([sys.executable, str(GENERATE), "build", str(handouts), "--output", str(output), "--quiet", *extra])


def pdf_pages(output: Path) -> int:
    catalog = json.loads((output / "catalog.json").read_text())
    return sum(f["pages"] for h in catalog["handouts"] for f in h["files"] if f["format"] == "pdf")


class Peer:
    """The peer pipeline, one process per step as a user scripts it: pandoc → EPUB 3; pandoc → HTML; WeasyPrint's
    command (the same WeasyPrint as plainleaf's) → PDF/UA-1 with the large-print stylesheet."""

    def __init__(self, pandoc: str, scratch: Path):
        self.pandoc, self.scratch = pandoc, scratch
        scratch.mkdir(parents=True, exist_ok=True)
        faces = "\n".join(f'@font-face {{ font-family: "Atkinson Hyperlegible"; font-weight: {weight}; font-style: '
                          f'{style}; src: url("{(FONTS / file).as_uri()}"); }}'
                          for (weight, style), file in FONT_FILES.items())
        self.css = scratch / "large-print.css"
        self.css.write_text(PEER_CSS.format(faces=faces), encoding="utf-8")

    def commands(self, source: Path, out: Path) -> list[list[str]]:
        name, folder = source.parent.name, source.parent
        fonts = [f"--epub-embed-font={FONTS / file}" for file in FONT_FILES.values()]
        return [[self.pandoc, str(source), "-o", str(out / f"{name}.epub"), "--resource-path", str(folder), *fonts],
                # linked, the stylesheet replaces pandoc's own (its 36em column and 50px padding)
                [self.pandoc, str(source), "-s", "--css", self.css.as_uri(), "-o", str(out / f"{name}.html")],
                [sys.executable, "-m", "weasyprint", "--pdf-variant", "pdf/ua-1", "-u", folder.as_uri() + "/",
                 str(out / f"{name}.html"), str(out / f"{name}.pdf")]]

    def run(self, sources: list[Path], label: str) -> Run:
        out = Path(tempfile.mkdtemp(prefix=f"{label}-", dir=self.scratch))
        return run_all([c for s in sources for c in self.commands(s, out)])

    def pages(self, sources: list[Path]) -> int:
        import pikepdf

        out = Path(tempfile.mkdtemp(prefix="pages-", dir=self.scratch))
        for source in sources:
            run_all(self.commands(source, out)[1:])
        return sum(len(pikepdf.open(p).pages) for p in out.glob("*.pdf"))


# --- measured inside a fresh interpreter: `bench/run.py --inside WHAT ...` ---

def inside_weasyprint_floor(handouts: str, output: str) -> None:
    """Build the collection in this process (`--jobs 1`) and, each time plainleaf writes a PDF, lay out the very
    HTML it laid out last and write it once more as WeasyPrint alone would: the CPU time of those, per handout."""
    sys.path.insert(0, str(ROOT))
    import weasyprint
    from weasyprint.document import Document

    from plainleaf.build.executors import InProcess
    from plainleaf.build.run import BuildOptions, build

    render, write = weasyprint.HTML.render, Document.write_pdf
    floor = [0.0]

    def remembering_render(self, *args, **kwargs):
        document = render(self, *args, **kwargs)
        document.bench_source = (self, args, kwargs)
        return document

    def timing_write(self, *args, **kwargs):
        html, render_args, render_kwargs = self.bench_source
        start = time.process_time()
        write(render(html, *render_args, **render_kwargs), *args, **kwargs)
        floor[0] += time.process_time() - start
        return write(self, *args, **kwargs)

    weasyprint.HTML.render, Document.write_pdf = remembering_render, timing_write
    result = build([Path(handouts)], None, BuildOptions(output_dir=Path(output), jobs=1), executor=InProcess())
    assert result.ok, [str(e) for e in result.errors]
    print(json.dumps({"floor_cpu": floor[0], "handouts": len(result.built)}))


def inside_review(handouts: str) -> None:
    """The review of each handout after the first (start-up: imports, the language data): milliseconds each."""
    sys.path.insert(0, str(ROOT))
    from plainleaf.check.review import review_handout
    from plainleaf.source.layout import load_layout
    from plainleaf.source.parse import parse_handout
    from plainleaf.source.resources import Resources

    resources = Resources.bundled()
    layouts = [load_layout("large-print", resources)]
    sources = sorted(Path(handouts).glob("*/handout.md"))
    parsed = [parse_handout(s) for s in sources]
    times = []
    for handout in parsed:
        start = time.perf_counter()
        review_handout(handout, resources.fonts_dir, True, layouts=layouts)
        times.append(time.perf_counter() - start)
    print(json.dumps({"start_ms": times[0] * 1000, "ms": [t * 1000 for t in times[1:]]}))


def inside_worker_start() -> None:
    """What a worker does before its first task (plainleaf.build.jobs.prepare_worker): import the stages and
    WeasyPrint, read the language data."""
    sys.path.insert(0, str(ROOT))
    from plainleaf.build.jobs import prepare_worker

    prepare_worker()


INSIDE: dict[str, Callable[..., None]] = {"weasyprint-floor": inside_weasyprint_floor, "review": inside_review,
                                          "worker-start": inside_worker_start}


def inside(what: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--inside", what, *args], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench/run.py --inside {what} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else {}


# --- the report ---

def machine() -> str:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines() if shutil.which(
        "lscpu") else []
    model = next((line.split(":", 1)[1].strip() for line in lscpu if line.startswith("Model name")), platform.machine())
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "0") if Path("/proc/meminfo").exists() else "0"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"nproc {os.cpu_count()} ({model}), {int(memory) / 1024 / 1024:.0f} GiB memory, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}; load average {load:.1f} at the start")


def as_installed(scratch: Path) -> None:
    """Every process from here on runs as on a user's machine after its first build: Python writes bytecode (a
    machine may switch that off, which would charge plainleaf's modules, compiled from source every run, and not
    WeasyPrint's, which pip compiled), to a folder of the run's own, and plainleaf keeps its user cache (compiled
    templates, parsed hyphenation patterns) in another, so the run reads and writes nothing of the machine's."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(scratch / "bytecode")
    os.environ["XDG_CACHE_HOME"] = str(scratch / "cache")


def commit() -> str:
    done = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def median_run(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]


def row(measure: str, value: str, target: str, met: bool | None) -> str:
    verdict = "" if met is None else (" met" if met else " NOT met")
    return f"| {measure} | {value} | {target}{verdict} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200, help="handouts in the collection (200)")
    parser.add_argument("--runs", type=int, default=5, help="cold runs of the one handout, each (median)")
    parser.add_argument("--speedup-size", type=int, default=50, help="handouts built with --jobs 1 too (50)")
    parser.add_argument("--quick", action="store_true", help="a tiny run (2 handouts, 1 run each), for a test")
    parser.add_argument("--inside", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        INSIDE[args.inside[0]](*args.inside[1:])
        return 0
    size, runs, speedup_size = (2, 1, 2) if args.quick else (args.size, args.runs, min(args.speedup_size, args.size))
    cores = os.cpu_count() or 1
    print(f"plainleaf commit {commit()}; {machine()}")
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("PANDOC IS MISSING: pandoc is not on PATH, so the peer pipeline cannot run and the rows that compare "
              "with it are left out (source /opt/pltools/env.sh, or install pandoc, and run again)")
    else:
        version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
        print(f"peer pipeline: {version}, WeasyPrint from {sys.executable} -m weasyprint")
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="plainleaf-bench-") as tmp:
        scratch = Path(tmp)
        as_installed(scratch)
        peer = Peer(pandoc, scratch / "peer") if pandoc else None

        # one handout, cold: a new output folder each time; the two alternate, so that drift hits both
        source = one_handout(scratch / "one") / "handout.md"
        build(source.parent, scratch / "one" / "warm-up")  # not counted: it compiles and caches as an install has
        if peer:
            peer.run([source], "warm-up")
        ours, theirs = [], []
        for n in range(runs):
            ours.append(build(source.parent, scratch / "one" / f"out-{n}"))
            if peer:
                theirs.append(peer.run([source], "one"))
        one, one_pages = median_run(ours), pdf_pages(scratch / "one" / "out-0")
        print(f"\none handout ({EXAMPLE.name}, {one_pages} large-print pages), cold, median of {runs}: plainleaf "
              f"{one.seconds:.2f} s" + (f", peer {median_run(theirs).seconds:.2f} s" if peer else ""))
        if peer:
            ratio = one.seconds / median_run(theirs).seconds
            rows.append(row("one handout cold (PDF + EPUB), plainleaf ÷ peer pipeline", f"{ratio:.2f}×", "≤ 1.3×",
                            ratio <= 1.3))
        else:
            rows.append(row("one handout cold (PDF + EPUB), plainleaf ÷ peer pipeline", "pandoc missing", "≤ 1.3×",
                            None))

        # the collection
        handouts = make_collection(scratch / "collection", size)
        sources = sorted(handouts.glob("*/handout.md"))
        output = scratch / "collection" / "output"
        cold = build(handouts, output, "--jobs", str(cores))
        pages = pdf_pages(output)
        print(f"\n{size} handouts ({pages} large-print PDF pages, an EPUB each), cold, --jobs {cores}: "
              f"{cold.seconds:.1f} s wall, {cold.cpu:.1f} s CPU, {pages / cold.seconds:.1f} PDF pages/s; peak memory "
              f"of a process {cold.peak_mb:.0f} MB")
        floor = inside("weasyprint-floor", str(handouts), str(scratch / "collection" / "floor"))
        floor_each, cpu_each = floor["floor_cpu"] / floor["handouts"], cold.cpu / size
        print(f"  plainleaf CPU per handout {cpu_each:.2f} s; WeasyPrint alone, laying out and writing the same "
              f"HTML once: {floor_each:.2f} s")
        ratio = cpu_each / floor_each
        rows.append(row(f"plainleaf CPU per handout ÷ WeasyPrint's own render + write of the same HTML, in a "
                        f"{size}-handout build", f"{ratio:.2f}×", "≤ 1.25×", ratio <= 1.25))
        if peer:
            serial = peer.run(sources, "collection")
            peer_pages = peer.pages(sources[: max(1, size // 10)]) * size / max(1, size // 10)
            print(f"  peer pipeline, one handout after another: {serial.seconds:.1f} s wall, about "
                  f"{peer_pages / serial.seconds:.1f} PDF pages/s (its pages: {peer_pages:.0f}, from every tenth)")
            ratio = cold.seconds / serial.seconds
            rows.append(row(f"{size} handouts, wall per handout, plainleaf on {cores} cores ÷ the peer pipeline "
                            "run one handout after another", f"{ratio:.2f}×", "≤ 0.5×", ratio <= 0.5))
        else:
            rows.append(row(f"{size} handouts, wall per handout, plainleaf on {cores} cores ÷ the peer pipeline",
                            "pandoc missing", "≤ 0.5×", None))

        review = inside("review", str(handouts))
        review_ms = statistics.median(review["ms"]) if review["ms"] else review["start_ms"]
        print(f"  review: the first {review['start_ms']:.0f} ms (start-up included), then median {review_ms:.1f} ms, "
              f"largest {max(review['ms'], default=review_ms):.1f} ms")
        rows.append(row("plain-language review of one handout, after start-up", f"{review_ms:.1f} ms", "≤ 50 ms",
                        review_ms <= 50))

        start = median_run([timed([sys.executable, str(Path(__file__).resolve()), "--inside", "worker-start"])
                            for _ in range(max(3, runs))])
        print(f"  worker start-up (a fresh interpreter importing the stages and WeasyPrint, reading the language "
              f"data): {start.seconds:.2f} s wall, {start.cpu:.2f} s CPU")
        rows.append(row("worker start-up", f"{start.seconds:.2f} s", "≤ 1.5 s", start.seconds <= 1.5))

        changed = []
        for n in range(min(3, size)):
            path = sources[n]
            path.write_text(path.read_text(encoding="utf-8") + "\nCall us if you have questions.\n",
                            encoding="utf-8")
            changed.append(build(handouts, output, "--jobs", str(cores)))
        one_changed = median_run(changed)
        rows.append(row(f"rebuild after one handout.md changed, in a collection of {size}",
                        f"{one_changed.seconds:.2f} s", "≤ 3 s", one_changed.seconds <= 3))
        nothing = median_run([build(handouts, output, "--jobs", str(cores)) for _ in range(3)])
        rows.append(row(f"rebuild with nothing changed, {size} handouts", f"{nothing.seconds:.3f} s", "≤ 0.3 s",
                        nothing.seconds <= 0.3))
        rows.append(row("peak memory of a worker", f"{cold.peak_mb:.0f} MB", "≤ 300 MB", cold.peak_mb <= 300))
        rows.append(row(f"pages per second, {size} handouts cold, --jobs {cores}", f"{pages / cold.seconds:.1f}",
                        "", None))

        # the earlier targets, kept: the speed-up of more workers, and the start-up of the command
        part = make_collection(scratch / "speedup", speedup_size)
        serial = build(part, scratch / "speedup" / "serial", "--jobs", "1")
        parallel = build(part, scratch / "speedup" / "parallel", "--jobs", str(cores))
        speedup = serial.seconds / parallel.seconds
        print(f"  {speedup_size} handouts: --jobs 1 {serial.seconds:.1f} s, --jobs {cores} {parallel.seconds:.1f} s")
        rows.append(row(f"speed-up of {cores} workers over --jobs 1, {speedup_size} handouts", f"{speedup:.2f}×",
                        "≥ 1.7× on 2 cores", speedup >= 1.7 if cores == 2 else None))
        helps = median_run([timed([sys.executable, str(GENERATE), "--help"]) for _ in range(10)])
        rows.append(row("`generate.py --help`, median of 10", f"{helps.seconds:.3f} s", "< 0.3 s", helps.seconds < 0.3))
    print("\n| measure | now | target |\n| --- | --- | --- |")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
