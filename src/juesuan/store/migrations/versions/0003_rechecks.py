"""Checking a stored document again when a document it is compared with comes later:
``findings.caused_by`` names that later document, ``changes`` keeps the
statements comparing a figure with last year's that the cross-document rules
read, and an amount's ``printed`` text is its finding's quote.

Revision ID: 0003_rechecks
Revises: 0002_web
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_rechecks"
down_revision = "0002_web"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("findings", sa.Column("caused_by", sa.Integer))
    op.add_column("figures", sa.Column("printed", sa.Text))
    op.add_column("lines", sa.Column("printed", sa.Text))
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("wording", sa.Text, nullable=False), sa.Column("basis", sa.String(16), nullable=False),
        sa.Column("direction", sa.String(8)), sa.Column("key", sa.String(128), nullable=False),
        sa.Column("label", sa.Text, nullable=False), sa.Column("year", sa.Integer),
        sa.Column("value", sa.String(40), nullable=False), sa.Column("unit", sa.String(8), nullable=False),
        sa.Column("decimals", sa.Integer, nullable=False), sa.Column("text", sa.Text, nullable=False),
        sa.Column("printed", sa.Text, nullable=False), sa.Column("amount_page", sa.Integer),
        sa.Column("amount_line", sa.Integer, nullable=False), sa.Column("delta_value", sa.String(40)), sa.Column("delta_unit", sa.String(8)),
        sa.Column("delta_decimals", sa.Integer), sa.Column("delta_text", sa.Text),
        sa.Column("file", sa.Text), sa.Column("page", sa.Integer), sa.Column("line", sa.Integer, nullable=False),
        sa.Column("quote", sa.Text, nullable=False))
    op.create_index("ix_changes_run_id", "changes", ["run_id"])


def downgrade() -> None:
    op.drop_table("changes")
    for table, column in (("findings", "caused_by"), ("figures", "printed"), ("lines", "printed")):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
