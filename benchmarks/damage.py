"""Accuracy: how many one-number damages of real disclosures ``check`` catches.

One command, from the repository root::

    python benchmarks/damage.py              # the seeds, the corpus PDFs, the Shanghai fixture
    python benchmarks/damage.py -n 60 FILE   # more damages, your own files (any format juesuan reads)
    python benchmarks/damage.py --misses     # and list every damage not caught at its place
    python benchmarks/damage.py --kind prose ../shared/seeds/*.txt   # prose numbers only

Each file is read once; the files of one disclosure (a narrative and its
tables file) are grouped as ``check`` groups them.  A fixed random sample
(seeded by the file's name, so adding a file changes no other sample) of the
numbers of its prose (money amounts and percentages) and of its table cells
(amounts) is taken; each number is damaged on its own copy of the read
Document — the last digit before the decimal point shifted by 3, every other
character kept, so every format (text, Word, PDF, workbook) is damaged the
same way, after reading and before extraction — and the copy is extracted and
checked as ``check`` does.  A damage is

* **caught** when the copy has an error or warning finding the original has
  not (the original's findings are measured in the same run), and
* **caught at the place** when such a finding's span covers the damaged number.

Some damages are not provable by any rule — a figure stated once and used
nowhere, a rate that rounds the same — so 100% is not the aim; a fall between
two runs is a regression.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from juesuan.disclosure import join  # noqa: E402
from juesuan.document import Document, Span  # noqa: E402
from juesuan.extract.numbers import parse_cell_number, scan_numbers  # noqa: E402
from juesuan.pipeline import analyze_document, disclosures  # noqa: E402
from juesuan.readers import read  # noqa: E402
from juesuan.readers.txt import find_tables  # noqa: E402

SHARED = ROOT.parent / "shared"
DEFAULT_FILES = [*sorted((SHARED / "seeds").glob("*.txt")), *sorted((SHARED / "corpus" / "docs").glob("*.pdf")),
                 SHARED / "fixtures" / "shanghai-putuo-shgzb-2024.pdf"]
KINDS = ("prose", "table")
_CODE_OR_YEAR = re.compile(r"\d{3}(?:\d{2}){0,2}|(?:19|20)\d{2}")   # 科目 codes 201/30201/2010301, years


@dataclass(frozen=True)
class Damage:
    file: str
    kind: str
    span: Span          # in the file's own text
    old: str
    new: str


def shifted(token: str) -> str:
    """``token`` with the last digit before its decimal point shifted by 3."""
    integer_end = token.find(".") if "." in token else len(token.rstrip("元万亿%％ "))
    i = integer_end - 1
    while i >= 0 and not token[i].isdigit():
        i -= 1
    return token[:i] + str((int(token[i]) + 3) % 10) + token[i + 1:]


def prose_numbers(doc: Document) -> list[Span]:
    amounts, percents = scan_numbers(doc.text)
    return [t.span for t in amounts + percents if doc.in_prose(t.span.start)]


def table_numbers(doc: Document) -> list[Span]:
    """The amount cells of the tables: a number with a decimal point or a thousands
    comma, or an integer of three digits or more that could not be a 科目 code (3, 5 or
    7 digits) or a year; the first column (codes, names) left out."""
    spans = []
    for table in doc.tables:
        for row in table.rows:
            for cell in row[1:]:
                raw = doc.text[cell.span.start:cell.span.end]
                if parse_cell_number(raw) is None or raw.startswith(("-", "－")):
                    continue
                if "." in raw or "," in raw or (len(raw) >= 3 and not _CODE_OR_YEAR.fullmatch(raw)):
                    spans.append(cell.span)
    return spans


def damaged_copy(doc: Document, span: Span) -> tuple[Document, str]:
    """The Document with the number at ``span`` damaged (same length: every span stays)."""
    new = shifted(doc.text[span.start:span.end])
    text = doc.text[:span.start] + new + doc.text[span.end:]
    return replace(doc, text=text, tables=find_tables(text)), new


def sample(doc: Document, n: int, seed: int, kinds=KINDS) -> list[Damage]:
    chosen = []
    for kind, spans in zip(KINDS, (prose_numbers(doc), table_numbers(doc))):
        if kind not in kinds:
            continue
        rng = random.Random(f"{seed}:{Path(doc.path).name}:{kind}")
        picked = spans if len(spans) <= n else sorted(rng.sample(spans, n))
        chosen += [Damage(doc.path, kind, s, doc.text[s.start:s.end], shifted(doc.text[s.start:s.end]))
                   for s in picked]
    return chosen


def whole(docs: list[Document]) -> Document:
    return docs[0] if len(docs) == 1 else join(docs)


def flagged(doc: Document) -> list:
    return [f for f in analyze_document(doc).findings if f.severity in ("error", "warning")]


def measure(group: list[Document], n: int, seed: int, kinds=KINDS):
    """(damage, caught, caught at the place, new findings) for each damage of the group's files."""
    base = {(f.rule, f.message) for f in flagged(whole(group))}
    offset = 0
    for i, doc in enumerate(group):
        for damage in sample(doc, n, seed, kinds):
            copy, _ = damaged_copy(doc, damage.span)
            new = [f for f in flagged(whole([*group[:i], copy, *group[i + 1:]])) if (f.rule, f.message) not in base]
            at = Span(damage.span.start + offset, damage.span.end + offset)
            here = any(f.span.start <= at.start and at.end <= f.span.end for f in new)
            yield damage, bool(new), here, new
        offset += len(doc.text) + 2          # disclosure.join puts a blank line between files


def where(doc: Document, damage: Damage) -> str:
    """The damaged number's sentence, or its table row (cells joined by "|")."""
    if damage.kind == "table":
        for table in doc.tables:
            for row in table.rows:
                if any(c.span == damage.span for c in row):
                    return " | ".join(c.text for c in row)
    return doc.context(damage.span, 90)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("-n", type=int, default=30, help="damages per document and kind (default 30)")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--kind", choices=KINDS, help="damage only prose numbers or only table cells")
    parser.add_argument("--misses", action="store_true", help="list every damage not caught at its place")
    args = parser.parse_args()
    started = time.perf_counter()
    docs = [read(str(p)) for p in (args.files or DEFAULT_FILES)]
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    misses = []
    for group in disclosures(docs):
        for damage, caught, here, new in measure(group, args.n, args.seed, (args.kind,) if args.kind else KINDS):
            for key in ((Path(damage.file).name, damage.kind), (Path(damage.file).name, "all"),
                        ("all", damage.kind), ("all", "all")):
                counts = tally[key]
                counts[0] += 1
                counts[1] += caught
                counts[2] += here
            if not here:
                misses.append((damage, caught, new))
    print(f"{'file':40} {'kind':5} {'damages':>7} {'caught':>12} {'at place':>12}")
    for (name, kind), (total, caught, here) in sorted(tally.items(), key=lambda kv: (kv[0][0] == "all", kv[0])):
        if total:
            print(f"{name:40} {kind:5} {total:7d} {caught:5d} ({caught / total:4.0%}) {here:5d} ({here / total:4.0%})")
    print(f"{time.perf_counter() - started:.0f} s")
    if args.misses:
        for damage, caught, new in misses:
            line = where(next(d for d in docs if d.path == damage.file), damage)
            print(f"MISS {Path(damage.file).name} {damage.kind} {damage.old}→{damage.new} "
                  f"{'(caught elsewhere: ' + new[0].rule + ')' if caught else ''} | {line}")


if __name__ == "__main__":
    main()
