"""``juesuan report INPUT… -o OUT``: the findings of many files as a reviewer's document.

OUT's suffix picks the form: ``.xlsx`` the 审核意见表, ``.csv`` the same table,
``.html`` one standalone page with every document and its findings, ``.docx``
a 整改通知 per unit.  With several units the notices go to a folder (OUT is an
existing folder, ends with ``/`` or has no suffix), to a pattern (``通知/{n}-{unit}.docx``), or
beside OUT as ``OUT-01-单位.docx``; a unit name becomes part of a file name only
after everything that could make it a path is taken out.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import click

from . import csv as write_csv
from . import docx as write_docx
from . import html as write_html
from . import xlsx as write_xlsx
from .inputs import collect
from .rows import Entry

WRITERS = {".xlsx": write_xlsx.write, ".csv": write_csv.write, ".html": write_html.write, ".htm": write_html.write}
NAME_LIMIT = 40
_NOT_IN_NAME = re.compile(r'[\\/:*?"<>|.]')


def run(inputs: list[str], output: str, force: bool = False, max_bytes: int | None = None) -> int:
    """Write OUT; 0 when every input was read and checked, 2 when some were not (or a
    saved line is bad) — OUT is written all the same, listing them — or OUT cannot be."""
    suffix = Path(output).suffix.lower()
    notices = _is_notice_target(output)
    if suffix not in WRITERS and not notices:
        click.echo(f"juesuan: {output}: 输出格式由后缀决定：.xlsx、.csv、.html 或 .docx（或一个文件夹）", err=True)
        return 2
    entries, problems = collect(inputs, max_bytes)
    entries = _first_of_each_file(entries)
    for problem in problems:
        click.echo(f"juesuan: {problem}", err=True)
    for item in entries:
        if item.error:
            click.echo(f"juesuan: {item.file}: {item.error}", err=True)
    targets = _notice_targets(output, entries) if notices else [(output, entries)]
    if not targets:
        click.echo("juesuan: 没有发现需要整改的问题，未写入整改通知", err=True)
    existing = [path for path, _ in targets if os.path.exists(path)]
    if existing and not force:
        click.echo(f"juesuan: {existing[0]} 已存在（其中可能已有处理意见），加 --force 覆盖", err=True)
        return 2
    try:
        for path, chosen in targets:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            if notices:
                write_docx.write(chosen[0].unit, chosen, path)
            else:
                WRITERS[suffix](chosen, path)
            click.echo(f"juesuan: 已写入 {path}", err=True)
    except OSError as exc:
        click.echo(f"juesuan: {output}: 无法写入（{exc.strerror or exc}）", err=True)
        return 2
    findings = sum(len(e.rows) for e in entries)
    click.echo(f"juesuan: {len(entries)} 个文件，{findings} 条意见", err=True)
    return 2 if problems or any(e.error for e in entries) else 0


def _first_of_each_file(entries: list[Entry]) -> list[Entry]:
    """The entries without a second one of the same file (a document given and also saved)."""
    seen, out = set(), []
    for item in entries:
        key = os.path.realpath(item.file)
        if key in seen:
            click.echo(f"juesuan: {item.file}: 重复输入，只用第一次的结果", err=True)
            continue
        seen.add(key)
        out.append(item)
    return out


def _is_notice_target(output: str) -> bool:
    """OUT.docx, a folder (existing, ending with a separator, or a name without suffix) or a pattern."""
    return (output.lower().endswith(".docx") or os.path.isdir(output) or output.endswith(("/", os.sep))
            or not Path(output).suffix or "{unit}" in output or "{n}" in output)


def _notice_targets(output: str, entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """(file, the unit's entries) for each unit with something to notify, in input order."""
    units: dict[str, list[Entry]] = {}
    for item in entries:
        if not item.named and not item.rows:
            click.echo(f"juesuan: {item.file}: 未读出单位名称，不写整改通知", err=True)
        elif item.rows or item.error:
            units.setdefault(item.unit, []).append(item)
    pattern = "{unit}" in output or "{n}" in output
    directory = not pattern and not output.lower().endswith(".docx")
    out = []
    for n, (unit, chosen) in enumerate(units.items(), 1):
        name = safe_name(unit, n)
        if pattern:
            path = output.replace("{unit}", name).replace("{n}", f"{n:02d}")
        elif directory:
            path = os.path.join(output, f"{n:02d}-{name}-整改通知.docx")
        elif len(units) > 1:
            stem = Path(output)
            path = str(stem.with_name(f"{stem.stem}-{n:02d}-{name}.docx"))
        else:
            path = output
        out.append((path, chosen))
    return out


def safe_name(text: str, n: int) -> str:
    """A unit's name as part of a file name: no separator, dot, reserved or control
    character, at most NAME_LIMIT characters; ``单位N`` when nothing is left."""
    kept = "".join(ch for ch in text if not unicodedata.category(ch).startswith(("C", "Z")) or ch == " ")
    name = _NOT_IN_NAME.sub("", kept).strip()[:NAME_LIMIT].strip()
    return name or f"单位{n}"
