"""Shared pytest fixtures: the real disclosures shipped under ``tests/fixtures``.

The suite needs nothing outside the repository: the five seed texts (Beijing
街道 决算 and 绩效 disclosures, as published) and the Shanghai PDF (24 pages,
the nine tables typeset) are copied here unchanged.
"""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The real disclosures in txt form (``tests/fixtures/seeds``)."""
    return FIXTURES / "seeds"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The real PDF disclosure (``tests/fixtures``)."""
    return FIXTURES
