"""The application factory: ``create_app(db_path, token=None)``.

One ``KnowledgeBase`` connection serves every request, behind a lock (SQLite
connections are not safe to share between threads at once); uploads are ingested by a
background thread through its own connection, so browsing goes on while it writes.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

import dossier
from dossier.errors import DossierError
from dossier.kb import KnowledgeBase
from dossier.web.security import guard
from dossier.web.uploads import Jobs

HERE = Path(__file__).parent
VENDOR = ("world-atlas", "topojson-client")  # served from node_modules (package.json)


class State:
    """What the routes share: the store, its lock, the templates, the upload jobs."""

    def __init__(self, db_path: str | Path):
        self.db_path = Path(db_path)
        self.kb = dossier.open(db_path)
        self.lock = threading.Lock()
        self.jobs = Jobs(self.db_path)
        environment = Environment(
            loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True
        )
        self.templates = Jinja2Templates(env=environment)

    @contextmanager
    def store(self) -> Iterator[KnowledgeBase]:
        with self.lock:
            yield self.kb


def state(request: Request) -> State:
    """The application's ``State`` (a FastAPI dependency)."""
    found: State = request.app.state.dossier
    return found


def create_app(db_path: str | Path, token: str | None = None) -> FastAPI:
    """The web UI over the knowledge base at ``db_path``; with ``token``, every request
    must present it (see ``dossier.web.security``)."""
    from dossier.web import api, pages

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.dossier.kb.close()

    app = FastAPI(
        lifespan=lifespan,
        title="dossier",
        summary="A sourced, PLOVER-coded knowledge base of news events.",
        version=dossier.__version__,
        docs_url=None,  # the interactive docs load scripts from a CDN; the schema stays
        redoc_url=None,
    )
    app.state.dossier = State(db_path)
    app.middleware("http")(guard(token))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for package in VENDOR:  # npm packages installed by scripts/setup, when present
        folder = HERE / "node_modules" / package
        if folder.is_dir():
            app.mount(f"/vendor/{package}", StaticFiles(directory=folder), name=package)
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.exception_handler(DossierError)
    async def bad_input(request: Request, exc: DossierError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.message}, status_code=400)
        return error_page(request, 400, exc.message)

    return app


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    found = state(request)
    return found.templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )
