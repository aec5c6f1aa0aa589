"""The ``juesuan`` command: check, extract, rules, score."""

from __future__ import annotations

import os
import sys

import click

from . import __version__


@click.group()
@click.version_option(__version__)
def main() -> None:
    """juesuan：核对部门决算公开与绩效评价文件中的每一个数字。"""


def _answer(path: str, render, check: bool = True, max_bytes: int | None = None):
    """One file of a batch: its Result and its rendered output.

    Reading, checking and rendering all run inside this guard: a bug in the
    code (or an input no one thought of) must not stop the batch or show a
    traceback; it comes back as that file's error (exit 2).  Set
    JUESUAN_DEBUG=1 to get the traceback instead.
    """
    from .pipeline import analyze

    try:
        result = analyze(path, check=check, max_bytes=max_bytes)
        return result, render(result)
    except Exception as exc:  # noqa: BLE001 — reported, not swallowed
        result = _internal_error(path, exc)
        return result, render(result)


def _internal_error(path: str, exc: Exception):
    """The Result of a file whose analysis raised (re-raised with JUESUAN_DEBUG=1)."""
    from .pipeline import Result

    if os.environ.get("JUESUAN_DEBUG"):
        raise exc
    return Result(path, error=f"内部错误，未能核对（internal error: {type(exc).__name__}: {exc}；"
                              f"请附上此文件报告，JUESUAN_DEBUG=1 可显示详细信息）")


def _answers(paths, render, together: bool = False, max_bytes: int | None = None):
    """(Result, rendered output) of each file in call order, as ``_answer`` gives them,
    except that the files of one disclosure (narrative and tables published apart, or
    all of them with ``together``) are checked as one document."""
    from .pipeline import Result, analyze_disclosure, disclosures, read_all

    read = []
    for path in paths:
        try:
            read.extend(read_all([path], max_bytes))
        except Exception as exc:  # noqa: BLE001 — reported, not swallowed
            read.append(_internal_error(path, exc))
    results = {id(r): r for r in read if isinstance(r, Result)}
    docs = [d for d in read if not isinstance(d, Result)]
    try:
        groups = disclosures(docs, together)
    except Exception as exc:  # noqa: BLE001 — grouping failed: each file alone
        if os.environ.get("JUESUAN_DEBUG"):
            raise
        groups = [[d] for d in docs]
    for docs_of_one in groups:
        try:
            for doc, result in zip(docs_of_one, analyze_disclosure(docs_of_one)):
                results[id(doc)] = result
        except Exception as exc:  # noqa: BLE001 — reported, not swallowed
            for doc in docs_of_one:
                results[id(doc)] = _internal_error(doc.path, exc)
    _cross_check(list(results.values()))
    out = []
    for item in read:
        result = results[id(item)]
        try:
            out.append((result, render(result)))
        except Exception as exc:  # noqa: BLE001 — reported, not swallowed
            result = _internal_error(result.path, exc)
            out.append((result, render(result)))
    return out


def _cross_check(results, known=()) -> None:
    """The cross-document rules over the checked files of the call and the ``known``
    (path, report) pairs of a store (see ``crossdoc``)."""
    from .crossdoc import cross_check

    try:
        cross_check(results, known)
    except Exception:  # noqa: BLE001 — the files' own findings stand; cross checks are extra
        if os.environ.get("JUESUAN_DEBUG"):
            raise


def _max_bytes(max_size_mb: float | None) -> int | None:
    return None if max_size_mb is None else int(max_size_mb * 1024 * 1024)


_MAX_SIZE = click.option(
    "--max-size", "max_size_mb", type=click.FloatRange(min=0, min_open=True), default=None,
    help="Largest input in MB, also what a .docx may unpack to "
         "(default: $JUESUAN_MAX_SIZE, else 200).")


def _exit_code(results) -> int:
    if any(r.error for r in results):
        return 2
    return 1 if any(r.has_errors for r in results) else 0


@main.command()
@click.argument("files", nargs=-1, type=click.Path())     # required, but --store may take the first
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--exit-zero", is_flag=True,
              help="Exit 0 even when findings are errors (a file that cannot be read still exits 2).")
