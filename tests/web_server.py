"""``juesuan serve`` in a subprocess on a free loopback port, with accounts, for the browser
test and the load benchmark."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

SRC = str(Path(__file__).resolve().parent.parent / "src")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _juesuan(*args: str, stdin: str | None = None, **kwargs):
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    if stdin is not None:
        return subprocess.run([sys.executable, "-m", "juesuan", *args], input=stdin, text=True, env=env,
                              check=True, capture_output=True)
    return subprocess.Popen([sys.executable, "-m", "juesuan", *args], env=env, **kwargs)


@contextlib.contextmanager
def running(folder: Path, users: dict[str, tuple[str, str]], workers: int = 2):
    """The server on a new store in ``folder`` with ``users`` (name → (password, role));
    yields its base URL and stops it on leaving."""
    store = str(folder / "store.db")
    for name, (password, role) in users.items():
        _juesuan("user", "add", name, "--role", role, "--store", store, stdin=password + "\n")
    port = _free_port()
    log = open(folder / "server.log", "wb")
    server = _juesuan("serve", "--store", store, "--uploads", str(folder / "uploads"), "--port", str(port),
                      "--workers", str(workers), stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/login", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((folder / "server.log").read_text(errors="replace")) from None
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
