"""SARIF 2.1.0 (the static-analysis interchange format code-scanning tools read).

One run; ``tool.driver.rules`` carries every rule's id, Chinese title, its
documentation and default level; each result points at the file, the line and
the quoted text (``region.snippet``), with the reviewer's place (page and line
on the page, paragraph, table cell) under ``properties``.  A file that could
not be checked is a tool execution notification.  ``partialFingerprints``
holds the baseline key (:mod:`juesuan.baseline`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .. import __version__
from ..baseline import key as baseline_key
from ..places import where
from .json import encode

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def document(outcomes, rules) -> dict:
    """The SARIF log of outcomes (an iterable of FileOutcome) and the rule classes."""
    index = {cls.id: i for i, cls in enumerate(rules)}
    results, notes = [], []
    for o in outcomes:
        if o.error:
            notes.append({"level": "error", "message": {"text": o.error},
                          "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(o.path)}}}]})
        results.extend(_result(o.path, f, index) for f in o.findings)
    return {
        "$schema": SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "juesuan", "version": __version__,
                                "informationUri": "https://github.com/juesuan/juesuan",
                                "rules": [_rule(cls) for cls in rules]}},
            "invocations": [{"executionSuccessful": not notes, "toolExecutionNotifications": notes}],
            "results": results,
        }],
    }


def dumps(outcomes, rules) -> str:
    return encode(document(outcomes, rules), indent=1)


def _rule(cls) -> dict:
    return {"id": cls.id, "name": cls.__name__, "shortDescription": {"text": cls.title},
            "fullDescription": {"text": cls.doc() or cls.title},
            "defaultConfiguration": {"level": LEVEL[cls.severity]},
            "properties": {"family": cls.family}}


def _result(path: str, f: dict, index: dict[str, int]) -> dict:
    loc = f["location"]
    region = {"startLine": loc["line"], "snippet": {"text": loc["quote"]}}
    place = {k: loc[k] for k in ("page", "page_line", "paragraph", "table", "row", "column") if loc.get(k)}
    out = {"ruleId": f["rule"], "level": LEVEL[f["severity"]], "message": {"text": f["message"]},
           "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(loc.get("file") or path)},
                                               "region": region},
                          "message": {"text": where(loc)}}],
           "partialFingerprints": {"juesuanBaseline/v1": _fingerprint(path, f)},
           "properties": {**place, "expected": f["expected"], "actual": f["actual"],
                          "arithmetic": f["arithmetic"]}}
    if f["rule"] in index:
        out["ruleIndex"] = index[f["rule"]]
    return out


def _fingerprint(path: str, f: dict) -> str:
    return hashlib.sha256("\x1f".join(baseline_key(path, f)).encode()).hexdigest()[:32]


def _uri(path: str) -> str:
    p = Path(path)
    return p.as_uri() if p.is_absolute() else p.as_posix()
