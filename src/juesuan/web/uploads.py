"""Uploads: a file kept under its content hash, checked into the store by a worker process.

A file is streamed to the upload folder up to the readers' size limit
(``JUESUAN_MAX_SIZE``, see :mod:`juesuan.readers`), only with a suffix the
readers take, and renamed to its content hash (the store's
:func:`~juesuan.store.record.content_hash`) with that suffix: the uploader's
file name is shown, never used as a path.  Each upload is a row in
``web_uploads`` whose status goes queued → checking → done (or failed); a
small pool of processes runs :func:`check_upload` (pdfium is not thread-safe,
so checks run in processes, each with its own).  A content the store has
checked already is recognised and not checked again.  Uploads left queued or
half-checked when the server stopped are queued again when it starts.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import secrets
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Engine, desc, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..readers import max_bytes_default
from ..store.record import content_hash
from .tables import reports, uploads

SUFFIXES = (".pdf", ".docx", ".txt", ".html", ".htm", ".md")
_CHUNK = 1 << 20


class UploadRejected(ValueError):
    """A file not taken: too big, empty, or of a kind the readers do not read."""


def save(engine: Engine, folder: Path, stream: BinaryIO, filename: str, user_id: int | None) -> int:
    """Keep an uploaded file and queue it; the upload's id.  Raises UploadRejected."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadRejected(f"{filename}：只接受 {'、'.join(SUFFIXES)} 文件")
    limit = max_bytes_default()
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".upload-{secrets.token_hex(8)}"
    size = 0
    try:
        with open(partial, "wb") as out:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise UploadRejected(f"{filename}：超过 {limit // (1024 * 1024)} MB 的大小上限")
                out.write(chunk)
        if size == 0:
            raise UploadRejected(f"{filename}：空文件")
        digest = content_hash([str(partial)])
        stored_as = f"{digest}{suffix}"
        os.replace(partial, folder / stored_as)
    finally:
        partial.unlink(missing_ok=True)
    with engine.begin() as conn:
        return conn.execute(insert(uploads).values(
            content_hash=digest, stored_as=stored_as, filename=filename[-200:], size=size, status="queued",
            duplicate=0, user_id=user_id, created_at=datetime.now(timezone.utc))).inserted_primary_key[0]


def progress(engine: Engine, ids: list[int] | None = None, limit: int = 100) -> list[dict]:
    """The latest uploads (or those of ``ids``), newest first, as JSON objects."""
    query = select(uploads).order_by(desc(uploads.c.id)).limit(limit)
    if ids is not None:
        query = query.where(uploads.c.id.in_(ids))
    with engine.connect() as conn:
        return [{"id": r.id, "filename": r.filename, "size": r.size, "status": r.status, "error": r.error,
                 "duplicate": bool(r.duplicate), "document_id": r.document_id,
                 "created_at": r.created_at.isoformat()} for r in conn.execute(query)]


class Checker:
    """The pool of worker processes that check uploads.  A worker that dies (a file that
    crashes pdfium) fails its upload and the pool is started again."""

    def __init__(self, url: str, folder: Path, engine: Engine, workers: int = 2):
        self.url, self.folder, self.engine, self.workers = url, folder, engine, workers
        self.lock = threading.Lock()
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"))

    def submit(self, upload_id: int) -> None:
        with self.lock:
            try:
                pool, future = self.pool, self.pool.submit(check_upload, self.url, str(self.folder), upload_id)
            except BrokenProcessPool:
                self.pool = self._new_pool()
                pool, future = self.pool, self.pool.submit(check_upload, self.url, str(self.folder), upload_id)
        future.add_done_callback(lambda done: self._died(done, pool, upload_id))

    def _died(self, future, pool: ProcessPoolExecutor, upload_id: int) -> None:
        if future.cancelled() or not isinstance(future.exception(), BrokenProcessPool):
            return
        with self.engine.begin() as conn:
            conn.execute(update(uploads).where(uploads.c.id == upload_id, uploads.c.status != "done")
                         .values(status="failed", error="核对进程意外退出（文件可能已损坏）"))
        with self.lock:
            if self.pool is pool:
                self.pool = self._new_pool()

    def resume(self) -> None:
        """Queue again what a stopped server left unchecked."""
        with self.engine.connect() as conn:
            left = conn.execute(select(uploads.c.id).where(uploads.c.status.in_(("queued", "checking")))
                                .order_by(uploads.c.id)).scalars().all()
        for upload_id in left:
            self.submit(upload_id)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


@cache
def _engine(url: str) -> Engine:
    from ..store import connect

    return connect(url)


def check_upload(url: str, folder: str, upload_id: int) -> None:
    """In a worker process: check one upload into the store and record how it went."""
    from ..render.json import to_dict
    from ..store.checking import check_into_store

    engine = _engine(url)
    with engine.begin() as conn:
        row = conn.execute(select(uploads).where(uploads.c.id == upload_id)).first()
        conn.execute(update(uploads).where(uploads.c.id == upload_id).values(status="checking"))
    path = str(Path(folder) / row.stored_as)
    done = {"status": "done"}
    try:
        for _path, result, obj in check_into_store([path], engine, to_dict):
            if result is None:
                done["duplicate"] = 1
            elif result.error and result.report is None:
                done.update(status="failed", error=result.error)
            else:
                _keep_report(engine, row.content_hash, obj)
    except Exception as exc:  # noqa: BLE001 — the upload says why; the worker goes on
        done.update(status="failed", error=f"内部错误：{type(exc).__name__}: {exc}")
    done["document_id"] = _document_id(engine, row.content_hash)
    with engine.begin() as conn:
        conn.execute(update(uploads).where(uploads.c.id == upload_id).values(**done))


def _document_id(engine: Engine, digest: str) -> int | None:
    from ..store.schema import documents

    with engine.connect() as conn:
        return conn.execute(select(documents.c.id).where(documents.c.content_hash == digest)).scalar()


def _keep_report(engine: Engine, digest: str, obj: dict) -> None:
    """The JSON report of the document's latest run (the store's findings lack the offsets)."""
    from ..store.schema import documents, runs

    query = (select(runs.c.id).join(documents).where(documents.c.content_hash == digest)
             .order_by(desc(runs.c.id)).limit(1))
    try:
        with engine.begin() as conn:
            run_id = conn.execute(query).scalar()
            known = conn.execute(select(reports.c.run_id).where(reports.c.run_id == run_id)).first()
            if run_id is not None and known is None:
                conn.execute(insert(reports).values(run_id=run_id, report=json.dumps(obj, ensure_ascii=False)))
    except IntegrityError:
        pass                                     # another worker checked the same content at once
