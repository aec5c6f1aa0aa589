"""``juesuan serve`` (the review desk) and ``juesuan user add`` (an account, password from stdin)."""

from __future__ import annotations

import sys

import click

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(store: str | None, host: str, port: int, folder: str | None, workers: int, plain_http: bool) -> None:
    """Run the server until stopped.  Cookies are Secure (sent over HTTPS only, as behind a
    TLS proxy) unless the server listens on loopback or ``plain_http`` says there is no TLS."""
    import uvicorn

    from .app import create_app

    app = create_app(store, folder, workers, secure_cookies=host not in LOOPBACK and not plain_http)
    uvicorn.run(app, host=host, port=port)


def add_user(store: str | None, name: str, role: str) -> int:
    """Create an account; the password is asked for (twice) on a terminal, else read from stdin."""
    from ..store import connect, store_url
    from .accounts import AccountError
    from .accounts import add_user as create

    if sys.stdin.isatty():
        password = click.prompt("密码", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    engine = connect(store_url(store))
    try:
        create(engine, name, password, role)
    except AccountError as why:
        click.echo(f"juesuan: {why}", err=True)
        return 2
    finally:
        engine.dispose()
    click.echo(f"juesuan: 已添加用户 {name}（{role}）", err=True)
    return 0
