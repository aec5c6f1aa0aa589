"""``juesuan generate``: the drafted 决算说明 is read back by juesuan and agrees with its data.

Round trips for the shipped example (大峪街道 2023) and for random consistent
data (hypothesis): for .md, .html and .docx, ``check`` finds no error and
``extract`` gives back every figure and every 类/款/项 line of the input
exactly.  Also: the formulas (shares, largest remainder, changes, zero
bases), the loader (YAML = workbook, refusals), the two readers, the CLI,
the charts, and the Word file opened by LibreOffice.
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan.catalog import class_name
from juesuan.cli import main
from juesuan.generate import generate
from juesuan.generate.compute import change, composition, counts, figures, largest_remainder, problems
from juesuan.generate.data import (TABLE_FIELDS, ZERO, Balances, ClassTable, GenerateInput, Line, Meta, Settings,
                                   ThreePublic)
from juesuan.generate.loader import LoadError, load
from juesuan.generate.selfeval import scored
from juesuan.generate.workbook import write_workbook
from juesuan.model import UNIT_FACTORS
from juesuan.pipeline import analyze
from juesuan.readers import read_bytes

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "generate"
CENT = Decimal("0.01")
TABLE_OF = {"income": "income", "expenditure": "expenditure", "general": "general_expenditure", "fund": "fund",
            "soe": "soe", "basic": "general_basic"}
LINE_FIELDS = {"income": ("total", None, None), "expenditure": ("total", "basic", "project"),
               "general": ("total", "basic", "project"), "fund": ("total", "basic", "project"),
               "soe": ("total", "basic", "project"), "basic": ("amount", None, None)}


# ---- what the round trip must give back -------------------------------------------------

def expected_figures(data: GenerateInput) -> dict[str, object]:
    factor = UNIT_FACTORS[data.meta.unit]
    out: dict[str, object] = {k: f"{(v * factor).quantize(CENT)}" for k, v in figures(data).items()}
    out.update(counts(data))
    out.update({"meta.org": data.meta.org, "meta.year": data.meta.year, "meta.unit": data.meta.unit})
    return out


def _v(amount) -> Decimal:
    return amount.value if amount is not None else ZERO


def assert_round_trip(data: GenerateInput, path: Path) -> None:
    result = analyze(str(path))
    assert result.error is None, result.error
    errors = [(f.rule, f.message, result.report.document.quote(f.span)) for f in result.findings
              if f.severity == "error"]
    assert not errors
    got = dict(result.report.figures())
    want = expected_figures(data)
    # every figure stated is the input's; every nonzero one is stated (a zero may be a blank cell)
    assert {k: v for k, v in got.items() if k in want} == {k: want[k] for k in got if k in want}
    unexpected = {k for k in got if k not in want and not k.startswith("performance.")}
    assert unexpected <= {"fiscal.general_project", "fiscal.carryover_begin", "fiscal.expenditure"} | set(want)
    missing = {k for k, v in want.items() if k not in got and v not in ("0.00", 0)}
    assert not missing
    lines = result.report.lines
    for kind, table_name in TABLE_OF.items():
        t = data.table(kind)
        got_lines = [(ln.code, ln.name, tuple(_v(getattr(ln, a)) for a in ("actual", "basic", "project")))
                     for ln in lines if ln.table == table_name and ln.level in ("类", "款", "项")]
        want_lines = [(r.code, r.name, tuple(r[f] if f else ZERO for f in LINE_FIELDS[kind])) for r in t.rows]
        if kind == "basic":
            got_lines = sorted(got_lines)
            want_lines = sorted(want_lines)
        assert got_lines == want_lines, kind
    for source in ("general", "fund", "soe"):
        t = data.table(source)
        got_lines = [(ln.name, ln.level, _v(ln.actual), ln.budget.value if ln.budget else None)
                     for ln in lines if ln.table == f"narrative:{source}"]
        want_lines = [(r.name, r.level, r["total"], data.budget_of(source, r)) for r in t.rows if r.level != "项"]
        assert got_lines == want_lines, source


# ---- the example ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dayu() -> GenerateInput:
    data, found = load(EXAMPLES / "dayu-2023.yaml")
    assert found == []
    return data


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx"])
def test_example_round_trip(dayu, tmp_path, suffix):
    out = tmp_path / f"dayu{suffix}"
    generate(dayu, out, charts=suffix != ".docx")
    assert_round_trip(dayu, out)
    text = analyze(str(out)).report.document.text
    assert "（待填写）" in text                       # reasons the data does not give
    assert "XX" not in text and "增加（减少）" not in text
    assert "增长100" not in text                      # no rate from a zero budget


def test_example_workbook_is_the_yaml(dayu):
    data, found = load(EXAMPLES / "dayu-2023.xlsx")
    assert found == []
    for name in GenerateInput.__dataclass_fields__:
        if name != "self_evaluations":
            assert getattr(data, name) == getattr(dayu, name), name
    a, b = scored(dayu.self_evaluations[0]), scored(data.self_evaluations[0])
    assert (a.total, a.grade, [s.score for s in a.indicators]) == (b.total, b.grade, [s.score for s in b.indicators])


def test_template_workbook_has_every_sheet_and_no_data():
    from openpyxl import load_workbook

    from juesuan.generate.tables import TITLES

    wb = load_workbook(EXAMPLES / "template.xlsx", read_only=True)
    assert set(TITLES.values()) | {"补充信息", "年初预算及原因", "自评表1"} == set(wb.sheetnames)
    with pytest.raises(LoadError, match="org"):
        load(EXAMPLES / "template.xlsx")


def test_a_sheet_in_another_unit_is_refused(dayu, tmp_path):
    from openpyxl import load_workbook

    path = write_workbook(dayu, tmp_path / "d.xlsx")
    wb = load_workbook(path)
    wb["支出决算表"]["H2"] = "单位：万元"
    wb.save(path)
    with pytest.raises(LoadError, match="支出决算表.*万元"):
        load(path)


def test_self_evaluation_is_scored_by_juesuan_score(dayu, tmp_path):
    from juesuan.score import score_form

    form = dayu.self_evaluations[0].form
    out = tmp_path / "form.md"
    generate(dayu, out, charts=False)
    text = out.read_text(encoding="utf-8")
    assert f"绩效自评得分{score_form(form).total.normalize():f}分" in text
    assert "| 总分 ||||||" in text


# ---- random consistent data -------------------------------------------------------------

KUAN_NAMES = ("行政运行", "一般行政管理事务", "机关服务", "事业运行", "专项业务", "信息化建设", "社区建设",
              "人员培训", "宣传教育", "基础设施维护")
XIANG_NAMES = ("日常运转", "专项工作", "设备维护", "人员补助")
GENERAL_CLASSES = ("201", "203", "204", "205", "207", "208", "210", "211", "212", "213", "215", "221", "224")


def amounts(unit: str, lo: int = 100, hi: int | None = None):
    """Amounts of at least one 元/万元 (lo in cents), or zero with lo=0."""
    hi = hi or (5 * 10 ** 10 if unit == "元" else 10 ** 8)
    return st.integers(lo, hi).map(lambda c: Decimal(c) / 100)


@st.composite
def class_table(draw, kind: str, codes, unit: str):
    """A consistent classification table: leaves drawn, parents summed."""
    rows: list[Line] = []
    fields = ("basic", "project") if kind != "basic" else ("amount",)

    def leaf(code: str, name: str) -> Line:
        values = {f: draw(st.one_of(st.just(ZERO), amounts(unit))) for f in fields}
        if not any(values.values()):
            values[fields[-1]] = draw(amounts(unit))
        return Line(code, name, _with_total(kind, values))

    for code in codes:
        kids: list[Line] = []
        for k in sorted(draw(st.sets(st.integers(1, 9), max_size=3))):
            kuan = f"{code}{80 + k:02d}"     # codes the classification catalog does not list: free names
            items = [leaf(f"{kuan}{80 + x:02d}", XIANG_NAMES[x % len(XIANG_NAMES)])
                     for x in sorted(draw(st.sets(st.integers(1, 4), max_size=2)))]
            kids.append(_parent(kind, kuan, KUAN_NAMES[k], items) if items else leaf(kuan, KUAN_NAMES[k]))
            kids.extend(items)
        top = [r for r in kids if len(r.code) == 5]
        rows.append(_parent(kind, code, class_name(code), top) if top else leaf(code, class_name(code)))
        rows.extend(kids)
    return rows


def _with_total(kind: str, values: dict) -> dict:
    if kind == "basic":
        return values
    return dict(values, total=values["basic"] + values["project"])


def _parent(kind: str, code: str, name: str, kids: list[Line]) -> Line:
    fields = set().union(*(k.values for k in kids))
    return Line(code, name, {f: sum((k[f] for k in kids), ZERO) for f in fields})


def _table(kind: str, rows: list[Line]) -> ClassTable:
    fields = TABLE_FIELDS[kind]
    rows = [Line(r.code, r.name, {f: r[f] for f in fields}) for r in rows]      # every column, as loaded
    return ClassTable(kind, tuple(rows), {f: sum((r[f] for r in rows if r.level == "类"), ZERO) for f in fields})


def _first_leaf(t: ClassTable) -> Line:
    leaf = t.level("类")[0]
    while t.children(leaf.code):
        leaf = t.children(leaf.code)[0]
    return leaf


def _on_path(leaf: Line, code: str) -> bool:
    return leaf.code.startswith(code)


def _cut(draw, leaf: Line) -> Decimal:
    """An amount from 0 up to the leaf's total less one (so that no line is left at zero)."""
    return draw(st.integers(0, max(0, int(leaf["total"] * 100) - 100)).map(lambda c: Decimal(c) / 100))


def _fund_rows(draw, rows: list[Line]) -> list[Line]:
    """A fund table: part of one leaf's spending comes from its 年初结转和结余 (the rest is this year's income)."""
    if not rows:
        return rows
    carried = _cut(draw, _first_leaf(_table("fund", rows)))
    leaf = _first_leaf(_table("fund", rows))
    return [Line(r.code, r.name, dict(r.values, carryover_begin=carried if _on_path(leaf, r.code) else ZERO,
                                      income=r["total"] - (carried if _on_path(leaf, r.code) else ZERO)))
            for r in rows]


@st.composite
def random_input(draw) -> GenerateInput:
    unit = draw(st.sampled_from(["元", "万元"]))
    general_rows = draw(class_table("general", draw(st.lists(st.sampled_from(GENERAL_CLASSES), min_size=1,
                                                             max_size=4, unique=True)), unit))
    fund_rows = _fund_rows(draw, draw(class_table("fund", draw(st.sampled_from([(), ("229",)])), unit)))
    soe_rows = _fund_rows(draw, draw(class_table("soe", draw(st.sampled_from([(), ("223",)])), unit)))
    general, fund, soe = _table("general", general_rows), _table("fund", fund_rows), _table("soe", soe_rows)
    # spending not paid by the 财政拨款: a 事业收入 spent as 项目支出 on one leaf of the last 类
    own_leaf = general.level("类")[-1]
    while general.children(own_leaf.code):
        own_leaf = general.children(own_leaf.code)[-1]
    own = draw(st.one_of(st.just(ZERO), amounts(unit)))
    spend = []
    for r in sorted(general_rows + fund_rows + soe_rows, key=lambda r: r.code):
        extra = own if r in general_rows and _on_path(own_leaf, r.code) else ZERO
        spend.append(Line(r.code, r.name, {"total": r["total"] + extra, "basic": r["basic"],
                                           "project": r["project"] + extra}))
    expenditure = _table("expenditure", spend)
    # the 年初结转 spent this year comes off the income of one leaf of the first 类 (and of its parents)
    leaf = _first_leaf(general)
    spent_carryover = _cut(draw, leaf)
    fund_income = {r.code: r["income"] for r in fund_rows + soe_rows}
    income_rows = []
    for r in spend:
        fiscal = fund_income.get(r.code, r["total"] - (own if _on_path(own_leaf, r.code) else ZERO)
                                 - (spent_carryover if _on_path(leaf, r.code) else ZERO))
        business = own if r.code in {x.code for x in general_rows} and _on_path(own_leaf, r.code) else ZERO
        income_rows.append(Line(r.code, r.name, {"total": fiscal + business, "fiscal": fiscal, "business": business}))
    income = _table("income", income_rows)
    basic_total = general["basic"]
    econ_cut = sorted(draw(st.lists(st.integers(0, int(basic_total * 100)), min_size=3, max_size=3)))
    econ_values = [Decimal(b - a) / 100 for a, b in zip([0] + econ_cut, econ_cut + [int(basic_total * 100)])]
    basic = _table("basic", [Line(code, name, {"amount": v}) for (code, name), v in
                             zip((("301", "工资福利支出"), ("302", "商品和服务支出"), ("303", "对个人和家庭的补助"),
                                  ("310", "资本性支出")), econ_values)])
    tp_amount = st.one_of(st.just(ZERO), amounts(unit, hi=10 ** 8 if unit == "元" else 10 ** 5))
    three = ThreePublic(budget={i: draw(tp_amount) for i in ("overseas", "vehicle_purchase", "vehicle_operation",
                                                             "reception")},
                        actual={i: draw(tp_amount) for i in ("overseas", "vehicle_purchase", "vehicle_operation",
                                                             "reception")},
                        groups=draw(st.integers(0, 5)), travellers=draw(st.integers(0, 20)),
                        receptions=draw(st.integers(0, 9)), guests=draw(st.integers(0, 90)),
                        vehicles_bought=draw(st.integers(0, 3)), vehicles_held=draw(st.integers(0, 30)))
    rest, used = draw(amounts(unit, lo=0)), draw(st.one_of(st.just(ZERO), amounts(unit)))
    carried = fund["carryover_begin"] + soe["carryover_begin"]
    balances = Balances(carryover_begin=spent_carryover + carried + rest, carryover_end=rest,
                        fiscal_begin=spent_carryover + rest, fiscal_end=rest,
                        nonfiscal_balance_used=used, distribution=used)
    data = GenerateInput(
        meta=Meta("北京市测试区人民政府测试街道办事处", draw(st.integers(2019, 2025)), unit),
        settings=Settings(percent_decimals=draw(st.sampled_from([1, 2])), shares_sum_to_100=draw(st.booleans())),
        income=income, expenditure=expenditure, general=general, fund=fund, soe=soe, basic=basic,
        three_public=three, balances=balances)
    keys = ("totals.grand", "income.total", "expenditure.total", "fiscal.grand", "fiscal.general_expenditure",
            "operation_cost", "three_public.total.actual")
    f = figures(data)
    last = {}
    for key in keys:
        current = f.get(key, ZERO) if key != "operation_cost" else econ_values[1]
        last[key] = draw(st.one_of(st.just(current), st.just(ZERO), amounts(unit)))
    budgets = {}
    for source, t in (("general", general), ("fund", fund), ("soe", soe)):
        for r in t.rows:
            if not t.children(r.code) and r.level != "项" or r.level == "款" and t.children(r.code):
                choice = draw(st.sampled_from(["none", "zero", "same", "other"]))
                if choice != "none" and not (r.level == "款" and t.children(r.code)):
                    budgets[(source, r.code)] = {"zero": ZERO, "same": r["total"]}.get(choice) or draw(amounts(unit))
    procurement_goods, procurement_works, procurement_services = (draw(amounts(unit, lo=0)) for _ in range(3))
    total = procurement_goods + procurement_works + procurement_services
    sme = draw(st.integers(0, int(total * 100)).map(lambda c: Decimal(c) / 100))
    small = draw(st.integers(0, int(sme * 100)).map(lambda c: Decimal(c) / 100))
    from dataclasses import replace

    return replace(data, last_year=last, budgets=budgets, operation_cost=econ_values[1],
                   procurement={"goods": procurement_goods, "works": procurement_works,
                                "services": procurement_services, "sme": sme, "small_micro": small},
                   assets={"vehicles": three.vehicles_held, "large_equipment": draw(st.integers(0, 3))},
                   purchased_services=draw(amounts(unit, lo=0)),
                   reasons={"income.total": "业务量增加"} if draw(st.booleans()) else {})


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=random_input())
def test_random_data_round_trip_md_and_html(data, tmp_path_factory):
    assert [p for p in problems(data) if p.severity == "error"] == []
    out = tmp_path_factory.mktemp("gen")
    for suffix in (".md", ".html"):
        generate(data, out / f"doc{suffix}", charts=False)
        assert_round_trip(data, out / f"doc{suffix}")


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(data=random_input())
def test_random_data_round_trip_docx(data, tmp_path_factory):
    out = tmp_path_factory.mktemp("gen") / "doc.docx"
    generate(data, out, charts=False)
    assert_round_trip(data, out)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(data=random_input())
