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
file per task: the workers read every file and say its year and kind, then
check them; the client takes the results in the same order as they come,
checks across documents and writes each before the next.
"""

from __future__ import annotations

from typing import Callable, Iterator

from sqlalchemy import Engine

from ..extract.meta import find_kind, find_year
from ..pipeline import Result, analyze_disclosure, disclosures, read_all
from .neighbours import stored_reports
from .record import content_hash, record, recorded

_KIND_ORDER = {"budget": 0, "final_accounts": 1}


def check_into_store(paths: list[str], engine: Engine, render: Callable, *, together: bool = False,
                     max_bytes: int | None = None, dask=None) -> Iterator[tuple[str, Result | None, str | None]]:
    """(path, Result, rendered output) of each file checked, and (path, None, None) of
    each file the store had already; every disclosure written before the next is read."""
    from ..batch import guarded_cross_check

    units = _on_cluster(paths, engine, dask, max_bytes) if dask else _serially(paths, engine, together, max_bytes)
    for stored_path, results in units:
        if results is None:
            yield stored_path, None, None
            continue
        if results[0].report is not None:
            guarded_cross_check(results, stored_reports(engine, _reports(results)))
            record(engine, content_hash([r.path for r in results]), results)
        for r in results:
            yield r.path, r, _guard(lambda: render(r), [r], render)


def _order(year: int | None, kind: str) -> tuple[int, int]:
    """Year by year, budgets before final accounts: a document's neighbours come before it."""
    return year or 0, _KIND_ORDER.get(kind, 2)


def _reports(results: list[Result]) -> list:
    return [r.report for r in results if r.report is not None]


def _serially(paths, engine, together, max_bytes):
    read = read_all(list(paths), max_bytes)
    for failed in (r for r in read if isinstance(r, Result)):
        yield None, [failed]
    docs = [d for d in read if not isinstance(d, Result)]
    groups = []
    every = disclosures(docs, together)
    digests = [content_hash([d.path for d in g]) for g in every]
    done = recorded(engine, digests)
    for group, digest in zip(every, digests):
        if digest in done:
            for d in group:
                yield d.path, None
        else:
            groups.append(group)
    groups.sort(key=lambda g: _order(find_year(g[0])[0], find_kind(g[0])))
    for group in groups:
        yield None, _guard(lambda: analyze_disclosure(group), [Result(d.path) for d in group])


def _on_cluster(paths, engine, dask, max_bytes):
    from distributed import Client

    client = dask if isinstance(dask, Client) else Client(dask)
    try:
        todo = []
        digests = [content_hash([p]) for p in paths]
        done = recorded(engine, digests)
        for path, digest in zip(paths, digests):
            if digest in done:
                yield path, None
            else:
                todo.append(path)
        read = client.map(_read_file, todo, max_bytes=max_bytes, pure=False)       # stays on the workers
        keys = client.gather(client.map(_order_of, read, pure=False))
        checked = [client.submit(_check_read, read[i], pure=False)
                   for i in sorted(range(len(todo)), key=keys.__getitem__)]
        checked.reverse()
        del read
        while checked:                  # in order, while the workers go on with the next ones
            result = checked.pop().result()
            yield None, [result]
    finally:
        if client is not dask:
            client.close()


def _read_file(path: str, max_bytes: int | None = None):
    """On a worker: the file read (a Document), or its Result with the reason it could not be."""
    return read_all([path], max_bytes)[0]


def _order_of(read) -> tuple[int, int]:
    return (0, 0) if isinstance(read, Result) else _order(find_year(read)[0], find_kind(read))


def _check_read(read) -> Result:
    """On a worker: a read file checked (as ``check`` checks one file)."""
    if isinstance(read, Result):
        return read
    return _guard(lambda: analyze_disclosure([read]), [Result(read.path)])[0]


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
