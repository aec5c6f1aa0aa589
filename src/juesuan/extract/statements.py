"""Narrative statements: labelled figures, shares, changes, completions, enumerations.

The narrative restates the tables in a few sentence shapes.  This module
recognises them over the non-table lines of the document:

* a labelled amount ("本年收入合计17953.28万元") → :class:`Figure`;
* "X，占Y的Z%" → :class:`ShareStatement`;
* "比上年/比年初预算[B] 增加/减少 D，增长/下降 R%" → :class:`ChangeStatement`;
* "完成年初预算的Z%" → :class:`CompletionStatement`;
* "T，其中：A…，B…" → :class:`Enumeration` (parts listed under a total).

Labels are the text between the previous number and the amount; the
lexicon maps them to keys within the topic of the enclosing section.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from operator import itemgetter

from ..document import Document, Span
from ..model import (MONEY_UNIT, Amount, ChangeStatement, ComparisonClaim, CompletionStatement, Enumeration, Figure,
                     Percent, Report, ShareStatement)
from .figure_index import FigureIndex
from .lexicon import LEXICON
from .numbers import document_numbers, to_decimal
from .text import sentence_spans

SENTENCE_END = "。！？!?"
YEAR = re.compile(r"(20\d\d|19\d\d)\s*年")

_DIRECTIONS = {
    "增加减少": "both", "增加（减少）": "both", "增加(减少)": "both", "增（减）": "both",
    "增加": "up", "增长": "up", "上升": "up", "提高": "up", "超支": "up", "多": "up",
    "减少": "down", "下降": "down", "降低": "down", "节约": "down", "少": "down",
    "持平": "flat", "一致": "flat", "相同": "flat", "相等": "flat",
    "增幅": "up", "降幅": "down",
}
_DIR_WORDS = "|".join(sorted((re.escape(w) for w in _DIRECTIONS if len(w) > 1), key=len, reverse=True))
_RATE_WORDS = "增长|下降|增加|减少|降低|上升|提高|增幅|降幅"
# What may stand between a direction or rate word and its number: "减少了", "增幅为", "增长率达".
_WORD_TAIL = r"(?:率)?了?(?:为|达)?\s*+"
# After the direction word: the change amount and its rate ("增加D，增长R%"), or the rate alone ("增加R%").
_AMOUNT_AND_RATE = (rf"{_WORD_TAIL}(?:(?P<delta>A)(?:\s*+(?:[，,]\s*+)?(?P<rdir>{_RATE_WORDS}){_WORD_TAIL}(?P<rate>P))?"
                    r"|(?P<drate>P))?")
_BUDGET_WORDS = ("预算",)
_LAST_YEAR_WORDS = ("上年", "去年", "上一年")
_ACTUAL_WORDS = ("执行数", "决算")

# A change after the current figure.  {A} and {P} are placeholders for the
# amount and percent tokens, replaced in the masked sentence (see _mask).
_CHANGE = re.compile(
    r"(?P<anchor>同比|比|较|与)(?P<basis>[^，。；,;比较A]{0,30}?)(?P<base>A)?\s*+(?:[，,]\s*+)?[各均]?"
    rf"(?P<dir>{_DIR_WORDS}){_AMOUNT_AND_RATE}"
)
# "…支出X元，年初预算Y元，增加Z元": the budget and the change after the actual.
_BUDGET_CHANGE = re.compile(
    r"[，,]\s*+(?P<anchor>(?P<basis>年初预算数?|全年预算数?|预算数))\s*+(?:为\s*+)?(?P<base>A)\s*+(?:[，,]\s*+)?"
    rf"(?P<dir>{_DIR_WORDS})\s*+(?P<delta>A)"
    rf"(?:\s*+(?:[，,]\s*+)?(?P<rdir>{_RATE_WORDS}){_WORD_TAIL}(?P<rate>P))?"
)
_SHARE = re.compile(r"(?P<part>A)[^，。；A P]{0,4}?\s*+(?:[，,]\s*+)?占(?P<whole>[^，。；AP]{0,30}?)"
                    r"(?:的|比例为|比重为|比例|比重)?\s*+(?P<pct>P)")
_SHARE_BARE = re.compile(r"(?P<part>A)\s*+[，,]\s*+占比为?\s*+(?P<pct>P)")
_COMPLETION = re.compile(r"(?:完成|为|达到)(?P<which>年初|全年|调整后)?预算(?:数)?的\s*+(?P<pct>P)")
# "与2023年度相比，收入支出总计增加307.82万元，增长100.00%": the subject is named,
# its value stated before.
_COMPARED = re.compile(
    r"与\s*+(?P<basis>上年度?|上一年度?|去年|(?:19|20)\d\d\s*+年度?|年初预算数?|预算数?)\s*+相比\s*+(?:[，,]\s*+)?"
    rf"(?P<subject>[^，。；,;AP]{{0,24}}?)\s*+[各均]?(?P<dir>{_DIR_WORDS}){_WORD_TAIL}(?P<delta>A)"
    rf"(?:\s*+(?:[，,]\s*+)?(?P<rdir>{_RATE_WORDS}){_WORD_TAIL}(?P<rate>P))?"
)
_SUBSET = re.compile(r"其中[：:，,]?")
# The column a figure's name says it is in: 预算 (not the fund names 一般公共预算 …) or 决算.
# (The word first, the words it may not close after: re skips to a plain first character in C.)
_PHASE_WORDS = (("budget", re.compile(r"预算(?<!公共预算)(?<!基金预算)(?<!经营预算)(?!单位)")),
                ("actual", re.compile(r"决算|实际支出|执行数")))
# "决算数小于全年预算数", "决算数与年初预算数持平": a claim about two figures stated before.
_CLAIM = re.compile(
    r"决算数?+\s*+(?:(?P<rel>大于|小于|高于|低于|超过|多于|少于|等于)\s*+(?P<which>全年|年初|调整后)?预算数?"
    r"|与\s*+(?P<which2>全年|年初|调整后)?预算数?+\s*+(?P<rel2>持平|一致|相等|相同))")
_RELATIONS = {"大于": "gt", "高于": "gt", "超过": "gt", "多于": "gt", "小于": "lt", "低于": "lt", "少于": "lt",
              "等于": "eq", "持平": "eq", "一致": "eq", "相等": "eq", "相同": "eq"}


@dataclass
class Narrative:
    figures: list[Figure]
    shares: list[ShareStatement]
    changes: list[ChangeStatement]
    completions: list[CompletionStatement]
    enumerations: list[Enumeration]
    amounts: list[Amount]
    percents: list[Percent]
    claims: list[ComparisonClaim]
    earlier: FigureIndex = field(init=False, repr=False, compare=False)   # the figures by key and name

    def __post_init__(self) -> None:
        self.earlier = FigureIndex(self.figures)


def _sentences(line: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a line, ends included."""
    return sentence_spans(line, SENTENCE_END)


