"""The review desk (juesuan serve) through its HTTP interface: every route for every role,
CSRF, uploads checked by the worker pool, the finding on its page, reviews carried into
the exports and into the unit's next document, escaping, and random requests to the API."""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import time
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("multipart")
pytest.importorskip("argon2")

from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from juesuan.web.accounts import add_user  # noqa: E402
from juesuan.web.app import create_app  # noqa: E402
from test_store import budget, postgres_database  # noqa: E402

PDF = Path(__file__).parent / "fixtures" / "shanghai-putuo-shgzb-2024.pdf"
PASSWORD = "correct horse"
UNIT = "江苏省南京市人民检察院"
LAST_YEAR = dict(prior="9,000.00", now="10,000.00", up="500.00", abroad="110.00")
THIS_YEAR = dict(prior="10,500.00", now="11,000.00", up="1,000.00", abroad="100.00")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def desk(request, tmp_path_factory):
    """The app on a fresh store (a SQLite file, or a new database on the PostgreSQL test
    server of JUESUAN_TEST_PG) with one user of each role; the first client runs the
    app's lifespan (the checking processes)."""
    folder = tmp_path_factory.mktemp("desk")
    with _store(request.param, folder) as url:
        app = create_app(url, str(folder / "uploads"), workers=1, secure_cookies=False)
        for role in ("admin", "reviewer", "viewer"):
            add_user(app.state.engine, role, PASSWORD, role)
        with TestClient(app) as anonymous:
            yield app, anonymous
        app.state.engine.dispose()


@contextlib.contextmanager
def _store(kind: str, folder: Path):
    if kind == "sqlite":
        yield str(folder / "store.db")
    else:
        with postgres_database() as url:
            yield url


def client(app, role: str) -> TestClient:
    """A client logged in as ``role`` through the login form; its CSRF token in .csrf."""
    c = TestClient(app)
    form = c.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    answer = c.post("/login", data={"name": role, "password": PASSWORD, "csrf": token}, follow_redirects=False)
    assert answer.status_code == 303
    c.csrf = c.get("/api/me").json()["csrf"]
    return c


def upload(c: TestClient, name: str, content: bytes) -> dict:
    answer = c.post("/api/documents", files={"file": (name, content)}, headers={"X-CSRF-Token": c.csrf})
    assert answer.status_code == 202, answer.text
    return answer.json()


def wait(c: TestClient, upload_id: int, timeout: float = 120) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        state = c.get("/api/uploads", params={"id": upload_id}).json()[0]
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.2)
    raise AssertionError(f"upload {upload_id} not checked in {timeout} s")


def checked(c: TestClient, name: str, content: bytes) -> dict:
    return wait(c, upload(c, name, content)["id"])


def budget_text(unit: str, year: int, values: dict, tail: str = "") -> bytes:
    return (budget(unit, year, **values) + tail).encode()


@pytest.fixture(scope="module")
def two_years(desk):
    """A unit's budgets of 2018 and 2019 (the second disagrees with the first), checked."""
    app, _ = desk
    c = client(app, "reviewer")
    first = checked(c, "南京-2018.txt", budget_text(UNIT, 2018, LAST_YEAR))
    second = checked(c, "南京-2019.txt", budget_text(UNIT, 2019, THIS_YEAR))
    assert first["status"] == second["status"] == "done"
    return first["document_id"], second["document_id"]


PAGES = ["/", "/uploads", "/documents/1", "/unit?name=x", "/export/review.xlsx", "/export/notice.docx?doc=1",
         "/admin/users"]
API_GETS = ["/api/me", "/api/documents", "/api/documents/1", "/api/uploads", "/api/users"]
POSTS = ["/upload", "/findings/1/review", "/admin/users", "/logout", "/api/documents", "/api/findings/1/review",
         "/api/users"]


