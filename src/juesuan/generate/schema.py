"""The shape of ``juesuan generate``'s data (YAML, JSON, or the workbook read as a mapping), validated.

:class:`DataSchema` checks what every key holds — a mapping, a list, text,
or a single value — before :func:`.loader.from_mapping` reads the values
(amounts, counts, codes, with their own field-named messages), so no key
holding the wrong kind of thing can reach the code behind.  Unknown
top-level keys are ignored (a data file may carry notes).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field

from ..schema import MODEL_CONFIG, BlankText, Text, fail, to_text


def _scalar(value: Any):
    """One cell's value: a number, a text, yes/no or nothing — never a mapping or a list."""
    if isinstance(value, str):
        return to_text(value)
    if value is None or isinstance(value, (int, Decimal, bool)):
        return value
    if isinstance(value, (date, datetime)):
        fail(f"应为数字或文字，却是日期 {value}")
    fail("应为一个数字或文字，却是" + ("键值结构" if isinstance(value, dict) else "列表"))


Scalar = Annotated[Any, BeforeValidator(_scalar)]
Values = dict[Scalar, Scalar] | None            # a mapping of single values (amounts by item, counts …)
Texts = dict[Scalar, BlankText | None] | None


class _Settings(BaseModel):
    model_config = MODEL_CONFIG
    percent_decimals: Scalar = 2
    shares_sum_to_100: Scalar = False
    grouping: Scalar = None


class _Table(BaseModel):
    model_config = MODEL_CONFIG
    rows: list[dict[Scalar, Scalar]] | None = None
    total: Values = None


class _ThreePublic(BaseModel):
    model_config = MODEL_CONFIG
    budget: Values = None
    actual: Values = None
    counts: Values = None


class _Tables(BaseModel):
    model_config = MODEL_CONFIG
    income: _Table | None = None
    expenditure: _Table | None = None
    general: _Table | None = None
    fund: _Table | None = None
    soe: _Table | None = None
    basic: _Table | None = None
    three_public: _ThreePublic | None = None


class DataSchema(BaseModel):
    """Every key :func:`.loader.from_mapping` reads, with the kind of value it must hold."""

    model_config = MODEL_CONFIG
    org: Annotated[Text, Field(min_length=1)]
    year: Scalar
    unit: Annotated[Literal["元", "万元"], BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v)]
    settings: _Settings | None = None
    tables: _Tables | None = None
    balances: Values = None
    reasons: Texts = None
    operation_cost: Scalar = None
    purchased_services: Scalar = None
    last_year: Values = None
    budgets: dict[Scalar, Values] | None = None
    line_reasons: dict[Scalar, Texts] | None = None
    procurement: Values = None
    assets: Values = None
    profile: Texts = None
    self_evaluations: list[dict[Scalar, Any]] | None = None
    self_evaluation_forms: list[dict[str, Any]] | None = None     # the workbook reader's 自评表 sheets
    stated: Values = None
