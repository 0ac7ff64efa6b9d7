"""What every response carries and what every request must show.

- Security headers on every response: a Content-Security-Policy without inline script
  or style (``default-src 'self'``), ``nosniff``, no framing, no referrer to other sites.
- With a token configured, every request must present it, either as
  ``Authorization: Bearer <token>`` or as the ``token`` cookie that visiting any page
  with ``?token=<token>`` sets. Tokens are compared with ``secrets.compare_digest``.
- No CORS headers are ever sent, so other origins cannot read the API.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

from fastapi import Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

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

Handler = Callable[[Request], Awaitable[Response]]


def same_token(given: str | None, token: str) -> bool:
    """Whether ``given`` is ``token``, compared in constant time."""
    if given is None:
        return False
    return secrets.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def presented(request: Request) -> str | None:
    """The token a request shows: its bearer header, else its cookie."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value:
        return value.strip()
    return request.cookies.get(COOKIE)


def guard(token: str | None) -> Callable[[Request, Handler], Awaitable[Response]]:
    """The HTTP middleware: check the token (when one is set), then add the headers."""

    async def middleware(request: Request, call_next: Handler) -> Response:
        response = await _checked(request, call_next, token)
        for name, value in HEADERS.items():
            response.headers[name] = value
        return response

    return middleware


async def _checked(request: Request, call_next: Handler, token: str | None) -> Response:
    if token is None:
        return await call_next(request)
    query_token = request.query_params.get("token")
    if query_token is not None and same_token(query_token, token):
        rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
        target = request.url.path + ("?" + urlencode(rest) if rest else "")
        response: Response = RedirectResponse(target, status_code=303)
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict")
        return response
    if same_token(presented(request), token):
        return await call_next(request)
    return JSONResponse(
        {"detail": "a token is required: send 'Authorization: Bearer <token>' or visit /?token="},
        status_code=401,
        headers={"WWW-Authenticate": "Bearer"},
    )
