"""The corpus store: every checked disclosure in a database, checked against its own past.

``connect`` opens a SQLite file or a PostgreSQL database (migrating it),
``checking.check_into_store`` checks documents into it one transaction each
(serially or on a Dask cluster), ``neighbours`` gives the cross-document rules
the stored documents of a unit, and ``corpus`` tabulates what it holds.
"""

from .connect import connect, store_url

__all__ = ["connect", "store_url"]
