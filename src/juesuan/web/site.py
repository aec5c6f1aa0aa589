"""The HTML pages: login, the corpus and upload, upload progress, a document with its
findings and reviews, a unit over the years, the users, the exports.

Pages are rendered on the server by Jinja2 with autoescape on, so any text of a
document (a unit named ``<script>``) stays text.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..export.html import excerpts
from ..export.pages import render_page
from . import accounts, exports, reviews, uploads
from .accounts import User
from .corpus import chart, document_rows
from .documents import PDFIUM, linked, load
from .params import QueryId, RowId
from .security import (LOGIN_COOKIE, SESSION_COOKIE, admin, check_csrf, login_token, reviewer, set_session,
                       viewer)
from .tables import REVIEW_STATUSES, ROLES

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _render(request: Request, template: str, user: User | None, status_code: int = 200, **context) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, template, {"user": user, **context},
                                                        status_code=status_code)


def _safe_next(target: str) -> str:
    """Only a path of this site (no ``//host``, no scheme)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@router.get("/login")
def login_page(request: Request, next: str = "/"):
    token = login_token(request)
    response = _render(request, "login.html", None, csrf=token, next=_safe_next(next), failed=False)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.app.state.secure_cookies)
    return response


async def _login_form(request: Request) -> None:
    await check_csrf(request, request.cookies.get(LOGIN_COOKIE))


@router.post("/login", dependencies=[Depends(_login_form)])
def login(request: Request, name: str = Form(""), password: str = Form(""), next: str = Form("/")):
    done = accounts.log_in(request.app.state.engine, name, password)
    if done is None:
        return _render(request, "login.html", None, 401, csrf=request.cookies.get(LOGIN_COOKIE),
                       next=_safe_next(next), failed=True)
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session(request, response, done[0])
    return response


@router.post("/logout")
def logout(request: Request, user: User = Depends(viewer)):
    accounts.log_out(request.app.state.engine, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/")
def home(request: Request, user: User = Depends(viewer)):
    rows = document_rows(request.app.state.engine)
    return _render(request, "corpus.html", user, rows=rows, limit_mb=uploads.max_bytes_default() // 2**20,
                   suffixes=",".join(uploads.SUFFIXES))


@router.post("/upload")
def upload(request: Request, files: list[UploadFile] = File(...), user: User = Depends(reviewer)):
    done, rejected = _save_all(request, files, user)
    if rejected:
        return _render(request, "uploads.html", user, 400 if not done else 200, rows=uploads.progress(
            request.app.state.engine, done), rejected=rejected)
    return RedirectResponse("/uploads?" + "&".join(f"id={i}" for i in done), status_code=303)


def _save_all(request: Request, files: list[UploadFile], user: User) -> tuple[list[int], list[str]]:
    done, rejected = [], []
    for item in files:
        try:
            upload_id = uploads.save(request.app.state.engine, request.app.state.folder, item.file,
                                     item.filename or "", user.id)
        except uploads.UploadRejected as why:
            rejected.append(str(why))
            continue
        request.app.state.checker.submit(upload_id)
        done.append(upload_id)
    return done, rejected


@router.get("/uploads")
def upload_list(request: Request, id: list[QueryId] = Query([]), user: User = Depends(viewer)):
    rows = uploads.progress(request.app.state.engine, id or None)
    return _render(request, "uploads.html", user, rows=rows, rejected=[])


@router.get("/documents/{document_id}")
def document(request: Request, document_id: RowId, finding: QueryId | None = None, user: User = Depends(viewer)):
    page = load(request.app.state.engine, document_id)
    if page is None:
        return _render(request, "message.html", user, 404, message="没有这个文件")
    chosen = page.row_of(finding) if finding is not None else None
    view = excerpt = None
    if chosen is not None and page.text is not None:
        if page.text.source_format == "pdf" and chosen.page:     # without offsets, the quote is sought on its page
            with PDFIUM:
                view = render_page(page.path, page.text, [chosen], chosen.page)
        elif chosen.start is not None:
            excerpt = excerpts(page.text.text, [chosen])
    groups: dict[tuple[str, str], list] = {}
    for severity in ("error", "warning", "info"):
        for row in page.entry.rows:
            if row.severity == severity:
                groups.setdefault((row.severity_label, row.family_label), []).append(row)
    return _render(request, "document.html", user, page=page, groups=groups, chosen=chosen, view=view,
                   excerpt=excerpt, finding=finding, statuses=REVIEW_STATUSES, labels=reviews.STATUS_LABEL,
                   linked=linked)


@router.post("/findings/{finding_id}/review")
def review(request: Request, finding_id: RowId, status: str = Form(...), comment: str = Form(""),
           document: int = Form(0), user: User = Depends(reviewer)):
    if status not in REVIEW_STATUSES or not reviews.review(request.app.state.engine, finding_id, status,
                                                           comment, user.id):
        return _render(request, "message.html", user, 400, message="无效的处理意见")
    return RedirectResponse(f"/documents/{document}?finding={finding_id}#f{finding_id}", status_code=303)


@router.get("/unit")
def unit(request: Request, name: str, user: User = Depends(viewer)):
    rows = document_rows(request.app.state.engine, name)
    return _render(request, "unit.html", user, unit=name, rows=rows, chart=chart(rows))


@router.get("/export/review.xlsx")
def export_workbook(request: Request, doc: list[QueryId] = Query([]), upload: list[QueryId] = Query([]),
                    user: User = Depends(viewer)):
    """The documents ``doc``, or those of the uploads ``upload`` (a batch), or all."""
    engine = request.app.state.engine
    if upload:
        doc = list(dict.fromkeys(u["document_id"] for u in uploads.progress(engine, upload) if u["document_id"]))
    ids = doc or ([] if upload else [r["id"] for r in document_rows(engine) if r["id"] is not None])
    return _download(exports.workbook(engine, ids), XLSX, "审核意见表.xlsx")


@router.get("/export/notice.docx")
def export_notice(request: Request, doc: list[QueryId] = Query(...), user: User = Depends(viewer)):
    return _download(exports.notice(request.app.state.engine, doc), DOCX, "整改通知.docx")


def _download(data: bytes, media_type: str, name: str) -> Response:
    return Response(data, media_type=media_type,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


@router.get("/admin/users")
def users_page(request: Request, user: User = Depends(admin)):
    return _render(request, "users.html", user, users=accounts.list_users(request.app.state.engine), roles=ROLES,
                   problem=None)


@router.post("/admin/users")
def add_user(request: Request, name: str = Form(...), password: str = Form(...), role: str = Form(...),
             user: User = Depends(admin)):
    problem = None
    try:
        accounts.add_user(request.app.state.engine, name, password, role)
    except accounts.AccountError as why:
        problem = str(why)
    return _render(request, "users.html", user, 400 if problem else 200,
                   users=accounts.list_users(request.app.state.engine), roles=ROLES, problem=problem)
