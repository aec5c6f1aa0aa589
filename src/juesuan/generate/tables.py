"""The nine standard tables (九张表) in the official layout, as grids.

A :class:`Grid` is the layout every writer renders (Word, HTML, Markdown,
the Excel template): header rows with merged cells (``colspan`` /
``rowspan``, HTML's convention: a vertically merged cell appears once, in
its first row) and body rows.  Each body cell keeps its exact value, so the
Excel writer can store numbers and the readers of the workbook find the
same layout.

The 收入支出决算总表 and the 财政拨款收入支出决算总表 are built from the
other tables and the balances: they cannot disagree with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..catalog import class_name
from .compute import figures, personnel_and_public
from .data import SOURCES, ZERO, ClassTable, GenerateInput, Line
from .phrases import Formatter

CN = "零一二三四五六七八九十"

# The 类 the official 总表 lists on its expenditure side (blank when unused).
SUMMARY_CLASSES = ("201", "202", "203", "204", "205", "206", "207", "208", "210", "211", "212", "213", "214",
                   "215", "216", "217", "219", "220", "221", "222", "223", "224", "229", "234")

TITLES = {
    "summary": "收入支出决算总表", "income": "收入决算表", "expenditure": "支出决算表",
    "fiscal_summary": "财政拨款收入支出决算总表", "general": "一般公共预算财政拨款支出决算表",
    "basic": "一般公共预算财政拨款基本支出决算表", "three_public": "财政拨款“三公”经费支出决算表",
    "fund": "政府性基金预算财政拨款收入支出决算表", "soe": "国有资本经营预算财政拨款收入支出决算表",
}
ORDER = ("summary", "income", "expenditure", "fiscal_summary", "general", "basic", "three_public", "fund", "soe")
NOTES = {
    "summary": "本表反映部门本年度的总收支和年末结转结余情况。",
    "income": "本表反映部门本年度取得的各项收入情况。",
    "expenditure": "本表反映部门本年度各项支出情况。",
    "fiscal_summary": "本表反映部门本年度财政拨款总收支和结转结余情况。",
    "general": "本表反映部门本年度一般公共预算财政拨款支出情况。",
    "basic": "本表反映部门本年度一般公共预算财政拨款基本支出明细情况。",
    "three_public": "本表反映部门本年度“三公”经费支出预决算情况。",
    "fund": "本表反映部门本年度政府性基金预算财政拨款收入支出及结转和结余情况。",
    "soe": "本表反映部门本年度国有资本经营预算财政拨款收入支出及结转和结余情况。",
}
EMPTY_NOTES = {
    "three_public": "本年度没有财政拨款“三公”经费支出，故本表无数据。",
    "fund": "本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。",
    "soe": "本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据。",
}
HEADERS = {
    "income": ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"),
    "expenditure": ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"),
    "general": ("合计", "基本支出", "项目支出"),
}
SUMMARY_INCOME = (("一般公共预算财政拨款收入", "income.fiscal_general"), ("政府性基金预算财政拨款收入", "income.fiscal_fund"),
                  ("国有资本经营预算财政拨款收入", "income.fiscal_soe"), ("上级补助收入", "income.superior"),
                  ("事业收入", "income.business"), ("经营收入", "income.operating"),
                  ("附属单位上缴收入", "income.affiliated"), ("其他收入", "income.other"))
SUMMARY_TAIL = ((("本年收入合计", "income.total"), ("本年支出合计", "expenditure.total")),
                (("使用非财政拨款结余", "income.nonfiscal_balance_used"), ("结余分配", "expenditure.distribution")),
                (("年初结转和结余", "income.carryover_begin"), ("年末结转和结余", "expenditure.carryover_end")),
                (("总计", "totals.income_grand"), ("总计", "totals.expenditure_grand")))
SOURCE_NAMES = {"general": "一般公共预算财政拨款", "fund": "政府性基金预算财政拨款", "soe": "国有资本经营预算财政拨款"}
THREE_PUBLIC_COLUMNS = ("total", "overseas", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")
ECONOMIC_LEFT = ("301", "303")
FUND_WIDTHS = (2, 4) + (3,) * 6        # 人员经费 on the left pane, 公用经费 on the right


@dataclass(frozen=True)
class Cell:
    text: str = ""
    value: Decimal | None = None
    colspan: int = 1
    rowspan: int = 1
    numeric: bool = False
    bold: bool = False


@dataclass(frozen=True)
class Grid:
    kind: str
    title: str
    width: int
    header: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]
    note: str | None = None
    empty_note: str | None = None
    unit: str | None = None
    label_columns: int = 2           # leading columns holding codes and names
    widths: tuple[int, ...] = field(default=())    # relative column widths


def cn_numeral(n: int) -> str:
    """一 … 九十九 (the numbering of the 总表 rows)."""
    if n <= 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


def _h(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, bold=True)


def _n(fmt: Formatter, value: Decimal | None, bold: bool = False) -> Cell:
    return Cell(fmt.cell(value), value=value if value else None, numeric=True, bold=bold)


def _class_name(code: str) -> str:
    return class_name(code) or code


def _summary_classes(data: GenerateInput) -> list[str]:
    used = {ln.code for t in (data.expenditure, data.general, data.fund, data.soe) for ln in t.level("类")}
    return sorted(set(SUMMARY_CLASSES) | used)


def _names(data: GenerateInput) -> dict[str, str]:
    names = {}
    for t in (data.expenditure, data.general, data.fund, data.soe, data.income):
        for ln in t.level("类"):
            names.setdefault(ln.code, ln.name)
    return names


def summary(data: GenerateInput, fmt: Formatter) -> Grid:
    f = figures(data)
    codes = _summary_classes(data)
    names = _names(data)
    spend = {ln.code: ln["total"] for ln in data.expenditure.level("类")}
    header = ((_h("收入", 2), _h("支出", 2)), (_h("项目"), _h("决算数"), _h("项目"), _h("决算数")))
    rows = []
    for i in range(max(len(SUMMARY_INCOME), len(codes))):
        left = [Cell(), Cell()]
        if i < len(SUMMARY_INCOME):
            label, key = SUMMARY_INCOME[i]
            left = [Cell(f"{cn_numeral(i + 1)}、{label}"), _n(fmt, f[key])]
        right = [Cell(), Cell()]
        if i < len(codes):
            code = codes[i]
            right = [Cell(f"{cn_numeral(i + 1)}、{names.get(code, _class_name(code))}"), _n(fmt, spend.get(code))]
        rows.append(tuple(left + right))
    for (l_label, l_key), (r_label, r_key) in SUMMARY_TAIL:
        bold = l_label in ("本年收入合计", "总计")
        rows.append((Cell(l_label, bold=bold), _n(fmt, f[l_key], bold), Cell(r_label, bold=bold),
                     _n(fmt, f[r_key], bold)))
    return Grid("summary", TITLES["summary"], 4, header, tuple(rows), NOTES["summary"], label_columns=1,
                widths=(5, 3, 5, 3))


def _class_rows(fmt: Formatter, t: ClassTable, fields: tuple[str, ...]) -> list[tuple[Cell, ...]]:
    return [(Cell(ln.code), Cell(ln.name), *(_n(fmt, ln[f]) for f in fields)) for ln in t.rows]


def _total_row(fmt: Formatter, t: ClassTable, fields: tuple[str, ...]) -> tuple[Cell, ...]:
    return (Cell("合计", colspan=2, bold=True), *(_n(fmt, t[f], True) for f in fields))


def classification(data: GenerateInput, fmt: Formatter, kind: str) -> Grid:
    """收入决算表, 支出决算表, 一般公共预算财政拨款支出决算表 (合计 first, or last for the latter)."""
    t = data.table(kind)
    heads = HEADERS[kind]
    width = 2 + len(heads)
    header = ((_h("项目", 2), *(_h(h, rowspan=2) for h in heads)), (_h("功能分类科目编码"), _h("科目名称")))
    body = _class_rows(fmt, t, t.fields)
    total = _total_row(fmt, t, t.fields)
    body = body + [total] if kind == "general" else [total] + body
    return Grid(kind, TITLES[kind], width, header, tuple(body), NOTES[kind], widths=(2, 4) + (3,) * len(heads))


def fiscal_summary(data: GenerateInput, fmt: Formatter) -> Grid:
    f = figures(data)
    codes = _summary_classes(data)
    names = _names(data)
    by_source = {s: {ln.code: ln["total"] for ln in data.table(s).level("类")} for s in SOURCES}
    header = ((_h("收入", 2), _h("支出", 5)),
              (_h("项目"), _h("决算数"), _h("项目"), _h("合计"), *(_h(SOURCE_NAMES[s]) for s in SOURCES)))
    income_rows = [(f"{cn_numeral(i + 1)}、{SOURCE_NAMES[s]}", f[f"income.fiscal_{s}"]) for i, s in enumerate(SOURCES)]
    rows = []
    for i in range(max(len(income_rows), len(codes))):
        left = [Cell(income_rows[i][0]), _n(fmt, income_rows[i][1])] if i < len(income_rows) else [Cell(), Cell()]
        right = [Cell(), Cell(), Cell(), Cell(), Cell()]
        if i < len(codes):
            code = codes[i]
            vals = [by_source[s].get(code, ZERO) for s in SOURCES]
            right = [Cell(f"{cn_numeral(i + 1)}、{names.get(code, _class_name(code))}"),
                     _n(fmt, sum(vals, ZERO)), *(_n(fmt, v) for v in vals)]
        rows.append(tuple(left + right))
    spent = [f[f"fiscal.{s}_expenditure"] for s in SOURCES]
    rows.append((Cell("本年收入合计", bold=True), _n(fmt, f["income.fiscal"], True), Cell("本年支出合计", bold=True),
                 _n(fmt, f["fiscal.expenditure"], True), *(_n(fmt, v, True) for v in spent)))
    begins = [data.balances.fiscal_begin, data.fund["carryover_begin"], data.soe["carryover_begin"]]
    ends = [data.balances.fiscal_end, data.fund["carryover_end"], data.soe["carryover_end"]]
    rows.append((Cell("年初财政拨款结转和结余"), _n(fmt, f["fiscal.carryover_begin"]), Cell("年末财政拨款结转和结余"),
                 _n(fmt, f["fiscal.carryover_end"]), *(_n(fmt, v) for v in ends)))
    for i, s in enumerate(SOURCES):
        rows.append((Cell(f"{cn_numeral(i + 1)}、{SOURCE_NAMES[s]}"), _n(fmt, begins[i]), Cell(), Cell(), Cell(),
                     Cell(), Cell()))
    rows.append((Cell("总计", bold=True), _n(fmt, f["fiscal.grand"], True), Cell("总计", bold=True),
                 _n(fmt, f["fiscal.expenditure"] + f["fiscal.carryover_end"], True),
                 *(_n(fmt, spent[i] + ends[i], True) for i in range(3))))
    return Grid("fiscal_summary", TITLES["fiscal_summary"], 7, header, tuple(rows), NOTES["fiscal_summary"],
                label_columns=1, widths=(5, 3, 5, 3, 3, 3, 3))


def _economic_pane(t: ClassTable, left: bool) -> list[Line]:
    out = []
    for ln in t.level("类"):
        if (ln.code in ECONOMIC_LEFT) == left:
            out.append(ln)
            out.extend(r for r in t.rows if r.code.startswith(ln.code) and r.code != ln.code)
    return out


def basic(data: GenerateInput, fmt: Formatter) -> Grid:
    t = data.basic
    header = ((_h("经济分类科目编码"), _h("科目名称"), _h("决算数")) * 2,)
    left, right = _economic_pane(t, True), _economic_pane(t, False)

    def side(ln: Line | None) -> list[Cell]:
        if ln is None:
            return [Cell(), Cell(), Cell()]
        return [Cell(ln.code), Cell(ln.name), Cell(fmt.number(ln["amount"]), value=ln["amount"], numeric=True)]

    rows = []
    for i in range(max(len(left), len(right))):
        rows.append(tuple(side(left[i] if i < len(left) else None) + side(right[i] if i < len(right) else None)))
    personnel, public = personnel_and_public(data)
    rows.append((Cell("人员经费合计", colspan=2, bold=True), _n(fmt, personnel, True),
                 Cell("公用经费合计", colspan=2, bold=True), _n(fmt, public, True)))
    return Grid("basic", TITLES["basic"], 6, header, tuple(rows), NOTES["basic"], widths=(4, 9, 6, 4, 9, 6))


def three_public(data: GenerateInput, fmt: Formatter) -> Grid:
    tp = data.three_public
    header = ((_h("财政拨款“三公”经费", 12),),
              (_h("合计", 2, 2), _h("因公出国（境）费", 2, 2), _h("公务用车购置及运行维护费", 6), _h("公务接待费", 2, 2)),
              (_h("小计", 2), _h("公务用车购置费", 2), _h("公务用车运行维护费", 2)),
              tuple(_h(p) for _ in THREE_PUBLIC_COLUMNS for p in ("预算数", "决算数")))
    values = [tp.amount(phase, item) for item in THREE_PUBLIC_COLUMNS for phase in ("budget", "actual")]
    empty = not any(values)
    body = ((tuple(Cell() for _ in values) if empty else tuple(_n(fmt, v) for v in values)),)
    return Grid("three_public", TITLES["three_public"], 12, header, body, NOTES["three_public"],
                EMPTY_NOTES["three_public"] if empty else None, label_columns=0, widths=(1,) * 12)


def fund(data: GenerateInput, fmt: Formatter, kind: str) -> Grid:
    t = data.table(kind)
    header = ((_h("项目", 2), _h("年初结转和结余", rowspan=2), _h("本年收入", rowspan=2), _h("本年支出", 3),
               _h("年末结转和结余", rowspan=2)),
              (_h("功能分类科目编码"), _h("科目名称"), _h("合计"), _h("基本支出"), _h("项目支出")))
    if t.is_empty:
        body = (tuple(Cell() for _ in range(8)),)
        return Grid(kind, TITLES[kind], 8, header, body, NOTES[kind], EMPTY_NOTES[kind], widths=FUND_WIDTHS)
    body = tuple([_total_row(fmt, t, t.fields)] + _class_rows(fmt, t, t.fields))
    return Grid(kind, TITLES[kind], 8, header, body, NOTES[kind], widths=FUND_WIDTHS)


def grids(data: GenerateInput, fmt: Formatter) -> dict[str, Grid]:
    """The nine tables by kind, in the official order, each with its unit line."""
    built = {
        "summary": summary(data, fmt), "income": classification(data, fmt, "income"),
        "expenditure": classification(data, fmt, "expenditure"), "fiscal_summary": fiscal_summary(data, fmt),
        "general": classification(data, fmt, "general"), "basic": basic(data, fmt),
        "three_public": three_public(data, fmt), "fund": fund(data, fmt, "fund"), "soe": fund(data, fmt, "soe"),
    }
    unit = f"单位：{data.meta.unit}"
    return {k: _with_unit(built[k], unit) for k in ORDER}


def _with_unit(g: Grid, unit: str) -> Grid:
    from dataclasses import replace

    return replace(g, unit=unit)