class _Masked:
    """A sentence with each token (in order, not overlapping) replaced by one letter:
    A amount, P percent (any NUL character of the sentence dropped too), and the map back to tokens.

    ``amounts`` and ``percents`` are each in text order.
    """

    def __init__(self, sentence: str, base: int, amounts: list[Amount], percents: list[Percent]):
        toks = [(a.span.start - base, a.span.end - base, "A", a) for a in amounts]
        if percents:
            toks += [(p.span.start - base, p.span.end - base, "P", p) for p in percents]
            toks.sort(key=itemgetter(0))
        # position in masked text -> token object
        self.at: dict[int, object] = {}
        # masked start of each token, and the shift (characters masked away) before it
        self.starts: list[int] = []
        self.shifts: list[int] = [0]
        parts: list[str] = []
        pos = shift = 0
        for s, e, letter, obj in toks:
            parts += (sentence[pos:s], letter)
            pos = e
            self.at[s - shift] = obj
            self.starts.append(s - shift)
            shift += (e - s) - 1
            self.shifts.append(shift)
        parts.append(sentence[pos:])
        self.text = "".join(parts).replace("\x00", "")

    def obj(self, m: re.Match, group: str):
        return self.at.get(m.start(group)) if m.group(group) else None


def extract_narrative(doc: Document, section_at, year: int | None, phase: str = "actual") -> Narrative:
    """All narrative statements of the document's non-table lines.

    ``section_at(offset)`` gives the innermost section at an offset;
    ``year`` is the report year (figures labelled with another year get no key);
    ``phase`` the phase of a figure whose label names none ("budget" in a 部门预算).
    """
    result = Narrative([], [], [], [], [], [], [], [])
    all_amounts, all_percents = document_numbers(doc)
    lines = doc.prose_lines()
    amounts_in, percents_in = _by_line(all_amounts, doc), _by_line(all_percents, doc)
    for i in sorted(amounts_in.keys() | percents_in.keys()):       # the lines with a number, in order
        offset, line = lines[i]
        amounts, percents = amounts_in.get(i, []), percents_in.get(i, [])
        unitless = _unitless(line, offset, amounts)
        if unitless:                                    # the tokens are in text order, these among them
            amounts = sorted(amounts + unitless, key=lambda a: a.span.start)
        _line(doc, line, offset, amounts, percents, section_at(offset), year, phase, result)
        _claims(line, offset, result)
    return result


