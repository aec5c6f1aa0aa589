"""Instructions per text document of ``check``: the speed figure the machine's load does not move.

One command, from the repository root (needs valgrind)::

    python benchmarks/instructions.py            # the examples and ../shared/seeds
    python benchmarks/instructions.py FILE...    # your own text/Word files

``valgrind --tool=callgrind`` runs ``juesuan.pipeline.analyze`` over the files
twice: after a warm-up round (imports, lexicon and catalog loading), once with
no further round and once with ``--rounds`` rounds (``PYTHONHASHSEED=0``); the
difference, divided by the documents analysed, is the figure.  Run it against
another checkout with ``PYTHONPATH=/other/src`` to compare.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import default_text_files  # noqa: E402


def analyze_rounds(files: list[str], rounds: int) -> None:
    """The measured work: a warm-up round, then ``rounds`` rounds."""
    from juesuan.pipeline import analyze

    for _ in range(1 + rounds):
        for f in files:
            analyze(f)


def instructions(files: list[str], rounds: int) -> int:
    """Instructions callgrind counts for the whole process."""
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                          __file__, "--inside", str(rounds), *files],
                         env={**os.environ, "PYTHONHASHSEED": "0"}, capture_output=True, text=True, check=True)
    return int(re.search(r"Collected : (\d+)", out.stderr).group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="text/Word files (default: examples and seeds)")
    parser.add_argument("-n", "--rounds", type=int, default=2, help="measured rounds (default 2)")
    parser.add_argument("--inside", type=int, help=argparse.SUPPRESS)      # the run under valgrind
    args = parser.parse_args(argv)
    files = args.files or [str(f) for f in default_text_files()]
    if args.inside is not None:
        analyze_rounds(files, args.inside)
        return 0
    per_doc = (instructions(files, args.rounds) - instructions(files, 0)) / (args.rounds * len(files))
    print(f"check: {per_doc / 1e6:.1f} M instructions per document ({len(files)} files, {args.rounds} rounds, "
          f"callgrind, PYTHONHASHSEED=0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
