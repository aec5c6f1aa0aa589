"""The cost of the store, and the Dask path against ``check -j 2``.

One command, from the repository root::

    python benchmarks/store.py                  # SQLite; PostgreSQL too with JUESUAN_TEST_PG set
    python benchmarks/store.py --copies 8 -n 3

The documents are the repository's own real disclosures (``tests/fixtures``:
five Beijing 决算 texts and the Shanghai PDF; ``examples/*.txt``), each in
``--copies`` copies that differ by trailing blank lines (so each is a new
document to the store).  In one process, best of ``-n`` rounds, the variants
taking turns within each round (a load that comes and goes on a shared
machine hits them alike):

1. ``check --format json -j 1`` (the CLI's path: read, check, cross-check,
   render JSON) against ``check --store`` into a new SQLite file and, when
   ``JUESUAN_TEST_PG`` (a server URL) is set, into a new PostgreSQL database
   (the same, each document cross-checked against the store and written in
   its own transaction; the new stores are created, migrations and all,
   before the clock starts).  The aim: the store costs < 20%;
2. ``check --store --dask`` on a two-worker ``distributed.LocalCluster``
   (processes; each worker reads, checks and writes whole disclosures) into
   a new SQLite file, against ``check --format json -j 2``.

Documents per second and the ratios are printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))

from juesuan import batch  # noqa: E402
from juesuan.outcome import outcome_of  # noqa: E402
from juesuan.render.json import encode  # noqa: E402
from juesuan.store import connect, store_url  # noqa: E402
from juesuan.store.checking import check_into_store, check_on_cluster  # noqa: E402

TARGET_OVERHEAD = 0.20


def documents(folder: Path, copies: int) -> list[str]:
    sources = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt")) + sorted((ROOT / "examples").glob("*.txt"))
    sources += sorted((ROOT / "tests" / "fixtures").glob("*.pdf"))
    paths = []
    for i in range(copies):
        for src in sources:
            dst = folder / f"{i:02d}-{src.name}"
            dst.write_bytes(src.read_bytes() + (b"\n" * (i + 1) if src.suffix == ".txt" else b"\n%" * (i + 1)))
            paths.append(str(dst))
    return paths


def best_interleaved(rounds: int, runs: dict) -> dict[str, tuple[float, float]]:
    """(wall, CPU of this process) seconds, each the least of ``rounds`` runs of
    ``runs[name](round)``; the variants take turns within each round, so a load that
    comes and goes on the machine hits them alike."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for r in range(rounds):
        for name, run in runs.items():
            wall, cpu = time.perf_counter(), time.process_time()
            run(r)
            times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    return {name: (min(w for w, _ in t), min(c for _, c in t)) for name, t in times.items()}


def check_alone(paths: list[str], jobs: int) -> None:
    """``check --format json -j JOBS``: every file's JSON line."""
    for outcome in batch.run(paths, jobs):
        encode(outcome.data)


def into_store(paths: list[str], url: str) -> None:
    """``check --format json --store URL``: each document's JSON line, as the CLI renders it."""
    engine = connect(url)
    for _ in check_into_store(paths, engine, lambda result: encode(outcome_of(result).data)):
        pass
    engine.dispose()


def on_cluster(paths: list[str], url: str, client) -> None:
    """``check --store URL --dask``: each document's summary."""
    for _ in check_on_cluster(paths, url, client):
        pass


def new_stores(urls: list[str]) -> list[str]:
    """The stores created (migrated) before the clock starts: a new store's migrations
    (~0.5 s, once per store) are not a cost per document."""
    for url in urls:
        connect(url).dispose()
    return urls


def fresh_pg(server: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(store_url(server), isolation_level="AUTOCOMMIT")
    name = f"juesuan_bench_{uuid.uuid4().hex[:8]}"
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return engine.url.set(database=name).render_as_string(hide_password=False)


def line(name: str, seconds: tuple[float, float], n: int, base: tuple[float, float] | None = None) -> str:
    wall, cpu = seconds
    extra = f"   {wall / base[0] - 1:+.0%} wall, {cpu / base[1] - 1:+.0%} CPU against check alone" if base else ""
    return f"{name:<34}{wall:6.2f} s wall {n / wall:6.1f} documents/s   {cpu:6.2f} s CPU{extra}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("-n", "--rounds", type=int, default=3)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="juesuan-store-bench-"))
    try:
        paths = documents(work, args.copies)
        n = len(paths)
        print(f"{n} documents ({args.copies} copies of {n // args.copies}), best of {args.rounds} rounds")
        sqlite = new_stores([store_url(str(work / f"s{r}.db")) for r in range(args.rounds)])
        runs = {"check alone": lambda r: check_alone(paths, 1),
                "check --store SQLite": lambda r: into_store(paths, sqlite[r])}
        if os.environ.get("JUESUAN_TEST_PG"):
            pg = new_stores([fresh_pg(os.environ["JUESUAN_TEST_PG"]) for _ in range(args.rounds)])
            runs["check --store PostgreSQL"] = lambda r: into_store(paths, pg[r])
        times = best_interleaved(args.rounds, runs)
        alone = times.pop("check alone")
        print(line("check alone", alone, n))
        for name, seconds in times.items():
            print(line(name, seconds, n, alone))
        if "check --store PostgreSQL" not in times:
            print("PostgreSQL: JUESUAN_TEST_PG is not set, not measured")
        worst = max(wall for wall, _ in times.values())
        print(f"store overhead {worst / alone[0] - 1:+.0%} wall at most (aim < {TARGET_OVERHEAD:.0%}; the CPU "
              "column leaves out a PostgreSQL server's own work)")
        if not args.no_dask:
            dask_figures(paths, work, args.rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def dask_figures(paths: list[str], work: Path, rounds: int) -> None:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("Dask: dask[distributed] is not installed (juesuan[cluster]), not measured")
        return
    n = len(paths)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        on_cluster(paths[:2], store_url(str(work / "warm.db")), client)          # the workers import juesuan
        stores = new_stores([store_url(str(work / f"dask{r}.db")) for r in range(rounds)])
        times = best_interleaved(rounds, {
            "-j 2": lambda r: check_alone(paths, 2),
            "dask": lambda r: on_cluster(paths, stores[r], client)})
    print(line("check -j 2", times["-j 2"], n))
    print(line("check --store --dask (2 workers)", times["dask"], n)
          + f"   ×{times['-j 2'][0] / times['dask'][0]:.2f} the speed of -j 2, "
            f"{n / times['dask'][0] / 2:.1f} documents/s per worker")


if __name__ == "__main__":
    sys.exit(main())
