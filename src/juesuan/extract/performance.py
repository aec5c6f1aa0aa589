"""The performance-evaluation parts (绩效评价) of a disclosure → :class:`Performance`.

Reads, within the performance part of the document (from the first heading
that names 绩效评价/自评/跟踪…, or the whole document when none does):

* scores and grades ("综合得分91.29分，评价等次为“优”"), and the grade-band
  tables a document states ("90（含）-100分为优、80（含）-90分为良…");
* 预算执行率 claims with the budget and spending they are computed from;
* counts: labelled counts ("评价项目71个"), breakdowns ("109个，其中：…43个…"),
  score distributions ("90分以上的60个…"), count shares ("15个…占…20.83%");
* coverage ratios (跟踪金额 ÷ 项目支出总金额) and tracking summaries;
* points schemes stated in prose ("年度总目标(100分)…（1）产出指标（60分）");
* the tables: 项目支出绩效自评表 (funds block and indicator tree), indicator and
  target tables (权重), tracking tables (年初/追加/追减/调整后/实际/执行率) and
  tracking lists (项目金额, 合计, 跟踪金额, 比例).

Every phrase, column header and grade word comes from ``data/performance.yaml``.
The module never judges: the checks in :mod:`juesuan.checks.performance` do.

The regexes built from the phrase data are compiled once (the ``lru_cache``
builders below), and each line is tested for a word or sign a regex cannot
match without (``占``, ``%``, a phrase of the data) before the regex runs.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter

from ..document import Cell, Document, Span, Table
from ..memo import content_cache
from ..model import MONEY_UNIT, Amount, LineItem, Percent, Report
from ..performance_model import (BandTable, BelowThresholdClaim, CountBreakdown, CountShare, CoverageRatio,
                                 DerivedRateClaim,
                                 FundsRow, GradeBand, Indicator, IndicatorTable, LabelledCount, Performance,
                                 PointsScheme, Quantity, RateClaim, SchemeItem, ScoreStatement,
                                 SelfEvaluationForm, TrackedCount, TrackingList, TrackingListItem, TrackingRow,
                                 TrackingSummary, TrackingTable)
from ..data import load_yaml
from .lexicon import LEXICON
from .numbers import numbers_between, parse_cell_number, to_decimal
from .text import sentence_spans


# ---- the phrase data ----------------------------------------------------------

@lru_cache(maxsize=1)
def phrases() -> dict:
    return load_yaml("performance.yaml")


def _alt(words) -> str:
    """A regex alternation of literal words, longest first ("" allowed)."""
    return _alternation(tuple(words))


@lru_cache(maxsize=256)
def _alternation(words: tuple[str, ...]) -> str:
    ws = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w) for w in ws if w)


@lru_cache(maxsize=1)
def _grade_words() -> tuple[str, ...]:
    return tuple(sorted({w for rank in phrases()["grade_ranks"] for w in rank}, key=len, reverse=True))


def grade_rank(word: str) -> int | None:
    """0 for 优/优秀, 1 for 良/良好 … (None for an unknown word)."""
    for i, rank in enumerate(phrases()["grade_ranks"]):
        if word in rank:
            return i
    return None


def default_bands() -> BandTable:
    """财预〔2020〕10号: ≥90 优, ≥80 良, ≥60 中, else 差 (lower bounds included)."""
    return BandTable(tuple(GradeBand(b["grade"], Decimal(str(b["min"]))) for b in phrases()["default_bands"]))


def norm(text: str) -> str:
    """Text with all whitespace removed (for comparing headers)."""
    return "".join(text.split())


@lru_cache(maxsize=64)
def _any_of(words: tuple[str, ...]) -> re.Pattern:
    """A regex finding any of the words: the cheap test of a line before a costlier regex needing one."""
    return re.compile(_alt(words))


def _has_percent(text: str) -> bool:
    """True when the text holds a percent sign (the cheap test before a regex ending in one)."""
    return "%" in text or "％" in text


# ---- small scanners -------------------------------------------------------------

# Starting with a digit (the lookbehind after it) lets re skip to the digits in C.
_FW_GROUPED = re.compile(r"(\d(?<![\d.,，]\d)\d{0,2}(?:，\d{3})+(?:\.\d+)?)\s?(" + MONEY_UNIT + r")")
_LEADING_ZERO = re.compile(r"0\d")
_LEADING_NUMBER = re.compile(r"\s*+(-?[\d,]++(?:\.\d++)?)(?=\s|$)")
_COUNT = re.compile(r"(\d(?<![\d.]\d)\d{0,8})\s*个")   # more digits are no count
_CLAUSE_STOP = "，,。；;：:！？!?\n"
_SENTENCE_END = "。！？!?；;"


def amounts_in(doc: Document, start: int, end: int) -> list[Amount]:
    """Money amounts of ``doc.text[start:end]``.

    "12，056.38万元" (a full-width comma as digit grouping, the group starting
    with 0) is read as one amount; any other amount whose integer part has a
    leading zero is a fragment and is dropped.
    """
    text = doc.text[start:end]
    found = numbers_between(doc, start, end)[0]
    grouped = _FW_GROUPED.finditer(text) if "，" in text else ()
    for m in grouped:
        groups = m.group(1).split("，")
        if not groups[1].startswith("0"):
            continue
        parsed = to_decimal(m.group(1).replace("，", ""))
        if parsed is None:
            continue
        span = Span(start + m.start(), start + m.end())
        found = [a for a in found if a.span.end <= span.start or a.span.start >= span.end]
        found.append(Amount(value=parsed[0], unit=m.group(2), decimals=parsed[1], span=span, text=m.group(0)))
    found = [a for a in found if not _LEADING_ZERO.match(a.text)]
    return sorted(found, key=lambda a: a.span.start)


def percents_in(doc: Document, start: int, end: int) -> list[Percent]:
    return numbers_between(doc, start, end)[1]


def quantity(text: str, span: Span, unit: str | None = None) -> Quantity | None:
    """A cell's or a phrase's bare number ("4", "10%", "93") as a Quantity."""
    t = norm(text)
    u = unit
    if t.endswith(("%", "％")):
        t, u = t[:-1], "%"
    elif t.endswith("分"):
        t, u = t[:-1], u or "分"
    parsed = parse_cell_number(t)
    if parsed is None:
        return None
    return Quantity(value=parsed[0], decimals=parsed[1], span=span, text=text.strip(), unit=u)


def cell_raw(doc: Document, cell: Cell) -> str:
    return doc.text[cell.span.start:cell.span.end]


def cell_amount(doc: Document, cell: Cell, unit: str) -> Amount | None:
    parsed = parse_cell_number(cell.text)
    if parsed is None:
        return None
    return Amount(value=parsed[0], unit=unit, decimals=parsed[1], span=cell.span, text=cell.text)


def _leading_amount(cell: Cell, unit: str) -> Amount | None:
    """The number a cell starts with ("53,421,615.16 见附件明细": a note ran into the cell)."""
    m = _LEADING_NUMBER.match(cell.text)
    parsed = parse_cell_number(m.group(1)) if m else None
    if parsed is None:
        return None
    return Amount(value=parsed[0], unit=unit, decimals=parsed[1],
                  span=Span(cell.span.start, cell.span.start + len(m.group(1))), text=m.group(1))


def cell_percent(doc: Document, cell: Cell) -> Percent | None:
    t = norm(cell.text)
    if not t.endswith(("%", "％")):
        return None
    parsed = parse_cell_number(t[:-1])
    if parsed is None:
        return None
    return Percent(value=parsed[0], decimals=parsed[1], span=cell.span, text=cell.text)


@content_cache(4096)
def sentences(line: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence of a line (。！？；), ends included (computed once per line)."""
    return tuple(sentence_spans(line, _SENTENCE_END))


@content_cache(1024)
def _sentence_starts(line: str, full: bool = False) -> list[int]:
    """Where each sentence of a line starts (each full sentence's when ``full``), for bisect."""
    return [s for s, _ in (_full_sentences(line) if full else sentences(line))]


def sentence_at(line: str, pos: int) -> tuple[int, int]:
    """The sentence of a line that holds ``pos`` (the whole line when none does)."""
    i = bisect.bisect_right(_sentence_starts(line), pos) - 1
    return sentences(line)[i] if i >= 0 and pos < sentences(line)[i][1] else (0, len(line))


def clause_label(line: str, pos: int, floor: int = 0) -> str:
    """The clause before ``pos`` in ``line``: back to punctuation or a number."""
    i = pos
    while i > floor and line[i - 1] not in _CLAUSE_STOP:
        i -= 1
    return line[i:pos].strip(" \u3000\t（(")


def nearest_phrase(label: str, words) -> tuple[int, int, str] | None:
    """(end position, length, word) of the word ending nearest the label's end."""
    best = None
    for w in words:
        pos = label.rfind(w)
        if pos < 0:
            continue
        rank = (pos + len(w), len(w), w)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return best


@content_cache(1024)
def classify_amount(label: str) -> tuple[str | None, str | None]:
    """("spent" | "budget" | None, qualifier) of an amount's label (computed once per label)."""
    ph = phrases()
    spent = nearest_phrase(label, ph["spent_phrases"])
    budget = nearest_phrase(label, ph["budget_phrases"])
    neither = nearest_phrase(label, ph["neither_phrases"])
    ranked = [(r[:2], kind) for r, kind in ((spent, "spent"), (budget, "budget"), (neither, None)) if r]
    if not ranked:
        return None, None
    kind = max(ranked)[1]
    if kind != "budget":
        return kind, None
    for qual in ("adjusted", "added", "cut", "initial"):
        if any(w in label for w in ph["budget_qualifiers"][qual]):
            return kind, qual
    return kind, "budget"


# ---- the region ------------------------------------------------------------------

Lines = list[tuple[int, str]]      # (offset, line) of prose lines, as region_lines gives them

def performance_region(report: Report) -> Span:
    """From the first heading naming a performance part to the next 第N部分 that does not."""
    doc = report.document
    names_part = _any_of(tuple(phrases()["region_keywords"])).search
    start = next((s.span.start for s in report.sections if names_part(s.title)), None)
    if start is None:
        return Span(0, len(doc.text))
    end = len(doc.text)
    for s in report.sections:
        if s.style == "part" and s.span.start > start and not names_part(s.title):
            end = s.span.start
            break
    return Span(start, end)


def region_lines(doc: Document, region: Span) -> Lines:
    """(offset, line) of the prose lines that start inside the region."""
    prose = doc.prose_lines()
    first = bisect.bisect_left(prose, region.start, key=itemgetter(0))
    last = bisect.bisect_left(prose, region.end, key=itemgetter(0))
    return prose[first:last]


# ---- scores, grades, bands ---------------------------------------------------------

# Linear time: a bound starts only where a run of digits starts (a later start would
# fail the same way), and every run is possessive (each part starts with a character
# the run before it cannot take).
_BOUND = r"(?<!\d)(\d++(?:\.\d++)?)"
_RANGE_TO = r"\s*+[-－—~～至到]\s*+"
_INCL = r"(?:[（(]含(?:\d++(?:\.\d++)?分?)?[）)])"
_RANGE = re.compile(rf"{_BOUND}\s*+分?+\s*+{_INCL}?+{_RANGE_TO}(\d++(?:\.\d++)?)\s*+分?+\s*+({_INCL})?")
_RANGE_ABOVE = re.compile(rf"{_BOUND}\s*+分?+\s*+({_INCL})?+\s*+(?:及|或)?+\s*+以上")
_RANGE_BELOW = re.compile(rf"{_BOUND}\s*+分?+\s*+(?:（不含）)?+\s*+以下")
_BAND_SEPARATOR = re.compile(r"[、；;，,]")


def parse_range(segment: str):
    """(lo, hi, lo_inclusive, match end) of a score range in a segment, or None.

    "90（含）-100分", "80-90分（含80分）", "90分（含90分）以上", "60分以下", "90分以上".
    """
    m = _RANGE.search(segment)
    if m:
        return Decimal(m.group(1)), Decimal(m.group(2)), True, m.end()
    m = _RANGE_ABOVE.search(segment)
    if m:
        return Decimal(m.group(1)), None, "不含" not in segment, m.end()
    m = _RANGE_BELOW.search(segment)
    if m:
        return Decimal(0), Decimal(m.group(1)), True, m.end()
    return None


@lru_cache(maxsize=1)
def _grade_word_rx() -> re.Pattern:
    """Any grade word (优, 良好 …)."""
    return re.compile(_alt(_grade_words()))


def _band_tables(lines: Lines) -> list[BandTable]:
    """Lines stating three or more grade bands ("90（含）-100分为优、80（含）-90分为良…")."""
    grade_rx = _grade_word_rx()
    out = []
    for offset, line in lines:
        if len(set(grade_rx.findall(line))) < 3:
            continue     # a segment's grade is a grade word of the line (none spans a separator): no three distinct
        graded = [(g, seg) for seg in _BAND_SEPARATOR.split(line) for g in [grade_rx.search(seg)] if g]
        if len(graded) < 3:
            continue
        bands = [GradeBand(g.group(0), r[0], r[1], r[2]) for g, seg in graded for r in [parse_range(seg)] if r]
        if len(bands) >= 3 and len({b.grade for b in bands}) == len(bands):
            out.append(BandTable(tuple(bands), Span(offset, offset + len(line)), line.strip()))
    return out


def _scope(report: Report, line: str, end: int, offset: int, by_section: dict) -> str:
    """"project" or "overall": what ``line[:end]`` names, else the sections around ``offset``.

    ``by_section`` keeps the answer of each innermost section (its ancestors are the same).
    """
    if _first_word_end(line, "project_words") <= end:
        return "project"
    if _first_word_end(line, "overall_words") <= end:
        return "overall"
    section = report.section_at(offset)
    if section is None:
        return "overall"
    if id(section) not in by_section:
        by_section[id(section)] = _sections_scope(report, section.body.start)
    return by_section[id(section)]


def _sections_scope(report: Report, offset: int) -> str:
    ancestors = sorted((s for s in report.sections if s.body.start <= offset < s.body.end),
                       key=lambda s: s.body.start, reverse=True)
    for s in ancestors:
        if "整体" in s.title:
            return "overall"
        if "项目" in s.title:
            return "project"
    return "overall"


@content_cache(1024)
def _first_word_end(line: str, words: str) -> int:
    """Where the first whole word of ``phrases()[words]`` in the line ends (past the end if none)."""
    return min((i + len(w) for w in phrases()[words] for i in [line.find(w)] if i != -1), default=len(line) + 1)


@lru_cache(maxsize=1)
def _score_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """"综合得分91.29分", "评价等次为“优”", and a line holding only a grade word."""
    ph = phrases()
    grades = _alt(_grade_words())
    score_rx = re.compile(rf"(?:{_alt(ph['score_phrases'])})\s*+(?:(?:{_alt(ph['score_connectors'])})\s*+)?"
                          r"(?P<num>\d++(?:\.\d++)?)\s*+分(?!\s*+(?:以上|以下|[（(]含|[-－—~～至到]))")
    grade_rx = re.compile(rf"(?:{_alt(ph['grade_phrases'])})\s*+(?:(?:{_alt(ph['grade_connectors'])})\s*+)?"
                          rf"(?:[“\"「『]\s*+)?(?P<g>{grades})(?![\u4e00-\u9fa5])"
                          r"(?![”\"」』]?+\s*+(?:的|类)\s*+(?:项目|单位|部门))")   # "评级为“优”的项目1个": a count
    only_grade = re.compile(rf"^[\s“\"「『]*+(?P<g>{grades})[\s”\"」』。.]*+$")
    return score_rx, grade_rx, only_grade