def test_random_data_survives_the_workbook(data, tmp_path_factory):
    path = tmp_path_factory.mktemp("wb") / "data.xlsx"
    write_workbook(data, path)
    again, found = load(path)
    assert [p for p in found if p.severity == "error"] == []
    assert again == data


# ---- the formulas -----------------------------------------------------------------------

def test_largest_remainder_sums_to_100_and_moves_the_largest_remainders():
    raw = [Decimal(100) / 3] * 3
    assert largest_remainder(raw, 1) == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3")]
    assert sum(largest_remainder([Decimal("21.08"), Decimal("78.92")], 1)) == 100


def test_composition_nudges_only_a_whole_decomposition_when_asked():
    parts, whole = [Decimal(1), Decimal(1), Decimal(1)], Decimal(3)
    assert composition(parts, whole, 1, False) == [Decimal("33.3")] * 3
    assert sum(composition(parts, whole, 1, True)) == 100
    assert composition([Decimal(1), Decimal(1)], whole, 1, True) == [Decimal("33.3")] * 2   # not the whole
    assert composition(parts, ZERO, 1, True) == [None] * 3


def test_change_has_no_rate_from_a_zero_base_and_flat_is_flat():
    assert change(Decimal("834868.00"), ZERO, 1).rate is None
    assert change(Decimal(5), Decimal(5), 1).direction == "flat"
    c = change(Decimal("404347110.22"), Decimal("377781549.34"), 1)
    assert (c.direction, c.delta, c.rate) == ("up", Decimal("26565560.88"), Decimal("7.0"))   # not 6.6


