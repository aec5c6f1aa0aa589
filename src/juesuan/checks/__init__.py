"""The checks: every rule module registers its rules on import.

``run_checks(report)`` runs all of them and returns findings and coverage.
"""

from __future__ import annotations

# Registration order is reporting order for duplicates: the units rules come
# first, so "单位应为万元" wins over a sum rule's report of the same slip.
from . import units  # noqa: F401,I001
from . import tables  # noqa: F401,I001  (before consistency/totals: a table rule's message wins a duplicate)
from . import budget_tables  # noqa: F401,I001
from . import assets, changes, completeness, consistency, format, hierarchy, procurement, shares, totals  # noqa: F401,E501
from . import performance  # noqa: F401,I001
from . import classification  # noqa: F401,I001
from . import quantities  # noqa: F401,I001
from . import government_level  # noqa: F401,I001
from . import workbook  # noqa: F401,I001
from . import twin_tables, budget_items, basic_split, bounded_rates, cross_footing  # noqa: F401,I001
from . import budget_grand_totals  # noqa: F401,I001
from . import witnessed_cell, procurement_item, grouped_rows, change_words, change_sums, listed_budgets  # noqa: F401,I001
from .base import REGISTRY, Coverage, Rule, run_rules

__all__ = ["REGISTRY", "Coverage", "Rule", "run_checks"]


def run_checks(report):
    return run_rules(report)
