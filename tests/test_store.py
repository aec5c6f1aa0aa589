"""The store: migrations, check → store → corpus, cross-document rules against stored
documents, concurrent writers, a killed batch run again, and the Dask path.

Every test runs on SQLite and on PostgreSQL; the PostgreSQL ones need a server
whose URL is in JUESUAN_TEST_PG (``.ci/run`` starts one) and skip without it.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, inspect, select, text

from juesuan.cli import main
from juesuan.store import connect, store_url
from juesuan.store import schema
from test_cross_year import NARRATIVE, TABLES

SRC = str(Path(__file__).resolve().parent.parent / "src")

# the budget tables and narrative of tests/test_cross_year.py in one file, for any unit
BUDGET = (TABLES + NARRATIVE.split("\n", 1)[1]).replace("江苏省人民检察院", "{unit}")
CITIES = ("南京", "苏州", "无锡", "常州", "徐州", "南通", "扬州", "镇江", "泰州", "盐城", "淮安", "宿迁")


def budget(unit: str, year: int, *, prior: str, now: str, up: str, abroad: str) -> str:
    return BUDGET.format(unit=unit, y=year, prior=prior, now=now, total=now, up=up, abroad=abroad)


def unit_years(folder: Path, units=CITIES) -> list[str]:
    """Two years of each unit's budget: the second's 上年预算数 (10,500 in two rows) and its
    "与上年预算数一致" (100 against 110) disagree with the first; its "增加1,000" agrees."""
    paths = []
    for city in units:
        unit = f"江苏省{city}市人民检察院"
        for year, values in ((2018, dict(prior="9,000.00", now="10,000.00", up="500.00", abroad="110.00")),
                             (2019, dict(prior="10,500.00", now="11,000.00", up="1,000.00", abroad="100.00"))):
            path = folder / f"{city}-{year}.txt"
            path.write_text(budget(unit, year, **values), encoding="utf-8")
            paths.append(str(path))
    return paths


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    """A fresh, empty store: a SQLite file, or a new database on the test server."""
    if request.param == "sqlite":
        yield store_url(str(tmp_path / "store.db"))
        return
    with postgres_database() as database:
        yield database


@contextlib.contextmanager
def postgres_database():
    """The URL of a new database on the test server of JUESUAN_TEST_PG, dropped on leaving
    (the test skips without a server)."""
    admin = os.environ.get("JUESUAN_TEST_PG")
    if not admin:
        pytest.skip("JUESUAN_TEST_PG is not set: no PostgreSQL server for the store tests (.ci/run starts one)")
    name = f"juesuan_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield engine.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        engine.dispose()


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        out = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
               for t in (schema.documents, schema.runs, schema.figures, schema.lines, schema.changes,
                                     schema.findings)}
    engine.dispose()
    return out


def _contents(url: str) -> list[tuple]:
    """Everything stored, without ids and times, as a sorted list."""
    engine = create_engine(url)
    d, r = schema.documents, schema.runs
    rows = []
    with engine.connect() as conn:
        for table in (schema.figures, schema.lines, schema.changes, schema.findings):
            cols = [c for c in table.c if c.name not in ("id", "run_id")]
            query = select(d.c.content_hash, *cols).join(r, r.c.id == table.c.run_id).join(d, d.c.id == r.c.document_id)
            rows += [(table.name, *row) for row in conn.execute(query)]
        cols = [c for c in d.c if c.name not in ("id", "created_at")]
        rows += [("documents", *row) for row in conn.execute(select(*cols))]
        cols = [c for c in r.c if c.name not in ("id", "document_id", "created_at")]
        rows += [("runs", *row) for row in conn.execute(select(d.c.content_hash, *cols).join(d))]
    engine.dispose()
    return sorted(rows, key=repr)


def _check(*args) -> tuple[list[dict], str, int]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *args])
    objs = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return objs, result.stderr, result.exit_code


def _cross(obj):
    return [f for f in obj["findings"] if f["rule"].startswith("JS-R95")]


def _head() -> str:
    """The last migration shipped (the store's own, then the review desk's)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(schema.__file__).with_name("migrations")))
    return ScriptDirectory.from_config(config).get_current_head()


