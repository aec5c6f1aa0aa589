"""The rule framework: one small class per rule, a registry, and the runner.

A rule reads only the Report.  Its class docstring is its user documentation
(``juesuan rules`` prints it).  ``check`` yields findings; when the report
lacks what the rule needs, ``check`` raises :class:`Skip` with the reason, so
coverage says "not checked" rather than "no problem".
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from decimal import Decimal
from typing import Callable, Iterable, Iterator

from ..document import Document, Span
from ..interval import Interval, Verdict, compare
from ..model import Amount, Finding, Percent, Report, format_number
from ..places import place as findable_place


def place(doc: Document, offset: int, *, page: bool = False, line: bool = True) -> str:
    """How a message names where ``offset`` stands, as a person finds it in the file
    (:func:`juesuan.places.place`): "第12行" in a text file, "第3页第12行" in a PDF (the
    line counted from the page's top), "第7段" or "表2第3行第4列" in Word; with ``page``
    and not ``line``, the page alone where the format has pages.  In a disclosure of
    several files, named with its own file: "X-tables.pdf第3页第12行".  A stored
    document (store.neighbours) knows only its own page and line."""
    local = getattr(doc, "local", None)      # a JoinedDocument, or a stored document
    here = local(Span(offset, offset)) if local is not None else {"page": doc.page_of(offset)}
    name = Path(here["file"]).name if here.get("file") else ""
    if page and not line and here["page"]:
        return f"{name}第{here['page']}页"
    if not isinstance(doc, Document):
        return name + (f"第{here['page']}页" if page and here["page"] else "") + f"第{here['line']}行"
    return name + findable_place(doc, offset)


class Skip(Exception):
    """The rule could not run on this report; the message says why."""


class Rule:
    id: str = ""
    family: str = ""
    severity: str = "error"
    title: str = ""

    def check(self, report: Report) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(self, span: Span, message: str, *, expected: str | None = None,
                actual: str | None = None, arithmetic: str | None = None,
                severity: str | None = None, title: str | None = None) -> Finding:
        return Finding(rule=self.id, severity=severity or self.severity, title=title or self.title,
                       message=message, span=span, expected=expected, actual=actual,
                       arithmetic=arithmetic)

    def unless_agreed(self, stated_value: Interval, computed: Interval, step: Decimal,
                      finding: Callable[[], Finding]) -> Iterator[Finding]:
        """The finding ``finding()`` words, when a stated value and what the arithmetic
        gives disagree (:func:`juesuan.interval.compare` with ``step``, one unit of the
        coarsest printed digit): nothing when they agree, at severity ``info`` when
        rounding explains the gap.  ``finding`` is called only then, so the wording
        costs nothing for the figures that agree."""
        verdict = compare(stated_value, computed, step)
        if verdict is Verdict.AGREE:
            return
        found = finding()
        yield replace(found, severity="info") if verdict is Verdict.ROUNDING else found

    def unless_one_agrees(self, stated_value: Amount, computed: Iterable[tuple[Interval, Decimal]],
                          finding: Callable[[], Finding]) -> Iterator[Finding]:
        """As :meth:`unless_agreed`, for a stated amount that may restate any of several
        computed values, each with its own step (one unit of its coarsest printed digit):
        nothing when one agrees, ``info`` when rounding explains the gap to one."""
        verdicts = {compare(stated_value.interval, value, max(stated_value.step, step)) for value, step in computed}
        if not verdicts or Verdict.AGREE in verdicts:
            return
        found = finding()
        yield replace(found, severity="info") if Verdict.ROUNDING in verdicts else found

    @classmethod
    def doc(cls) -> str:
        return " ".join((cls.__doc__ or "").split())


REGISTRY: list[type[Rule]] = []


def rule(cls: type[Rule]) -> type[Rule]:
    """Class decorator: register a rule (ids must be unique)."""
    assert cls.id and all(r.id != cls.id for r in REGISTRY), cls.id
    REGISTRY.append(cls)
    return cls


@dataclass
class Coverage:
    rules_run: int = 0
    rules_skipped: list[dict] = field(default_factory=list)
    rules_failed: list[str] = field(default_factory=list)


def run_rules(report: Report, rules: Iterable[type[Rule]] | None = None) -> tuple[list[Finding], Coverage]:
    """Run every rule; findings sorted by place, duplicates dropped."""
    coverage = Coverage()
    findings: list[Finding] = []
    seen: set[tuple] = set()
    for cls in rules if rules is not None else REGISTRY:
        try:
            produced = list(cls().check(report))
        except Skip as why:
            coverage.rules_skipped.append({"rule": cls.id, "why": str(why)})
            continue
        coverage.rules_run += 1
        if produced:
            coverage.rules_failed.append(cls.id)
        for f in produced:
            key = (f.span, f.expected, f.actual)
            if key not in seen:
                seen.add(key)
                findings.append(f)
    findings.sort(key=lambda f: (f.span.start, f.rule))
    return findings, coverage


# ---- formatting helpers shared by the rules' messages -------------------

def money(value_yuan: Decimal, like: Amount) -> str:
    """A yuan value written in the unit and precision of ``like``."""
    return like.in_unit(value_yuan)


def pct(value: Decimal, like: Percent | None = None, decimals: int | None = None) -> str:
    d = decimals if decimals is not None else (max(like.decimals, 1) if like else 2)
    return format_number(value, d) + "%"


def stated(a: Amount) -> str:
    """An amount as printed, with its unit even when a table cell prints none."""
    text = a.text.replace(" ", "")
    return text if text.endswith("元") else text + a.unit


def iter_keyed(report: Report, key: str) -> Iterator:
    return iter(report.by_key(key))
