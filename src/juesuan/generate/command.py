"""``juesuan generate`` as a function: load, refuse what does not add up, write, check back.

Exit status as for ``juesuan check``: 0 written and its own check found no
error; 1 the data do not add up (nothing written) or the written document
fails its check; 2 the input cannot be read or the output cannot be written
(a folder, an unwritable place, an existing file without ``--force``: see
:mod:`.publish`).  An ``.xlsx`` output writes the data as the input workbook
(``--template``: the empty one).
"""

from __future__ import annotations

from pathlib import Path

import click

from . import FORMATS, draft
from .loader import LoadError, load
from .publish import OutputError, publish, refuse_existing


def run(data_path: str | None, out: str, charts: bool = True, template: bool = False, force: bool = False) -> int:
    try:
        return _run(data_path, Path(out), charts, template, force)
    except OutputError as exc:
        click.echo(f"juesuan: {exc}", err=True)
        return 2


def _run(data_path: str | None, out_path: Path, charts: bool, template: bool, force: bool) -> int:
    from .workbook import empty_input, workbook_bytes

    refuse_existing([out_path], force)
    if template:
        if out_path.suffix.lower() != ".xlsx":
            click.echo("juesuan: --template 写出空白数据工作簿，输出文件应为 .xlsx", err=True)
            return 2
        publish({out_path: workbook_bytes(empty_input(), template=True)}, force)
        click.echo(f"已写出空白数据工作簿：{out_path}")
        return 0
    if not data_path:
        click.echo("juesuan: 请给出数据文件（.xlsx、.yaml 或 .json），或用 --template 写出空白工作簿", err=True)
        return 2
    if out_path.suffix.lower() not in FORMATS + (".xlsx",):
        click.echo(f"juesuan: 不支持的输出格式“{out_path.suffix}”，"
                   "请用 .docx、.html、.md（或 .xlsx 导出数据）", err=True)
        return 2
    try:
        data, problems = load(data_path)
    except LoadError as exc:
        click.echo(f"juesuan: {exc}", err=True)
        return 2
    for p in problems:
        word = "错误" if p.severity == "error" else "提示（尾差）"
        click.echo(f"  [{word}] {p.where}：{p.message}", err=True)
    if any(p.severity == "error" for p in problems):
        click.echo("juesuan: 数据不平衡，未生成文件；请先核对上列各表。", err=True)
        return 1
    if out_path.suffix.lower() == ".xlsx":
        publish({out_path: workbook_bytes(data)}, force)
        click.echo(f"已写出数据工作簿：{out_path}")
        return 0
    result = draft(data, out_path, charts=charts)
    for w in result.warnings:
        click.echo(f"  [提示] {w}", err=True)
    code = publish(result.contents, force, check=_self_check)
    click.echo("已生成：" + "、".join(str(f) for f in result.contents))
    return code


def _self_check(path: Path) -> int:
    """Read this run's written file back and check it: the draft must pass juesuan's own checks."""
    from ..pipeline import analyze

    try:
        checked = analyze(str(path))
    except Exception as exc:  # noqa: BLE001 — a bug in the checker must not hide that the file was written
        click.echo(f"juesuan: 已写出文件，但自检未能运行（internal error: {type(exc).__name__}: {exc}）", err=True)
        return 1
    errors = [f for f in checked.findings if f.severity == "error"]
    if checked.error:
        click.echo(f"juesuan: 自检未能运行：{checked.error}", err=True)
        return 1
    if errors:
        doc = checked.report.document
        for f in errors:
            click.echo(f"  [自检错误] {f.rule} {f.message}（{doc.quote(f.span, 60)}）", err=True)
        return 1
    placeholders = checked.report.document.text.count("（待填写）")
    click.echo(f"自检：{checked.coverage.rules_run} 条规则未发现错误" +
               (f"；尚有 {placeholders} 处“（待填写）”需由经办人填写原因。" if placeholders else "。"))
    return 0
