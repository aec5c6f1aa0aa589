"""Speed of ``juesuan check`` against a bare read-and-tokenize baseline.

One command, from the repository root::

    python benchmarks/run.py            # the examples and ../shared/seeds, 20 rounds
    python benchmarks/run.py -n 50      # more rounds
    python benchmarks/run.py FILE...    # your own text/Word files
    python benchmarks/run.py --no-text  # the PDF slot alone (--no-pdf: the text slot alone)

Both sides run in this one process on one core (the process is pinned to a
single CPU where the OS allows it), on the same files, after a warm-up round
that is reported separately (imports, lexicon and catalog loading):

* **check** — ``juesuan.pipeline.analyze(path)``: read, extract, every rule.
  The rendering is left out: it is a few percent of the time.
* **unseen** — the same, each round starting with the caches of document text
  emptied (``juesuan.memo.clear_content_caches``: cells, row labels, 科目 names
  and lines remembered from earlier rounds): the speed on documents never read
  before, where repeated rounds would flatter it.
* **baseline** — what any tool must do at least: read the bytes, decode them,
  split the lines and scan every number with a regex.

It prints documents per second for both and how many times slower ``check``
is than the baseline, by the wall clock and by the process's CPU time (on a
core shared with other work, the CPU time is what the core gives when free).

PDF slot: ``check`` on the PDFs (``../shared/fixtures/*.pdf``, plus
``../shared/corpus/docs/*.pdf`` when present) against pypdfium2's bare text
of the same files (open, text page, ``get_text_range()`` of every page: the
floor of any PDF reader), the two measured alternately file by file in CPU
time, the medians summed, as a ratio (:func:`time_pdfs`, which
``benchmarks/accuracy.py`` uses too).  OCR is off for the timing: the bare
text reads no scanned page either (``benchmarks/ocr.py`` times OCR).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))     # this checkout's code, not an installed one
NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?")
PDF_TARGET_RATIO = 2.5     # check on PDFs at most this × pypdfium2's bare text (issue 13)


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


def time_rounds(fn, files, rounds: int, before_round=None) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds per round (one pass over all files), for each round;
    ``before_round()``, untimed, before each."""
    wall, cpu = [], []
    for _ in range(rounds):
        if before_round is not None:
            before_round()
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
    from juesuan.memo import clear_content_caches
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
    fresh, fresh_cpu = report_line("unseen", len(files), time_rounds(lambda f: analyze(str(f)), files, rounds,
                                                                     before_round=clear_content_caches))
    print(f"  ratio check/baseline: {check / base:.0f}× the time of reading and tokenizing")
    print(f"  => check: {len(files) / check:.1f} documents/s on one core "
          f"({len(files) / check_cpu:.1f} by this process's CPU time)")
    print(f"  => unseen: {len(files) / fresh:.1f} documents/s ({len(files) / fresh_cpu:.1f} by CPU time): "
          f"each round as if no document had been read (cells, labels and lines remembered\n"
          f"     from earlier rounds forgotten; a round's documents still share what they repeat)")


def bare_text(path: Path) -> int:
    """pypdfium2's text of every page: the floor of any PDF reader."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return sum(len(page.get_textpage().get_text_range()) for page in pdf)
    finally:
        pdf.close()


@contextmanager
def text_layer_only():
    """``check`` as if the OCR extra were not installed: a scanned page is
    left unread, as the bare text leaves it."""
    with mock.patch("juesuan.readers.ocr.available", return_value=False):
        yield


def seconds(fn, path: Path) -> float:
    """The CPU time of ``fn(path)``: what the core gives it, whatever else runs."""
    start = time.process_time()
    fn(path)
    return time.process_time() - start


@dataclass
class PdfTiming:
    """Median seconds per PDF of ``check`` and of the bare text, and the PDFs' pages."""

    check: dict[Path, float]
    text: dict[Path, float]
    pages: int

    @property
    def ratio(self) -> float:
        return sum(self.check.values()) / sum(self.text.values())


def time_pdfs(pdfs: list[Path], rounds: int) -> PdfTiming:
    """``check`` (``analyze``, OCR off) and the bare text of each PDF, measured
    alternately file by file after a warm-up round, in CPU time; the median of each per file."""
    import pypdfium2 as pdfium
    from juesuan.pipeline import analyze

    check_times: dict[Path, list[float]] = {p: [] for p in pdfs}
    text_times: dict[Path, list[float]] = {p: [] for p in pdfs}
    with text_layer_only():
        for path in pdfs:
            bare_text(path)
            result = analyze(str(path))
            if result.error:
                print(f"  note: {path.name}: {result.error}")
        for _ in range(rounds):
            for path in pdfs:
                text_times[path].append(seconds(bare_text, path))
                check_times[path].append(seconds(lambda p: analyze(str(p)), path))
    pages = 0
    for path in pdfs:
        pdf = pdfium.PdfDocument(str(path))
        pages += len(pdf)
        pdf.close()
    return PdfTiming({p: statistics.median(t) for p, t in check_times.items()},
                     {p: statistics.median(t) for p, t in text_times.items()}, pages)


def pdf_files() -> list[Path]:
    """The fixture PDFs, and the corpus PDFs when the shared corpus is beside the repository."""
    return sorted((SHARED / "fixtures").glob("*.pdf")) + sorted((SHARED / "corpus" / "docs").glob("*.pdf"))


def bench_pdf(files: list[Path], rounds: int) -> None:
    try:
        import juesuan.readers.pdf  # noqa: F401
    except Exception as exc:  # noqa: BLE001 — any import failure means "no PDF reader"
        print(f"PDF: skipped — the PDF reader is not available ({type(exc).__name__}: {exc})")
        return
    if not files:
        print(f"PDF: skipped — no PDFs in {SHARED / 'fixtures'} or {SHARED / 'corpus' / 'docs'}")
        return
    timing = time_pdfs(files, rounds)
    check, text = sum(timing.check.values()), sum(timing.text.values())
    print(f"PDF: {len(files)} files ({timing.pages} pages), {rounds} rounds, OCR off, CPU time, medians per file summed")
    print(f"  {'bare text':<10} {len(files) / text:10.1f} docs/s   {text * 1000:8.1f} ms   "
          f"{timing.pages / text:6.0f} pages/s   (pypdfium2: open, text page, get_text_range)")
    print(f"  {'check':<10} {len(files) / check:10.1f} docs/s   {check * 1000:8.1f} ms   "
          f"{timing.pages / check:6.0f} pages/s")
    print(f"  ratio check/bare text: {timing.ratio:.2f}× (target ≤ {PDF_TARGET_RATIO:g}×)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="text/Word files (default: examples and seeds)")
    parser.add_argument("-n", "--rounds", type=int, default=20, help="rounds over the files (default 20)")
    parser.add_argument("--pdf-rounds", type=int, default=5, help="rounds over the PDFs (default 5)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF slot")
    parser.add_argument("--no-text", action="store_true", help="skip the text/Word slot")
    args = parser.parse_args(argv)

    files = args.files or default_text_files()
    if not files:
        print("no input files", file=sys.stderr)
        return 2
    pinned = pin_one_core()
    print(f"juesuan benchmark · Python {platform.python_version()} · {platform.machine()} · {pinned}")
    if not args.no_text:
        bench_text(files, args.rounds)
    if not args.no_pdf:
        bench_pdf(pdf_files(), args.pdf_rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