def _by_line(tokens: list, doc: Document) -> dict[int, list]:
    """The tokens (amounts or percents, in text order) that start in each prose line, by the
    line's index in ``doc.prose_lines()``; a token of no prose line (in a table) is in none."""
    found: dict[int, list] = {}
    for token in tokens:
        i = doc.prose_line_at(token.span.start)
        if i is not None:
            found.setdefault(i, []).append(token)
    return found


_UNITLESS = re.compile(r"\d(?<![\d.,]\d)\d{0,2}(?:,\d{3})+\.\d{2}(?![\d.,%％]| ?(?:" + MONEY_UNIT + r"))")


def _unitless(line: str, base: int, amounts: list[Amount]) -> list[Amount]:
    """Grouped money printed without its unit ("支出38,828,376.46，年初预算…元").

    A number with thousands separators and two decimals is money; it takes
    the unit of the nearest amount in its sentence.
    """
    found = []
    if "," not in line:
        return found                                    # no grouped number
    a_starts = [a.span.start for a in amounts]          # in text order
    sentences = s_starts = None
    for m in _UNITLESS.finditer(line):
        if sentences is None:
            sentences = _sentences(line)                # they cover the line
            s_starts = [s for s, _ in sentences]
        start, end = base + m.start(), base + m.end()
        s, e = sentences[bisect.bisect_right(s_starts, m.start()) - 1]
        lo, hi = bisect.bisect_left(a_starts, base + s), bisect.bisect_left(a_starts, base + e)
        after = bisect.bisect_left(a_starts, start, lo, hi)
        near = amounts[max(lo, after - 1):min(hi, after + 1)]      # the nearest before and after
        parsed = to_decimal(m.group(0))
        if not near or parsed is None:
            continue
        unit = min(near, key=lambda a: abs(a.span.start - start)).unit
        value, decimals = parsed
        found.append(Amount(value=value, unit=unit, decimals=decimals, span=Span(start, end), text=m.group(0)))
    return found


def extract_counts(report: Report) -> dict[str, tuple[int, Span]]:
    """Counts the spec names (公务用车保有量, 车辆数): the first statement of each, in a
    section of one of its topics."""
    found: dict[str, tuple[int, Span]] = {}
    for offset, line, section in report.prose_lines_about(frozenset().union(*(t for _, _, t in LEXICON.counts))):
        if len(found) == len(LEXICON.counts):
            break                # every count found
        for key, rx, topics in LEXICON.counts:
            if key in found or section.topic not in topics:
                continue
            m = rx.search(line)
            if m:
                found[key] = (int(m.group("n")), Span(offset + m.start(), offset + m.end()))
    return found


_CLAIM_PHASES = (None, "全年", "年初", "调整后")


def _recorded_since(out: Narrative, start: int) -> int:
    """Index of the first figure of the text from ``start`` on (the lines and sentences are
    read in order, so their figures are the last recorded)."""
    first = len(out.figures)
    while first and out.figures[first - 1].amount.span.start >= start:
        first -= 1
    return first


