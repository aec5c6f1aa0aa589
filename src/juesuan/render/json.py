"""The JSON object of spec/report-json.md, one per input file."""

from __future__ import annotations

import json

from ..model import Amount, LineItem
from ..pipeline import Result
from .location import location


def _value(a: Amount | None) -> str | None:
    return None if a is None else f"{a.value:f}"


def line_item(result: Result, ln: LineItem) -> dict:
    doc = result.report.document
    unit = next((a.unit for a in (ln.actual, ln.budget, ln.basic, ln.project) if a is not None), None)
    loc = location(doc, ln.span)
    out = {"table": ln.table, "code": ln.code, "name": ln.name, "level": ln.level,
           "actual": _value(ln.actual), "basic": _value(ln.basic), "project": _value(ln.project),
           "budget": _value(ln.budget), "unit": unit,
           "location": {k: loc[k] for k in ("file", "page", "line", "cell") if k in loc}}
    for key in ("prior_budget", "prior_actual"):        # a budget table's columns for last year
        if getattr(ln, key) is not None:
            out[key] = _value(getattr(ln, key))
    return out


def to_dict(result: Result, with_findings: bool = True) -> dict:
    out: dict = {"file": result.path}
    if result.report is None:
        out.update({"doc_type": "unknown", "error": result.error, "figures": {}, "lines": [], "findings": [],
                    "coverage": {"rules_run": 0, "rules_skipped": []}})
        return out
    report = result.report
    out["doc_type"] = report.doc_type
    out["figures"] = dict(report.figures())
    out["lines"] = [line_item(result, ln) for ln in report.lines]
    if result.error:
        out["error"] = result.error
    if result.together:
        out["together"] = result.together
    if with_findings:
        doc = report.document
        out["findings"] = [
            {"rule": f.rule, "severity": f.severity, "title": f.title, "message": f.message,
             "expected": f.expected, "actual": f.actual, "arithmetic": f.arithmetic,
             "location": location(doc, f.span)}
            for f in result.findings]
        cov = result.coverage
        out["coverage"] = {"rules_run": cov.rules_run if cov else 0,
                           "rules_skipped": cov.rules_skipped if cov else []}
    return out


# json escapes the C0 controls; the C1 controls (U+0080–U+009F) a terminal also obeys are
# escaped here, so a document's text printed as JSON cannot drive the terminal either.
_C1_ESCAPES = {c: f"\\u{c:04x}" for c in range(0x80, 0xA0)}


def dumps(result: Result, with_findings: bool = True) -> str:
    return encode(to_dict(result, with_findings))


def encode(obj, indent: int | None = None) -> str:
    """``obj`` as JSON text, C1 control characters escaped (see above)."""
    return json.dumps(obj, ensure_ascii=False, indent=indent).translate(_C1_ESCAPES)
