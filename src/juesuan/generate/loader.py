"""Load the input of ``juesuan generate``: YAML, JSON or an Excel workbook.

All three forms become one plain mapping (the YAML layout, see
``examples/generate/dayu-2023.yaml``), whose shape :mod:`.schema` checks, and
then one typed :class:`~.data.GenerateInput`.  Amounts are read as exact
decimals: YAML and JSON numbers never pass through ``float``
(:func:`juesuan.data.load_user_data`); "1,234.56" strings are accepted.  An
amount with more than two decimals, or that is not finite or of sensible
size, is refused with its field.

The mapping may also carry ``stated``: figures as the two 总表 of a pasted
workbook state them.  They are not used (the 总表 are derived) but compared
with what the other tables give, so a workbook whose 总表 disagrees with its
tables is reported, never silently corrected.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping

from pydantic import ValidationError

from ..extract.numbers import parse_cell_number
from ..schema import LIMIT, messages
from .compute import Problem, figures, problems
from .data import (PROCUREMENT_ITEMS, TABLE_FIELDS, THREE_PUBLIC_ITEMS, ZERO, Balances, ClassTable, GenerateInput,
                   Line, Meta, SelfEvaluation, Settings, ThreePublic)
from .schema import DataSchema

COUNT_FIELDS = ("groups", "travellers", "receptions", "guests", "vehicles_bought", "vehicles_held")
BALANCE_FIELDS = ("nonfiscal_balance_used", "carryover_begin", "distribution", "carryover_end", "fiscal_begin",
                  "fiscal_end")


class LoadError(Exception):
    """The input cannot be read; the message says where and why (in Chinese)."""


def load(path: str | Path) -> tuple[GenerateInput, list[Problem]]:
    """The typed input of a .yaml/.yml/.json/.xlsx file, and its problems."""
    from ..data import DataError, load_user_data

    p = Path(path)
    if not p.is_file():
        raise LoadError(f"{path}：文件不存在")
    suffix = p.suffix.lower()
    if suffix == ".xlsx":
        from .workbook_reader import read_workbook

        raw = read_workbook(p)
    elif suffix in (".json", ".yaml", ".yml"):
        try:
            raw = load_user_data(p.read_bytes(), suffix)
        except (DataError, OSError) as exc:
            raise LoadError(f"{path}：{exc}") from None
    else:
        raise LoadError(f"{path}：不支持的数据文件格式，请用 .xlsx、.yaml 或 .json")
    if not isinstance(raw, Mapping):
        raise LoadError(f"{path}：数据文件的顶层应是键值对")
    try:
        DataSchema.model_validate(raw)
    except ValidationError as exc:
        raise LoadError(f"{path}：数据有误：" + "；".join(messages(exc))) from None
    data = from_mapping(raw)
    return data, stated_problems(data, raw.get("stated") or {}) + problems(data)


def _number(value: Any, where: str, what: str) -> Decimal:
    """A finite Decimal of sensible size from a number or a "1,234.56" string."""
    if isinstance(value, bool):
        raise LoadError(f"{where}：应为{what}，却是{value}")
    if isinstance(value, (int, Decimal)):
        d = Decimal(value)
    else:
        parsed = parse_cell_number(str(value))
        if parsed is None:
            raise LoadError(f"{where}：“{value}”不是{what}")
        d = parsed[0]
    if not d.is_finite() or abs(d) >= LIMIT:
        raise LoadError(f"{where}：“{value}”不是合理的{what}")
    return d


def amount(value: Any, where: str) -> Decimal:
    """An exact amount (at most two decimals) from a number or a "1,234.56" string."""
    if value is None or value == "":
        return ZERO
    d = _number(value, where, "金额")
    if d != d.quantize(Decimal("0.01")):
        raise LoadError(f"{where}：金额“{value}”超过两位小数（请按公开时的单位和精度填写）")
    return d


def budget(value: Any, where: str) -> Decimal:
    """A 年初预算: an amount that is not negative."""
    d = amount(value, where)
    if d < 0:
        raise LoadError(f"{where}：年初预算“{value}”不能为负数")
    return d


def count(value: Any, where: str) -> int | None:
    if value is None or value == "":
        return None
    d = _number(value, where, "整数")
    if d != d.to_integral_value() or d < 0:
        raise LoadError(f"{where}：“{value}”不是非负整数")
    return int(d)


_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def text(value: Any) -> str:
    """Free text without the line breaks a folded YAML string or a cell adds between Chinese characters."""
    return _CJK_GAP.sub("", " ".join(str(value or "").split()))


def _code(value: Any, where: str) -> str:
    code = str(value).replace(" ", "").strip()
    if not code.isdigit() or len(code) not in (3, 5, 7):
        raise LoadError(f"{where}：科目编码“{value}”应为3位（类）、5位（款）或7位（项）数字")
    return code


def _table(kind: str, raw: Mapping | None) -> ClassTable:
    raw = raw or {}
    fields = TABLE_FIELDS[kind]
    rows = []
    for i, r in enumerate(raw.get("rows") or [], 1):
        where = f"tables.{kind} 第{i}行"
        if not isinstance(r, Mapping) or "code" not in r or "name" not in r:
            raise LoadError(f"{where}：每行应有 code、name 和金额")
        unknown = set(r) - set(fields) - {"code", "name"}
        if unknown:
            raise LoadError(f"{where}：不认识的列 {', '.join(sorted(unknown))}（可用：{', '.join(fields)}）")
        rows.append(Line(_code(r["code"], where), text(r["name"]),
                         {f: amount(r.get(f), f"{where} {f}") for f in fields}))
    stated_total = raw.get("total")
    if stated_total:
        total = {f: amount(stated_total.get(f), f"tables.{kind} 合计 {f}") for f in fields}
    else:
        total = {f: sum((ln[f] for ln in rows if ln.level == "类"), ZERO) for f in fields}
    return ClassTable(kind, tuple(rows), total)


def _by_code(raw: Mapping | None, convert, where: str) -> dict[tuple[str, str], Any]:
    out = {}
    for table, entries in (raw or {}).items():
        for code, value in (entries or {}).items():
            out[(str(table), _code(code, f"{where}.{table}"))] = convert(value, f"{where}.{table}.{code}")
    return out


def _self_evaluation(raw: Mapping, i: int, unit: str) -> SelfEvaluation:
    """A 项目支出绩效自评表 in the YAML form of ``juesuan score`` (examples/self-evaluation-form.yaml)."""
    from ..score import FormError, form_from_mapping

    if not isinstance(raw, Mapping):
        raise LoadError(f"self_evaluations 第{i}项：应为键值结构")
    try:
        form = form_from_mapping(dict(raw, unit=raw.get("unit") or unit))
    except FormError as exc:
        raise LoadError(f"self_evaluations 第{i}项：{exc}") from None
    return SelfEvaluation(form=form, **{k: text(raw.get(k)) for k in ("department", "implementer", "goal",
                                                                      "achieved")})


def from_mapping(raw: Mapping) -> GenerateInput:
    """The typed input of the YAML-shaped mapping (also what the workbook reader gives)."""
    for key in ("org", "year", "unit"):
        if not raw.get(key):
            raise LoadError(f"缺少“{key}”（单位名称 org、决算年度 year、金额单位 unit）")
    year = count(raw["year"], "year")
    if not 1949 < year < 2200:
        raise LoadError(f"year：决算年度“{raw['year']}”不是合理的年份")
    unit = str(raw["unit"]).strip()
    if unit not in ("元", "万元"):
        raise LoadError(f"金额单位 unit 应为“元”或“万元”，不是“{unit}”")
    s = raw.get("settings") or {}
    pd = count(s.get("percent_decimals", 2), "settings.percent_decimals")
    if pd not in (1, 2):
        raise LoadError("settings.percent_decimals：百分比保留1位或2位小数")
    settings = Settings(percent_decimals=pd, shares_sum_to_100=_flag(s.get("shares_sum_to_100", False)),
                        grouping=None if s.get("grouping") in (None, "") else _flag(s.get("grouping")))
    tables = raw.get("tables") or {}
    tp = tables.get("three_public") or {}
    counts = tp.get("counts") or {}
    three = ThreePublic(
        budget={i: amount((tp.get("budget") or {}).get(i), f"three_public.budget.{i}") for i in THREE_PUBLIC_ITEMS},
        actual={i: amount((tp.get("actual") or {}).get(i), f"three_public.actual.{i}") for i in THREE_PUBLIC_ITEMS},
        **{c: count(counts.get(c), f"three_public.counts.{c}") for c in COUNT_FIELDS})
    balances = Balances(**{b: amount((raw.get("balances") or {}).get(b), f"balances.{b}") for b in BALANCE_FIELDS})
    reasons = raw.get("reasons") or {}
    optional = {k: amount(raw[k], k) if raw.get(k) not in (None, "") else None
                for k in ("operation_cost", "purchased_services")}
    return GenerateInput(
        meta=Meta(org=text(raw["org"]), year=year, unit=unit),
        settings=settings,
        **{kind: _table(kind, tables.get(kind)) for kind in TABLE_FIELDS},
        three_public=three, balances=balances,
        last_year={str(k): amount(v, f"last_year.{k}") for k, v in (raw.get("last_year") or {}).items()
                   if v not in (None, "")},
        budgets=_by_code(raw.get("budgets"), budget, "budgets"),
        line_reasons=_by_code(raw.get("line_reasons"), lambda v, w: text(v), "line_reasons"),
        reasons={str(k): text(v) for k, v in reasons.items() if v},
        procurement={i: amount((raw.get("procurement") or {}).get(i), f"procurement.{i}")
                     for i in PROCUREMENT_ITEMS + ("sme", "small_micro")} if raw.get("procurement") else {},
        assets={k: count(v, f"assets.{k}") for k, v in (raw.get("assets") or {}).items() if v not in (None, "")},
        profile={str(k): text(v) for k, v in (raw.get("profile") or {}).items() if v},
        self_evaluations=tuple(_self_evaluation(e, i, unit)
                               for i, e in enumerate(raw.get("self_evaluations") or [], 1))
        + tuple(SelfEvaluation(**f) for f in raw.get("self_evaluation_forms") or []),
        **optional)


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "y", "是", "对", "√")
    return bool(value)


def stated_problems(data: GenerateInput, stated: Mapping) -> list[Problem]:
    """Figures a pasted 总表 states that differ from what the other tables give."""
    derived = figures(data)
    out = []
    for key, value in stated.items():
        if key not in derived or value in (None, ""):
            continue
        v = amount(value, f"stated.{key}")
        if v != derived[key]:
            out.append(Problem("error", f"总表 {key}", f"总表填写{v:f}，由其他各表计算应为{derived[key]:f}"))
    return out
