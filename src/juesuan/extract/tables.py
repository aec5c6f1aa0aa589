"""The nine standard tables (九张表, 决算 and 预算) recognised in ``Document.tables``, as typed rows.

Every reader (txt, docx, pdf) gives tables in one convention: rows of cells,
a horizontally merged cell being one cell and a vertically merged one empty
below its first row.  This module works on that convention only, so one
extractor serves all formats.

* **Which table.**  The title is the short line just before the table (or a
  one-cell first row); its phrase says the kind (``table_titles`` of the
  lexicon, longest phrase wins).  Without a title, the header cells may
  (``table_header_kinds``: 本年支出合计 + 基本支出 + 项目支出 over a 科目编码
  column is a 支出决算表).  A table not recognised is left alone.  A table
  with no title right after a recognised one, separated only by page noise
  (page numbers, 续表, a repeated unit line), continues it.
* **Columns.**  The header rows (before the first row with amounts or codes)
  are read top-down: label columns (项目, 科目编码, 科目名称, 栏次 …) are set
  aside, and each row refines the columns of the row above it — a parent
  cell over consecutive sub-cells, an empty cell being the parent continued
  down ("本年支出" over 合计/基本支出/项目支出; "三公"经费 over six groups over
  预算数/决算数).  A header row with label columns in the middle
  (项目 决算数 | 项目 决算数) makes the table two-sided (panes).
* **Rows.**  The amounts are the last cells of a row (as many as there are
  columns), the label cells before them: codes (printed whole, split
  "201 06 01", or in separate 类/款/项 cells) joined into "2010601", and the
  name.  栏次 rows and empty rows are skipped.  A leading 序号 column (row
  numbers: Hebei's 收支总表) is dropped first.
* **Unit.**  "单位：万元" / "金额单位：千元" near the table (below its title or on
  the line above it) or "（万元）" in its header; else the unit with which the narrative prints the table's amounts;
  else the document's unit, and then no figure is taken from the table.

* **Budgets.**  A 部门预算's tables are the same kinds under budget titles
  (``data/budget_tables.yaml`` extends the lexicon's table sections), in the
  phase "budget": a column is this year's budget unless its header names last
  year (上年预算数 → prior_budget, 上年执行数 → prior_actual, or an earlier year).
* **Damaged layouts** (PDF grids): a grid holding several tables is cut at
  their title rows; a 合计 row left as a text line after its table is its last
  row; a table continued in another grid goes on when its codes do; a grid
  padded with empty cells is read again without them (``complete`` False: its
  figures are taken, its sums not checked).

The result: :class:`~juesuan.model.StandardTable` records on
``report.tables``, :class:`~juesuan.model.LineItem` rows (类/款/项 and 合计) of
the classification tables with their parents, and table
:class:`~juesuan.model.Figure` s for the keys of spec/report-json.md.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from itertools import islice
from ..catalog import class_code
from ..data import load_yaml
from ..document import Cell, Document, Span, Table
from ..interval import Verdict, compare
from ..memo import content_cache
from ..model import MONEY_UNIT, Amount, Figure, LineItem, Report, StandardTable, TableColumn, TableRow
from .numbers import parse_cell_number

KIND_NAMES = {
    "summary": "收入支出决算总表", "income": "收入决算表", "expenditure": "支出决算表",
    "fiscal_summary": "财政拨款收入支出决算总表", "general_expenditure": "一般公共预算财政拨款支出决算表",
    "general_basic": "一般公共预算财政拨款基本支出决算表", "three_public": "财政拨款“三公”经费支出决算表",
    "fund": "政府性基金预算财政拨款收入支出决算表", "soe": "国有资本经营预算财政拨款收入支出决算表",
}
BUDGET_KIND_NAMES = {
    "summary": "收支预算总表", "income": "收入预算总表", "expenditure": "支出预算总表",
    "fiscal_summary": "财政拨款收支预算总表", "fiscal_expenditure": "财政拨款支出预算表",
    "fiscal_basic": "财政拨款基本支出预算表", "general_expenditure": "一般公共预算支出预算表",
    "general_basic": "一般公共预算基本支出预算表", "three_public": "“三公”经费预算表",
    "fund": "政府性基金预算支出表", "soe": "国有资本经营预算支出表",
    "operation_cost": "机关运行经费预算表", "procurement": "政府采购预算表",
}
# Tables whose rows are classification lines (类/款/项), and the economic one.
FUNCTIONAL_KINDS = ("income", "expenditure", "general_expenditure", "fund", "soe", "fiscal_expenditure")
ECONOMIC_KINDS = ("general_basic", "fiscal_basic", "operation_cost")
BASIC_KINDS = ("general_basic", "fiscal_basic")        # their 类 rows are basic.personnel …
SIDED_KINDS = ("summary", "fiscal_summary")
EMPTY_FUND_KINDS = ("fund", "soe")     # an empty one of these, said to be empty, is none of the fund: 0

# Which column of a classification table is a line's actual / basic / project /
# budget: (column concepts tried in order, phases allowed).  CURRENT is the
# table's own phase (决算数 in a 决算, this year's 预算数 in a 预算) or none.
CURRENT = None
LINE_COLUMNS = {
    "actual": ([("total",), ("expenditure", "total"), ("expenditure",), ()], CURRENT),
    "basic": ([("basic",), ("expenditure", "basic")], CURRENT),
    "project": ([("project",), ("expenditure", "project")], CURRENT),
    "budget": ([("total",), ()], ("budget",)),
    "prior_budget": ([("total",), ()], ("prior_budget",)),
    "prior_actual": ([("total",), ()], ("prior_actual",)),
}
_YEAR = re.compile(r"(20\d\d)\s*年")

_UNIT = re.compile(r"单位\s*[：:]\s*(" + MONEY_UNIT + r")")
_HEADER_UNIT = re.compile(r"[（(]\s*(" + MONEY_UNIT + r")\s*[)）]")
_CODE = re.compile(r"\d{3}(?:\s*\d{2}){0,2}")
_CODE_PART = re.compile(r"\d{2,3}")
_CODE_AND_NAME = re.compile(r"(\d{3}(?:\s*\d{2}){0,2})\s*(\D.*)")
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}\s*[、.．](?!\d))")
_SUB = re.compile(r"^其中\s*[：:]?")
_PAGE_NOISE = re.compile(r"^[\s\-—第页共/\d]*$|续表|[（(]续[)）]")
_QUOTES = str.maketrans({"“": None, "”": None, "\"": None, "‘": None, "’": None, "'": None,
                         "「": None, "」": None, "（": "(", "）": ")", "：": ":"})
_DASHES = {"-", "—", "－", "--", "——", "/", "…", "……", "...", "*"}
LOOKAROUND_LINES = 6      # non-blank lines searched for a title/unit before, a note after
TITLE_MAX = 60            # a title line is short


_SERIAL = re.compile(r"\d{1,3}")        # a row's serial number in a 序号 column
_GROUP_SUBTOTAL = "小计"                 # the row totalling a group of rows named in the column before


@content_cache(8192)
def norm(text: str) -> str:
    """Text for phrase matching: no whitespace, no quotes, () for （）.  Remembered:
    header and label cells recur on every table and are looked up several times."""
    return "".join(text.split()).translate(_QUOTES)


# ---- the lexicon's table sections -----------------------------------------

@dataclass
class _Lexicon:
    titles: list[tuple[str, str]]                 # (phrase, kind)
    header_kinds: list[dict]
    label_exact: frozenset[str]
    label_endings: tuple[str, ...]
    counters: frozenset[str]
    pane_headers: frozenset[str]
    serials: frozenset[str]
    columns: list[tuple[str, str, bool]]          # (phrase, concept, is_phase)
    row_sums: list[tuple[str, tuple[str, ...]]]
    total_rows: frozenset[str]
    subtotal_rows: frozenset[str]
    rows: dict                                    # kind -> side -> [entry]
    figures: dict                                 # kind -> [(concepts, key)]
    economic: list[dict]
    procurement_categories: list[tuple[str, str]]   # (phrase a 政府采购 category row begins with, key)
    empty_notes: tuple[str, ...]
    _cache: dict = field(default_factory=dict)

    def title_kind(self, text: str) -> str | None:
        t = norm(text)
        best = max(((len(p), k) for p, k in self.titles if p in t), default=None)
        return best[1] if best else None

    def concept(self, label: str) -> tuple[str | None, str | None]:
        """(concept, phase) of a header cell: the longest phrase of each sort."""
        key = ("c", label)
        if key not in self._cache:
            t = norm(label)
            concept = max(((len(p), c, p) for p, c, ph in self.columns if not ph and p in t), default=None)
            rest = t.replace(concept[2], "", 1) if concept else t
            phase = max(((len(p), c) for p, c, ph in self.columns if ph and p in rest), default=None)
            self._cache[key] = (concept[1] if concept else None, phase[1] if phase else None)
        return self._cache[key]

    def is_label_header(self, text: str) -> bool:
        """A header cell over a label column: 项目, 科目编码, 科目名称, 栏次/行次 …"""
        t = norm(text)
        return bool(t) and (t in self.label_exact or t in self.counters or t.endswith(self.label_endings))


def _merged(base, extra):
    """``base`` extended by ``extra``: lists concatenated, mappings merged key by key."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for k, v in extra.items():
            out[k] = _merged(base[k], v) if k in base else v
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return base + extra
    return extra


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    d = _merged(load_yaml("lexicon.yaml"), load_yaml("budget_tables.yaml"))
    labels = d["table_label_headers"]
    return _Lexicon(
        titles=[(norm(p), t["kind"]) for t in d["table_titles"] for p in t["phrases"]],
        header_kinds=[{"kind": h["kind"], "all": [norm(p) for p in h["all"]],
                       "any": [norm(p) for p in h.get("any", [])]} for h in d["table_header_kinds"]],
        label_exact=frozenset(norm(p) for p in labels["exact"]),
        # an ending cut before its last character too: a header cell whose last character
        # the PDF wrapped into the row below ("采购组织形" over "式")
        label_endings=tuple(e for p in labels["endings"] for e in {norm(p), norm(p)[:-1]} if len(e) >= 3),
        counters=frozenset(norm(p) for p in labels["counters"]),
        pane_headers=frozenset(norm(p) for p in labels["panes"]),
        serials=frozenset(norm(p) for p in labels["serials"]),
        columns=[(norm(p), c["id"], bool(c.get("phase"))) for c in d["table_columns"] for p in c["phrases"]],
        row_sums=[(s["total"], tuple(s["parts"])) for s in d["table_row_sums"]],
        total_rows=frozenset(norm(p) for p in d["table_total_rows"]["total"]),
        subtotal_rows=frozenset(norm(p) for p in d["table_total_rows"]["subtotals"]),
        rows={kind: {side: [dict(e, phrases=[norm(p) for p in e["phrases"]]) for e in entries]
                     for side, entries in sides.items()} for kind, sides in d["table_rows"].items()},
        figures={kind: [(tuple(e["column"]), e["key"]) for e in entries]
                 for kind, entries in d["table_figures"].items()},
        economic=[dict(e, phrases=[norm(p) for p in e["phrases"]]) for e in d["table_economic_keys"]],
        procurement_categories=[(norm(p), e["key"]) for e in d["table_procurement_categories"] for p in e["phrases"]],
        empty_notes=tuple(norm(p) for p in d["empty_table_notes"]),
    )


