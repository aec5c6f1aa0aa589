"""The pipeline in one call: read → extract → check, for one file.

``analyze(path)`` never raises for bad input: an unreadable file comes back
as a result with ``error`` set, so a batch goes on with the other files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .checks import run_checks
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


def analyze(path: str, check: bool = True) -> Result:
    try:
        doc = read(path)
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
    if coverage.rules_run == 0:
        result.error = "文件中没有读出可核对的数字，未核对（nothing could be checked）"
    if doc.unread_pages:
        pages = _page_ranges(doc.unread_pages)
        result.error = f"PDF 第 {pages} 页的文字未能读出（文件可能已损坏），这些页未核对（unreadable pages: {pages}）"
    return result


def _page_ranges(pages: list[int]) -> str:
    """1、3–5、9: runs of consecutive page numbers as ranges."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return "、".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)
