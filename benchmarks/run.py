"""Speed of ``juesuan check`` against a bare read-and-tokenize baseline.

One command, from the repository root::

    python benchmarks/run.py            # the examples and ../shared/seeds, 20 rounds
    python benchmarks/run.py -n 50      # more rounds
    python benchmarks/run.py FILE...    # your own text/Word files

Both sides run in this one process on one core (the process is pinned to a
single CPU where the OS allows it), on the same files, after a warm-up round
that is reported separately (imports, lexicon and catalog loading):

* **check** — ``juesuan.pipeline.analyze(path)``: read, extract, every rule.
  The rendering is left out: it is a few percent of the time.
* **baseline** — what any tool must do at least: read the bytes, decode them,
  split the lines and scan every number with a regex.

It prints documents per second for both and how many times slower ``check``
is than the baseline, by the wall clock and by the process's CPU time (on a
core shared with other work, the CPU time is what the core gives when free).  PDF slot: when ``juesuan.readers.pdf`` is importable
and ``../shared/fixtures/*.pdf`` exist, ``check`` on those PDFs is measured
against pdfplumber's bare text extraction of the same files
(``page.extract_text()`` on every page); it is skipped, with a message, when
either is missing.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?")


def pin_one_core() -> str:
    """Run on one CPU so the figure means 'per core'; say which."""
    if hasattr(os, "sched_setaffinity"):
        try:
            cpu = min(os.sched_getaffinity(0))
            os.sched_setaffinity(0, {cpu})
            return f"pinned to CPU {cpu}"
        except OSError:
            pass
    return "not pinned (one thread)"


def default_text_files() -> list[Path]:
    files = sorted((ROOT / "examples").glob("*.txt"))
    files += sorted((SHARED / "seeds").glob("*.txt"))
    return files


def baseline_one(path: Path) -> int:
    """Read, decode, split into lines, scan numbers: the floor of any checker."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    count = 0
    for line in text.splitlines():
        count += len(NUMBER.findall(line))
    return count


def time_rounds(fn, files, rounds: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds per round (one pass over all files), for each round."""
    wall, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        for f in files:
            fn(f)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def report_line(label: str, files: int, times: tuple[list[float], list[float]]) -> tuple[float, float]:
    """Print a side's rates; return its median wall-clock and CPU seconds per round."""
    wall, cpu = times
    median, cpu_median = statistics.median(wall), statistics.median(cpu)
    print(f"  {label:<10} {files / median:10.1f} docs/s   median {median / files * 1000:8.2f} ms/doc"
          f"   best {min(wall) / files * 1000:8.2f} ms/doc   CPU time: {files / cpu_median:8.1f} docs/s")
    return median, cpu_median


def bench_text(files: list[Path], rounds: int) -> None:
    from juesuan.pipeline import analyze

    start = time.perf_counter()
    warm = [analyze(str(f)) for f in files]
    cold = time.perf_counter() - start
    problems = [r for r in warm if r.error]
    total_kb = sum(f.stat().st_size for f in files) / 1024
    print(f"text/Word: {len(files)} files ({total_kb:.0f} KiB), {rounds} rounds")
    for r in problems:
        print(f"  note: {r.path}: {r.error}")
    print(f"  warm-up round (imports, lexicon): {cold * 1000:.0f} ms")
    base, _ = report_line("baseline", len(files), time_rounds(baseline_one, files, rounds))
    check, check_cpu = report_line("check", len(files), time_rounds(lambda f: analyze(str(f)), files, rounds))
    print(f"  ratio check/baseline: {check / base:.0f}× the time of reading and tokenizing")
    print(f"  => check: {len(files) / check:.1f} documents/s on one core "
          f"({len(files) / check_cpu:.1f} by this process's CPU time)")


def bench_pdf(files: list[Path], rounds: int) -> None:
    try:
        import juesuan.readers.pdf  # noqa: F401
    except Exception as exc:  # noqa: BLE001 — any import failure means "no PDF reader"
        print(f"PDF: skipped — the PDF reader is not available ({type(exc).__name__}: {exc})")
        return
    if not files:
        print(f"PDF: skipped — no PDF fixtures in {SHARED / 'fixtures'}")
        return
    try:
        import pdfplumber
    except ImportError:
        print("PDF: skipped — pdfplumber (the baseline) is not installed: pip install pdfplumber")
        return
    from juesuan.pipeline import analyze

    def plumber(path: Path) -> int:
        with pdfplumber.open(path) as pdf:
            return sum(len(page.extract_text() or "") for page in pdf.pages)

    for r in (analyze(str(f)) for f in files):
        if r.error:
            print(f"  note: {r.path}: {r.error}")
    pages = 0
    for f in files:
        with pdfplumber.open(f) as pdf:
            pages += len(pdf.pages)
    print(f"PDF: {len(files)} files ({pages} pages), {rounds} rounds")
    base, _ = report_line("pdfplumber", len(files), time_rounds(plumber, files, rounds))
    check, _ = report_line("check", len(files), time_rounds(lambda f: analyze(str(f)), files, rounds))
    print(f"  ratio check/pdfplumber text: {check / base:.2f} "
          f"(check reads, extracts and checks in {check / base:.0%} of pdfplumber's time for the text alone)")
    print(f"  => check: {len(files) / check:.1f} PDF documents/s, {pages / check:.0f} pages/s on one core")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="text/Word files (default: examples and seeds)")
    parser.add_argument("-n", "--rounds", type=int, default=20, help="rounds over the files (default 20)")
    parser.add_argument("--pdf-rounds", type=int, default=3, help="rounds over the PDFs (default 3)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF slot")
    args = parser.parse_args(argv)

    files = args.files or default_text_files()
    if not files:
        print("no input files", file=sys.stderr)
        return 2
    pinned = pin_one_core()
    print(f"juesuan benchmark · Python {platform.python_version()} · {platform.machine()} · {pinned}")
    bench_text(files, args.rounds)
    if not args.no_pdf:
        bench_pdf(sorted((SHARED / "fixtures").glob("*.pdf")), args.pdf_rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
