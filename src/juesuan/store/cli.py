"""The store's side of the command line: ``check --store/--dask`` and ``corpus``."""

from __future__ import annotations

import os
import sys

import click

_INPUT_SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm", ".md")


def split_store_option(store: str | None, files: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    """``--store`` takes an optional value, so ``--store a.pdf b.pdf`` reads a.pdf as the
    store: an existing file named like a document is an input, and the store the default."""
    if store and store.lower().endswith(_INPUT_SUFFIXES) and os.path.isfile(store):
        return "", (store, *files)
    return store, files


def check_command(paths: list[str], opts, err) -> int:
    """``check --store``/``--dask``: each document's output (on a cluster, its summary) on
    stdout, what stored documents gained when it was written after them, a progress bar
    and the summary table on stderr; the exit status (1 also when a stored document
    gained an error-level finding)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from ..render.summary import Tally, summary_table
    from ..selection import family_of
    from . import connect, store_url

    url = store_url(opts.store)
    tally = Tally(family_of())
    gained_errors = False               # an error-level finding of a stored document checked again
    progress = Progress(TextColumn("核对入库"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=err, transient=True, disable=not (err.is_terminal and len(paths) > 1))
    with progress:
        task = progress.add_task("check", total=len(paths))
        if opts.dask:
            from .checking import check_on_cluster

            items = ((s, s, _summary_output(s, opts.fmt), s.rechecked)
                     for s in check_on_cluster(paths, url, opts.dask, together=opts.together,
                                               max_bytes=opts.max_bytes))
        else:
            items = _serially(paths, connect(url), opts)
        for path_or_summary, outcome, output, rechecked in items:
            progress.advance(task)
            if outcome is None or getattr(outcome, "stored_before", False):
                path = getattr(path_or_summary, "path", path_or_summary)
                progress.console.print(f"juesuan: {path}: 库中已有此内容按当前规则版本的核对结果，未重复核对",
                                       markup=False, soft_wrap=True)
                continue
            tally.add(outcome)
            if outcome.error:
                progress.console.print(f"juesuan: {outcome.path}: {outcome.error}", markup=False, soft_wrap=True)
            sys.stdout.write(output + "\n")
            for recheck in rechecked:
                if recheck.findings:
                    sys.stdout.write(recheck_output(recheck, opts.fmt) + "\n")
                    gained_errors = gained_errors or any(f["severity"] == "error" for f in recheck.findings)
    if opts.fmt == "text" and len(paths) > 1:
        err.print(summary_table(tally))
    code = 2 if tally.unreadable or tally.not_checked else (1 if tally.with_errors or gained_errors else 0)
    return 0 if opts.exit_zero and code == 1 else code


def _serially(paths: list[str], engine, opts):
    """(path, FileOutcome, output, rechecks) of each file (None, None, [] when the store had it)."""
    from ..outcome import outcome_of
    from ..render import json as render_json
    from ..render import text as render_text
    from .checking import check_into_store

    def render(result) -> tuple:
        outcome = outcome_of(result)
        return outcome, render_json.encode(outcome.data) if opts.fmt == "json" else render_text.render(outcome)

    rechecked: list = []
    try:
        for path, result, rendered in check_into_store(paths, engine, render, together=opts.together,
                                                        max_bytes=opts.max_bytes, rechecked=rechecked.append):
            if result is None:
                yield path, None, None, []
            else:
                yield path, *rendered, list(rechecked)
                rechecked.clear()
    finally:
        engine.dispose()


def _summary_output(summary, fmt: str) -> str:
    """A document checked on a cluster: its counts of findings (the findings are in the store)."""
    from ..render.json import encode
    from ..render.text import DOC_TYPE_WORD, SEVERITY_WORD

    counts = {s: sum(f["severity"] == s for f in summary.findings) for s in SEVERITY_WORD}
    if fmt == "json":
        return encode({"file": summary.path, **summary.header, "error": summary.error, "counts": counts,
                       "stored": summary.readable})
    head = summary.header
    if not head:
        return f"== {summary.path}\n   无法读取：{summary.error}"
    what = f"{head.get('org') or '单位名称未识别'} · {head.get('year') or '年度未识别'} · {DOC_TYPE_WORD.get(head['doc_type'])}"
    said = summary.error or " · ".join(f"{w} {counts[s]}" for s, w in SEVERITY_WORD.items())
    return f"== {summary.path}\n   {what}：{said}（已记入存储，发现详见 juesuan corpus 或 juesuan serve）"


def recheck_output(recheck, fmt: str) -> str:
    """What a stored document gained when a later one came, said against the earlier one."""
    from ..render.json import encode
    from ..render.text import SEVERITY_WORD

    if fmt == "json":
        return encode({"file": recheck.path, "rechecked_because_of": recheck.by, "findings": recheck.findings})
    out = [f"== {recheck.path}",
           f"   因 {recheck.by} 入库，补做跨文件核对，本文件新增发现 {len(recheck.findings)} 条（已记入存储）："]
    for f in recheck.findings:
        loc = f["location"]
        page = f"第{loc['page']}页，" if loc.get("page") else ""
        out += [f"  [{SEVERITY_WORD[f['severity']]}] {f['rule']} {f['title']} · {page}全文第{loc['line']}行",
                f"      {f['message']}"]
    return "\n".join(out)


def corpus_command(store: str | None, fmt: str, unit: str | None, output: str | None) -> int:
    """``juesuan corpus``: the table (or chart) on stdout or in ``output``; the exit status."""
    from . import connect, store_url
    from .corpus import as_csv, as_text, as_xlsx, chart, overview

    engine = connect(store_url(store))
    try:
        rows = overview(engine, unit)
    finally:
        engine.dispose()
    if output and output.lower().endswith(".png"):
        if not unit:
            click.echo("juesuan: 图表需要 --unit 指定单位", err=True)
            return 2
        from ..generate.charts import ChartUnavailable

        try:
            data = chart(rows, unit)
        except ChartUnavailable as why:
            click.echo(f"juesuan: {why}；改为输出表格", err=True)
            click.echo(as_text(rows), nl=False)
            return 0
    elif fmt == "xlsx":
        if not output:
            click.echo("juesuan: --format xlsx 需要 -o OUT.xlsx", err=True)
            return 2
        data = as_xlsx(rows)
    else:
        data = as_csv(rows) if fmt == "csv" else as_text(rows).encode("utf-8")
    if output:
        with open(output, "wb") as fh:
            fh.write(data)
    else:
        click.echo(data, nl=False)       # bytes: written to the binary stdout as they are
    return 0