def _claims(line: str, base: int, out: Narrative) -> None:
    """"决算数小于预算数" claims, with the two figures stated before them in the line.

    The line's figures are the last ones recorded.  One sweep in text order keeps
    the latest recorded actual, and budget of each phase, before each claim.
    """
    matches = list(_CLAIM.finditer(line))
    if not matches:
        return
    figures = out.figures[_recorded_since(out, base):]
    order = sorted(range(len(figures)), key=lambda i: figures[i].amount.span.start)
    actual, budget = -1, dict.fromkeys(_CLAIM_PHASES, -1)     # indices into figures
    k = 0
    for m in matches:
        at = base + m.start()
        while k < len(order) and figures[order[k]].amount.span.start < at:
            i, name = order[k], figures[order[k]].name
            if "预算" in name:
                for which in _CLAIM_PHASES:
                    if not which or which in name:
                        budget[which] = max(budget[which], i)
            elif "决算" in name:
                actual = max(actual, i)
            k += 1
        b = budget[m.group("which") or m.group("which2")]
        if b >= 0 and actual >= 0:
            out.claims.append(ComparisonClaim(actual=figures[actual], budget=figures[b],
                                              relation=_RELATIONS[m.group("rel") or m.group("rel2")],
                                              word=m.group(0), span=Span(at, base + m.end())))


_THRESHOLD = re.compile(r"\s*+(?:（含）|\(含\))?\s*+(?:及)?(?:以上|以下|以内)")


def _line(doc: Document, line: str, base: int, amounts: list[Amount], percents: list[Percent],
          section, year: int | None, phase: str, out: Narrative) -> None:
    if "以" in line:                                     # _THRESHOLD needs it
        amounts = [a for a in amounts if not _THRESHOLD.match(line, a.span.end - base)]
    out.amounts.extend(amounts)
    out.percents.extend(percents)
    if not amounts and not percents:
        return
    topic = section.topic if section else None
    heading = section.title if section and section.span.start < base and section.level >= 3 else ""
    boundaries = sorted([base] + [a.span.end for a in amounts] + [p.span.end for p in percents])
    a_starts = [a.span.start for a in amounts]          # both lists are in text order
    p_starts = [p.span.start for p in percents]
    figures_by_amount: dict[int, Figure] = {}
    prev_sentence: list[Figure] = []
    for s, e in _sentences(line):
        sa = amounts[bisect.bisect_left(a_starts, s + base):bisect.bisect_left(a_starts, e + base)]
        sp = percents[bisect.bisect_left(p_starts, s + base):bisect.bisect_left(p_starts, e + base)]
        if not sa and not sp:
            continue
        masked = _Masked(line[s:e], base + s, sa, sp)
        first_change = len(out.changes)
        used = _changes(masked, base + s, year, out)
        sentence_figures = []
        sentence_year = year
        for a in sa:
            if id(a) in used:
                continue
            fig, sentence_year = _figure(doc, a, boundaries, topic, year, sentence_year, heading, phase)
            figures_by_amount[id(a)] = fig
            sentence_figures.append(fig)
            out.figures.append(fig)
        _resolve_change_currents(doc, out, sentence_figures, first_change, base + s)
        _compared(doc, masked, base + s, topic, year, out)
        _shares(masked, figures_by_amount, base + s, phase, out)
        _completions(doc, masked, sentence_figures, base + s, base + e, out)
        _enumeration(line[s:e], base + s, sentence_figures, prev_sentence, out)
        if sentence_figures:
            prev_sentence = sentence_figures


def _figure(doc: Document, a: Amount, boundaries: list[int], topic: str | None, year: int | None,
            sentence_year: int | None, heading: str = "", phase: str = "actual") -> tuple[Figure, int | None]:
    """The figure of an amount, and the year the sentence speaks of after it.

    A label naming another year ("2018年…收入资金") makes this and the rest
    of the sentence's figures that year's: they get no key.  A label that
    names nothing ("2023年度决算数") under a numbered heading that names the
    item ("3.公务用车购置及运行维护费") takes its name from the heading.
    """
    i = bisect.bisect_left(boundaries, a.span.start) - 1
    start = boundaries[max(i, 0)]
    label = doc.text[start:a.span.start]
    named = label_year(label) or sentence_year
    key = LEXICON.key_of(label, topic, phase)
    if key is None and heading and label.strip() and LEXICON.names_nothing(label):
        key = LEXICON.key_of(heading + label, topic, phase)
    if key and _CHANGE_AMOUNT.search(_CLAUSE_END.split(label)[-1]):
        key = None                  # "…原因，增加基本支出844.15万元", "…项目支出增加125.62万元": a change
    own_year = named
    if year is not None and "年" in label and _PRIOR_YEAR.search(_CLAUSE_END.split(label)[-1]):
        own_year = year - 1         # "上年预算数为X": last year's figure, the sentence goes on in its year
    if key and own_year is not None and own_year != year:
        key = f"{key}@{own_year}"   # another year's figure: checked with its own year
    # Figure(key, label, amount, source, topic, clause, year), positionally (see document.Span.__init__)
    return Figure(key, label.strip(" ，,；;：:"), a, "narrative", topic, Span(start, a.span.end), own_year), named