# ---- cells ----------------------------------------------------------------

def _is_number(text: str) -> bool:
    return parse_cell_number(text) is not None


def _is_code(text: str) -> bool:
    return _CODE.fullmatch(text.strip()) is not None


def _is_dash(text: str) -> bool:
    return text.replace(" ", "") in _DASHES


def ordinal_style(name: str) -> str | None:
    """The numbering style of a row label: "一、", "（一）", "1." … (None if unnumbered)."""
    t = _SUB.sub("", name.strip()).strip()
    m = _ORDINAL.match(t)
    if not m:
        return None
    return re.sub(r"[一二三四五六七八九十]+", "一", re.sub(r"\d+", "1", m.group(0).replace(" ", "")))


def strip_label(name: str) -> tuple[str, bool, bool]:
    """A row label without its numbering: (label, numbered, 其中)."""
    t = name.strip()
    sub = _SUB.match(t)                 # both patterns are anchored at the start
    if sub:
        t = t[sub.end():].strip()
    ordinal = _ORDINAL.match(t)
    if ordinal:
        t = t[ordinal.end():].strip()
    return t, ordinal is not None, sub is not None


# ---- finding tables and what surrounds them -----------------------------

@dataclass
class _Context:
    title: str | None = None
    title_span: Span | None = None
    kind: str | None = None
    unit: str | None = None
    empty_note: Span | None = None
    noise_only: bool = True          # only page noise between this block and the previous one
    headings_only: bool = True       # only short lines (title, unit, running header, page number)


def _lines_between(doc: Document, start: int, end: int):
    """(span, text) of the non-blank lines of doc.text[start:end], read as they are asked for."""
    text = doc.text
    while True:
        stop = text.find("\n", start, end)
        line = text[start:end if stop == -1 else stop]
        if line.strip():
            yield Span(start, start + len(line)), line.strip()
        if stop == -1:
            return
        start = stop + 1


def _lines_before(doc: Document, start: int, end: int):
    """The same lines, from the last one back."""
    text = doc.text
    while True:
        newline = text.rfind("\n", start, end)
        line = text[newline + 1 if newline != -1 else start:end]
        if line.strip():
            yield Span(end - len(line), end), line.strip()
        if newline == -1:
            return
        end = newline


