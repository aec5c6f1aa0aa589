"""A disclosure published as several files: which files belong together, and one
Document made of them.

Some portals publish the 说明 (narrative) and the 报表 (tables) of one 部门预算
or 决算 as two files.  Checked apart, neither can be compared with the other;
checked as one :class:`JoinedDocument`, every narrative-vs-table rule runs, and
each finding still says which file, page and line it stands in.

Files of one ``check`` call belong together when

* their names say so: in one folder, one stem is the other's plus a tables suffix
  ("…-budget" and "…-budget-tables", "…说明" and "…报表", "X" and "X附表"), or
* their contents do: the same kind and year, one file holds tables and no
  narrative, the other a narrative and no tables, the units' names agree (or the
  tables file names none) and no other file of the call would fit as well; or
* the user says so (``check --together``: all files are one disclosure).
"""

from __future__ import annotations

import bisect
import re
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .document import Cell, Document, Span, Table
from .extract.meta import find_kind, find_org, find_year

TABLE_SUFFIXES = ("-tables", "_tables", "-table", "_table", "-报表", "_报表", "报表", "附表", "-表", "_表", "表")
NARRATIVE_SUFFIXES = ("-说明", "_说明", "说明", "-text", "_text")
TABLE_SHARE = 0.6          # a file whose text is mostly tables is a tables file
PROSE_SHARE = 0.2          # a file whose text is at most this much tables is a narrative
_SPACE = re.compile(r"\s+")
_DEPARTMENT = re.compile(r"(?:编制|预算主管)?部\s*门(?:名称)?\s*[：:]\s*([^\s：:，,]{4,40}?)(?=\s|单位|$)")
HEAD_SCAN = 3000
WORKBOOK_FORMATS = ("xlsx", "xls")           # a tables file names its unit on its first page


@dataclass(frozen=True)
class Part:
    """One file of a joined document: its place in the joined text."""

    path: str
    start: int                  # offset of its first character in the joined text
    end: int
    first_line: int             # joined line number of its first line, minus one
    first_page: int             # joined pages before it


@dataclass
class JoinedDocument(Document):
    """The files of one disclosure as one Document; ``part_at`` says whose text an
    offset is, ``local`` turns a joined place into the file's own."""

    parts: list[Part] = field(default_factory=list)

    def part_at(self, offset: int) -> Part:
        i = bisect.bisect_right([p.start for p in self.parts], offset) - 1
        return self.parts[max(i, 0)]

    def local(self, span: Span) -> dict:
        """``file``, ``page``, ``line``, ``start``, ``end`` of a span in its own file."""
        part = self.part_at(span.start)
        page = self.page_of(span.start)
        return {"file": part.path, "page": None if page is None else page - part.first_page,
                "line": self.line_of(span.start) - part.first_line,
                "start": span.start - part.start, "end": span.end - part.start}


def _shift(t: Table, offset: int) -> Table:
    move = lambda s: Span(s.start + offset, s.end + offset)  # noqa: E731
    return Table(rows=tuple(tuple(Cell(c.text, move(c.span)) for c in row) for row in t.rows), span=move(t.span))


def join(docs: list[Document]) -> JoinedDocument:
    """The documents' texts one after the other (a blank line between), their tables,
    pages and lines numbered on; the first document's path names the whole."""
    texts, tables, pages, parts, places, uncertain, formulas = [], [], [], [], [], [], []
    offset = line = page = 0
    paged = all(d.page_starts for d in docs)
    for d in docs:
        parts.append(Part(d.path, offset, offset + len(d.text), line, page))
        texts.append(d.text)
        tables.extend(_shift(t, offset) for t in d.tables)
        places.extend((start + offset, end + offset, place) for start, end, place in d.places)
        uncertain.extend(Span(u.start + offset, u.end + offset) for u in d.uncertain)
        formulas.extend(replace(f, span=Span(f.span.start + offset, f.span.end + offset)) for f in d.formulas)
        if paged:
            pages.extend(p + offset for p in d.page_starts)
            page += len(d.page_starts)
        line += d.text.count("\n") + 2
        offset += len(d.text) + 2
    return JoinedDocument(path=docs[0].path, text="\n\n".join(texts), tables=tables, page_starts=pages,
                          source_format=docs[0].source_format, parts=parts, places=places, uncertain=uncertain,
                          formulas=formulas)


