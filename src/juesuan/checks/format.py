"""Meta and format: section numbering, doubled punctuation, placeholders, wrong years.

Numbering follows the official hierarchy 第一部分 > 一、 > （一） > 1. > （1）.  Within
a parent, siblings count 1, 2, 3 …; a list that starts at 1 opens a nested
list, and a number that continues an outer list closes the inner ones.  A
number that continues no open list skips or repeats one.
"""

from __future__ import annotations

import re

from ..document import Span
from ..extract.outline import CIRCLED, STYLE_RANKS, UNNUMBERED
from ..model import Report
from .base import Rule, Skip, place, rule
from .near_words import find_near_words, prose_near_words

CN = "零一二三四五六七八九十"

# A pass of re over the whole text that starts with a set of characters costs about as much
# as twenty str.find: the whole-text patterns whose every match holds one of a few rare
# words a short way after its start are found from the words (each *_NEAR: its openings,
# words and reach, see checks.near_words); the others by one pass of re (R702's eighteen
# two-character starts and R706's frequent words, "占", "增长", take more time found so).
_DOUBLED = re.compile(r"([。，、；：！？%％])(?:\1+|(?<=[。，；：])[。，；])")     # "%%", "。。", "。，"
_PLACEHOLDER = re.compile(r"[XxＸｘ×某](?<![A-Za-z0-9][XxＸｘ×某])(?:(?<=[XxＸｘ×])[XxＸｘ×]+|(?<=某)某)"
                          r"(?![A-Za-z0-9])")          # "XX", "××", "某某"
_PLACEHOLDER_NEAR = (tuple("XxＸｘ×某"), tuple("XxＸｘ×某"), 0)
# Template wording left in: an alternative not chosen ("增加（减少）", "下降（增长）", "部门（单位）")
# and instructions to the filler ("仍保留该表格式，并在本表下方作下述说明", "（所有部门均需填报）").
_ALTERNATIVE = re.compile(r"[增减上下提降大小高低超节部单][加少长降升高低于支约门位]?"
                          r"(?:[（(][增减上下提降大小高低超节部单][加少长降升高低于支约门位]?[）)]"
                          r"|[/／]?[增减上下提降大小高低超节部单][加少长降升高低于支约门位])")
_ANTONYMS = {frozenset(p) for p in (("增加", "减少"), ("增长", "下降"), ("增长", "减少"), ("增加", "下降"),
                                    ("上升", "下降"), ("提高", "降低"), ("增", "减"), ("大于", "小于"),
                                    ("高于", "低于"), ("超支", "节约"), ("部门", "单位"))}
_BRACKETED_ONLY = {frozenset(("部门", "单位")), frozenset(("增", "减"))}    # "部门/单位", "增减" are words
# "（金额到分，加千分号…）": an instruction, but after a unit ("单位：万元（保留两位小数）") it states the precision
_FORMAT_RULE = re.compile(r"[（(][^（）()\n]{0,30}?(?:千分号|位小数|比照[^（）()\n]{0,20}?格式)[^（）()\n]{0,30}?[）)]")
_UNIT_BEFORE = re.compile(r"单位\s*[：:]\s*[万亿千百]?元\s*$")
# "根据…填写": an instruction, but in the 注 under a table it states the basis of a column, a part of the form
_BASIS = re.compile(r"(?:根据|按照?)[^。；\n]{0,60}?填写(?=[。；;）)]|[ \t]*$)")
# (pattern, whether it must open a clause: "，请填写" but not "申请补充", "，列明…" but not "中列明",
#  for a pattern each of whose matches holds a rare word: the strings its matches start with, the words
#  and how far after a match's start the word it holds starts at most: see checks.near_words)
_INSTRUCTIONS = tuple((re.compile(rx), opens, near) for rx, opens, near in (
    (r"仍保留该表格式", False, None), (r"作下述说明", False, None), (r"为必填项", False, None),
    (r"如无此[项类]", False, None),
    (r"请[^。；\n]{0,12}?(?:填写|填报|对照|据实|删除|补充)", True, None),
    # (its words are no rare ones: "增加" stands in most sentences of change, and re's own scan is faster)
    (r"[（(][^（）()\n]{0,40}?(?:请|应|需|须|如)[^（）()\n]{0,40}?(?:填写|填报|表述|列明|补充|增加)[^（）()\n]{0,40}?[）)]",
     False, None),
    (_FORMAT_RULE, False, (("（", "("), ("千分号", "位小数", "比照"), 1 + 30)),
    (_BASIS, False, (("根据", "按"), ("填写",), 2 + 60)),
    (r"列明(?!了)", True, None),
))
_CLAUSE_OPENERS = "（(，,。；;：:"
_NOTE_START = re.compile(r"[ \t\u3000]*(?:备\s*)?注\s*[：:]")
_NOTE_LINES = 6             # a table's 注 runs on over at most this many lines
_SENTENCE_END = "。；;！？!?\n"
# A rate whose number stands bare: "增长8.8，", "占本年支出合计的99.92。", "执行率为98；".
_BARE_RATE = re.compile(r"(?:增长|下降|增幅为?|降幅为?|占[^，。；\n]{0,20}?的|比重为|比例为|执行率为?|完成率为?"
                        r"|差异率为?|结余率为?)\s*(-?\d+(?:\.\d+)?+)(?!\s*[%％\d.])\s*(?=[，。；、,;）)]|$)",
                        re.MULTILINE)