def _context_before(doc: Document, start: int, end: int) -> _Context:
    """Title, kind and unit from the lines before a table (nearest first)."""
    lex = lexicon()
    ctx = _Context()
    ctx.noise_only = all(_PAGE_NOISE.search(t) or _UNIT.search(t) for _, t in _lines_between(doc, start, end))
    ctx.headings_only = all(len(t) <= TITLE_MAX and not t.endswith("。") and not t.startswith(("注", "说明"))
                            for _, t in _lines_between(doc, start, end))
    nearest = list(islice(_lines_before(doc, start, end), LOOKAROUND_LINES))
    for i, (span, text) in enumerate(nearest):
        unit = _UNIT.search(text)
        if unit and ctx.unit is None:
            ctx.unit = unit.group(1)
        kind = lex.title_kind(text) if len(text) <= TITLE_MAX else None
        if kind is None and i + 1 < len(nearest) and len(text) <= TITLE_MAX // 4:
            above_span, above = nearest[i + 1]      # a title broken over two lines
            if len(above) <= TITLE_MAX and (kind := lex.title_kind(above + text)):
                span, text = above_span.cover(span), above + text
        if kind:
            ctx.title, ctx.title_span, ctx.kind = text, span, kind
            above = next((t for s, t in nearest[i + 1:] if s.end <= span.start), None)
            if ctx.unit is None and above is not None and (unit := _UNIT.search(above)):
                ctx.unit = unit.group(1)    # "单位：万元" on the line above the title
            break
        if text.endswith("。") or len(text) > TITLE_MAX:
            break
    return ctx


def _note_after(doc: Document, start: int, end: int) -> Span | None:
    """The 空表说明 in the lines after a table, before the next title or heading (a
    section "十二、关于空表的说明" after the last table speaks of other tables: Tianjin)."""
    lex = lexicon()
    for span, text in islice(_lines_between(doc, start, end), LOOKAROUND_LINES):
        if _is_heading(text):
            break
        t = norm(text)
        if any(p in t for p in lex.empty_notes):
            return span
        if len(text) <= TITLE_MAX and lex.title_kind(text):
            break
    return None


def _is_heading(text: str) -> bool:
    """A numbered heading line: short, an ordinal first, no full stop at its end."""
    text = text.strip()
    return len(text) <= TITLE_MAX and bool(_ORDINAL.match(text)) and not text.endswith("。")


@dataclass
class _Block:
    """A logical table: one reader table, or several continuing one another."""

    rows: list[tuple[Cell, ...]]
    span: Span
    ctx: _Context


def _split_at_titles(t: Table) -> list[Table]:
    """A reader table holding several tables (a PDF page of grids read as one): cut
    before every inner row that is only a table's title (with its 单位 line)."""
    cuts = [i for i, row in enumerate(t.rows) if i > 0 and _is_title_row(row)]
    if not cuts:
        return [t]
    out = []
    for a, b in zip([0] + cuts, cuts + [len(t.rows)]):
        rows = t.rows[a:b]
        cells = [c for r in rows for c in r]
        out.append(Table(rows=rows, span=cells[0].span.cover(cells[-1].span)))
    return out


def _is_title_row(row) -> bool:
    """A row whose one filled cell is a table's title."""
    filled = None
    for c in row:
        if c.text:
            if filled is not None:
                return False              # a second filled cell (most rows: left at once)
            filled = c
    return filled is not None and len(filled.text) <= TITLE_MAX and lexicon().title_kind(filled.text) is not None


def _blocks(doc: Document) -> list[_Block]:
    blocks: list[_Block] = []
    prev_end = 0
    for t in (piece for whole in doc.tables for piece in _split_at_titles(whole)):
        ctx = _context_before(doc, prev_end, t.span.start)
        rows = list(t.rows)
        inner = _title_rows(rows)
        if inner.kind:                        # a title row inside the table is the nearest
            ctx.title, ctx.title_span, ctx.kind = inner.title, inner.title_span, inner.kind
        ctx.unit = ctx.unit or inner.unit
        rows = rows[inner.skip:]
        if ctx.kind and ctx.title_span is not None and ctx.title_span.end <= t.span.start and rows \
                and not any(_header_like(r) for r in rows):
            rows = _header_from_lines(doc, ctx.title_span.end, t.span.start, rows) + rows
        prev = blocks[-1] if blocks else None
        untitled = ctx.kind is None and ctx.noise_only
        retitled = ctx.kind is not None and ctx.headings_only     # the title repeated on the next page
        if prev is not None and prev.ctx.kind and rows and (untitled or (retitled and ctx.kind == prev.ctx.kind)) \
                and _continues(prev.rows, rows):
            rows = _drop_repeated_header(rows)
            prev.rows.extend(rows)
            prev.span = prev.span.cover(t.span)
        else:
            blocks.append(_Block(rows=rows, span=t.span, ctx=ctx))
        prev_end = t.span.end
    for i, b in enumerate(blocks):
        nxt = blocks[i + 1].span.start if i + 1 < len(blocks) else len(doc.text)
        b.ctx.empty_note = _note_after(doc, b.span.end, nxt)
        total = _trailing_total(doc, b.span.end, nxt)
        if total is not None and b.ctx.kind and not _has_total(b.rows):
            b.rows.append(total)
            b.span = b.span.cover(Span(total[0].span.start, total[-1].span.end))
    return blocks


_TOTAL_LINE = re.compile(r"(合\s*计|总\s*计)((?:\s+-?[\d,]+(?:\.\d+)?)+)\s*")
_CELL = re.compile(r"\S+")


def _trailing_total(doc: Document, start: int, end: int) -> tuple[Cell, ...] | None:
    """A table's 合计 row that the reader left as a text line after it (the row alone on
    the next page): the first line after the table that is not page noise."""
    for span, text in _lines_between(doc, start, end):
        if _PAGE_NOISE.search(text):
            continue
        return _total_cells(doc, span, text)
    return None


def _total_cells(doc: Document, span: Span, text: str) -> tuple[Cell, ...] | None:
    """The cells of a text line that is a 合计 row ("合计 7,666.68"), or None."""
    m = _TOTAL_LINE.fullmatch(text)
    if m is None:
        return None
    base = doc.text.index(text, span.start)
    cells = [Cell(m.group(1), Span(base + m.start(1), base + m.end(1)))]
    cells += [Cell(n.group(0), Span(base + m.start(2) + n.start(), base + m.start(2) + n.end()))
              for n in _CELL.finditer(m.group(2))]
    return tuple(cells)


