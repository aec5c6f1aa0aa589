"""The unit's name read from a document (``extract.meta.find_org``)."""

from __future__ import annotations

from juesuan.extract.meta import find_org
from juesuan.readers import read_bytes


def test_a_provincial_department_is_named_by_its_title_not_by_a_body_it_lists():
    text = ("江苏省人大常委会办公厅\n2019年度部门预算公开\n第一部分 部门概况\n"
            "二、部门机构设置及预算单位构成情况\n内设机构包括江苏省人大常委会办公厅机关服务中心、"
            "江苏省人大常委会办公厅信息中心。\n江苏省人大常委会办公厅本年收入预算合计18330.37万元。\n")
    name, span = find_org(read_bytes("rd-2019.txt", text.encode("utf-8")))
    assert name == "江苏省人大常委会办公厅"
    assert text[span.start:span.end] == name


def test_a_name_runs_to_its_last_organ_word():
    """中国共产党江苏省委员会办公厅: the name does not stop at its first organ word (委员会)."""
    text = ("收支预算总表\n部门：中国共产党江苏省委员会办公厅 单位：万元\n"
            "中国共产党江苏省委员会办公厅2017年度部门预算。\n")
    name, span = find_org(read_bytes("sw-2017.txt", text.encode("utf-8")))
    assert name == "江苏省委员会办公厅"
    assert text[span.start:span.end] == name
