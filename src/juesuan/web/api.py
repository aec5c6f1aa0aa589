"""The JSON API under /api/, with the pages' permissions (schema at /openapi.json).

Log in with ``POST /api/login`` (JSON name and password): the answer sets the
session cookie and gives the CSRF token that every other POST sends as the
header ``X-CSRF-Token``.  ``GET /api/documents`` lists the stored documents,
``POST /api/documents`` uploads one (multipart field ``file``) and answers 202
with the upload, whose progress ``GET /api/uploads`` gives.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field

from . import accounts, reviews, uploads
from .accounts import User
from .corpus import document_rows
from .documents import load
from .params import QueryId, RowId
from .security import admin, reviewer, set_session, viewer

router = APIRouter(prefix="/api", tags=["api"])


class Login(BaseModel):
    name: str = Field(max_length=64)
    password: str = Field(max_length=1024)


class Me(BaseModel):
    name: str
    role: str
    csrf: str


class DocumentSummary(BaseModel):
    id: int | None
    name: str
    unit: str
    year: int | str
    kind: str
    errors: int
    warnings: int
    infos: int
    open: int


class ReviewOut(BaseModel):
    status: str
    comment: str
    who: str
    when: datetime | None
    baseline: bool


class FindingOut(BaseModel):
    id: int
    number: int
    rule: str
    severity: str
    title: str
    message: str
    place: str
    page: int | None
    quote: str
    review: ReviewOut


class DocumentOut(BaseModel):
    id: int
    name: str
    unit: str
    year: int | None
    kind: str
    error: str | None
    findings: list[FindingOut]


class Upload(BaseModel):
    id: int
    filename: str
    size: int
    status: str
    error: str | None
    duplicate: bool
    document_id: int | None
    created_at: str


class ReviewIn(BaseModel):
    status: Literal["open", "confirmed", "dismissed"]
    comment: str = Field("", max_length=2000)


class NewUser(BaseModel):
    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=8, max_length=1024)
    role: Literal["admin", "reviewer", "viewer"]


class UserOut(BaseModel):
    id: int
    name: str
    role: str


@router.post("/login", response_model=Me)
def login(request: Request, response: Response, body: Login):
    done = accounts.log_in(request.app.state.engine, body.name, body.password)
    if done is None:
        raise HTTPException(401, "用户名或密码不对")
    token, user = done
    set_session(request, response, token)
    return Me(name=user.name, role=user.role, csrf=user.csrf)


@router.get("/me", response_model=Me)
def me(user: User = Depends(viewer)):
    return Me(name=user.name, role=user.role, csrf=user.csrf)


@router.get("/documents", response_model=list[DocumentSummary])
def documents(request: Request, user: User = Depends(viewer)):
    return [DocumentSummary(id=r["id"], name=r["名称"], unit=r["单位"], year=r["年度"], kind=r["类型"],
                            errors=r["错误"], warnings=r["警告"], infos=r["提示"], open=r["待处理"])
            for r in document_rows(request.app.state.engine)]


@router.post("/documents", response_model=Upload, status_code=202)
def upload(request: Request, file: UploadFile = File(...), user: User = Depends(reviewer)):
    try:
        upload_id = uploads.save(request.app.state.engine, request.app.state.folder, file.file,
                                 file.filename or "", user.id)
    except uploads.UploadRejected as why:
        raise HTTPException(413 if "上限" in str(why) else 415, str(why)) from None
    request.app.state.checker.submit(upload_id)
    return uploads.progress(request.app.state.engine, [upload_id])[0]


@router.get("/documents/{document_id}", response_model=DocumentOut)
def document(request: Request, document_id: RowId, user: User = Depends(viewer)):
    page = load(request.app.state.engine, document_id)
    if page is None:
        raise HTTPException(404, "没有这个文件")
    found = []
    for row in page.entry.rows:
        if row.number in page.finding_ids:
            verdict = page.review_of(row)
            found.append(FindingOut(id=page.finding_ids[row.number], number=row.number, rule=row.rule,
                                    severity=row.severity, title=row.title, message=row.message, place=row.place,
                                    page=row.page, quote=row.quote,
                                    review=ReviewOut(status=verdict.status, comment=verdict.comment, who=verdict.who,
                                                     when=verdict.when, baseline=verdict.baseline)))
    return DocumentOut(id=page.id, name=page.name, unit=page.org, year=page.year, kind=page.doc_type,
                       error=page.run_error, findings=found)


@router.get("/uploads", response_model=list[Upload])
def upload_progress(request: Request, id: list[QueryId] = Query([]), user: User = Depends(viewer)):
    return uploads.progress(request.app.state.engine, id or None)


@router.post("/findings/{finding_id}/review", status_code=204)
def review(request: Request, finding_id: RowId, body: ReviewIn, user: User = Depends(reviewer)):
    if not reviews.review(request.app.state.engine, finding_id, body.status, body.comment, user.id):
        raise HTTPException(404, "没有这条意见")


@router.get("/users", response_model=list[UserOut])
def users(request: Request, user: User = Depends(admin)):
    return [UserOut(id=u.id, name=u.name, role=u.role) for u in accounts.list_users(request.app.state.engine)]


@router.post("/users", response_model=UserOut, status_code=201)
def add_user(request: Request, body: NewUser, user: User = Depends(admin)):
    try:
        new_id = accounts.add_user(request.app.state.engine, body.name, body.password, body.role)
    except accounts.AccountError as why:
        raise HTTPException(409 if "已存在" in str(why) else 422, str(why)) from None
    return UserOut(id=new_id, name=body.name.strip(), role=body.role)
