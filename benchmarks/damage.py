"""Accuracy: how many damages of real disclosures ``check`` catches, by kind of damage.

One command, from the repository root::

    python benchmarks/damage.py              # the seeds, the corpus PDFs, the Shanghai fixture
    python benchmarks/damage.py -n 60 FILE   # more damages, your own files (any format juesuan reads)
    python benchmarks/damage.py --misses     # and list every damage not caught at its place
    python benchmarks/damage.py --kind prose ../shared/seeds/*.txt   # prose numbers only
    python benchmarks/damage.py --damage swap --damage word          # other damages (--damage all: each)

Each file is read once; the files of one disclosure (a narrative and its
tables file) are grouped as ``check`` groups them.  A fixed random sample
(seeded by the file's name, so adding a file changes no other sample) of the
numbers of its prose (money amounts and percentages) and of its table cells
(amounts) is taken; each is damaged on its own copy of the read Document,
after reading and before extraction (so every format — text, Word, PDF,
workbook — is damaged the same way), and the copy is extracted and checked as
``check`` does.  The damages (``--damage``; the default is ``digit``):

* ``digit``: the last digit before the decimal point shifted by 3;
* ``anydigit``: one digit anywhere (leading, middle, decimal) changed to another;
* ``swap``: two neighbouring different digits swapped (1,234.56 → 1,324.56);
* ``drop`` / ``double``: one digit left out or typed twice (digit groups redone);
* ``column``: a table cell replaced by another amount of its row (the amount
  typed into the wrong column);
* ``word``: a direction word of the prose flipped, its amount kept (增加 ↔ 减少,
  增长 ↔ 下降, 上升 → 下降, 降低 → 提高, 持平 → 增加).

Every damage of a number takes the same sample of numbers (a number the damage
cannot change, such as a swap in "100", is left out of it), the digit it
changes chosen by a generator seeded by the file and the place.  A damage is

* **caught** when the copy has an error or warning finding the original has
  not (the original's findings are measured in the same run), and
* **caught at the place** when such a finding's span covers the damaged text.

Some damages are not provable by any rule — a figure stated once and used
nowhere, a rate that rounds the same, a last decimal (a difference of one in
the last printed digit is ``info``) — so 100% is not the aim; a fall between
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
_UNIT_CHARS = "元千万亿%％ "
# A direction word with the amount or rate it governs right after it, or 持平 (which has none).
_DIRECTION = re.compile(r"(?:增加|减少|增长|下降|上升|降低)(?=\s*\d)|持平")
_FLIPPED = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长", "上升": "下降", "降低": "提高",
            "持平": "增加"}


@dataclass(frozen=True)
class Damage:
    file: str
    kind: str           # where: prose or table
    span: Span          # in the file's own text
    old: str
    new: str


def shifted(token: str, rng: random.Random | None = None) -> str:
    """``token`` with the last digit before its decimal point shifted by 3."""
    integer_end = token.find(".") if "." in token else len(token.rstrip(_UNIT_CHARS))
    i = integer_end - 1
    while i >= 0 and not token[i].isdigit():
        i -= 1
    return token[:i] + str((int(token[i]) + 3) % 10) + token[i + 1:]


def _parts(token: str) -> tuple[str, str, str]:
    """(digits, decimals, unit) of a number token: "1,234.56万元" → ("1234", "56", "万元")."""
    number = token.rstrip(_UNIT_CHARS)
    integer, _, decimals = number.partition(".")
    return integer.replace(",", ""), decimals, token[len(number):]


def _printed(token: str, integer: str, decimals: str) -> str | None:
    """The number with new digits, grouped by commas as ``token`` is; None when it would
    start with a needless 0 or lose its integer part."""
    if not integer or len(integer) > 1 and integer[0] == "0":
        return None
    grouped = f"{int(integer):,}" if "," in token else integer
    return grouped + ("." + decimals if decimals else "") + _parts(token)[2]


def any_digit(token: str, rng: random.Random) -> str | None:
    """One digit, anywhere in the number, changed to another."""
    integer, decimals, _ = _parts(token)
    digits = integer + decimals
    i = rng.randrange(len(digits))
    allowed = "123456789" if i == 0 and len(integer) > 1 else "0123456789"      # no leading 0
    new = rng.choice([d for d in allowed if d != digits[i]])
    changed = digits[:i] + new + digits[i + 1:]
    return _printed(token, changed[:len(integer)], changed[len(integer):])


def swapped(token: str, rng: random.Random) -> str | None:
    """Two neighbouring different digits of the integer part or of the decimals swapped."""
    integer, decimals, _ = _parts(token)
    pairs = [(part, i) for part, digits in enumerate((integer, decimals))
             for i in range(len(digits) - 1) if digits[i] != digits[i + 1]
             and not (part == 0 and i == 0 and digits[1] == "0")]
    if not pairs:
        return None
    part, i = rng.choice(pairs)
    parts = [integer, decimals]
    digits = parts[part]
    parts[part] = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
    return _printed(token, *parts)


def dropped(token: str, rng: random.Random) -> str | None:
    """One digit of the integer part left out (the decimals keep their count)."""
    integer, decimals, _ = _parts(token)
    if len(integer) < 2:
        return None
    i = rng.randrange(len(integer))
    return _printed(token, integer[:i] + integer[i + 1:], decimals)


def doubled(token: str, rng: random.Random) -> str | None:
    """One digit of the integer part typed twice."""
    integer, decimals, _ = _parts(token)
    if integer == "0":
        return None
    i = rng.randrange(len(integer))
    return _printed(token, integer[:i + 1] + integer[i:], decimals)


NUMBER_DAMAGES = {"digit": shifted, "anydigit": any_digit, "swap": swapped, "drop": dropped, "double": doubled}
DAMAGES = (*NUMBER_DAMAGES, "column", "word")


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


def direction_words(doc: Document) -> list[Span]:
    return [Span(*m.span()) for m in doc.prose_matches(_DIRECTION)]


def other_column(doc: Document, span: Span, rng: random.Random) -> str | None:
    """Another amount of the cell's row, different from the cell's."""
    value = parse_cell_number(doc.text[span.start:span.end])
    row = next(r for t in doc.tables if t.span.start <= span.start < t.span.end for r in t.rows
               if any(c.span == span for c in r))
    others = sorted({c.text for c in row[1:] if c.span != span and parse_cell_number(c.text) not in (None, value)
                     and not c.text.startswith(("-", "－")) and not _CODE_OR_YEAR.fullmatch(c.text)})
    return rng.choice(others) if others else None


def damaged_copy(doc: Document, span: Span, new: str) -> Document:
    """The Document with the text at ``span`` replaced by ``new``: the tables found
    anew, the pages, spreadsheet places and uncertain digits after it moved along."""
    text = doc.text[:span.start] + new + doc.text[span.end:]
    moved = len(new) - (span.end - span.start)
    if not moved:
        return replace(doc, text=text, tables=find_tables(text))

    def at(offset: int) -> int:
        return offset + moved if offset >= span.end else offset

    return replace(doc, text=text, tables=find_tables(text), page_starts=[at(p) for p in doc.page_starts],
                   places=[(at(a), at(b), name) for a, b, name in doc.places],
                   uncertain=[Span(at(u.start), at(u.end)) for u in doc.uncertain])


def _candidates(doc: Document, damage: str) -> dict[str, list[Span]]:
    if damage == "word":
        return {"prose": direction_words(doc)}
    if damage == "column":
        return {"table": table_numbers(doc)}
    return {"prose": prose_numbers(doc), "table": table_numbers(doc)}


def _damaged(doc: Document, span: Span, damage: str, rng: random.Random) -> str | None:
    old = doc.text[span.start:span.end]
    if damage == "word":
        return _FLIPPED[old]
    if damage == "column":
        return other_column(doc, span, rng)
    return NUMBER_DAMAGES[damage](old, rng)


def sample(doc: Document, n: int, seed: int, kinds=KINDS, damage: str = "digit") -> list[Damage]:
    """Up to ``n`` damages of each kind (place) of the document: the seeded sample of its
    places (the same for every damage of a number), each damaged by a generator seeded by
    its place; a place the damage cannot change is left out."""
    chosen = []
    name = Path(doc.path).name
    for kind, spans in _candidates(doc, damage).items():
        if kind not in kinds:
            continue
        rng = random.Random(f"{seed}:{name}:{kind}")
        for s in spans if len(spans) <= n else sorted(rng.sample(spans, n)):
            new = _damaged(doc, s, damage, random.Random(f"{seed}:{name}:{damage}:{s.start}"))
            if new is not None:
                chosen.append(Damage(doc.path, kind, s, doc.text[s.start:s.end], new))
    return chosen


def whole(docs: list[Document]) -> Document:
    return docs[0] if len(docs) == 1 else join(docs)


def flagged(doc: Document) -> list:
    return [f for f in analyze_document(doc).findings if f.severity in ("error", "warning")]


def measure(group: list[Document], n: int, seed: int, kinds=KINDS, damage: str = "digit"):
    """(damage, caught, caught at the place, new findings) for each damage of the group's files."""
    base = {(f.rule, f.message) for f in flagged(whole(group))}
    offset = 0
    for i, doc in enumerate(group):
        for d in sample(doc, n, seed, kinds, damage):
            copy = damaged_copy(doc, d.span, d.new)
            new = [f for f in flagged(whole([*group[:i], copy, *group[i + 1:]])) if (f.rule, f.message) not in base]
            at = Span(d.span.start + offset, d.span.start + len(d.new) + offset)
            here = any(f.span.start <= at.start and at.end <= f.span.end for f in new)
            yield d, bool(new), here, new
        offset += len(doc.text) + 2          # disclosure.join puts a blank line between files


