"""``check --store``: check disclosures into the store, one transaction each.

Serially (:func:`check_into_store`) the files are read and grouped into
disclosures as ``check`` groups them; each disclosure is checked, then
:func:`.record.record` cross-checks it against the store and writes it in one
transaction before the next is checked, so a batch stopped half-way keeps what
it has done and, run again, does only the rest: a disclosure whose content
this rules version has checked is not checked again.  Documents are taken
year by year, budgets before final accounts, so that a document finds its
neighbours stored (the stored ones are checked again when a neighbour comes
later, but only the rules that read their figures and line items can be).

On a Dask cluster (:func:`check_on_cluster`) the workers, which must see the
same files and reach the store, first say of each file its grouping profile
and hash; the client groups them (:func:`juesuan.disclosure.group_profiles`,
as ``check`` does) and sends the workers batches of disclosures, which they
read, check, cross-check and write to the store themselves, sending back only
a :class:`Summary` of each file for the progress bar and the summary table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Callable, Iterator

from sqlalchemy import Engine

from ..disclosure import Profile, group_profiles, profile
from ..extract.meta import find_kind, find_year
from ..pipeline import Result, analyze_disclosure, disclosures, read_all
from .record import Recheck, content_hash, disclosure_hash, file_hash, record, recorded

_KIND_ORDER = {"budget": 0, "final_accounts": 1}
TASKS_PER_WORKER = 4           # batches of disclosures in flight per worker: few, so a slow one is not alone
MAX_BATCH = 16


def check_into_store(paths: list[str], engine: Engine, render: Callable, *, together: bool = False,
                     max_bytes: int | None = None, rechecked: Callable[[Recheck], None] = lambda r: None,
                     ) -> Iterator[tuple[str, Result | None, str | None]]:
    """(path, Result, rendered output) of each file checked, and (path, None, None) of
    each file the store had already; every disclosure written before the next is read.
    ``rechecked`` gets what stored documents gained from each one written."""
    for group, results in _serially(paths, engine, together, max_bytes):
        if results is None:
            yield from ((p, None, None) for p in group)
            continue
        for recheck in _store(engine, results):
            rechecked(recheck)
        for r in results:
            yield r.path, r, _guard(lambda: render(r), [r], render)


def _store(engine: Engine, results: list[Result]) -> list[Recheck]:
    """Cross-check a checked disclosure against the store and write it (a file that could
    not be read is not written)."""
    if results[0].report is None:
        return []
    return record(engine, content_hash([r.path for r in results]), results) or []


def _order(year: int | None, kind: str) -> tuple[int, int]:
    """Year by year, budgets before final accounts: a document's neighbours come before it."""
    return year or 0, _KIND_ORDER.get(kind, 2)


def _serially(paths, engine, together, max_bytes):
    read = read_all(list(paths), max_bytes)
    for failed in (r for r in read if isinstance(r, Result)):
        yield [failed.path], [failed]
    docs = [d for d in read if not isinstance(d, Result)]
    every = disclosures(docs, together)
    digests = [content_hash([d.path for d in g]) for g in every]
    done = recorded(engine, digests)
    todo = []
    for group, digest in zip(every, digests):
        if digest in done:
            yield [d.path for d in group], None
        else:
            todo.append(group)
    todo.sort(key=lambda g: _order(find_year(g[0])[0], find_kind(g[0])))
    for group in todo:
        yield [d.path for d in group], _guard(lambda: analyze_disclosure(group), [Result(d.path) for d in group])


@dataclass
class Summary:
    """What a worker sends back of a file: its header (org, year, unit, doc_type; empty
    when unreadable), why it was not checked, each finding's rule, severity and title,
    and what stored documents gained when it was written; ``stored_before``: the
    store had it, it was not checked again."""

    path: str
    header: dict = field(default_factory=dict)
    error: str | None = None
    findings: list[dict] = field(default_factory=list)
    rechecked: list[Recheck] = field(default_factory=list)
    stored_before: bool = False

    @property
    def readable(self) -> bool:
        return bool(self.header)


