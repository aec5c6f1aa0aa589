"""Loader of ``data/lexicon.yaml``: phrases to keys, topics, identities.

The lexicon is data in one place; this module only answers questions about
it: which topic a heading names, which key a label means, which wholes a
share may name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from ..data import load_yaml
from ..memo import content_cache
from ..openings import longest_of


@dataclass(frozen=True)
class Identity:
    total: str
    parts: tuple[str, ...]
    complete: bool


@dataclass(frozen=True)
class _Phrase:
    text: str
    key: str
    topics: frozenset[str] | None


_CLAUSE = re.compile(r"[，,；;]")
# A clause that names nothing by itself ("2024年度决算数"): the name is earlier.
# Every run is possessive (linear time): no word starts with a character the run
# before it takes (the 年 of 年初预算 is left to the words), and the filler run
# at the end takes what the words leave.
_GENERIC = re.compile(r"(?:[\s\d度月日（）()、。:：“”]|年(?!初预算))*+(?:本年|全年|当年)?+"
                      r"(?:决算数?+|年初预算数?+|预算数?+|支出|金额|合计|为|是|共|达|累计|财政拨款|安排)*+[\s为是共：:]*+")


class Lexicon:
    def __init__(self, data: dict):
        self._data = data
        self.sticky_topics = frozenset(t["id"] for t in data["topics"] if t.get("sticky"))
        self._topics = [(t["id"], tuple(t["keywords"])) for t in data["topics"]]
        # Each keyword, and the first topic (by its index) that any keyword starting a place
        # names when this keyword is the longest there: the longest is what the regex finds,
        # the keywords it starts with stand there too ("三公经费" starts with "三公").
        first_listing = {}
        for i, (_, keywords) in enumerate(self._topics):
            for k in keywords:
                first_listing.setdefault(k, i)
        self._first_topic_at = {k: min(i for u, i in first_listing.items() if k.startswith(u))
                                for k in first_listing}
        self._keyword_rx = re.compile(longest_of(first_listing))
        self._phrases = [
            _Phrase(p, entry["key"], frozenset(entry["topics"]) if entry.get("topics") else None)
            for entry in data["figures"] for p in entry["phrases"]
        ]
        self._by_text: dict[str, list[_Phrase]] = {}
        for ph in self._phrases:
            self._by_text.setdefault(ph.text, []).append(ph)
        # A phrase found at a position, and the shorter phrases it starts with ("基本支出预算数"
        # starts with "基本支出"): the regex finds the longest, a section's topic may allow a shorter.
        self._starting: dict[str, list[str]] = {
            t: [u for u in sorted(self._by_text, key=len, reverse=True) if t.startswith(u)] for t in self._by_text}
        # The longest phrase at the first place from where the search starts where one stands
        # (see juesuan.openings.longest_of): an alternation whose branches open with plain
        # characters, which re skips to in C.
        self._phrase_rx = re.compile(longest_of(self._by_text))
        self.budget_words = tuple(data["budget_words"])
        self.actual_words = tuple(data["actual_words"])
        self.change_subjects: dict[str, str] = data["change_subjects"]
        self.counts = [(c["key"], re.compile(
            "(?:" + "|".join(map(re.escape, sorted(c["phrases"], key=len, reverse=True))) + r")"
            r"(?:[（(][^）)]{0,80}[）)])?[^，。；;\d（(]{0,8}?(?P<n>\d{1,9})\s*(?:" + "|".join(c["units"]) + ")"),
            frozenset(c["topics"])) for c in data["counts"]]
        self.identities = [Identity(i["total"], tuple(i["parts"]), bool(i["complete"]))
                           for i in data["identities"]]
        self.equalities = [tuple(p) for p in data["equalities"]]
        self.bounds = [tuple(p) for p in data["bounds"]]
        self._wholes = [(p, w["key"]) for w in data["share_wholes"] for p in w["phrases"]]

    def topic_of(self, title: str) -> str | None:
        """The first topic (in the lexicon's order) one of whose keywords the title holds."""
        first = len(self._topics)
        find = self._keyword_rx.search
        m = find(title)
        while m is not None:                    # every place a keyword starts
            first = min(first, self._first_topic_at[m.group(0)])
            m = find(title, m.start() + 1)
        return self._topics[first][0] if first < len(self._topics) else None

    @content_cache(4096)
    def key_of(self, label: str, topic: str | None, default_phase: str = "actual") -> str | None:
        """The key a label means in a section of ``topic``, or None (remembered: a table's row
        labels and the narrative's labels recur).

        The phrase that ends nearest the end of the label wins (it is the one
        next to the amount); on a tie the longest phrase wins.  ``default_phase``
        is the phase of a figure whose label names none: "actual" in a 决算,
        "budget" in a 部门预算.
        """
        if topic in self.sticky_topics:
            return None
        clause = _CLAUSE.split(label)[-1]
        if _GENERIC.fullmatch(clause) is None:
            label = clause       # a named clause: the name is here, not earlier
        best: tuple[int, int, _Phrase] | None = None
        find = self._phrase_rx.search
        m = find(label)
        while m is not None:                    # every place a phrase starts (they may overlap)
            for text in self._starting[m.group(0)]:
                allowed = [ph for ph in self._by_text[text] if ph.topics is None or topic in ph.topics]
                if not allowed:
                    continue
                rank = (m.start() + len(text), len(text))
                if best is None or rank > best[:2]:
                    best = (*rank, allowed[0])
                break            # the longest allowed phrase at this position
            m = find(label, m.start() + 1)
        if best is None:
            return None
        key = best[2].key
        after = label[best[0]:]
        other_phase = self.budget_words if default_phase == "actual" else self.actual_words
        if "{phase}" not in key and any(w in after for w in other_phase):
            return None           # "…支出X，年初预算Y": Y is the budget, not the figure
        if "{phase}" in key:
            tail = label[best[0]:] + label[: best[0] - len(best[2].text)][-6:]
            key = key.replace("{phase}", self.phase_of(tail, default_phase))
        return key

    def phase_of(self, label: str, default_phase: str = "actual") -> str:
        """"budget" or "actual": the phase a label names ("预算安排", "执行数", "决算"), else ``default_phase``."""
        other_phase = self.budget_words if default_phase == "actual" else self.actual_words
        if any(w in label for w in other_phase):
            return "budget" if default_phase == "actual" else "actual"
        return default_phase

    @staticmethod
    def names_nothing(label: str) -> bool:
        """True for a label like "2023年度决算数" that names no item."""
        return _GENERIC.fullmatch(_CLAUSE.split(label)[-1]) is not None

    def whole_of(self, text: str) -> str | None:
        """The whole a "占…的" phrase names (nearest phrase to its start)."""
        best = None
        for phrase, key in self._wholes:
            pos = text.find(phrase)
            if pos >= 0 and (best is None or (pos, -len(phrase)) < best[:2]):
                best = (pos, -len(phrase), key)
        return best[2] if best else None

    def name_of(self, key: str) -> str | None:
        """The first phrase of a figure key ("three_public.overseas.budget" → "因公出国（境）费")."""
        for entry in self._data["figures"]:
            if key == entry["key"] or key in (entry["key"].replace("{phase}", p) for p in ("actual", "budget")):
                return entry["phrases"][0]
        return None

    @cached_property
    def all_keys(self) -> frozenset[str]:
        return frozenset(p.key for p in self._phrases)


def _load() -> Lexicon:
    return Lexicon(load_yaml("lexicon.yaml"))


LEXICON = _load()
