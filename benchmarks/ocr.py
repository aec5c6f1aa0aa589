"""OCR benchmark: the Shanghai fixture scanned whole, read back by OCR.

    python benchmarks/ocr.py [PDF] [--pages 5,6,7]

Needs the extra: ``pip install -e '.[ocr]'``.  Each page of the PDF is
rendered to an image and the images saved as an image-only PDF (a scan) at
150 and 300 dpi, and at 200 dpi turned by 0.7°.  For each scan it prints
the seconds per page (and the CPU seconds of all threads), how many of the
figures and table lines the text layer gives come out the same, and whether
``check`` gives the same error-level findings (rule, expected and actual).
The machine's load average is printed with the figures (the seconds depend
on it).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from juesuan.pipeline import analyze  # noqa: E402
from juesuan.readers import ocr  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from scans import error_findings, figures, make_scan, same_figures, table_lines  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "shanghai-putuo-shgzb-2024.pdf"
SCANS = ((150, 0.0), (300, 0.0), (200, 0.7))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", default=str(FIXTURE))
    parser.add_argument("--pages", help="comma-separated 1-based pages (default: all)")
    args = parser.parse_args()
    if not ocr.available():
        print(f"OCR extra not installed: {ocr.INSTALL}")
        return 2
    pages = [int(p) - 1 for p in args.pages.split(",")] if args.pages else None
    base = analyze(args.pdf)
    want_figures, want_lines, want_errors = figures(base), table_lines(base), error_findings(base)
    print(f"text layer: {len(want_figures)} figures, {len(want_lines)} table lines, "
          f"error findings {sorted(want_errors)}")
    ocr._engine()                                   # models loaded once, outside the timing
    with tempfile.TemporaryDirectory() as tmp:
        for dpi, angle in SCANS:
            scan = Path(tmp, f"scan-{dpi}-{angle}.pdf")
            count = make_scan(Path(args.pdf).read_bytes(), scan, dpi, angle, pages)
            load = os.getloadavg()[0]
            start, cpu = time.perf_counter(), time.process_time()
            result = analyze(str(scan))
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            if result.report is None:
                print(f"{dpi} dpi, {angle}°: {result.error}")
                continue
            errors = error_findings(result)
            print(f"{dpi} dpi, {angle}°: {seconds / count:.1f} s/page, {cpu / count:.1f} CPU s/page "
                  f"({count} pages, load {load:.1f} -> "
                  f"{os.getloadavg()[0]:.1f}); figures {same_figures(want_figures, figures(result))}/"
                  f"{len(want_figures)}; table lines {len(want_lines & table_lines(result))}/{len(want_lines)}; "
                  f"errors {'same' if errors == want_errors else sorted(errors)}; "
                  f"uncertain spans {len(result.report.document.uncertain)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
