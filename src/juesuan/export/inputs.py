"""The inputs of ``juesuan report``: documents, folders of them, saved JSON Lines.

Documents (and the documents found in folders) are checked now, as ``juesuan
check`` does; a ``.jsonl``/``.json`` file holds the objects ``juesuan check
--format json`` printed earlier.  Each line is validated: a bad line gives a
problem (file, line number, what is wrong) and the others are still used.  The
file a saved object names is read again when it is still there, so its rows get
a person-findable place and its report its pages; when its text no longer
matches the saved quotes, the saved page and line are used instead.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from ..document import Document
from ..readers import ReadError, read
from ..schema import MODEL_CONFIG, BlankText, Text, messages
from .rows import Entry, entry

JSON_SUFFIXES = (".jsonl", ".json", ".ndjson")
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".txt", ".html", ".htm", ".md", ".markdown")


class _Location(BaseModel):
    model_config = MODEL_CONFIG
    page: int | None = None
    line: int | None = None
    start: int | None = None
    end: int | None = None
    quote: BlankText = ""
    file: Text | None = None


class _Finding(BaseModel):
    model_config = MODEL_CONFIG
    rule: Text
    severity: Literal["error", "warning", "info"]
    title: BlankText = ""
    message: BlankText = ""
    expected: BlankText = ""
    actual: BlankText = ""
    arithmetic: BlankText = ""
    location: _Location = _Location()


class _Checked(BaseModel):
    """What ``report`` needs of one object of spec/report-json.md."""

    model_config = MODEL_CONFIG
    file: Text
    doc_type: Text = "unknown"
    error: Text | None = None
    figures: dict = {}
    findings: list[_Finding] = []


def expand(inputs: list[str]) -> list[str]:
    """The inputs with each folder replaced by the documents and JSON Lines under it, sorted."""
    out = []
    for item in inputs:
        if os.path.isdir(item):
            found = (p for p in Path(item).rglob("*") if p.is_file() and not p.name.startswith((".", "~$"))
                     and p.suffix.lower() in DOCUMENT_SUFFIXES + JSON_SUFFIXES)
            out.extend(str(p) for p in sorted(found))
        else:
            out.append(item)
    return out


def collect(inputs: list[str], max_bytes: int | None = None) -> tuple[list[Entry], list[str]]:
    """Entries of every input file in order, and the problems met reading saved JSON Lines."""
    paths = expand(inputs)
    documents = [p for p in paths if not p.lower().endswith(JSON_SUFFIXES)]
    checked = _check(documents, max_bytes)
    entries, problems = [], []
    for path in paths:
        if path.lower().endswith(JSON_SUFFIXES):
            saved, bad = _saved(path, max_bytes)
            entries.extend(saved)
            problems.extend(bad)
        else:
            obj, doc = next(checked)
            entries.append(entry(obj, doc))
    return entries, problems


def _check(paths: list[str], max_bytes: int | None):
    """(JSON object, the file's own text or None) of each document, in order, checked as
    ``check`` checks them (the files of one disclosure as one, cross-document rules, a
    bug as that file's error)."""
    from ..batch import run             # the batch of `check`: outcomes without Documents

    for outcome in run(paths, max_bytes=max_bytes):
        yield outcome.data, _reread(outcome.path, max_bytes) if outcome.readable else None


def _reread(path: str, max_bytes: int | None) -> Document | None:
    try:
        return read(path, max_bytes)
    except (ReadError, OSError):
        return None


def _saved(path: str, max_bytes: int | None) -> tuple[list[Entry], list[str]]:
    """Entries of a saved JSON Lines file, and one problem per line that is not a checked file."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            lines = fh.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"{path}: 无法读取（{exc}）"]
    entries, problems = [], []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = _Checked.model_validate(json.loads(line)).model_dump()
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{number}: 不是 JSON（{exc.msg}，第{exc.colno}列）")
            continue
        except ValidationError as exc:
            problems.append(f"{path}:{number}: 不是 juesuan check --format json 的输出：" + "；".join(messages(exc)))
            continue
        entries.append(entry(obj, _reread(obj["file"], max_bytes) if os.path.isfile(obj["file"]) else None))
    return entries, problems
