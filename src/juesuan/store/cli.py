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
