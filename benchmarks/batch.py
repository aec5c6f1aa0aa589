"""Speed of ``juesuan check`` on a folder of many documents, one process against two.

One command, from the repository root::

    python benchmarks/batch.py             # 1,000 documents, -j 1 and -j 2
    python benchmarks/batch.py -n 200 -j 1 -j 4

The documents are the shared corpus (``../shared/corpus/docs``, ``../shared/seeds``,
``../shared/fixtures``) repeated through symbolic links in a temporary folder
(each copy in its own sub-folder, so a disclosure published as two files is
still grouped within its copy).  Each run is ``python -m juesuan check --format
json -j N FOLDER`` in a fresh process, output discarded; the figures are the wall
time, documents per second, the speed-up over the first ``-j`` given, and the peak
resident memory of the largest process of the run (``resource.getrusage`` of the
children, measured in a separate helper process per run so runs do not mix).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SOURCES = ("corpus/docs/*.pdf", "seeds/*.txt", "fixtures/*.pdf")


def corpus() -> list[Path]:
    return sorted(p for pattern in SOURCES for p in SHARED.glob(pattern))


def populate(folder: Path, count: int) -> int:
    """``count`` documents as symbolic links to the corpus, copy by copy."""
    sources = corpus()
    if not sources:
        sys.exit(f"no documents under {SHARED}")
    made = 0
    while made < count:
        copy = folder / f"copy{made // len(sources):03d}"
        copy.mkdir()
        for src in sources[: count - made]:
            (copy / src.name).symlink_to(src)
            made += 1
    return made


def measure(folder: str, jobs: int) -> dict:
    """One run of ``check`` (this is the helper process): seconds and the children's peak RSS."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "juesuan", "check", "--format", "json", "-j", str(jobs), folder],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    seconds = time.perf_counter() - start
    if run.returncode not in (0, 1, 2) or b"Traceback" in run.stderr:
        sys.exit(run.stderr.decode(errors="replace"))
    return {"seconds": seconds, "peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--documents", type=int, default=1000)
    ap.add_argument("-j", "--jobs", type=int, action="append", help="process counts to compare (default 1 and 2)")
    ap.add_argument("--measure", nargs=2, metavar=("FOLDER", "JOBS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], int(args.measure[1]))))
        return
    jobs = args.jobs or [1, 2]
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="juesuan-batch-") as tmp:
        n = populate(Path(tmp), args.documents)
        print(f"{n} documents ({len(corpus())} distinct, repeated) in {tmp}")
        first = None
        print(f"{'-j':>4} {'seconds':>9} {'docs/s':>8} {'speed-up':>9} {'peak RSS':>10}")
        for j in jobs:
            out = subprocess.run([sys.executable, __file__, "--measure", tmp, str(j)], capture_output=True,
                                 text=True, check=True)
            m = json.loads(out.stdout)
            first = first or m["seconds"]
            print(f"{j:>4} {m['seconds']:>9.1f} {n / m['seconds']:>8.1f} {first / m['seconds']:>8.2f}× "
                  f"{m['peak_rss_mb']:>7.0f} MB", flush=True)


if __name__ == "__main__":
    main()
