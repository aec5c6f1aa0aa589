"""A bounded load test of ``juesuan serve`` on loopback.

Starts the server in a subprocess on 127.0.0.1 (a new SQLite store, two checking
processes), uploads N different documents at once (two years of the budget of
N/2 units, the texts of tests/test_store.py), waits until every one is checked,
then asks for the document pages R times from C threads.  It fails when an upload
is lost or fails, or when any request errs, and prints the latencies::

    python benchmarks/web_load.py [--uploads 20] [--requests 200] [--concurrency 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from test_store import CITIES, budget  # noqa: E402
from web_server import running  # noqa: E402

PASSWORD = "load-test-password"
YEARS = ((2018, dict(prior="9,000.00", now="10,000.00", up="500.00", abroad="110.00")),
         (2019, dict(prior="10,500.00", now="11,000.00", up="1,000.00", abroad="100.00")))


def documents(count: int) -> list[tuple[str, bytes]]:
    units = [f"江苏省{city}市人民检察院" for city in CITIES] + [f"第{i}区人民检察院" for i in range(count)]
    out = []
    for unit in units:
        for year, values in YEARS:
            out.append((f"{unit}-{year}.txt", budget(unit, year, **values).encode()))
    return out[:count]


def log_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=120)
    me = client.post("/api/login", json={"name": "load", "password": PASSWORD})
    me.raise_for_status()
    client.headers["X-CSRF-Token"] = me.json()["csrf"]
    return client


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, running(Path(folder), {"load": (PASSWORD, "reviewer")}) as base:
        files = documents(args.uploads)

        def upload(item):
            with closing(log_in(base)) as client:
                started = time.perf_counter()
                answer = client.post("/api/documents", files={"file": item})
                answer.raise_for_status()
                return answer.json()["id"], time.perf_counter() - started

        started = time.perf_counter()
        with ThreadPoolExecutor(args.uploads) as pool:
            sent = list(pool.map(upload, files))
        client = log_in(base)
        ids = [upload_id for upload_id, _ in sent]
        while True:
            states = client.get("/api/uploads", params={"id": ids}).json()
            if all(s["status"] in ("done", "failed") for s in states) and len(states) == len(ids):
                break
            time.sleep(0.5)
        checked = time.perf_counter() - started
        failed = [s for s in states if s["status"] != "done"]
        documents_listed = client.get("/api/documents").json()
        pages = [s["document_id"] for s in states]

        def visit(i: int):
            with httpx.Client(base_url=base, cookies=client.cookies, timeout=120) as visitor:
                began = time.perf_counter()
                answer = visitor.get(f"/documents/{pages[i % len(pages)]}")
                return answer.status_code, time.perf_counter() - began

        began = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            visits = list(pool.map(visit, range(args.requests)))
        wall = time.perf_counter() - began
    errors = [code for code, _ in visits if code != 200]
    latencies = [t for _, t in visits]
    uploads_p95 = p([t for _, t in sent], 95)
    print(f"uploads: {len(sent)} sent at once, {len(ids) - len(failed)} checked, {len(failed)} failed, "
          f"{len(documents_listed)} documents in the store; all checked in {checked:.1f} s "
          f"(upload request p95 {uploads_p95 * 1000:.0f} ms)")
    print(f"document pages: {len(visits)} requests from {args.concurrency} threads in {wall:.1f} s, "
          f"{len(errors)} errors; latency p50 {p(latencies, 50) * 1000:.0f} ms, p95 {p(latencies, 95) * 1000:.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms")
    return 1 if failed or errors or len(documents_listed) != args.uploads else 0


if __name__ == "__main__":
    sys.exit(main())
