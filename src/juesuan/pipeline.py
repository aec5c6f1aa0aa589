"""The pipeline in one call: read → extract → check, for one file.

``analyze(path)`` never raises for bad input: an unreadable file comes back
as a result with ``error`` set, so a batch goes on with the other files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .checks import REGISTRY, run_checks
from .checks.base import Coverage
from .extract import build_report
from .model import Finding, Report
from .readers import ReadError, read

CHECKABLE = ("final_accounts", "performance_report", "budget")


@dataclass
class Result:
    path: str
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    coverage: Coverage | None = None
    error: str | None = None

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)


def analyze(path: str, check: bool = True, max_bytes: int | None = None) -> Result:
    try:
        doc = read(path, max_bytes)
    except ReadError as exc:
        return Result(path, error=exc.reason)
    report = build_report(doc)
    if report.doc_type not in CHECKABLE:
        kind = {"budget": "部门预算，不是决算公开"}.get(report.doc_type, "不是部门决算公开或绩效评价文件")
        return Result(path, report=report, error=f"{kind}，未核对（not a final-accounts disclosure）")
    if not check:
        return Result(path, report=report)
    findings, coverage = run_checks(report)
    result = Result(path, report=report, findings=findings, coverage=coverage)
    if not result.has_errors and not figures_checked(coverage):
        result.error = "文件中没有读出可核对的数字，未核对（nothing could be checked）"
    return result


# Rules that run on any text (headings, wording, parts present, digit format):
# their running alone checks no figure.
_TEXT_FAMILIES = frozenset({"format", "meta", "completeness", "units"})


def figures_checked(coverage: Coverage) -> bool:
    """True when a rule that recomputes figures ran (was not skipped)."""
    skipped = {s["rule"] for s in coverage.rules_skipped}
    return any(cls.family not in _TEXT_FAMILIES and cls.id not in skipped for cls in REGISTRY)