def _header_from_lines(doc: Document, start: int, end: int, rows) -> list[tuple[Cell, ...]]:
    """The header (and 合计) rows of a table that the reader left as text lines between
    its title and its grid ("科目 / 科目名称 金额 / 编码 / 合计 7,666.68" over rows of
    code | name | amount): one header row of the lines' words, label words first, when
    every word is a label header or a column's name and the value words are as many as
    the amounts closing every row; the 合计 line as the first row.  Nothing otherwise."""
    lex = lexicon()
    labels: list[Cell] = []
    values: list[Cell] = []
    total: tuple[Cell, ...] | None = None
    for span, text in _lines_between(doc, start, end):
        if _UNIT.search(text) or _PAGE_NOISE.search(text):
            continue
        if total is None and (line_total := _total_cells(doc, span, text)) is not None:
            total = line_total
            continue
        if total is not None:
            return []                     # words after the 合计 line: not a header
        base = doc.text.index(text, span.start)
        for m in _CELL.finditer(text):
            cell = Cell(m.group(0), Span(base + m.start(), base + m.end()))
            if lex.is_label_header(cell.text):
                labels.append(cell)
            elif lex.concept(cell.text) != (None, None):
                values.append(cell)
            else:
                return []
    k = len(values)
    if not labels or not k or any(len(r) <= k or _is_number(r[-k - 1].text) or not all(
            not c.text or _is_number(c.text) or _is_dash(c.text) for c in r[-k:]) for r in rows):
        return []
    return [tuple(labels + values)] + ([total] if total is not None and not _has_total(rows) else [])


@dataclass
class _Inner:
    skip: int = 0
    title: str | None = None
    title_span: Span | None = None
    kind: str | None = None
    unit: str | None = None


def _title_rows(rows) -> _Inner:
    """Leading one-cell rows inside the table holding its title or unit."""
    out = _Inner()
    for row in rows[:3]:
        filled = [c for c in row if c.text]
        if len(filled) != 1:
            break
        cell = filled[0]
        unit = _UNIT.search(cell.text)
        kind = lexicon().title_kind(cell.text) if len(cell.text) <= TITLE_MAX else None
        if not (unit or kind):
            break
        if unit:
            out.unit = out.unit or unit.group(1)
        if kind and out.kind is None:
            out.kind, out.title, out.title_span = kind, cell.text, cell.span
        out.skip += 1
    return out


def _continues(prev_rows, rows) -> bool:
    """A block goes on with the table before it: the same width (or a table that so far
    has only its header), and not two 合计 rows (two tables, not one)."""
    if not prev_rows:
        return True
    width = max(len(r) for r in prev_rows)
    only_header = all(_header_like(r) is not False for r in prev_rows)
    same_shape = only_header or max(len(r) for r in rows) == width or _codes_go_on(prev_rows, rows)
    return same_shape and not (_has_total(prev_rows) and _has_total(rows))


def _codes_go_on(prev_rows, rows) -> bool:
    """The block starts with a code of the same classification (its first digit) as the
    last code before it: the same table, gridded otherwise on the next page."""
    def codes(rs):
        return [c.text.replace(" ", "") for r in rs for c in r if c.text and _is_code(c.text)]
    before, after = codes(prev_rows), codes(rows[:1])
    return bool(before and after) and before[-1][0] == after[0][0]


def _has_total(rows) -> bool:
    """A row labelled 合计/总计 (a table's own total)."""
    totals = lexicon().total_rows
    for r in rows:
        first = next((c.text for c in r if c.text), "")
        if norm(strip_label(first)[0]) in totals and any(_is_number(c.text) for c in r):
            return True
    return False


def _drop_repeated_header(rows):
    i = 0
    while i < len(rows) and _header_like(rows[i]) is not False:
        i += 1
    return rows[i:]


# ---- the header ------------------------------------------------------------

def _header_like(row) -> bool | None:
    """True for a header row, None for a neutral one (empty, 栏次), False for data."""
    return _header_kind(tuple(c.text for c in row))


@content_cache(4096)
def _header_kind(texts: tuple[str, ...]) -> bool | None:
    """:func:`_header_like` of a row's cell texts (remembered: a table's rows are
    asked about several times, its header and title rows on every page)."""
    lex = lexicon()
    if not any(texts):
        return None
    data = any(_is_number(t) or _is_code(t) or _ORDINAL.match(t) or _CODE_AND_NAME.fullmatch(t) for t in texts if t)
    counters = any(norm(t) in lex.counters for t in texts)
    if data and not counters:
        return False                      # a data row, the common case: no header lookups
    concepts = any(lex.concept(t) != (None, None) for t in texts if t)
    if counters and not concepts:
        return None                       # the 栏次 row: 类 款 项 栏次 1 2 3
    if data:
        return False
    return concepts or any(lex.is_label_header(t) or norm(t) in lex.pane_headers for t in texts if t)


@dataclass
class _Pane:
    label_width: int                  # label cells of a full row (code, name …)
    leaves: list[list[str]]           # header path of each money column


def _segments(texts: list[str]) -> list[tuple[int, list[str]]]:
    """Split a header row into (label cell count, value cells) runs."""
    lex = lexicon()
    segs: list[tuple[int, list[str]]] = []
    for t in texts:
        if lex.is_label_header(t):
            if segs and not segs[-1][1]:
                segs[-1] = (segs[-1][0] + 1, [])
            else:
                segs.append((1, []))
        else:
            if not segs:
                segs.append((0, []))
            segs[-1][1].append(t)
    return segs


def _refine(parents: list[list[str]], cells: list[str]) -> list[list[str]] | None:
    """Leaves under ``parents`` given the next header row's cells, or None."""
    n, m = len(cells), len(parents)
    if n == m:
        return [p + [c] if c else p for p, c in zip(parents, cells)]
    tokens: list[list[str]] = []
    run: list[str] = []
    for c in cells:
        if c:
            run.append(c)
        else:
            if run:
                tokens.append(run)
                run = []
            tokens.append([])
    if run:
        tokens.append(run)
    if len(tokens) == m:
        out = []
        for p, tok in zip(parents, tokens):
            out.extend([p + [c] for c in tok] if tok else [p])
        return out
    if m and n % m == 0 and all(cells):
        k = n // m
        return [p + [c] for i, p in enumerate(parents) for c in cells[i * k:(i + 1) * k]]
    return None


