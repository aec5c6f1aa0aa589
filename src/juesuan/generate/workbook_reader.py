"""Read the input workbook back into the YAML-shaped mapping of :mod:`.loader`.

The layout is :mod:`.workbook`'s.  Classification sheets are read by their
codes (a row whose first cell is a 3/5/7-digit code, or 合计), the two 总表 by
their row labels, so rows may be added or left out; what a pasted 总表
states beyond the balances goes to ``stated`` and is compared with what the
other tables give.  Each 自评表 sheet is read by ``juesuan score``'s own form
reader.  A sheet whose "单位：" line contradicts the 补充信息 is refused.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..xlsx_input import WorkbookError, open_workbook, sheet_rows
from .data import TABLE_FIELDS, THREE_PUBLIC_ITEMS
from .tables import ORDER, SUMMARY_INCOME, SUMMARY_TAIL
from .workbook import BUDGETS_SHEET, EXTRAS, EXTRAS_SHEET, FORM_SHEET, SHEETS, TABLE_SHEETS, THREE_PUBLIC_CELLS


class _Sheet:
    """A worksheet as rows of plain values (None for empty)."""

    def __init__(self, ws):
        self.rows = [[_plain(v) for v in r] for r in sheet_rows(ws)]

    @staticmethod
    def text(v) -> str:
        return "".join(str(v).split()) if v is not None else ""


def _plain(v):
    if isinstance(v, float):
        return Decimal(repr(v))
    if isinstance(v, str):
        v = v.strip()
        return v or None
    return v


def read_workbook(path: str | Path) -> dict:
    """The YAML-shaped mapping of a workbook (see :mod:`.loader`)."""
    from .loader import LoadError

    try:
        wb = open_workbook(path)
        sheets = {"".join(ws.title.split()): _Sheet(ws) for ws in wb.worksheets}
    except WorkbookError as exc:
        raise LoadError(f"{path}：{exc}") from None
    missing = [SHEETS[k] for k in ORDER if SHEETS[k] not in sheets] + \
              [s for s in (EXTRAS_SHEET, BUDGETS_SHEET) if s not in sheets]
    if missing:
        raise LoadError(f"{path}：缺少工作表 {'、'.join(missing)}（请使用 examples/generate/template.xlsx）")
    raw = _read_extras(sheets[EXTRAS_SHEET])
    units = {SHEETS[k]: u for k in ORDER if (u := _stated_unit(sheets[SHEETS[k]]))}
    if not raw.get("unit") and len(set(units.values())) == 1:
        raw["unit"] = next(iter(units.values()))
    other = {name: u for name, u in units.items() if raw.get("unit") and u != str(raw["unit"]).strip()}
    if other:
        name, u = next(iter(other.items()))
        raise LoadError(f"{path}：工作表“{name}”的单位为{u}，“补充信息”中的金额单位为{raw['unit']}，请统一")
    tables = raw.setdefault("tables", {})
    stated: dict[str, Any] = {}
    for kind, sheet_kind in (("income", "income"), ("expenditure", "expenditure"), ("general", "general"),
                             ("fund", "fund"), ("soe", "soe")):
        tables[kind] = _read_classes(sheets[SHEETS[sheet_kind]], TABLE_FIELDS[kind])
    tables["basic"] = _read_economic(sheets[SHEETS["basic"]])
    tables["three_public"] = dict(raw.get("three_public") or {}, **_read_three_public(sheets[SHEETS["three_public"]],
                                                                                     stated))
    raw.pop("three_public", None)
    raw["balances"] = _read_summaries(sheets[SHEETS["summary"]], sheets[SHEETS["fiscal_summary"]], stated)
    raw["budgets"], raw["line_reasons"] = _read_budgets(sheets[BUDGETS_SHEET])
    raw["stated"] = stated
    forms = [_read_form(path, name, sheets[name]) for name in sorted(sheets) if name.startswith(FORM_SHEET)]
    raw["self_evaluation_forms"] = [f for f in forms if f is not None]
    return raw


def _read_form(path, name: str, sheet: _Sheet) -> dict | None:
    """A 自评表 sheet: the form as ``juesuan score`` reads it, and the texts around it
    (None for the template's blank form; a form that cannot be scored is refused)."""
    from ..readers import read_bytes
    from ..score import FormError, form_from_document

    rows = [["" if v is None else " ".join(str(v).split()) for v in r] for r in sheet.rows]
    rows = [r for r in rows if any(r)]
    if not rows or not any(r[0] == "项目名称" and any(r[1:]) for r in rows):
        return None            # the blank form of the template
    lines = [x for r in rows[1:] for x in ["\t" + c for c in r] + [""]]
    try:
        form = form_from_document(read_bytes("form.txt", "\n".join(lines).encode("utf-8")))
    except FormError as exc:
        from .loader import LoadError

        raise LoadError(f"{path}：工作表“{name}”：{exc}") from None
    texts = {"department": _after(rows, "主管部门"), "implementer": _after(rows, "实施单位")}
    goal_row = next((i for i, r in enumerate(rows) if "预期目标" in r), None)
    if goal_row is not None and goal_row + 1 < len(rows):
        values = [c for c in rows[goal_row + 1] if c]
        texts["goal"], texts["achieved"] = (values + ["", ""])[:2]
    return {"form": form, **texts}


def _after(rows: list[list[str]], label: str) -> str:
    for r in rows:
        if label in r:
            rest = [c for c in r[r.index(label) + 1:] if c]
            return rest[0] if rest else ""
    return ""


_UNIT = re.compile(r"单位\s*[：:]\s*(万元|元)")


def _stated_unit(sheet: _Sheet) -> str | None:
    """The unit a table sheet states near its top ("单位：万元"), if any."""
    for r in sheet.rows[:4]:
        for v in r:
            m = _UNIT.search(str(v)) if v is not None else None
            if m:
                return m.group(1)
    return None


def _read_extras(sheet: _Sheet) -> dict:
    paths = {".".join(p): p for p, _, _ in EXTRAS}
    raw: dict = {}
    for r in sheet.rows[1:]:
        key = sheet.text(r[1]) if len(r) > 1 else ""
        value = r[2] if len(r) > 2 else None
        if key not in paths or value is None:
            continue
        node = raw
        path = paths[key]
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return raw


def _code_of(value) -> str | None:
    text = _Sheet.text(value)
    return text if text.isdigit() and len(text) in (3, 5, 7) else None


def _read_classes(sheet: _Sheet, fields: tuple[str, ...]) -> dict:
    rows, total = [], None
    for r in sheet.rows:
        first = _Sheet.text(r[0]) if r else ""
        values = list(r[2:2 + len(fields)]) + [None] * len(fields)
        if first == "合计":
            total = dict(zip(fields, values))
        elif (code := _code_of(r[0] if r else None)) is not None:
            rows.append({"code": code, "name": r[1], **dict(zip(fields, values))})
    out: dict = {"rows": rows}
    if total and any(v is not None for v in total.values()):
        out["total"] = total
    return out


def _read_economic(sheet: _Sheet) -> dict:
    rows = []
    for r in sheet.rows:
        for start in (0, 3):
            cells = (list(r[start:start + 3]) + [None] * 3)[:3]
            code = _code_of(cells[0])
            if code is not None:
                rows.append({"code": code, "name": cells[1], "amount": cells[2]})
    return {"rows": sorted(rows, key=lambda x: x["code"])}


def _read_three_public(sheet: _Sheet, stated: dict) -> dict:
    rows = sheet.rows
    head = next((i for i, r in enumerate(rows) if "预算数" in [_Sheet.text(v) for v in r]), None)
    if head is None or head + 1 >= len(rows):
        return {}
    values = (list(rows[head + 1]) + [None] * 12)[:12]
    out: dict = {"budget": {}, "actual": {}}
    for i, item in enumerate(THREE_PUBLIC_CELLS):
        for j, phase in enumerate(("budget", "actual")):
            v = values[2 * i + j]
            if item in THREE_PUBLIC_ITEMS:
                out[phase][item] = v
            elif v is not None:
                stated[f"three_public.{item}.{phase}"] = v
    return out


def _labelled(sheet: _Sheet) -> list[tuple[str, list]]:
    return [(_Sheet.text(r[0]) if r else "", r) for r in sheet.rows]


def _strip_ordinal(label: str) -> str:
    return label.split("、", 1)[1] if "、" in label[:4] else label


def _read_summaries(summary: _Sheet, fiscal: _Sheet, stated: dict) -> dict:
    balances: dict[str, Any] = {}
    left = {label: key for label, key in SUMMARY_INCOME}
    tail_left = {label: key for (label, key), _ in SUMMARY_TAIL}
    tail_right = {label: key for _, (label, key) in SUMMARY_TAIL}
    keys = {"income.nonfiscal_balance_used": "nonfiscal_balance_used", "income.carryover_begin": "carryover_begin",
            "expenditure.distribution": "distribution", "expenditure.carryover_end": "carryover_end"}
    for label, r in _labelled(summary):
        r = (list(r) + [None] * 4)[:4]
        key = left.get(_strip_ordinal(label)) or tail_left.get(label)
        for k, v in ((key, r[1]), (tail_right.get(_Sheet.text(r[2])), r[3])):
            if k in keys:
                balances[keys[k]] = v
            elif k and v is not None:
                stated[k] = v
    after_begin = False
    for label, r in _labelled(fiscal):
        r = (list(r) + [None] * 7)[:7]
        if label == "年初财政拨款结转和结余":
            after_begin = True
            balances["fiscal_end"] = r[4]
        elif after_begin and _strip_ordinal(label) == "一般公共预算财政拨款":
            balances["fiscal_begin"] = r[1]
            after_begin = False
        elif label == "本年收入合计":
            stated["income.fiscal"] = r[1]
            for key, v in zip(("fiscal.expenditure", "fiscal.general_expenditure", "fiscal.fund_expenditure",
                               "fiscal.soe_expenditure"), r[3:7]):
                if v is not None:
                    stated[key] = v
        elif label == "总计" and r[1] is not None:
            stated["fiscal.grand"] = r[1]
    return balances


def _read_budgets(sheet: _Sheet) -> tuple[dict, dict]:
    by_name = {v: k for k, v in TABLE_SHEETS.items()}
    budgets: dict = {}
    reasons: dict = {}
    for r in sheet.rows[1:]:
        r = (list(r) + [None] * 5)[:5]
        table = by_name.get(_Sheet.text(r[0]))
        code = _code_of(r[1])
        if table is None or code is None:
            continue
        if r[3] is not None:
            budgets.setdefault(table, {})[code] = r[3]
        if r[4]:
            reasons.setdefault(table, {})[code] = r[4]
    return budgets, reasons

