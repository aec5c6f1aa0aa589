"""Writing a checked disclosure to the store, one transaction per document.

``record`` writes the document (once per content), its run for this rules
version, the figures and line items a neighbour's cross-document rules read,
and the findings — all in one transaction: a batch killed half-way leaves
whole documents or none, and running it again adds the missing ones only.
Several writers at once are safe: the document and the run are inserted with
ON CONFLICT DO NOTHING on their unique keys (the loser of a race writes
nothing), and SQLite's "database is locked" is retried.
"""

from __future__ import annotations

import hashlib
import time
from datetime import datetime, timezone

from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError

from .. import __version__
from ..crossdoc import unit_key
from ..render.location import location
from . import schema
from .version import rules_version

AMOUNT_FIELDS = ("actual", "basic", "project", "budget", "prior_budget", "prior_actual")
_RETRIES = 20


def content_hash(paths: list[str]) -> str:
    """The identity of a disclosure: the hash of its files' bytes (in any order)."""
    digests = []
    for path in paths:
        with open(path, "rb") as fh:
            digests.append(hashlib.file_digest(fh, "sha256").hexdigest())
    return hashlib.sha256("\n".join(sorted(digests)).encode()).hexdigest()


def recorded(engine: Engine, digests: list[str]) -> set[str]:
    """The digests of which the store holds a run by this rules version."""
    found: set[str] = set()
    d, runs = schema.documents, schema.runs
    with engine.connect() as conn:
        for start in range(0, len(digests), 500):
            query = (select(d.c.content_hash).join(runs)
                     .where(d.c.content_hash.in_(digests[start:start + 500]), runs.c.rules_version == rules_version()))
            found.update(conn.execute(query).scalars())
    return found


def record(engine: Engine, digest: str, results: list) -> bool:
    """Write one disclosure (the Results of its files, which share one report) in one
    transaction; False when the store already had it."""
    for attempt in range(_RETRIES):
        try:
            with engine.begin() as conn:
                return _write(conn, digest, results)
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == _RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    return False


def _insert(conn, table):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def _write(conn, digest: str, results: list) -> bool:
    first = results[0]
    report = first.report
    now = datetime.now(timezone.utc)
    doc = report.document if report is not None else None
    conn.execute(_insert(conn, schema.documents).values(
        content_hash=digest, path=first.path, files="\n".join(r.path for r in results),
        org=report.meta.org if report else None, unit_key=unit_key(report.meta.org) if report else None,
        year=report.meta.year if report else None, doc_type=report.doc_type if report else "unknown",
        pages=len(doc.page_starts) or None if doc else None,
        money_unit=report.meta.stated_unit if report else None, created_at=now,
    ).on_conflict_do_nothing(index_elements=["content_hash"]))
    document_id = conn.execute(select(schema.documents.c.id)
                               .where(schema.documents.c.content_hash == digest)).scalar_one()
    findings = [f for r in results for f in r.findings]
    run_id = conn.execute(_insert(conn, schema.runs).values(
        document_id=document_id, juesuan_version=__version__, rules_version=rules_version(), created_at=now,
        error=first.error, **{f"{s}s": sum(f.severity == s for f in findings) for s in ("error", "warning", "info")},
    ).on_conflict_do_nothing(index_elements=["document_id", "rules_version"]).returning(schema.runs.c.id)).scalar()
    if run_id is None:
        return False
    if report is not None:
        _insert_rows(conn, schema.figures, _figure_rows(run_id, report))
        _insert_rows(conn, schema.lines, _line_rows(run_id, report))
    _insert_rows(conn, schema.findings, _finding_rows(run_id, results))
    return True


def _insert_rows(conn, table, rows: list[dict]) -> None:
    if rows:
        conn.execute(table.insert(), rows)


def _amount(doc, amount, around) -> dict:
    """An amount's columns; its quote is the sentence or table row ``around`` it, as
    ``Neighbour.place`` quotes it."""
    loc = location(doc, amount.span)         # in a disclosure of several files: the place in its own file
    return {"value": str(amount.value), "unit": amount.unit, "decimals": amount.decimals, "text": amount.text,
            "file": loc.get("file"), "page": loc["page"], "line": loc["line"], "quote": doc.context(around)}


def _figure_rows(run_id: int, report) -> list[dict]:
    doc = report.document
    return [{"run_id": run_id, "seq": i, "key": f.key, "label": f.label, "source": f.source, "year": f.year,
             **_amount(doc, f.amount, f.clause)}
            for i, f in enumerate(report.figures_list) if f.key]


def _line_rows(run_id: int, report) -> list[dict]:
    doc = report.document
    return [{"run_id": run_id, "seq": i, "table_kind": ln.table, "code": ln.code, "name": ln.name,
             "level": ln.level, "phase": phase, **_amount(doc, amount, ln.span)}
            for i, ln in enumerate(report.lines)
            for phase in AMOUNT_FIELDS if (amount := getattr(ln, phase)) is not None]


def _finding_rows(run_id: int, results: list) -> list[dict]:
    rows = []
    for r in results:
        for f in r.findings:
            loc = location(r.report.document, f.span)
            rows.append({"run_id": run_id, "seq": len(rows), "file": loc.get("file", r.path), "rule": f.rule,
                         "severity": f.severity, "title": f.title, "message": f.message, "expected": f.expected,
                         "actual": f.actual, "arithmetic": f.arithmetic, "page": loc["page"], "line": loc["line"],
                         "quote": loc["quote"]})
    return rows
