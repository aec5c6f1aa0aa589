"""Accounts and sessions: argon2 password hashes, three roles, a server-side session table.

A session is a random token in an HTTP-only SameSite cookie; the row holds the
user, the expiry and the session's CSRF token, which every form and every
POST of the API must send back.  Roles rank ``viewer`` < ``reviewer`` <
``admin``: a viewer reads, a reviewer also uploads and reviews, an admin also
manages the users.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from .tables import ROLES, sessions, users

SESSION_DAYS = 7
RANK = {"viewer": 0, "reviewer": 1, "admin": 2}
_HASHER = PasswordHasher()
_UNKNOWN = _HASHER.hash(secrets.token_hex(16))   # verified against when the name is unknown: same time either way


class AccountError(ValueError):
    """A user that cannot be made (name taken, empty password, unknown role)."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    csrf: str = ""

    def may(self, role: str) -> bool:
        """True when this user's role is ``role`` or above."""
        return RANK[self.role] >= RANK[role]


def add_user(engine: Engine, name: str, password: str, role: str) -> int:
    name = name.strip()
    if role not in ROLES:
        raise AccountError(f"角色须为 {'、'.join(ROLES)} 之一")
    if not name or len(name) > 64:
        raise AccountError("用户名须为 1 至 64 个字符")
    if len(password) < 8:
        raise AccountError("密码至少 8 个字符")
    try:
        with engine.begin() as conn:
            return conn.execute(insert(users).values(
                name=name, password_hash=_HASHER.hash(password), role=role,
                created_at=datetime.now(timezone.utc))).inserted_primary_key[0]
    except IntegrityError:
        raise AccountError(f"用户 {name} 已存在") from None


def list_users(engine: Engine) -> list[User]:
    with engine.connect() as conn:
        return [User(r.id, r.name, r.role) for r in conn.execute(select(users).order_by(users.c.name))]


def log_in(engine: Engine, name: str, password: str) -> tuple[str, User] | None:
    """(session token, user) when the password is the user's, else None."""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.name == name.strip())).first()
    try:
        _HASHER.verify(row.password_hash if row else _UNKNOWN, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = datetime.now(timezone.utc)
    with engine.begin() as conn:
        conn.execute(delete(sessions).where(sessions.c.expires_at < now))
        conn.execute(insert(sessions).values(token=token, user_id=row.id, csrf=csrf,
                                             expires_at=now + timedelta(days=SESSION_DAYS)))
        if _HASHER.check_needs_rehash(row.password_hash):
            conn.execute(update(users).where(users.c.id == row.id).values(password_hash=_HASHER.hash(password)))
    return token, User(row.id, row.name, row.role, csrf)


def session_user(engine: Engine, token: str | None) -> User | None:
    """The user of a live session, with the session's CSRF token."""
    if not token or len(token) > 64:
        return None
    query = (select(users.c.id, users.c.name, users.c.role, sessions.c.csrf, sessions.c.expires_at)
             .join(users, users.c.id == sessions.c.user_id).where(sessions.c.token == token))
    with engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None or _aware(row.expires_at) < datetime.now(timezone.utc):
        return None
    return User(row.id, row.name, row.role, row.csrf)


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes: they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def log_out(engine: Engine, token: str | None) -> None:
    if token:
        with engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.token == token))
