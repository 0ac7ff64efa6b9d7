"""The application factory: ``create_app(db_path, token=None, threads=4)``.

Requests run in a pool of ``threads`` threads, each borrowing one of as many read
connections (``dossier.web.readers``), so a slow request does not hold up the others;
answers that scan the whole store are kept until the file changes. Uploads are
ingested by a background thread through its own connection, so browsing goes on while
it writes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Hashable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

import dossier
from dossier.errors import DossierError, Messages
from dossier.kb import KnowledgeBase
from dossier.web.readers import DEFAULT_SIZE, Answers, Readers
from dossier.web.security import BodyLimit, Guard, SafeJSONResponse
from dossier.web.uploads import MAX_BYTES, MAX_FILES, Jobs

HERE = Path(__file__).parent
VENDOR = ("world-atlas", "topojson-client")  # served from node_modules (package.json)
MAX_REQUEST = MAX_FILES * MAX_BYTES + 1_000_000  # the files, pasted text and form fields


class State:
    """What the routes share: the store's connections and kept answers, the templates,
    the upload jobs."""

    def __init__(self, db_path: str | Path, threads: int = DEFAULT_SIZE):
        self.db_path = Path(db_path)
        self.readers = Readers(self.db_path, threads)
        self.answers = Answers(self.db_path)
        self.jobs = Jobs(self.db_path)
        environment = Environment(
            loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True
        )
        self.templates = Jinja2Templates(env=environment)

    @contextmanager
    def store(self) -> Iterator[KnowledgeBase]:
        """A connection of this thread's own, for the time of one request."""
        with self.readers.borrow() as kb:
            yield kb

    def kept(
        self, key: Hashable, compute: Callable[[KnowledgeBase], Any], stale: float = 0.0
    ) -> Any:
        """``compute(kb)``, or its answer kept since the store last changed (or changed
        less than ``stale`` seconds after it was computed)."""

        def run() -> Any:
            with self.store() as kb:
                return compute(kb)

        return self.answers.get(key, run, stale)

    def close(self) -> None:
        self.answers.close()
        self.readers.close()


def state(request: Request) -> State:
    """The application's ``State`` (a FastAPI dependency)."""
    found: State = request.app.state.dossier
    return found


def create_app(
    db_path: str | Path, token: str | None = None, threads: int = DEFAULT_SIZE
) -> FastAPI:
    """The web UI over the knowledge base at ``db_path``; with ``token``, every request
    must present it (see ``dossier.web.security``); at most ``threads`` requests are
    answered at once, each with its own connection."""
    from dossier.web import api, pages

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        app.state.dossier.close()

    app = FastAPI(
        lifespan=lifespan,
        title="dossier",
        summary="A sourced, PLOVER-coded knowledge base of news events.",
        version=dossier.__version__,
        docs_url=None,  # the interactive docs load scripts from a CDN; the schema stays
        redoc_url=None,
        default_response_class=SafeJSONResponse,
    )
    app.state.dossier = State(db_path, threads)
    # The last added runs first: the token is checked, then the size of the body.
    too_large = Messages.E190.format(path="{path}", limit=MAX_REQUEST, files=MAX_FILES,
                                     each=MAX_BYTES)
    app.add_middleware(BodyLimit, limit=MAX_REQUEST, message=too_large)
    app.add_middleware(Guard, token=token)
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
            return SafeJSONResponse({"detail": exc.message}, status_code=400)
        return error_page(request, 400, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return SafeJSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return SafeJSONResponse({"detail": jsonable_encoder(exc.errors())}, 422)

    return app


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    found = state(request)
    return found.templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )
