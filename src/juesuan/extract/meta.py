"""Document metadata: the unit's name, the report year, the money unit, the kind.

The year is the one the document names most often as "20XX年度" (else
"20XX年"); the unit's name is the one the title states ("2023年度泸州市中医医院
单位决算", "柞水县审计局2020年部门决算", over up to three lines) or a heading
line labels ("预算主管部门：…"), else the most frequent full name of a
government body ("北京市西城区人民政府展览路街道办事处"), searched also across
the title's line breaks.  Most units do not begin their names with the
province's, so the title comes first; a longer full name that contains the
title's short one ("中共江苏省委办公厅" for "江苏省委办公厅") is preferred.
"""

from __future__ import annotations

import re
from collections import Counter

from ..document import Document, Span
from ..model import Amount, Figure, Meta
from ..openings import find_opening

_PROVINCES = ("北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|"
              "广东|海南|四川|贵州|云南|陕西|甘肃|青海|内蒙古|广西|西藏|宁夏|新疆")
_STRONG_SUFFIX = ("办事处", "人民政府", "委员会", "厅", "局", "办公室", "中心", "医院", "学校", "馆", "院", "镇", "乡")
_ORG_HEAD = (rf"(?:中共|中国共产党)?(?:{_PROVINCES})(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)?"
             r"(?:[\u4e00-\u9fa5]{1,4}(?:市|州|盟))?(?:[\u4e00-\u9fa5]{1,4}(?:区|县|旗))?"
             r"(?:人民政府)?[\u4e00-\u9fa5（）()]{0,16}?")
ORG_STRONG = re.compile(_ORG_HEAD + "(?:" + "|".join(_STRONG_SUFFIX) + r"|部(?!门))(?![\u4e00-\u9fa5]{0,2}(?:工作|职责))")
ORG_WEAK = re.compile(_ORG_HEAD + r"街道")
# an organ word right after the one a name was cut at: the name goes on to its last organ word
# (中国共产党江苏省委员会|办公厅, 中共某市委员会|组织部)
ORG_GOES_ON = re.compile(r"[\u4e00-\u9fa5]{0,3}?(?:" + "|".join(_STRONG_SUFFIX) + r"|部(?!门))"
                         r"(?![\u4e00-\u9fa5]{0,2}(?:工作|职责))")
ORG_SCAN_LIMIT = 30000     # the name is stated in the first pages
# A year in digits or in Chinese numerals, as titles write it ("二〇二三年度", "二○二四年")
_YEAR = r"(20\d\d|二[〇○零]二[〇○零一二三四五六七八九])"
_CHINESE_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
YEAR_STRICT = re.compile(_YEAR + r"\s*年度")
YEAR_LOOSE = re.compile(_YEAR + r"\s*年")
TITLE_YEAR = re.compile(_YEAR + r"\s*年度?[^\n。，；0-9]{0,16}?(?:部门|单位)(?:预算|决算)")
TITLE_SCAN = 200           # the title is in the first lines

# The title: "<year>年(度)<name>部门|单位决算|预算" or "<name>(本级)[关于]<year>年(度)[部门|单位]决算|预算",
# each read from the start of one of the first lines joined with up to two more.
_NAME = r"(?P<name>[\u4e00-\u9fa5（）()]{3,40}?)"
_TITLE_NAMES = (
    re.compile(_YEAR + r"年度?" + _NAME + r"(?:部门|单位)(?:决算|预算)"),
    re.compile(_NAME + r"(?:关于)?" + _YEAR + r"年度?(?:部门|单位)?(?:决算|预算)"),
)
# A heading line that labels the unit ("预算主管部门：…", "编制单位：… 单位：万元"): one line.
_LABELLED_NAME = re.compile(r"(?:预算主管部门|主管部门|编制部门|编制单位|部门名称|单位名称|部门|单位)[:：]"
                            + _NAME + r"(?:(?:金额)?单位[:：]|$)")
_NOT_A_NAME = re.compile(r"决算|预算|公开|年度|说明|目录|报表|部分|关于|^[亿万千]?元|^(?:本|我|该)")
_PLACE_ONLY = re.compile(r"(?:省|市|区|县|州|盟|旗)$")
_SELF_LEVEL = re.compile(r"[（(]本级[）)]$")
_BLANKS = re.compile(r"\s+")
TITLE_LINES = 20           # the title and its labels are in the first lines (after a web page's header)
TITLE_SPAN_LINES = 3       # a title broken over up to three lines