_CLAUSE_END = re.compile(r"[，,；;。：:]")
_CHANGE_AMOUNT = re.compile(r"增加|减少|调增|调减|压减|增长|下降")
_PRIOR_YEAR = re.compile(r"上年(?!度?结转|度?结余)|去年|上一年")     # each with 年


def label_year(label: str) -> int | None:
    """The year a label names ("2018年…"), if any."""
    if "年" not in label:
        return None                                     # YEAR needs it
    years = YEAR.findall(label)
    return int(years[-1]) if years else None


def _basis(basis_text: str, year: int | None) -> str:
    """"budget" for a comparison with this year's budget (比年初预算), "last_year" otherwise.

    "比2022年预算" in a 2023 budget is last year's budget: a comparison with last year.
    """
    named = label_year(basis_text)
    earlier = named is not None and year is not None and named < year
    if earlier or any(w in basis_text for w in _LAST_YEAR_WORDS + _ACTUAL_WORDS):
        return "last_year"
    return "budget" if any(w in basis_text for w in _BUDGET_WORDS) else "last_year"


def _changes(masked: _Masked, s_abs: int, year: int | None, out: Narrative) -> set[int]:
    """Record change statements; return ids of amounts used as base or delta."""
    used: set[int] = set()
    text = masked.text
    matches = list(_CHANGE.finditer(text)) if "比" in text or "较" in text or "与" in text else []
    if "预算" in text:                                   # _BUDGET_CHANGE needs it
        matches += _BUDGET_CHANGE.finditer(text)
    for m in matches:
        anchor_text = m.group("anchor")
        basis_text = m.group("basis") or ""
        if anchor_text == "与" and _DIRECTIONS.get(m.group("dir")) != "flat":
            continue
        if anchor_text == "与" and not any(w in basis_text for w in _BUDGET_WORDS + _LAST_YEAR_WORDS) \
                and not YEAR.search(basis_text):
            continue
        base = masked.obj(m, "base")
        delta = masked.obj(m, "delta")
        rate_word = m.group("rdir")
        rate = masked.obj(m, "rate")
        if rate is None and m.groupdict().get("drate"):
            rate, rate_word = masked.obj(m, "drate"), m.group("dir")     # "增加77.70%": the rate alone
        if base is None and delta is None and rate is None and _DIRECTIONS[m.group("dir")] != "flat":
            continue
        basis = _basis(basis_text, year)
        for x in (base, delta):
            if x is not None:
                used.add(id(x))
        anchor_abs = _abs(masked, m.start("anchor"), s_abs)
        end_abs = _abs(masked, m.end() - 1, s_abs) + 1 if m.end() > 0 else anchor_abs
        if rate is not None:
            end_abs = rate.span.end
        elif delta is not None:
            end_abs = delta.span.end
        out.changes.append(_PendingChange(anchor_abs, basis, base, m.group("dir"), delta, rate,
                                          rate_word, Span(anchor_abs, end_abs), basis_text))
    return used


def _abs(masked: _Masked, pos: int, s_abs: int) -> int:
    """Absolute offset of a position in the masked sentence."""
    return s_abs + pos + masked.shifts[bisect.bisect_left(masked.starts, pos)]


@dataclass
class _PendingChange:
    """A change whose current figure is resolved after the sentence's figures."""

    anchor: int
    basis: str
    base: Amount | None
    dir_word: str
    delta: Amount | None
    rate: Percent | None
    rate_word: str | None
    span: Span
    basis_text: str = ""


