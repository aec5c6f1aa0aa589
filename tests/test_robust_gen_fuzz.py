"""Fuzz ``juesuan score`` and ``juesuan generate`` with YAML and JSON data of every shape (issue 9).

Hypothesis builds forms and data files that are plausible in outline (the
keys juesuan reads) and hostile in detail: any key may hold a mapping, a
list or a value of any type; numbers are huge, negative, NaN, infinite, in
sexagesimal or hexadecimal notation; text holds control characters and
markup; nesting goes deep.  Whatever the file, the command ends with its
documented exit status — score: 0 scored, 2 refused; generate: 0 written
and checked, 1 the data do not add up or the draft failed its check,
2 refused — with its message, and never with a traceback (the tests run
with ``JUESUAN_DEBUG=1``, so the last-resort guard hides nothing).  The
examples per test are tests/test_fuzz.py's (``JUESUAN_FUZZ_EXAMPLES``).
"""

from __future__ import annotations

import json
import tempfile
from decimal import Decimal
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import event, given
from hypothesis import strategies as st

from juesuan.cli import main
from test_fuzz import FUZZ


class Plain(str):
    """A scalar written unquoted, so YAML resolves it by its own rules ("1:30:00.5" is a float)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Plain, lambda d, v: d.represent_scalar(
    d.resolve(yaml.ScalarNode, str(v), (True, False)), str(v)))
_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))

NOTATIONS = st.sampled_from(["1:30:00.5", "1:30", ".nan", ".NaN", ".inf", "-.inf", "1.0e400", "-1.5e-400", "0x1F",
                             "0o17", "0b101", "010", "1_000.5", "yes", "off", "~", "2023-01-01", "12:00:00",
                             "9" * 40, "-0", "+12.5", "1,234.56", "１２３"])
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=12) | st.sampled_from(
    ["<script>alert(1)</script>", "# 标题\n## 第二", "[[table income]]", "=1+2", "\x1b]0;x\x07", "优", "良", "≥90%",
     "完成", "≤67.97", "万元", "元", "一般公共服务支出", "\x00"])
SCALARS = (st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.integers(-5, 120)
           | st.decimals(allow_nan=True, allow_infinity=True, places=None) | st.decimals("-1000", "1000", places=2)
           | NOTATIONS.map(Plain) | TEXT)
ANY = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                   max_leaves=8)


def deep(depth: int):
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


VALUE = SCALARS | ANY | st.integers(30, 200).map(deep)


def maybe(shape):
    """The right shape most of the time (29 in 30), anything at all otherwise."""
    return st.integers(0, 29).flatmap(lambda i: VALUE if i == 0 else shape)


def record(keys: dict[str, st.SearchStrategy], required: tuple[str, ...] = ()):
    return st.fixed_dictionaries({k: maybe(v) for k, v in keys.items() if k in required},
                                 optional={k: maybe(v) for k, v in keys.items() if k not in required})


AMOUNT = st.decimals("0", "500", places=2) | st.integers(0, 500)
INDICATOR = record({"name": TEXT, "weight": st.integers(0, 30), "target": AMOUNT | TEXT, "actual": AMOUNT | TEXT,
                    "nature": st.sampled_from(["≥", "≤", "=", "定性"]) | TEXT, "level1": TEXT}, ("name", "weight"))
FORM = record({"project": TEXT, "unit": st.sampled_from(["万元", "元"]),
               "funds": record({k: AMOUNT for k in ("budget_initial", "budget", "executed")} | {"weight": AMOUNT}),
               "indicators": st.lists(INDICATOR, min_size=1, max_size=4),
               "bands": st.dictionaries(TEXT, st.integers(0, 100), max_size=4),
               "qualitative": st.dictionaries(TEXT, st.integers(0, 100), max_size=4)}, ("indicators",))
FIELDS = ("total", "fiscal", "basic", "project", "amount", "other")
ROW = record({"code": st.sampled_from(["201", "20101", "2010101", "301", "30101", "999", "2a1"]), "name": TEXT,
              **{f: AMOUNT for f in FIELDS}}, ("code", "name"))
TABLE = record({"rows": st.lists(ROW, max_size=4), "total": st.dictionaries(st.sampled_from(FIELDS), AMOUNT)})
DATA = st.fixed_dictionaries(
    {"org": maybe(TEXT), "year": maybe(st.integers(1990, 2030)), "unit": maybe(st.sampled_from(["元", "万元"]))},
    optional={"tables": record({k: TABLE for k in ("income", "expenditure", "general", "basic", "fund", "soe")}),
              "settings": record({"percent_decimals": st.sampled_from([1, 2]), "shares_sum_to_100": st.booleans()}),
              "balances": st.dictionaries(st.sampled_from(["carryover_begin", "carryover_end"]), AMOUNT),
              "last_year": st.dictionaries(st.sampled_from(["income.total", "totals.grand"]), AMOUNT),
              "profile": st.dictionaries(st.sampled_from(["duties", "structure", "staff"]), TEXT),
              "budgets": st.dictionaries(st.sampled_from(["general"]),
                                         st.dictionaries(st.sampled_from(["201", 20101, "2a1"]) | TEXT, AMOUNT)),
              "self_evaluations": st.lists(FORM, max_size=2), "extra": VALUE})


def dump(data, suffix: str) -> bytes:
    if suffix == ".json":
        return json.dumps(data, ensure_ascii=False, default=lambda v: str(v) if v.is_snan() else float(v),
                          allow_nan=True).encode("utf-8")
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True).encode("utf-8")


def run(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], env={"JUESUAN_DEBUG": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@FUZZ
@given(form=FORM, suffix=st.sampled_from([".yaml", ".json"]))
def test_score_exits_0_or_2_for_any_form(form, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"form{suffix}"
        path.write_bytes(dump(form, suffix))
        code, output = run("score", path, "--format", "json")
    event(f"exit {code}" + (f" {output.strip()[-25:]}" if code == 2 else ""))
    assert code in (0, 2), output
    if code == 0:
        assert "total" in json.loads(output)
    else:
        assert output.startswith("juesuan: ")


@FUZZ
@given(data=DATA, suffix=st.sampled_from([".yaml", ".json"]), written_as=st.sampled_from([".md", ".html", ".docx",
                                                                                         ".xlsx"]))
def test_generate_exits_with_its_documented_meaning_for_any_data(data, suffix, written_as):
    with tempfile.TemporaryDirectory() as tmp:
        path, out = Path(tmp) / f"data{suffix}", Path(tmp) / f"out{written_as}"
        path.write_bytes(dump(data, suffix))
        code, output = run("generate", path, "-o", out, "--no-charts")
        written = out.exists()
    event(f"exit {code}" + (f" {output.strip()[-25:]}" if code == 2 else ""))
    assert code in (0, 1, 2), output
    if code == 0:
        assert written and ("已生成" in output or "已写出数据工作簿" in output)
    elif code == 1:
        assert "数据不平衡" in output and not written or "自检" in output and written
    else:
        assert "juesuan: " in output and not written
