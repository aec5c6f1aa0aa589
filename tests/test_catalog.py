"""The classification catalog: its data hold together, and lookups find names by year."""

from __future__ import annotations

import pytest

from juesuan.catalog import (LEVEL_OF_LENGTH, _entries, class_code, class_name, entry,
                             functional_entries_named, loose)


def test_every_code_is_well_formed_and_its_names_do_not_overlap():
    entries = _entries()
    assert len(entries) > 250
    for code, e in entries.items():
        assert code.isdigit() and len(code) in LEVEL_OF_LENGTH, code
        assert e.scheme == {"2": "functional", "3": "department", "5": "government"}[code[0]]
        assert e.names and all(n.src for n in e.names), code
        spans = sorted((n.first, n.last) for n in e.names)
        assert all(first <= last for first, last in spans), code
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:])), f"{code}: two names in one year"


def test_every_functional_code_sits_under_a_known_class():
    for code, e in _entries().items():
        if e.scheme == "functional":
            assert class_name(code[:3]), code
            if len(code) == 7:
                assert code[:3] in _entries(), code


def test_class_names_old_and_new_give_the_code():
    assert class_code("卫生健康支出") == "210"
    assert class_code("医疗卫生与计划生育支出") == "210"
    assert class_code("文化体育与传媒支出") == "207"
    assert class_code("社会保障及就业") == "208"
    assert class_name("210") == "卫生健康支出"
    assert class_code("行政运行") is None


def test_names_by_year():
    health = entry("210")
    assert [n.text for n in health.names_in(2018)] == ["医疗卫生与计划生育支出"]
    assert [n.text for n in health.names_in(2019)] == ["卫生健康支出"]
    pension = entry("20805")
    assert pension.names_in(2021) == []              # between two confirmed names: not sure
    assert pension.matching("行政事业单位离退休").years() == "2017–2019"


@pytest.mark.parametrize("printed", ["机关事业单位基本养老保险缴费支出", "机关事业单位基本养老保险缴费",
                                     "机关事业单位基本养老保", " 机关事业单位基本养老保险缴费支出（项）"])
def test_a_name_cut_off_in_its_cell_matches(printed):
    assert entry("2080505").matching(printed) is not None


def test_prose_is_held_to_the_whole_name():
    assert entry("2080505").matching("机关事业单位基本养老保险", allow_cut=False) is None
    assert entry("2080505").matching("机关事业单位基本养老保险缴费", allow_cut=False) is not None


def test_loose_ignores_the_usual_variants():
    assert loose("一、社会保障及就业支出") == loose("社会保障和就业")
    assert loose("“政府办公厅(室)与相关机构事务”（款）") == loose("政府办公厅（室）及相关机构事务")
    assert loose("维修(护)费") == loose("维修（护）费")


def test_functional_names_of_any_year():
    assert [e.code for e in functional_entries_named("计划生育事务")] == ["21007"]
    assert [e.code for e in functional_entries_named("医疗卫生与计划生育支出")] == ["210"]
    assert {e.level for e in functional_entries_named("城乡社区环境卫生")} == {"款", "项"}
