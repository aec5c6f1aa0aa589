"""The long fuzz run: tests/test_fuzz.py (reading) and tests/test_robust_gen_fuzz.py (score,
generate) with many fresh examples per test.

    python benchmarks/fuzz.py [EXAMPLES_PER_TEST]     (default 2000)

The suite in CI runs each fuzz test on 50 repeatable examples; this draws
EXAMPLES_PER_TEST new ones for each (JUESUAN_FUZZ_RANDOM=1), prints
hypothesis's statistics and, at the end, the number of cases tried and how
long it took.  A failure prints the smallest input hypothesis found and the
traceback (the tests run with JUESUAN_DEBUG=1).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    env = {**os.environ, "JUESUAN_FUZZ_EXAMPLES": str(examples), "JUESUAN_FUZZ_RANDOM": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:warnings",
                           "--hypothesis-show-statistics", "tests/test_fuzz.py", "tests/test_robust_gen_fuzz.py"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    print(done.stdout[-20000:], done.stderr[-5000:], sep="\n")
    tried = sum(int(n) for n in re.findall(r"(\d+) passing examples?", done.stdout))
    failing = sum(int(n) for n in re.findall(r"(\d+) failing examples?", done.stdout))
    print(f"fuzz: {tried} cases passed, {failing} failing, {elapsed:.0f} s "
          f"({examples} requested per test; pytest exit {done.returncode})")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
