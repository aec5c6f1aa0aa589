"""Shared pytest fixtures."""

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The real disclosures in txt form (``/work/shared/seeds`` beside the repo)."""
    return Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The real PDF disclosures (``/work/shared/fixtures`` beside the repo)."""
    return Path(__file__).resolve().parents[2] / "shared" / "fixtures"
