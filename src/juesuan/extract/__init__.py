"""Extraction: Document → Report.

``build_report`` runs the extractors in order: outline (sections and
topics), narrative statements, functional-classification lines, tables,
performance parts and metadata.
"""

from __future__ import annotations

from ..document import Document
from ..model import Report
from .meta import build_meta, find_kind, find_year
from .lines import narrative_lines
from .nil import nil_figures
from .outline import build_outline
from .quantities import quantity_lists
from .performance import extract_performance, performance_lines
from .statements import extract_counts, extract_narrative
from .fund_blocks import fund_blocks
from .grand_total import grand_total
from .tables import attach_tables


def build_report(doc: Document) -> Report:
    sections = build_outline(doc)
    report = Report(document=doc, sections=sections)

    year = find_year(doc)
    report.doc_type = find_kind(doc)
    phase = "budget" if report.doc_type == "budget" else "actual"
    narrative = extract_narrative(doc, report.section_at, year[0], phase)
    report.amounts = narrative.amounts
    report.percents = narrative.percents
    report.figures_list = narrative.figures
    report.shares = narrative.shares
    report.changes = narrative.changes
    report.completions = narrative.completions
    report.enumerations = narrative.enumerations
    report.quantity_lists = quantity_lists(doc)
    report.claims = narrative.claims
    report.counts = extract_counts(report)
    report.lines = narrative_lines(report)
    report.meta = build_meta(doc, narrative.amounts, narrative.figures, year)
    report.figures_list.extend(nil_figures(doc, sections, report.section_at, report.meta.unit, narrative.amounts))
    attach_tables(report)          # after the narrative lines and meta: appends lines and figures
    grand = grand_total(report)    # after the tables: they may state it
    if grand is not None:
        report.figures_list.append(grand)
    report.fund_blocks = fund_blocks(doc, report.meta.stated_unit)
    report.performance = extract_performance(report)      # after tables: reads the lexicon's figures
    report.lines.extend(performance_lines(report.performance))
    return report