@pytest.mark.parametrize("path", PAGES)
def test_a_page_without_a_session_redirects_to_the_login(desk, path):
    _, anonymous = desk
    answer = anonymous.get(path, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")


@pytest.mark.parametrize("path", API_GETS + [p for p in POSTS if p.startswith("/api/")])
def test_the_api_without_a_session_is_401(desk, path):
    _, anonymous = desk
    answer = anonymous.request("POST" if path in POSTS else "GET", path)
    assert answer.status_code == 401


@pytest.mark.parametrize("path", [p for p in POSTS if not p.startswith("/api/")])
def test_a_form_post_without_a_session_redirects(desk, path):
    _, anonymous = desk
    assert anonymous.post(path, data={"csrf": "x"}, follow_redirects=False).status_code == 303


def test_a_wrong_password_is_refused_and_the_session_cookie_is_http_only(desk):
    app, _ = desk
    c = TestClient(app)
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text).group(1)
    assert c.post("/login", data={"name": "viewer", "password": "wrong", "csrf": token}).status_code == 401
    assert c.post("/api/login", json={"name": "nobody", "password": PASSWORD}).status_code == 401
    answer = c.post("/login", data={"name": "viewer", "password": PASSWORD, "csrf": token}, follow_redirects=False)
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_the_login_form_needs_its_token(desk):
    app, _ = desk
    c = TestClient(app)
    c.get("/login")
    assert c.post("/login", data={"name": "viewer", "password": PASSWORD, "csrf": "forged"}).status_code == 403


@pytest.mark.parametrize("path", ["/api/users", "/api/findings/1/review", "/admin/users", "/findings/1/review"])
def test_a_post_without_the_csrf_token_is_refused(desk, path):
    app, _ = desk
    c = client(app, "admin")
    if path.startswith("/api/"):
        answer = c.post(path, json={"name": "mallory", "password": PASSWORD, "role": "admin", "status": "open"})
    else:
        answer = c.post(path, data={"name": "mallory", "password": PASSWORD, "role": "admin", "status": "open"})
    assert answer.status_code == 403
    assert "mallory" not in c.get("/api/users").text


def test_a_viewer_reads_but_cannot_upload_review_or_manage_users(desk, two_years):
    app, _ = desk
    c = client(app, "viewer")
    for path in PAGES[:-1] + API_GETS[:-1]:
        assert c.get(path.replace("/1", f"/{two_years[1]}")).status_code == 200, path
    assert c.get("/admin/users").status_code == 403
    assert c.get("/api/users").status_code == 403
    headers = {"X-CSRF-Token": c.csrf}
    assert c.post("/api/documents", files={"file": ("a.txt", b"x")}, headers=headers).status_code == 403
    assert c.post("/api/findings/1/review", json={"status": "confirmed"}, headers=headers).status_code == 403
    assert c.post("/findings/1/review", data={"status": "confirmed", "csrf": c.csrf}).status_code == 403
    assert "<textarea" not in c.get(f"/documents/{two_years[1]}?finding=1").text


def test_a_reviewer_reviews_but_cannot_manage_users(desk, two_years):
    app, _ = desk
    c = client(app, "reviewer")
    assert c.get("/admin/users").status_code == 403
    answer = c.post("/api/users", json={"name": "eve", "password": PASSWORD, "role": "admin"},
                    headers={"X-CSRF-Token": c.csrf})
    assert answer.status_code == 403
    finding = c.get(f"/api/documents/{two_years[1]}").json()["findings"][0]
    assert c.post(f"/api/findings/{finding['id']}/review", json={"status": "confirmed", "comment": "属实"},
                  headers={"X-CSRF-Token": c.csrf}).status_code == 204
    again = c.get(f"/api/documents/{two_years[1]}").json()["findings"][0]["review"]
    assert (again["status"], again["comment"], again["who"]) == ("confirmed", "属实", "reviewer")
    assert c.post("/api/findings/999999/review", json={"status": "confirmed"},
                  headers={"X-CSRF-Token": c.csrf}).status_code == 404


