"""The damages of ``benchmarks/damage.py``: each changes what it says, keeps the number
printable, and a damage that changes the text's length keeps every place of the Document."""

import importlib.util
import random
import sys
from pathlib import Path

from juesuan.document import Span
from juesuan.readers.txt import find_tables, read_txt

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "damage.py"
_SPEC = importlib.util.spec_from_file_location("damage_benchmark", _PATH)
damage = sys.modules[_SPEC.name] = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(damage)

TEXT = ("2023年支出合计1,234.56万元，比上年增加12.30万元，增长1.0%；与上年持平。\n\n"
        "\t科目\n\t合计\n\t基本支出\n\t项目支出\n\n"
        "\t201\n\t1,234.56\n\t1,000.00\n\t234.56\n")


def digits(token: str) -> str:
    return "".join(ch for ch in token if ch.isdigit())


def test_the_default_damage_is_the_last_integer_digit_shifted_by_three():
    assert damage.shifted("1,234.56万元") == "1,237.56万元"
    assert damage.shifted("18%") == "11%"


def test_any_digit_changes_one_digit_and_never_leads_with_zero():
    for seed in range(200):
        new = damage.any_digit("1,234.56万元", random.Random(seed))
        if new is None:
            continue
        assert new.endswith("万元") and not new.startswith("0") and len(new) == len("1,234.56万元")
        assert sum(a != b for a, b in zip(digits(new), "123456")) == 1


def test_a_swap_exchanges_two_neighbouring_different_digits():
    seen = {damage.swapped("1,234.56", random.Random(seed)) for seed in range(100)}
    assert seen == {"2,134.56", "1,324.56", "1,243.56", "1,234.65"}
    assert damage.swapped("100", random.Random(0)) is None       # "010" is no number a document prints
    assert damage.swapped("5.00万元", random.Random(0)) is None


def test_a_dropped_or_doubled_digit_regroups_the_number():
    assert {damage.dropped("1,234.56", random.Random(s)) for s in range(100)} == \
           {"234.56", "134.56", "124.56", "123.56"}
    assert {damage.doubled("1,234", random.Random(s)) for s in range(100)} == \
           {"11,234", "12,234", "12,334", "12,344"}
    assert damage.dropped("7.5%", random.Random(0)) is None


def test_words_and_columns_are_damaged_in_their_place():
    doc = read_txt("t.txt", TEXT.encode())
    words = [doc.text[s.start:s.end] for s in damage.direction_words(doc)]
    assert words == ["增加", "增长", "持平"]
    assert [damage._FLIPPED[w] for w in words] == ["减少", "下降", "增加"]
    cell = next(s for s in damage.table_numbers(doc) if doc.text[s.start:s.end] == "1,000.00")
    assert damage.other_column(doc, cell, random.Random(0)) in {"1,234.56", "234.56"}


def test_a_longer_damage_moves_the_places_after_it():
    doc = read_txt("t.txt", TEXT.encode())
    span = Span(TEXT.index("1,234.56"), TEXT.index("1,234.56") + len("1,234.56"))
    copy = damage.damaged_copy(doc, span, "11,234.56")
    assert copy.text == TEXT.replace("1,234.56万元", "11,234.56万元", 1)
    assert copy.tables == find_tables(copy.text) and len(copy.tables) == len(doc.tables)
    assert copy.line_of(len(copy.text) - 1) == doc.line_of(len(doc.text) - 1)
