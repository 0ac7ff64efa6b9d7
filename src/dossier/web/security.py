"""What every response carries and what every request must show.

- Security headers on every response: a Content-Security-Policy without inline script
  or style (``default-src 'self'``), ``nosniff``, no framing, no referrer to other sites.
- With a token configured, every request must present it, either as
  ``Authorization: Bearer <token>`` or as the ``token`` cookie that visiting any page
  with ``?token=<token>`` sets. Tokens are compared in constant time: the SHA-256
  digests of both, so that not even the length leaks, with ``secrets.compare_digest``.
- No CORS headers are ever sent, so other origins cannot read the API.
- JSON is written with ``<``, ``>`` and ``&`` escaped (``\\u003c``...), so no body of the
  API holds markup, even if something ever served it as HTML.
- A request body larger than ``limit`` bytes is refused (413) before it is read: at
  once when its ``Content-Length`` says so, else as soon as that many bytes arrived.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
    " frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
COOKIE = "token"


class SafeJSONResponse(JSONResponse):
    """JSON with ``<``, ``>`` and ``&`` escaped: no markup in any body of the API."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return escape_json(text).encode("utf-8")


def escape_json(text: str) -> str:
    """JSON text with the characters of markup as ``\\u`` escapes (still the same JSON)."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def same_token(given: str | None, token: str) -> bool:
    """Whether ``given`` is ``token``, compared in constant time (digests of equal size)."""
    if given is None:
        return False
    return secrets.compare_digest(_digest(given), _digest(token))


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).digest()


def presented(request: Request) -> str | None:
    """The token a request shows: its bearer header, else its cookie."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value:
        return value.strip()
    return request.cookies.get(COOKIE)


class Guard:
    """ASGI middleware: check the token (when one is set), then add the headers to
    whatever is answered, refusals and errors included.

    Plain ASGI rather than Starlette's ``BaseHTTPMiddleware``, which costs a task group
    and a memory stream per request."""

    def __init__(self, app: ASGIApp, token: str | None):
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                kept = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if name.decode("latin-1").lower() not in _LOWER
                ]
                message = dict(message, headers=kept + _ENCODED)
            await send(message)

        refusal = None if self.token is None else _refusal(Request(scope), self.token)
        try:
            await (refusal or self.app)(scope, receive, with_headers)
        except Exception:
            # Answer the 500 here, with the headers; the server still logs the error.
            if not started:
                failed = SafeJSONResponse({"detail": "internal error"}, status_code=500)
                await failed(scope, receive, with_headers)
            raise


_LOWER = {name.lower() for name in HEADERS}
_ENCODED = [
    (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in HEADERS.items()
]


def _refusal(request: Request, token: str) -> Response | None:
    """``None`` when the request shows the token; else the answer: a redirect that sets
    the cookie (``?token=`` right), or 401."""
    query_token = request.query_params.get("token")
    if query_token is not None and same_token(query_token, token):
        rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
        path = "/" + request.url.path.lstrip("/")  # "//host" would leave the site
        target = path + ("?" + urlencode(rest) if rest else "")
        response: Response = RedirectResponse(target, status_code=303)
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict")
        return response
    if same_token(presented(request), token):
        return None
    return SafeJSONResponse(
        {"detail": "a token is required: send 'Authorization: Bearer <token>' or visit /?token="},
        status_code=401,
        headers={"WWW-Authenticate": "Bearer"},
    )


class TooLarge(Exception):
    """The request body went past the limit while it was being read."""


class BodyLimit:
    """ASGI middleware: refuse a request body of more than ``limit`` bytes with a 413,
    before reading it when ``Content-Length`` declares it, else once that many arrived."""

    def __init__(self, app: ASGIApp, limit: int, message: str):
        self.app = app
        self.limit = limit
        self.message = message

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"").decode("latin-1")
        if declared.strip().isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        received = 0
        exceeded = False
        started = False

        async def counted() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    exceeded = True
                    raise TooLarge
            return message

        async def sent(message: Message) -> None:
            nonlocal started
            if exceeded:  # the app answered an error about the cut body: answer ours
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        with contextlib.suppress(TooLarge):  # the refusal is sent below
            await self.app(scope, counted, sent)
        if exceeded and not started:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        response = SafeJSONResponse(
            {"detail": self.message.format(path=path)},
            status_code=413,
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)