# The places that lead a unit's official name: "北京市", "西城区", "门头沟区" (then 人民政府).
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:省|自治区|市|区|县|旗)(?!委)")
_CUTOFF = re.compile(r"(?:截至|截止到?|至)\s*((?:19|20)\d\d)\s*年\s*(?:12\s*月\s*31\s*日|底|末)")
_CUTOFF_NEAR = (("截", "至"), ("至", "截止"), 1)
_HEADING_YEAR = re.compile(r"((?:19|20)\d\d)\s*年度")
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年度?[^，。；\n]{0,30}?决算(?:总)?表")
_TITLE_WORDS = ("决算表", "决算总表")       # one of which every match of _TITLE_YEAR holds


def _label(style: str, n: int) -> str:
    cn = CN[n] if n <= 10 else f"十{CN[n - 10]}" if n < 20 else str(n)
    return {"part": f"第{cn}部分", "cn、": f"{cn}、", "(cn)": f"（{cn}）", "n.": f"{n}.",
            "n、": f"{n}、", "(n)": f"（{n}）", "circled": CIRCLED[n - 1] if n <= 20 else str(n)}[style]


# An Arabic marker written where its level takes the Chinese one: "2、" for "二、".
ARABIC_TWIN = {"n、": "cn、", "(n)": "(cn)"}
CHINESE_TWIN = {cn: arabic for arabic, cn in ARABIC_TWIN.items()}
# A line that reads like a heading left without its number: short, no sentence punctuation.
_BARE_TITLE = re.compile(r"[\u4e00-\u9fff][^。，；：,;:\t]{2,28}")


