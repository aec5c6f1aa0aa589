"""The FastAPI application: the store, the checker pool, the templates, the routes.

``create_app`` opens the store (migrating it), starts the pool of checking
processes when the server starts (queueing again what a stopped server left)
and mounts the HTML pages (:mod:`.site`) and the JSON API (:mod:`.api`).
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from ..store import connect, store_url
from .security import Forbidden, LoginRequired
from .uploads import Checker

TEMPLATES = Path(__file__).with_name("templates")


def default_folder(url: str) -> Path:
    """Uploads beside a SQLite store (``juesuan.db`` → ``juesuan-uploads``), else in the working directory."""
    if url.startswith("sqlite:///"):
        db = Path(url.removeprefix("sqlite:///"))
        return db.with_name(f"{db.stem}-uploads")
    return Path("juesuan-uploads").resolve()


def create_app(store: str | None = None, folder: str | None = None, workers: int = 2,
               secure_cookies: bool = True) -> FastAPI:
    url = store_url(store)
    engine = connect(url)
    uploads_folder = Path(folder).resolve() if folder else default_folder(url)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.checker = Checker(url, uploads_folder, engine, workers)
        app.state.checker.resume()
        try:
            yield
        finally:
            app.state.checker.close()

    app = FastAPI(title="juesuan 审核台", version="1", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.engine, app.state.folder, app.state.secure_cookies = engine, uploads_folder, secure_cookies
    app.state.templates = Jinja2Templates(directory=str(TEMPLATES))
    from . import api, site

    app.include_router(site.router)
    app.include_router(api.router)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, _exc: LoginRequired):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "未登录"}, status_code=401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError):
        """422 with what is wrong where, never echoing the input (it may be bytes that are no text)."""
        return JSONResponse({"detail": [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                                        for e in exc.errors()]}, status_code=422)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc)}, status_code=403)
        return request.app.state.templates.TemplateResponse(
            request, "message.html", {"user": None, "message": str(exc)}, status_code=403)

    return app
