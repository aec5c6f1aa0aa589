"""The figures stated so far, by key and by name: "the latest one named X before here".

"与上年相比，收入增加D" takes the latest figure named 收入 stated before it, and
"2019年支出资金较2018年增加D" the latest of each year named 支出资金.  Scanning
every earlier figure per statement is quadratic in the length of a document;
this index answers from the figures of one key, one name, or one name ending
(up to ``ENDING`` characters).

It follows the list it indexes (the narrative's figures): figures appended at
its end are indexed on the next look-up, and one taken out is reported with
:meth:`FigureIndex.forget`.  "Latest" is the order of that list.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable

from ..model import Figure

ENDING = 8


class FigureIndex:
    def __init__(self, figures: list[Figure]):
        self._figures = figures
        self._order: dict[int, int] = {}                # id(figure) -> its place among those indexed
        self._names: dict[int, str] = {}
        self._gone: set[int] = set()
        self._all: list[Figure] = []
        self._by_key: dict[str | None, list[Figure]] = {}
        self._by_name: dict[str, list[Figure]] = {}
        self._by_ending: dict[str, list[Figure]] = {}  # name endings of 1 … ENDING characters
        self._by_topic_end: dict[str | None, tuple[list[int], list[Figure]]] = {}   # sorted by where they end

    def name(self, f: Figure) -> str:
        return self._names[id(f)]

    def forget(self, f: Figure) -> None:
        """``f`` was taken out of the list."""
        self._gone.add(id(f))

    def _sync(self) -> None:
        """Index the figures appended since the last look-up (the tail not yet indexed)."""
        figs = self._figures
        k = len(figs)
        while k and id(figs[k - 1]) not in self._order:
            k -= 1
        for f in figs[k:]:
            self._order[id(f)] = len(self._order)
            name = f.name
            self._names[id(f)] = name
            self._all.append(f)
            self._by_key.setdefault(f.key, []).append(f)
            self._by_name.setdefault(name, []).append(f)
            for n in range(1, min(len(name), ENDING) + 1):
                self._by_ending.setdefault(name[-n:], []).append(f)
            ends, by_end = self._by_topic_end.setdefault(f.topic, ([], []))
            at = bisect.bisect_right(ends, f.amount.span.end)
            ends.insert(at, f.amount.span.end)
            by_end.insert(at, f)

    def _latest(self, buckets: Iterable[list[Figure]], anchor: int, test: Callable[[Figure], bool]) -> Figure | None:
        """The latest figure of the buckets that ends by ``anchor`` and passes ``test``."""
        best = None
        for bucket in buckets:
            for f in reversed(bucket):
                if best is not None and self._order[id(f)] < self._order[id(best)]:
                    break
                if id(f) not in self._gone and f.amount.span.end <= anchor and test(f):
                    best = f
                    break
        return best

    def latest_with_key(self, key: str | None, anchor: int, test=lambda f: True) -> Figure | None:
        self._sync()
        return self._latest([self._by_key.get(key, [])], anchor, test)

    def latest_named(self, name: str, anchor: int, test=lambda f: True) -> Figure | None:
        """The latest figure whose name is ``name``."""
        self._sync()
        return self._latest([self._by_name.get(name, [])], anchor, test)

    def latest_ending(self, ending: str, anchor: int, test=lambda f: True) -> Figure | None:
        """The latest figure whose name ends with ``ending`` (not empty)."""
        self._sync()
        bucket = self._by_ending.get(ending[-ENDING:], [])
        if len(ending) > ENDING:
            return self._latest([bucket], anchor, lambda f: self.name(f).endswith(ending) and test(f))
        return self._latest([bucket], anchor, test)

    def latest_about(self, subject: str, anchor: int, test=lambda f: True) -> Figure | None:
        """The latest figure whose name ends with ``subject`` or ends it."""
        self._sync()
        ends_it = [self._by_name.get(subject[n:], []) for n in range(len(subject) + 1)]
        found = [f for f in (self.latest_ending(subject, anchor, test), self._latest(ends_it, anchor, test)) if f]
        return max(found, key=lambda f: self._order[id(f)]) if found else None

    def last_ending_by(self, anchor: int, topic: str | None) -> Figure | None:
        """The figure of ``topic`` that ends last by ``anchor`` (of several, the first recorded)."""
        self._sync()
        ends, by_end = self._by_topic_end.get(topic, ([], []))
        found = None
        for i in range(bisect.bisect_right(ends, anchor) - 1, -1, -1):
            if found is not None and ends[i] != found.amount.span.end:
                break
            if id(by_end[i]) not in self._gone:
                found = by_end[i]
        return found

    def latest(self, anchor: int, test=lambda f: True) -> Figure | None:
        self._sync()
        return self._latest([self._all], anchor, test)