def test_an_admin_adds_users(desk):
    app, _ = desk
    c = client(app, "admin")
    headers = {"X-CSRF-Token": c.csrf}
    made = c.post("/api/users", json={"name": "老王", "password": PASSWORD, "role": "viewer"}, headers=headers)
    assert made.status_code == 201 and made.json()["role"] == "viewer"
    assert c.post("/api/users", json={"name": "老王", "password": PASSWORD, "role": "viewer"},
                  headers=headers).status_code == 409
    assert c.post("/admin/users", data={"name": "小李", "password": "short", "role": "viewer", "csrf": c.csrf}
                  ).status_code == 400
    page = c.post("/admin/users", data={"name": "小李", "password": PASSWORD, "role": "reviewer", "csrf": c.csrf})
    assert page.status_code == 200 and "小李" in page.text
    assert {"老王", "小李"} <= {u["name"] for u in c.get("/api/users").json()}


def test_the_same_content_uploaded_again_is_recognised(desk, two_years):
    app, _ = desk
    c = client(app, "reviewer")
    again = checked(c, "改了名字.txt", budget_text(UNIT, 2018, LAST_YEAR))
    assert again["duplicate"] and again["document_id"] == two_years[0]


def test_files_of_other_kinds_or_too_big_are_refused(desk, monkeypatch):
    app, _ = desk
    c = client(app, "reviewer")
    headers = {"X-CSRF-Token": c.csrf}
    assert c.post("/api/documents", files={"file": ("a.exe", b"MZ")}, headers=headers).status_code == 415
    assert c.post("/api/documents", files={"file": ("../../etc/passwd", b"x")}, headers=headers).status_code == 415
    monkeypatch.setenv("JUESUAN_MAX_SIZE", "0.001")          # 1 KB
    assert c.post("/api/documents", files={"file": ("big.txt", b"x" * 5000)}, headers=headers).status_code == 413
    page = c.post("/upload", data={"csrf": c.csrf}, files=[("files", ("big.txt", io.BytesIO(b"x" * 5000)))])
    assert page.status_code == 400 and "大小上限" in page.text


def test_an_unreadable_file_is_reported_failed(desk):
    app, _ = desk
    c = client(app, "reviewer")
    state = checked(c, "broken.pdf", b"%PDF-1.7 this is not a pdf")
    assert state["status"] == "failed" and state["error"]


def test_a_text_finding_is_highlighted_and_names_the_other_year(desk, two_years):
    app, _ = desk
    c = client(app, "viewer")
    findings = c.get(f"/api/documents/{two_years[1]}").json()["findings"]
    cross = next(f for f in findings if "南京-2018.txt" in f["message"] or "2018" in f["message"])
    page = c.get(f"/documents/{two_years[1]}", params={"finding": cross["id"]}).text
    assert "<mark>" in page
    assert f'href="/documents/{two_years[0]}"' in page


def test_a_pdf_finding_is_boxed_on_its_page(desk):
    app, _ = desk
    c = client(app, "reviewer")
    state = checked(c, "普陀.pdf", PDF.read_bytes())
    assert state["status"] == "done"
    findings = c.get(f"/api/documents/{state['document_id']}").json()["findings"]
    on_page = next(f for f in findings if f["page"])
    page = c.get(f"/documents/{state['document_id']}", params={"finding": on_page["id"]}).text
    assert 'src="data:image/png;base64,' in page
    box = re.search(r'class="hl" style="left:([\d.]+)%;top:([\d.]+)%;width:([\d.]+)%', page)
    assert box and 0 < float(box.group(3)) < 100


def test_a_pdf_checked_from_the_command_line_shows_its_findings_on_the_page(desk, tmp_path):
    """The store's findings have no offsets: the quote is found on its page."""
    from juesuan.render.json import to_dict
    from juesuan.store.checking import check_into_store

    app, _ = desk
    path = tmp_path / "命令行.pdf"
    path.write_bytes(PDF.read_bytes() + b"\n% checked from the command line\n")
    list(check_into_store([str(path)], app.state.engine, to_dict))
    c = client(app, "viewer")
    listed = next(d for d in c.get("/api/documents").json() if d["name"] == "命令行.pdf")
    findings = c.get(f"/api/documents/{listed['id']}").json()["findings"]
    on_page = next(f for f in findings if f["page"])
    page = c.get(f"/documents/{listed['id']}", params={"finding": on_page["id"]}).text
    assert 'src="data:image/png;base64,' in page and 'class="hl" style="left:' in page