def test_phrases_follow_the_checks_wording(dayu):
    from juesuan.generate.phrases import Formatter

    fmt = Formatter("元", Settings(percent_decimals=1))
    assert fmt.vs_last_year(Decimal(5), Decimal(5)) == "与上年持平"
    assert fmt.vs_last_year(Decimal(5), ZERO) == "比上年增加5.00元（上年为0）"
    assert fmt.vs_budget(ZERO, Decimal("18125")) == "比年初预算数18,125.00元减少18,125.00元，下降100.0%"
    assert Formatter("万元", Settings()).money(Decimal("17953.28")) == "17953.28万元"


# ---- refusals ---------------------------------------------------------------------------

def _yaml(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "data.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_inconsistent_data_is_refused_with_the_place(tmp_path):
    src = (EXAMPLES / "dayu-2023.yaml").read_text(encoding="utf-8").replace(
        '{code: "20104", name: 发展与改革事务, total: 834868.00, project: 834868.00}',
        '{code: "20104", name: 发展与改革事务, total: 834868.00, project: 834860.00}', 1)
    data, found = load(_yaml(tmp_path, src))
    errors = [p for p in found if p.severity == "error"]
    assert any("20104" in p.where and "项目支出" in p.message for p in errors)
    result = CliRunner().invoke(main, ["generate", str(tmp_path / "data.yaml"), "-o", str(tmp_path / "x.md")])
    assert result.exit_code == 1 and not (tmp_path / "x.md").exists()


def test_amounts_below_the_fen_and_floats_are_not_guessed(tmp_path):
    with pytest.raises(LoadError, match="两位小数"):
        load(_yaml(tmp_path, "org: 某单位\nyear: 2023\nunit: 元\noperation_cost: 1.005\n"))
    data, _ = load(_yaml(tmp_path, "org: 某单位\nyear: 2023\nunit: 元\noperation_cost: 0.10\n"))
    assert data.operation_cost == Decimal("0.10")


def test_cli_generate(tmp_path, dayu):
    runner = CliRunner()
    ok = runner.invoke(main, ["generate", str(EXAMPLES / "dayu-2023.yaml"), "-o", str(tmp_path / "d.html"),
                              "--no-charts"])
    assert ok.exit_code == 0, ok.output
    assert "自检" in ok.output and "（待填写）" in ok.output
    assert runner.invoke(main, ["generate", str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "d.md")]).exit_code == 2
    assert runner.invoke(main, ["generate", "--template", "-o", str(tmp_path / "t.xlsx")]).exit_code == 0


