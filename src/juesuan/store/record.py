"""Writing a checked disclosure to the store, one transaction per document.

``record`` does in one transaction everything the store holds of a disclosure:
it cross-checks the disclosure against the stored documents it is compared
with (see :mod:`juesuan.crossdoc`; its Results gain those findings), writes the
document (once per content), its run for this rules version, the figures and
line items a neighbour's cross-document rules read, and the findings, and
checks again each stored document that is compared with it (a document stored
before its neighbour came): those findings are written against the earlier
document's run, marked with the document that caused them (``caused_by``),
replacing what the same pair gave before.  A batch killed half-way leaves
whole documents or none, and running it again adds the missing ones only.

Several writers at once are safe and see each other's documents: SQLite takes
the write lock when the transaction begins (see :mod:`.connect`), PostgreSQL
an advisory lock on the unit before reading its stored documents; the document
and the run are inserted with ON CONFLICT DO NOTHING on their unique keys (the
loser of a race writes nothing), and SQLite's "database is locked" is retried.
On PostgreSQL the rows go in with COPY (one round trip a table).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.exc import OperationalError

from .. import __version__
from ..batch import guarded_cross_check
from ..checks.cross_year import Neighbour
from ..crossdoc import check_against, unit_key
from ..render.location import location
from . import schema
from .neighbours import Neighbourhood, Stored, neighbourhood
from .version import rules_version

AMOUNT_FIELDS = ("actual", "basic", "project", "budget", "prior_budget", "prior_actual")
_RETRIES = 20
_FINDING_FIELDS = ("rule", "severity", "title", "message", "expected", "actual", "arithmetic")


def content_hash(paths: list[str]) -> str:
    """The identity of a disclosure: the hash of its files' bytes (in any order)."""
    return disclosure_hash([file_hash(p) for p in paths])