def _header(rows) -> tuple[list[_Pane], int]:
    """The panes with their column paths, and the number of header rows."""
    lex = lexicon()
    count = 0
    header_rows = []
    for row in rows:
        kind = _header_like(row)
        if kind is False:
            break
        count += 1
        if kind:
            header_rows.append([c.text for c in row])
    panes: list[_Pane] | None = None
    parents: list[list[str]] = []
    label_width = 0
    previous_first = None
    for texts in header_rows:
        filled = [t for t in texts if t]
        if filled and all(norm(t) in lex.pane_headers for t in filled):
            continue
        segs = _segments(texts)
        if previous_first and segs and segs[0][0] == 0 and not any(segs[0][1]) \
                and previous_first[0] < len(segs[0][1]) <= previous_first[0] + len(previous_first[1]):
            width = previous_first[0]     # empty cells under the first side's header above
            segs[0] = (width, previous_first[1][:len(segs[0][1]) - width])
        if segs and segs[0][0] > 0:
            previous_first = segs[0]
        labelled = [s for s in segs if s[0] > 0]
        if len(labelled) >= 2 and len(segs) == len(labelled):
            panes = [_Pane(label_width=w, leaves=[[v] for v in vals]) for w, vals in segs]
            continue
        if panes is not None:
            continue
        if segs and segs[0][0] > 0:
            lead, values = segs[0][0], segs[0][1] + [v for s in segs[1:] for v in s[1]]
        else:
            lead, values = 0, [v for s in segs for v in s[1]]
        if not parents:
            while lead and values and not values[0]:
                values, lead = values[1:], lead + 1    # cells of a label header not merged
            parents = [[v] if v else [] for v in values]
            label_width = lead
            continue
        refined = _refine(parents, values)
        extra = 0
        while refined is None and extra < 2 and values and (not values[0] or
                                                             norm(values[0]) in lex.total_rows):
            values = values[1:]
            extra += 1
            refined = _refine(parents, values)
        if refined is not None:
            parents = refined
    if panes is None:
        panes = [_Pane(label_width=label_width, leaves=parents)]
    return panes, count


def _column(path: list[str], pane: int, table_phase: str = "actual", year: int | None = None) -> TableColumn:
    lex = lexicon()
    concepts: list[str] = []
    phase = None
    for label in path:
        c, ph = lex.concept(label)
        if c is not None:
            concepts.append(c)
        elif ph is None:
            concepts.append("?" + norm(label))
        if ph is not None:
            phase = ph
    if table_phase == "budget":
        phase = _budget_phase(phase, path, year)
    return TableColumn(label="/".join(path), concepts=tuple(concepts), phase=phase, pane=pane)


def _without_caption(columns: tuple[TableColumn, ...]) -> tuple[TableColumn, ...]:
    """Columns without the concept of a caption cell over all of them ("一般公共预算支出"
    over 合计 / 基本支出 / 项目支出 repeats the table's title; the columns are its 合计 …)."""
    firsts = {c.concepts[0] if len(c.concepts) >= 2 else None for c in columns}
    if len(columns) < 2 or len(firsts) != 1 or None in firsts:
        return columns
    return tuple(TableColumn(label=c.label, concepts=c.concepts[1:], phase=c.phase, pane=c.pane) for c in columns)


def _budget_phase(phase: str | None, path: list[str], year: int | None) -> str:
    """The phase of a budget table's column: this year's budget unless its header names
    last year (上年预算数, 上年执行数, or an earlier year than the document's)."""
    if phase in ("prior_budget", "prior_actual"):
        return phase
    years = [int(y) for label in path for y in _YEAR.findall(label)]
    if year and years and min(years) < year:
        executed = any(w in label for label in path for w in ("执行", "决算", "实际"))
        return "prior_actual" if executed else "prior_budget"
    return "budget"


# ---- the rows --------------------------------------------------------------

@dataclass
class _RawRow:
    pane: int
    labels: list[Cell]
    values: list[Cell]
    numbers: list = field(init=False)     # each value cell's parse_cell_number (None when empty)

    def __post_init__(self) -> None:
        self.numbers = [parse_cell_number(c.text) if c is not None and c.text else None for c in self.values]


def _split_row(row, panes: list[_Pane]) -> list[_RawRow] | None:
    """The label and value cells of each side of a data row, or None if it does not fit."""
    cells = list(row)
    if len(panes) == 1:
        k = len(panes[0].leaves)
        if k == 0 or len(cells) < k:
            return None
        return [_RawRow(0, cells[:-k], cells[-k:])]
    widths = [p.label_width + len(p.leaves) for p in panes]
    out = []
    if len(cells) == sum(widths):
        pos = 0
        for i, (p, w) in enumerate(zip(panes, widths)):
            part = cells[pos:pos + w]
            out.append(_RawRow(i, part[:p.label_width], part[p.label_width:]))
            pos += w
        return out
    # merged label cells: a label followed by its amounts, side after side
    groups: list[tuple[list[Cell], list[Cell]]] = []
    for c in cells:
        numeric = not c.text or _is_number(c.text) or _is_dash(c.text)
        if not numeric or not groups:
            if groups and not groups[-1][1] and not numeric:
                groups[-1][0].append(c)
            else:
                groups.append(([c], []))
        else:
            groups[-1][1].append(c)
    if not 0 < len(groups) <= len(panes) or (len(groups) < len(panes) and len(groups) != 2):
        return None                       # (收入合计 | 支出合计 across a 总表 of three sides: the first two)
    for i, ((labels, values), p) in enumerate(zip(groups, panes)):
        if len(values) != len(p.leaves):
            return None                   # which amount is in which column is not sure
        out.append(_RawRow(i, labels, values))
    return out


def _amount(cell: Cell | None, parsed: tuple[Decimal, int] | None, unit: str) -> Amount | None:
    """The amount of a value cell, given its parsed number."""
    if parsed is None:
        return None
    value, decimals = parsed
    return Amount(value=value, unit=unit, decimals=decimals, span=cell.span,
                  text=cell.text.replace(" ", "") + unit)


def _code_and_name(labels: list[Cell], prev_code: str | None) -> tuple[str | None, str, Span | None]:
    """Code (split parts joined, inherited parts filled in), name and label span."""
    filled = [c for c in labels if c.text]
    span = filled[0].span.cover(filled[-1].span) if filled else None
    code_parts, name = _label_parts(tuple(c.text for c in labels))
    code = "".join(p for _, p in code_parts) or None
    if code and len(code) in (2, 4) and prev_code and len(labels) >= 3:
        # separate 类/款/项 cells printing only the new parts: the first one's column says its level
        col = code_parts[0][0]
        keep = 3 + 2 * (col - 1)
        if col in (1, 2) and len(prev_code) >= keep and keep + len(code) <= 7:
            code = prev_code[:keep] + code
    if code and len(code) not in (3, 5, 7):
        code = None
    return code, name, span


@content_cache(4096)
def _label_parts(texts: tuple[str, ...]) -> tuple[tuple[tuple[int, str], ...], str]:
    """The code parts (column, digits) and the name of a row's label cell texts
    (remembered: the same 科目 rows are printed in several tables)."""
    code_parts: list[tuple[int, str]] = []
    name = ""
    for i, t in enumerate(texts):
        if not t:
            continue
        if name:
            break                         # the cells after the name add nothing
        if _CODE.fullmatch(t) or _CODE_PART.fullmatch(t):    # codes come before the name
            code_parts.append((i, t.replace(" ", "")))
        elif t.isdigit() and len(t) == 1 and code_parts:      # 款 "7" printed without its 0
            code_parts.append((i, "0" + t))
        elif not code_parts and (m := _CODE_AND_NAME.fullmatch(t)):
            code_parts.append((i, m.group(1).replace(" ", "")))
            name = m.group(2).strip()
        else:
            name = t.strip()
    return tuple(code_parts), name


