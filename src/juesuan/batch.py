"""Checking many files: folders expanded, files checked on all cores, results in
input order, cross-document rules and multi-file disclosures handled.

The parent process never holds a Document.  Each file is first checked alone in
a worker (:func:`check_groups`, a top-level function so that the "spawn" start
method can import it) which sends back a light :class:`~juesuan.outcome.FileOutcome`
with the file's profile.  From the profiles the parent decides, as ``check``
always did for the whole call, which files are one disclosure
(:func:`juesuan.pipeline.disclosures`) and which documents of one unit the
cross-document rules compare (:func:`juesuan.crossdoc.related`).  A file that
belongs to a disclosure of several files, or has such a neighbour, is checked
again in a second round, together with exactly the documents it needs; its
first outcome is replaced.  A file checked alone is not read again: the first
round also sends back its Result, pickled, before any cross-document check.
Outcomes and pickled Results wait in a temporary file, so memory stays flat
however many files there are.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .disclosure import Profile, group_profiles, profile
from .outcome import FileOutcome, outcome_of

# The formats juesuan.readers reads (old .doc/.wps/.xls/.et through a converter, when installed).
READABLE_SUFFIXES = frozenset({".txt", ".docx", ".pdf", ".html", ".htm", ".md", ".markdown", ".xlsx", ".xlsm",
                               ".xls", ".et", ".doc", ".wps"})


def expand(paths: Iterable[str]) -> list[str]:
    """The files to check: each path given, and the readable files under each folder
    (recursively, in name order; hidden files and folders skipped).  A path that is not a
    folder, or a folder with nothing to read, is kept as it is: reading it says why it
    cannot be checked."""
    out: list[str] = []
    for path in paths:
        found = []
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(root, f) for f in sorted(files)
                             if not f.startswith(".") and Path(f).suffix.lower() in READABLE_SUFFIXES)
        out.extend(found or [path])
    return out


def internal_error(path: str, exc: Exception):
    """The Result of a file whose analysis raised (re-raised with JUESUAN_DEBUG=1)."""
    from .pipeline import Result

    if os.environ.get("JUESUAN_DEBUG"):
        raise exc
    return Result(path, error=f"内部错误，未能核对（internal error: {type(exc).__name__}: {exc}；"
                              f"请附上此文件报告，JUESUAN_DEBUG=1 可显示详细信息）")


@dataclass(frozen=True)
class Task:
    """Files to check in one worker: ``groups`` of paths, each one disclosure; the
    outcomes of the files in ``keep`` (all when None) are sent back.  ``read_before`` holds
    the pickled Result of a file already checked alone (it is not read again: its
    Result is reused, or its Document joined with the other files of its disclosure);
    ``first_round``: send back each Result of a read file, pickled, for a second round."""

    groups: tuple[tuple[str, ...], ...]
    max_bytes: int | None = None
    keep: frozenset[str] | None = None
    read_before: tuple[tuple[str, bytes], ...] = ()
    first_round: bool = False


@dataclass
class Done:
    """What a worker sends back of one file: its outcome and, in the first round, its
    Result pickled before any cross-document check (None when the file was not read)."""

    outcome: FileOutcome
    result: bytes | None = None


def guarded_cross_check(results, known=()) -> None:
    """The cross-document rules over checked Results and the ``known`` (path, report)
    pairs of a store (see ``crossdoc``); a bug in them leaves the files' own findings."""
    from .crossdoc import cross_check

    try:
        cross_check(results, known)
    except Exception:  # noqa: BLE001 — the files' own findings stand; cross checks are extra
        if os.environ.get("JUESUAN_DEBUG"):
            raise


