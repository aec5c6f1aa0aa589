"""The outline (``extract.outline``): numbered headings, and the unnumbered ones the contents number."""

from __future__ import annotations

from juesuan.extract.outline import build_outline
from juesuan.readers import read_bytes

CONTENTS = ("某街道2024年区级部门预算\n目 录\n一、部门主要职能\n二、名词解释\n三、部门预算编制说明\n"
            "某街道办事处（部门）主要职能\n一、加强党的建设。落实基层党建责任制。\n二、承办区委交办的其他事项。\n"
            "名词解释\n（一）财政拨款收入：是本年度从本级财政部门取得的财政拨款。\n"
            "2024年部门预算编制说明\n2024年收入预算15621.11万元。\n")


def titles(text: str) -> list[tuple[str, str]]:
    return [(s.marker, s.title) for s in build_outline(read_bytes("toc.txt", text.encode("utf-8")))]


def test_a_title_the_contents_number_is_a_heading_without_its_number():
    found = titles(CONTENTS)
    assert ("", "名词解释") in found and ("", "2024年部门预算编制说明") in found
    assert ("", "某街道办事处（部门）主要职能") in found


def test_the_glossary_is_not_a_part_of_the_last_numbered_item_before_it():
    doc = read_bytes("toc.txt", CONTENTS.encode("utf-8"))
    sections = build_outline(doc)
    at = doc.text.index("（一）财政拨款收入")
    top = [s for s in sections if s.level <= 1 and s.body.start <= at < s.body.end]
    assert [s.title for s in top] == ["名词解释"]


def test_without_contents_no_heading_is_added():
    text = CONTENTS.replace("目 录\n", "")
    assert all(marker for marker, _ in titles(text)[:3])
    assert ("", "名词解释") not in titles(text)
