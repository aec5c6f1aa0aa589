"""项目支出绩效自评表 as grids, scored by ``juesuan score``'s own code.

The layout is the standard form (财预〔2020〕10号 附件): 项目名称, 主管部门 and
实施单位; the 项目资金 block (年初预算数, 全年预算数, 全年执行数, 分值, 执行率,
得分); 年度总体目标 (预期目标 / 实际完成情况); the indicator rows (一级 / 二级 /
三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施) and 总分.
Every score, the execution rate, the total and the grade come from
:func:`juesuan.score.score_form`; nothing is scored here.
"""

from __future__ import annotations

from decimal import Decimal

from ..interval import round_to
from ..model import format_number
from ..score import ScoredForm, score_form
from .data import GenerateInput, SelfEvaluation
from .phrases import Formatter
from .tables import Cell, Grid

WIDTH = 9


def scored(e: SelfEvaluation) -> ScoredForm:
    return score_form(e.form)


def points(x: Decimal | None) -> str:
    if x is None:
        return ""
    return f"{x.normalize():f}" if x == x.to_integral_value() else format_number(x, 2)


def _label(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, bold=True)


def _num(text: str) -> Cell:
    return Cell(text, numeric=True)


def _merged_levels(rows: list) -> list[tuple[int, int]]:
    """(rowspan of 一级指标, rowspan of 二级指标) per indicator row: 0 where merged into the row above."""
    spans = [[1, 1] for _ in rows]
    for level in (0, 1):
        i = 0
        while i < len(rows):
            j = i + 1
            key = rows[i][: level + 1]
            while j < len(rows) and rows[j][: level + 1] == key and key[level]:
                spans[j][level] = 0
                j += 1
            spans[i][level] = j - i
            i = j
    return [tuple(s) for s in spans]


BLANK_INDICATORS = (("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"), ("产出指标", "成本指标"),
                    ("效益指标", "社会效益指标"), ("效益指标", "可持续影响指标"), ("满意度指标", "服务对象满意度指标"))


def blank() -> SelfEvaluation:
    """An empty form for the template workbook: the 一级/二级指标 of the standard tree, nothing else."""
    from ..score import FormInput, IndicatorInput

    return SelfEvaluation(FormInput(indicators=[IndicatorInput("", Decimal(0), level1=a, level2=b)
                                                for a, b in BLANK_INDICATORS]))


def form_grid(e: SelfEvaluation, fmt: Formatter, year: int) -> Grid:
    s = scored(e)
    f = s.form
    money = fmt.number
    rate = f"{format_number(round_to(s.execution_rate, 2), 2)}%" if s.execution_rate is not None else ""
    rows: list[tuple[Cell, ...]] = [
        (_label("项目名称"), Cell(f.project or "", colspan=8)),
        (_label("主管部门"), Cell(e.department, colspan=3), _label("实施单位"), Cell(e.implementer, colspan=4)),
        (_label(f"项目资金（{fmt.unit}）", rowspan=2), _label("", colspan=2), _label("年初预算数"), _label("全年预算数"),
         _label("全年执行数"), _label("分值"), _label("执行率"), _label("得分")),
        (Cell("年度资金总额", colspan=2),
         *(Cell(money(v), value=v, numeric=True) if v is not None else _num("")
           for v in (f.budget_initial, f.budget, f.executed)),
         _num(points(f.funds_weight)), _num(rate), _num(points(s.funds_score))),  # noqa: E501
        (_label("年度总体目标", rowspan=2), _label("预期目标", colspan=4), _label("实际完成情况", colspan=4)),
        (Cell(e.goal, colspan=4), Cell(e.achieved, colspan=4)),
        (_label("绩效指标", rowspan=len(s.indicators) + 1), _label("一级指标"), _label("二级指标"), _label("三级指标"),
         _label("年度指标值"), _label("实际完成值"), _label("分值"), _label("得分"), _label("偏差原因分析及改进措施")),
    ]
    levels = [(si.indicator.level1 or "", si.indicator.level2 or "") for si in s.indicators]
    for si, (span1, span2) in zip(s.indicators, _merged_levels(levels)):
        i = si.indicator
        cells = []
        if span1:
            cells.append(Cell(i.level1 or "", rowspan=span1))
        if span2:
            cells.append(Cell(i.level2 or "", rowspan=span2))
        named = bool(i.name)
        cells += [Cell(i.name), Cell(i.target), Cell(i.actual), _num(points(i.weight) if named else ""),
                  _num(points(si.score)), Cell(si.note if named else "")]
        rows.append(tuple(cells))
    filled = any(i.name for i in f.indicators)
    rows.append((_label("总分", colspan=6), _num(points(s.total_weight) if filled else ""),
                 _num(points(s.total) if filled else ""), Cell(f"自评等级：{s.grade}" if s.grade and filled else "")))
    title = f"项目支出绩效自评表（{year}年度）" if year else "项目支出绩效自评表"
    return Grid("self_evaluation", title, WIDTH, (), tuple(rows), label_columns=0,
                widths=(3, 3, 3, 5, 3, 3, 2, 2, 5))


def evaluation_grids(data: GenerateInput, fmt: Formatter) -> dict[str, Grid]:
    return {f"self_evaluation_{i}": form_grid(e, fmt, data.meta.year) for i, e in enumerate(data.self_evaluations)}