# ---- readers of the generated formats ---------------------------------------------------

def test_html_reader_writes_merged_cells_as_word_does():
    html = ("<html><body><h1>标题</h1><p>一、段落</p><table>"
            "<tr><th colspan='2'>项目</th><th rowspan='2'>合计</th></tr>"
            "<tr><th>编码</th><th>名称</th></tr><tr><td>201</td><td>一般公共服务支出</td><td>1.00</td></tr>"
            "</table><p>注：说明</p></body></html>").encode()
    doc = read_bytes("x.html", html)
    assert [[c.text for c in r] for r in doc.tables[0].rows] == [["项目", "合计"], ["编码", "名称", ""],
                                                                  ["201", "一般公共服务支出", "1.00"]]
    assert doc.text.startswith("标题\n一、段落\n")


def test_markdown_reader_reads_pipe_tables_and_headings():
    md = "## 一、标题\n\n| 项目 || 合计 |\n|---|---|---|\n| 201 | 支出 | 1.00 |\n\n正文\n".encode()
    doc = read_bytes("x.md", md)
    assert doc.text.startswith("一、标题")
    assert [[c.text for c in r] for r in doc.tables[0].rows] == [["项目", "合计"], ["201", "支出", "1.00"]]


# ---- charts and the Word file -----------------------------------------------------------

