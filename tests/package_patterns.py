"""The package's patterns that carry how they are found: each ``NAME<SUFFIX>`` tuple of a
module beside its pattern ``NAME`` (``_OPENINGS``: juesuan.openings; ``_NEAR``:
juesuan.checks.near_words)."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Iterator

import juesuan


def paired_patterns(suffix: str) -> Iterator[tuple[str, object, tuple]]:
    """(module.NAME<SUFFIX>, the pattern NAME, the tuple) of every module of the package."""
    for info in pkgutil.walk_packages(juesuan.__path__, "juesuan."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if name.endswith(suffix) and isinstance(value, tuple):
                yield f"{info.name}.{name}", getattr(module, name.removesuffix(suffix)), value