def test_reviews_go_into_the_workbook_and_dismissed_findings_out_of_the_notice(desk, two_years):
    app, _ = desk
    c = client(app, "reviewer")
    doc = two_years[1]
    findings = c.get(f"/api/documents/{doc}").json()["findings"]
    dismissed, confirmed = findings[-1], findings[0]
    for f, status, comment in ((dismissed, "dismissed", "口径不同，不予采纳"), (confirmed, "confirmed", "属实")):
        answer = c.post(f"/findings/{f['id']}/review", data={"status": status, "comment": comment, "csrf": c.csrf,
                                                              "document": doc}, follow_redirects=False)
        assert answer.status_code == 303
    book = load_workbook(io.BytesIO(c.get("/export/review.xlsx", params={"doc": doc}).content))
    sheet = book["审核意见"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, (cell.value for cell in row))) for row in sheet.iter_rows(min_row=2)]
    assert {"不予采纳：口径不同，不予采纳", "确认：属实"} <= {r["处理意见"] for r in rows}
    assert {r["复核人"] for r in rows if r["处理意见"]} == {"reviewer"}
    batch_ids = [u["id"] for u in c.get("/api/uploads").json() if u["document_id"] in two_years]
    batch = c.get("/export/review.xlsx", params={"upload": batch_ids})          # the two years' uploads
    units = {row[0] for row in load_workbook(io.BytesIO(batch.content))["审核意见"].iter_rows(min_row=2, values_only=True)}
    assert units == {UNIT}
    notice = c.get("/export/notice.docx", params={"doc": doc})
    assert notice.status_code == 200 and notice.content[:2] == b"PK"
    from docx import Document

    body = "\n".join(p.text for p in Document(io.BytesIO(notice.content)).paragraphs)
    assert f"{len(findings) - 1}个问题" in body


def test_a_dismissal_stands_when_the_unit_uploads_its_document_again(desk, two_years):
    app, _ = desk
    c = client(app, "reviewer")
    findings = c.get(f"/api/documents/{two_years[1]}").json()["findings"]
    dismissed = findings[-1]
    c.post(f"/api/findings/{dismissed['id']}/review", json={"status": "dismissed", "comment": "不予采纳"},
           headers={"X-CSRF-Token": c.csrf})
    corrected = checked(c, "南京-2019-更正.txt", budget_text(UNIT, 2019, THIS_YEAR, tail="\n（更正稿）\n"))
    assert corrected["status"] == "done" and not corrected["duplicate"]
    again = c.get(f"/api/documents/{corrected['document_id']}").json()["findings"]
    same = [f for f in again if (f["rule"], f["quote"]) == (dismissed["rule"], dismissed["quote"])]
    assert same and all(f["review"]["status"] == "dismissed" and f["review"]["baseline"] for f in same)
    others = [f for f in again if f not in same]
    assert all(f["review"]["status"] == "open" for f in others)


def test_the_corpus_and_the_unit_chart(desk, two_years):
    app, _ = desk
    c = client(app, "viewer")
    home = c.get("/").text
    assert UNIT in home and f"/documents/{two_years[0]}" in home
    unit = c.get("/unit", params={"name": UNIT}).text
    assert "<svg" in unit and "<polyline" in unit and "2018" in unit and "2019" in unit
    listed = {d["id"]: d for d in c.get("/api/documents").json()}
    assert listed[two_years[0]]["unit"] == UNIT and listed[two_years[0]]["year"] == 2018


