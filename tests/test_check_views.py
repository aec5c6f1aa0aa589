"""Views several rules read are worked out once per report (memo.once), and
reading them from the cache changes no finding."""

from __future__ import annotations

from pathlib import Path

from juesuan.checks import REGISTRY
from juesuan.checks.base import run_rules
from juesuan.checks.classification import prose_mentions
from juesuan.extract import build_report
from juesuan.memo import once
from juesuan.readers import read

SEED = next(iter(sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))))


def test_a_view_is_worked_out_once_per_report():
    calls = []

    def view(report):
        calls.append(report)
        return len(report.figures_list)

    first, second = build_report(read(str(SEED))), build_report(read(str(SEED)))
    assert once(first, view) == once(first, view) == len(first.figures_list)
    assert once(second, view) == len(second.figures_list)
    assert calls == [first, second]
    assert prose_mentions(first) is prose_mentions(first)


def test_each_rule_alone_finds_what_it_finds_among_all():
    """A rule run on a report whose views other rules filled finds what it finds on a fresh report."""
    together, _ = run_rules(build_report(read(str(SEED))))
    alone = [f for cls in REGISTRY for f in run_rules(build_report(read(str(SEED))), [cls])[0]]
    assert together
    assert {(f.rule, f.span, f.expected, f.actual, f.message) for f in together} <= \
        {(f.rule, f.span, f.expected, f.actual, f.message) for f in alone}
