"""Findings for a person: grouped by section, with place, quote and arithmetic.

Works from a :class:`~juesuan.outcome.FileOutcome` (no Document needed).  The
place is the one a reviewer finds in the original file (:func:`location.where`:
page and line on the page for a PDF, paragraph or table cell for Word).  Lines
are wrapped to a width with a hanging indent, never inside a number
(:mod:`wrap`); :func:`styled` gives each line its colour for a terminal.

Text from the document reaches a terminal: every C0/C1 control character
but the line feed and the tab is shown as a visible escape (``\\x1b``), so a
document cannot retitle the terminal, clear the screen or ring its bell.
"""

from __future__ import annotations

from collections import defaultdict

from ..checks.base import REGISTRY
from ..places import where
from .wrap import wrap

SEVERITY_WORD = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
DOC_TYPE_WORD = {"final_accounts": "部门决算", "budget": "部门预算", "performance_report": "绩效评价",
                 "unknown": "未识别"}
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7f, 0xa0)) if chr(c) not in "\n\t"}


def visible(text: str) -> str:
    """``text`` safe for a terminal: control characters other than \\n and \\t as visible escapes."""
    return text.translate(_CONTROLS)


# Rules whose findings in one document are shown as one block listing every place.
GROUPED_RULES = frozenset(cls.id for cls in REGISTRY if getattr(cls, "grouped", False))


def render(outcome, width: int | None = None) -> str:
    """The outcome as plain text, wrapped to ``width`` cells (None: not wrapped)."""
    return "\n".join(line for line, _ in styled(outcome, width))


def styled(outcome, width: int | None = None) -> list[tuple[str, str]]:
    """(line, rich style) of every output line."""
    out: list[tuple[str, str]] = []
    for text, indent, style in _logical(outcome):
        hanging = " " * len(indent) + "  "
        out.extend((line, style) for line in wrap(visible(text), width, indent, hanging))
    return out


def _logical(outcome):
    """(text, indent, style) of each logical line."""
    yield outcome.path, "== ", "bold"
    header = outcome.header
    if not header:
        yield f"无法读取：{outcome.error}", "   ", "red"
        return
    year = f"{header['year']}年度" if header.get("year") else "年度未识别"
    kind = DOC_TYPE_WORD.get(header["doc_type"], header["doc_type"])
    yield (f"{header.get('org') or '单位名称未识别'} · {year} · 金额单位：{header.get('unit') or '未识别'}"
           f" · 类型：{kind}"), "   ", ""
    together = outcome.data.get("together")
    if together:
        others = "、".join(p for p in together if p != outcome.path)
        yield f"与 {others} 同属一份公开文件，合并核对；此处列出本文件中的问题", "   ", ""
    if outcome.error:
        yield outcome.error, "   ", "red"
        return
    groups = defaultdict(list)
    places = defaultdict(list)        # a grouped rule's findings, shown in one block at the first
    for f, note in zip(outcome.findings, outcome.notes):
        if f["rule"] in GROUPED_RULES:
            places[f["rule"]].append((f, note))
            if len(places[f["rule"]]) > 1:
                continue
        groups[note["section"]].append((f, note))
    for title, items in groups.items():
        yield "", "", ""
        yield f"【{title}】", "  ", "bold"
        for f, note in items:
            tag, style = f"[{SEVERITY_WORD[f['severity']]}] {f['rule']} {f['title']}", SEVERITY_STYLE[f["severity"]]
            if len(places.get(f["rule"], ())) > 1:
                yield f"{tag}（共{len(places[f['rule']])}处）", "  ", style
                for g, g_note in places[f["rule"]]:
                    yield f"{where(g['location'])}：「{g_note['context']}」", "      ", ""
                yield f["message"], "      ", ""
                continue
            yield f"{tag} · {where(f['location'])}", "  ", style
            yield f"原文：「{note['context']}」", "      ", "dim"
            yield f["message"], "      ", ""
            if f["arithmetic"]:
                yield f"算式：{f['arithmetic']}", "      ", ""
            if f["expected"] is not None:
                yield f"应为：{f['expected']}    文中：{f['actual']}", "      ", "green"
    counts = {s: sum(f["severity"] == s for f in outcome.findings) for s in SEVERITY_WORD}
    cov = outcome.data.get("coverage", {})
    yield "", "", ""
    yield (f"小结：错误 {counts['error']} · 警告 {counts['warning']} · 提示 {counts['info']}"
           f" · 核对规则 {cov.get('rules_run', 0)} 条，未适用 {len(cov.get('rules_skipped', []))} 条"), "  ", ""
    if not outcome.findings:
        yield (f"已核对的 {cov.get('rules_run', 0)} 条规则均未发现问题；"
               "未适用的规则见 --format json 的 coverage。"), "  ", "green"