def test_migrations_from_empty(url):
    engine = connect(url)
    connect(url).dispose()                           # a second open finds the schema at head
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == _head()
    tables = set(inspect(engine).get_table_names())
    assert {"documents", "runs", "figures", "lines", "findings"} <= tables
    assert {c["name"] for c in inspect(engine).get_columns("lines")} >= {"code", "phase", "value", "page", "quote"}
    engine.dispose()


def test_check_store_corpus(url, tmp_path):
    y2018, y2019 = unit_years(tmp_path, units=("南京",))
    objs, _, code = _check("--store", url, y2019, y2018)       # any order: the earlier year is checked first
    assert code == 1                                           # "与上年预算数一致" is an error
    by_year = {o["figures"]["meta.year"]: o for o in objs}
    assert _cross(by_year[2018]) == []
    found = _cross(by_year[2019])
    assert sorted(f["rule"] for f in found) == ["JS-R950", "JS-R950", "JS-R951"]
    abroad = next(f for f in found if f["rule"] == "JS-R951" and f["severity"] == "error")
    assert "南京-2018.txt" in abroad["message"] and "第24行" in abroad["message"]
    assert "「2018年因公出国（境）费预算支出110.00万元，与上年预算数一致。」" in abroad["message"]
    assert abroad["location"]["quote"] == "100.00万元"

    again, stderr, code = _check("--store", url, y2018, y2019)
    assert again == [] and code == 0 and stderr.count("未重复核对") == 2
    assert _counts(url)["documents"] == 2 and _counts(url)["runs"] == 2

    table = CliRunner().invoke(main, ["corpus", "--store", url]).stdout
    assert "江苏省南京市人民检察院  2018  部门预算" in table and "10000.00" in table
    csv_out = CliRunner().invoke(main, ["corpus", "--store", url, "--format", "csv"]).stdout_bytes
    assert csv_out.startswith("\ufeff单位,年度,类型".encode("utf-8"))
    lines = csv_out.decode("utf-8-sig").splitlines()
    assert lines[2].startswith("江苏省南京市人民检察院,2019,部门预算,") and ",1,2,0," in lines[2]
    one = CliRunner().invoke(main, ["corpus", "--store", url, "--unit", "江苏省南京市人民检察院"]).stdout
    assert one.count("江苏省南京市人民检察院") == 2
    assert "南京" not in CliRunner().invoke(main, ["corpus", "--store", url, "--unit", "江苏省高级人民法院"]).stdout

    from openpyxl import load_workbook
    CliRunner().invoke(main, ["corpus", "--store", url, "--format", "xlsx", "-o", str(tmp_path / "c.xlsx")])
    sheet = load_workbook(tmp_path / "c.xlsx").active
    assert [c.value for c in sheet[1]][:3] == ["单位", "年度", "类型"] and sheet.max_row == 3
    assert sheet.cell(3, 7).value == 11000                    # 一般公共预算财政拨款支出, 万元
    png = tmp_path / "c.png"
    drawn = CliRunner().invoke(main, ["corpus", "--store", url, "--unit", "江苏省南京市人民检察院", "-o", str(png)])
    assert drawn.exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG") if png.exists() else "未画图" in drawn.stderr


def test_a_stored_document_is_a_neighbour_as_one_of_the_run(url, tmp_path):
    """Last year's budget taken from the store gives the findings it gives in the same call."""
    y2018, y2019 = unit_years(tmp_path, units=("苏州",))
    _check("--store", url, y2018)
    (from_store,), _, _ = _check("--store", url, y2019)
    _, in_run = _check(y2018, y2019)[0]
    assert len(_cross(from_store)) == 3
    assert _cross(from_store) == _cross(in_run)