@click.option("--together", is_flag=True,
              help="All FILES are one disclosure (e.g. its 说明 and its 报表): checked as one document.")
@_MAX_SIZE
@click.option("--store", "store", is_flag=False, flag_value="", default=None, metavar="[URL]",
              help="Record each document in a store (a SQLite file, or postgresql+psycopg://…; "
                   "alone: $JUESUAN_STORE, else juesuan.db) and check against the unit's stored documents; "
                   "a document already checked by these rules is skipped.")
@click.option("--dask", "dask", metavar="ADDRESS",
              help="Check on a Dask cluster (tcp://scheduler:8786) into the store (--store, or its default); "
                   "needs juesuan[cluster].")
def check(files, fmt, exit_zero, together, max_size_mb, store, dask):
    """Check disclosures and print every inconsistency with its arithmetic.

    A disclosure published as two files (narrative and tables) is checked as one
    when the names or contents say so (or with --together); each finding names
    the file it stands in.  Exit 0: no error-level finding; 1: at least one; 2: a
    file could not be read, or nothing in it could be checked.
    """
    from .render import json as render_json
    from .render import text as render_text

    render = render_json.dumps if fmt == "json" else render_text.render
    if store is not None or dask:
        from .store.cli import checked_into_store, split_store_option

        store, files = split_store_option(store, files)
    if not files:
        raise click.UsageError("Missing argument 'FILES...'.")
    if store is not None or dask:
        answers = checked_into_store(files, store, dask, render, together, _max_bytes(max_size_mb))
    else:
        answers = zip(files, _answers(files, render, together, _max_bytes(max_size_mb)))
    results = []
    for path, (result, out) in answers:
        results.append(result)
        if result.error:
            click.echo(f"juesuan: {path}: {result.error}", err=True)
        click.echo(out)
    code = _exit_code(results)
    sys.exit(0 if exit_zero and code == 1 else code)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@_MAX_SIZE
def extract(files, fmt, max_size_mb):
    """Print the figures and line items of each file, without checks."""
    from .render import csv as render_csv
    from .render import json as render_json

    def render(result):
        return render_csv.render(result) if fmt == "csv" else render_json.dumps(result, with_findings=False) + "\n"

    results = []
    if fmt == "csv":
        click.echo(render_csv.header(), nl=False)
    for path in files:
        result, out = _answer(path, render, check=False, max_bytes=_max_bytes(max_size_mb))
        results.append(result)
        if result.error:
            click.echo(f"juesuan: {path}: {result.error}", err=True)
        click.echo(out, nl=False)
    sys.exit(2 if any(r.error for r in results) else 0)


@main.command()
@click.option("--store", "store", default=None, metavar="URL",
              help="The store (a SQLite file or postgresql+psycopg://…; default $JUESUAN_STORE, else juesuan.db).")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "xlsx"]), default="text", show_default=True)
@click.option("--unit", default=None, help="One unit's documents over the years.")
@click.option("-o", "--output", type=click.Path(), default=None,
              help="Write to OUT (needed for xlsx); with --unit and OUT.png, a chart of its figures.")
def corpus(store, fmt, unit, output):
    """Units × years in the store: headline figures (万元) and finding counts."""
    from .store.cli import corpus_command

    sys.exit(corpus_command(store, fmt, unit, output))


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(),
              help="审核意见表.xlsx | OUT.csv | report.html | 整改通知.docx (a folder or {unit} pattern: one per unit).")
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
@_MAX_SIZE
def report(inputs, output, force, max_size_mb):
    """Write the findings of documents, folders or saved `check --format json` lines
    for a reviewer.  Exit 0: written; 2: some input could not be read or checked
    (OUT lists it), or OUT could not be written."""
    from .export.command import run

    sys.exit(run(list(inputs), output, force=force, max_bytes=_max_bytes(max_size_mb)))


