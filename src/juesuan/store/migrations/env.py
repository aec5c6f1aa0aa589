"""Alembic environment of the store: migrations run on the connection the store passes in
(``config.attributes["connection"]``); on PostgreSQL an advisory lock lets several
processes start on an empty database at once."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from juesuan.store.schema import metadata

_LOCK = 0x6A7565              # any constant shared by every juesuan process


def run() -> None:
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK})
        context.run_migrations()


run()
