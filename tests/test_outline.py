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


def test_entries_with_a_dot_leader_are_the_contents():
    text = CONTENTS.replace("目 录\n", "").replace("一、部门主要职能\n", "一、部门主要职能……………1\n", 1) \
        .replace("二、名词解释\n", "二、名词解释 ...... 12 \n", 1).replace("三、部门预算编制说明\n", "三、部门预算编制说明…\n", 1)
    found = titles(text)
    assert ("", "名词解释") in found and ("", "2024年部门预算编制说明") in found


def test_without_contents_no_heading_is_added():
    text = CONTENTS.replace("目 录\n", "")
    assert all(marker for marker, _ in titles(text)[:3])
    assert ("", "名词解释") not in titles(text)


def test_the_lines_about_a_topic_are_those_whose_innermost_section_is_about_it():
    """Report.prose_lines_about reads only the bodies of the sections about the topics, and
    gives what asking every line's section gives (a nested part about another topic is left out)."""
    from juesuan.extract import build_report

    text = ("某单位2023年度部门决算\n一、收入支出决算总体情况说明\n本年收入合计100.00万元。\n"
            "二、一般公共预算财政拨款支出决算情况说明\n（一）总体情况\n支出80.00万元。\n"
            "（二）“三公”经费支出情况\n“三公”经费支出2.00万元。\n（三）结构情况\n"
            "“一般公共服务支出”（类）50.00万元。\n三、政府性基金预算财政拨款支出决算情况说明\n本年度无此项支出。\n"
            "四、其他重要事项的说明\n机关运行经费10.00万元。\n")
    report = build_report(read_bytes("a.txt", text.encode("utf-8")))
    for topics in (("general",), ("general", "fund"), ("three_public",), ("nothing",)):
        every = [(offset, line, s) for offset, line in report.document.prose_lines()
                 if (s := report.section_at(offset)) is not None and s.topic in topics]
        assert list(report.prose_lines_about(topics)) == every
    general = [line for _, line, _ in report.prose_lines_about(("general",))]
    assert "支出80.00万元。" in general and "“三公”经费支出2.00万元。" not in general