def _resolve_change_currents(doc: Document, out: Narrative, figs: list[Figure],
                             first: int, s_abs: int) -> None:
    """Attach each pending change of this sentence (``out.changes[first:]``) to the figure before it.

    ``figs`` are the sentence's figures, in text order.
    """
    if first == len(out.changes):
        return                                          # the sentence states no change
    ends = [f.amount.span.end for f in figs]
    for i in range(first, len(out.changes)):
        ch = out.changes[i]
        before = bisect.bisect_right(ends, ch.anchor)
        current = figs[before - 1] if before else None
        if current is not None and not _plain_gap(doc.text[current.amount.span.end:ch.anchor]):
            current = _named_subject(doc.text[current.amount.span.end:ch.anchor], out, ch.anchor)
        if current is None:
            out.changes[i] = _named_years_change(doc, out, ch, s_abs)
            continue
        if ch.base is not None:
            out.figures.append(_base_figure(doc, current, ch))
        elif ch.delta is None and ch.rate is not None:
            ch.base = _base_stated_before(figs, current, ch.basis_text, s_abs)
        out.changes[i] = ChangeStatement(
            current=current, basis=ch.basis, base=ch.base,
            direction=_DIRECTIONS[ch.dir_word], direction_word=ch.dir_word, delta=ch.delta,
            rate=ch.rate, rate_direction=_DIRECTIONS.get(ch.rate_word) if ch.rate_word else None,
            rate_word=ch.rate_word, span=Span(current.amount.span.start, ch.span.end))
    out.changes[first:] = [c for c in out.changes[first:] if c is not None]


_SUBJECT_START = re.compile(r"[，,；;。：:]")


def _base_stated_before(figs, current: Figure, basis_text: str, s_abs: int) -> Amount | None:
    """The base a rate-only change names, stated earlier in its sentence.

    "2022年预算执行数为1.48万元，2023年预算安排2.63万元，比2022年预算执行数增加77.70%":
    the base is the latest earlier figure of the year (or 上年) the basis names,
    in the same phase (执行数/决算 or 预算).
    """
    year = label_year(basis_text)
    actual = any(w in basis_text for w in _ACTUAL_WORDS)
    for f in sorted(figs, key=lambda f: f.amount.span.start, reverse=True):
        if not s_abs <= f.amount.span.start < current.amount.span.start:
            continue
        names_year = f.year == year != current.year if year else any(w in f.label for w in _LAST_YEAR_WORDS)
        if names_year and any(w in f.label for w in _ACTUAL_WORDS) == actual:
            return f.amount
    return None


def _named_years_change(doc: Document, out: Narrative, ch: "_PendingChange", s_abs: int):
    """"2019年支出资金较2018年增加D": both years' values of the subject stated before.

    The subject is the text before "较/比" in its clause; the current value is
    the latest earlier figure of the report year whose name ends with it, the
    base the latest earlier figure with the same name in the year compared with.
    """
    head = doc.text[s_abs:ch.anchor]
    subject = _SUBJECT_START.split(head)[-1]
    subject = YEAR.sub("", subject).strip()
    basis_year = label_year(doc.text[ch.anchor:ch.span.end])
    if len(subject) < 2 or basis_year is None or ch.base is not None:
        return None
    base = out.earlier.latest_ending(subject, ch.anchor, lambda f: f.year == basis_year)
    current = base and out.earlier.latest_named(out.earlier.name(base), ch.anchor, lambda f: f.year != basis_year)
    if base is None or current is None:
        return None
    return ChangeStatement(
        current=current, basis="last_year", base=base.amount, direction=_DIRECTIONS[ch.dir_word],
        direction_word=ch.dir_word, delta=ch.delta, rate=ch.rate,
        rate_direction=_DIRECTIONS.get(ch.rate_word) if ch.rate_word else None, rate_word=ch.rate_word,
        span=Span(s_abs + len(head) - len(_SUBJECT_START.split(head)[-1]), ch.span.end))