_KINDS = {
    "final_accounts": ("部门决算", "单位决算", "决算说明", "收入决算", "支出决算", "决算报表", "决算公开"),
    "performance_report": ("绩效评价报告", "绩效自评", "整体绩效", "绩效跟踪报告", "绩效评价"),
    "budget": ("部门预算公开", "单位预算", "预算说明", "收支预算", "预算报表", "收入预算", "支出预算"),
}
# A title that says which: "…2024年部门预算", "…单位决算", "2023年度决算公开说明" (not a
# 绩效 report's title, which may name the 部门预算 it evaluates).
_TITLE_KIND = re.compile(_YEAR + r"年度?[^，。；\d]{0,40}?(?P<level>部门|单位)?(?P<word>决算|预算)")
_TITLE_KIND_WORDS = {"决算": "final_accounts", "预算": "budget"}
_NOT_A_TITLE_KIND = re.compile(r"绩效|评价|执行情况")


def find_year(doc: Document) -> tuple[int | None, Span | None]:
    """The year the title names ("上海市普陀区2024年区级部门预算"), else the most frequent."""
    return doc.once(_year)


def _year(doc: Document) -> tuple[int | None, Span | None]:
    title = TITLE_YEAR.search(doc.text, 0, TITLE_SCAN)
    if title:
        return year_value(title.group(1)), Span(title.start(1), title.end(1))
    for rx in (YEAR_STRICT, YEAR_LOOSE):
        found = list(rx.finditer(doc.text))
        if found:
            counts = Counter(year_value(m.group(1)) for m in found)
            year = counts.most_common(1)[0][0]
            first = next(m for m in found if year_value(m.group(1)) == year)
            return year, Span(first.start(1), first.end(1))
    return None, None


def year_value(text: str) -> int:
    """The year a text writes in digits or Chinese numerals: "二〇二三" → 2023."""
    return int(text.translate(_CHINESE_DIGITS))


_START = re.compile(rf"中共(?:{_PROVINCES})|中国共产党(?:{_PROVINCES})|{_PROVINCES}")
PARTY = "中国共产党"     # a party organ is named without it, as it names itself in short
_START_OPENINGS = ("中共", PARTY, *_PROVINCES.split("|"))    # found from these: see juesuan.openings


def _starts(text: str) -> list[int]:
    """Where a full name may begin: a province's name in the first pages."""
    return [m.start() for m in find_opening(_START, text, _START_OPENINGS, 0, ORG_SCAN_LIMIT)]


def find_org(doc: Document) -> tuple[str | None, Span | None]:
    """The name the title states, else the most frequent full name (see the module's doc)."""
    return doc.once(_org)


def _org(doc: Document) -> tuple[str | None, Span | None]:
    titled = title_org(doc)
    frequent, frequent_span = _frequent_org(doc)
    if titled is None or (frequent is not None and titled in frequent):
        return frequent, frequent_span
    return titled, _span_of(doc, titled)


def title_org(doc: Document) -> str | None:
    """The unit's name in the title lines: of the names found there, the longest that
    the document states again (a line joined to the one before may add a word that
    is no part of the name, stated once)."""
    lines = [_BLANKS.sub("", line) for line in doc.text[:3000].splitlines()]
    lines = [line for line in lines if line][:TITLE_LINES]
    matches = [rx.match("".join(lines[start:start + width]))
               for start in range(len(lines)) for width in range(1, TITLE_SPAN_LINES + 1) for rx in _TITLE_NAMES]
    matches += [_LABELLED_NAME.search(line) for line in lines]
    found = {name for m in matches if m
             for name in [_SELF_LEVEL.sub("", m.group("name")).removeprefix(PARTY)]
             if len(name) >= 3 and not _NOT_A_NAME.search(name) and not _PLACE_ONLY.search(name)}
    if not found:
        return None
    head = doc.text[:ORG_SCAN_LIMIT]
    # A name holds no blank: taking the blanks out keeps each time it is stated and may
    # join more, so the blank-free text is needed only for a name stated less than twice.
    stated_again = [name for name in found if head.count(name) >= 2
                    or _BLANKS.sub("", head).count(name) >= 2]
    return max(stated_again or found, key=len)