def _rows(raw: list[_RawRow], kind: str, panes: list[_Pane], unit: str) -> list[TableRow]:
    lex = lexicon()
    out: list[TableRow] = []
    prev_code: dict[int, str | None] = {}
    for r in raw:
        if any(c is not None and c.text and n is None and not _is_dash(c.text) for c, n in zip(r.values, r.numbers)):
            continue                      # text where amounts belong: not a row of this table
        if any(("." in c.text or "," in c.text) and _is_number(c.text) for c in r.labels if c.text):
            continue                      # an amount among the labels: misaligned
        code, name, label_span = _code_and_name(r.labels, prev_code.get(r.pane))
        if not name and code is None and not any(c is not None and c.text for c in r.values):
            continue
        stripped, ordinal, sub = strip_label(name)
        values = tuple([None if n is None else _amount(c, n, unit) for c, n in zip(r.values, r.numbers)])
        level = None
        if code:
            prev_code[r.pane] = code
            level = {3: "类", 5: "款", 7: "项"}[len(code)]
        elif norm(stripped) in lex.total_rows and not ordinal:
            level = "合计"
        elif kind in SIDED_KINDS and ordinal and not sub:
            code = class_code(stripped)
            level = "类" if code else None
        cells = [c for c in list(r.labels) + list(r.values) if c is not None]
        span = (label_span or cells[0].span).cover(cells[-1].span) if cells else Span(0, 0)
        out.append(TableRow(pane=r.pane, code=code, name=" ".join(name.split()), level=level,
                            values=values, span=span, ordinal=ordinal, sub=sub,
                            label_column=_label_column(r.labels)))
    return out


def _label_column(labels: list[Cell]) -> int | None:
    """The last label column a row fills; a group's 小计 row ("一般公共预算资金 | 小计")
    ends at its group's name: the group's items, naming themselves in the next column,
    are nested under it."""
    filled = [i for i, c in enumerate(labels) if c is not None and c.text]
    if len(filled) >= 2 and norm(labels[filled[-1]].text) == _GROUP_SUBTOTAL:
        return filled[-2]
    return filled[-1] if filled else None


# ---- the table -------------------------------------------------------------

def _kind_from_header(rows) -> str | None:
    lex = lexicon()
    head = []
    for row in rows[:8]:
        if _header_like(row) is False:
            break
        head.extend(norm(c.text) for c in row if c.text)
    joined = "|".join(head)
    for hk in lex.header_kinds:
        if all(p in joined for p in hk["all"]) and (not hk["any"] or any(
                p in joined or p in head for p in hk["any"])):
            return hk["kind"]
    return None


def _header_unit(rows, count: int) -> str | None:
    for row in rows[:count]:
        for c in row:
            m = _UNIT.search(c.text) or _HEADER_UNIT.search(c.text)
            if m:
                return m.group(1)
    return None


def _build(block: _Block, report: Report) -> StandardTable | None:
    """The block as a table; a block whose header is not understood is tried again with
    its empty cells dropped (a PDF grid that pads every merged cell with empty ones)."""
    rows = _without_serials(block.rows)
    kind = block.ctx.kind or _kind_from_header(rows)
    if kind is None or not rows:
        return None
    table = _build_rows(block, rows, block.ctx.unit, kind, report)
    if table is None or not table.read or any(not c.label for c in table.columns):
        trimmed = _without_empty_columns(rows)
        if trimmed is not None:
            retried = _build_rows(block, trimmed, block.ctx.unit, kind, report)
            if retried is not None and retried.read and all(c.label for c in retried.columns) and retried.rows:
                return retried                          # nothing lost: its sums are checked
        rows, unit = _compacted(rows)
        retried = _build_rows(block, rows, block.ctx.unit or unit, kind, report) if rows else None
        if retried is not None and retried.read and all(c.label for c in retried.columns) and retried.rows:
            return replace(retried, complete=False)     # its figures, not its sums: rows may be lost
    return table


def _without_serials(rows):
    """The rows without a leading 序号 column (headed 序号, then row numbers or nothing
    in every row); the rows as they are when any row's first cell is something else."""
    if not rows or not rows[0] or norm(rows[0][0].text) not in lexicon().serials:
        return rows
    if not all(row and (not row[0].text.strip() or _SERIAL.fullmatch(row[0].text.strip())) for row in rows[1:]):
        return rows
    return [row[1:] for row in rows]


def _without_empty_columns(rows) -> list[tuple[Cell, ...]] | None:
    """The rows of a grid of one width without the columns empty in every row (a PDF grid
    padded with an empty column at its edges); None when there is none or widths differ."""
    widths = {len(r) for r in rows}
    if len(widths) != 1:
        return None
    keep = [i for i in range(widths.pop()) if any(r[i].text for r in rows)]
    if len(keep) == len(rows[0]):
        return None
    return [tuple(r[i] for i in keep) for r in rows]


def _compacted(rows) -> tuple[list[tuple[Cell, ...]], str | None]:
    """Rows without their empty cells; a unit line inside the table taken out (and its
    unit kept); a row of amounts alone joined to the label row above it."""
    out: list[tuple[Cell, ...]] = []
    unit = None
    for row in rows:
        cells = tuple(c for c in row if c.text)
        if not cells:
            continue
        found = next((m for c in cells if (m := _UNIT.search(c.text))), None)
        if found or cells[0].text.startswith("部门"):
            unit = unit or (found.group(1) if found else None)
            continue
        above = out[-1] if out else None
        if above and all(_is_number(c.text) for c in cells) and _header_like(above) is False \
                and not any(_is_number(c.text) and not _is_code(c.text) for c in above):
            out[-1] = above + cells
        else:
            out.append(cells)
    return out, unit


def _build_rows(block: _Block, rows, unit: str | None, kind: str, report: Report) -> StandardTable | None:
    phase = "budget" if report.doc_type == "budget" else "actual"
    panes, count = _header(rows)
    if not all(p.leaves for p in panes) or (kind in SIDED_KINDS and len(panes) < 2):
        # a side without amount columns, a 总表 with one side: not understood.  A titled
        # table is still there (the completeness rules count it), without rows.
        if block.ctx.title is None:
            return None
        return StandardTable(kind=kind, title=block.ctx.title, title_span=block.ctx.title_span,
                             unit=unit or "元", unit_source="assumed", columns=(), rows=(),
                             span=block.span, empty_note=block.ctx.empty_note, phase=phase, read=False)
    unit = unit or _header_unit(rows, count)
    source = "stated" if unit else None
    raw: list[_RawRow] = []
    for row in rows[count:]:
        if _header_like(row) is None:
            continue
        split = _split_row(row, panes)
        if split:
            raw.extend(split)
    if unit is None:
        unit, source = _matched_unit(raw, report)
    columns = tuple(_column(path, i, phase, report.meta.year) for i, p in enumerate(panes) for path in p.leaves)
    if phase == "budget":
        columns = _without_caption(columns)
    table_rows = _rows(raw, kind, panes, unit)
    return StandardTable(kind=kind, title=block.ctx.title, title_span=block.ctx.title_span, unit=unit,
                         unit_source=source, columns=columns, rows=tuple(table_rows), span=block.span,
                         empty_note=block.ctx.empty_note, phase=phase)


