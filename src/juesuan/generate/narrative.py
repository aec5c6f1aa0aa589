"""The 部门决算说明 as blocks: the Jinja2 template rendered on computed facts.

The wording lives in ``templates/narrative.md.j2`` (one template for every
output format); this module gives it the facts — every share, change and
completion already computed by :mod:`.compute` and phrased by
:mod:`.phrases` — and parses the rendered text into :class:`Block` s:
headings (``#`` … ``#####``, the rank of 第一部分 / 一、 / （一） / 1、),
paragraphs, and ``[[table KIND]]`` / ``[[chart KIND]]`` placeholders that
the writers replace by real tables and pictures.  A value the template prints
(a name, a reason from the data) is one line, and one that begins with this
markup (``#``, ``[[``) has it replaced by its full-width form, so data can
never forge a heading, a table or a paragraph break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .compute import composition, figures, personnel_and_public
from .data import SOURCES, ZERO, GenerateInput, Line
from .phrases import TO_FILL, Formatter, reason
from .selfeval import points, scored

INCOME_PARTS = (("财政拨款收入", "income.fiscal"), ("上级补助收入", "income.superior"), ("事业收入", "income.business"),
                ("经营收入", "income.operating"), ("附属单位上缴收入", "income.affiliated"), ("其他收入", "income.other"))
EXPENDITURE_PARTS = (("基本支出", "expenditure.basic"), ("项目支出", "expenditure.project"),
                     ("上缴上级支出", "expenditure.to_superior"), ("经营支出", "expenditure.operating"),
                     ("对附属单位补助支出", "expenditure.to_affiliated"))
SOURCE_TITLES = {"general": "一般公共预算财政拨款支出", "fund": "政府性基金预算财政拨款支出",
                 "soe": "国有资本经营预算财政拨款支出"}


@dataclass(frozen=True)
class Part:
    """One item of a composition: name, amount, printed share (None: zero whole)."""

    name: str
    amount: Decimal
    share: Decimal | None


@dataclass(frozen=True)
class LineFact:
    """A 类/款 of the 具体情况: its budget, actual and the clause that asks for a reason."""

    line: Line
    budget: Decimal | None
    actual: Decimal
    completion: str
    relation: str | None
    reason: str


@dataclass(frozen=True)
class Block:
    kind: str           # heading | paragraph | table | chart | pagebreak
    text: str = ""
    level: int = 0      # heading rank: 0 title, 1 第一部分, 2 一、, 3 （一）, 4 1、


def composition_parts(fmt: Formatter, items, f: dict, whole_key: str) -> list[Part]:
    """The nonzero items of a composition with their shares of the whole."""
    present = [(name, f[key]) for name, key in items if f[key] != 0]
    shares = composition([a for _, a in present], f[whole_key], fmt.pd, fmt.settings.shares_sum_to_100)
    return [Part(n, a, s) for (n, a), s in zip(present, shares)]


def class_parts(data: GenerateInput, fmt: Formatter, table: str) -> list[Part]:
    classes = data.table(table).level("类")
    whole = data.table(table)["total"]
    shares = composition([c["total"] for c in classes], whole, fmt.pd, fmt.settings.shares_sum_to_100)
    return [Part(c.name, c["total"], s) for c, s in zip(classes, shares)]


def line_facts(data: GenerateInput, fmt: Formatter, table: str) -> list[tuple[LineFact, list[LineFact]]]:
    """Each 类 with its 款, as the 具体情况 states them."""

    def fact(line: Line, asks_reason: bool) -> LineFact:
        budget = data.budget_of(table, line)
        actual = line["total"]
        relation = fmt.relation(actual, budget) if budget is not None else None
        needs = asks_reason and relation is not None and actual != budget
        return LineFact(line, budget, actual, fmt.completion_of(actual, budget) if budget is not None else "",
                        relation if needs else None,
                        reason(data.line_reasons.get((table, line.code))) if needs else "")

    out = []
    t = data.table(table)
    for c in t.level("类"):
        kids = t.children(c.code)
        out.append((fact(c, not kids), [fact(k, True) for k in kids]))
    return out


def economic_names(data: GenerateInput, personnel: bool) -> list[str]:
    """Names of the nonzero 款 of the 人员经费 (301, 303) or 公用经费 (the rest) classes."""
    out = []
    for ln in data.basic.rows:
        if ln.level != "类" and (ln.code[:3] in ("301", "303")) == personnel and ln["amount"] != 0:
            out.append(ln.name)
    return out


def context(data: GenerateInput) -> dict:
    fmt = Formatter(data.meta.unit, data.settings)
    f = figures(data)
    personnel, public = personnel_and_public(data)
    return {
        "d": data, "f": f, "fmt": fmt, "m": fmt.money, "org": data.meta.org, "year": data.meta.year,
        "last": data.last_year, "reason": lambda key: reason(data.reasons.get(key)), "TO_FILL": TO_FILL,
        "income_parts": composition_parts(fmt, INCOME_PARTS, f, "income.total"),
        "expenditure_parts": composition_parts(fmt, EXPENDITURE_PARTS, f, "expenditure.total"),
        "fiscal_parts": [(SOURCE_TITLES[s], f[f"fiscal.{s}_expenditure"]) for s in SOURCES
                         if f[f"fiscal.{s}_expenditure"] != 0],
        "classes": {t: class_parts(data, fmt, t) for t in SOURCES},
        "lines": {t: line_facts(data, fmt, t) for t in SOURCES},
        "general_budget": _table_budget(data, "general"),
        "personnel": personnel, "public": public,
        "personnel_names": economic_names(data, True), "public_names": economic_names(data, False),
        "economic": [(ln.name, ln["amount"]) for ln in data.basic.level("类")],
        "tp": data.three_public, "ZERO": ZERO,
        "evaluations": [scored(e) for e in data.self_evaluations], "points": points,
    }


def _table_budget(data: GenerateInput, table: str) -> Decimal | None:
    budgets = [data.budget_of(table, c) for c in data.table(table).level("类")]
    return sum(budgets, ZERO) if budgets and all(b is not None for b in budgets) else None


def _inert(value):
    """A printed value as one line that cannot start the template's markup."""
    if type(value) is not str:      # numbers, and Markup in the HTML page
        return value
    line = " ".join(value.split())
    return "＃" + line[1:] if line.startswith("#") else "［［" + line[2:] if line.startswith("[[") else line


def environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("juesuan.generate", "templates"), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=_inert)


def render_text(data: GenerateInput) -> str:
    """The narrative template rendered: headings, paragraphs and placeholders, one per line."""
    return environment().get_template("narrative.md.j2").render(**context(data))


_HEADING = re.compile(r"^(#{1,5})\s+(.*)$")
_PLACEHOLDER = re.compile(r"^\[\[(table|chart|pagebreak)\s*([a-z_0-9]*)\]\]$")


def blocks(data: GenerateInput) -> list[Block]:
    out = []
    for raw in render_text(data).splitlines():
        line = raw.strip()
        if not line:
            continue
        if m := _HEADING.match(line):
            out.append(Block("heading", m.group(2).strip(), len(m.group(1)) - 1))
        elif m := _PLACEHOLDER.match(line):
            out.append(Block(m.group(1), m.group(2)))
        else:
            out.append(Block("paragraph", line))
    return out