def _scores(report: Report, lines: Lines, band_lines: set[int]) -> list[ScoreStatement]:
    ph = phrases()
    score_rx, grade_rx, only_grade = _score_patterns()
    found_scores: list[tuple[int, Quantity, int]] = []   # (line index, quantity, offset)
    found_grades: list[tuple[int, str, Span]] = []
    for idx, (offset, line) in enumerate(lines):
        if offset in band_lines:
            continue
        scores = score_rx.finditer(line) if "分" in line else ()     # a score ends in 分
        for m in scores:
            q = Quantity(Decimal(m.group("num")), _decimals(m.group("num")),
                         Span(offset + m.start("num"), offset + m.end()), m.group("num") + "分", "分")
            found_scores.append((idx, q, offset + m.start()))
        for m in grade_rx.finditer(line):
            found_grades.append((idx, m.group("g"), Span(offset + m.start("g"), offset + m.end("g"))))
        g = only_grade.match(line)
        if g and idx > 0 and any(w in lines[idx - 1][1] for w in ph["grade_headings"]):
            found_grades.append((idx, g.group("g"), Span(offset + g.start("g"), offset + g.end("g"))))
    out: list[ScoreStatement] = []
    paired: set[int] = set()
    # where the headings start, read only when a grade may pair with a score of a line before it
    headings = {s.span.start for s in report.sections} if found_grades and found_scores else frozenset()
    by_section: dict = {}
    score_lines = [li for li, _, _ in found_scores]          # both in text order
    score_ats = [at for _, _, at in found_scores]
    for gi, grade, gspan in found_grades:
        best = None
        g_off, g_line = lines[gi]
        g_scope = _scope(report, g_line, gspan.start - g_off, gspan.start, by_section)
        # the latest unpaired score before the grade, in its line or the three before
        lo = bisect.bisect_left(score_lines, gi - 3)
        for si in range(bisect.bisect_right(score_ats, gspan.start, lo) - 1, lo - 1, -1):
            li, q, at = found_scores[si]
            if si in paired or li > gi:
                continue
            near = li == gi or not any(lines[k][0] in headings for k in range(li + 1, gi + 1))
            s_off, s_line = lines[li]
            if near and (li == gi or _scope(report, s_line, at - s_off + 8, at, by_section) == g_scope):
                best = si
                break
        if best is not None:
            paired.add(best)
            li, q, at = found_scores[best]
            line_off, line = lines[li]
            scope = _scope(report, line, at - line_off + 8, at, by_section)
            out.append(ScoreStatement(scope, q, grade, gspan, Span(at, gspan.end)))
        else:
            line_off, line = lines[gi]
            out.append(ScoreStatement(_scope(report, line, gspan.start - line_off, gspan.start, by_section), None,
                                      grade, gspan, gspan))
    for si, (li, q, at) in enumerate(found_scores):
        if si not in paired:
            line_off, line = lines[li]
            out.append(ScoreStatement(_scope(report, line, at - line_off + 8, at, by_section), q, None, None,
                                      Span(at, q.span.end)))
    out.sort(key=lambda s: s.span.start)
    return out


def _decimals(num: str) -> int:
    return len(num.split(".", 1)[1]) if "." in num else 0


# ---- execution-rate claims -------------------------------------------------------------

def _not_threshold() -> str:
    """A lookahead refusing a percent that is a threshold ("达到95%以上")."""
    return rf"(?!\s*+(?:{_alt(phrases()['threshold_words'])}))"


@lru_cache(maxsize=1)
def _rate_patterns() -> tuple[re.Pattern, re.Pattern]:
    """"预算执行率为98%" and "部门整体支出金额占全年预算支出金额比例为100%"."""
    ph = phrases()
    rx = re.compile(rf"(?P<phrase>{_alt(ph['rate_phrases'])})\s*+(?:(?:{_alt(ph['rate_connectors'])})\s*+)?"
                    rf"(?P<num>\d++(?:\.\d++)?)\s*+[%％]{_not_threshold()}")
    share = re.compile(rf"(?P<part>[^，,。；;：:]{{0,20}}(?:{_alt(ph['rate_share_parts'])})[^，,。；;：:占]{{0,8}})占"
                       rf"(?P<whole>[^，,。；;：:]{{0,20}}?(?:{_alt(ph['rate_share_wholes'])})[^，,。；;：:]{{0,12}}?)"
                       rf"(?:{_alt(ph['rate_share_words'])})\s*+(?:(?:为|是)\s*+)?(?P<num>\d++(?:\.\d++)?)\s*+[%％]"
                       + _not_threshold())
    return rx, share


def _rate_claim_matches(line: str) -> list[tuple[int, int, str, int]]:
    """(start, end, phrase, percent position) of each rate claim in a line, in order."""
    rx, share = _rate_patterns()
    found = [(m.start(), m.end(), m.group("phrase"), m.start("num")) for m in rx.finditer(line)]
    if "占" in line:
        found += [(m.start("part"), m.end(), "占" + m.group("whole") + "比例", m.start("num"))
                  for m in share.finditer(line)]
    return sorted(found)


