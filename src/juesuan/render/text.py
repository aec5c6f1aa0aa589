"""Findings for a person: grouped by section, with place, quote and arithmetic."""

from __future__ import annotations

from collections import defaultdict

from ..pipeline import Result
from .location import location

SEVERITY_WORD = {"error": "错误", "warning": "警告", "info": "提示"}


def _section_title(result: Result, offset: int) -> str:
    report = result.report
    best = None
    for s in report.sections:
        if s.level <= 1 and s.body.start <= offset < s.body.end:
            best = s
    return f"{best.marker}{best.title}"[:40] if best else "（文首）"


def render(result: Result) -> str:
    lines = [f"== {result.path}"]
    if result.error and result.report is None:
        lines.append(f"   无法读取：{result.error}")
        return "\n".join(lines)
    report = result.report
    meta = report.meta
    year = f"{meta.year}年度" if meta.year else "年度未识别"
    lines.append(f"   {meta.org or '单位名称未识别'} · {year} · 金额单位：{meta.unit or '未识别'}"
                 f" · 类型：{report.doc_type}")
    if result.error:
        lines.append(f"   {result.error}")
        return "\n".join(lines)
    doc = report.document
    groups = defaultdict(list)
    for f in result.findings:
        groups[_section_title(result, f.span.start)].append(f)
    for title, items in groups.items():
        lines.append(f"\n  【{title}】")
        for f in items:
            loc = location(doc, f.span)
            where = (f"第{loc['page']}页 " if loc["page"] else "") + f"第{loc['line']}行"
            lines.append(f"  [{SEVERITY_WORD[f.severity]}] {f.rule} {f.title} · {where}")
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
