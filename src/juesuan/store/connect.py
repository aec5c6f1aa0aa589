"""Opening a store: the URL, the engine, the migrations.

A plain path (or nothing: ``juesuan.db`` in the working directory, or the
environment variable ``JUESUAN_STORE``) is a SQLite file; a URL such as
``postgresql+psycopg://user@host/db`` is used as given (``postgresql://`` means
psycopg 3).  SQLite runs in WAL mode with a busy timeout, and every write
transaction takes the write lock at its start (``BEGIN IMMEDIATE``), so
several processes writing at once wait for each other instead of failing
half-way.  Opening a store brings its schema to the latest migration.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

DEFAULT_FILE = "juesuan.db"
_MIGRATING = threading.Lock()
_BUSY_MS = 60_000


def store_url(given: str | None) -> str:
    """The SQLAlchemy URL of a ``--store`` value (a URL, a file path, or empty: the default)."""
    value = given or os.environ.get("JUESUAN_STORE") or DEFAULT_FILE
    if value.startswith("postgresql://"):
        return "postgresql+psycopg://" + value.removeprefix("postgresql://")
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def connect(url: str) -> Engine:
    """An engine on the store at ``url`` (see :func:`store_url`), its schema migrated."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": _BUSY_MS / 1000})
        _serialize_sqlite_writers(engine)
    else:
        engine = create_engine(url)
    migrate(engine)
    return engine


def _serialize_sqlite_writers(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None          # transactions are begun below, not by the driver
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def migrate(engine: Engine) -> None:
    """``alembic upgrade head`` with the migrations shipped in this package (one thread at
    a time: Alembic's migration context is global to the process)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    with _MIGRATING, engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
