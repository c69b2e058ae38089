#!/usr/bin/env python3
"""Benchmark of library-scale builds (not a test): `python3 bench/run.py [--sizes 50 200] [--speedup-size 50]`.

Makes synthetic collections from the example handout (varied lengths) in a temporary folder, and times
`generate.py build` as a user runs it: cold, warm with no change, with one file changed, with `--jobs 1` against
every core; pages per second, the peak memory of the largest build process (a worker) and the speed-up. Then the
same content through pandoc (to EPUB; to HTML, then WeasyPrint to PDF) where pandoc is on PATH
(`source /opt/pltools/env.sh`), and the start-up time of `generate.py --help`.
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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "handouts" / "neuroendocrine-tumors"
CLINIC = ROOT / "handouts" / "clinic.yaml"
GENERATE = ROOT / "generate.py"


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float  # the largest resident memory of the build process or any of its workers


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


def timed(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Wall-clock time and peak memory (of the process and every worker it waited for) of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors}")
    return Run(seconds, usage.ru_maxrss / 1024)


def build(handouts: Path, output: Path, jobs: int, *extra: str) -> Run:
    return timed([sys.executable, str(GENERATE), "build", str(handouts), "--output", str(output), "--jobs",
                  str(jobs), "--quiet", *extra])


def pages(output: Path) -> tuple[int, int]:
    """Print pages in the catalog's PDFs, and the number of files."""
    catalog = json.loads((output / "catalog.json").read_text())
    files = [f for h in catalog["handouts"] for f in h["files"]]
    return sum(f["pages"] for f in files if f["format"] == "pdf"), len(files)


def pandoc_alternative(handouts: Path, scratch: Path) -> tuple[float, float, int] | None:
    """The obvious alternative: pandoc to EPUB, and pandoc to HTML then WeasyPrint (one process) to PDF."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None
    sources = sorted(handouts.glob("*/handout.md"))
    scratch.mkdir()
    start = time.perf_counter()
    for source in sources:
        subprocess.run([pandoc, str(source), "-o", str(scratch / f"{source.parent.name}.epub"),
                        "--resource-path", str(source.parent)], check=True, capture_output=True)
    epub_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for source in sources:
        subprocess.run([pandoc, str(source), "-s", "-o", str(scratch / f"{source.parent.name}.html")], check=True,
                       capture_output=True)
    script = ("import sys, weasyprint\n"
              "from pathlib import Path\n"
              "total = 0\n"
              "for html, base in zip(sys.argv[1::2], sys.argv[2::2]):\n"
              "    document = weasyprint.HTML(filename=html, base_url=base).render()\n"
              "    document.write_pdf(html[:-5] + '.pdf')\n"
              "    total += len(document.pages)\n"
              "print(total)\n")
    args = [a for s in sources for a in (str(scratch / f"{s.parent.name}.html"), str(s.parent) + "/")]
    done = subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True, text=True)
    pdf_seconds = time.perf_counter() - start
    return epub_seconds, pdf_seconds, int(done.stdout.strip())


def help_startup(times: int = 10) -> float:
    runs = []
    for _ in range(times):
        start = time.perf_counter()
        subprocess.run([sys.executable, str(GENERATE), "--help"], check=True, capture_output=True, cwd=ROOT)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def machine() -> str:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines() if shutil.which(
        "lscpu") else []
    model = next((line.split(":", 1)[1].strip() for line in lscpu if line.startswith("Model name")), platform.machine())
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "0") if Path("/proc/meminfo").exists() else "0"
    return (f"{os.cpu_count()} cores ({model}), {int(memory) / 1024 / 1024:.0f} GiB memory, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--speedup-size", type=int, default=50, help="the collection also built with --jobs 1")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    print(f"machine: {machine()}")
    print(f"generate.py --help: {help_startup():.3f} s (median of 10; target < 0.3 s)")
    with tempfile.TemporaryDirectory(prefix="plainleaf-bench-") as tmp:
        for size in args.sizes:
            folder = Path(tmp) / f"collection-{size}"
            handouts = make_collection(folder, size)
            output = folder / "output"
            speedup = size == args.speedup_size
            # this machine's speed varies from minute to minute: alternate the two settings, keep the best of each
            colds, serials = [build(handouts, output, cores)], []
            for n in range(2 if speedup else 0):
                serials.append(build(handouts, folder / f"serial-{n}", 1))
                if n == 0:
                    colds.append(build(handouts, folder / "cold-again", cores))
            cold = min(colds, key=lambda r: r.seconds)
            page_count, file_count = pages(output)
            warm = min((build(handouts, output, cores) for _ in range(3)), key=lambda r: r.seconds)
            changed = handouts / "handout-000" / "handout.md"
            changed.write_text(changed.read_text() + "\nCall us if you have questions.\n")
            one = build(handouts, output, cores)
            print(f"\n{size} handouts, {file_count} files (large-print letter PDF and EPUB each), {page_count} PDF "
                  "pages:")
            print(f"  cold, --jobs {cores}: {cold.seconds:.1f} s, {page_count / cold.seconds:.1f} PDF pages/s, "
                  f"peak memory of a process {cold.peak_mb:.0f} MB"
                  + (f" (best of {', '.join(f'{r.seconds:.1f}' for r in colds)})" if len(colds) > 1 else ""))
            print(f"  no change: {warm.seconds:.3f} s (best of 3)")
            print(f"  one handout changed: {one.seconds:.1f} s")
            if speedup:
                serial = min(serials, key=lambda r: r.seconds)
                print(f"  cold, --jobs 1: {serial.seconds:.1f} s, {page_count / serial.seconds:.1f} PDF pages/s, "
                      f"peak memory {serial.peak_mb:.0f} MB (best of {', '.join(f'{r.seconds:.1f}' for r in serials)})")
                print(f"  speed-up with {cores} workers: {serial.seconds / cold.seconds:.2f}x (target >= 1.7x on 2 "
                      "cores)")
                alternative = pandoc_alternative(handouts, folder / "pandoc")
                if alternative is None:
                    print("  pandoc: not on PATH (source /opt/pltools/env.sh), comparison skipped")
                else:
                    epub_s, pdf_s, pandoc_pages = alternative
                    print(f"  pandoc to EPUB: {epub_s:.1f} s; pandoc to HTML then WeasyPrint to PDF: {pdf_s:.1f} s "
                          f"({pandoc_pages} pages); together {epub_s + pdf_s:.1f} s, one process after another")
                    print(f"  plainleaf --jobs 1 / pandoc route: {serial.seconds / (epub_s + pdf_s):.2f}x the time "
                          f"(plainleaf also reviews the prose, mends and audits every PDF, and maps EPUB pages); "
                          f"--jobs {cores}: {cold.seconds / (epub_s + pdf_s):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
