"""juesuan: prove the arithmetic of Chinese final-accounts disclosures."""

__version__ = "0.1.0"
