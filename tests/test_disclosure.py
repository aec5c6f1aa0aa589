"""A disclosure published as several files (说明 and 报表): which files of a call
belong together, and ``check`` on them as one document, each finding in the
file where it stands (``location.file``, that file's own line)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from juesuan.cli import main
from juesuan.disclosure import group, join
from juesuan.document import Span
from juesuan.readers import read_bytes
from txt_tables import table


NARRATIVE = """北京市通州区永顺镇人民政府2024年度部门决算公开说明
第二部分 2024年度部门决算说明
二、收入支出决算总体情况说明
（二）支出决算说明
2024年度本年支出合计310.00万元，其中：基本支出250.00万元，项目支出60.00万元。
"""
TABLES = "北京市通州区永顺镇人民政府2024年度部门决算表\n支出决算表\n单位：万元\n" + table([
    ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"],
    ["201", "一般公共服务支出", "300.00", "250.00", "50.00"],
    ["210", "卫生健康支出", "0.00", "0.00", "1.00"],
    ["合计", "", "300.00", "250.00", "50.00"],
])
OTHER_NARRATIVE = NARRATIVE.replace("永顺镇", "宋庄镇")


def doc(name: str, text: str):
    return read_bytes(name, text.encode("utf-8"))


def test_names_pair_a_narrative_with_its_tables():
    docs = [doc("a/ys-2024.txt", NARRATIVE), doc("a/zz-2024.txt", OTHER_NARRATIVE),
            doc("a/ys-2024-tables.txt", TABLES)]
    assert group(docs) == [[0, 2], [1]]


def test_names_pair_only_within_one_folder():
    """A folder per unit, each holding 部门决算.txt and 部门决算-tables.txt: every tables file
    pairs with the narrative beside it, not with the first one of the call."""
    docs = [doc("ys/部门决算.txt", NARRATIVE), doc("ys/部门决算-tables.txt", TABLES),
            doc("sz/部门决算.txt", OTHER_NARRATIVE), doc("sz/部门决算-tables.txt", TABLES.replace("永顺镇", "宋庄镇"))]
    assert group(docs) == [[0, 1], [2, 3]]


def test_contents_pair_a_narrative_with_its_tables():
    docs = [doc("a/shuoming.txt", NARRATIVE), doc("a/baobiao.txt", TABLES)]
    assert group(docs) == [[0, 1]]


def test_contents_do_not_pair_when_two_narratives_would_fit():
    tables = TABLES.replace("北京市通州区永顺镇人民政府", "")        # the tables file names no unit
    docs = [doc("a/one.txt", NARRATIVE), doc("a/two.txt", OTHER_NARRATIVE), doc("a/t.txt", tables)]
    assert group(docs) == [[0], [1], [2]]


def test_a_joined_document_places_a_span_in_its_own_file():
    joined = join([doc("n.txt", NARRATIVE), doc("t.txt", TABLES)])
    at = joined.text.index("卫生健康支出")
    place = joined.local(Span(at, at + 6))
    assert place["file"] == "t.txt"
    assert place["line"] == TABLES[:TABLES.index("卫生健康支出")].count("\n") + 1
    assert TABLES[place["start"]:place["end"]] == "卫生健康支出"


def run_check(tmp_path, files, *options):
    paths = []
    for name, text in files:
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    result = CliRunner().invoke(main, ["check", "--format", "json", *options, *paths])
    return [json.loads(line) for line in result.output.splitlines() if line.strip()], paths


def test_check_compares_the_narrative_with_the_tables_file(tmp_path):
    objects, (narrative, tables) = run_check(tmp_path, [("ys-2024.txt", NARRATIVE), ("ys-2024-tables.txt", TABLES)])
    assert [o["file"] for o in objects] == [narrative, tables]
    assert all(o["together"] == [narrative, tables] for o in objects)
    in_narrative = [f for f in objects[0]["findings"] if f["rule"] == "JS-R501"]
    assert in_narrative and all(f["location"]["file"] == narrative and f["location"]["line"] == 5
                                for f in in_narrative)
    row_sum = [f for f in objects[1]["findings"] if f["rule"] == "JS-R210"]
    assert row_sum and row_sum[0]["location"]["file"] == tables
    assert TABLES.splitlines()[row_sum[0]["location"]["line"] - 1].strip() == "210"
    assert objects[0]["figures"]["expenditure.total"] == "3000000.00"


def test_together_joins_files_the_names_do_not_pair(tmp_path):
    misdated = TABLES.replace("2024年度", "2023年度")          # neither names nor contents pair them
    files = [("narrative.txt", NARRATIVE), ("baobiao.txt", misdated)]
    apart, _ = run_check(tmp_path, files)
    assert all("together" not in o for o in apart)
    assert not any(f["rule"] == "JS-R501" for f in apart[0]["findings"])
    joined, _ = run_check(tmp_path, files, "--together")
    assert all(len(o["together"]) == 2 for o in joined)
    assert any(f["rule"] == "JS-R501" for f in joined[0]["findings"])


def test_each_file_of_a_disclosure_has_its_own_coverage(tmp_path):
    objects, _ = run_check(tmp_path, [("ys-2024.txt", NARRATIVE), ("ys-2024-tables.txt", TABLES)])
    for o in objects:
        skipped = [s["rule"] for s in o["coverage"]["rules_skipped"]]
        assert len(skipped) == len(set(skipped))


def test_contents_do_not_pair_a_tables_file_of_another_unit():
    tables = TABLES.replace("北京市通州区永顺镇人民政府2024年度部门决算表\n",
                            "2024年度部门决算表\n部门：北京市通州区宋庄镇人民政府 单位：万元\n")
    assert group([doc("a/one.txt", NARRATIVE), doc("a/t.txt", tables)]) == [[0], [1]]
    assert group([doc("a/one.txt", OTHER_NARRATIVE), doc("a/t.txt", tables)]) == [[0, 1]]


def test_a_message_names_a_place_by_its_own_file_and_line(tmp_path):
    tables = TABLES + "\n注：请据实填写本表。\n"
    objects, (_, tables_path) = run_check(tmp_path, [("ys-2024.txt", NARRATIVE), ("ys-2024-tables.txt", tables)])
    leftover = [f for f in objects[1]["findings"] if f["rule"] == "JS-R705"]
    own_line = tables.splitlines().index("注：请据实填写本表。") + 1
    assert leftover and leftover[0]["location"]["line"] == own_line
    assert f"（共1处：ys-2024-tables.txt第{own_line}行）" in leftover[0]["message"]