@rule
class SectionNumbering(Rule):
    """标题序号在同一上级之内应连续、不跳号、不重复，并使用该层级应有的数字。一、和（一）两级跳号即报告；
    两标题之间若有一行未编号的短行正是缺的那一节，则指出该行。
    该用汉字序号的层级用了阿拉伯数字（"一、…2、…三、"、"（一）…（2）"）也作为该层级序号报告。
    （部分省份表格页不印“第二部分”标记，属版式惯例，不算跳号。）均为警告。
    错误示例："五、国有资产占用情况" 之后是 "七、专业名词解释"（缺六），两个 "6、" 标题，
    或 "一、…2、重点项目支出绩效评价报告…三、"。
    正确示例：五、之后是六、；一、 二、 三、。"""

    id = "JS-R701"
    family = "format"
    severity = "warning"
    title = "标题序号跳号或重复"

    def check(self, report: Report):
        headings = report.sections
        if not headings:
            raise Skip("没有编号标题")
        doc = report.document
        open_lists: dict[str, list[list]] = {}
        prev_by_style: dict[str, object] = {}
        placed: list[tuple[object, str, int]] = []          # (heading, style, level) as counted
        slips: list[list[tuple[object, str, str]]] = []      # runs of (heading, right style, a sibling)
        for i, h in enumerate(headings):
            if h.style == UNNUMBERED:
                continue                  # no number to count (its missing number is _unnumbered's)
            style, level = h.style, h.level
            self._close(open_lists, prev_by_style, level)
            own = open_lists.get(style, [])
            if h.number != 1 and not (own and own[-1][-1] + 1 == h.number) \
                    and not any(lst[-1] + 1 == h.number for lst in own):     # (the last list goes on, mostly)
                twin = ARABIC_TWIN.get(style)
                if twin and open_lists.get(twin) and open_lists[twin][-1][-1] + 1 == h.number \
                        and not _own_sibling_before(headings, i, prev_by_style[twin]) \
                        and not _lower_lists_go_on(headings, i, STYLE_RANKS[twin]):
                    sibling = prev_by_style[twin]
                    if slips and slips[-1][-1][0] is sibling:
                        slips[-1].append((h, twin, sibling.marker))      # the run goes on
                    else:
                        slips.append([(h, twin, sibling.marker)])
                    style, level = twin, STYLE_RANKS[twin]
                    self._close(open_lists, prev_by_style, level)
                elif style in CHINESE_TWIN and not own:
                    earlier = _arabic_run(placed, style, level, h.number)
                    if earlier:
                        slips.append([(e, style, h.marker) for e in earlier])
                        open_lists[style] = [[e.number for e in earlier]]
            placed.append((h, style, level))
            lists = open_lists.setdefault(style, [])
            prev = prev_by_style.get(style)
            prev_by_style[style] = h
            if h.number == 1 or not lists:
                lists.append([h.number])      # a list that starts part-way is not provable
                continue
            resumed = len(lists) - 1 if lists[-1][-1] + 1 == h.number else next(     # (mostly the last list)
                (i for i in range(len(lists) - 2, -1, -1) if lists[i][-1] + 1 == h.number), None)
            if resumed is not None:
                del lists[resumed + 1:]
                lists[resumed].append(h.number)
                continue
            last = lists[-1][-1]
            lists[-1].append(h.number)
            if h.number == last and prev is not None:
                yield self._finding(h, f"序号“{h.marker}”与上一个同级标题重复", _label(style, last + 1))
            elif h.number > last + 1 and 1 <= level <= 2:
                missing = [_label(style, n) for n in range(last + 1, h.number)]
                bare = _unnumbered(doc, prev, h) if len(missing) == 1 else None
                if bare is not None:
                    yield self.finding(bare, f"“{_label(style, last)}”与“{h.marker}”之间的标题“"
                                             f"{doc.text[bare.start:bare.end]}”没有序号，应为“{missing[0]}”。",
                                       expected=missing[0] + doc.text[bare.start:bare.end], actual="（无序号）")
                    continue
                yield self._finding(h, f"“{_label(style, last)}”之后是“{h.marker}”，缺少“{'、'.join(missing)}”",
                                    _label(style, last + 1))
        for run in slips:
            yield self._slip(run)

    @staticmethod
    def _close(open_lists, prev_by_style, level: int) -> None:
        """A heading closes the lists of the levels below it."""
        if len(open_lists) == 1 and STYLE_RANKS[next(iter(open_lists))] <= level:
            return                  # (one list open, at or above the level: mostly)
        for style in [s for s in open_lists if STYLE_RANKS[s] > level]:
            del open_lists[style]
            prev_by_style.pop(style, None)

    def _slip(self, run):
        """One finding for a run of Arabic markers standing for Chinese ones."""
        first, style, sibling = run[0]
        last = run[-1][0]
        right = [_label(style, h.number) for h, _, _ in run]
        said = f"“{first.marker}”" + (f"至“{last.marker}”" if len(run) > 1 else "")
        should = f"“{right[0]}”" + (f"至“{right[-1]}”" if len(run) > 1 else "")
        return self.finding(first.span, f"标题序号{said}应为{should}：与它同级的“{sibling}”用汉字编号。",
                            expected="、".join(right) if len(run) > 1 else right[0],
                            actual="、".join(h.marker for h, _, _ in run))

    def _finding(self, h, what: str, expected: str):
        return self.finding(h.span, what + "，标题序号应连续。", expected=expected, actual=h.marker)


def _own_sibling_before(headings, i: int, twin_last) -> bool:
    """True when heading i follows a heading of its own style numbered one less,
    after the last heading of the twin style ("一、…1、…（一）…2、": 2、 follows 1、)."""
    h = headings[i]
    k = next((k for k in range(i - 1, -1, -1) if headings[k].style == h.style), None)
    return k is not None and headings[k].number + 1 == h.number and headings[k].span.start > twin_last.span.start