def _span_of(doc: Document, name: str) -> Span | None:
    """Where the name first stands in the text (whole, not broken by a line end)."""
    pos = doc.text.find(name)
    return Span(pos, pos + len(name)) if pos >= 0 else None


def _frequent_org(doc: Document) -> tuple[str | None, Span | None]:
    """The most frequent full name; names in the title (first lines) count double."""
    joined_head = _BLANKS.sub("", doc.text[:400])
    for rx in (ORG_STRONG, ORG_WEAK):
        candidates = Counter(_whole_name(doc.text, m) for start in _starts(doc.text)
                             if (m := rx.match(doc.text, start)) is not None)
        for m in rx.finditer(joined_head):
            candidates[_whole_name(joined_head, m)] += 2
        if candidates:
            break
    else:
        return None, None
    best = max(candidates, key=lambda n: (candidates[n], -doc.text.find(n)))
    best = best.removeprefix(PARTY)
    return best, _span_of(doc, best)


def _whole_name(text: str, m: re.Match) -> str:
    """The name ``m`` found, up to its last organ word (the search stops at the first)."""
    end = m.end()
    while m.re is ORG_STRONG and (more := ORG_GOES_ON.match(text, end)) is not None:
        end = more.end()
    return text[m.start():end]


def find_kind(doc: Document) -> str:
    """The first kind whose words occur at least twice; between 决算 and 预算, the one
    the title names (a budget that compares with last year's 支出决算 stays a budget;
    a budget of tables alone, titled "2025年部门预算信息公开", is one)."""
    return doc.once(_kind)


def _kind(doc: Document) -> str:
    kind = next((kind for kind, words in _KINDS.items() if _occurs(doc.text, words, 2)), "unknown")
    if kind == "performance_report":
        return kind
    return _title_kind(doc, of_a_unit=kind == "unknown") or kind


def _title_kind(doc: Document, of_a_unit: bool) -> str | None:
    """决算 or 预算 as the title (its first lines, joined) says; ``of_a_unit``: only a
    部门/单位 one (not "2024年中央预算" in an article)."""
    head = "".join("".join(line.split()) for line in doc.text[:TITLE_SCAN * 2].splitlines()[:TITLE_LINES // 2])
    m = _TITLE_KIND.search(head, 0, TITLE_SCAN)
    if m is None or _NOT_A_TITLE_KIND.search(m.group(0)) or (of_a_unit and not m.group("level")):
        return None
    return _TITLE_KIND_WORDS[m.group("word")]


def _occurs(text: str, words: tuple[str, ...], times: int) -> bool:
    """True when the words occur ``times`` times in all (as str.count counts), found by
    searching no further than needed."""
    found = 0
    for w in words:
        pos = text.find(w)
        while pos != -1:
            found += 1
            if found == times:
                return True
            pos = text.find(w, pos + len(w))
    return False


HEADLINE_KEYS = ("totals.", "income.", "expenditure.")


def dominant_unit(amounts: list[Amount]) -> str | None:
    counts = Counter(a.unit for a in amounts if a.value != 0)
    return counts.most_common(1)[0][0] if counts else None


def narrative_unit(amounts: list[Amount], figures: list[Figure]) -> str | None:
    """The unit the narrative states its totals (收入/支出/总计) in, else the unit of most of
    its amounts: a 决算说明 in 元 followed by a 绩效 report in 万元 is in 元."""
    return dominant_unit([f.amount for f in figures if f.key and f.key.startswith(HEADLINE_KEYS)]) \
        or dominant_unit(amounts)


def build_meta(doc: Document, amounts: list[Amount], figures: list[Figure],
               found_year: tuple[int | None, Span | None]) -> Meta:
    """The metadata, given the narrative's amounts and figures and ``find_year(doc)``."""
    year, year_span = found_year
    org, org_span = find_org(doc)
    return Meta(org=org, org_span=org_span, year=year, year_span=year_span, unit=narrative_unit(amounts, figures))
