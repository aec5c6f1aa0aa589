"""The txt and the Word form of the same disclosure give the same Report.

Each seed is rebuilt as a real .docx (tests/docx_builder.py); both files go
through the whole pipeline and must yield the same figures, line items and
findings (place aside: Word text has its own line numbers).
"""

from __future__ import annotations

import pytest

from juesuan.pipeline import analyze

from docx_builder import build_docx_from_txt


def _summary(result):
    report = result.report
    figures = dict(report.figures())
    lines = [(ln.table, ln.code, ln.name, ln.level, ln.actual and ln.actual.text, ln.budget and ln.budget.text)
             for ln in report.lines]
    findings = sorted((f.rule, f.severity, f.expected, f.actual, report.document.quote(f.span))
                      for f in result.findings)
    return figures, lines, findings


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_docx_and_txt_agree(seed, seeds_dir, tmp_path):
    txt_path = next(seeds_dir.glob(f"{seed}_*.txt"))
    docx_path = build_docx_from_txt(txt_path.read_text(encoding="utf-8"), tmp_path / f"{seed}.docx")
    from_txt, from_docx = analyze(str(txt_path)), analyze(str(docx_path))
    assert from_txt.error is None and from_docx.error is None
    t_fig, t_lines, t_find = _summary(from_txt)
    d_fig, d_lines, d_find = _summary(from_docx)
    assert d_fig == t_fig
    assert d_lines == t_lines
    assert d_find == t_find
    assert t_find, "every seed has provable errors"