def file_hash(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def disclosure_hash(file_hashes: list[str]) -> str:
    """:func:`content_hash` of files by their :func:`file_hash` (worked out where the files are)."""
    return hashlib.sha256("\n".join(sorted(file_hashes)).encode()).hexdigest()


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


@dataclass
class Recheck:
    """What a stored document gained when a document it is compared with came:
    ``findings`` (JSON objects as in a report, ``location`` its page, line and quote)
    of the earlier document ``path``, caused by the later document ``by``."""

    path: str
    by: str
    findings: list[dict]


def record(engine: Engine, digest: str, results: list) -> list[Recheck] | None:
    """Cross-check one disclosure (the Results of its files, which share one report)
    against the store and write it, in one transaction; what the stored documents
    compared with it gained, or None when the store already had it."""
    before = [(list(r.findings), _copy(r.coverage)) for r in results]
    for attempt in range(_RETRIES):
        try:
            with engine.begin() as conn:
                return _write(conn, digest, results)
        except OperationalError as exc:
            for r, (findings, coverage) in zip(results, before):      # cross-checked again on the retry
                r.findings, r.coverage = list(findings), _copy(coverage)
            if "locked" not in str(exc) or attempt == _RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    return None


def _copy(coverage):
    """A coverage as it stands (the cross-document rules add to its lists and count)."""
    return coverage and replace(coverage, rules_skipped=list(coverage.rules_skipped),
                                rules_failed=list(coverage.rules_failed))


def _insert(conn, table):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def _lock_unit(conn, key: str | None) -> None:
    """On PostgreSQL, one writer at a time per unit (SQLite has one writer at a time)."""
    if key and conn.dialect.name == "postgresql":
        number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        conn.execute(select(func.pg_advisory_xact_lock(number)))


def _write(conn, digest: str, results: list) -> list[Recheck] | None:
    first = results[0]
    report = first.report
    now = datetime.now(timezone.utc)
    key = unit_key(report.meta.org) if report else None
    _lock_unit(conn, key)
    document_id = _document_id(conn, digest, results, key, now)
    around = neighbourhood(conn, report, document_id) if report is not None else Neighbourhood()
    guarded_cross_check(results, [(s.path, s.report) for s in around.neighbours])
    findings = [f for r in results for f in r.findings]
    run_id = conn.execute(_insert(conn, schema.runs).values(
        document_id=document_id, juesuan_version=__version__, rules_version=rules_version(), created_at=now,
        error=first.error, **{f"{s}s": sum(f.severity == s for f in findings) for s in ("error", "warning", "info")},
    ).on_conflict_do_nothing(index_elements=["document_id", "rules_version"]).returning(schema.runs.c.id)).scalar()
    if run_id is None:
        return None
    if report is not None:
        _insert_rows(conn, schema.figures, _figure_rows(run_id, report))
        _insert_rows(conn, schema.lines, _line_rows(run_id, report))
        _insert_rows(conn, schema.changes, _change_rows(run_id, report))
    _insert_rows(conn, schema.findings, _finding_rows(run_id, results))
    if report is None or first.error or around.twin:       # a twin's dependents were checked against the twin
        return []
    return [_recheck(conn, document_id, Neighbour(relation, first.path, report), stored)
            for relation, stored in around.dependents]


def _document_id(conn, digest: str, results: list, key: str | None, now) -> int:
    first = results[0]
    report = first.report
    doc = report.document if report is not None else None
    document_id = conn.execute(_insert(conn, schema.documents).values(
        content_hash=digest, path=first.path, files="\n".join(r.path for r in results),
        org=report.meta.org if report else None, unit_key=key,
        year=report.meta.year if report else None, doc_type=report.doc_type if report else "unknown",
        pages=len(doc.page_starts) or None if doc else None,
        money_unit=report.meta.stated_unit if report else None, created_at=now,
    ).on_conflict_do_nothing(index_elements=["content_hash"]).returning(schema.documents.c.id)).scalar()
    if document_id is None:
        document_id = conn.execute(select(schema.documents.c.id)
                                   .where(schema.documents.c.content_hash == digest)).scalar_one()
    return document_id


def _recheck(conn, document_id: int, later: Neighbour, earlier: Stored) -> Recheck:
    """The cross-document rules on a stored document against the one being written,
    its findings written against the stored run (those of an earlier pass replaced)."""
    try:
        found = check_against(earlier.report, later)
    except Exception:  # noqa: BLE001 — as guarded_cross_check: cross checks are extra
        found = []
    f, runs = schema.findings, schema.runs
    conn.execute(delete(f).where(f.c.run_id == earlier.run_id, f.c.caused_by == document_id))
    out = [{**{k: getattr(x, k) for k in _FINDING_FIELDS}, "location": _stored_location(earlier, x.span)}
           for x in found]
    if out:
        seq = conn.execute(select(func.coalesce(func.max(f.c.seq), -1)).where(f.c.run_id == earlier.run_id)).scalar()
        _insert_rows(conn, f, [{"run_id": earlier.run_id, "seq": seq + 1 + i, "caused_by": document_id,
                                **{k: x[k] for k in _FINDING_FIELDS}, "file": x["location"].get("file") or earlier.path,
                                "page": x["location"]["page"], "line": x["location"]["line"],
                                "quote": x["location"]["quote"]} for i, x in enumerate(out)])
    count = {s: select(func.count()).where(f.c.run_id == runs.c.id, f.c.severity == s).scalar_subquery()
             for s in ("error", "warning", "info")}
    conn.execute(update(runs).where(runs.c.id == earlier.run_id)
                 .values(errors=count["error"], warnings=count["warning"], infos=count["info"]))
    return Recheck(earlier.path, later.path, out)


def _stored_location(stored: Stored, span) -> dict:
    """A finding's ``location`` in a stored document: its file (when several), page, line, quote."""
    local = stored.report.document.local(span)
    return {**({"file": local["file"]} if local["file"] else {}), "page": local["page"], "line": local["line"],
            "quote": stored.report.document.text[span.start:span.end]}


def _insert_rows(conn, table, rows: list[dict]) -> None:
    """The rows into ``table``: COPY on PostgreSQL (a third of the CPU and fewer round trips
    than executemany, pipelined or not), else one executemany."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), rows)
        return
    columns = list(rows[0])
    quoted = ", ".join(f'"{c}"' for c in columns)
    with (conn.connection.dbapi_connection.cursor() as cursor,
          cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as sink):
        for row in rows:
            sink.write_row([row[c] for c in columns])


def _amount(doc, amount, around) -> dict:
    """An amount's columns; its quote is the sentence or table row ``around`` it, as
    ``Neighbour.place`` quotes it."""
    loc = location(doc, amount.span)         # in a disclosure of several files: the place in its own file
    return {"value": str(amount.value), "unit": amount.unit, "decimals": amount.decimals, "text": amount.text,
            "file": loc.get("file"), "page": loc["page"], "line": loc["line"], "quote": doc.context(around),
            "printed": loc["quote"]}


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


def _change_rows(run_id: int, report) -> list[dict]:
    """The statements comparing a keyed figure with last year's (what JS-R951 reads)."""
    doc = report.document
    rows = []
    for c in report.changes:
        if c.basis != "last_year" or not c.current.key:
            continue
        cur, delta, loc, at = c.current.amount, c.delta, location(doc, c.span), location(doc, c.current.amount.span)
        rows.append({"run_id": run_id, "seq": len(rows), "wording": doc.text[c.span.start:c.span.end],
                     "basis": c.basis, "direction": c.direction, "key": c.current.key, "label": c.current.label,
                     "year": c.current.year, "value": str(cur.value), "unit": cur.unit, "decimals": cur.decimals,
                     "text": cur.text, "printed": at["quote"], "amount_page": at["page"],
                     "amount_line": at["line"], "delta_value": str(delta.value) if delta else None,
                     "delta_unit": delta.unit if delta else None, "delta_decimals": delta.decimals if delta else None,
                     "delta_text": delta.text if delta else None, "file": loc.get("file"), "page": loc["page"],
                     "line": loc["line"], "quote": doc.context(c.span)})
    return rows


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
