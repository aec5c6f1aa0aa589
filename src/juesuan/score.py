"""Score a 项目支出绩效自评表 from its targets and actuals (``juesuan score FORM``).

A preparer fills the form (YAML, or the xlsx form itself) with the year's
targets (年度指标值), actuals (实际完成值) and weights (分值); this module gives
each row its score by the standard method and the total and grade:

* budget execution: 执行率 = 全年执行数 ÷ 全年预算数, score = min(执行率, 100%) × 分值
  (10 by default);
* quantitative indicators (≥, or a number without a sign): completion ratio
  实际 ÷ 目标, capped at 100%, × 分值;
* reverse indicators (≤: costs, durations): 目标 ÷ 实际 when the actual is over
  the target, else full marks;
* equality indicators (=): full marks when equal, else the smaller over the
  larger;
* qualitative indicators (定性, or an actual that is a word): the grade word
  earns a share of the weight — 优 100%, 良 80%, 中 60%, 差 0% (完成/达到 100%,
  未完成 0%), or as the form's own ``qualitative`` scheme says;
* total = Σ scores (each rounded to 0.01); grade by the bands of 财预〔2020〕10号
  (≥90 优, ≥80 良, ≥60 中, else 差) or the form's own ``bands``.

The phrases (headers, grade words, ratios, default bands) come from
``data/performance.yaml``.  Money and scores are Decimal throughout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, Field, ValidationError

from .extract.performance import default_bands, phrases
from .performance_model import BandTable, GradeBand
from .schema import MODEL_CONFIG, BlankText, OptionalNonNegative, OptionalPercent, Percent, Text, messages

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class FormError(Exception):
    """The form cannot be read or is incomplete; the message says why."""


# ---- input ----------------------------------------------------------------------

@dataclass
class IndicatorInput:
    name: str
    weight: Decimal
    target: str = ""
    actual: str = ""
    nature: str | None = None
    level1: str | None = None
    level2: str | None = None
    unit: str | None = None


@dataclass
class FormInput:
    project: str | None = None
    unit: str = "万元"
    budget_initial: Decimal | None = None
    budget: Decimal | None = None
    executed: Decimal | None = None
    funds_weight: Decimal = Decimal(10)
    indicators: list[IndicatorInput] = field(default_factory=list)
    bands: BandTable | None = None
    qualitative: dict[str, Decimal] | None = None


class _Funds(BaseModel):
    model_config = MODEL_CONFIG
    budget_initial: OptionalNonNegative = None
    budget: OptionalNonNegative = None
    executed: OptionalNonNegative = None
    weight: OptionalPercent = None


class _Indicator(BaseModel):
    model_config = MODEL_CONFIG
    name: Annotated[Text, Field(min_length=1)]
    weight: Percent
    target: BlankText = ""
    actual: BlankText = ""
    nature: Text | None = None
    level1: Text | None = None
    level2: Text | None = None
    unit: Text | None = None


class FormSchema(BaseModel):
    """The YAML form of ``juesuan score`` (examples/self-evaluation-form.yaml), validated."""

    model_config = MODEL_CONFIG
    project: Text | None = None
    unit: Text | None = None
    funds: _Funds | None = None
    indicators: Annotated[list[_Indicator], Field(min_length=1)]
    bands: dict[Text, Percent] | None = None
    qualitative: dict[Text, Percent] | None = None


def form_from_mapping(data) -> FormInput:
    """A form from the YAML structure (see examples/self-evaluation-form.yaml)."""
    if not isinstance(data, dict):
        raise FormError("表单内容应为键值结构（a mapping with funds and indicators）")
    try:
        valid = FormSchema.model_validate(data)
    except ValidationError as exc:
        raise FormError("表单数据有误：" + "；".join(messages(exc))) from None
    funds = valid.funds or _Funds()
    form = FormInput(project=valid.project, unit=valid.unit or "万元", budget_initial=funds.budget_initial,
                     budget=funds.budget, executed=funds.executed,
                     funds_weight=Decimal(10) if funds.weight is None else funds.weight)
    form.indicators = [IndicatorInput(name=i.name, weight=i.weight, target=i.target, actual=i.actual, nature=i.nature,
                                      level1=i.level1, level2=i.level2, unit=i.unit) for i in valid.indicators]
    if valid.bands:
        form.bands = BandTable(tuple(GradeBand(g, lo) for g, lo in valid.bands.items()))
    if valid.qualitative:
        form.qualitative = dict(valid.qualitative)
    return form


def form_from_document(doc) -> FormInput:
    """A form from a document holding a 项目支出绩效自评表 (txt, docx, xlsx as text)."""
    from .extract.performance import forms_in

    forms = forms_in(doc)
    if not forms or forms[0].indicators is None:
        raise FormError("没有找到项目支出绩效自评表（no 项目资金 block with 全年预算数/全年执行数 and an indicator table）")
    found = forms[0]
    total = found.funds_total
    funds = {}
    if total is not None:
        funds = {key: getattr(total, key).value for key in ("budget_initial", "budget", "executed", "weight")
                 if getattr(total, key) is not None}
    for ind in found.indicators.indicators:
        if ind.weight is None:
            raise FormError(f"指标“{ind.name}”的分值不是数字：{ind.weight_text!r}")
    return form_from_mapping({
        "project": found.project, "unit": found.unit, "funds": funds,
        "indicators": [{"name": i.name, "weight": i.weight.value, "target": i.target_text or "",
                        "actual": i.actual_text or "", "nature": i.nature, "level1": i.level1, "level2": i.level2,
                        "unit": i.unit} for i in found.indicators.indicators]})


def xlsx_to_text(data: bytes) -> str:
    """The first sheet of a workbook in the txt tab-cell form (one cell per line)."""
    from .xlsx_input import WorkbookError, open_workbook, sheet_rows

    try:
        wb = open_workbook(data)
        sheet = next((ws for ws in wb.worksheets if "自评" in ws.title), wb.worksheets[0])
        values = sheet_rows(sheet)
    except WorkbookError as exc:
        raise FormError(str(exc)) from None
    rows = [["" if v is None else str(v).replace("\n", " ").strip() for v in r] for r in values]
    rows = [r for r in rows if any(r)]
    width = max((len(r) for r in rows), default=0)
    lines = []
    for r in rows:
        r = r + [""] * (width - len(r))
        lines.extend("\t" + c for c in r)
        lines.append("")
    return "\n".join(lines) + "\n"


def load_form(path: str) -> FormInput:
    """Read a form from YAML (.yaml/.yml) or JSON, xlsx, or a txt/docx holding the table."""
    from .data import DataError, load_user_data
    from .readers import ReadError, read_bytes

    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise FormError(f"无法打开文件（{exc.strerror or exc}）") from None
    if not data.strip():
        raise FormError("文件为空（empty file）")
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        try:
            return form_from_mapping(load_user_data(data, suffix))
        except DataError as exc:
            raise FormError(str(exc)) from None
    if suffix in (".xlsx", ".xlsm"):
        path, data = "form.txt", xlsx_to_text(data).encode("utf-8")
    try:
        return form_from_document(read_bytes(path, data))
    except ReadError as exc:
        raise FormError(exc.reason) from None


# ---- scoring -----------------------------------------------------------------------

_CMP = [("≥", ("≥", "≧", ">=", "大于等于", "不低于", "不少于", "不小于", "＞＝")),
        ("≤", ("≤", "≦", "<=", "小于等于", "不高于", "不超过", "不大于", "＜＝")),
        ("=", ("=", "＝", "等于")),
        (">", (">", "＞", "大于", "高于")),
        ("<", ("<", "＜", "小于", "低于"))]


def parse_value(text: str) -> tuple[str | None, Decimal | None]:
    """(comparator, number) of a target or actual ("≥90%" → ("≥", 90)); the number
    is None when the text is not one number ("年底前完成", "100-90%")."""
    t = "".join(str(text).split()).replace(",", "")
    cmp = None
    for sign, words in _CMP:
        for w in words:
            if t.startswith(w):
                cmp, t = sign, t[len(w):]
                break
        if cmp:
            break
    m = re.fullmatch(r"(-?\d+(?:\.\d+)?)(\D{0,6})", t)
    return cmp, (Decimal(m.group(1)) if m else None)


def _nature(ind: IndicatorInput, target_cmp: str | None) -> str:
    n = "".join((ind.nature or "").split())
    if n in ("定性",):
        return "qualitative"
    if n in ("≤", "≦", "<", "＜", "反向", "反向指标") or target_cmp in ("≤", "<"):
        return "reverse"
    if n in ("=", "＝") or target_cmp == "=":
        return "equal"
    return "positive"


def qualitative_ratio(word: str, scheme: dict[str, Decimal] | None = None) -> Decimal | None:
    """Share (percent) of the weight a grade word earns; the longest word contained wins."""
    table = scheme or {k: Decimal(str(v)) for k, v in phrases()["qualitative_ratios"].items()}
    w = "".join(str(word).split()).strip("“”\"'")
    if w in table:
        return table[w]
    hits = [k for k in table if k in w]
    if not hits:
        return None
    return table[max(hits, key=len)]


@dataclass
class ScoredIndicator:
    indicator: IndicatorInput
    method: str                       # "positive" | "reverse" | "equal" | "qualitative" | "unscored"
    ratio: Decimal | None             # completion share, 0…100 (percent)
    score: Decimal | None
    note: str = ""


@dataclass
class ScoredForm:
    form: FormInput
    execution_rate: Decimal | None
    funds_score: Decimal | None
    indicators: list[ScoredIndicator]
    total_weight: Decimal
    total: Decimal
    grade: str | None
    complete: bool
    notes: list[str] = field(default_factory=list)


def round2(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def score_indicator(ind: IndicatorInput, qualitative: dict[str, Decimal] | None = None) -> ScoredIndicator:
    t_cmp, target = parse_value(ind.target)
    _, actual = parse_value(ind.actual)
    nature = _nature(ind, t_cmp)
    if nature != "qualitative" and target is not None and actual is not None:
        if nature == "reverse":
            ratio = HUNDRED if actual <= target else (target / actual * HUNDRED if actual > 0 else HUNDRED)
        elif nature == "equal":
            ratio = HUNDRED if actual == target else (min(actual, target) / max(actual, target) * HUNDRED
                                                      if max(actual, target) > 0 else Decimal(0))
        else:
            ratio = HUNDRED if target <= 0 else min(actual / target * HUNDRED, HUNDRED)
        ratio = max(ratio, Decimal(0))
        return ScoredIndicator(ind, nature, ratio, round2(ind.weight * ratio / HUNDRED))
    ratio = qualitative_ratio(ind.actual, qualitative)
    if ratio is None:
        why = "完成值不是数字，也不是可识别的等级词" if ind.actual else "缺少实际完成值"
        return ScoredIndicator(ind, "unscored", None, None, why)
    return ScoredIndicator(ind, "qualitative", ratio, round2(ind.weight * ratio / HUNDRED))


def grade_of(score: Decimal, bands: BandTable | None = None) -> str | None:
    """The grade of a score: 财预〔2020〕10号 bands unless others are given."""
    return (bands or default_bands()).grade_of(Decimal(score))


def score_form(form: FormInput) -> ScoredForm:
    notes = []
    rate = funds_score = None
    if form.budget is not None and form.executed is not None:
        if form.budget > 0:
            rate = form.executed / form.budget * HUNDRED
            funds_score = round2(form.funds_weight * min(rate, HUNDRED) / HUNDRED)
        else:
            notes.append("全年预算数为0，无法计算执行率")
    else:
        notes.append("缺少全年预算数或全年执行数，预算执行率未评分")
    scored = [score_indicator(i, form.qualitative) for i in form.indicators]
    total_weight = form.funds_weight + sum(i.weight for i in form.indicators)
    if total_weight != HUNDRED:
        notes.append(f"分值合计为{total_weight.normalize():f}，不是100")
    total = (funds_score or Decimal(0)) + sum(s.score for s in scored if s.score is not None)
    complete = funds_score is not None and all(s.score is not None for s in scored)
    if not complete:
        notes.append("有未能评分的项目，总分与等级仅供参考")
    return ScoredForm(form, rate, funds_score, scored, total_weight, round2(total),
                      grade_of(total, form.bands), complete, notes)


# ---- output ---------------------------------------------------------------------------

def _fmt(x: Decimal | None, places: int = 2) -> str:
    return "—" if x is None else f"{x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"


def _w(x: Decimal) -> str:
    return f"{x.normalize():f}"


_METHOD = {"positive": "完成率", "reverse": "反向（目标÷实际）", "equal": "等于目标", "qualitative": "等级",
           "unscored": "未评分"}


def render_text(s: ScoredForm) -> str:
    f = s.form
    out = [f"项目支出绩效自评表评分：{f.project or '（未写项目名称）'}"]
    out.append(f"  预算执行：全年预算数 {_fmt(f.budget)}{f.unit}，全年执行数 {_fmt(f.executed)}{f.unit}，"
               f"执行率 {_fmt(s.execution_rate)}%，分值 {_w(f.funds_weight)}，得分 {_fmt(s.funds_score)}")
    out.append("  一级指标 / 二级指标 / 三级指标 | 指标值 | 完成值 | 分值 | 得分 | 方法")
    for si in s.indicators:
        i = si.indicator
        path = " / ".join(x for x in (i.level1, i.level2, i.name) if x)
        ratio = f"{_fmt(si.ratio)}%" if si.ratio is not None else si.note
        out.append(f"  {path} | {i.target or '—'} | {i.actual or '—'} | {_w(i.weight)} | {_fmt(si.score)} | "
                   f"{_METHOD[si.method]} {ratio}")
    out.append(f"  总分 {_fmt(s.total)}（满分 {_w(s.total_weight)}），等级：{s.grade or '—'}")
    for n in s.notes:
        out.append(f"  注：{n}")
    return "\n".join(out)


def to_dict(s: ScoredForm) -> dict:
    f = s.form
    return {
        "project": f.project, "unit": f.unit,
        "funds": {"budget_initial": _fmt(f.budget_initial) if f.budget_initial is not None else None,
                  "budget": _fmt(f.budget) if f.budget is not None else None,
                  "executed": _fmt(f.executed) if f.executed is not None else None,
                  "weight": _w(f.funds_weight),
                  "execution_rate": _fmt(s.execution_rate) if s.execution_rate is not None else None,
                  "score": _fmt(s.funds_score) if s.funds_score is not None else None},
        "indicators": [{"level1": si.indicator.level1, "level2": si.indicator.level2, "name": si.indicator.name,
                        "nature": si.indicator.nature, "target": si.indicator.target, "actual": si.indicator.actual,
                        "weight": _w(si.indicator.weight), "method": si.method,
                        "ratio": _fmt(si.ratio) if si.ratio is not None else None,
                        "score": _fmt(si.score) if si.score is not None else None, "note": si.note or None}
                       for si in s.indicators],
        "total_weight": _w(s.total_weight), "total": _fmt(s.total), "grade": s.grade, "complete": s.complete,
        "notes": s.notes,
    }