def check_groups(task: Task) -> list[Done]:
    """Read, check and cross-check the task's files; each file inside the guard (a bug
    becomes that file's "内部错误", never a traceback)."""
    earlier = {path: pickle.loads(blob) for path, blob in task.read_before}
    results, profiles = {}, {}
    for group in task.groups:
        if all(p in earlier for p in group):            # read before: not read again
            docs = [earlier[p].report.document for p in group]
            profiles.update((d.path, profile(d)) for d in docs)
            if len(group) == 1:
                results[group[0]] = earlier[group[0]]
            else:
                _analyze(docs, results)
        else:
            _check_disclosure(group, task.max_bytes, results, profiles)
    ordered = [results[p] for g in task.groups for p in g]
    blobs = {r.path: pickle.dumps(r, pickle.HIGHEST_PROTOCOL) for r in ordered
             if task.first_round and r.report is not None}
    guarded_cross_check(ordered)
    out = []
    for result in ordered:
        if task.keep is not None and result.path not in task.keep:
            continue
        try:
            outcome = outcome_of(result, profiles.get(result.path))
        except Exception as exc:  # noqa: BLE001 — reported, not swallowed
            outcome = outcome_of(internal_error(result.path, exc), profiles.get(result.path))
        out.append(Done(outcome, blobs.get(result.path)))
    return out


def _check_disclosure(group, max_bytes, results: dict, profiles: dict) -> None:
    """Read the files of one disclosure and check them as one (into ``results``)."""
    from .pipeline import read_all

    docs = []
    for path in group:
        try:
            item = read_all([path], max_bytes)[0]
            if hasattr(item, "text"):
                profiles[path] = profile(item)
                docs.append(item)
            else:
                results[path] = item
        except Exception as exc:  # noqa: BLE001 — reported, not swallowed
            results[path] = internal_error(path, exc)
    if docs:
        _analyze(docs, results)


def _analyze(docs, results: dict) -> None:
    """Check the read files of one disclosure as one (into ``results``)."""
    from .pipeline import analyze_disclosure

    try:
        for doc, result in zip(docs, analyze_disclosure(docs)):
            results[doc.path] = result
    except Exception as exc:  # noqa: BLE001 — reported, not swallowed
        results.update((d.path, internal_error(d.path, exc)) for d in docs)


def second_round(profiles: list[Profile | None], together: bool) -> list[tuple[tuple[str, ...], ...]]:
    """The files whose first outcome (each file checked alone) is not final, as the
    disclosures to check again together: the files of a disclosure of several files,
    and each document with a neighbour for the cross-document rules (with the
    documents it is compared with).  Each entry: its disclosures, the first one's
    files being the ones it decides."""
    from .crossdoc import related

    readable = [p for p in profiles if p is not None]
    if together:
        return [(tuple(p.path for p in readable),)] if len(readable) > 1 else []
    indexes = group_profiles(readable)
    groups = [tuple(readable[i].path for i in g) for g in indexes]
    heads = [readable[g[0]] for g in indexes]       # a disclosure's narrative names its unit
    pairs = related([(p.org, p.year, p.kind) for p in heads])
    again = []
    for i, group in enumerate(groups):
        first_of = {}
        for relation, j in pairs.get(i, []):
            first_of.setdefault(relation, j)        # a rule compares with the first such document
        if len(group) > 1 or first_of:
            again.append((group, *(groups[j] for j in sorted(set(first_of.values())))))
    return again


