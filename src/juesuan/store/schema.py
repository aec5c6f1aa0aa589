"""The store's tables (SQLAlchemy Core): documents, runs, figures, lines, changes, findings.

A *document* is one disclosure as checked (one file, or the files of a
disclosure published apart), identified by the hash of its content.  A *run*
is one check of a document by one version of the rules; a new rules version
adds a run and keeps the old ones.  A run holds what the cross-document rules
read from a neighbour (figures by key, line items by code with each amount's
page, line and quote), the statements comparing a figure with last year's
(``changes``: what those rules read of a stored document checked again when
its neighbour comes) and the findings.  Amounts are decimal strings as
printed (``value`` in ``unit`` with ``decimals`` digits), never floats.

The migrations in ``migrations/versions`` create exactly these tables.
"""

from __future__ import annotations

from sqlalchemy import (Column, DateTime, ForeignKey, Integer, MetaData, String, Table, Text,
                        UniqueConstraint)

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("path", Text, nullable=False),           # the first file's path as given
    Column("files", Text, nullable=False),          # every file's path, one a line
    Column("org", Text),                            # the unit as the document names it
    Column("unit_key", Text, index=True),           # crossdoc.unit_key(org)
    Column("year", Integer, index=True),
    Column("doc_type", String(32), nullable=False),
    Column("pages", Integer),
    Column("money_unit", String(8)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("juesuan_version", String(32), nullable=False),
    Column("rules_version", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("error", Text),                          # why the document could not be checked
    Column("errors", Integer, nullable=False),
    Column("warnings", Integer, nullable=False),
    Column("infos", Integer, nullable=False),
    UniqueConstraint("document_id", "rules_version", name="uq_runs_document_rules"),
)


def _amount_columns() -> list[Column]:
    """An amount as printed and where it stands (page, line, the sentence or row it is in;
    ``file``: the file it stands in when the document is a disclosure of several files;
    ``printed``: its text in the document, verbatim, where ``text`` may add the unit)."""
    return [Column("value", String(40), nullable=False), Column("unit", String(8), nullable=False),
            Column("decimals", Integer, nullable=False), Column("text", Text, nullable=False),
            Column("file", Text), Column("page", Integer), Column("line", Integer, nullable=False),
            Column("quote", Text, nullable=False), Column("printed", Text)]


figures = Table(
    "figures", metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),         # document order
    Column("key", String(128), nullable=False),
    Column("label", Text, nullable=False),
    Column("source", String(16), nullable=False),   # "narrative" | "table"
    Column("year", Integer),
    *_amount_columns(),
)

lines = Table(
    "lines", metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),         # the line item's index in the report
    Column("table_kind", String(64), nullable=False),
    Column("code", String(32)),
    Column("name", Text, nullable=False),
    Column("level", String(8)),
    Column("phase", String(16), nullable=False),    # the LineItem field: actual, budget, prior_budget …
    *_amount_columns(),
)

findings = Table(
    "findings", metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("file", Text, nullable=False),           # the file it stands in
    Column("rule", String(16), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("title", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("expected", Text),
    Column("actual", Text),
    Column("arithmetic", Text),
    Column("page", Integer),
    Column("line", Integer, nullable=False),
    Column("quote", Text, nullable=False),
    Column("caused_by", Integer),                   # documents.id of the later document whose coming
)                                                   # gave this finding to an earlier one (None: its own)

changes = Table(
    "changes", metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("wording", Text, nullable=False),        # the statement as printed ("比上年增加1,000.00万元")
    Column("basis", String(16), nullable=False),    # "last_year"
    Column("direction", String(8)),                 # "up" | "down" | "flat" | "both"
    Column("key", String(128), nullable=False),     # the current figure it is attached to …
    Column("label", Text, nullable=False),
    Column("year", Integer),
    Column("value", String(40), nullable=False),    # … and its amount as printed
    Column("unit", String(8), nullable=False),
    Column("decimals", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("printed", Text, nullable=False),        # … verbatim, and where it stands
    Column("amount_page", Integer), Column("amount_line", Integer, nullable=False),
    Column("delta_value", String(40)),              # the change ("增加X"), when printed
    Column("delta_unit", String(8)),
    Column("delta_decimals", Integer),
    Column("delta_text", Text),
    Column("file", Text), Column("page", Integer), Column("line", Integer, nullable=False),
    Column("quote", Text, nullable=False),          # the sentence of the statement
)