def test_charts_have_the_printed_shares(dayu):
    pytest.importorskip("matplotlib")
    from juesuan.generate.charts import cjk_font, draw
    from juesuan.generate.narrative import context

    ctx = context(dayu)
    chart = draw("expenditure", ctx["expenditure_parts"], ctx["fmt"])
    assert "78.9%" in chart.svg.decode("utf-8") and "项目支出" in chart.svg.decode("utf-8")
    if cjk_font() is None:
        pytest.skip("no CJK font installed: the PNG chart for Word is not drawn")
    assert chart.png.startswith(b"\x89PNG")


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_docx_opens_in_libreoffice_and_converts_to_pdf(dayu, tmp_path):
    out = tmp_path / "dayu.docx"
    generate(dayu, out)
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out)], check=True, capture_output=True, timeout=120)
    pdf = tmp_path / "dayu.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    result = analyze(str(pdf))
    assert result.report.meta.year == 2023
    assert dict(result.report.figures()).get("income.total") == "200602725.11"


def test_docx_headings_are_word_headings_for_the_navigation_pane(dayu, tmp_path):
    import docx

    out = tmp_path / "dayu.docx"
    generate(dayu, out)
    styled = {}
    for p in docx.Document(str(out)).paragraphs:
        styled.setdefault(p.style.name, []).append(p.text)
    assert any(t.startswith("第一部分") for t in styled["Heading 1"])
    assert any(t.startswith("一、") for t in styled["Heading 2"])
    assert any(t.startswith("（一）") for t in styled["Heading 3"])
    assert not any(t.startswith(("第一部分", "一、")) for t in styled.get("Normal", []))


def test_generate_prints_no_font_warnings(tmp_path):
    """matplotlib's font complaints (a line per missing family and glyph) never reach the
    user; without a Chinese font one line says what to install."""
    pytest.importorskip("matplotlib")
    import os
    import sys

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    run = subprocess.run([sys.executable, "-m", "juesuan", "generate", str(root / "examples/generate/dayu-2023.yaml"),
                          "-o", str(tmp_path / "out.docx")], capture_output=True, text=True, env=env, timeout=300)
    out = run.stdout + run.stderr
    assert run.returncode == 0, out
    assert "findfont" not in out and "Glyph" not in out and "Warning" not in out
    assert sum("fonts-noto-cjk" in line for line in out.splitlines()) <= 1
    assert len(out.splitlines()) <= 4
