"""OCR benchmark: the Shanghai fixture scanned whole, read back by OCR.

    python benchmarks/ocr.py [PDF] [--pages 5,6,7]

Needs the extra: ``pip install -e '.[ocr]'``.  Each page of the PDF is
rendered to an image and the images saved as an image-only PDF (a scan) at
150 and 300 dpi, and at 200 dpi turned by 0.7°.  For each scan it prints
the seconds per page, how many of the figures and table lines the text
layer gives come out the same, and whether ``check`` gives the same
error-level findings (rule and page).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from juesuan.pipeline import analyze  # noqa: E402
from juesuan.readers import ocr  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from scans import make_scan  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "shanghai-putuo-shgzb-2024.pdf"
SCANS = ((150, 0.0), (300, 0.0), (200, 0.7))


def facts(result) -> tuple[dict, set, set]:
    """Figures, table lines and error findings (rule, page) of a result."""
    report = result.report
    figures = dict(report.figures())
    lines = {(ln.table, ln.code, ln.name, str(ln.actual.value) if ln.actual else None)
             for ln in report.lines if ln.table and not ln.table.startswith(("narrative", "overview"))}
    errors = {(f.rule, report.document.page_of(f.span.start)) for f in result.findings if f.severity == "error"}
    return figures, lines, errors


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
    figures, lines, errors = facts(base)
    print(f"text layer: {len(figures)} figures, {len(lines)} table lines, error findings {sorted(errors)}")
    ocr._engine()                                   # models loaded once, outside the timing
    with tempfile.TemporaryDirectory() as tmp:
        for dpi, angle in SCANS:
            scan = Path(tmp, f"scan-{dpi}-{angle}.pdf")
            count = make_scan(Path(args.pdf).read_bytes(), scan, dpi, angle, pages)
            start = time.perf_counter()
            result = analyze(str(scan))
            seconds = time.perf_counter() - start
            if result.report is None:
                print(f"{dpi} dpi, {angle}°: {result.error}")
                continue
            got_figures, got_lines, got_errors = facts(result)
            same = sum(1 for k, v in figures.items() if got_figures.get(k) == v)
            print(f"{dpi} dpi, {angle}°: {seconds / count:.1f} s/page ({count} pages); "
                  f"figures {same}/{len(figures)}; table lines {len(lines & got_lines)}/{len(lines)}; "
                  f"errors {'same' if got_errors == errors else sorted(got_errors)}; "
                  f"uncertain spans {len(result.report.document.uncertain)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
