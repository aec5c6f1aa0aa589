"""Instructions per text document of ``check``: the speed figure the machine's load does not move.

One command, from the repository root (needs valgrind)::

    python benchmarks/instructions.py            # the examples and ../shared/seeds
    python benchmarks/instructions.py FILE...    # your own text/Word files
    python benchmarks/instructions.py --pdf      # check on the PDFs of benchmarks/run.py, and their bare text

``valgrind --tool=callgrind`` runs ``juesuan.pipeline.analyze`` over the files
twice: after a warm-up round (imports, lexicon and catalog loading), once with
no further round and once with ``--rounds`` rounds (``PYTHONHASHSEED=0``); the
difference, divided by the documents analysed, is the figure.  Each round starts
with the caches of document text emptied (``juesuan.memo.clear_content_caches``),
so the figure is that of documents never read before.  To compare with another
checkout, run that checkout's own copy of this script (it measures the
``src`` beside it, whatever ``PYTHONPATH`` says).

With ``--pdf`` the files are PDFs (by default those of the PDF slot of
``benchmarks/run.py``), ``check`` runs with OCR off, and pypdfium2's bare
text of the same files is counted the same way: the ratio of the two is the
PDF speed target of ``benchmarks/run.py`` in instructions, which the load
does not move.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import bare_text, default_text_files, pdf_files, text_layer_only  # noqa: E402

WORK = ("check", "bare-text")         # what a run under valgrind measures


def analyze_rounds(files: list[str], rounds: int, work: str = "check") -> None:
    """The measured work: a warm-up round, then ``rounds`` rounds, each as if no document
    had been read (the caches of document text emptied first)."""
    from juesuan.memo import clear_content_caches
    from juesuan.pipeline import analyze

    one = analyze if work == "check" else (lambda f: bare_text(Path(f)))
    with text_layer_only():
        for _ in range(1 + rounds):
            clear_content_caches()
            for f in files:
                one(f)


def instructions(files: list[str], rounds: int, work: str = "check") -> int:
    """Instructions callgrind counts for the whole process."""
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                          __file__, "--inside", str(rounds), "--work", work, *files],
                         env={**os.environ, "PYTHONHASHSEED": "0"}, capture_output=True, text=True, check=True)
    return int(re.search(r"Collected : (\d+)", out.stderr).group(1))


def per_document(files: list[str], rounds: int, work: str = "check") -> float:
    """Instructions per document of ``rounds`` rounds past the warm-up."""
    return (instructions(files, rounds, work) - instructions(files, 0, work)) / (rounds * len(files))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="text/Word files (default: examples and seeds)")
    parser.add_argument("-n", "--rounds", type=int, default=2, help="measured rounds (default 2)")
    parser.add_argument("--pdf", action="store_true", help="PDFs (default: those of benchmarks/run.py), "
                                                            "against their bare text")
    parser.add_argument("--inside", type=int, help=argparse.SUPPRESS)      # the run under valgrind
    parser.add_argument("--work", choices=WORK, default="check", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    files = args.files or [str(f) for f in (pdf_files() if args.pdf else default_text_files())]
    if args.inside is not None:
        analyze_rounds(files, args.inside, args.work)
        return 0
    per_doc = per_document(files, args.rounds)
    print(f"check: {per_doc / 1e6:.1f} M instructions per document ({len(files)} files, {args.rounds} rounds, "
          f"callgrind, PYTHONHASHSEED=0)")
    if args.pdf:
        bare = per_document(files, args.rounds, "bare-text")
        print(f"bare text: {bare / 1e6:.1f} M instructions per document; ratio check/bare text {per_doc / bare:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
