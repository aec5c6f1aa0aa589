"""Accuracy: how many one-number damages of real disclosures ``check`` catches.

One command, from the repository root::

    python benchmarks/damage.py              # the seeds in ../shared/seeds
    python benchmarks/damage.py -n 200 FILE  # more damages, your own files

For each document, a fixed random sample of the money amounts and
percentages of its prose is taken; each is damaged on its own copy (the last
digit before the decimal point is shifted by 3, the layout kept), and the
copy is checked.  A damage counts as caught when the copy has an error or
warning finding the original has not.  The original's own findings are the
baseline measured in the same run.  Some damages are not provable by any
rule — a figure stated once and used nowhere, a rate that rounds the same —
so 100% is not the aim; a fall between two runs is a regression.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from juesuan.checks import run_checks  # noqa: E402
from juesuan.extract import build_report  # noqa: E402
from juesuan.extract.numbers import scan_numbers  # noqa: E402
from juesuan.readers import read_bytes  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


def findings(text: str) -> set[tuple[str, str]]:
    report = build_report(read_bytes("damaged.txt", text.encode("utf-8")))
    return {(f.rule, f.message) for f in run_checks(report)[0] if f.severity in ("error", "warning")}


def damaged(text: str, start: int, end: int) -> str:
    """The text with the last integer digit of the number at [start, end) shifted by 3."""
    token = text[start:end]
    integer_end = token.find(".") if "." in token else len(token.rstrip("元万亿%％ "))
    i = integer_end - 1
    while i >= 0 and not token[i].isdigit():
        i -= 1
    new = token[:i] + str((int(token[i]) + 3) % 10) + token[i + 1:]
    return text[:start] + new + text[end:]


def measure(path: Path, sample: int, rng: random.Random) -> tuple[int, int]:
    text = path.read_text(encoding="utf-8")
    doc = read_bytes(path.name, text.encode("utf-8"))
    amounts, percents = scan_numbers(text)
    tokens = [t for t in amounts + percents if not doc.in_table(t.span.start)]
    chosen = tokens if len(tokens) <= sample else rng.sample(tokens, sample)
    base = findings(text)
    caught = sum(bool(findings(damaged(text, t.span.start, t.span.end)) - base) for t in chosen)
    return caught, len(chosen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("-n", type=int, default=100, help="damages per document (default 100)")
    args = parser.parse_args()
    files = args.files or sorted(SEEDS.glob("*.txt"))
    rng = random.Random(20261122)
    total_caught = total = 0
    for path in files:
        caught, n = measure(path, args.n, rng)
        total_caught += caught
        total += n
        print(f"{path.name:40} caught {caught:4d} / {n:4d}  ({caught / max(n, 1):.0%})")
    print(f"{'all':40} caught {total_caught:4d} / {total:4d}  ({total_caught / max(total, 1):.0%})")


if __name__ == "__main__":
    main()
