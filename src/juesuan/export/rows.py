"""The one row model of every export: a checked file and its findings as rows.

:func:`entry` turns the JSON object of ``juesuan check --format json`` (made
now by :func:`juesuan.render.json.to_dict`, or read back from a saved JSON
Lines file) into an :class:`Entry` with one :class:`Row` per finding: 单位,
年度, 文件, 页, 位置, 规则, 级别, 问题, 原文, 应为, 算式.  The 位置 is the place a
person finds, in the one format of :mod:`juesuan.places`: "第3页 第12行",
"第3页 第20行 表格「合计」行", "表2 第3行第4列", "第7段", "第58行".  With the
file's text at hand the 原文 is the whole sentence or table row around the
quote; without it, the place and the quote of the JSON object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..checks import REGISTRY
from ..document import Document, Span
from ..places import table_row, where, where_found

SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
UNCHECKED = "未核对"
FAMILY_LABEL = {"totals": "合计与分项", "hierarchy": "科目层级", "tables": "报表", "shares": "占比",
                "changes": "增减变动", "classification": "科目分类", "consistency": "前后一致",
                "units": "金额单位", "format": "格式", "meta": "年度与模板", "performance": "绩效",
                "completeness": "完整性", "cross_year": "跨年度与跨文件"}
_FAMILY_OF = {cls.id: cls.family for cls in REGISTRY}


@dataclass(frozen=True)
class Row:
    """One finding as a reviewer reads it."""

    number: int                 # 1-based, within its file
    unit: str
    year: str
    file: str
    page: int | None
    place: str                  # 位置
    rule: str
    family: str
    severity: str               # error | warning | info
    title: str
    message: str
    quote: str                  # the verbatim quote of the finding
    context: str                # 原文: the sentence or table row around it
    expected: str
    actual: str
    arithmetic: str
    start: int | None           # offsets in the file's own text
    end: int | None
    opinion: str = ""           # 处理意见 and 复核人: the review, when there is one
    reviewer: str = ""

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABEL.get(self.severity, self.severity)

    @property
    def family_label(self) -> str:
        return FAMILY_LABEL.get(self.family, self.family or "其他")


@dataclass
class Entry:
    """One input file: who published it, whether it could be checked, its rows."""

    file: str
    unit: str
    year: str
    doc_type: str
    error: str | None
    rows: list[Row] = field(default_factory=list)
    document: Document | None = None     # the file's own text, when it could be had
    named: bool = True                   # the unit is the one the document names (else: the file's name)


def entry(obj: dict, document: Document | None = None) -> Entry:
    """The Entry of one JSON object; ``document`` is the file's text, if at hand."""
    figures = obj.get("figures") or {}
    named = str(figures.get("meta.org") or "").strip()
    year = str(figures.get("meta.year") or "")
    out = Entry(obj["file"], named or Path(obj["file"]).stem, year, obj.get("doc_type", "unknown"),
                obj.get("error"), document=document, named=bool(named))
    for number, finding in enumerate(obj.get("findings") or [], 1):
        out.rows.append(_row(number, out, finding, document))
    return out


def _row(number: int, owner: Entry, finding: dict, document: Document | None) -> Row:
    loc = finding.get("location") or {}
    start, end = loc.get("start"), loc.get("end")
    quote = loc.get("quote") or ""
    known = document is not None and _quote_at(document, start, end) == quote
    return Row(number=number, unit=owner.unit, year=owner.year, file=loc.get("file") or owner.file,
               page=loc.get("page"), place=where_found(document, start) if known else _bare_place(loc),
               rule=finding["rule"], family=_FAMILY_OF.get(finding["rule"], ""),
               severity=finding["severity"], title=finding.get("title") or "",
               message=finding.get("message") or "", quote=quote,
               context=context(document, Span(start, end)) if known else quote,
               expected=_text(finding.get("expected")), actual=_text(finding.get("actual")),
               arithmetic=_text(finding.get("arithmetic")), start=start if known else None,
               end=end if known else None)


def _text(value) -> str:
    return "" if value is None else str(value)


def _quote_at(doc: Document, start, end) -> str | None:
    """The quote the JSON object would hold for ``[start:end]``, or None when out of range
    (the file changed since it was checked)."""
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end <= len(doc.text):
        return None
    return " ".join(doc.text[start:end].split())


def _bare_place(loc: dict) -> str:
    """The place the JSON location names, when the file's text is not at hand."""
    return where(loc) if loc.get("line") else ""


def context(doc: Document, span: Span) -> str:
    """The sentence around a span, or its whole table row (cells joined by " | ")."""
    row = table_row(doc, span.start)
    if row is not None:
        return " | ".join(" ".join(c.text.split()) for c in row)
    return doc.context(span, limit=300)


_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text with the control characters that XML (so .xlsx and .docx) cannot hold taken out."""
    return _NOT_IN_XML.sub("", text)


HEADER = ["单位", "年度", "文件", "页", "位置", "规则", "级别", "问题", "原文", "应为", "算式", "处理意见", "复核人"]


def cells(row: Row) -> list:
    """A finding's cells under HEADER (处理意见 and 复核人 from its review, else left for the reviewer)."""
    return [row.unit, row.year, row.file, row.page, row.place, f"{row.rule} {row.title}".strip(),
            row.severity_label, row.message, row.context, row.expected, row.arithmetic, row.opinion, row.reviewer]


def unchecked_cells(item: Entry) -> list:
    """The cells of a file that could not be checked: 级别 未核对, 问题 the reason."""
    return [item.unit, item.year, item.file, None, "", "", UNCHECKED, item.error, "", "", "", "", ""]


def table(entries: list[Entry]) -> list[tuple[str, list]]:
    """(severity or UNCHECKED, cells) of every finding and every file not checked, in input order."""
    out = []
    for item in entries:
        if item.error:
            out.append((UNCHECKED, unchecked_cells(item)))
        out.extend((row.severity, cells(row)) for row in item.rows)
    return out
