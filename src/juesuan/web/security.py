"""Who is asking: the session cookie, the role a route needs, the CSRF token of every POST.

A page asked for without a session redirects to the login page (303); the API
answers 401.  A role too low gets 403.  Every POST must carry the session's
CSRF token, in the form field ``csrf`` or the header ``X-CSRF-Token``; the
login form, before there is a session, carries the token of a cookie of its
own (double submit).  The API's JSON login needs none: a browser cannot send
JSON to another site without its consent.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response

from .accounts import SESSION_DAYS, User, session_user

SESSION_COOKIE = "juesuan_session"
LOGIN_COOKIE = "juesuan_login"


class LoginRequired(Exception):
    """No live session."""


class Forbidden(Exception):
    """A session whose role is too low, or a POST without its CSRF token."""


def current_user(request: Request) -> User | None:
    return session_user(request.app.state.engine, request.cookies.get(SESSION_COOKIE))


def _needs(role: str):
    async def dependency(request: Request) -> User:
        user = current_user(request)
        if user is None:
            raise LoginRequired
        if not user.may(role):
            raise Forbidden("权限不足")
        if request.method == "POST":
            await check_csrf(request, user.csrf)
        return user
    dependency.__name__ = f"needs_{role}"
    return dependency


viewer, reviewer, admin = _needs("viewer"), _needs("reviewer"), _needs("admin")


async def check_csrf(request: Request, expected: str | None) -> None:
    given = request.headers.get("x-csrf-token")
    if given is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        given = (await request.form()).get("csrf")
    if not expected or not isinstance(given, str) or not hmac.compare_digest(given, expected):
        raise Forbidden("表单已失效（CSRF 校验未通过），请刷新页面后重试")


def login_token(request: Request) -> str:
    """The login form's token: its cookie's, or a new one."""
    return request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)


def set_session(request: Request, response: Response, token: str) -> None:
    """The session cookie: HTTP-only, SameSite=Lax, Secure unless serving plain HTTP on loopback."""
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=request.app.state.secure_cookies,
                        max_age=SESSION_DAYS * 86400)
