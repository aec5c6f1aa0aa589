"""Every rule's cases: document snippets with the findings they must (not) give.

The cases live in ``rule_cases/*.yaml`` (sqlfluff's way): each rule id maps to
a list of cases with ``text`` (a document in the txt form: one cell per line
starting with a tab; or ``sheets``, a workbook for ``tests/xlsx_builder.py``) and ``expect`` (the findings of that rule: line, and
optionally severity and expected value).  An empty ``expect`` is a passing
fixture.  Every registered rule must have at least one failing and one
passing case.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from juesuan.checks import REGISTRY
from juesuan.checks.base import run_rules
from juesuan.extract import build_report
from juesuan.readers import read_bytes
from xlsx_builder import xlsx_bytes

CASE_DIR = Path(__file__).parent / "rule_cases"


def _load():
    cases = []
    for path in sorted(CASE_DIR.glob("*.yaml")):
        for rule_id, items in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            for item in items:
                cases.append(pytest.param(rule_id, item, id=f"{rule_id}-{item['name']}"))
    return cases


CASES = _load()
RULES = {cls.id: cls for cls in REGISTRY}


@pytest.mark.parametrize("rule_id,case", CASES)
def test_rule_case(rule_id, case):
    if "sheets" in case:                     # a workbook case (checks/workbook.py)
        doc = read_bytes("case.xlsx", xlsx_bytes(case["sheets"]))
    else:
        doc = read_bytes("case.txt", case["text"].encode("utf-8"))
    report = build_report(doc)
    findings, _ = run_rules(report, [RULES[rule_id]])
    got = [(doc.line_of(f.span.start), f.severity, f.expected) for f in findings]
    want = case.get("expect") or []
    assert len(got) == len(want), f"{rule_id} {case['name']}: got {got}"
    for (line, severity, expected), w in zip(got, want):
        assert line == w["line"], got
        if "severity" in w:
            assert severity == w["severity"], got
        if "expected" in w:
            assert expected == w["expected"], got


def test_every_rule_has_failing_and_passing_cases():
    seen = {}
    for param in CASES:
        rule_id, case = param.values
        kinds = seen.setdefault(rule_id, set())
        kinds.add("fail" if case.get("expect") else "pass")
    missing = [cls.id for cls in REGISTRY if seen.get(cls.id) != {"fail", "pass"}]
    assert not missing, f"rules without a failing and a passing case: {missing}"
