"""The findings table as CSV: UTF-8 with a BOM (Excel on a Chinese Windows then
reads it as UTF-8, not GBK), the columns of the 审核意见表, formula-like cells
neutralised as ``juesuan extract --format csv`` does."""

from __future__ import annotations

import csv

from ..render.csv import BOM, neutralised
from .rows import HEADER, Entry, table


def write(entries: list[Entry], path: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(BOM)
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(HEADER)
        for _, cells in table(entries):
            writer.writerow([neutralised(c) for c in cells])
