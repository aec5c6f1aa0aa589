"""Classification codes (政府收支分类科目) as data, and lookups by name or code."""

from __future__ import annotations

from functools import lru_cache
from ..data import load_yaml


def normalize(name: str) -> str:
    """A class name in a form that ignores the usual variants."""
    n = name.strip().replace("及", "和").replace("（", "(").replace("）", ")").replace("(类)", "").strip()
    return n[:-2] if n.endswith("支出") and len(n) > 3 else n


@lru_cache(maxsize=1)
def _classes() -> dict[str, str]:
    data = load_yaml("functional.yaml", package="juesuan.catalog")
    return {str(code): name for code, name in data["classes"].items()}


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    return {normalize(name): code for code, name in _classes().items()}


def class_code(name: str) -> str | None:
    """The 3-digit 类 code of a class name, or None if it is not a 类."""
    return _by_name().get(normalize(name))


def class_name(code: str) -> str | None:
    """The catalog name of a 3-digit 类 code, or None."""
    return _classes().get(code)


def class_names() -> list[str]:
    return list(_classes().values())
