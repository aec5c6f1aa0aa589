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
   in total, as a ratio, measured by ``benchmarks/run.py``'s
   :func:`time_pdfs` (alternately, medians, OCR off); ``check`` here is
   ``juesuan.pipeline.analyze`` of the file (read, extract, every rule).
   The target is ``check`` ≤ 2.5× the bare text.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from run import PDF_TARGET_RATIO, pin_one_core, time_pdfs  # benchmarks/run.py, beside this file

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RESULTS = ROOT / "benchmarks" / "results"


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


def print_pdf_timing(pdfs: list[Path], rounds: int, pinned: str) -> None:
    """Per document and in total: ``check`` against the bare text, and their ratio."""
    timing = time_pdfs(pdfs, rounds)
    print(f"\nspeed: {len(pdfs)} PDFs ({timing.pages} pages), {rounds} rounds, medians, OCR off; {pinned}")
    print(f"  {'document':<36} {'check ms':>9} {'text ms':>9} {'ratio':>6}")
    for path in pdfs:
        check, text = timing.check[path], timing.text[path]
        print(f"  {path.stem:<36} {check * 1000:9.1f} {text * 1000:9.1f} {check / text:6.2f}")
    check, text = sum(timing.check.values()), sum(timing.text.values())
    print(f"  {'all':<36} {check * 1000:9.1f} {text * 1000:9.1f} {timing.ratio:6.2f}")
    verdict = "within" if timing.ratio <= PDF_TARGET_RATIO else "above"
    print(f"check takes {timing.ratio:.2f}× pypdfium2's bare text extraction "
          f"({verdict} the target of {PDF_TARGET_RATIO:g}×)")


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
        print_pdf_timing([f for f in files if f.suffix == ".pdf"], args.rounds, pinned)
    return status


if __name__ == "__main__":
    sys.exit(main())
