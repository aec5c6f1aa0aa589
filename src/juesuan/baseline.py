"""A baseline: findings already reviewed, not reported again (``--baseline``), and
written from a run (``--write-baseline``).

A finding's key is what stays when unrelated parts of the document are edited:
the rule, the quote (NFKC-normalized, whitespace removed), the expected and the
actual value, and the file's stem (its name without folder and extension).  No
line number or offset: adding a paragraph above does not change the key;
changing the quoted number does, and the finding is reported again.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

VERSION = 1


def _squeeze(text: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def key(path: str, finding: dict) -> tuple[str, str, str, str, str]:
    """(file stem, rule, quote, expected, actual) of a finding of the JSON object."""
    file = finding.get("location", {}).get("file") or path
    return (Path(file).stem, finding["rule"], _squeeze(finding.get("location", {}).get("quote")),
            _squeeze(finding.get("expected")), _squeeze(finding.get("actual")))


_FIELDS = ("file", "rule", "quote", "expected", "actual")


def write(target: str, keys) -> None:
    entries = [dict(zip(_FIELDS, k)) for k in sorted(set(keys))]
    Path(target).write_text(json.dumps({"juesuan_baseline": VERSION, "findings": entries},
                                       ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


class BaselineError(Exception):
    """The baseline file cannot be read."""


def load(source: str) -> frozenset[tuple]:
    try:
        data = json.loads(Path(source).read_text(encoding="utf-8"))
        return frozenset(tuple(e[f] for f in _FIELDS) for e in data["findings"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BaselineError(f"基线文件无法读取（cannot read baseline）：{exc}") from exc
