"""Data files: the ones shipped with juesuan, and the ones a user gives.

``load_yaml(name)`` reads a YAML file of this package with libyaml's C
loader when PyYAML has it (ten times faster than the pure-Python one).

``load_user_data(data, suffix)`` reads a user's YAML or JSON data file
(``juesuan score`` forms, ``juesuan generate`` data) without trusting it:
the file is size-limited, decoded by its BOM (UTF-8, UTF-16, UTF-32) or as
UTF-8 / GB18030; YAML anchors and aliases are refused (a 439-byte alias bomb
expands to gigabytes, and data never need them), and so is nesting deeper
than any form needs; numbers never pass through ``float``: a decimal number
becomes a :class:`~decimal.Decimal` from its text, and what YAML 1.1 would
read as a number in another notation (``1:30:00.5``, ``0x1F``, ``.inf``,
``.nan``) stays text, for the schema to refuse by its field name.
"""

from __future__ import annotations

import codecs
import json
import re
from decimal import Decimal
from importlib import resources

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DATA_BYTES = 5_000_000      # a department's data file is tens of kilobytes
MAX_DEPTH = 32                  # the generate data nest six levels deep
TOO_DEEP = f"嵌套超过 {MAX_DEPTH} 层，不是有效的数据文件"
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DECIMAL = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d{1,4})?")
_INTEGER = re.compile(r"[-+]?(?:0|[1-9]\d{0,29})")


def load_yaml(name: str, package: str = "juesuan.data"):
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=_LOADER)


class DataError(ValueError):
    """A user's data file cannot be read; the message says why (in Chinese)."""


def decode_data(data: bytes) -> str:
    """The text of a data file: by its BOM, else UTF-8, else GB18030 (GBK)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DataError(f"文件以 {encoding.upper()} 标记开头，但内容不是该编码（{exc.reason}）") from None
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError("无法识别的文本编码（请用 UTF-8 保存）")


def load_user_data(data: bytes, suffix: str):
    """The plain structure (dicts, lists, str, int, Decimal, bool, None) of a .yaml/.yml/.json file."""
    if len(data) > MAX_DATA_BYTES:
        raise DataError(f"文件过大（{len(data)} 字节，上限 {MAX_DATA_BYTES} 字节）")
    text = decode_data(data)
    if suffix.lower() == ".json":
        return _load_json(text)
    return _load_yaml_data(text)


def _load_json(text: str):
    try:
        data = json.loads(text, parse_float=_number_or_text, parse_int=_number_or_text, parse_constant=str)
    except RecursionError:
        raise DataError(TOO_DEEP) from None
    except ValueError as exc:
        raise DataError(f"不是有效的 JSON（{exc}）") from None
    _check_depth(data, 0)
    return data


def _check_depth(value, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise DataError(TOO_DEEP)
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for child in children:
        _check_depth(child, depth + 1)


class _DataLoader(_LOADER):
    """Safe YAML whose numbers are exact: Decimal / int from plain notation, other notations as text."""


def _number_or_text(text: str):
    text = text.replace("_", "")
    if _INTEGER.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        return Decimal(text)
    return text


_DataLoader.add_constructor("tag:yaml.org,2002:float",
                            lambda loader, node: _number_or_text(loader.construct_scalar(node)))
_DataLoader.add_constructor("tag:yaml.org,2002:int",
                            lambda loader, node: _number_or_text(loader.construct_scalar(node)))


def _load_yaml_data(text: str):
    try:
        _check_events(text)
        return yaml.load(text, Loader=_DataLoader)
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in str(exc):     # PyYAML ≥ 6.0.4 stops deep nesting itself
            raise DataError(TOO_DEEP) from None
        raise DataError(f"不是有效的 YAML（{exc}）") from None


def _check_events(text: str) -> None:
    """Refuse anchors, aliases and deep nesting before anything is built (libyaml's parser, no recursion)."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise DataError("数据文件中不允许使用 YAML 锚点或别名（& 和 *）；请直接写出每一项")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise DataError(TOO_DEEP)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