@content_cache(1024)
def _full_sentences(line: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence ended by 。！？ (a "；" does not end a 其中 list)."""
    return tuple(sentence_spans(line, "。！？!?"))


def _candidates(doc: Document, line: str, base: int, lo: int, hi: int):
    """Budget and spent candidates among the amounts of line[lo:hi] (parts after 其中 excluded)."""
    out = []
    full, full_starts, starts = _full_sentences(line), _sentence_starts(line, True), _sentence_starts(line)
    qizhongs = _qizhong_at(line)
    for a in amounts_in(doc, base + lo, base + hi):
        rel = a.span.start - base
        s, e = full[bisect.bisect_right(full_starts, rel) - 1]          # the full sentences cover the line
        q = bisect.bisect_left(qizhongs, s)
        if q < len(qizhongs) and qizhongs[q] + 2 <= e and rel > qizhongs[q]:
            continue
        floor = max(s, lo, starts[bisect.bisect_right(starts, rel) - 1])
        kind, qual = classify_amount(clause_label(line, rel, floor))
        if kind:
            out.append((kind, qual, a))
    return out


@content_cache(1024)
def _qizhong_at(line: str) -> list[int]:
    """Where each "其中" of a line starts."""
    return [m.start() for m in re.finditer("其中", line)]


def _pick(cands) -> tuple[Amount | None, str | None, Amount | None]:
    """The budget (adjusted before full-year before initial) and the spending.

    Two different values in the class that would be used make the figures
    ambiguous (two projects in one sentence): then none is taken.
    """
    budget, kind = None, None
    for qual in ("adjusted", "budget", "initial"):
        hits = [a for k, q, a in cands if k == "budget" and q == qual]
        if hits:
            if len({a.yuan for a in hits}) == 1:
                budget, kind = hits[0], qual
            break
    spents = [a for k, q, a in cands if k == "spent"]
    spent = spents[0] if spents and len({a.yuan for a in spents}) == 1 else None
    return budget, kind, spent


def _rate_claims(report: Report, lines: Lines) -> list[RateClaim]:
    doc = report.document
    ph = phrases()
    out: list[RateClaim] = []
    for idx, (offset, line) in enumerate(lines):
        if not _has_percent(line):
            continue
        prev_end = 0
        for n, (start, end, phrase, num_at) in enumerate(_rate_claim_matches(line)):
            if start < prev_end:
                continue
            pct = next((p for p in percents_in(doc, offset + num_at, offset + end)), None)
            if pct is None:
                continue
            sent = sentence_at(line, start)
            subject = clause_label(line, start, sent[0])
            if phrase.startswith("占"):
                subject = line[start:start + 20].split("占")[0]
            cands = _candidates(doc, line, offset, prev_end, start)
            budget, kind, spent = _pick(cands)
            source = "own" if budget is not None and spent is not None else None
            section = report.section_at(offset)
            # the 预算执行情况 section itself (not a subsection that inherits its topic)
            execution_section = section is not None and _title_topic(section.title) == "budget_execution"
            about = (any(w in subject for w in ph["department_subjects"]) and "项目" not in subject) or \
                    (execution_section and n == 0 and "项目" not in subject
                     and not amounts_in(doc, offset + sent[0], offset + start))
            other_year = _names_other_year(line[sent[0]:start], report.meta.year)
            if other_year:
                about = False
            if source is None and about and execution_section:
                budget, kind, spent = _fill_from_section(report, lines, idx, budget, kind, spent)
                if budget is not None and spent is not None:
                    source = "section"
            elif source is None and budget is None and spent is None and n == 0 and not other_year \
                    and _refers_back(subject) and not line.lstrip().startswith("其中"):
                prev = _previous_figures(report, lines, idx)
                if prev is not None:
                    budget, kind, spent = prev
                    source = "previous"
            if source is None:
                budget = spent = kind = None
            out.append(RateClaim(percent=pct, phrase=phrase, subject=subject, budget=budget, budget_kind=kind,
                                 spent=spent, source=source, span=Span(offset + start, offset + end),
                                 sentence=Span(offset + sent[0], offset + sent[1]), about_department=about))
            prev_end = end
    return out


_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


@lru_cache(maxsize=256)
def _title_topic(title: str) -> str | None:
    """The topic a section title names itself (not one inherited from a parent section)."""
    return LEXICON.topic_of(title)


def _names_other_year(text: str, year: int | None) -> bool:
    """True when the text names a year other than the report's ("2022年部门预算执行率…")."""
    years = {int(y) for y in _YEAR.findall(text)}
    return bool(year and years and year not in years)


def _refers_back(subject: str) -> bool:
    """An empty subject, or one that points back ("该项目的", "其")."""
    core = subject.strip(" 的，,")
    return not core or any(w in core for w in phrases()["backreference_words"])


def _fill_from_section(report: Report, lines, idx: int, budget, kind, spent):
    """Missing overall figures: 全年预算数/资金总体支出 of the lexicon, else earlier lines."""
    if budget is None:
        fig = report.first("performance.budget")
        if fig is not None:
            budget, kind = fig.amount, "budget"
    if spent is None:
        fig = report.first("performance.spent")
        if fig is not None:
            spent = fig.amount
    if budget is not None and spent is not None:
        return budget, kind, spent
    offset = lines[idx][0]
    outer = [s for s in report.sections if s.topic == "budget_execution" and s.body.start <= offset < s.body.end]
    if not outer:
        return budget, kind, spent
    scope = min(outer, key=lambda s: s.body.start)
    for j in range(idx - 1, -1, -1):
        off, line = lines[j]
        if off < scope.body.start:
            break
        b, k, s = _pick(_candidates(report.document, line, off, 0, len(line)))
        if budget is None and b is not None:
            budget, kind = b, k
        if spent is None and s is not None:
            spent = s
        if budget is not None and spent is not None:
            break
    return budget, kind, spent


def _previous_figures(report: Report, lines, idx: int):
    """Budget and spending of the nearest earlier paragraph of the same section that states both."""
    offset = lines[idx][0]
    section = report.section_at(offset)
    if section is None:
        return None
    for j in range(idx - 1, max(idx - 4, -1), -1):
        off, line = lines[j]
        if off < section.body.start:
            break
        b, k, s = _pick(_candidates(report.document, line, off, 0, len(line)))
        if b is not None and s is not None:
            return b, k, s
    return None


@lru_cache(maxsize=1)
def _derived_patterns() -> tuple[re.Pattern, tuple[tuple[str, re.Pattern], ...]]:
    """A finder of any derived-rate phrase, and (kind, regex) of each derived rate:
    "预决算差异率为0", "资金结转结余率为0"."""
    ph = phrases()
    kinds = (("difference", ph["difference_rate_phrases"]), ("carryover", ph["carryover_rate_phrases"]))
    return _any_of(tuple(w for _, words in kinds for w in words)), tuple(
        (kind, re.compile(rf"(?P<phrase>{_alt(words)})\s*+(?:(?:为|是|：|:)\s*+)?(?P<num>-?\d++(?:\.\d++)?)"
                          rf"(?:\s*+(?P<pct>[%％]){_NOT_AFTER}|\s*+{_NOT_AFTER}|(?:\s(?=\s))*+{_NOT_AFTER})"))
        for kind, words in kinds)


# What may not follow a rate's number: more digits, or a unit (it is an amount or a count).  The
# number is followed by its percent sign, else its blanks, else all its blanks but the last (where
# the backtracking of "\s*(?P<pct>[%％])?(?!…)" would stop), each run scanned once.
_NOT_AFTER = r"(?![\d.]|\s*+(?:" + MONEY_UNIT + r"|个))"


def _derived_claims(report: Report, lines: Lines) -> list[DerivedRateClaim]:
    """"预决算差异率为0", "资金结转结余率为0": rates derived from two amounts of their sentence."""
    doc = report.document
    ph = phrases()
    out = []
    finder, kinds = _derived_patterns()
    for offset, line in lines:
        if not finder.search(line):
            continue
        for s, e in sentences(line):
            for kind, rx in kinds:
                m = rx.search(line, s, e)
                if m is None:
                    continue
                num = budget = None
                for a in amounts_in(doc, offset + s, offset + m.start()):
                    label = clause_label(line, a.span.start - offset, s)
                    if kind == "difference" and num is None and any(w in label for w in ph["actual_phrases"]) \
                            and "预算" not in label.replace("预决算", ""):
                        num = a
                    elif kind == "carryover" and num is None and any(w in label for w in ph["carryover_phrases"]):
                        num = a
                    elif budget is None and classify_amount(label) == ("budget", "budget"):
                        budget = a
                if num is None or budget is None:
                    continue
                value = Decimal(m.group("num"))
                dec = _decimals(m.group("num"))
                span = Span(offset + m.start("num"), offset + m.end())
                pct = Percent(value=value, decimals=dec if m.group("pct") or value != 0 else 0, span=span,
                              text=m.group("num") + (m.group("pct") or ""))
                out.append(DerivedRateClaim(kind, pct, num, budget, m.group("phrase"), Span(offset + m.start(), offset + m.end())))
    return out


# ---- counts ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _count_rx() -> re.Pattern:
    """"71个": a number and a count unit."""
    return re.compile(rf"(?<![\d.])(\d{{1,9}})\s*(?:{_alt(phrases()['count_units'])})")


def _counts(doc: Document, lines: Lines) -> list[LabelledCount]:
    """Every "N个" with its label and the amount after it in its sentence, if any."""
    out = []
    has_unit = _any_of(tuple(phrases()["count_units"])).search
    for offset, line in lines:
        matches = list(_count_rx().finditer(line)) if has_unit(line) else []
        if not matches:
            continue
        amts = amounts_in(doc, offset, offset + len(line))
        starts = [a.span.start for a in amts]           # in text order
        for m in matches:
            label = clause_label(line, m.start())
            q = Quantity(Decimal(m.group(1)), 0, Span(offset + m.start(), offset + m.end()), m.group(0), "个")
            sent_end = sentence_at(line, m.start())[1]
            i = bisect.bisect_left(starts, offset + m.end())
            nxt = amts[i] if i < len(amts) and starts[i] < offset + sent_end else None
            if nxt is not None and _COUNT.search(line, m.end(), nxt.span.start - offset):
                nxt = None
            out.append(LabelledCount(label=label, count=q, clause=Span(offset + m.start() - len(label), offset + m.end()),
                                     amount=nxt))
    return out


def _counts_by_line(lines: Lines, counts: list[LabelledCount]):
    """(offset, line, the counts in it) of each line holding a count, in line order."""
    starts = [offset for offset, _ in lines]
    by_line: dict[int, list[LabelledCount]] = {}
    for c in counts:
        k = bisect.bisect_right(starts, c.count.span.start) - 1
        if k >= 0 and c.count.span.start < starts[k] + len(lines[k][1]):
            by_line.setdefault(k, []).append(c)
    for k in sorted(by_line):
        yield lines[k][0], lines[k][1], by_line[k]


def _breakdowns(lines: Lines, counts: list[LabelledCount]) -> list[CountBreakdown]:
    ph = phrases()
    out = []
    for offset, line, in_line in _counts_by_line(lines, counts):
        # 1. "N个，其中：A a个，B b个"
        starts = [c.count.span.start - offset for c in in_line]        # in text order
        for s, e in sentences(line):
            q = line.find("其中", s, e)
            if q == -1:
                continue
            at_q = bisect.bisect_left(starts, q)
            before = in_line[bisect.bisect_left(starts, s):at_q]
            parts = in_line[at_q:bisect.bisect_left(starts, e)]
            if before and len(parts) >= 2:
                total = before[-1]
                complete = any(w in c.label for c in parts for w in ph["complete_part_words"])
                if not complete:
                    continue         # categories of a 其中 list may overlap: only a whole decomposition is checked
                out.append(CountBreakdown(total.count, total.label, tuple((c.label, c.count) for c in parts),
                                          complete, "list", Span(total.clause.start, parts[-1].count.span.end)))
        # 2. score distributions: "90分（含90分）以上的60个，80-90分…5个…"
        bands = []
        for c in in_line:
            r = parse_range(c.label) if "分" in c.label else None
            if r is not None:
                bands.append((c, r))
        if len(bands) >= 2:
            first = bands[0][0]
            totals = [c for c in in_line if c.count.span.start < first.count.span.start and "项目" in c.label
                      and parse_range(c.label) is None]
            if totals:
                total = totals[-1]
                complete = _covers_all([r for _, r in bands])
                out.append(CountBreakdown(total.count, total.label, tuple((c.label, c.count) for c, _ in bands),
                                          complete, "distribution",
                                          Span(total.clause.start, bands[-1][0].count.span.end)))
    return out


def _covers_all(ranges) -> bool:
    """True when score ranges cover 0…100 without a gap."""
    spans = sorted((lo, hi if hi is not None else Decimal(100)) for lo, hi, _, _ in ranges)
    reach = Decimal(0)
    for lo, hi in spans:
        if lo > reach:
            return False
        reach = max(reach, hi)
    return reach >= 100


@lru_cache(maxsize=1)
def _count_share_patterns() -> tuple[tuple[dict, re.Pattern], ...]:
    """(group, regex) of each whole of ``count_wholes``: "占部门项目总数的20.83%"."""
    return tuple((group, re.compile(rf"占(?P<whole>[^，,。；;%％]{{0,20}}?(?:{_alt(group['whole'])}))的?\s*+"
                                    rf"(?:(?:比例|比重)\s*+)?(?:为\s*+)?(?P<num>\d++(?:\.\d++)?)\s*+[%％]"
                                    rf"{_not_threshold()}"))
                 for group in phrases()["count_wholes"])


def _count_shares(doc: Document, lines: Lines, counts: list[LabelledCount]) -> list[CountShare]:
    out = []
    for group, whole_rx in _count_share_patterns():
        for offset, line in lines:
            if "占" not in line or not _has_percent(line):
                continue
            for m in whole_rx.finditer(line):
                sent = sentence_at(line, m.start())
                before = [c for c in counts
                          if offset + sent[0] <= c.count.span.start and c.count.span.end <= offset + m.start()]
                if not before:
                    continue
                part = before[-1]
                pct = next(iter(percents_in(doc, offset + m.start("num"), offset + m.end())), None)
                if pct is None:
                    continue
                whole, source = None, None
                same = [c for c in before[:-1] if _ends_with_any(c.label, group["counts"])]
                if same:
                    whole, source = same[-1].count, "sentence"
                else:
                    stated = [c for c in counts if _ends_with_any(c.label, group["counts"]) and c is not part]
                    values = {c.count.value for c in stated}
                    if len(values) == 1:
                        whole, source = stated[0].count, "document"
                out.append(CountShare(part=part.count, percent=pct, whole_label=m.group("whole"), whole=whole,
                                      whole_source=source, span=Span(part.count.span.start, offset + m.end())))
    return out


# Filler words at the end of a label (共计, 为, "：" …), spelled backwards: matched at the
# start of the reversed label, the run is found in one pass.
_TAIL_FILLER_REVERSED = re.compile(r"(?:计共|共|计合|计总|量数|为|是|[：:\s])*+")


def _ends_with_any(label: str, words) -> bool:
    tail = label[: len(label) - _TAIL_FILLER_REVERSED.match(label[::-1]).end()]
    return any(w in tail[-(len(w) + 3):] for w in words)


# ---- coverage ratios -----------------------------------------------------------------

@lru_cache(maxsize=1)
def _coverage_rx() -> re.Pattern:
    """"绩效跟踪金额占项目支出总金额比例为25.3%"."""
    ph = phrases()
    return re.compile(rf"(?P<part>[^，,。；;]{{0,30}}(?:{_alt(ph['coverage_part_words'])})[^，,。；;占]{{0,20}})占"
                      rf"(?P<whole>[^，,。；;%％]{{0,30}}(?:{_alt(ph['coverage_whole_words'])})[^，,。；;%％]{{0,20}}?)"
                      r"(?:的)?(?:比例|比重)?\s*+(?:(?:为|是)\s*+)?(?P<num>\d++(?:\.\d++)?)\s*+[%％]" + _not_threshold())


def _coverage_ratios(doc: Document, lines: Lines) -> list[CoverageRatio]:
    """Each ratio with the first tracked and the first project amount of its line before it."""
    ph = phrases()
    out = []
    for offset, line in lines:
        if "占" not in line or not _has_percent(line):
            continue
        amts: list[Amount] | None = None
        tracked = base = None
        seen = 0                    # amounts looked at, in text order: the ratios share them
        for m in _coverage_rx().finditer(line):
            pct = next(iter(percents_in(doc, offset + m.start("num"), offset + m.end())), None)
            if pct is None:
                continue
            if amts is None:
                amts = amounts_in(doc, offset, offset + len(line))
            while seen < len(amts) and amts[seen].span.end <= offset + m.start():
                a = amts[seen]
                seen += 1
                label = clause_label(line, a.span.start - offset)
                if any(w in label for w in ph["coverage_part_words"]) and tracked is None:
                    tracked = a
                elif "项目" in label and not any(w in label for w in ph["coverage_part_words"]) and base is None \
                        and classify_amount(label)[0] in ("budget", "spent"):
                    base = a
            out.append(CoverageRatio(tracked, base, pct, m.group("part").strip() + "占" + m.group("whole"),
                                     Span(offset + m.start("part"), offset + m.end())))
    return out


# ---- tracking summaries ------------------------------------------------------------------

def _summaries(doc: Document, lines: Lines, departments: set[str]) -> list[TrackingSummary]:
    """Sentences (else whole paragraphs) stating at least three tracking roles of one subject."""
    ph = phrases()
    out = []
    has_summary_word = _any_of(tuple(ph["summary_words"])).search
    for offset, line in lines:
        if not has_summary_word(line):
            continue
        found = []
        for s, e in sentences(line):
            if any(w in line[s:e] or w in line[:60] for w in ph["summary_words"]):
                summary = _summary_in(doc, line, offset, s, e, departments)
                if summary is not None:
                    found.append(summary)
        if not found:
            summary = _summary_in(doc, line, offset, 0, len(line), departments, unique=True)
            if summary is not None:
                found.append(summary)
        out.extend(found)
    return out


_ROLE_OF_QUALIFIER = {"initial": "initial", "added": "added", "cut": "cut", "adjusted": "adjusted"}


def _summary_in(doc: Document, line: str, offset: int, s: int, e: int, departments: set[str],
                unique: bool = False) -> TrackingSummary | None:
    roles: dict[str, Amount] = {}
    for a in amounts_in(doc, offset + s, offset + e):
        kind, qual = classify_amount(clause_label(line, a.span.start - offset, s))
        role = _ROLE_OF_QUALIFIER.get(qual) if kind == "budget" else ("actual" if kind == "spent" else None)
        if role is None:
            continue
        if role in roles:
            if unique and roles[role].value != a.value:
                return None          # two values for one role: not one subject's summary
            continue
        roles[role] = a
    if len(roles) < phrases()["summary_min_roles"]:
        return None
    head = line[s: min(a.span.start for a in roles.values()) - offset]
    named = [d for d in departments if d in head]
    subject = max(named, key=len) if named else None
    count_m = None
    for m in _COUNT.finditer(head):
        count_m = m
    count = None
    if count_m is not None:
        at = offset + s + count_m.start()
        count = Quantity(Decimal(count_m.group(1)), 0, Span(at, at + len(count_m.group(0))), count_m.group(0), "个")
    return TrackingSummary(subject, count, roles.get("initial"), roles.get("added"), roles.get("cut"),
                           roles.get("adjusted"), roles.get("actual"), Span(offset + s, offset + e))


@lru_cache(maxsize=1)
def _below_rx() -> re.Pattern:
    """"跟踪的38个项目中有5个项目预算执行率不足80%"."""
    ph = phrases()
    return re.compile(rf"(?<![\d.])(?P<of>\d{{1,9}})\s*个[^，,。；;]{{0,12}}中[^，,。；;]{{0,4}}?(?<![\d.])(?P<n>\d{{1,9}})\s*个[^，,。；;]{{0,12}}?"
                      rf"(?:{_alt(ph['rate_phrases'])})\s*+(?:{_alt(ph['below_words'])})\s*+(?P<t>\d++(?:\.\d++)?)\s*+[%％]")


def _below_claims(doc: Document, lines: Lines) -> list[BelowThresholdClaim]:
    """Claims that some of the tracked projects fall below an execution rate."""
    out = []
    for offset, line in lines:
        if "个" not in line or not _has_percent(line):
            continue
        for m in _below_rx().finditer(line):
            of = Quantity(Decimal(m.group("of")), 0, Span(offset + m.start("of"), offset + m.end("of")), m.group("of"))
            n = Quantity(Decimal(m.group("n")), 0, Span(offset + m.start("n"), offset + m.end("n")), m.group("n"))
            t = next(iter(percents_in(doc, offset + m.start("t"), offset + m.end())))
            out.append(BelowThresholdClaim(of, n, t, Span(offset + m.start(), offset + m.end())))
    return out


@lru_cache(maxsize=1)
def _tracked_count_patterns() -> tuple[tuple[str, re.Pattern, re.Pattern], ...]:
    """(what, template finder, regex) of "选取了38个…" and "等7个科室".

    The finder looks for the longest literal piece of each template ("选取了"
    of "选取了{n}个"), which a line must hold for the template to match.
    """
    ph = phrases()
    return tuple((what, _any_of(tuple(max(t.split("{n}"), key=len) for t in ph[key])),
                  re.compile("|".join(re.escape(t).replace(re.escape("{n}"), r"(?<![\d.])(\d{1,9})") for t in ph[key])))
                 for what, key in (("projects", "tracked_count_templates"),
                                   ("departments", "department_count_templates")))


def _tracked_counts(lines: Lines) -> list[TrackedCount]:
    out = []
    for what, finder, rx in _tracked_count_patterns():
        seen: set[int] = set()
        for offset, line in lines:
            if not finder.search(line):
                continue
            for m in rx.finditer(line):
                g = next(i for i in range(1, (m.lastindex or 0) + 1) if m.group(i))
                if offset + m.start(g) in seen:
                    continue
                seen.add(offset + m.start(g))
                out.append(TrackedCount(what, Quantity(Decimal(m.group(g)), 0,
                                                       Span(offset + m.start(g), offset + m.end(g)), m.group(g) + "个",
                                                       "个"), Span(offset + m.start(), offset + m.end())))
    return out


# ---- points schemes ------------------------------------------------------------------------

# Blank runs are taken whole (possessive), so a long one is scanned once; a label of
# blanks only ("  （60分）") is the empty label after them.
_SCHEME_LINE = re.compile(r"^\s*+(?:[（(]\s*+\d{1,2}\s*+[）)]|\d{1,2}\s*+[、.．])?\s*+"
                          r"(?P<label>[^（()]{1,24}?|(?<=\s))\s*+"
                          r"[（(]\s*+(?P<n>\d++(?:\.\d++)?)\s*+分\s*+[）)]\s*+$")
_SCHEME_POINTS = re.compile(r"(?P<label>[\u4e00-\u9fa5]{2,12}?)\s*+(?P<n>\d++(?:\.\d++)?)\s*+分(?![\u4e00-\u9fa5]*各)")
_SCHEME_NAME_SEPARATOR = re.compile(r"[、和及与]")
_SCHEME_NAMES_LEAD = re.compile(r"^(包括|其中|分别为|含)")
_SCHEME_LABEL_LEAD = re.compile(r"^(其中|包括|分别为)")


def _scheme_line(line: str) -> re.Match | None:
    """A line that is a scheme item: "（1）产出指标（60分）" (label, n)."""
    if "分" not in line or not line.rstrip().endswith(("）", ")")):
        return None
    return _SCHEME_LINE.match(line)


def _points(m: re.Match, offset: int) -> Quantity:
    """The points of a match's group ``n`` ("60" of "（60分）"), the match run at ``offset``."""
    return Quantity(Decimal(m.group("n")), _decimals(m.group("n")), Span(offset + m.start("n"), offset + m.end("n")),
                    m.group("n") + "分", "分")


@lru_cache(maxsize=1)
def _scheme_each_rx() -> re.Pattern:
    """"社会效益、可持续影响指标各10分"."""
    # A match starts where a clause starts or the last match ended (after 分): a later start
    # in the clause would find the same names (linear time on a long clause).
    return re.compile(rf"(?<![^，,。；;：:分])(?P<names>[^，,。；;：:]+?)(?:{_alt(phrases()['scheme_each_words'])})\s*+"
                      r"(?P<n>\d++(?:\.\d++)?)\s*+分")


def _schemes(report: Report, lines: Lines) -> list[PointsScheme]:
    ph = phrases()
    heads = None          # the headings by where they start, read at the first scheme line
    out = []
    i = 0
    while i < len(lines):
        offset, line = lines[i]
        m = _scheme_line(line)
        if not (m and any(w in m.group("label") for w in ph["scheme_total_words"])):
            i += 1
            continue
        total = _points(m, offset)
        if heads is None:
            heads = {s.span.start: s for s in report.sections}
        items: list[SchemeItem] = []
        j = i + 1
        current: tuple | None = None
        body: Lines = []

        def close():
            if current is not None:
                items.append(SchemeItem(current[0], current[1], tuple(_scheme_parts(body))))

        while j < len(lines):
            off, ln = lines[j]
            im = _scheme_line(ln)
            if im:
                close()
                current = (im.group("label").strip(), _points(im, off))
                body = []
            elif off in heads and heads[off].style not in ("(n)",):
                break
            else:
                body.append((off, ln))
            j += 1
        close()
        if len(items) >= 2:
            out.append(PointsScheme(m.group("label").strip(), total, tuple(items),
                                    Span(offset, lines[j - 1][0] + len(lines[j - 1][1]))))
        i = j
    return out


def _scheme_parts(body: Lines) -> list[SchemeItem]:
    """Sub-items of a scheme item: "数量指标20分，质量指标20分" or "A、B指标各10分"."""
    each = phrases()["scheme_each_words"]
    parts: list[SchemeItem] = []
    for off, ln in body:
        for m in _scheme_each_rx().finditer(ln):
            names = [n for n in _SCHEME_NAME_SEPARATOR.split(_SCHEME_NAMES_LEAD.sub("", m.group("names"))) if n]
            if len(names) < 2:
                continue
            for name in names:
                parts.append(SchemeItem(name, _points(m, off)))
        for m in _SCHEME_POINTS.finditer(ln):
            if any(ln[max(0, m.start() - 1): m.end() + 1].find(w) >= 0 for w in each):
                continue
            label = _SCHEME_LABEL_LEAD.sub("", m.group("label"))
            if not label:
                continue
            parts.append(SchemeItem(label, _points(m, off)))
    return parts if len(parts) >= 2 else []


# ---- tables ----------------------------------------------------------------------------------

def row_texts(row: tuple[Cell, ...]) -> list[str]:
    """The texts of a row's cells with all whitespace removed."""
    return [norm(c.text) for c in row]


@lru_cache(maxsize=None)
def _columns(key: str):
    """The column spec ``phrases()[key]`` with its wordings normalized, for :func:`header_roles`.

    Returns (the roles each exact wording names, in spec order; (role, wordings)
    in spec order; a regex finding any wording).
    """
    exact: dict[str, list[str]] = {}
    contains = []
    for role, words in phrases()[key].items():
        normed = tuple(dict.fromkeys(w for w in map(norm, words) if w))
        for w in normed:
            exact.setdefault(w, []).append(role)
        contains.append((role, normed))
    any_word = re.compile(_alt([w for _, normed in contains for w in normed]))
    return {w: tuple(roles) for w, roles in exact.items()}, tuple(contains), any_word


def header_roles(texts: list[str], key: str) -> dict[str, int]:
    """Column index of each role of the column spec ``phrases()[key]`` a header row names.

    ``texts`` are the row's :func:`row_texts`.  An exact wording wins; else a
    short header (14 characters at most) containing a wording.
    """
    exact, contains, any_word = _columns(key)
    roles: dict[str, int] = {}
    for i, t in enumerate(texts):
        for role in exact.get(t, ()):
            if role not in roles:
                roles[role] = i
                break
    taken = set(roles.values())
    for i, t in enumerate(texts):
        if not t or i in taken or len(t) > 14 or not any_word.search(t):
            continue
        for role, words in contains:
            if role not in roles and any(w in t for w in words):
                roles[role] = i
                taken.add(i)
                break
    return roles


_TABLE_HEADERS = ("funds_columns", "tracking_columns", "indicator_columns", "tracking_list_columns")


@lru_cache(maxsize=1)
def _any_header_word():
    """Every wording of the column specs of :data:`_TABLE_HEADERS`, and a regex finding any of them."""
    specs = [_columns(key) for key in _TABLE_HEADERS]
    return (frozenset(w for exact, _, _ in specs for w in exact),
            re.compile(_alt([w for _, contains, _ in specs for _, normed in contains for w in normed])))


def _names_a_column(texts: list[str]) -> bool:
    """False when no cell of the row could name a column of :data:`_TABLE_HEADERS`:
    :func:`header_roles` then finds no role of any of them (the cheap test before it)."""
    exact, any_word = _any_header_word()
    return any(t in exact or (t and len(t) <= 14 and any_word.search(t)) for t in texts)


def _is_header(roles: dict, required, any_of=()) -> bool:
    return all(r in roles for r in required) and (not any_of or any(r in roles for r in any_of))


_HEADER_UNIT = re.compile(r"[（(]\s*(" + MONEY_UNIT + r")\s*[）)]")
_UNIT_LINE = re.compile(r"单位\s*[：:]\s*(" + MONEY_UNIT + r")")


def _unit_near(doc: Document, table: Table, header: tuple[Cell, ...], default: str) -> str:
    """The money unit a table states: in its header cells, or "单位：万元" just above it."""
    for c in header:
        m = _HEADER_UNIT.search(c.text)
        if m:
            return m.group(1)
    before = doc.text[max(0, table.span.start - 200):table.span.start]
    m = None
    for m in _UNIT_LINE.finditer(before):
        pass
    return m.group(1) if m else default


def _ellipsis(row, texts: list[str]) -> bool:
    """A row standing for left-out rows: a short cell holding "……" (``texts``: :func:`row_texts`)."""
    mark = _any_of(tuple(phrases()["ellipsis_marks"])).search
    if not mark("\n".join(c.text for c in row)):
        return False
    return any(len(t) <= 6 and mark(c.text) for c, t in zip(row, texts))


def _total_row(texts: list[str]) -> bool:
    """A 合计/总计 row (``texts``: :func:`row_texts`)."""
    labels = phrases()["total_labels"]
    return any(t in labels for t in texts)


def _text(row, roles, role) -> str | None:
    i = roles.get(role)
    if i is None or i >= len(row):
        return None
    return row[i].text or None


def _row_span(row) -> Span:
    return Span(row[0].span.start, row[-1].span.end)


def _parse_tables(report: Report, region: Span, perf: Performance) -> None:
    doc = report.document
    ph = phrases()
    default_unit = report.meta.unit or "万元"
    for t in doc.tables:
        if not (region.start <= t.span.start < region.end):
            continue
        rows = t.rows
        i = 0
        funds_rows: list[FundsRow] = []
        form_unit = None
        form_indicators: IndicatorTable | None = None
        project = None
        form_span = None
        while i < len(rows):
            row = rows[i]
            texts = row_texts(row)
            if "项目名称" in texts and 2 <= sum(1 for x in texts if x) <= 4 and project is None:
                k = texts.index("项目名称")
                project = row[k + 1].text if k + 1 < len(row) else None
            if not _names_a_column(texts):
                i += 1            # no header of any table: every spec's roles would be empty
                continue
            froles = header_roles(texts, "funds_columns")
            if _is_header(froles, ph["funds_required"], ("weight", "score", "rate")) and ("weight" in froles or "score" in froles):
                form_unit = _unit_near(doc, t, row, "万元")
                form_span = form_span or t.span
                i += 1
                while i < len(rows) and len(rows[i]) == len(row):
                    r = rows[i]
                    label = next((c.text for c in r[: min(froles.values())] if c.text), "")
                    if not any(w in norm(label) for w in ph["funds_row_words"]):
                        break
                    funds_rows.append(_funds_row(doc, r, froles, label, form_unit))
                    i += 1
                continue
            troles = header_roles(texts, "tracking_columns")
            if _is_header(troles, ph["tracking_required"], ph["tracking_any"]) and "weight" not in froles:
                i = _tracking_table(doc, t, rows, i, troles, default_unit, perf)
                continue
            iroles = header_roles(texts, "indicator_columns")
            if _is_header(iroles, ph["indicator_required"], ph["indicator_any"]):
                table, i = _indicator_table(doc, rows, i, iroles, "form" if funds_rows else "targets")
                if funds_rows and form_indicators is None:
                    form_indicators = table
                else:
                    perf.indicator_tables.append(table)
                continue
            lroles = header_roles(texts, "tracking_list_columns")
            if _is_header(lroles, ph["tracking_list_required"]):
                i = _tracking_list(doc, t, rows, i, lroles, perf)
                continue
            i += 1
        if funds_rows:
            perf.forms.append(SelfEvaluationForm(project, form_unit or "万元", tuple(funds_rows), form_indicators,
                                                 form_span or t.span))
            if form_indicators is not None:
                perf.indicator_tables.append(form_indicators)


def _funds_row(doc: Document, r, roles, label: str, unit: str) -> FundsRow:
    def amt(role):
        i = roles.get(role)
        return cell_amount(doc, r[i], unit) if i is not None and i < len(r) else None

    def qty(role):
        i = roles.get(role)
        return quantity(r[i].text, r[i].span, "分") if i is not None and i < len(r) else None

    rate_i = roles.get("rate")
    rate = cell_percent(doc, r[rate_i]) if rate_i is not None and rate_i < len(r) else None
    return FundsRow(label=label, budget_initial=amt("budget_initial"), budget=amt("budget"),
                    executed=amt("executed"), weight=qty("weight"), rate=rate, score=qty("score"),
                    span=_row_span(r))


def _indicator_table(doc: Document, rows, i: int, roles: dict, kind: str) -> tuple[IndicatorTable, int]:
    header = rows[i]
    width = len(header)
    indicators = []
    totals: tuple[Quantity, ...] = ()
    total_span = None
    complete = True
    carry = {"level1": None, "level2": None, "group": None}
    j = i + 1
    ph = phrases()
    while j < len(rows):
        r = rows[j]
        texts = row_texts(r)
        if _ellipsis(r, texts):
            complete = False
            j += 1
            continue
        if _total_row(texts):
            totals = tuple(q for c, t in zip(r, texts) if t not in ph["total_labels"]
                           for q in [quantity(c.text, c.span)] if q is not None)
            total_span = _row_span(r)
            j += 1
            break
        if len(r) != width:
            break
        if j > i + 1 and "name" in header_roles(texts, "indicator_columns"):
            break
        name = _text(r, roles, "name")
        for k in carry:
            v = _text(r, roles, k)
            if v:
                carry[k] = v
        if not name:
            j += 1
            continue
        weight_t = _text(r, roles, "weight")
        score_t = _text(r, roles, "score")
        target_t = _text(r, roles, "target")
        actual_t = _text(r, roles, "actual")
        wi, si, ti, ai = (roles.get(k) for k in ("weight", "score", "target", "actual"))
        indicators.append(Indicator(
            name=name, level1=carry["level1"], level2=carry["level2"], group=carry["group"],
            nature=_text(r, roles, "nature"),
            target_text=target_t, target=_value_of(target_t, r[ti].span) if target_t else None,
            actual_text=actual_t, actual=_value_of(actual_t, r[ai].span) if actual_t else None,
            unit=_text(r, roles, "unit"),
            weight=quantity(weight_t, r[wi].span) if weight_t else None, weight_text=weight_t,
            score=quantity(score_t, r[si].span) if score_t else None, score_text=score_t,
            span=_row_span(r)))
        j += 1
    span = Span(header[0].span.start, (total_span or (indicators[-1].span if indicators else _row_span(header))).end)
    weight_i = roles.get("weight")
    return IndicatorTable(kind=kind, indicators=tuple(indicators), totals=totals, total_span=total_span,
                          complete=complete, has_weight="weight" in roles, has_score="score" in roles,
                          span=span, weight_header=header[weight_i].span if weight_i is not None else None), j


_VALUE = re.compile(r"^\s*+(?P<cmp>[≥≤=＝<>≧≦]|大于等于|小于等于|不低于|不高于|不少于|不超过)?+\s*+"
                    r"(?P<num>\d++(?:\.\d++)?)\s*+(?P<unit>%|％|[\u4e00-\u9fa5/²㎡]{0,4})\s*+$")


def _value_of(text: str, span: Span) -> Quantity | None:
    """A target or actual value that is a number ("20", "≥90%", "67.97"), else None."""
    m = _VALUE.match(text.replace(",", ""))
    if not m:
        return None
    unit = m.group("unit") or None
    return Quantity(Decimal(m.group("num")), _decimals(m.group("num")), span, text, "%" if unit in ("%", "％") else unit)


def _tracking_table(doc: Document, t: Table, rows, i: int, roles: dict, default_unit: str,
                    perf: Performance) -> int:
    header = rows[i]
    unit = _unit_near(doc, t, header, default_unit)
    width = len(header)
    out_rows, total, complete = [], None, True
    j = i + 1
    while j < len(rows):
        r = rows[j]
        texts = row_texts(r)
        if _ellipsis(r, texts):
            complete = False
            j += 1
            continue
        if len(r) != width:
            break
        is_total = _total_row(texts)

        def amt(role):
            k = roles.get(role)
            return cell_amount(doc, r[k], unit) if k is not None else None

        rk = roles.get("rate")
        name = _text(r, roles, "name") or ("合计" if is_total else "")
        row = TrackingRow(number=_text(r, roles, "number"), department=_text(r, roles, "department"), name=name,
                          initial=amt("initial"), added=amt("added"), cut=amt("cut"), adjusted=amt("adjusted"),
                          actual=amt("actual"), rate=cell_percent(doc, r[rk]) if rk is not None else None,
                          span=_row_span(r), is_total=is_total)
        if is_total:
            total = row
            j += 1
            break
        if row.adjusted is not None or row.actual is not None or row.initial is not None:
            out_rows.append(row)
        j += 1
    if out_rows:
        perf.tracking_tables.append(TrackingTable(tuple(out_rows), total, unit, complete,
                                                  Span(header[0].span.start, (total or out_rows[-1]).span.end)))
    return j


def _tracking_list(doc: Document, t: Table, rows, i: int, roles: dict, perf: Performance) -> int:
    ph = phrases()
    header = rows[i]
    unit = _unit_near(doc, t, header, "元")
    tracked = base = ratio = None
    for r in rows[:i]:
        for c in r:
            raw = cell_raw(doc, c)
            pcts = percents_in(doc, c.span.start, c.span.end)
            amts = amounts_in(doc, c.span.start, c.span.end)
            if pcts and any(w in raw for w in ph["tracking_list_fields"]["ratio"]):
                ratio = ratio or pcts[-1]
            elif amts and any(w in raw for w in ph["tracking_list_fields"]["base"]):
                base = base or amts[-1]
            elif amts and any(w in raw for w in ph["tracking_list_fields"]["tracked"]):
                tracked = tracked or amts[-1]
    items, total, complete = [], None, True
    width = len(header)
    j = i + 1
    while j < len(rows):
        r = rows[j]
        texts = row_texts(r)
        if _ellipsis(r, texts):
            complete = False
            j += 1
            continue
        if _total_row(texts):
            total = next((a for c in r for a in [_leading_amount(c, unit)] if a is not None), None)
            j += 1
            break
        if len(r) != width:
            break
        k = roles["amount"]
        items.append(TrackingListItem(_text(r, roles, "number"), _text(r, roles, "name") or "",
                                      cell_amount(doc, r[k], unit), _row_span(r)))
        j += 1
    if items:
        perf.tracking_lists.append(TrackingList(tuple(items), total, tracked, base, ratio, complete,
                                                Span(rows[0][0].span.start, rows[j - 1][-1].span.end)))
        if ratio is not None:
            perf.coverage_ratios.append(CoverageRatio(tracked, base, ratio, "绩效跟踪金额占项目支出总金额比例",
                                                      ratio.span))
    return j


def forms_in(doc: Document) -> list[SelfEvaluationForm]:
    """The self-evaluation forms of a document read on its own (for ``juesuan score``)."""
    perf = Performance(region=Span(0, len(doc.text)))
    _parse_tables(Report(document=doc), perf.region, perf)
    return perf.forms


# ---- lines for report.lines ------------------------------------------------------------------

def performance_lines(perf: Performance) -> list[LineItem]:
    out: list[LineItem] = []
    for tt in perf.tracking_tables:
        for r in tt.rows + ((tt.total,) if tt.total else ()):
            out.append(LineItem(table="tracking", code=r.number, name=r.name, level="合计" if r.is_total else None,
                                actual=r.actual, budget=r.adjusted or r.initial, span=r.span))
    for tl in perf.tracking_lists:
        for it in tl.items:
            out.append(LineItem(table="tracking_list", code=it.number, name=it.name, level=None, actual=None,
                                budget=it.amount, span=it.span))
    for form in perf.forms:
        for fr in form.funds:
            out.append(LineItem(table="self_evaluation_funds", code=None, name=fr.label, level=None,
                                actual=fr.executed, budget=fr.budget, span=fr.span))
    for table in perf.indicator_tables:
        for ind in table.indicators:
            out.append(LineItem(table="indicators", code=None, name=ind.name, level=None, actual=None,
                                span=ind.span))
    return out


# ---- entry point ----------------------------------------------------------------------------

def extract_performance(report: Report) -> Performance:
    """Read the performance parts of a report's document (see the module docstring)."""
    doc = report.document
    region = performance_region(report)
    lines = region_lines(doc, region)
    perf = Performance(region=region)
    perf.band_tables = _band_tables(lines)
    band_lines = {b.span.start for b in perf.band_tables if b.span}
    perf.scores = _scores(report, lines, band_lines)
    _parse_tables(report, region, perf)
    perf.rate_claims = _rate_claims(report, lines)
    perf.derived_claims = _derived_claims(report, lines)
    perf.counts = _counts(doc, lines)
    perf.breakdowns = _breakdowns(lines, perf.counts)
    perf.count_shares = _count_shares(doc, lines, perf.counts)
    perf.coverage_ratios = _coverage_ratios(doc, lines) + perf.coverage_ratios
    departments = {r.department for tt in perf.tracking_tables for r in tt.rows if r.department}
    perf.summaries = _summaries(doc, lines, departments)
    perf.below_claims = _below_claims(doc, lines)
    perf.tracked_counts = _tracked_counts(lines)
    perf.schemes = _schemes(report, lines)
    evaluated = [c.count for c in perf.counts if _ends_with_any(c.label, phrases()["evaluated_phrases"])]
    tracked = [t.count for t in perf.tracked_counts if t.what == "projects"]   # a 绩效跟踪 report evaluates these
    if evaluated or tracked:
        perf.projects_evaluated = (evaluated or tracked)[0]
    return perf
