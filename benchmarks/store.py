"""The cost of the store, and the Dask path against plain serial checking.

One command, from the repository root::

    python benchmarks/store.py                  # SQLite; PostgreSQL too with JUESUAN_TEST_PG set
    python benchmarks/store.py --copies 8 -n 3

The documents are the repository's own real disclosures (``tests/fixtures``:
five Beijing 决算 texts and the Shanghai PDF; ``examples/*.txt``), each in
``--copies`` copies that differ by trailing blank lines (so each is a new
document to the store).  In one process, best of ``-n`` rounds:

1. ``check`` alone (the CLI's path: read, check, cross-check, render JSON);
   the variants take turns within each round (a load that comes and goes
   on a shared machine hits them alike);
2. ``check --store`` into a new SQLite file (the same, and each document
   written in its own transaction), and into a new PostgreSQL database when
   ``JUESUAN_TEST_PG`` (a server URL) is set.  The aim: the store costs < 20%;
3. ``check --store --dask`` on a two-worker ``distributed.LocalCluster``
   (processes) against serial ``check --store``, both into new SQLite files.

Documents per second and the ratios are printed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


from juesuan.render.json import dumps  # noqa: E402
from juesuan.store import connect, store_url  # noqa: E402
from juesuan.store.checking import check_into_store  # noqa: E402

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


def into_store(paths: list[str], url: str, dask=None) -> None:
    engine = connect(url)
    for _ in check_into_store(paths, engine, dumps, dask=dask):
        pass
    engine.dispose()


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
    import os

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
        runs = {"check alone": lambda r: _answers(paths, dumps),
                "check --store SQLite": lambda r: into_store(paths, store_url(str(work / f"s{r}.db")))}
        if os.environ.get("JUESUAN_TEST_PG"):
            runs["check --store PostgreSQL"] = lambda r: into_store(paths, fresh_pg(os.environ["JUESUAN_TEST_PG"]))
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
        client.run(lambda: sys.path.insert(0, str(ROOT / "src")))
        into_store(paths[:2], store_url(str(work / "warm.db")), client)          # the workers import juesuan
        times = best_interleaved(rounds, {
            "serial": lambda r: into_store(paths, store_url(str(work / f"serial{r}.db"))),
            "dask": lambda r: into_store(paths, store_url(str(work / f"dask{r}.db")), client)})
    print(line("check --store (serial)", times["serial"], n))
    print(line("check --store --dask (2 workers)", times["dask"], n) + f"   speed-up ×{times['serial'][0] / times['dask'][0]:.2f} wall")


if __name__ == "__main__":
    sys.exit(main())
