"""``check --store``: check disclosures into the store, one document at a time.

Each disclosure is read, checked, checked against its neighbours (the run's
and the store's, see :mod:`juesuan.crossdoc`) and written in its own
transaction before the next one starts, so a batch stopped half-way keeps
what it has done and, run again, does only the rest: a disclosure whose
content this rules version has checked is not checked again.  Documents are
taken year by year, budgets before final accounts, so that the documents a
cross-document rule needs are in the store when it runs, whatever the order
of the files given.

With ``dask`` (a scheduler address, or a ``distributed.Client``), reading and
checking run on the cluster's workers (which must see the same files), one
file per task; the client checks across documents and writes, in the same
order.
"""

from __future__ import annotations

from typing import Callable, Iterator

from sqlalchemy import Engine

from ..extract.meta import find_kind, find_year
from ..pipeline import Result, analyze_disclosure, disclosures, read_all
from .neighbours import stored_reports
from .record import content_hash, is_recorded, record

_KIND_ORDER = {"budget": 0, "final_accounts": 1}


def check_into_store(paths: list[str], engine: Engine, render: Callable, *, together: bool = False,
                     max_bytes: int | None = None, dask=None) -> Iterator[tuple[str, Result | None, str | None]]:
    """(path, Result, rendered output) of each file checked, and (path, None, None) of
    each file the store had already; every disclosure written before the next is read."""
    units = _on_cluster(paths, engine, dask, max_bytes) if dask else _serially(paths, engine, together, max_bytes)
    for stored_path, results in units:
        if results is None:
            yield stored_path, None, None
            continue
        if results[0].report is not None:
            _cross_check(results, stored_reports(engine, _reports(results)))
            record(engine, content_hash([r.path for r in results]), results)
        for r in results:
            yield r.path, r, _guard(lambda: render(r), [r], render)


def _reports(results: list[Result]) -> list:
    return [r.report for r in results if r.report is not None]


def _serially(paths, engine, together, max_bytes):
    read = read_all(list(paths), max_bytes)
    for failed in (r for r in read if isinstance(r, Result)):
        yield None, [failed]
    docs = [d for d in read if not isinstance(d, Result)]
    groups = []
    for group in disclosures(docs, together):
        if is_recorded(engine, content_hash([d.path for d in group])):
            for d in group:
                yield d.path, None
        else:
            groups.append(group)
    groups.sort(key=lambda g: (find_year(g[0])[0] or 0, _KIND_ORDER.get(find_kind(g[0]), 2)))
    for group in groups:
        yield None, _guard(lambda: analyze_disclosure(group), [Result(d.path) for d in group])


def _on_cluster(paths, engine, dask, max_bytes):
    from distributed import Client

    client = dask if isinstance(dask, Client) else Client(dask)
    try:
        todo = []
        for path in paths:
            if is_recorded(engine, content_hash([path])):
                yield path, None
            else:
                todo.append(path)
        futures = client.map(_analyze_file, todo, max_bytes=max_bytes, pure=False)
        results = client.gather(futures)
        results.sort(key=lambda r: (r.report.meta.year or 0 if r.report else 0,
                                    _KIND_ORDER.get(r.report.doc_type if r.report else "", 2)))
        for r in results:
            yield None, [r]
    finally:
        if client is not dask:
            client.close()


def _analyze_file(path: str, max_bytes: int | None = None) -> Result:
    """One file read and checked on a worker."""
    read = read_all([path], max_bytes)[0]
    if isinstance(read, Result):
        return read
    return _guard(lambda: analyze_disclosure([read]), [Result(path)])[0]


def _cross_check(results: list[Result], known: list) -> None:
    from ..cli import _cross_check

    _cross_check(results, known)


def _guard(work: Callable, results: list[Result], render: Callable | None = None):
    """``work()``; if it raises, each of ``results`` becomes an internal error (and is
    rendered with ``render``), as ``check`` reports one (see ``cli._internal_error``)."""
    from ..cli import _internal_error

    try:
        return work()
    except Exception as exc:  # noqa: BLE001 — reported, not swallowed
        failed = [_internal_error(r.path, exc) for r in results]
        for r, f in zip(results, failed):
            r.error, r.findings = f.error, []
        return render(results[0]) if render else results