def where(doc: Document, damage: Damage) -> str:
    """The damaged number's sentence, or its table row (cells joined by "|")."""
    if damage.kind == "table":
        for table in doc.tables:
            for row in table.rows:
                if any(c.span == damage.span for c in row):
                    return " | ".join(c.text for c in row)
    return doc.context(damage.span, 90)


def tally_of(docs, args, damage: str):
    """{(file or "all", kind or "all" or "prose %"): [damages, caught, at place]} and the misses."""
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    misses = []
    for group in disclosures(docs):
        for d, caught, here, new in measure(group, args.n, args.seed, (args.kind,) if args.kind else KINDS, damage):
            keys = [(Path(d.file).name, d.kind), (Path(d.file).name, "all"), ("all", d.kind), ("all", "all")]
            if d.kind == "prose" and d.old.endswith(("%", "％")):
                keys.append(("all", "prose %"))
            for key in keys:
                counts = tally[key]
                counts[0] += 1
                counts[1] += caught
                counts[2] += here
            if not here:
                misses.append((d, caught, new))
    return tally, misses


def _share(part: int, total: int) -> str:
    return f"{part:4d} / {total:<4d} ({part / total:4.0%})" if total else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("-n", type=int, default=30, help="damages per document and kind (default 30)")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--kind", choices=KINDS, help="damage only prose numbers or only table cells")
    parser.add_argument("--damage", action="append", choices=(*DAMAGES, "all"),
                        help="the damage (default digit; repeat it, or all: a summary of each)")
    parser.add_argument("--misses", action="store_true", help="list every damage not caught at its place")
    args = parser.parse_args()
    damages = DAMAGES if "all" in (args.damage or ()) else args.damage or ["digit"]
    started = time.perf_counter()
    docs = [read(str(p)) for p in (args.files or DEFAULT_FILES)]
    summary = []
    for damage in damages:
        tally, misses = tally_of(docs, args, damage)
        summary.append((damage, tally))
        if len(damages) == 1:
            print(f"{'file':40} {'kind':5} {'damages':>7} {'caught':>12} {'at place':>12}")
            for (name, kind), (total, caught, here) in sorted(tally.items(),
                                                              key=lambda kv: (kv[0][0] == "all", kv[0])):
                print(f"{name:40} {kind:5} {total:7d} {caught:5d} ({caught / total:4.0%}) "
                      f"{here:5d} ({here / total:4.0%})")
        if args.misses:
            for d, caught, new in misses:
                line = where(next(doc for doc in docs if doc.path == d.file), d)
                print(f"MISS {damage} {Path(d.file).name} {d.kind} {d.old}→{d.new} "
                      f"{'(caught elsewhere: ' + new[0].rule + ')' if caught else ''} | {line}")
    if len(damages) > 1:
        print(f"{'damage':9} {'prose at place':>20} {'of which %':>20} {'table at place':>20} "
              f"{'at place':>20} {'caught anywhere':>20}")
        for damage, tally in summary:
            cells = [_share(tally[key][2], tally[key][0]) for key in (("all", "prose"), ("all", "prose %"),
                                                                      ("all", "table"), ("all", "all"))]
            total, caught = tally[("all", "all")][:2]
            print(f"{damage:9} " + " ".join(f"{c:>20}" for c in [*cells, _share(caught, total)]))
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
