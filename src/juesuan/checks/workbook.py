"""Rules on the formulas of a spreadsheet disclosure (.xlsx): the value a cell
shows against the formula behind it."""

from __future__ import annotations

from decimal import Decimal

from ..interval import Interval, round_to
from ..model import format_number
from .base import Rule, Skip, rule

SHOWN_TERMS = 8          # terms of a long SUM written out in the arithmetic


@rule
class FormulaValue(Rule):
    """单元格显示的数与其公式不符，或公式出错（Excel 工作簿）。

    Excel 文件保存每个公式单元格的计算结果（打开文件时看到的数）。当文件由程序生成、
    在手动计算模式下修改或被人为改写时，显示的数可能不是公式算出的数。对“=SUM(区域)”
    及单元格相加减这类简单公式，按所引用单元格的值重算，与显示值比较（按显示的位数
    留出尾差）；公式的结果为错误值（#DIV/0!、#REF! 等）时给出警告。

    错误示例：C9 显示 307.82，其公式 =SUM(C5:C8) 按 C5:C8 的值算得 310.82。
    正确示例：C9 显示 307.82，其公式 =SUM(C5:C8) 算得 307.82。
    """

    id = "JS-R216"
    family = "workbook"
    severity = "error"
    title = "工作表单元格的值与其公式不符"

    def check(self, report):
        formulas = report.document.formulas
        if not formulas:
            raise Skip("不是含公式的 Excel 工作簿")
        for cell in formulas:
            if cell.error:
                yield self.finding(cell.span, f"单元格 {cell.place} 的公式 {cell.formula} 计算出错，显示为 "
                                              f"{cell.error}，表中此处没有数。",
                                   actual=cell.error, severity="warning", title="工作表公式计算出错")
            elif cell.cached is not None and cell.terms is not None:
                computed = cell.computed
                step = Decimal(1).scaleb(-cell.decimals)
                yield from self.unless_agreed(
                    Interval.printed(cell.cached, cell.decimals), Interval.exact(computed), step,
                    lambda cell=cell, computed=computed: self._differs(cell, computed))

    def _differs(self, cell, computed: Decimal):
        shown = format_number(cell.cached, cell.decimals)
        should = format_number(computed, cell.decimals)
        terms = [f"{'−' if sign < 0 else '+'} {ref} {format_number(value, max(cell.decimals, 0))}"
                 for sign, ref, value in cell.terms]
        written = " ".join(terms[:SHOWN_TERMS]) + (f" …（共{len(terms)}项）" if len(terms) > SHOWN_TERMS else "")
        return self.finding(
            cell.span,
            f"单元格 {cell.place} 显示 {shown}，但其公式 {cell.formula} 按所引用单元格的值算得 {should}，"
            f"相差 {format_number(abs(round_to(computed, cell.decimals) - cell.cached), cell.decimals)}；"
            "文件保存的结果未随数据更新，或显示值被改写。",
            expected=should, actual=shown,
            arithmetic=f"{written.lstrip('+ ')} = {should} ≠ {shown}")