def _matched_unit(raw: list[_RawRow], report: Report) -> tuple[str, str]:
    """The unit the narrative prints this table's amounts with, else the document's."""
    values = set()
    for r in raw:
        for parsed in r.numbers:
            if parsed and parsed[0] != 0 and len(str(abs(parsed[0])).replace(".", "").strip("0")) >= 3:
                values.add(parsed[0])
    votes: dict[str, int] = {}
    for a in report.amounts:
        if a.value in values:
            votes[a.unit] = votes.get(a.unit, 0) + 1
    if votes:
        ranked = sorted(votes.items(), key=lambda kv: -kv[1])
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            return ranked[0][0], "matched"
    return report.meta.unit or "元", "assumed"


def extract_tables(report: Report) -> list[StandardTable]:
    """The standard tables of the report's document, in document order."""
    out = []
    for block in _blocks(report.document):
        table = _build(block, report)
        if table is not None:
            out.append(table)
    return out


# ---- lines and figures -----------------------------------------------------

def column_index(table: StandardTable, pane: int, candidates, phases=CURRENT) -> int | None:
    """Index (in the pane's values) of the first column whose concepts are a candidate
    and whose phase is allowed (a 年初预算数 column is not the 决算 one); CURRENT
    allows the table's own phase and none."""
    cols = table.pane(pane)
    if phases is CURRENT:
        phases = (None, table.phase)
    for want in candidates:
        for i, c in enumerate(cols):
            if c.concepts == tuple(want) and c.phase in phases:
                return i
    return None


def main_column(table: StandardTable, pane: int) -> int | None:
    """The pane's amount column: its 合计 / 决算数 (the first when unnamed)."""
    i = column_index(table, pane, [(), ("total",)])
    if i is None:
        i = column_index(table, pane, [()], (None, "actual", "budget"))
    if i is None and table.pane(pane):
        i = 0
    return i


def table_lines(tables: list[StandardTable], offset: int) -> list[LineItem]:
    """Classification rows as line items; parents by code prefix, indexes from ``offset``."""
    lines: list[LineItem] = []
    for t in tables:
        if t.kind not in FUNCTIONAL_KINDS + ECONOMIC_KINDS or t.is_empty or not t.complete:
            continue
        by_code: dict[str, int] = {}
        for pane in range(t.panes):
            idx = {attr: column_index(t, pane, *spec) for attr, spec in LINE_COLUMNS.items()}
            if t.kind in ECONOMIC_KINDS:
                idx = dict.fromkeys(idx) | {"actual": main_column(t, pane)}
            if t.phase == "budget":       # this year's budget is the line's budget, not an actual
                idx["budget"], idx["actual"] = idx["actual"], None
            for row in t.rows:
                if row.pane != pane or row.level is None:
                    continue
                if row.level == "合计" and t.kind in ECONOMIC_KINDS:
                    continue
                vals = {attr: (row.values[i] if i is not None and i < len(row.values) else None)
                        for attr, i in idx.items()}
                parent = None
                if row.code and len(row.code) > 3:
                    p = by_code.get(row.code[:len(row.code) - 2])
                    parent = offset + p if p is not None else None
                if row.code:
                    by_code[row.code] = len(lines)
                lines.append(LineItem(table=t.kind, code=row.code, name=strip_label(row.name)[0] or row.name,
                                      level=row.level, actual=vals["actual"], basic=vals["basic"],
                                      project=vals["project"], budget=vals["budget"], span=row.span,
                                      parent=parent, prior_budget=vals["prior_budget"],
                                      prior_actual=vals["prior_actual"]))
    return lines


def kind_name(t: StandardTable) -> str:
    """The standard title of a table's kind, in its phase (决算表 or 预算表)."""
    names = BUDGET_KIND_NAMES if t.phase == "budget" else KIND_NAMES
    return names.get(t.kind, t.kind)


def _figure(t: StandardTable, row: TableRow, amount: Amount, key: str, what: str) -> Figure:
    title = kind_name(t)
    return Figure(key=key, label=f"{title}：{what}", amount=amount, source="table", topic=None,
                  clause=Span(row.span.start, amount.span.end))


def table_figures(tables: list[StandardTable]) -> list[Figure]:
    """Figures (source "table") for the keys the tables state."""
    lex = lexicon()
    out: list[Figure] = []
    for t in tables:
        if t.unit_source == "assumed":
            continue
        if t.is_empty:
            out.extend(_none_of_a_fund(t))
            continue
        seen: set[str] = set()

        def add(row: TableRow, amount: Amount | None, key: str | None, what: str) -> None:
            if amount is not None and key and key not in seen:
                seen.add(key)
                out.append(_figure(t, row, amount, key, what))

        if t.kind in SIDED_KINDS:
            _sided_figures(t, add)
        elif t.kind == "three_public":
            entries = lex.figures.get(t.kind, [])
            for row in t.rows[:1]:
                cols = list(zip(t.pane(row.pane), row.values))
                beside = {col.concepts for col, _ in cols}
                for concepts, key in entries:         # the lexicon's order: "三公"/合计 before a bare 合计
                    if concepts == ("total",) and beside & {("meeting",), ("training",)}:
                        continue                      # a bare 合计 beside 会议费/培训费 is not the 三公 total
                    for col, amount in cols:
                        if col.concepts != concepts or col.phase not in ("actual", "budget"):
                            continue
                        if "{phase}" in key or col.phase == t.phase:
                            add(row, amount, key.replace("{phase}", col.phase), col.label.replace("/", ""))
        elif t.kind in BASIC_KINDS:
            for row in t.rows:
                if row.level != "类":
                    continue
                amount = row.values[main_column(t, row.pane)] if t.pane(row.pane) else None
                for e in lex.economic:
                    if row.code in [str(c) for c in e["codes"]] or norm(strip_label(row.name)[0]) in e["phrases"]:
                        add(row, amount, e["key"], row.name)
                        break
        else:
            total = next((r for r in t.rows if r.level == "合计" and r.pane == 0), None)
            if total is None and len(t.rows) == 1 and not t.rows[0].name:
                total = t.rows[0]             # a table of one unlabelled row: its totals
            if total is None:
                continue
            if _grand_income(t, total):
                main = main_column(t, 0)
                add(total, total.values[main] if main is not None else None, "totals.grand", total.name)
                if _carried_over(t):
                    continue                  # 收入总计 includes 上年结转: not 本年收入
            for col, amount in zip(t.pane(0), total.values):
                if col.phase not in (None, t.phase):
                    continue                  # a 年初预算数 / 上年预算数 column is not the table's figure
                for concepts, key in lex.figures.get(t.kind, []):
                    if col.concepts == concepts:
                        label = col.label.replace("/", "")
                        if len(label) <= 2:       # a bare 合计: say whose
                            label = kind_name(t).removesuffix("决算表").removesuffix("预算表") + label
                        add(total, amount, key, label)
                        break
            if t.kind == "procurement":
                _procurement_categories(t, add)
    return out