@main.command()
def rules():
    """List every rule with its id, family, severity and documentation."""
    from .checks import REGISTRY
    from .checks.cross_year import CROSS_REGISTRY

    for cls in [*REGISTRY, *CROSS_REGISTRY]:
        click.echo(f"{cls.id}  [{cls.family}] ({cls.severity})  {cls.title}")
        click.echo(f"    {cls.doc()}\n")


@main.command()
@click.argument("form", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def score(form, fmt):
    """Score a 项目支出绩效自评表 (YAML/JSON, xlsx, or a document holding it) from its targets and actuals.

    Prints each row's score, the total and the grade.  Exit 0: scored; 2: the
    form could not be read, or a value is of the wrong kind (the message names
    the field).
    """
    sys.exit(_guarded(form, lambda: _score(form, fmt)))


def _score(form: str, fmt: str) -> int:
    import json

    from .score import FormError, load_form, render_text, score_form, to_dict

    try:
        scored = score_form(load_form(form))
    except FormError as exc:
        click.echo(f"juesuan: {form}: {exc}", err=True)
        return 2
    click.echo(json.dumps(to_dict(scored), ensure_ascii=False) if fmt == "json" else render_text(scored))
    return 0


def _guarded(what: str, command) -> int:
    """``command()``'s exit status; a bug in the code is exit 2 with a message, not a traceback
    (JUESUAN_DEBUG=1: the traceback)."""
    try:
        return command()
    except Exception as exc:  # noqa: BLE001 — reported, not swallowed
        if os.environ.get("JUESUAN_DEBUG"):
            raise
        click.echo(f"juesuan: {what}: 内部错误（internal error: {type(exc).__name__}: {exc}；"
                   f"请附上此文件报告，JUESUAN_DEBUG=1 可显示详细信息）", err=True)
        return 2


@main.command()
@click.argument("data", required=False, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(),
              help="OUT.docx | OUT.html | OUT.md (OUT.xlsx: the data as the input workbook).")
@click.option("--no-charts", is_flag=True, help="Leave out 图1/图2 (no matplotlib needed).")
@click.option("--template", is_flag=True, help="Write the empty input workbook to OUT.xlsx instead.")
@click.option("--force", is_flag=True, help="Overwrite OUT (and its chart files) if they exist.")
def generate(data, output, no_charts, template, force):
    """Draft the 部门决算说明 from the nine tables (DATA: .xlsx, .yaml or .json).

    Every share, change and completion rate is computed from the tables, so the
    text cannot disagree with them; reasons only a person can give are left as
    “（待填写）”.  The written file is read back and checked.  Exit 0: written and
    checked; 1: the data do not add up (nothing written) or the check failed;
    2: the data cannot be read, or OUT cannot be written (an existing OUT needs --force).
    """
    from .generate.command import run

    sys.exit(_guarded(data or output, lambda: run(data, output, charts=not no_charts, template=template,
                                                  force=force)))


_STORE_HELP = "The store (a SQLite file or postgresql+psycopg://…; default $JUESUAN_STORE, else juesuan.db)."


@main.command()
@click.option("--store", "store", default=None, metavar="URL", help=_STORE_HELP)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--uploads", "folder", default=None, type=click.Path(),
              help="Where uploaded files are kept (default: beside a SQLite store, else ./juesuan-uploads).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 32),
              help="Processes checking uploads.")
@click.option("--plain-http", is_flag=True,
              help="Served over plain HTTP beyond loopback (no TLS proxy): session cookies without Secure.")
def serve(store, host, port, folder, workers, plain_http):
    """The review desk in a browser (needs juesuan[web]); add accounts with `juesuan user add`."""
    from .web.command import serve as run

    run(store, host, port, folder, workers, plain_http)


@main.group()
def user():
    """Accounts of the review desk (juesuan serve)."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "reviewer", "viewer"]), default="reviewer", show_default=True)
@click.option("--store", "store", default=None, metavar="URL", help=_STORE_HELP)
def user_add(name, role, store):
    """Add an account; the password is asked for, or read from stdin's first line."""
    from .web.command import add_user

    sys.exit(add_user(store, name, role))
