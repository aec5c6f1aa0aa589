"""Data files shipped with juesuan (lexicon, catalogs), loaded fast.

``load_yaml(name)`` reads a YAML file of this package with libyaml's C
loader when PyYAML has it (ten times faster than the pure-Python one).
"""

from __future__ import annotations

from importlib import resources

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(name: str, package: str = "juesuan.data"):
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=_LOADER)
