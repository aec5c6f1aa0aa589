"""The outline: numbered headings, their rank, and what each section is about.

Chinese official documents number their headings by a fixed convention
(党政机关公文格式): 第一部分 > 一、 > （一） > 1. / 1、 > （1） > ①.  A heading is
a line that starts with such a marker, or a marker run into the end of the
line before it (PDF text without the line break: "…支出。（八）机关运行经费") when
it is exactly the number missing between two headings of its style.  A section's body runs from its
heading to the next heading of the same or a higher rank.  Its *topic* comes
from keywords of the title (see ``data/lexicon.yaml``, ``topics``) and is
inherited by subsections that name none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document, Span, slot_setters
from ..memo import content_cache
from ..model import Section
from .lexicon import LEXICON

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Possessive: a run of blanks is scanned once (no marker starts with a blank or "[").
_PREFIX = r"^[ \t\u3000]*+(?:\[bookmark: [^\]]*+\])*+[ \t\u3000]*+"
_STYLES = [
    # (style id, rank, regex for the marker: group 1 is the marker, group 2 the number)
    ("part", 0, r"(第([一二三四五六七八九十]+)部分)"),
    ("cn、", 1, r"(([一二三四五六七八九十]{1,3})\s*、)"),
    ("(cn)", 2, r"([（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]、?)"),
    ("n.", 3, r"((\d{1,2})\s*[.．](?!\d))"),
    ("n、", 3, r"((\d{1,2})\s*、)"),
    ("(n)", 4, r"([（(]\s*(\d{1,2})\s*[）)])"),
    ("circled", 5, r"(([" + CIRCLED + r"]))"),
]
UNNUMBERED = "toc"        # a heading printed without a number that the table of contents numbers
STYLE_RANKS = {style: rank for style, rank, _ in _STYLES} | {UNNUMBERED: 1}
# The styles in one regex, tried in order: style k's marker is group 2k+1 (the last
# group a match closes), its number group 2k+2.
_HEADING = re.compile(_PREFIX + "(?:" + "|".join(rx for _, _, rx in _STYLES) + ")")


def cn_number(text: str) -> int:
    """Value of a Chinese numeral up to 99 (一 … 十 … 九十九)."""
    if text in CN_DIGITS:
        return CN_DIGITS[text]
    if text.startswith("十"):
        return 10 + (CN_DIGITS.get(text[1:], 0) if len(text) > 1 else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return CN_DIGITS[tens] * 10 + (CN_DIGITS[ones] if ones else 0)
    return 0


@dataclass(frozen=True, slots=True)
class Heading:
    marker: str
    style: str
    rank: int
    number: int
    title: str
    span: Span

    def __init__(self, marker: str, style: str, rank: int, number: int, title: str, span: Span) -> None:
        # set once (see document.Span.__init__)
        set_marker, set_style, set_rank, set_number, set_title, set_span = _HEADING_SETTERS
        set_marker(self, marker)
        set_style(self, style)
        set_rank(self, rank)
        set_number(self, number)
        set_title(self, title)
        set_span(self, span)


_HEADING_SETTERS = slot_setters(Heading)


def _number(style: str, raw: str) -> int:
    if style in ("part", "cn、", "(cn)"):
        return cn_number(raw)
    if style == "circled":
        return CIRCLED.index(raw) + 1
    return int(raw)


def find_headings(doc: Document) -> list[Heading]:
    """Every line that starts with a heading marker (table cells excluded), and the
    headings run into the line before a heading that skips them."""
    headings = []
    for offset, line in doc.prose_lines():
        m = _HEADING.match(line)
        if m is None:
            continue
        marker = m.lastindex
        style, rank, _ = _STYLES[marker // 2]
        # Heading(marker, style, rank, number, title, span), positionally (see document.Span.__init__)
        headings.append(Heading(m.group(marker).strip(), style, rank, _number(style, m.group(marker + 1)),
                                line[m.end():].strip(), Span(offset, offset + len(line))))
    added = _run_in_headings(doc, headings) + _contents_headings(doc, headings)
    return sorted(headings + added, key=lambda h: h.span.start) if added else headings


_LEADER = re.compile(r"\s*(?:[…\.·．]{3,}|…+)\s*\d*\s*$")
# The end of a title that _LEADER finds, read backwards: blanks, the page number, blanks and the
# leader (matched at the start of the reversed title, where a search would try every place).
_LEADER_REVERSED = re.compile(r"\s*\d*\s*(?:[…\.·．]{3}|…)")


def _leadered(title: str) -> bool:
    """True when the title ends with a dot leader (and a page number): ``_LEADER.search(title)``."""
    return _LEADER_REVERSED.match(title[::-1]) is not None
_NOT_IN_TITLE = re.compile(r"[ \t\u3000（）()]+")     # left out when titles are compared
TITLE_MAX = 40


def _contents(doc: Document, headings: list[Heading]) -> list[Heading]:
    """The entries of the table of contents: headings with a dot leader ("三、名词解释 ……"), or
    the run of heading lines right after a line "目 录"."""
    leadered = [h for h in headings if _leadered(h.title)]
    if leadered:
        return leadered
    at = {h.span.start: h for h in headings}
    lines = doc.prose_lines()
    start = _contents_line(doc)
    if start is None:
        return []
    run = []
    for offset, _ in lines[start + 1:]:
        if offset not in at:
            break
        run.append(at[offset])
    return run


# The words of a line "目 录" (blanks and brackets may stand between them: no line end).
_CONTENTS_WORDS = re.compile(r"目[ \t\u3000（）()]*[录次]")


def _contents_line(doc: Document) -> int | None:
    """Index among the prose lines of the first that reads 目录 or 目次, blanks and brackets
    aside: such a line holds the words, found by one scan of the text."""
    lines = doc.prose_lines()
    for m in _CONTENTS_WORDS.finditer(doc.text):
        i = doc.prose_line_at(m.start())
        if i is not None and _NOT_IN_TITLE.sub("", lines[i][1]) in ("目录", "目次"):
            return i
    return None


def _contents_headings(doc: Document, headings: list[Heading]) -> list[Heading]:
    """Headings of the top rank printed without their number ("名词解释", "2024年部门预算编制说明")
    that the table of contents lists ("三、名词解释 ……"): a short line after the contents
    that ends with an entry's title (brackets aside: "…办事处（部门）主要职能" is
    "部门主要职能"), each entry once, in order."""
    entries = [h for h in _contents(doc, headings) if h.rank <= 1]
    if not entries:
        return []
    titles = [_NOT_IN_TITLE.sub("", _LEADER.sub("", h.title)) for h in entries]
    numbered = {h.span.start for h in headings}
    after = entries[-1].span.end
    found, k = [], 0
    ends = tuple(t for t in titles if t)         # the titles a line may still end with
    for offset, line in doc.prose_lines():
        if k == len(titles):
            break
        if offset <= after or offset in numbered:
            continue
        text = _NOT_IN_TITLE.sub("", line)
        if len(text) > TITLE_MAX or text.endswith(("。", "：", ":", "；")) or not text.endswith(ends):
            continue
        hit = next(j for j in range(k, len(titles)) if titles[j] and text.endswith(titles[j]))
        found.append(Heading(marker="", style=UNNUMBERED, rank=1, number=0, title=line.strip(),
                             span=Span(offset, offset + len(line))))
        k = hit + 1
        ends = tuple(t for t in titles[k:] if t)
    return found


_STYLE_MARKERS = {style: re.compile(rx) for style, _, rx in _STYLES}


def _run_in_headings(doc: Document, headings: list[Heading]) -> list[Heading]:
    """Headings printed at the end of the line before ("…。（八）机关运行经费"): between
    two headings of one style under one parent that skip numbers, the skipped
    markers, when all of them stand there in order, are headings."""
    found = []
    last_of_style: dict[str, Heading] = {}
    for h in headings:
        for style in [s for s, seen in last_of_style.items() if seen.rank > h.rank]:
            del last_of_style[style]         # a new parent: its children count afresh
        prev = last_of_style.get(h.style)
        last_of_style[h.style] = h
        if prev is None or h.number <= prev.number + 1:
            continue
        at = prev.span.start + len(prev.marker)
        run = []
        for n in range(prev.number + 1, h.number):
            m = next((m for m in _STYLE_MARKERS[h.style].finditer(doc.text, at, h.span.start)
                      if _number(h.style, m.group(2)) == n and doc.in_prose(m.start())), None)
            if m is None:
                break
            end = doc.text.find("\n", m.end(), h.span.start)
            end = h.span.start - 1 if end == -1 else end
            run.append(Heading(marker=m.group(1).strip(), style=h.style, rank=h.rank, number=n,
                               title=doc.text[m.end():end].strip(), span=Span(m.start(), end)))
            at = m.end()
        if len(run) == h.number - prev.number - 1:
            found.extend(run)
    return found


_TITLE_END = re.compile(r"[。：:，,；;]")
_TRAILING_NOTE = re.compile(r"[（(][^（()）]*[)）]$")     # "…基本支出明细表（按经济分类）"


@content_cache(4096)
def topic_of(title: str) -> str | None:
    """The topic a heading's title names (its first clause: a numbered
    paragraph's content does not name its section); a colon after the marker
    ("第四部分：名词解释", Hubei, Guizhou) opens no clause."""
    head = _TITLE_END.split(title.lstrip("：: "), 1)[0].strip()
    if _TRAILING_NOTE.sub("", head).endswith("表"):
        return None          # a table's caption ("收入支出决算总表") is not a narrative part
    return LEXICON.topic_of(head)


def build_outline(doc: Document) -> list[Section]:
    """Sections with bodies and inherited topics, in document order."""
    headings = find_headings(doc)
    ends = _body_ends(headings, len(doc.text))
    sections: list[Section] = []
    stack: list[tuple[Heading, str | None]] = []
    for h, body_end in zip(headings, ends):
        while stack and stack[-1][0].rank >= h.rank:
            stack.pop()
        # The parent's topic is the nearest one above (it inherited it), and a sticky
        # topic above is the parent's too (it stuck).
        inherited = stack[-1][1] if stack else None
        own = topic_of(h.title) if h.rank <= 3 else None
        topic = inherited if inherited in LEXICON.sticky_topics else own or inherited
        stack.append((h, topic))
        # Section(title, marker, style, number, level, span, body, topic), positionally
        sections.append(Section(h.title, h.marker, h.style, h.number, h.rank, h.span, Span(h.span.start, body_end),
                                topic))
    return sections


def _body_ends(headings: list[Heading], end_of_text: int) -> list[int]:
    """Where each heading's body ends: at the next heading of the same or a higher rank."""
    next_by_rank = [end_of_text] * 6
    ends = [end_of_text] * len(headings)
    for i in range(len(headings) - 1, -1, -1):
        h = headings[i]
        ends[i] = min(next_by_rank[: h.rank + 1])
        next_by_rank[h.rank] = h.span.start
    return ends
