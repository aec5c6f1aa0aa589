"""The checks: every rule module registers its rules on import.

``run_checks(report)`` runs all of them and returns findings and coverage.
"""

from __future__ import annotations

from . import changes, consistency, format, hierarchy, shares, totals, units  # noqa: F401
from .base import REGISTRY, Coverage, Rule, run_rules

__all__ = ["REGISTRY", "Coverage", "Rule", "run_checks"]


def run_checks(report):
    return run_rules(report)