def _lower_lists_go_on(headings, i: int, rank: int) -> bool:
    """True when a lower-level list open before heading i goes on after it (up to the
    next heading of ``rank`` or above): then heading i does not stand at ``rank``,
    which would have closed that list."""
    for j in range(i + 1, len(headings)):
        g = headings[j]
        if g.level <= rank:
            return False
        k = next((k for k in range(j - 1, -1, -1) if headings[k].style == g.style), None)
        if k is not None and k < i and headings[k].number + 1 == g.number \
                and not any(headings[m].level < g.level for m in range(k + 1, i)):
            return True
    return False


def _arabic_run(placed, style: str, level: int, number: int) -> list:
    """The headings "（1）…" that open the parent of a Chinese-numbered list starting at
    ``number`` > 1 ("（1）…（二）（三）"): they stand for its first members."""
    if number <= 1:
        return []
    parent = next((k for k in range(len(placed) - 1, -1, -1) if placed[k][2] < level), -1)
    after = placed[parent + 1:]
    run = [h for h, st, _ in after if st == CHINESE_TWIN[style]]
    if after and run and after[0][0] is run[0] and [h.number for h in run] == list(range(1, number)):
        return run
    return []


def _unnumbered(doc, prev, h) -> Span | None:
    """The one short unnumbered line between two headings that reads as the heading
    missing between them: after some text of the section before (a section's only
    line is its content), and not a table caption or a note."""
    if prev is None:
        return None
    lines = [(o, line) for o, line in doc.prose_lines() if prev.span.end <= o < h.span.start]
    found = []
    for o, line in lines[1:]:
        title = line.strip()
        if _BARE_TITLE.fullmatch(title) and not title.endswith("表") and not title.startswith(("注", "说明", "单位")):
            at = o + line.find(title)
            found.append(Span(at, at + len(title)))
    return found[0] if len(found) == 1 else None


@rule
class DoubledPunctuation(Rule):
    """标点符号不应重复（"%%"、"。。"、"，，"、"。，"），重复为警告。
    错误示例："增长4.63%%"。
    正确示例："增长4.63%"。"""

    id = "JS-R702"
    family = "format"
    severity = "warning"
    title = "标点符号重复"

    def check(self, report: Report):
        text = report.document.text
        for m in report.document.prose_matches(_DOUBLED):
            start = m.start()
            if m.group(1) in "%％":          # the number the sign belongs to: "4.63%%"
                while start > 0 and (text[start - 1].isdigit() or text[start - 1] == "."):
                    start -= 1
            said = text[start:m.end()]
            yield self.finding(Span(start, m.end()), f"“{said}”标点重复。",
                               expected=said[:len(said) - len(m.group(0)) + 1], actual=said)


def _places(doc, starts: list[int]) -> str:
    """"共3处：第12行、第40行…" for the places a wording stands."""
    names = list(dict.fromkeys(place(doc, o) for o in sorted(starts)))
    shown = [n[n.rfind("第"):] if i and _file_of(n) == _file_of(names[i - 1]) else n   # a file named once
             for i, n in enumerate(names[:10])]
    return f"共{len(starts)}处：" + "、".join(shown) + ("等" if len(names) > 10 else "")


def _file_of(name: str) -> str:
    """The file a place name starts with ("X-tables.pdf" of "X-tables.pdf第12行"), or ""."""
    return name[:name.rfind("第")]


@rule
class Placeholder(Rule):
    """模板占位符应填写完毕：单位名称或数字处不应留有 "XX"、"××"、"某某"。未替换为警告。
    错误示例："通州区XX街道"。
    正确示例："通州区中仓街道"。"""

    id = "JS-R703"
    family = "meta"
    severity = "warning"
    title = "模板占位符未替换"

    def check(self, report: Report):
        doc = report.document
        places: dict[str, list] = {}
        for m in prose_near_words(doc, _PLACEHOLDER, _PLACEHOLDER_NEAR):
            places.setdefault(m.group(0), []).append(m)
        for text, ms in places.items():
            yield self.finding(Span(ms[0].start(), ms[0].end()),
                               f"“{text}”是模板占位符，应替换为实际名称或数字（{_places(doc, [m.start() for m in ms])}）。",
                               expected="实际内容", actual=text)


