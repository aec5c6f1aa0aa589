"""The Excel workbook of ``juesuan generate``: the nine tables and a sheet of extras.

Each of the nine standard tables is a sheet in the official layout (the
same :class:`~.tables.Grid` the generated document prints), so the export of
a finance system can be pasted in.  Two more sheets hold what the tables
lack: 补充信息 (one labelled value per row, keyed like the YAML form) and
年初预算及原因 (年初预算 and the reason of each 类/款/项).

:func:`write_workbook` writes a filled workbook or, from an empty input, the
template; :mod:`.workbook_reader` reads one back.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from .data import (TABLE_FIELDS, THREE_PUBLIC_ITEMS, ZERO, Balances, ClassTable, GenerateInput, Meta, Settings,
                   ThreePublic)
from .phrases import Formatter
from .selfeval import blank, form_grid
from .tables import ORDER, TITLES, Grid, grids

SHEETS = {kind: TITLES[kind] for kind in ORDER}
EXTRAS_SHEET = "补充信息"
BUDGETS_SHEET = "年初预算及原因"
TEMPLATE_UNIT = "单位：见“补充信息”"
FORM_SHEET = "自评表"           # 自评表1, 自评表2 …: one 项目支出绩效自评表 per sheet
TABLE_SHEETS = {"general": "一般公共预算", "fund": "政府性基金", "soe": "国有资本经营"}
# (path in the YAML mapping, label, explanation) of each row of the 补充信息 sheet.
EXTRAS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("org",), "单位名称", "部门（单位）全称"),
    (("year",), "决算年度", "例如 2023"),
    (("unit",), "金额单位", "元 或 万元；各表金额都按此单位填写，最多两位小数"),
    (("settings", "percent_decimals"), "百分比小数位数", "1 或 2"),
    (("settings", "shares_sum_to_100"), "构成占比调整为合计100%", "是/否：按最大余数法调整各项占比使合计为100%"),
    (("settings", "grouping"), "金额使用千分位", "是/否；不填时元用千分位、万元不用"),
    (("profile", "duties"), "部门职责", "第一部分“部门职责”的文字"),
    (("profile", "structure"), "机构设置", "第一部分“机构设置”的文字"),
    (("profile", "staff"), "人员构成", "第一部分“人员构成”的文字"),
    (("last_year", "totals.grand"), "上年收入支出总计", "上年决算数"),
    (("last_year", "income.total"), "上年本年收入合计", "上年决算数"),
    (("last_year", "expenditure.total"), "上年本年支出合计", "上年决算数"),
    (("last_year", "fiscal.grand"), "上年财政拨款收入支出总计", "上年决算数"),
    (("last_year", "fiscal.general_expenditure"), "上年一般公共预算财政拨款支出", "上年决算数"),
    (("last_year", "three_public.total.actual"), "上年“三公”经费财政拨款支出", "上年决算数"),
    (("last_year", "operation_cost"), "上年机关运行经费", "上年决算数"),
    (("three_public", "counts", "groups"), "因公出国（境）团组数", "个"),
    (("three_public", "counts", "travellers"), "因公出国（境）人次", "人次"),
    (("three_public", "counts", "receptions"), "公务接待批次", "批次"),
    (("three_public", "counts", "guests"), "公务接待人次", "人次"),
    (("three_public", "counts", "vehicles_bought"), "公务用车购置数", "辆"),
    (("three_public", "counts", "vehicles_held"), "公务用车保有量", "辆"),
    (("operation_cost",), "机关运行经费", "金额"),
    (("procurement", "goods"), "政府采购货物支出", "金额"),
    (("procurement", "works"), "政府采购工程支出", "金额"),
    (("procurement", "services"), "政府采购服务支出", "金额"),
    (("procurement", "sme"), "授予中小企业合同金额", "金额"),
    (("procurement", "small_micro"), "其中：授予小微企业合同金额", "金额"),
    (("assets", "vehicles"), "车辆", "辆"),
    (("assets", "large_equipment"), "单价100万元（含）以上设备", "台（套）"),
    (("purchased_services",), "政府购买服务支出", "金额"),
    (("reasons", "totals.grand"), "收入支出总计增减的主要原因", "不填则文中留“（待填写）”"),
    (("reasons", "income.total"), "本年收入合计增减的主要原因", ""),
    (("reasons", "expenditure.total"), "本年支出合计增减的主要原因", ""),
    (("reasons", "fiscal.grand"), "财政拨款收入支出总计增减的主要原因", ""),
    (("reasons", "fiscal.general_expenditure"), "一般公共预算财政拨款支出增减的主要原因", "与上年比较"),
    (("reasons", "three_public.total"), "“三公”经费决算数与预算数差异的主要原因", ""),
    (("reasons", "three_public.overseas"), "因公出国（境）费差异的主要原因", ""),
    (("reasons", "three_public.vehicle_purchase"), "公务用车购置费差异的主要原因", ""),
    (("reasons", "three_public.vehicle_operation"), "公务用车运行维护费差异的主要原因", ""),
    (("reasons", "three_public.reception"), "公务接待费差异的主要原因", ""),
    (("reasons", "operation_cost"), "机关运行经费增减的主要原因", ""),
)
THREE_PUBLIC_CELLS = ("total", "overseas", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")


def empty_input(unit: str = "元") -> GenerateInput:
    """An input with nothing in it: what the template workbook shows."""
    def table(kind: str) -> ClassTable:
        return ClassTable(kind, (), {f: ZERO for f in TABLE_FIELDS[kind]})

    return GenerateInput(meta=Meta("", 0, unit), settings=Settings(),
                         **{k: table(k) for k in TABLE_FIELDS},
                         three_public=ThreePublic({i: ZERO for i in THREE_PUBLIC_ITEMS},
                                                  {i: ZERO for i in THREE_PUBLIC_ITEMS}),
                         balances=Balances())


# ---- writing ---------------------------------------------------------------------

def write_workbook(data: GenerateInput, path: str | Path, template: bool = False) -> Path:
    """Write the workbook of ``data`` (``template``: leave the extras blank)."""
    Path(path).write_bytes(workbook_bytes(data, template))
    return Path(path)


def workbook_bytes(data: GenerateInput, template: bool = False) -> bytes:
    """The .xlsx of ``data`` (``template``: leave the extras blank)."""
    import io

    from openpyxl import Workbook

    fmt = Formatter(data.meta.unit, data.settings)
    wb = Workbook()
    wb.remove(wb.active)
    number_format = "#,##0.00" if fmt.grouped else "0.00"
    for kind, grid in grids(data, fmt).items():
        if template:
            grid = replace(grid, unit=TEMPLATE_UNIT)
        _write_grid(wb.create_sheet(SHEETS[kind]), grid, number_format, blank_rows=8 if template else 0)
    _write_extras(wb.create_sheet(EXTRAS_SHEET), data, template)
    _write_budgets(wb.create_sheet(BUDGETS_SHEET), data, number_format)
    forms = data.self_evaluations or ((blank(),) if template else ())
    for i, e in enumerate(forms, 1):
        _write_grid(wb.create_sheet(f"{FORM_SHEET}{i}"), form_grid(e, fmt, data.meta.year), number_format)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    return {"border": Border(left=thin, right=thin, top=thin, bottom=thin),
            "head": PatternFill("solid", fgColor="E7EEF7"), "bold": Font(bold=True),
            "title": Font(bold=True, size=14), "center": Alignment(horizontal="center", vertical="center",
                                                                    wrap_text=True)}


def _write_grid(ws, grid: Grid, number_format: str, blank_rows: int = 0) -> None:
    from openpyxl.utils import get_column_letter

    st = _styles()
    ws.cell(1, 1, grid.title).font = st["title"]
    ws.row_dimensions[1].height = 24
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.width)
    ws.cell(2, grid.width, grid.unit or "")
    taken: set[tuple[int, int]] = set()
    row = 3
    body = list(grid.body) + [tuple() for _ in range(blank_rows)]
    for i, cells in enumerate(list(grid.header) + body):
        header = i < len(grid.header)
        col = 1
        for c in cells:
            while (row, col) in taken:
                col += 1
            cell = ws.cell(row, col, c.value if c.value is not None else (c.text or None))
            if header:
                cell.font, cell.fill, cell.alignment = st["bold"], st["head"], st["center"]
            elif c.bold:
                cell.font = st["bold"]
            if c.numeric:
                cell.number_format = number_format
            if c.colspan > 1 or c.rowspan > 1:
                ws.merge_cells(start_row=row, start_column=col, end_row=row + c.rowspan - 1,
                               end_column=col + c.colspan - 1)
            taken.update((row + r, col + k) for r in range(c.rowspan) for k in range(c.colspan))
            col += c.colspan
        row += 1
    for r in range(3, row):
        for col in range(1, grid.width + 1):
            ws.cell(r, col).border = st["border"]
    if grid.note:
        ws.cell(row, 1, "注：" + grid.note)
    for i, w in enumerate(grid.widths or (1,) * grid.width, 1):
        ws.column_dimensions[get_column_letter(i)].width = 6 * w
    ws.freeze_panes = ws.cell(3 + len(grid.header), 1)


def _extras_values(data: GenerateInput) -> dict[tuple[str, ...], Any]:
    tp = data.three_public
    values: dict[tuple[str, ...], Any] = {
        ("org",): data.meta.org, ("year",): data.meta.year, ("unit",): data.meta.unit,
        ("settings", "percent_decimals"): data.settings.percent_decimals,
        ("settings", "shares_sum_to_100"): "是" if data.settings.shares_sum_to_100 else "否",
        ("settings", "grouping"): None if data.settings.grouping is None else ("是" if data.settings.grouping else "否"),
        ("operation_cost",): data.operation_cost, ("purchased_services",): data.purchased_services,
    }
    for c in ("groups", "travellers", "receptions", "guests", "vehicles_bought", "vehicles_held"):
        values[("three_public", "counts", c)] = getattr(tp, c)
    for group in ("profile", "last_year", "procurement", "assets", "reasons"):
        for k, v in getattr(data, group).items():
            values[(group, k)] = v
    return values


def _write_extras(ws, data: GenerateInput, template: bool) -> None:
    st = _styles()
    for col, (text, width) in enumerate((("项目", 34), ("键", 34), ("值", 60), ("说明", 50)), 1):
        cell = ws.cell(1, col, text)
        cell.font, cell.fill = st["bold"], st["head"]
        ws.column_dimensions["ABCD"[col - 1]].width = width
    values = {} if template else _extras_values(data)
    for row, (path, label, note) in enumerate(EXTRAS, 2):
        ws.cell(row, 1, label)
        ws.cell(row, 2, ".".join(path))
        ws.cell(row, 3, values.get(path))
        ws.cell(row, 4, note)
    ws.freeze_panes = "A2"


def _write_budgets(ws, data: GenerateInput, number_format: str) -> None:
    st = _styles()
    heads = (("表", 14), ("科目编码", 12), ("科目名称", 36), ("年初预算数", 18),
             ("决算数与年初预算数不同的主要原因", 70))
    for col, (text, width) in enumerate(heads, 1):
        cell = ws.cell(1, col, text)
        cell.font, cell.fill = st["bold"], st["head"]
        ws.column_dimensions["ABCDE"[col - 1]].width = width
    row = 2
    for table, name in TABLE_SHEETS.items():
        for line in data.table(table).rows:
            if line.level == "项" and (table, line.code) not in data.budgets:
                continue
            ws.cell(row, 1, name)
            ws.cell(row, 2, line.code)
            ws.cell(row, 3, line.name)
            budget = data.budgets.get((table, line.code))
            if budget is not None:
                ws.cell(row, 4, budget).number_format = number_format
            ws.cell(row, 5, data.line_reasons.get((table, line.code)))
            row += 1
    ws.freeze_panes = "A2"