def _compared(doc: Document, masked: _Masked, s_abs: int, topic: str | None, year: int | None,
              out: Narrative) -> None:
    """"与上年相比，X增加D，增长R%": X's value is the latest figure named X before."""
    if "相比" not in masked.text:
        return
    for m in _COMPARED.finditer(masked.text):
        delta, rate = masked.obj(m, "delta"), masked.obj(m, "rate")
        subject = m.group("subject").strip()
        key = LEXICON.key_of(subject, topic) if subject else None
        anchor = _abs(masked, m.start(), s_abs)
        same_topic = lambda f: f.topic == topic         # noqa: E731
        if key:
            current = out.earlier.latest_with_key(key, anchor, same_topic)
        elif subject:
            current = out.earlier.latest_about(subject, anchor, same_topic)
        else:
            current = out.earlier.latest(anchor, same_topic)
        if current is None and subject:
            latest = out.earlier.last_ending_by(anchor, topic)
            current = latest if latest is not None and _names_alike(subject, latest.label) else None
        if current is None:
            continue
        basis = _basis(m.group("basis"), year)
        end = rate.span.end if rate else delta.span.end
        out.changes.append(ChangeStatement(
            current=current, basis=basis, base=None, direction=_DIRECTIONS[m.group("dir")],
            direction_word=m.group("dir"), delta=delta, rate=rate,
            rate_direction=_DIRECTIONS.get(m.group("rdir")) if m.group("rdir") else None,
            rate_word=m.group("rdir"), span=Span(anchor, end)))
        _drop_figures_of(delta, s_abs, out)


def _drop_figures_of(amount: Amount, s_abs: int, out: Narrative) -> None:
    """Take the figures of an amount of the sentence at ``s_abs`` out."""
    first = _recorded_since(out, s_abs)
    kept = []
    for f in out.figures[first:]:
        if f.amount is amount:
            out.earlier.forget(f)
        else:
            kept.append(f)
    out.figures[first:] = kept


_NAME_CHARS = re.compile(r"[\u4e00-\u9fa5]")


def _names_alike(subject: str, label: str) -> bool:
    """"财政拨款收、支总计" and "财政拨款收、支总预算": nearly every character of the subject is in the label."""
    chars = _NAME_CHARS.findall(subject.rstrip("各均"))
    return len(chars) >= 4 and sum(ch in label for ch in chars) >= 0.8 * len(chars)


def _base_figure(doc: Document, current: Figure, ch: "_PendingChange") -> Figure:
    """The explicit base of a change ("比年初预算9.25万元") as a figure of its own.

    Its key is the current figure's key in the other phase when the change
    is against the budget (三公 actual → 三公 budget).
    """
    label = doc.text[ch.anchor:ch.base.span.start]
    key = LEXICON.key_of(label, current.topic)
    if current.key and current.key.endswith(".actual") and ch.basis == "budget":
        key = current.key[: -len("actual")] + "budget"
    elif key == current.key:
        key = None           # "较2018年三公经费…" is last year's value, not this year's
    return Figure(key=key, label=label.strip(" ，,；;：:"), amount=ch.base, source="narrative",
                  topic=current.topic, clause=Span(ch.anchor, ch.base.span.end))


def _named_subject(between: str, out: Narrative, anchor: int) -> Figure | None:
    """"总计X，收入比上年增加…": the latest figure of the subject the gap names."""
    key = LEXICON.change_subjects.get(between.strip(" \u3000，,；;"))
    if key is None:
        return None
    return out.earlier.latest_with_key(key, anchor)


def _plain_gap(between: str) -> bool:
    """True when nothing but punctuation separates the figure from "比".

    "总计X，收入比上年增加…" names another subject: the change is not about
    the figure before it.
    """
    return not between.strip(" \u3000，,、（）()")


def _shares(masked: _Masked, figs: dict[int, Figure], s_abs: int, phase: str, out: Narrative) -> None:
    if "占" not in masked.text:                         # both patterns need it
        return
    for rx in (_SHARE, _SHARE_BARE):
        for m in rx.finditer(masked.text):
            part_amount = masked.obj(m, "part")
            pct = masked.obj(m, "pct")
            part = figs.get(id(part_amount))
            if part is None or pct is None:
                continue
            whole = m.groupdict().get("whole") or ""
            whole_key = LEXICON.whole_of(whole) if whole else None
            if whole_key and "{phase}" in whole_key:      # the whole is in the part's phase
                part_phase = part.key.rsplit(".", 1)[-1] if part.key else phase
                whole_key = whole_key.replace("{phase}", part_phase if part_phase in ("actual", "budget") else phase)
            out.shares.append(ShareStatement(part=part, percent=pct, whole_label=whole.strip(), whole_key=whole_key,
                                             span=Span(part.amount.span.start, pct.span.end)))