@rule
class TemplateLeftover(Rule):
    """公开文本不应保留模板用语：未作取舍的并列写法（"增加（减少）"、"增长（下降）"、"增（减）"、"部门（单位）"），
    以及给填报人的说明（"无政府性基金预算财政拨款收入支出的，仍保留该表格式，并在本表下方作下述说明："、"（所有部门均需填报）"、"（如持平作持平表述）"、"列明公务用车购置数量"、"…根据…填写。"）。
    每种用语报告一次并列出所在各行，为警告。
    错误示例："比年初预算增加（减少）0元"。
    正确示例："与年初预算持平"。"""

    id = "JS-R705"
    family = "meta"
    severity = "warning"
    title = "模板用语或填报说明未删除"

    def check(self, report: Report):
        doc = report.document
        text = doc.text
        unsigned = [cs.span for cs in report.changes     # JS-R401 reports these ("增加减少18,125.00元")
                    if cs.direction == "both" and cs.delta is not None and cs.delta.value != 0]
        alternatives: dict[str, list[Span]] = {}
        for m in _ALTERNATIVE.finditer(text):
            pair = _alternative_pair(m.group(0))
            bracketed = any(c in m.group(0) for c in "（(")
            if any(sp.start <= m.start() < sp.end for sp in unsigned):
                continue
            if pair in _ANTONYMS and (bracketed or pair not in _BRACKETED_ONLY):
                alternatives.setdefault(m.group(0), []).append(Span(m.start(), m.end()))
        instructions: dict[str, list[Span]] = {}
        seen: set[int] = set()
        for rx, opens, near in _INSTRUCTIONS:
            for m in find_near_words(rx, text, *near) if near else rx.finditer(text):
                if opens and _char_before(text, m.start()) not in _CLAUSE_OPENERS:
                    continue
                if rx is _BASIS and _in_note(text, m.start()):
                    continue
                if rx is _FORMAT_RULE and _UNIT_BEFORE.search(text, text.rfind("\n", 0, m.start()) + 1, m.start()):
                    continue
                start = max(text.rfind(c, 0, m.start()) for c in _SENTENCE_END) + 1
                if start in seen:
                    continue
                seen.add(start)
                ends = [i for i in (text.find(c, m.end()) for c in _SENTENCE_END) if i != -1]
                end = min(ends) + (text[min(ends)] in "。；;！？!?") if ends else len(text)
                sentence = text[start:end].strip()
                shown = sentence if len(sentence) <= 60 else m.group(0)
                instructions.setdefault(shown, []).append(Span(start, end))
        for words, spans in alternatives.items():
            yield self._finding(doc, words, spans, f"“{words}”是模板中的备选用语，应按实际情况只保留其一")
        for sentence, spans in instructions.items():
            yield self._finding(doc, sentence, spans, f"“{sentence}”是模板中给填报人的说明，应删除")

    def _finding(self, doc, text: str, spans: list[Span], what: str):
        return self.finding(spans[0], f"{what}（{_places(doc, [s.start for s in spans])}）。", expected="删除或改为实际内容",
                            actual=text[:60])


def _in_note(text: str, at: int) -> bool:
    """Whether ``at`` stands in a 注 (note) block: its line, or one of the few lines
    before it with no blank line between, opens with "注：" / "备注："."""
    end = at
    for _ in range(_NOTE_LINES):
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if _NOTE_START.match(line):
            return True
        if start == 0 or not line.strip():
            return False
        end = start - 1
    return False


def _char_before(text: str, at: int) -> str:
    """The character before ``at``, blanks skipped ("" at the start of the text)."""
    while at > 0 and text[at - 1] in " \t\u3000":
        at -= 1
    return text[at - 1] if at > 0 else ""


