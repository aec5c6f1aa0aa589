"""The first schema: documents, runs, figures, lines, findings.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _amount() -> list[sa.Column]:
    return [sa.Column("value", sa.String(40), nullable=False), sa.Column("unit", sa.String(8), nullable=False),
            sa.Column("decimals", sa.Integer, nullable=False), sa.Column("text", sa.Text, nullable=False),
            sa.Column("file", sa.Text), sa.Column("page", sa.Integer), sa.Column("line", sa.Integer, nullable=False),
            sa.Column("quote", sa.Text, nullable=False)]


def _owned_by_run(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        *columns)
    op.create_index(f"ix_{name}_run_id", name, ["run_id"])


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("files", sa.Text, nullable=False),
        sa.Column("org", sa.Text),
        sa.Column("unit_key", sa.Text),
        sa.Column("year", sa.Integer),
        sa.Column("doc_type", sa.String(32), nullable=False),
        sa.Column("pages", sa.Integer),
        sa.Column("money_unit", sa.String(8)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False))
    op.create_index("ix_documents_unit_key", "documents", ["unit_key"])
    op.create_index("ix_documents_year", "documents", ["year"])
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("juesuan_version", sa.String(32), nullable=False),
        sa.Column("rules_version", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("infos", sa.Integer, nullable=False),
        sa.UniqueConstraint("document_id", "rules_version", name="uq_runs_document_rules"))
    _owned_by_run("figures",
                  sa.Column("key", sa.String(128), nullable=False), sa.Column("label", sa.Text, nullable=False),
                  sa.Column("source", sa.String(16), nullable=False), sa.Column("year", sa.Integer), *_amount())
    _owned_by_run("lines",
                  sa.Column("table_kind", sa.String(64), nullable=False), sa.Column("code", sa.String(32)),
                  sa.Column("name", sa.Text, nullable=False), sa.Column("level", sa.String(8)),
                  sa.Column("phase", sa.String(16), nullable=False), *_amount())
    _owned_by_run("findings",
                  sa.Column("file", sa.Text, nullable=False), sa.Column("rule", sa.String(16), nullable=False),
                  sa.Column("severity", sa.String(8), nullable=False), sa.Column("title", sa.Text, nullable=False),
                  sa.Column("message", sa.Text, nullable=False), sa.Column("expected", sa.Text),
                  sa.Column("actual", sa.Text), sa.Column("arithmetic", sa.Text), sa.Column("page", sa.Integer),
                  sa.Column("line", sa.Integer, nullable=False), sa.Column("quote", sa.Text, nullable=False))


def downgrade() -> None:
    for name in ("findings", "lines", "figures", "runs", "documents"):
        op.drop_table(name)
