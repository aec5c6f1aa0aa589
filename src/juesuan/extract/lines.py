"""Functional-classification lines (类/款/项) stated in the narrative.

Three shapes occur in the 一般公共预算 / 政府性基金 / 国有资本经营 sections:

* quoted names with a level: "“城乡社区支出”（类）…年初预算X万元，…决算Y万元";
* quoted names without a level, under a 类 that ended with "其中：" (款);
* paths: "一般公共服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）";

and the overview list "一般公共服务支出853.15万元，占…" of the 总体情况, whose
names are 类 names of the catalog.  Each line's range runs to the next line;
its actual is the amount labelled 决算 (or the first amount), its budget the
amount labelled 年初预算.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ..catalog import class_code
from ..model import Figure, LineItem, Report
from .lexicon import LEXICON

LINE_TOPICS = ("general", "fund", "soe")

_QUOTED = re.compile(r"[“\"]([^”\"\n]{2,40})[”\"]\s*(?:[（(](类|款|项)[^）)\n]{0,6}[）)])?")
_PATH = re.compile(r"([\u4e00-\u9fa5]{2,20})[（(]类[）)]([^（(\n]{2,40}?(?:[（(]室[）)])?[^（(\n]{0,30}?)"
                   r"[（(]款[）)]([^\n]{2,40}?)[（(]项[）)]")
_LEAD = re.compile(r"\s*+(?:\d{1,2}\s*+[、.．]|[一二三四五六七八九十]{1,3}\s*+、)?+\s*+")


def _line_starts(report: Report):
    """(offset, name, level, class_name, kind) of every narrative line item."""
    found = []
    for offset, text, section in report.prose_lines_about(LINE_TOPICS):
        found.extend(_items_in(text, offset, section.topic))
    return found


def _items_in(text: str, base: int, topic: str):
    # A path names its 类 in brackets (the search tries every name start: not where none can be).
    m = _PATH.search(text) if "款" in text and ("类）" in text or "类)" in text) else None
    if m:
        return [(base + m.start(), m.group(3).strip(), "项", m.group(1), topic)]
    items = []
    lead_end = _LEAD.match(text).end()      # a quote there has only a list number before it
    for q in _QUOTED.finditer(text):
        at_start = q.start() == lead_end
        if q.group(2) is None and not at_start:
            continue
        name = q.group(1).strip()
        level = q.group(2) or ("类" if class_code(name) else "款")
        items.append((base + q.start(), name, level, None, topic))
    return items


def _figures_between(figures: list[Figure]):
    """``between(start, end)``: the figures whose amount starts in [start, end), in list order
    (the figures sorted by place once, each range found by bisection)."""
    order = sorted(range(len(figures)), key=lambda i: figures[i].amount.span.start)
    starts = [figures[i].amount.span.start for i in order]

    def between(start: int, end: int) -> list[Figure]:
        return [figures[i] for i in sorted(order[bisect_left(starts, start):bisect_left(starts, end)])]
    return between


def _actual_and_budget(figs: list[Figure]):
    budget = next((f for f in figs if "预算" in f.name), None)
    actual = next((f for f in figs if "决算" in f.name and "预算" not in f.name), None)
    if actual is None:
        actual = next((f for f in figs if f is not budget), None)
    return actual, budget


def detail_lines(report: Report) -> list[LineItem]:
    starts = _line_starts(report)
    figures_between = _figures_between(report.figures_list)
    lines: list[LineItem] = []
    last_class: dict[str, int] = {}
    for i, (pos, name, level, class_name, topic) in enumerate(starts):
        end = _section_end(report, pos)
        if i + 1 < len(starts):
            end = min(end, starts[i + 1][0])
        actual, budget = _actual_and_budget(figures_between(pos, end))
        if actual is None:
            continue
        parent = None
        if level == "款":
            parent = last_class.get(topic)
        lines.append(LineItem(table=f"narrative:{topic}", code=class_code(name) if level == "类" else None,
                              name=name, level=level, actual=actual.amount,
                              budget=budget.amount if budget else None,
                              span=actual.clause.cover(budget.clause) if budget else actual.clause,
                              parent=parent))
        if level == "类":
            last_class[topic] = len(lines) - 1
        elif level == "项" and class_name:
            last_class.pop(topic, None)
    return lines


def _section_end(report: Report, pos: int) -> int:
    s = report.section_at(pos)
    return s.body.end if s else len(report.document.text)


def overview_lines(report: Report) -> list[LineItem]:
    """类 amounts listed in a 总体情况 sentence ("一般公共服务支出853.15万元，占…")."""
    out = []
    for f in report.figures_list:
        if f.topic not in LINE_TOPICS:
            continue
        name = f.name.strip("“”\"").replace("（类）", "").replace("(类)", "").strip()
        code = class_code(name)
        if code is None:
            continue
        out.append(LineItem(table=f"overview:{f.topic}", code=code, name=name, level="类",
                            actual=f.amount, span=f.clause))
    return out


# The end of an item's title: "4. “…（类）…（款）…（项）”110.60万元": the amount follows the quoted name.
_TITLE_END = re.compile(r"[“\"][^”\"\n]{2,80}[”\"]\s*(?:[（(](?:类|款|项)[）)])?\s*(?:科目)?\s*$")


def item_paragraphs(report: Report) -> list[tuple[Figure, list[Figure]]]:
    """Paragraphs that open with a quoted 科目 and its amount, with the figures stated after it.

    "15. “社会保障和就业支出（类）…缴费支出（项）”441.25万元，主要用于…。2022年当年预算执行数为
    274.85万元，2023年预算安排441.25万元，…": the title figure 441.25 and the two after it.
    """
    by_line: dict[int, list[Figure]] = {}
    doc = report.document
    for f in report.figures_list:
        if f.source == "narrative":
            by_line.setdefault(doc.line_of(f.amount.span.start), []).append(f)
    out = []
    for figs in by_line.values():
        first = figs[0]
        head = doc.text[doc.line_span(doc.line_of(first.amount.span.start)).start:first.amount.span.start]
        m = _TITLE_END.search(head) if "“" in head or '"' in head else None      # it opens with one
        if m and _LEAD.fullmatch(head[:m.start()]) is not None:
            out.append((first, figs[1:]))
    return out


def paragraph_restatements(report: Report) -> list[tuple[Figure, Figure, str]]:
    """(figure, the paragraph's title figure, its clause) for each figure of an item paragraph
    that restates the title's amount: this year's, in the document's phase, named by nothing
    but its year and phase ("2024年预算安排X"; not 上年执行数, not 基本支出X)."""
    default = "budget" if report.doc_type == "budget" else "actual"
    year = report.meta.year
    out = []
    for title, after in item_paragraphs(report):
        if title.year not in (None, year):
            continue
        for f in after:
            clause = f.label.split("，")[-1].split("。")[-1]
            if f.year in (None, year) and LEXICON.names_nothing(clause) \
                    and LEXICON.phase_of(clause, default) == default:
                out.append((f, title, clause))
    return out


def narrative_lines(report: Report) -> list[LineItem]:
    detail = detail_lines(report)
    detail_spans = {ln.actual.span for ln in detail}
    overview = [ln for ln in overview_lines(report) if ln.actual.span not in detail_spans]
    return detail + overview
