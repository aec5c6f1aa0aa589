"""Field types of the user-data schemas (``juesuan score`` forms, ``juesuan generate`` data).

The data files are validated into pydantic models at the edge, so the code
behind never meets a list where a mapping belongs, a NaN, an infinite or
absurdly large number, or a control character.  Each type is an
``Annotated`` pydantic type whose validator says in Chinese what is wrong;
:func:`messages` turns a ``ValidationError`` into one line per problem,
naming the field (``indicators[第2项].weight：分值不能为负数``).
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

LIMIT = Decimal("1e15")        # no amount, weight or count of a disclosure comes near it
MAX_TEXT = 20_000              # characters in one text field
MODEL_CONFIG = ConfigDict(extra="ignore", frozen=True, arbitrary_types_allowed=True)


def fail(message: str):
    raise PydanticCustomError("juesuan", message)


def _is_control(ch: str) -> bool:
    """A character no document text holds and XML cannot: C0/C1 controls (but tab and line breaks),
    lone surrogates, U+FFFE and U+FFFF."""
    return (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n\r") or ch in "\ufffe\uffff"


def to_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        fail(f"应为文字，却是{_kind(value)}")
    text = value if isinstance(value, str) else f"{value}"
    if len(text) > MAX_TEXT:
        fail(f"文字过长（{len(text)} 字，上限 {MAX_TEXT}）")
    bad = next((ch for ch in text if _is_control(ch)), None)
    if bad is not None:
        fail(f"含有控制字符或无效字符 U+{ord(bad):04X}")
    return text


def _to_number(value: Any) -> Decimal:
    if value is None:
        fail("缺少数值")
    if isinstance(value, bool):
        fail(f"应为数字，却是{value}")
    if isinstance(value, (int, Decimal)):
        number = Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.replace(",", "").replace("，", "").strip())
        except InvalidOperation:
            fail(f"“{value[:40]}”不是数字")
    else:
        fail(f"应为数字，却是{_kind(value)}")
    if not number.is_finite():
        fail(f"“{value}”不是有限的数字")
    if abs(number) >= LIMIT:
        fail(f"数字“{str(value)[:40]}”超出合理范围")
    return number


def _non_negative(value: Any) -> Decimal:
    number = _to_number(value)
    if number < 0:
        fail(f"不能为负数（{number}）")
    return number


def _percent(value: Any) -> Decimal:
    number = _non_negative(value)
    if number > 100:
        fail(f"应在0至100之间（{number}）")
    return number


def _blank_or(convert):
    return BeforeValidator(lambda v: None if v is None or v == "" else convert(v))


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "键值结构"
    if isinstance(value, (list, tuple)):
        return "列表"
    return f"“{str(value)[:40]}”（{type(value).__name__}）"


Text = Annotated[str, BeforeValidator(to_text)]
Percent = Annotated[Decimal, BeforeValidator(_percent)]           # also a weight (分值) out of 100
BlankText = Annotated[str, BeforeValidator(lambda v: "" if v is None else to_text(v))]
OptionalNonNegative = Annotated[Decimal | None, _blank_or(_non_negative)]
OptionalPercent = Annotated[Decimal | None, _blank_or(_percent)]

_BUILTIN = {"missing": "缺少此项", "dict_type": "应为键值结构（mapping）", "model_type": "应为键值结构（mapping）",
            "list_type": "应为列表（list）", "too_short": "不能为空", "int_type": "应为整数",
            "int_parsing": "应为整数", "bool_type": "应为是/否", "bool_parsing": "应为是/否",
            "literal_error": "不是可用的值", "string_type": "应为文字"}


def messages(exc: ValidationError, limit: int = 8) -> list[str]:
    """One Chinese line per problem, naming the field."""
    out = []
    for err in exc.errors()[:limit]:
        where = "".join(f"[第{p + 1}项]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
        text = err["msg"] if err["type"] == "juesuan" else _BUILTIN.get(err["type"], err["msg"])
        if err["type"] == "literal_error":
            text += f"（可用：{err.get('ctx', {}).get('expected', '')}）"
        out.append(f"{where or '顶层'}：{text}")
    if len(exc.errors()) > limit:
        out.append(f"……另有 {len(exc.errors()) - limit} 处")
    return out

