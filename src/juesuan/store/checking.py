"""``check --store``: check disclosures into the store, one transaction each.

Serially (:func:`check_into_store`) the files are read and grouped into
disclosures as ``check`` groups them; each disclosure is checked, then
:func:`.record.record` cross-checks it against the store and writes it in one
transaction (in a thread, while the next is checked), one after the other, so
a batch stopped half-way keeps what it has done and, run again, does only the
rest: a disclosure whose content this rules version has checked is not checked
again.  Documents are taken year by year, budgets before final accounts, so
that a document finds its neighbours stored (one stored before a neighbour is
checked again when the neighbour comes, see :mod:`.record`).

On a Dask cluster (:func:`check_on_cluster`) the workers, which must see the
same files and reach the store, do the whole job for a disclosure — read,
check, cross-check, write — and send back only a :class:`Summary` of each
file, for the progress bar and the summary table.  A file that is a
disclosure alone is done in one task; the others (a narrative or tables that
may belong with another file) are grouped by the client as ``check`` groups
them (:func:`juesuan.disclosure.group_profiles`) and then checked by
disclosure.  Disclosures are written in the order the workers finish: one
stored before its neighbour is checked again when the neighbour comes.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from typing import Callable, Iterator

from sqlalchemy import Engine

from ..disclosure import Profile, group_profiles, may_join, named_partners, profile
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
    each file the store had already, in the order checked; ``rechecked`` gets what
    stored documents gained from each one written.  A thread writes each disclosure
    (in order, one at a time) while the next one is checked: the waits on the
    database overlap the checking."""
    with ThreadPoolExecutor(1, thread_name_prefix="juesuan-store") as writer:
        writing: deque = deque()
        for group, results in _serially(paths, engine, together, max_bytes):
            writing.append((group, results, results and writer.submit(_store, engine, results)))
            while len(writing) > 1:
                yield from _written(*writing.popleft(), render, rechecked)
        while writing:
            yield from _written(*writing.popleft(), render, rechecked)


def _written(group, results, writing, render, rechecked):
    if results is None:
        yield from ((p, None, None) for p in group)
        return
    for recheck in writing.result():
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
    address or a ``distributed.Client``; ``url``: the store, as the workers reach it).

    Each file is first read on a worker, which does the whole job at once when the file
    is a disclosure alone (its name pairs it with no other file and its content could
    not join one: :func:`juesuan.disclosure.may_join`) and else sends back its profile
    and hash; the client groups those files as ``check`` does and the workers check
    them by disclosure, in batches."""
    from distributed import Client, as_completed

    from . import connect

    client = dask if isinstance(dask, Client) else Client(dask)
    engine = connect(url)
    try:
        named = {i for pair in named_partners(paths).items() for i in pair}
        looks = client.map(_first_look, paths, [not together and i not in named for i in range(len(paths))],
                           url=url, max_bytes=max_bytes, pure=False)
        position = {f.key: i for i, f in enumerate(looks)}
        waiting: dict[int, tuple[Profile, str]] = {}
        for future in as_completed(looks):
            look = future.result()
            if isinstance(look, list):
                yield from look
            else:
                waiting[position[future.key]] = look
            future.release()
        order = sorted(waiting)
        groups = [[order[j] for j in g] for g in _disclosures([waiting[i][0] for i in order], together)]
        digests = [disclosure_hash([waiting[i][1] for i in g]) for g in groups]
        done = recorded(engine, digests)
        todo = []
        for group, digest in zip(groups, digests):
            if digest in done:
                yield from (Summary(paths[i], stored_before=True) for i in group)
            else:
                todo.append(group)
        todo.sort(key=lambda g: _order(waiting[g[0]][0].year, waiting[g[0]][0].kind))
        workers = max(1, len(client.scheduler_info()["workers"]))
        size = max(1, min(MAX_BATCH, len(todo) // (TASKS_PER_WORKER * workers)))
        batches = [[[paths[i] for i in g] for g in todo[k:k + size]] for k in range(0, len(todo), size)]
        for future in as_completed(client.map(_check_batch, batches, url=url, max_bytes=max_bytes, pure=False)):
            yield from future.result()
            future.release()
    finally:
        engine.dispose()
        if client is not dask:
            client.close()


def _first_look(path: str, alone: bool, url: str, max_bytes: int | None = None) -> list[Summary] | tuple:
    """On a worker: a file that cannot be read, or is a disclosure alone (``alone``: by
    its name), checked and stored — its summary; else its profile and hash, to be grouped."""
    read = read_all([path], max_bytes)[0]
    if isinstance(read, Result):
        return [summary_of(read)]
    look = profile(read), file_hash(path)
    if not alone or may_join(look[0]):
        return look
    engine = _worker_engine(url)
    if recorded(engine, [disclosure_hash([look[1]])]):
        return [Summary(path, stored_before=True)]
    return _checked_and_stored([read], engine)


def _disclosures(profiles: list[Profile], together: bool) -> list[list[int]]:
    """Indexes of the files by disclosure, as ``check`` groups them."""
    if together:
        return [list(range(len(profiles)))] if profiles else []
    return group_profiles(profiles)


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
        out += [summary_of(r) for r in read if isinstance(r, Result)]
        docs = [d for d in read if not isinstance(d, Result)]
        if docs:
            out += _checked_and_stored(docs, engine)
    return out


def _checked_and_stored(docs: list, engine: Engine) -> list[Summary]:
    """One disclosure's files checked, cross-checked and written; their summaries."""
    results = _guard(lambda: analyze_disclosure(docs), [Result(d.path) for d in docs])
    rechecked = _store(engine, results)
    return [summary_of(r, rechecked if i == 0 else ()) for i, r in enumerate(results)]


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