def summary_of(result: Result, rechecked: list[Recheck] = ()) -> Summary:
    report = result.report
    header = {} if report is None else {"org": report.meta.org, "year": report.meta.year,
                                        "unit": report.meta.unit, "doc_type": report.doc_type}
    return Summary(result.path, header, result.error,
                   [{"rule": f.rule, "severity": f.severity, "title": f.title} for f in result.findings],
                   list(rechecked))


def check_on_cluster(paths: list[str], url: str, dask, *, together: bool = False,
                     max_bytes: int | None = None) -> Iterator[Summary]:
    """The :class:`Summary` of each file, as the workers finish (``dask``: a scheduler
    address or a ``distributed.Client``; ``url``: the store, as the workers reach it)."""
    from distributed import Client, as_completed

    from . import connect

    client = dask if isinstance(dask, Client) else Client(dask)
    engine = connect(url)
    try:
        seen = client.gather(client.map(_look_at, paths, max_bytes=max_bytes, pure=False))
        groups = _disclosures(seen, together)
        digests = [disclosure_hash([seen[i][1] for i in g]) if seen[g[0]][0] else None for g in groups]
        done = recorded(engine, digests)
        todo = []
        for group, digest in zip(groups, digests):
            if digest in done:
                yield from (Summary(paths[i], stored_before=True) for i in group)
            else:
                todo.append(group)
        todo.sort(key=lambda g: _order(seen[g[0]][0].year, seen[g[0]][0].kind) if seen[g[0]][0] else (0, 0))
        workers = max(1, len(client.scheduler_info()["workers"]))
        size = max(1, min(MAX_BATCH, len(todo) // (TASKS_PER_WORKER * workers)))
        batches = [[[paths[i] for i in g] for g in todo[k:k + size]] for k in range(0, len(todo), size)]
        futures = client.map(_check_batch, batches, url=url, max_bytes=max_bytes, pure=False)
        for future in as_completed(futures):
            yield from future.result()
            future.release()
    finally:
        engine.dispose()
        if client is not dask:
            client.close()


def _look_at(path: str, max_bytes: int | None = None) -> tuple[Profile | None, str | None]:
    """On a worker: what grouping needs of a file and its hash (None, None when it cannot be read)."""
    read = read_all([path], max_bytes)[0]
    return (None, None) if isinstance(read, Result) else (profile(read), file_hash(path))


def _disclosures(seen: list[tuple[Profile | None, str | None]], together: bool) -> list[list[int]]:
    """Indexes of the files by disclosure, as ``check`` groups them; one that cannot be
    read is alone."""
    readable = [i for i, (p, _) in enumerate(seen) if p is not None]
    if together:
        groups = [readable] if readable else []
    else:
        groups = [[readable[j] for j in g] for g in group_profiles([seen[i][0] for i in readable])]
    return sorted(groups + [[i] for i, (p, _) in enumerate(seen) if p is None], key=min)


@cache
def _worker_engine(url: str) -> Engine:
    from . import connect

    return connect(url)


def _check_batch(groups: list[list[str]], url: str, max_bytes: int | None = None) -> list[Summary]:
    """On a worker: read, check, cross-check and store each disclosure; their summaries."""
    engine = _worker_engine(url)
    out = []
    for group in groups:
        read = read_all(group, max_bytes)
        docs = [d for d in read if not isinstance(d, Result)]
        out += [summary_of(r) for r in read if isinstance(r, Result)]
        if docs:
            results = _guard(lambda: analyze_disclosure(docs), [Result(d.path) for d in docs])
            rechecked = _store(engine, results)
            out += [summary_of(r, rechecked if i == 0 else ()) for i, r in enumerate(results)]
    return out


def _guard(work: Callable, results: list[Result], render: Callable | None = None):
    """``work()``; if it raises, each of ``results`` becomes an internal error (and is
    rendered with ``render``), as ``check`` reports one (see ``batch.internal_error``)."""
    from ..batch import internal_error

    try:
        return work()
    except Exception as exc:  # noqa: BLE001 — reported, not swallowed
        failed = [internal_error(r.path, exc) for r in results]
        for r, f in zip(results, failed):
            r.error, r.findings = f.error, []
        return render(results[0]) if render else results
