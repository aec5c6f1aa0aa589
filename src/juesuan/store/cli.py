"""The store's side of the command line: ``check --store/--dask`` and ``corpus``."""

from __future__ import annotations

import os

import click

_INPUT_SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm", ".md")


def split_store_option(store: str | None, files: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    """``--store`` takes an optional value, so ``--store a.pdf b.pdf`` reads a.pdf as the
    store: an existing file named like a document is an input, and the store the default."""
    if store and store.lower().endswith(_INPUT_SUFFIXES) and os.path.isfile(store):
        return "", (store, *files)
    return store, files


def checked_into_store(files, store, dask, render, together, max_bytes):
    """(path, (Result, output)) of each file ``check --store`` checked; a file the store
    already had is said on stderr and left out."""
    from . import connect, store_url
    from .checking import check_into_store

    engine = connect(store_url(store))
    try:
        for path, result, out in check_into_store(list(files), engine, render, together=together,
                                                  max_bytes=max_bytes, dask=dask):
            if result is None:
                click.echo(f"juesuan: {path}: 库中已有此内容按当前规则版本的核对结果，未重复核对", err=True)
            else:
                yield path, (result, out)
    finally:
        engine.dispose()


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
        click.get_binary_stream("stdout").write(data)
    return 0
