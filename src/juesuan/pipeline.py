"""The pipeline in one call: read → extract → check, for one file.

``analyze(path)`` never raises for bad input: an unreadable file comes back
as a result with ``error`` set, so a batch goes on with the other files.
A disclosure published as several files (narrative and tables) is checked as
one: ``read_all`` → ``disclosures`` → ``analyze_disclosure``.
"""

from __future__ import annotations

import copy
import gc
import re
from dataclasses import dataclass, field, replace
from functools import wraps
from typing import Callable, ParamSpec, TypeVar

from .checks import REGISTRY, run_checks
from .checks.base import Coverage
from .disclosure import group, join
from .document import Document
from .extract import build_report
from .model import Finding, Report
from .readers import ReadError, read

CHECKABLE = ("final_accounts", "performance_report", "budget")
P = ParamSpec("P")
T = TypeVar("T")


@dataclass
class Result:
    path: str
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    coverage: Coverage | None = None
    error: str | None = None
    together: list[str] | None = None     # the files of its disclosure, when checked as one

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)


def collector_paused(work: Callable[P, T]) -> Callable[P, T]:
    """``work`` with Python's cyclic garbage collector paused while it runs, then as it was.

    Reading, extracting and checking a document make tens of thousands of small records
    that live until its Result is built and form no reference cycle (the collector finds
    nothing to free in them): its passes over them while they are made, some over every
    object of the process, cost about a seventh of the CPU time of a text document; paused,
    it passes once over what is still alive at its next pass.  Memory is freed as always, by reference
    counting.  (On threads, the collector runs again when the call that paused it ends.)"""
    @wraps(work)
    def paused(*args: P.args, **kwargs: P.kwargs) -> T:
        was_on = gc.isenabled()
        gc.disable()
        try:
            return work(*args, **kwargs)
        finally:
            if was_on:
                gc.enable()
    return paused


@collector_paused
def analyze(path: str, check: bool = True, max_bytes: int | None = None) -> Result:
    try:
        doc = read(path, max_bytes)
    except ReadError as exc:
        return Result(path, error=exc.reason)
    return analyze_document(doc, check)


@collector_paused
def analyze_document(doc: Document, check: bool = True) -> Result:
    """Extract and check one read document (a file, or the files of one disclosure joined)."""
    path = doc.path
    report = build_report(doc)
    if report.doc_type not in CHECKABLE:
        kind = {"budget": "部门预算，不是决算公开"}.get(report.doc_type, "不是部门决算公开或绩效评价文件")
        return Result(path, report=report, error=f"{kind}，未核对（not a final-accounts disclosure）")
    if not check:
        return Result(path, report=report)
    findings, coverage = run_checks(report)
    result = Result(path, report=report, findings=caution_on_scans(findings, doc), coverage=coverage)
    if not result.has_errors and not figures_checked(coverage):
        result.error = "文件中没有读出可核对的数字，未核对（nothing could be checked）"
    result.error = _unread_pages_error(doc) or result.error
    return result


SCAN_CAUTION = "（该数字由扫描件识别，置信度低，请核对扫描件）"
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def caution_on_scans(findings: list[Finding], doc: Document) -> list[Finding]:
    """Findings that rest on a digit OCR read with low confidence — in their
    span, in a number of their arithmetic, or in the table they stand in —
    become warnings asking to check the scan: never an error."""
    if not doc.uncertain:
        return findings
    doubtful = {doc.text[u.start:u.end] for u in doc.uncertain}
    uncertain_tables = [t.span for t in doc.tables if doc.is_uncertain(t.span)]

    def rests_on_doubt(f: Finding) -> bool:
        return (doc.is_uncertain(f.span) or not doubtful.isdisjoint(_NUMBER.findall(f.arithmetic or ""))
                or any(t.start <= f.span.start < t.end for t in uncertain_tables))

    return [replace(f, severity="warning" if f.severity == "error" else f.severity,
                    message=f.message + SCAN_CAUTION) if f.severity != "info" and rests_on_doubt(f) else f
            for f in findings]


def _unread_pages_error(doc: Document) -> str | None:
    """The reason a file whose pages could not all be read is not clean."""
    if not doc.unread_pages:
        return None
    pages = _page_ranges(doc.unread_pages)
    return f"PDF 第 {pages} 页的文字未能读出（文件可能已损坏），这些页未核对（unreadable pages: {pages}）"


def _page_ranges(pages: list[int]) -> str:
    """1、3–5、9: runs of consecutive page numbers as ranges."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return "、".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def read_all(paths: list[str], max_bytes: int | None = None) -> list[Document | Result]:
    """Each file read, or its Result with the reason it could not be."""
    out: list[Document | Result] = []
    for path in paths:
        try:
            out.append(read(path, max_bytes))
        except ReadError as exc:
            out.append(Result(path, error=exc.reason))
    return out


def disclosures(docs: list[Document], together: bool = False) -> list[list[Document]]:
    """The read files grouped by disclosure (see :mod:`juesuan.disclosure`); ``together``:
    all of them are one."""
    if together:
        return [docs] if docs else []
    return [[docs[i] for i in g] for g in group(docs)]


def analyze_disclosure(docs: list[Document], check: bool = True) -> list[Result]:
    """One Result per file of a disclosure: the files are extracted and checked as one
    document; each file's Result holds the findings that stand in it (and the
    disclosure's figures and lines)."""
    if len(docs) == 1:
        return [analyze_document(docs[0], check)]
    joined = join(docs)
    whole = analyze_document(joined, check)
    paths = [d.path for d in docs]
    return [Result(d.path, report=whole.report, coverage=copy.deepcopy(whole.coverage), together=paths,
                   error=_unread_pages_error(d) or whole.error,
                   findings=[f for f in whole.findings if joined.part_at(f.span.start).path == d.path])
            for d in docs]


# Rules that run on any text (headings, wording, parts present, digit format):
# their running alone checks no figure.
_TEXT_FAMILIES = frozenset({"format", "meta", "completeness", "units", "classification"})


def figures_checked(coverage: Coverage) -> bool:
    """True when a rule that recomputes figures ran (was not skipped)."""
    skipped = {s["rule"] for s in coverage.rules_skipped}
    return any(cls.family not in _TEXT_FAMILIES and cls.id not in skipped for cls in REGISTRY)