# ---- which files belong together --------------------------------------------

def _base(stem: str, suffixes) -> str | None:
    return next((stem[: -len(s)] for s in suffixes if stem.endswith(s) and len(stem) > len(s)), None)


def _table_share(doc: Document) -> float:
    if doc.source_format in WORKBOOK_FORMATS:          # a workbook's sheets are its tables
        return 1.0
    covered = sum(t.span.end - t.span.start for t in doc.tables)
    return covered / max(len(doc.text.strip()), 1)


@dataclass(frozen=True)
class Profile:
    """What grouping needs of a read file, so that files read in other processes can
    be grouped by their profiles alone: kind, year, unit, share of tables, the unit a
    tables file names in its head ("部门：X"), and a narrative's text compressed (to
    look such a name up in it)."""

    path: str
    kind: str
    year: int | None
    org: str | None
    share: float
    department: str | None = None
    packed_text: bytes = b""

    def mentions(self, name: str) -> bool:
        return name in zlib.decompress(self.packed_text).decode("utf-8", "surrogatepass")


def profile(doc: Document) -> Profile:
    org = find_org(doc)[0]
    share = _table_share(doc)
    dept = _DEPARTMENT.search(doc.text, 0, HEAD_SCAN) if share >= TABLE_SHARE else None
    packed = zlib.compress(doc.text.encode("utf-8", "surrogatepass"), 1) if share <= PROSE_SHARE else b""
    return Profile(doc.path, find_kind(doc), find_year(doc)[0], _SPACE.sub("", org) if org else None, share,
                   dept.group(1) if dept else None, packed)


def _fits(narrative: Profile, tables: Profile) -> bool:
    if narrative.kind != tables.kind or narrative.year != tables.year or narrative.kind == "unknown":
        return False
    if narrative.share > PROSE_SHARE or tables.share < TABLE_SHARE:
        return False
    if tables.department and not narrative.mentions(tables.department):
        return False                                   # the tables' "部门：X" is another unit
    return tables.org is None or narrative.org is None or tables.org in narrative.org or narrative.org in tables.org


def group(docs: list[Document]) -> list[list[int]]:
    """Indexes of the documents, grouped by disclosure (narrative first), in call order."""
    return group_profiles([profile(d) for d in docs])


def named_partners(paths: list[str]) -> dict[int, int]:
    """Tables file → narrative file (indexes) of the files whose names say they belong
    together: in one folder, one stem is the other's plus a tables suffix."""
    stems = [Path(p).stem for p in paths]
    folders = [Path(p).parent for p in paths]
    partner: dict[int, int] = {}
    for i, stem in enumerate(stems):
        base = _base(stem, TABLE_SUFFIXES)
        if base is None:
            continue
        for j, other in enumerate(stems):
            if (j != i and j not in partner and folders[j] == folders[i]
                    and (other == base or _base(other, NARRATIVE_SUFFIXES) == base)):
                partner[i] = j
                break
    return partner


def may_join(p: Profile) -> bool:
    """Whether a file's content lets it join another file as one disclosure (a narrative
    without tables, or tables without a narrative, of a known kind); one that may not,
    and whose name pairs it with none (:func:`named_partners`), is a disclosure alone."""
    return p.kind != "unknown" and (p.share <= PROSE_SHARE or p.share >= TABLE_SHARE)


def group_profiles(profiles: list[Profile]) -> list[list[int]]:
    """Indexes of the files, grouped by disclosure (narrative first), in call order."""
    partner = named_partners([p.path for p in profiles])     # tables file -> narrative file
    taken = set(partner) | set(partner.values())
    for ti, t in enumerate(profiles):
        if ti in taken or t.share < TABLE_SHARE:
            continue
        free = [i for i in range(len(profiles)) if i not in taken and i != ti]
        candidates = [i for i in free if _fits(profiles[i], t)]
        if len(candidates) != 1:
            continue                                   # none, or not sure which
        ni = candidates[0]
        if any(_fits(profiles[ni], profiles[o]) for o in free if o != ni):
            continue                                   # another tables file would fit it too
        partner[ti] = ni
        taken |= {ti, ni}
    groups: list[list[int]] = []
    for i in range(len(profiles)):
        if i in partner:
            continue
        groups.append([i] + sorted(t for t, n in partner.items() if n == i))
    return sorted(groups, key=min)