def _alternative_pair(words: str) -> frozenset:
    """The two words of "增加（减少）", "增加/减少" or "增加减少"."""
    inner = re.split(r"[（()）/／]", words)
    parts = [p for p in inner if p]
    if len(parts) == 1:
        w = parts[0]
        parts = [w[:len(w) // 2], w[len(w) // 2:]]
    return frozenset(parts)


@rule
class RateWithoutPercent(Rule):
    """比率应带“%”：增长、下降、占…的、比重、比例、执行率、完成率、差异率、结余率之后跟一个不带“%”的数，即缺少百分号（0 可不带）。
    为警告。
    错误示例："与上年相比增加1454.35万元，增长8.8。"。
    正确示例："…增长8.8%。"。"""

    id = "JS-R706"
    family = "format"
    severity = "warning"
    title = "百分比缺少“%”"

    def check(self, report: Report):
        for m in report.document.prose_matches(_BARE_RATE):
            if float(m.group(1)) == 0:
                continue
            yield self.finding(Span(m.start(), m.end(1)), f"“{m.group(0).strip()}”是比率，数字后缺少“%”。",
                               expected=m.group(1) + "%", actual=m.group(1))


@rule
class UnitNameVariants(Rule):
    """单位名称应前后写法一致：不应一处用“和”一处用“与”，
    也不应漏掉正式名称中间的一级（"北京市椿树街道办事处" 对 "北京市西城区人民政府椿树街道办事处"：漏了区）。
    从左侧省略的名称（"西城区椿树街道办事处"、"椿树街道办事处"）是通常的简称，不算不一致。为警告。
    错误示例：标题写 "北京市文化和旅游局"，正文写 "北京市文化与旅游局"。
    正确示例：全文同一写法。"""

    id = "JS-R707"
    family = "meta"
    severity = "warning"
    title = "单位名称前后写法不一"

    def check(self, report: Report):
        org = report.meta.org
        if not org or len(org) < 6:
            raise Skip("未识别出单位全称")
        text = report.document.text
        variants: dict[str, list[Span]] = {}
        swapped = org.translate(str.maketrans("和与", "与和"))
        if swapped != org:
            for m in re.finditer(re.escape(swapped), text):
                variants.setdefault(swapped, []).append(Span(m.start(), m.end()))
        places = []
        at = 0
        while (m := _PLACE.match(org, at)) is not None:
            places.append(m.group(0))
            at = m.end()
        core = org[at:].removeprefix("人民政府")
        if len(places) >= 2 and len(core) >= 4:
            for m in re.finditer(re.escape(core), text):
                window = text[max(0, m.start() - 16):m.start()]
                before = window.removesuffix("人民政府")
                if before.endswith(places[-1]):
                    continue
                kept = next((p for p in reversed(places[:-1]) if before.endswith(p)), None)
                if kept is not None:            # "北京市椿树街道办事处": the places after it are left out
                    start = m.start() - (len(window) - len(before)) - len(kept)
                    variants.setdefault(text[start:m.end()], []).append(Span(start, m.end()))
        doc = report.document
        for name, spans in variants.items():
            yield self.finding(spans[0], f"单位名称写作“{name}”，与全称“{org}”不一致（{_places(doc, [sp.start for sp in spans])}）。",
                               expected=org, actual=name)


@rule
class YearMatchesReport(Rule):
    """日期、标题和表名应写文件所属年度：决算写决算年度（"截至YYYY年12月31日"、标题中的"YYYY年度"、"YYYY年度…决算表"）；
    部门预算中资产的时点应在预算年度之前（"2024年部门预算…截至2023年 12月31日"）。不符为错误。
    错误示例：2023年决算中写 "截至2022年12月31日，本单位共有车辆5辆"。
    正确示例："截至2023年12月31日…"。"""

    id = "JS-R704"
    family = "meta"
    title = "年份与决算年度不符"

    def check(self, report: Report):
        year = report.meta.year
        if year is None:
            raise Skip("未识别出决算年度")
        budget = report.doc_type == "budget"       # a budget states holdings as of a date before its year
        kind = "预算年度" if budget else "决算年度"
        for m in prose_near_words(report.document, _CUTOFF, _CUTOFF_NEAR):
            if int(m.group(1)) != year and not (budget and int(m.group(1)) < year):
                yield self.finding(Span(m.start(1), m.end(1)), f"{kind}为{year}年，此处“{m.group(0)}”的年份不符。",
                                   expected=str(year), actual=m.group(1))
        titled = not budget and any(w in report.document.text for w in _TITLE_WORDS)    # (a pass of re costs more)
        for m in report.document.prose_matches(_TITLE_YEAR) if titled else ():     # a 决算 table's title
            if int(m.group(1)) != year:
                yield self.finding(Span(m.start(1), m.end(1)), f"表名“{m.group(0)}”的年度与{kind}{year}年不符。",
                                   expected=str(year), actual=m.group(1))
        for s in report.sections:
            if s.level > 1:
                continue
            m = _HEADING_YEAR.search(s.title)
            if m and int(m.group(1)) != year and not (budget and int(m.group(1)) == year - 1):
                start = s.span.start + report.document.text[s.span.start:s.span.end].find(m.group(1))
                yield self.finding(Span(start, start + 4), f"标题中的“{m.group(0)}”与{kind}{year}年不符。",
                                   expected=str(year), actual=m.group(1))
