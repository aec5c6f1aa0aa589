"""Findings for a person: grouped by section, with place, quote and arithmetic.

Text from the document reaches a terminal: every C0/C1 control character
but the line feed and the tab is shown as a visible escape (``\\x1b``), so a
document cannot retitle the terminal, clear the screen or ring its bell.
"""

from __future__ import annotations

from collections import defaultdict

from ..checks.base import REGISTRY
from ..pipeline import Result
from .location import location

SEVERITY_WORD = {"error": "错误", "warning": "警告", "info": "提示"}
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7f, 0xa0)) if chr(c) not in "\n\t"}


def visible(text: str) -> str:
    """``text`` safe for a terminal: control characters other than \\n and \\t as visible escapes."""
    return text.translate(_CONTROLS)


# Rules whose findings in one document are shown as one block listing every place.
GROUPED_RULES = frozenset(cls.id for cls in REGISTRY if getattr(cls, "grouped", False))


def _section_title(result: Result, offset: int) -> str:
    report = result.report
    best = None
    for s in report.sections:
        if s.level <= 1 and s.body.start <= offset < s.body.end:
            best = s
    return f"{best.marker}{best.title}"[:40] if best else "（文首）"


def render(result: Result) -> str:
    return visible(_render(result))


def _render(result: Result) -> str:
    lines = [f"== {result.path}"]
    if result.error and result.report is None:
        lines.append(f"   无法读取：{result.error}")
        return "\n".join(lines)
    report = result.report
    meta = report.meta
    year = f"{meta.year}年度" if meta.year else "年度未识别"
    lines.append(f"   {meta.org or '单位名称未识别'} · {year} · 金额单位：{meta.unit or '未识别'}"
                 f" · 类型：{report.doc_type}")
    if result.together:
        others = "、".join(p for p in result.together if p != result.path)
        lines.append(f"   与 {others} 同属一份公开文件，合并核对；此处列出本文件中的问题")
    if result.error:
        lines.append(f"   {result.error}")
        return "\n".join(lines)
    doc = report.document
    groups = defaultdict(list)
    places = defaultdict(list)        # a grouped rule's findings, shown in one block at the first
    for f in result.findings:
        if f.rule in GROUPED_RULES:
            places[f.rule].append(f)
            if len(places[f.rule]) > 1:
                continue
        groups[_section_title(result, f.span.start)].append(f)

    def where(f) -> str:
        loc = location(doc, f.span)          # a file's own page and line, in a disclosure of several
        if loc.get("cell"):                  # a spreadsheet: its cell, not a page
            return f"单元格 {loc['cell']} 第{loc['line']}行"
        return (f"第{loc['page']}页 " if loc["page"] else "") + f"第{loc['line']}行"

    for title, items in groups.items():
        lines.append(f"\n  【{title}】")
        for f in items:
            if len(places.get(f.rule, ())) > 1:
                lines.append(f"  [{SEVERITY_WORD[f.severity]}] {f.rule} {f.title}（共{len(places[f.rule])}处）")
                lines.extend(f"      {where(g)}：「{doc.context(g.span)}」" for g in places[f.rule])
                lines.append(f"      {f.message}")
                continue
            lines.append(f"  [{SEVERITY_WORD[f.severity]}] {f.rule} {f.title} · {where(f)}")
            lines.append(f"      原文：「{doc.context(f.span)}」")
            lines.append(f"      {f.message}")
            if f.arithmetic:
                lines.append(f"      算式：{f.arithmetic}")
            if f.expected is not None:
                lines.append(f"      应为：{f.expected}    文中：{f.actual}")
    counts = {s: sum(f.severity == s for f in result.findings) for s in SEVERITY_WORD}
    cov = result.coverage
    lines.append(f"\n  小结：错误 {counts['error']} · 警告 {counts['warning']} · 提示 {counts['info']}"
                 f" · 核对规则 {cov.rules_run} 条，未适用 {len(cov.rules_skipped)} 条")
    if not result.findings:
        lines.append(f"  已核对的 {cov.rules_run} 条规则均未发现问题；未适用的规则见 --format json 的 coverage。")
    return "\n".join(lines)
