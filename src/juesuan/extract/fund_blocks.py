"""The 项目资金 block of a 项目支出绩效目标表: a total and the parts it is made of.

A 绩效目标(填报/申报)表 states a project's money as label/amount pairs in a grid::

    项目资金（元） | 项目资金总额     | 4,100,000.00 | 年度资金申请总额   | 4,100,000.00
                   | 其中：财政资金   | 4,100,000.00 | 其中：当年财政拨款 | 4,100,000.00
                   |                  |              | 上年结转资金       | 0.00
                   | 其他资金         | 0.00         | 其他资金           | 0.00

Each column of labels is one sum: its first pair, a 总额, and the pairs below it
(from "其中：…" on), the parts it is made of.  The block starts at a row whose
first cell is a 项目资金 / 资金情况 label and ends at the next row with another
first-column label.  The unit is the block label's "（元）" / "（万元）", else the
document's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Cell, Document, Span
from ..model import MONEY_UNIT, Amount
from .numbers import parse_cell_number

BLOCK_LABEL = re.compile(r"^(?:项目资金|资金情况|项目资金情况|年度资金)")
TOTAL_WORD = "总额"
_UNIT = re.compile(r"[（(]\s*(" + MONEY_UNIT + r")\s*[)）]")


@dataclass(frozen=True)
class FundBlock:
    """One column of a 项目资金 block: the 总额 and its parts, as printed."""

    total_label: str
    total: Amount
    parts: tuple[tuple[str, Amount], ...]
    span: Span
    column: int = 0           # its place among the block's columns (0: the 项目资金总额 column)
    form: int = 0             # the block it stands in: one per 绩效目标表 (the label cell's offset)


def _amount(cell: Cell, unit: str) -> Amount | None:
    parsed = parse_cell_number(cell.text)
    if parsed is None:
        return None
    value, decimals = parsed
    return Amount(value=value, unit=unit, decimals=decimals, span=cell.span, text=cell.text.replace(" ", "") + unit)


def _pairs(row, unit: str):
    """(column, label, amount) of each label cell followed by an amount cell."""
    cells = list(row)
    for i in range(len(cells) - 1):
        label, value = cells[i].text, cells[i + 1]
        if label and parse_cell_number(label) is None:
            amount = _amount(value, unit)
            if amount is not None:
                yield i, label, amount


def _columns(rows, unit: str, form: int) -> list[FundBlock]:
    by_column: dict[int, list[tuple[str, Amount]]] = {}
    for row in rows:
        for col, label, amount in _pairs(row, unit):
            by_column.setdefault(col, []).append((label, amount))
    out = []
    for pairs in by_column.values():                # as they first appear: left to right
        (label, total), parts = pairs[0], tuple(pairs[1:])
        if TOTAL_WORD in label and parts and parts[0][0].startswith("其中"):
            span = Span(total.span.start, parts[-1][1].span.end)
            out.append(FundBlock(total_label=label, total=total, parts=parts, span=span, column=len(out), form=form))
    return out


def fund_blocks(doc: Document, default_unit: str | None) -> list[FundBlock]:
    """Every 项目资金 block of the document's tables."""
    out: list[FundBlock] = []
    for t in doc.tables:
        rows = list(t.rows)
        for i, row in enumerate(rows):
            first = row[0].text if row else ""
            if not BLOCK_LABEL.match(first):
                continue
            unit_found = _UNIT.search(first)
            unit = unit_found.group(1) if unit_found else (default_unit or "元")
            end = next((j for j in range(i + 1, len(rows)) if rows[j] and rows[j][0].text), len(rows))
            out.extend(_columns(rows[i:end], unit, row[0].span.start))
    return out