def test_a_stored_disclosure_of_two_files_is_a_neighbour_as_in_the_run(url, tmp_path):
    """Last year's 说明 and 报表 published apart: quoted from their own file, page and line."""
    def write(name, text):
        (tmp_path / name).write_text(text, encoding="utf-8")
        return str(tmp_path / name)

    last = [write("2018-tables.txt", TABLES.format(y=2018, prior="9,000.00", now="10,000.00")),
            write("2018-narrative.txt", NARRATIVE.format(y=2018, total="20,000.00", up="1,000.00", abroad="110.00"))]
    this = [write("2019-tables.txt", TABLES.format(y=2019, prior="10,500.00", now="11,000.00")),
            write("2019-narrative.txt", NARRATIVE.format(y=2019, total="21,000.00", up="900.00", abroad="100.00"))]
    _check("--store", url, *last)
    from_store, _, _ = _check("--store", url, *this)
    in_run = _check(*last, *this)[0]
    assert {o["file"]: _cross(o) for o in from_store} == {o["file"]: _cross(o) for o in in_run[2:]}
    assert sum(len(_cross(o)) for o in from_store) == 4
    assert any("2018-tables.txt第13行：「204 公共安全支出 9,000.00 10,000.00」" in f["message"]
               for o in from_store for f in _cross(o))


def test_a_new_rules_version_adds_a_run(url, tmp_path, monkeypatch):
    (y2018,) = unit_years(tmp_path, units=("无锡",))[:1]
    _check("--store", url, y2018)
    monkeypatch.setattr("juesuan.store.record.rules_version", lambda: "0.1.0+next")
    _check("--store", url, y2018)
    assert _counts(url)["documents"] == 1 and _counts(url)["runs"] == 2


OWN_DOCUMENTS, SHARED_DOCUMENTS = 62, 4


def _write_many(url: str, worker: int, barrier) -> None:
    """One of the concurrent writers: 62 documents of its own and 4 every writer writes
    (8 writers: 500 documents, 528 writes)."""
    from juesuan.pipeline import analyze
    from juesuan.store.record import record

    path = Path(os.environ["STORE_TEST_DOC"])
    result = analyze(str(path))
    engine = connect(url)
    barrier.wait()
    for i in range(OWN_DOCUMENTS):
        record(engine, f"{worker:02d}-{i:02d}".ljust(64, "0"), [result])
    for i in range(SHARED_DOCUMENTS):
        record(engine, f"shared-{i:02d}".ljust(64, "0"), [result])
    engine.dispose()


