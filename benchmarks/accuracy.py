"""Accuracy on the shared corpus, and the speed of ``check`` on its PDFs.

One command, from the repository root (the shared workspace beside it)::

    python benchmarks/accuracy.py              # score, then time 5 rounds
    python benchmarks/accuracy.py --verbose    # also every unmatched finding and wrong figure
    python benchmarks/accuracy.py -n 0         # score only

1. ``juesuan check --format json`` (this checkout's code) runs on
   ``../shared/corpus/docs/*.pdf``, ``../shared/seeds/*.txt`` and the
   Shanghai fixture PDF in one call, as a user would run it (files of one
   disclosure checked together, cross-document rules); the JSON Lines go to
   ``benchmarks/results/accuracy.jsonl``.
2. ``../shared/tools/score.py`` scores them against ``../shared/corpus/gold``;
   its report (one line per document, then the totals) is printed as it is.
3. On the same PDFs, in the same process, pinned to one core: the time of
   ``check`` against pypdfium2's bare text extraction
   (``page.get_textpage().get_text_range()`` of every page), per document and
   in total, as a ratio; ``check`` here is ``juesuan.pipeline.analyze`` of
   the file (read, extract, every rule).  The target is ``check`` ≤ 3× the
   bare text.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RESULTS = ROOT / "benchmarks" / "results"
TARGET_RATIO = 3.0
sys.path.insert(0, str(ROOT / "src"))

from juesuan.pipeline import analyze  # noqa: E402
from run import pin_one_core  # noqa: E402 — benchmarks/run.py, beside this file


def corpus_files() -> list[Path]:
    """The files the project's accuracy is measured on, in the documented order."""
    return (sorted((SHARED / "corpus" / "docs").glob("*.pdf")) + sorted((SHARED / "seeds").glob("*.txt"))
            + [SHARED / "fixtures" / "shanghai-putuo-shgzb-2024.pdf"])


def write_json_lines(files: list[Path], out: Path) -> None:
    """``juesuan check --format json FILES`` of this checkout into ``out``; its
    messages (files it could not check) are shown."""
    out.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    with out.open("w", encoding="utf-8") as stream:
        done = subprocess.run([sys.executable, "-m", "juesuan", "check", "--format", "json", *map(str, files)],
                              stdout=stream, stderr=subprocess.PIPE, text=True, env=env, check=False)
    for line in done.stderr.splitlines():
        print(f"note: {line}")


def score(jsonl: Path, verbose: bool) -> int:
    command = [sys.executable, str(SHARED / "tools" / "score.py"), str(SHARED / "corpus" / "gold"), str(jsonl)]
    return subprocess.run(command + (["--verbose"] if verbose else []), check=False).returncode


def bare_text(path: Path) -> int:
    """pypdfium2's text of every page: the floor of any PDF reader."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        return sum(len(page.get_textpage().get_text_range()) for page in pdf)
    finally:
        pdf.close()


def seconds(fn, path: Path) -> float:
    start = time.perf_counter()
    fn(path)
    return time.perf_counter() - start


def time_pdfs(pdfs: list[Path], rounds: int, pinned: str) -> None:
    """Median seconds of each side per file, the two measured alternately."""
    check_times = {p: [] for p in pdfs}
    text_times = {p: [] for p in pdfs}
    for _ in range(rounds):
        for path in pdfs:
            text_times[path].append(seconds(bare_text, path))
            check_times[path].append(seconds(lambda p: analyze(str(p)), path))
    print(f"\nspeed: {len(pdfs)} PDFs, {rounds} rounds, medians; {pinned}")
    print(f"  {'document':<36} {'check ms':>9} {'text ms':>9} {'ratio':>6}")
    total_check = total_text = 0.0
    for path in pdfs:
        check, text = statistics.median(check_times[path]), statistics.median(text_times[path])
        total_check, total_text = total_check + check, total_text + text
        print(f"  {path.stem:<36} {check * 1000:9.1f} {text * 1000:9.1f} {check / text:6.2f}")
    ratio = total_check / total_text
    print(f"  {'all':<36} {total_check * 1000:9.1f} {total_text * 1000:9.1f} {ratio:6.2f}")
    verdict = "within" if ratio <= TARGET_RATIO else "above"
    print(f"check takes {ratio:.2f}× pypdfium2's bare text extraction ({verdict} the target of {TARGET_RATIO:g}×)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--rounds", type=int, default=5, help="timing rounds over the PDFs (0: no timing)")
    parser.add_argument("--verbose", action="store_true", help="score.py --verbose")
    parser.add_argument("--out", type=Path, default=RESULTS / "accuracy.jsonl", help="where the JSON Lines go")
    args = parser.parse_args(argv)

    needed = [SHARED / "corpus" / "gold", SHARED / "tools" / "score.py", *corpus_files()]
    missing = next((path for path in needed if not path.exists()), None)
    if missing:
        print(f"the shared corpus is not beside the repository: {missing} is missing", file=sys.stderr)
        return 2
    files = needed[2:]
    pinned = pin_one_core()
    write_json_lines(files, args.out)
    print(f"check --format json of {len(files)} files → {args.out}\n")
    status = score(args.out, args.verbose)
    if args.rounds > 0:
        time_pdfs([f for f in files if f.suffix == ".pdf"], args.rounds, pinned)
    return status


if __name__ == "__main__":
    sys.exit(main())