def _completions(doc, masked: _Masked, figs: list[Figure], s_abs: int, e_abs: int, out: Narrative) -> None:
    """"…预算X，决算Y，完成预算的Z%": each rate takes the figures stated since the rate
    before it ("因公出国（境）费预算0，决算0，完成预算的0%；公务接待费预算6.50，决算4.08，完成
    预算的62.77%"), or all those before it when none stand in between."""
    if "预算" not in masked.text:                       # the pattern needs it
        return
    since = s_abs
    for m in _COMPLETION.finditer(masked.text):
        pct = masked.obj(m, "pct")
        before = [f for f in figs if f.amount.span.end <= pct.span.start]
        own = [f for f in before if f.amount.span.start >= since]
        since = pct.span.end
        if any("预算" in f.name for f in own) and any("预算" not in f.name for f in own):
            before = own
        budgets = [f for f in before if "预算" in f.name]
        which = m.group("which")
        budget = next((f for f in budgets if which and which in f.name), budgets[0] if budgets else None)
        actual = next((f for f in reversed(before) if "预算" not in f.name), None)
        if budget and actual:
            out.completions.append(CompletionStatement(
                actual=actual, budget=budget.amount, percent=pct, budget_name=budget.name,
                alternatives=tuple(f.amount for f in budgets if f is not budget),
                span=Span(budget.amount.span.start, pct.span.end)))


def _parallel(label: str) -> bool:
    """A list item's label is a short name ("；项目支出"), not a new clause."""
    inner = label.strip(" ，,；;：:、")
    return not any(ch in inner for ch in "，,（(") and len(inner) <= 30


def _stated_phase(f: Figure) -> str | None:
    """"budget" or "actual" when the figure's name says which column it is in, else None."""
    return next((phase for phase, rx in _PHASE_WORDS if rx.search(f.name)), None)


def _total_of(candidates: list[Figure], parts: list[Figure]) -> Figure | None:
    """The figure the parts are listed under: the first candidate in their column.

    Parts that name their column (预算/决算) take the first candidate naming the same
    one, else the first naming none; unnamed parts take the first unnamed candidate,
    or the 决算 one when every candidate names its column ("年初预算为X，决算为Y，其中：
    A…" lists the parts of Y: an amount that names no column is the 决算).
    """
    stated = [_stated_phase(f) for f in candidates]
    if not candidates:
        return None
    want = next((p for p in map(_stated_phase, parts) if p), None)
    if want is None and len(set(stated)) == 1:
        return candidates[0]
    for phase in ((want, None) if want else (None, "actual")):
        found = next((f for f, p in zip(candidates, stated) if p == phase), None)
        if found is not None:
            return found
    return None


def _enumeration(sentence: str, s_abs: int, figs: list[Figure], prev: list[Figure], out: Narrative) -> None:
    """"T…，其中：A…" in one sentence, or "T。其中A…" across two; the total and its
    parts in one column (a 年初预算 total does not take the 决算 parts)."""
    m = _SUBSET.search(sentence)
    if not m or m.group(0) == "其中" and sentence[m.end():m.end() + 1] in "的":
        return
    at = s_abs + m.start()
    before = [f for f in figs if f.amount.span.end <= at]
    second = _SUBSET.search(sentence, m.end())
    stop = s_abs + second.start() if second else s_abs + len(sentence)
    parts = []
    for f in figs:
        if at <= f.amount.span.start < stop:
            if parts and not _parallel(f.label):
                break            # a new clause, not one more item of the list
            parts.append(f)
    if len(parts) < 2:
        return
    if not before and not sentence[:m.start()].strip(" \u3000"):
        before = prev[::-1]      # "T。其中A…": the nearest figure of the sentence before first
    columns: dict[str | None, list[Figure]] = {}
    for f in parts:
        columns.setdefault(_stated_phase(f), []).append(f)
    for group in columns.values():
        total = _total_of(before, group)
        if total is not None and len(group) >= 2:
            out.enumerations.append(Enumeration(total=total, parts=tuple(group),
                                                span=Span(total.amount.span.start, group[-1].amount.span.end)))