def test_eight_processes_writing_at_once_lose_nothing(url, tmp_path, monkeypatch):
    (doc,) = unit_years(tmp_path, units=("常州",))[1:]
    monkeypatch.setenv("STORE_TEST_DOC", doc)
    connect(url).dispose()                                   # the schema, before the race on the rows
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(8)
    procs = [ctx.Process(target=_write_many, args=(url, w, barrier)) for w in range(8)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * 8
    counts = _counts(url)
    stored = 8 * OWN_DOCUMENTS + SHARED_DOCUMENTS
    assert counts["documents"] == counts["runs"] == stored == 500
    per_run = _counts_of_one(url)
    assert counts["figures"] == stored * per_run["figures"] and counts["lines"] == stored * per_run["lines"]
    assert counts["findings"] == stored * per_run["findings"]


def _counts_of_one(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        run_id = conn.execute(select(func.min(schema.runs.c.id))).scalar_one()
        out = {t.name: conn.execute(select(func.count()).select_from(t).where(t.c.run_id == run_id)).scalar_one()
               for t in (schema.figures, schema.lines, schema.findings)}
    engine.dispose()
    assert out["figures"] and out["lines"]
    return out


def _batch(url: str, paths: list[str]) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.Popen([sys.executable, "-m", "juesuan", "check", "--format", "json", "--store", url, *paths],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def test_a_batch_killed_half_way_and_run_again(url, tmp_path):
    paths = unit_years(tmp_path)
    whole = _sibling_database(url) if url.startswith("postgresql") else store_url(str(tmp_path / "whole.db"))
    assert _batch(whole, paths).wait(120) == 1

    killed = _batch(url, paths)
    try:
        deadline = time.monotonic() + 120
        while _stored(url) < 5 and killed.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(killed.pid, signal.SIGKILL)
    finally:
        killed.wait()
    half = _counts(url)["documents"]
    assert 0 < half < len(paths), half
    assert _batch(url, paths).wait(120) == 1
    assert _counts(url) == _counts(whole)
    assert _contents(url) == _contents(whole)
    assert _counts(url)["documents"] == len(paths)


def _stored(url: str) -> int:
    try:
        return _counts(url)["documents"]
    except Exception:  # noqa: BLE001 — the batch has not created the schema yet
        return 0


def _sibling_database(url: str) -> str:
    """A second empty database beside ``url``'s on the same server (dropped with the server's data dir)."""
    engine = create_engine(os.environ["JUESUAN_TEST_PG"], isolation_level="AUTOCOMMIT")
    name = f"juesuan_whole_{uuid.uuid4().hex[:12]}"
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return create_engine(url).url.set(database=name).render_as_string(hide_password=False)


def _findings_by_document(url: str) -> list[tuple]:
    """Each stored finding as a reviewer reads it: the document's file name, the rule, its
    severity, message, page, line and quote (whether the document's own check or a later
    neighbour's coming gave it)."""
    engine = create_engine(url)
    d, r, f = schema.documents, schema.runs, schema.findings
    query = (select(d.c.path, f.c.rule, f.c.severity, f.c.message, f.c.page, f.c.line, f.c.quote)
             .join(r, r.c.document_id == d.c.id).join(f, f.c.run_id == r.c.id))
    with engine.connect() as conn:
        rows = sorted((Path(path).name, *rest) for path, *rest in conn.execute(query))
    engine.dispose()
    return rows


def test_a_document_stored_before_its_neighbour_is_checked_again_when_it_comes(url, tmp_path):
    """2019 stored first, then 2018: 2019 gains the findings it gets when 2018 comes first,
    said against 2019 with the document that caused them, once however often it is run."""
    y2018, y2019 = unit_years(tmp_path, units=("淮安",))
    in_order = store_url(str(tmp_path / "in-order.db"))
    _check("--store", in_order, y2018, y2019)

    (alone,), _, _ = _check("--store", url, y2019)
    assert _cross(alone) == []
    objs, _, code = _check("--store", url, y2018)
    assert code == 1 and len(objs) == 2
    report, recheck = objs
    assert report["file"] == y2018 and _cross(report) == []
    assert recheck["file"] == y2019 and recheck["rechecked_because_of"] == y2018
    assert sorted(f["rule"] for f in recheck["findings"]) == ["JS-R950", "JS-R950", "JS-R951"]
    abroad = next(f for f in recheck["findings"] if f["rule"] == "JS-R951")
    assert abroad["severity"] == "error" and "淮安-2018.txt" in abroad["message"]
    assert _findings_by_document(url) == _findings_by_document(in_order)

    engine = create_engine(url)
    with engine.connect() as conn:
        caused = conn.execute(select(schema.findings.c.caused_by).where(schema.findings.c.caused_by.is_not(None)))
        assert len(caused.all()) == 3
        errors = conn.execute(select(schema.runs.c.errors).join(schema.documents)
                              .where(schema.documents.c.path == y2019)).scalar_one()
    engine.dispose()
    assert errors == 1

    text_out = CliRunner().invoke(main, ["check", "--store", url, y2018]).stdout
    assert "因" not in text_out                                  # stored already: nothing checked again
    assert _findings_by_document(url) == _findings_by_document(in_order)


def test_a_new_rules_version_of_the_later_document_replaces_what_it_gave(url, tmp_path, monkeypatch):
    y2018, y2019 = unit_years(tmp_path, units=("宿迁",))
    _check("--store", url, y2019)
    _check("--store", url, y2018)
    before = _findings_by_document(url)
    monkeypatch.setattr("juesuan.store.record.rules_version", lambda: "0.1.0+next")
    objs, _, _ = _check("--store", url, y2018)
    assert [o["file"] for o in objs] == [y2018, y2019]          # checked again, and 2019 with it
    assert _findings_by_document(url) == before                 # replaced, not added


def test_text_output_says_which_later_document_gave_the_findings(tmp_path):
    url = store_url(str(tmp_path / "t.db"))
    y2018, y2019 = unit_years(tmp_path, units=("盐城",))
    CliRunner().invoke(main, ["check", "--store", url, y2019])
    out = CliRunner().invoke(main, ["check", "--store", url, y2018]).stdout
    assert f"== {y2019}" in out and f"因 {y2018} 入库，补做跨文件核对，本文件新增发现 3 条" in out
    assert "[错误] JS-R951" in out


def test_dask_workers_check_and_store_and_the_store_gets_the_same(url, tmp_path):
    """Workers read, check, cross-check and write; the store holds what serial checking gives
    whatever order the workers finish in, and the files of a disclosure published apart
    are checked as one."""
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed (juesuan[cluster])")
    from juesuan.store.checking import check_on_cluster

    paths = unit_years(tmp_path, units=("扬州", "镇江"))
    split = [tmp_path / "2019-tables.txt", tmp_path / "2019-narrative.txt"]
    split[0].write_text(TABLES.format(y=2019, prior="10,500.00", now="11,000.00"), encoding="utf-8")
    split[1].write_text(NARRATIVE.format(y=2019, total="21,000.00", up="900.00", abroad="100.00"), encoding="utf-8")
    paths += [str(p) for p in split]
    serial_url = store_url(str(tmp_path / "serial.db"))
    _check("--store", serial_url, *paths)
    with distributed.LocalCluster(n_workers=2, processes=False, threads_per_worker=1,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        summaries = list(check_on_cluster(list(reversed(paths)), url, client))
        again = list(check_on_cluster(paths, url, client))
    assert sorted(s.path for s in summaries) == sorted(paths)
    assert all(s.stored_before for s in again)
    by_path = {s.path: s for s in summaries}
    assert by_path[str(split[0])].header["doc_type"] == "budget"
    assert sum(f["rule"].startswith("JS-R95") for s in summaries for f in s.findings) + sum(
        len(c.findings) for s in summaries for c in s.rechecked) == 6
    assert _counts(url) == _counts(serial_url)
    assert _counts(url)["documents"] == 5                       # the two files are one disclosure
    assert _findings_by_document(url) == _findings_by_document(serial_url)


def test_check_dask_prints_a_summary_and_the_table(tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed (juesuan[cluster])")
    paths = unit_years(tmp_path, units=("南通",))
    with distributed.LocalCluster(n_workers=1, processes=False, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        url = store_url(str(tmp_path / "d.db"))
        result = CliRunner().invoke(main, ["check", "--store", url, "--dask", cluster.scheduler_address, *paths])
        objs, _, code = _check("--store", url, "--dask", cluster.scheduler_address, *paths)
    assert result.exit_code == 1
    assert "江苏省南通市人民检察院 · 2019 · 部门预算：错误 1 · 警告 2 · 提示 0（已记入存储" in result.stdout
    assert "核对汇总" in result.stderr
    assert objs == [] and code == 0


def test_store_without_a_url_takes_the_environment(tmp_path, monkeypatch):
    """``--store`` takes an optional value: a document after it is an input, not the store."""
    monkeypatch.setenv("JUESUAN_STORE", str(tmp_path / "env.db"))
    (y2018,) = unit_years(tmp_path, units=("泰州",))[:1]
    (obj,), _, _ = _check("--store", y2018)
    assert obj["figures"]["meta.year"] == 2018
    assert _counts(store_url(str(tmp_path / "env.db")))["documents"] == 1
