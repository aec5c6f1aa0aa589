"""The review desk's tables (juesuan serve): users, sessions, uploads, reports, reviews.

Revision ID: 0002_web
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_web"
down_revision = "0001"
branch_labels = None
depends_on = None


def _when(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "web_users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        _when("created_at"))
    op.create_table(
        "web_sessions",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("web_users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        _when("expires_at"))
    op.create_table(
        "web_uploads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("stored_as", sa.Text, nullable=False),
        sa.Column("filename", sa.Text, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("duplicate", sa.Integer, nullable=False),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="SET NULL")),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("web_users.id", ondelete="SET NULL")),
        _when("created_at"))
    op.create_index("ix_web_uploads_content_hash", "web_uploads", ["content_hash"])
    op.create_table(
        "web_reports",
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("report", sa.Text, nullable=False))
    op.create_table(
        "web_reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("finding_id", sa.Integer, sa.ForeignKey("findings.id", ondelete="CASCADE"), nullable=False,
                  unique=True),
        sa.Column("finding_key", sa.String(64), nullable=False),
        sa.Column("unit_key", sa.Text),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("web_users.id", ondelete="SET NULL")),
        _when("reviewed_at"))
    op.create_index("ix_web_reviews_finding_key", "web_reviews", ["finding_key"])
    op.create_index("ix_web_reviews_unit_key", "web_reviews", ["unit_key"])


def downgrade() -> None:
    for name in ("web_reviews", "web_reports", "web_uploads", "web_sessions", "web_users"):
        op.drop_table(name)
