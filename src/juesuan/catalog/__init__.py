"""Classification codes (政府收支分类科目) as data, and lookups by name or code.

Two data files: ``functional.yaml`` (支出功能分类: the 类 list the extractor
reads, and every confirmed code with its names) and ``economic.yaml``
(支出经济分类: 部门预算 301… and 政府预算 501…).  Each name of a code is valid
for a range of years (``Name.first``–``Name.last``): the catalog is *sure*
of a code's name only inside those years, and says nothing outside them.

Names are compared loosely (:func:`loose`): 和/及/与, full- and half-width
brackets, quotes, spaces, a leading "一、" and a trailing "支出" do not count;
a name printed cut off in a narrow table cell matches the full name it starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..data import load_yaml
from ..memo import content_cache

LEVEL_OF_LENGTH = {3: "类", 5: "款", 7: "项"}
_SCHEMES = {"2": ("functional.yaml", "codes"), "3": ("economic.yaml", "department"),
            "5": ("economic.yaml", "government")}
_CUT = "…"
_MIN_CUT = 4          # shortest printed prefix taken for a name cut off in its cell
_NAMES_CACHED = 8192  # printed names whose compared forms are remembered (rows and prose recur)
_LEAD = re.compile(r"^(?:其中[:：]|[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)])+")
_DROP = re.compile(r"[\s“”\"'‘’「」]|[（(](?:类|款|项)[）)]")


@content_cache(_NAMES_CACHED)
def normalize(name: str) -> str:
    """A class name in a form that ignores the usual variants."""
    n = name.strip().replace("及", "和").replace("与", "和").replace("（", "(").replace("）", ")")
    n = n.replace("(类)", "").strip()
    return n[:-2] if n.endswith("支出") and len(n) > 3 else n


@content_cache(_NAMES_CACHED)
def loose(name: str) -> str:
    """Any printed 科目 name in the form names are compared in (see the module doc)."""
    return normalize(_plain(name))


@content_cache(_NAMES_CACHED)
def _plain(name: str) -> str:
    """A printed name without spaces, quotes, level marks and numbering (its "支出" kept)."""
    return _LEAD.sub("", _DROP.sub("", name)).replace("及", "和").replace("与", "和") \
        .replace("（", "(").replace("）", ")")


@dataclass(frozen=True)
class Name:
    """One name of a code, confirmed for the years ``first``–``last``."""

    text: str
    first: int
    last: int
    cut: bool         # confirmed only as printed cut off: the full name starts with ``text``
    src: str

    def covers(self, year: int | None) -> bool:
        return year is not None and self.first <= year <= self.last

    def years(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"

    def matches(self, printed: str, *, allow_cut: bool = True) -> bool:
        """True when ``printed`` is this name, up to the loose variants.

        ``allow_cut``: a printed prefix of at least four characters matches too
        (table cells cut long names); prose is held to the whole name.
        """
        if loose(printed) == loose(self.text):
            return True
        p, c = _plain(printed), _plain(self.text)
        if self.cut and p.startswith(c):
            return True
        return allow_cut and len(p) >= _MIN_CUT and c.startswith(p)


@dataclass(frozen=True)
class Entry:
    """A classification code and its names over the years."""

    code: str
    scheme: str       # "functional" | "department" | "government"
    names: tuple[Name, ...]

    @property
    def level(self) -> str:
        return LEVEL_OF_LENGTH[len(self.code)]

    def names_in(self, year: int | None) -> list[Name]:
        """The names the catalog is sure of for ``year`` (empty: not sure)."""
        return [n for n in self.names if n.covers(year)]

    def matching(self, printed: str, *, allow_cut: bool = True) -> Name | None:
        return next((n for n in self.names if n.matches(printed, allow_cut=allow_cut)), None)


def _years(text) -> tuple[int, int]:
    first, _, last = str(text).partition("-")
    return int(first), int(last or first)


@lru_cache(maxsize=1)
def _entries() -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for digit, (file, key) in _SCHEMES.items():
        data = load_yaml(file, package="juesuan.catalog")[key]
        for code, names in data.items():
            code = str(code)
            assert code.startswith(digit) and len(code) in LEVEL_OF_LENGTH, code
            out[code] = Entry(code, key if key != "codes" else "functional", tuple(
                Name(n["name"].rstrip(_CUT), *_years(n["years"]), n["name"].endswith(_CUT), n["src"])
                for n in names))
    return out


def entry(code: str | None) -> Entry | None:
    """The catalog entry of a code (功能 2…, 部门经济 3…, 政府经济 5…), or None."""
    return _entries().get(code or "")


@lru_cache(maxsize=1)
def _functional_by_name() -> dict[str, list[Entry]]:
    table: dict[str, list[Entry]] = {}
    for e in _entries().values():
        if e.scheme == "functional":
            for n in e.names:
                if not n.cut:
                    table.setdefault(loose(n.text), []).append(e)
    return table


def functional_entries_named(name: str) -> list[Entry]:
    """The 功能分类 codes one of whose names (of any year) is ``name``, loosely."""
    return _functional_by_name().get(loose(name), [])


@lru_cache(maxsize=1)
def _classes() -> dict[str, str]:
    data = load_yaml("functional.yaml", package="juesuan.catalog")
    return {str(code): name for code, name in data["classes"].items()}


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    table = {normalize(name): code for code, name in _classes().items()}
    for e in _entries().values():      # old 类 names (医疗卫生与计划生育支出 …) name their code too
        if e.scheme == "functional" and e.level == "类":
            for n in e.names:
                table.setdefault(normalize(n.text), e.code)
    return table


def class_code(name: str) -> str | None:
    """The 3-digit 类 code of a class name (current or former), or None if it is not a 类."""
    return _by_name().get(normalize(name))


def class_name(code: str) -> str | None:
    """The catalog name of a 3-digit 类 code, or None."""
    return _classes().get(code)


def class_names() -> list[str]:
    return list(_classes().values())
