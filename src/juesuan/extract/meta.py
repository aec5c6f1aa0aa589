"""Document metadata: the unit's name, the report year, the money unit, the kind.

The year is the one the document names most often as "20XX年度" (else
"20XX年"); the unit's name is the most frequent full name of a government
body ("北京市西城区人民政府展览路街道办事处"), searched also across the
title's line breaks.
"""

from __future__ import annotations

import re
from collections import Counter

from ..document import Document, Span
from ..openings import find_opening
from ..model import Amount, Meta

_PROVINCES = ("北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|"
              "广东|海南|四川|贵州|云南|陕西|甘肃|青海|内蒙古|广西|西藏|宁夏|新疆")
_STRONG_SUFFIX = ("办事处", "人民政府", "委员会", "厅", "局", "办公室", "中心", "医院", "学校", "馆", "院", "镇", "乡")
_ORG_HEAD = (rf"(?:中共|中国共产党)?(?:{_PROVINCES})(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)?"
             r"(?:[\u4e00-\u9fa5]{1,4}(?:市|州|盟))?(?:[\u4e00-\u9fa5]{1,4}(?:区|县|旗))?"
             r"(?:人民政府)?[\u4e00-\u9fa5（）()]{0,16}?")
ORG_STRONG = re.compile(_ORG_HEAD + "(?:" + "|".join(_STRONG_SUFFIX) + r"|部(?!门))(?![\u4e00-\u9fa5]{0,2}(?:工作|职责))")
ORG_WEAK = re.compile(_ORG_HEAD + r"街道")
ORG_SCAN_LIMIT = 30000     # the name is stated in the first pages
YEAR_STRICT = re.compile(r"(20\d\d)\s*年度")
YEAR_LOOSE = re.compile(r"(20\d\d)\s*年")
TITLE_YEAR = re.compile(r"(20\d\d)\s*年度?[^\n。，；0-9]{0,16}?(?:部门|单位)(?:预算|决算)")
TITLE_SCAN = 200           # the title is in the first lines

_KINDS = {
    "final_accounts": ("部门决算", "决算说明", "收入决算", "支出决算", "决算报表", "决算公开"),
    "performance_report": ("绩效评价报告", "绩效自评", "整体绩效", "绩效跟踪报告", "绩效评价"),
    "budget": ("部门预算公开", "预算说明", "收支预算", "预算报表", "收入预算", "支出预算"),
}


def find_year(doc: Document) -> tuple[int | None, Span | None]:
    """The year the title names ("上海市普陀区2024年区级部门预算"), else the most frequent."""
    title = TITLE_YEAR.search(doc.text, 0, TITLE_SCAN)
    if title:
        return int(title.group(1)), Span(title.start(1), title.end(1))
    for rx in (YEAR_STRICT, YEAR_LOOSE):
        found = list(rx.finditer(doc.text))
        if found:
            counts = Counter(m.group(1) for m in found)
            year = counts.most_common(1)[0][0]
            first = next(m for m in found if m.group(1) == year)
            return int(year), Span(first.start(1), first.end(1))
    return None, None


_START = re.compile(rf"中共(?:{_PROVINCES})|中国共产党(?:{_PROVINCES})|{_PROVINCES}")
_START_OPENINGS = ("中共", "中国共产党", *_PROVINCES.split("|"))    # found from these: see juesuan.openings


def _starts(text: str) -> list[int]:
    """Where a full name may begin: a province's name in the first pages."""
    return [m.start() for m in find_opening(_START, text, _START_OPENINGS, 0, ORG_SCAN_LIMIT)]


def find_org(doc: Document) -> tuple[str | None, Span | None]:
    """The most frequent full name; names in the title (first lines) count double."""
    joined_head = re.sub(r"\s+", "", doc.text[:400])
    for rx in (ORG_STRONG, ORG_WEAK):
        candidates = Counter(m.group(0) for start in _starts(doc.text)
                             if (m := rx.match(doc.text, start)) is not None)
        for m in rx.finditer(joined_head):
            candidates[m.group(0)] += 2
        if candidates:
            break
    else:
        return None, None
    best = max(candidates, key=lambda n: (candidates[n], -doc.text.find(n)))
    best = best.removeprefix("中国共产党")
    pos = doc.text.find(best)
    return best, (Span(pos, pos + len(best)) if pos >= 0 else None)


def find_kind(doc: Document) -> str:
    """The first kind whose words occur at least twice."""
    return next((kind for kind, words in _KINDS.items() if _occurs(doc.text, words, 2)), "unknown")


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


def dominant_unit(amounts: list[Amount]) -> str | None:
    counts = Counter(a.unit for a in amounts if a.value != 0)
    return counts.most_common(1)[0][0] if counts else None


def build_meta(doc: Document, amounts: list[Amount], found_year: tuple[int | None, Span | None]) -> Meta:
    """The metadata, given ``find_year(doc)``."""
    year, year_span = found_year
    org, org_span = find_org(doc)
    return Meta(org=org, org_span=org_span, year=year, year_span=year_span, unit=dominant_unit(amounts))
