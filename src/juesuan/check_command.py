"""``juesuan check``: many files and folders in, findings out in the chosen format.

The files are checked by :mod:`juesuan.batch` (all cores, input order); here the
findings are selected (``--select``/``--ignore``/``--severity``, the baseline),
written (text with colour and wrapping on a terminal, JSON Lines, CSV, SARIF;
to stdout or ``--output-file``), counted, and summed up on stderr.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

from . import baseline, batch
from .render import csv as render_csv
from .render import json as render_json
from .render import sarif as render_sarif
from .render import text as render_text
from .render.summary import Tally, statistics_rows, statistics_table, summary_table
from .selection import Selection, all_rules, family_of


@dataclass
class CheckOptions:
    files: tuple[str, ...]
    fmt: str = "text"
    exit_zero: bool = False
    together: bool = False
    max_bytes: int | None = None
    jobs: int = 0
    selection: Selection = Selection()
    statistics: bool = False
    output_file: str | None = None
    color: bool = True
    baseline: str | None = None
    write_baseline: str | None = None
    store: str | None = None            # --store: record in and check against a store
    dask: str | None = None             # --dask: check on a Dask cluster, into the store


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:              # not on Linux
        return os.cpu_count() or 1


def run(opts: CheckOptions) -> int:
    """Check, print, and return the exit status (0, 1 or 2)."""
    err = Console(stderr=True, highlight=False)
    try:
        known = baseline.load(opts.baseline) if opts.baseline else frozenset()
    except baseline.BaselineError as exc:
        err.print(f"juesuan: {opts.baseline}: {exc}", markup=False)
        return 2
    paths = batch.expand(opts.files)
    if opts.store is not None or opts.dask:
        return _into_store(opts, paths, err)
    families = family_of()
    tally = Tally(families)
    seen_keys: list[tuple] = []
    jobs = max(1, min(opts.jobs or default_jobs(), len(paths)))

    def selected(outcome):
        kept = outcome.keeping(lambda f: opts.selection.wants(f, families))
        seen_keys.extend(baseline.key(kept.path, f) for f in kept.findings)
        if known:
            kept = kept.keeping(lambda f: baseline.key(kept.path, f) not in known)
        tally.add(kept)
        if kept.error:
            err.print(f"juesuan: {kept.path}: {kept.error}", markup=False, soft_wrap=True)
        return kept

    with _sink(opts.output_file) as out:
        console = Console(file=out, highlight=False, no_color=not opts.color,
                          force_terminal=None if opts.output_file is None else False)
        outcomes = (selected(o) for o in _with_progress(err, paths, jobs, opts))
        try:
            _write(opts, outcomes, console, tally)
        except KeyboardInterrupt:
            err.print("juesuan: 已中断（interrupted）", markup=False)
            return 130
    if opts.write_baseline:
        baseline.write(opts.write_baseline, seen_keys)
    if opts.fmt == "text" and not opts.statistics and len(paths) > 1:
        err.print(summary_table(tally))
    code = 2 if tally.unreadable or tally.not_checked else (1 if tally.with_errors else 0)
    return 0 if opts.exit_zero and code == 1 else code


def _into_store(opts: CheckOptions, paths: list[str], err: Console) -> int:
    """``check --store``/``--dask`` (:mod:`juesuan.store`): text or JSON Lines, every finding."""
    from .store.cli import check_command

    return check_command(paths, opts, err)


def _write(opts: CheckOptions, outcomes, console: Console, tally: Tally) -> None:
    if opts.statistics:
        for _ in outcomes:
            pass
        if opts.fmt == "json":
            console.file.write(render_json.encode(statistics_rows(tally)) + "\n")
        else:
            console.print(statistics_table(tally))
        return
    if opts.fmt == "json":
        for o in outcomes:
            console.file.write(render_json.encode(o.data) + "\n")
    elif opts.fmt == "csv":
        console.file.write(render_csv.findings_header())
        for o in outcomes:
            console.file.write(render_csv.findings(o, tally.families))
    elif opts.fmt == "sarif":
        console.file.write(render_sarif.dumps(outcomes, all_rules()) + "\n")
    else:
        colour = console.is_terminal and opts.color and not os.environ.get("NO_COLOR")
        width = console.width if console.is_terminal else None
        for o in outcomes:
            for line, style in render_text.styled(o, width):
                if colour:
                    console.print(Text(line, style=style), soft_wrap=True)
                else:
                    console.file.write(line + "\n")


@contextmanager
def _sink(output_file: str | None):
    if output_file is None:
        yield sys.stdout
        return
    with open(output_file, "w", encoding="utf-8", newline="") as f:
        yield f


def _with_progress(err: Console, paths: list[str], jobs: int, opts: CheckOptions):
    """The outcomes in input order; while the files are checked, a progress bar on stderr
    when stderr is a terminal: files, and the pages of a scan OCR reads when the files
    are checked in this process (one job)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .readers.ocr import page_progress

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=err, transient=True, disable=not err.is_terminal)
    with progress:
        task = progress.add_task("核对中", total=len(paths), visible=len(paths) > 1)
        pages = progress.add_task("识别扫描件", visible=False)

        def scanned(path: str, done: int, total: int) -> None:
            progress.update(pages, description=f"识别扫描件 {os.path.basename(path)}", completed=done, total=total,
                            visible=done < total)

        with page_progress(scanned):
            outcomes = batch.run(paths, jobs, opts.together, opts.max_bytes,
                                 advance=lambda: progress.advance(task))
            first = next(outcomes, None)      # the first round runs while the bar shows
    if first is not None:
        yield first
        yield from outcomes
