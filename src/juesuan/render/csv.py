"""Figures and line items as CSV rows (one file's rows after another's).

The output starts with a UTF-8 BOM, so that Excel on a Chinese Windows reads
it as UTF-8.

A text cell that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``, as
OWASP advises against CSV injection; a plain number ("-3.20") is left as
it is.
"""

from __future__ import annotations

import csv
import io
import re

from ..pipeline import Result
from .json import line_item

BOM = "\ufeff"          # first in a CSV file: Excel on a Chinese Windows then reads UTF-8, not GBK
HEADER = ["file", "kind", "key_or_table", "code", "name", "level", "value", "basic", "project", "budget",
          "unit", "page", "line"]


def header() -> str:
    """The first line of a CSV file, after its BOM."""
    return BOM + _row(HEADER)


def render(result: Result) -> str:
    if result.report is None:
        return ""
    out = []
    for key, value in result.report.figures():
        out.append(_row([result.path, "figure", key, "", "", "", value, "", "", "", _figure_unit(key), "", ""]))
    for ln in result.report.lines:
        d = line_item(result, ln)
        out.append(_row([result.path, "line", d["table"], d["code"] or "", d["name"], d["level"] or "",
                         d["actual"] or "", d["basic"] or "", d["project"] or "", d["budget"] or "",
                         d["unit"] or "", d["location"]["page"] or "", d["location"]["line"]]))
    return "".join(out)


# Figures of spec/report-json.md that are not money in 元 (money figures are).
_NOT_MONEY = {"performance.execution_rate": "%", "performance.overall_score": "",
              "performance.overall_grade": "", "performance.projects_evaluated": "",
              "three_public.vehicles_held": "辆", "assets.vehicles": "辆"}


def _figure_unit(key: str) -> str:
    if key.startswith("meta."):
        return ""
    return _NOT_MONEY.get(key, "元")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def neutralised(value) -> str:
    """A cell that no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _row(values) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([neutralised(v) for v in values])
    return buf.getvalue()


# ---- findings (``check --format csv``) ----------------------------------------

BOM = "\ufeff"          # so that Excel opens the UTF-8 file as UTF-8
FINDINGS_HEADER = ["file", "rule", "family", "severity", "title", "where", "page", "page_line", "line",
                   "quote", "expected", "actual", "message", "arithmetic", "error"]


def findings_header() -> str:
    return BOM + _row(FINDINGS_HEADER)


def findings(outcome, families: dict[str, str]) -> str:
    """One row per finding (one row with ``error`` for a file that was not checked)."""
    from ..places import where

    if outcome.error:
        return _row([outcome.path, *[""] * (len(FINDINGS_HEADER) - 2), outcome.error])
    out = []
    for f in outcome.findings:
        loc = f["location"]
        out.append(_row([loc.get("file") or outcome.path, f["rule"], families.get(f["rule"], ""), f["severity"],
                         f["title"], where(loc), loc.get("page") or "", loc.get("page_line") or "", loc["line"],
                         loc["quote"], f["expected"], f["actual"], f["message"], f["arithmetic"], ""]))
    return "".join(out)
