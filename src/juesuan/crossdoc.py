"""Checks across documents: a unit's disclosures of other years and phases.

The strongest evidence about a disclosure is the unit's other disclosures: a
2019 预算 prints "上年预算数" that the 2018 预算 printed as its budget; a 决算's
年初预算 is the same year's 预算.  ``cross_check`` groups the checked documents
of one run by unit (its normalized name), pairs each with the documents it
must agree with, and runs the cross-document rules
(:mod:`juesuan.checks.cross_year`).  Neighbours come from the run and, with a
store, from the documents checked before (``known``: light reports rebuilt by
:mod:`juesuan.store.neighbours`).  A document without such a neighbour says so
in its coverage, never "no problem".
"""

from __future__ import annotations

import re

from .checks.cross_year import CROSS_REGISTRY, Neighbour
from .model import Report

_PAIRED_KINDS = ("budget", "final_accounts")         # kinds that have a neighbour of another kind

_PARTY = re.compile(r"^(?:中共|中国共产党)")
# "上海市普陀区人民政府万里街道办事处" and "上海市普陀区万里街道办事处" are one unit.
_GOVERNMENT_INFIX = re.compile(r"(?<=[区县市旗])人民政府(?=.)")


def unit_key(org: str | None) -> str | None:
    """A unit's name in a form that ignores how it is written (和/与/及, brackets,
    the 人民政府 of a 街道's full name, the 中共 prefix)."""
    if not org:
        return None
    name = _PARTY.sub("", "".join(org.split()))
    name = _GOVERNMENT_INFIX.sub("", name)
    return name.replace("与", "和").replace("及", "和").replace("（", "(").replace("）", ")")


def related(entries: list[tuple[str | None, int | None, str]]) -> dict[int, list[tuple[str, int]]]:
    """For each document given as (unit name, year, kind), by its index: the (relation,
    index) of the documents of its unit it is checked against (:func:`neighbour_kinds`),
    in the order given."""
    by_unit: dict[str, list[int]] = {}
    for i, (org, year, _) in enumerate(entries):
        key = unit_key(org)
        if key and year:
            by_unit.setdefault(key, []).append(i)
    found: dict[int, list[tuple[str, int]]] = {}
    for members in by_unit.values():
        for i in members:
            _, year, kind = entries[i]
            wanted = {(y, k): relation for relation, y, k in neighbour_kinds(year, kind)}
            for j in members:
                relation = wanted.get(entries[j][1:])
                if relation:
                    found.setdefault(i, []).append((relation, j))
    return found


def neighbours(reports: list[tuple[str, Report]],
               known: list[tuple[str, Report]] = ()) -> dict[int, list[Neighbour]]:
    """For each document (by its index), the documents of its unit it is checked against:
    last year's document of the same kind, and for a 决算 the same year's 预算; the
    ``known`` documents (from a store) are neighbours after those of the run."""
    every = [*reports, *known]
    pairs = related([(r.meta.org, r.meta.year, r.doc_type) for _, r in every])
    return {i: [Neighbour(relation, *every[j]) for relation, j in found]
            for i, found in pairs.items() if i < len(reports)}


def neighbour_kinds(year: int, kind: str) -> list[tuple[str, int, str]]:
    """(relation, year, kind) of the documents a document of ``kind`` and ``year`` is
    checked against: last year's of the same kind, and for a 决算 the same year's 预算."""
    return [("previous", year - 1, kind)] + ([("budget", year, "budget")] if kind == "final_accounts" else [])


def dependent_kinds(year: int, kind: str) -> list[tuple[str, int, str]]:
    """(relation, year, kind) of the documents checked against a document of ``kind`` and
    ``year`` (those of which it is a neighbour, see :func:`neighbour_kinds`)."""
    return [(relation, y, k) for y in (year, year + 1) for k in dict.fromkeys((kind, *_PAIRED_KINDS))
            for relation, ny, nk in neighbour_kinds(y, k) if (ny, nk) == (year, kind)]


def check_against(report: Report, neighbour: Neighbour) -> list:
    """The findings of the cross-document rules of ``neighbour.relation`` on ``report``
    against that one neighbour (none when a rule cannot run)."""
    out = []
    for cls in CROSS_REGISTRY:
        if cls.relation == neighbour.relation:
            out.extend(cls().run(report, [neighbour])[0])
    return out


def cross_check(results, known: list[tuple[str, Report]] = ()) -> None:
    """Add the cross-document findings and coverage to checked pipeline Results (in place),
    their neighbours taken from the results and from ``known`` (path, report) pairs.

    Results of one disclosure published as several files share one report: it is
    checked once, and each file keeps the findings that stand in it.
    """
    checked = [r for r in results if r.report is not None and r.coverage is not None and not r.error]
    firsts: dict[int, object] = {}
    for r in checked:
        firsts.setdefault(id(r.report), r)
    unique = list(firsts.values())
    pairs = neighbours([(r.path, r.report) for r in unique], known)
    for i, first in enumerate(unique):
        mine = pairs.get(i, [])
        siblings = [r for r in checked if r.report is first.report]
        for cls in CROSS_REGISTRY:
            findings, why = cls().run(first.report, mine)
            for r in siblings:
                if why:
                    r.coverage.rules_skipped.append({"rule": cls.id, "why": why})
                    continue
                r.coverage.rules_run += 1
                own = [f for f in findings if _stands_in(r, f)]
                if own:
                    r.coverage.rules_failed.append(cls.id)
                r.findings.extend(own)
                r.findings.sort(key=lambda f: (f.span.start, f.rule))


def _stands_in(result, finding) -> bool:
    part_at = getattr(result.report.document, "part_at", None)
    return part_at is None or part_at(finding.span.start).path == result.path
