"""The web's tables in the store: users, sessions, uploads, reports, reviews.

They share the store's metadata (so a review points at a stored finding) and
are created by the store's migration ``0002_web``.  A *report* is the JSON
object ``juesuan check --format json`` gives for a run (it keeps each
finding's offsets, which the store's findings table does not).  A *review*
is one person's verdict on one finding; ``finding_key`` and ``unit_key`` let a
dismissal stand for the same finding in the unit's next document.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table, Text

from ..store.schema import metadata

ROLES = ("admin", "reviewer", "viewer")
REVIEW_STATUSES = ("open", "confirmed", "dismissed")
UPLOAD_STATUSES = ("queued", "checking", "done", "failed")
ID_MAX = 2**31 - 1          # the largest id an integer column holds (PostgreSQL refuses a larger one)

users = Table(
    "web_users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

sessions = Table(
    "web_sessions", metadata,
    Column("token", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("web_users.id", ondelete="CASCADE"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

uploads = Table(
    "web_uploads", metadata,
    Column("id", Integer, primary_key=True),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("stored_as", Text, nullable=False),      # the file's name in the upload folder: hash + suffix
    Column("filename", Text, nullable=False),       # as the uploader named it: shown, never a path
    Column("size", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("error", Text),
    Column("duplicate", Integer, nullable=False, default=0),   # 1: the store had this content already
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="SET NULL")),
    Column("user_id", Integer, ForeignKey("web_users.id", ondelete="SET NULL")),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

reports = Table(
    "web_reports", metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("report", Text, nullable=False),
)

reviews = Table(
    "web_reviews", metadata,
    Column("id", Integer, primary_key=True),
    Column("finding_id", Integer, ForeignKey("findings.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("finding_key", String(64), nullable=False, index=True),
    Column("unit_key", Text, index=True),
    Column("status", String(16), nullable=False),
    Column("comment", Text, nullable=False, default=""),
    Column("user_id", Integer, ForeignKey("web_users.id", ondelete="SET NULL")),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
)