def _none_of_a_fund(t: StandardTable) -> list[Figure]:
    """A 政府性基金 / 国有资本经营 table that is empty and says so (a 空表说明, or a row
    "此表为空"): the unit has none of that fund, the figures its columns hold are 0."""
    if t.kind not in EMPTY_FUND_KINDS or t.title_span is None:
        return []
    said = t.empty_note or next((r.span for r in t.rows if any(p in norm(r.name) for p in lexicon().empty_notes)),
                                None)
    if said is None:
        return []
    zero = Amount(value=Decimal(0), unit=t.unit, decimals=2, span=said, text="0")
    keys = dict.fromkeys(key for col in t.pane(0) for concepts, key in lexicon().figures.get(t.kind, [])
                         if col.concepts == concepts and col.phase in (None, t.phase) and "{phase}" not in key)
    return [Figure(key=key, label=f"{kind_name(t)}：空表", amount=zero, source="table", topic=None,
                   clause=t.title_span) for key in keys]


def _procurement_categories(t: StandardTable, add) -> None:
    """The 货物/工程/服务 figures of a 政府采购预算表: its numbered category rows."""
    main = main_column(t, 0)
    for row in t.rows:
        label = strip_label(row.name)[0]
        if row.ordinal and main is not None:
            key = next((k for p, k in lexicon().procurement_categories if norm(label).startswith(p)), None)
            add(row, row.values[main], key, label)


def _grand_income(t: StandardTable, total: TableRow) -> bool:
    """The 收入总计 row of a 收入预算总表: every income with 上年结转, = the 收支总计."""
    return t.phase == "budget" and t.kind == "income" and "总计" in norm(total.name)


def _carried_over(t: StandardTable) -> bool:
    """A row of 上年结转 printing an amount other than 0."""
    main = main_column(t, 0)
    return main is not None and any("结转" in r.name and main < len(r.values) and r.values[main] is not None
                                    and r.values[main].value != 0 for r in t.rows)


def side_of(t: StandardTable, pane: int) -> str:
    """"income" for the left side of a 总表, "expenditure" for the right."""
    return "income" if pane == 0 else "expenditure"


def row_entry(t: StandardTable, row: TableRow) -> dict | None:
    """The lexicon entry (key, role) of a 总表 row, by its label's ending."""
    return _entry_by_label(t.kind, side_of(t, row.pane), row.name)


@content_cache(4096)
def _entry_by_label(kind: str, side: str, name: str) -> dict | None:
    """:func:`row_entry` of a row label on a side of a table kind (remembered: the
    figures and several rules ask it of the same rows)."""
    entries = lexicon().rows.get(kind, {}).get(side, [])
    label = norm(strip_label(name)[0])
    if not label:
        return None
    best = None
    for e in entries:
        for p in e["phrases"]:
            if label.endswith(p):
                rank = (label == p, len(p))
                if best is None or rank > best[0]:
                    best = (rank, e)
    return best[1] if best else None


def _sided_figures(t: StandardTable, add) -> None:
    subtotal_seen: dict[int, bool] = {}
    grands: dict[int, tuple[TableRow, Amount]] = {}
    for row in t.rows:
        entry = row_entry(t, row)
        if entry is None:
            continue
        role = entry.get("role", "item")
        if role == "subtotal":
            subtotal_seen[row.pane] = True
        elif role == "item" and subtotal_seen.get(row.pane):
            continue                      # a sub-row of a carry-over, after the subtotal
        cols = t.pane(row.pane)
        main = main_column(t, row.pane)
        if "keys" in entry:
            for col, amount in zip(cols, row.values):
                concept = col.concepts[-1] if col.concepts else "total"
                name = strip_label(row.name)[0]
                add(row, amount, entry["keys"].get(concept), name if concept == "total" else col.label + name)
        elif main is not None:
            amount = row.values[main]
            if amount is None and role in ("item", "adjustment") and _blank_is_zero(t, row, main):
                amount = _zero_amount(t, row, main)
            add(row, amount, entry.get("key"), strip_label(row.name)[0])
            if role == "total":
                grands[row.pane] = (row, row.values[main])
    if t.kind == "summary" and len(grands) == 2 and all(a is not None for _, a in grands.values()):
        (r0, a), (_, b) = grands[0], grands[1]
        if compare(a.interval, b.interval, max(a.step, b.step)) is Verdict.AGREE:
            add(r0, a, "totals.grand", "收支总计")


def _blank_is_zero(t: StandardTable, row: TableRow, i: int) -> bool:
    """An item of a 总表 side printing nothing in a money column that other rows of its
    side fill: the table says 0 ("二、财政专户管理资金 |  " under "一、财政拨款 | 15,897.44").
    A 其中 row says nothing of its own when empty."""
    return bool(row.name) and not row.sub and any(
        r is not row and r.pane == row.pane and i < len(r.values) and r.values[i] is not None for r in t.rows)


def _zero_amount(t: StandardTable, row: TableRow, i: int) -> Amount:
    """The 0 an empty cell stands for, at the row's end (the empty cell has no text to
    point at), with the decimals its column prints (its step in comparisons)."""
    decimals = max((r.values[i].decimals for r in t.rows
                    if r.pane == row.pane and i < len(r.values) and r.values[i] is not None), default=0)
    end = Span(row.span.end, row.span.end)
    return Amount(value=Decimal(0), unit=t.unit, decimals=decimals, span=end, text="0")


def attach_tables(report: Report) -> None:
    """Extract the tables into the report: tables, their lines, their figures."""
    tables = extract_tables(report)
    report.tables = tables
    stated = Counter(t.unit for t in tables if t.unit_source == "stated" and not t.is_empty)
    if stated:
        unit, n = stated.most_common(1)[0]
        if n >= 2 and n * 3 >= 2 * stated.total():       # two tables at least, two thirds of them
            report.meta.table_unit = unit
    report.lines = report.lines + table_lines(tables, len(report.lines))
    report.figures_list = report.figures_list + table_figures(tables)