def test_a_unit_named_like_a_script_stays_text(desk):
    app, _ = desk
    c = client(app, "reviewer")
    evil = "<script>alert(1)</script>"
    state = checked(c, f"{evil}.txt", budget_text(f"{evil}人民检察院", 2018, LAST_YEAR))
    assert state["status"] == "done"
    for path in ("/", "/uploads", f"/documents/{state['document_id']}"):
        page = c.get(path).text
        assert evil not in page and "&lt;script&gt;" in page, path
    stored = list((Path(app.state.folder)).iterdir())
    assert all(re.fullmatch(r"[0-9a-f]{64}\.(txt|pdf)", p.name) for p in stored)


def _operations(app):
    """(method, path template, parameters, has a body) of every route in the OpenAPI schema."""
    for path, methods in app.openapi()["paths"].items():
        for method, op in methods.items():
            yield method.upper(), path, [p["name"] for p in op.get("parameters", [])], "requestBody" in op


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                 max_size=3), max_leaves=8)
SEGMENT = st.one_of(st.integers(-5, 10**12).map(str), st.text(max_size=12))


def test_random_requests_to_the_api_never_fail_the_server(desk, two_years):
    app, _ = desk
    c = client(app, "admin")
    operations = list(_operations(app))

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(operations), st.data())
    def one(operation, data):
        method, path, names, has_body = operation
        url = re.sub(r"\{[^}]+\}", lambda _: quote(data.draw(SEGMENT), safe="") or "1", path)
        params = {n: data.draw(SEGMENT) for n in names if "{" + n + "}" not in path}
        kwargs = {"params": params, "headers": {"X-CSRF-Token": c.csrf}}
        if has_body:
            if data.draw(st.booleans()):
                kwargs["json"] = data.draw(JSON)
            else:
                kwargs["files"] = {data.draw(st.sampled_from(["file", "x"])): (
                    data.draw(st.text(max_size=10)) + data.draw(st.sampled_from([".txt", ".pdf", ""])),
                    data.draw(st.binary(max_size=200)))}
        answer = c.request(method, url, **kwargs)
        assert answer.status_code < 500, (method, url, kwargs, answer.text)

    one()


def test_a_worker_that_dies_fails_its_upload_and_the_next_is_checked(desk):
    app, _ = desk
    c = client(app, "reviewer")
    sent = upload(c, "会崩溃.pdf", PDF.read_bytes() + b"\n% crash\n")
    end = time.monotonic() + 60
    while c.get("/api/uploads", params={"id": sent["id"]}).json()[0]["status"] != "checking":
        assert time.monotonic() < end
        time.sleep(0.05)
    for process in list(app.state.checker.pool._processes.values()):   # as pdfium crashing would
        os.kill(process.pid, signal.SIGKILL)
    state = wait(c, sent["id"])
    assert state["status"] == "failed" and "意外退出" in state["error"]
    assert checked(c, "之后的.txt", budget_text("江苏省扬州市人民检察院", 2018, LAST_YEAR))["status"] == "done"


def test_the_openapi_schema_describes_the_upload(desk):
    _, anonymous = desk
    schema = anonymous.get("/openapi.json").json()
    upload_body = schema["paths"]["/api/documents"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert "file" in str(schema["components"]["schemas"][upload_body["schema"]["$ref"].rsplit("/", 1)[1]])
    assert not any(path.startswith(("/documents", "/export")) for path in schema["paths"])
    assert anonymous.get("/docs").status_code == 404          # no page that fetches scripts from elsewhere


def test_user_add_reads_the_password_from_stdin(tmp_path):
    from click.testing import CliRunner

    from juesuan.cli import main
    from juesuan.store import connect, store_url
    from juesuan.web.accounts import log_in

    store = str(tmp_path / "s.db")
    runner = CliRunner()
    assert runner.invoke(main, ["user", "add", "张三", "--role", "viewer", "--store", store],
                         input=PASSWORD + "\n").exit_code == 0
    again = runner.invoke(main, ["user", "add", "张三", "--store", store], input=PASSWORD + "\n")
    assert again.exit_code == 2 and "已存在" in again.output
    engine = connect(store_url(store))
    assert log_in(engine, "张三", PASSWORD)[1].role == "viewer"
    assert log_in(engine, "张三", "wrong password") is None
    engine.dispose()