def run(paths: list[str], jobs: int = 1, together: bool = False, max_bytes: int | None = None,
        advance: Callable[[], None] = lambda: None) -> Iterator[FileOutcome]:
    """The outcome of every path, in input order (``advance`` is called once per file
    of the first round, for a progress bar)."""
    first = [Task(((p,),), max_bytes, first_round=True) for p in paths]
    positions: dict[str, list[int]] = {}
    for i, p in enumerate(paths):
        positions.setdefault(p, []).append(i)
    profiles: list[Profile | None] = [None] * len(paths)
    with _Spool() as spool, _executor(jobs) as pool:
        for i, (done,) in pool(first):
            spool.put(i, done.outcome)
            profiles[i] = done.outcome.profile
            if done.result is not None:
                spool.put_bytes(done.outcome.path, done.result)
            advance()
        again = second_round(profiles, together)

        def task(groups) -> Task:
            # order as in the call: cross rules take the first neighbour in call order
            ordered = tuple(sorted(groups, key=lambda g: positions[g[0]][0]))
            singles = tuple((p, spool.get_bytes(p)) for g in ordered for p in g if spool.has_bytes(p))
            return Task(ordered, max_bytes, frozenset(groups[0]), singles)

        for _, dones in pool(task(groups) for groups in again):
            for done in dones:
                for i in positions[done.outcome.path]:
                    spool.put(i, done.outcome)
        for i in range(len(paths)):
            yield spool.get(i)


def _start_worker(workers: int) -> None:
    """A worker ignores Ctrl-C (the parent stops the pool), so no worker prints a
    traceback; its OCR takes its share of the cores."""
    import signal

    from .readers.ocr import share_cores

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    share_cores(workers)


def _failed(task: Task, exc: Exception) -> list[Done]:
    """What is sent back of a task whose worker process died."""
    if os.environ.get("JUESUAN_DEBUG"):
        raise exc
    return [Done(outcome_of(internal_error(p, exc))) for g in task.groups for p in g
            if task.keep is None or p in task.keep]


class _Spool:
    """Outcomes (by index) and pickled Results (by path) kept in a temporary file, not
    in memory (the last one put under a key wins)."""

    def __enter__(self):
        self._file = tempfile.TemporaryFile()
        self._where: dict[object, tuple[int, int]] = {}
        return self

    def __exit__(self, *exc):
        self._file.close()

    def put(self, index: int, outcome: FileOutcome) -> None:
        self._write(index, pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))

    def get(self, index: int) -> FileOutcome:
        return pickle.loads(self._read(index))

    def put_bytes(self, path: str, blob: bytes) -> None:
        self._write(("bytes", path), blob)

    def has_bytes(self, path: str) -> bool:
        return ("bytes", path) in self._where

    def get_bytes(self, path: str) -> bytes:
        return self._read(("bytes", path))

    def _write(self, key, blob: bytes) -> None:
        self._file.seek(0, os.SEEK_END)
        self._where[key] = (self._file.tell(), len(blob))
        self._file.write(blob)

    def _read(self, key) -> bytes:
        offset, size = self._where[key]
        self._file.seek(offset)
        return self._file.read(size)


class _executor:
    """``pool(tasks)`` → each task's outcomes as its worker finishes: in this process for
    one job, else in a process pool."""

    def __init__(self, jobs: int):
        self._jobs = jobs
        self._pool = self._new_pool() if jobs > 1 else None

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self._jobs, initializer=_start_worker, initargs=(self._jobs,))

    def __enter__(self):
        return self

    def __exit__(self, kind, *exc):
        if self._pool is not None:           # interrupted: do not wait for the running tasks
            self._pool.shutdown(wait=kind is None, cancel_futures=True)

    def __call__(self, tasks: Iterable[Task]) -> Iterator[tuple[int, list[Done]]]:
        """(index of the task, its outcomes) as tasks finish; a few tasks per worker in
        flight at a time, and a finished one is dropped once handed on."""
        if self._pool is None:
            yield from enumerate(map(check_groups, tasks))
            return
        todo = iter(enumerate(tasks))
        running: dict = {}
        while True:
            while len(running) < 4 * self._jobs:
                nxt = next(todo, None)
                if nxt is None:
                    break
                running[self._pool.submit(check_groups, nxt[1])] = nxt
            if not running:
                return
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                i, task = running.pop(future)
                try:
                    yield i, future.result()
                except BrokenProcessPool as exc:    # a worker died (killed, out of memory …)
                    self._pool = self._new_pool()
                    yield i, _failed(task, exc)
