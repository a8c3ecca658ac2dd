"""Every error leaves as `application/problem+json` (RFC 9457).

A problem has `type` (a URI reference: `about:blank` for plain HTTP errors, or an
anchor in the docs page for Slant's own kinds), `title`, `status`, `detail`, and the
extensions `request_id` and, for invalid input, `errors`: a list of
`{"pointer": "#/text", "detail": "..."}` with RFC 6901 JSON pointers into the body.

Werkzeug's HTTP errors are rebuilt from `e.get_response()` so their headers
(`Allow` on 405, `WWW-Authenticate` on 401) survive. Anything else is a 500
that reveals nothing internal: the traceback goes to the log with the request id.
"""
from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any, Iterable, Mapping

from flask import Flask, Response, g
from werkzeug.exceptions import HTTPException

MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("slant.api")

#: Slant's own problem kinds: slug -> title. The docs page explains each one.
KINDS = {
    "invalid-request": "The request body is not valid",
    "invalid-json": "The request body is not valid JSON",
    "unsupported-media-type": "Unsupported media type",
    "too-large": "The request is too large",
    "unknown-reference": "No such reference corpus",
    "unauthorized": "Missing or invalid bearer token",
    "internal-error": "Internal server error",
}


def problem_type(slug: str) -> str:
    return f"/docs#problem-{slug}"


class Problem(Exception):
    """Raise to end a request with a problem response."""

    def __init__(self, status: int, detail: str, *, kind: str | None = None,
                 errors: Iterable[Mapping[str, str]] | None = None,
                 headers: Mapping[str, str] | None = None, **extensions: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind
        self.errors = [dict(e) for e in errors] if errors else None
        self.headers = dict(headers or {})
        self.extensions = extensions

    def to_dict(self) -> dict[str, Any]:
        body = problem_body(self.status, self.detail, kind=self.kind, errors=self.errors)
        body.update(self.extensions)
        return body


def problem_body(status: int, detail: str, *, kind: str | None = None,
                 errors: list[dict[str, str]] | None = None,
                 title: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": problem_type(kind) if kind else "about:blank",
        "title": title or (KINDS[kind] if kind else _phrase(status)),
        "status": status,
        "detail": detail,
    }
    request_id = g.get("request_id") if g else None
    if request_id:
        body["request_id"] = request_id
    if errors:
        body["errors"] = errors
    return body


def pointer(*parts: str | int) -> str:
    """An RFC 6901 JSON pointer (URI fragment form) to a field of the request body."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "#" + "".join("/" + p for p in escaped)


def errors_from_pydantic(exc, prefix: tuple[str | int, ...] = ()) -> list[dict[str, str]]:
    """Pydantic's error list as `{"pointer", "detail"}` items."""
    out = []
    for err in exc.errors(include_url=False, include_context=False, include_input=False):
        out.append({"pointer": pointer(*prefix, *err["loc"]), "detail": err["msg"]})
    return out


def response(body: Mapping[str, Any], status: int, headers: Mapping[str, str] | None = None) -> Response:
    resp = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=MEDIA_TYPE)
    for key, value in (headers or {}).items():
        resp.headers[key] = value
    return resp


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def register(app: Flask) -> None:
    """Install the handlers that turn every error into a problem response."""

    @app.errorhandler(Problem)
    def _problem(exc: Problem) -> Response:
        return response(exc.to_dict(), exc.status, exc.headers)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        original = exc.get_response()
        status = original.status_code
        kind = {413: "too-large", 415: "unsupported-media-type"}.get(status)
        detail = exc.description or _phrase(status)
        if status == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH")
            detail = f"The request body is larger than the limit of {limit:,} bytes." if limit else detail
        resp = response(problem_body(status, detail, kind=kind), status)
        for key, value in original.headers.items():
            if key.lower() not in ("content-type", "content-length"):
                resp.headers[key] = value
        return resp

    try:  # APIFlask raises its own HTTPError (e.g. from apiflask.abort)
        from apiflask.exceptions import HTTPError

        @app.errorhandler(HTTPError)
        def _apiflask(exc: HTTPError) -> Response:
            detail = exc.message or _phrase(exc.status_code)
            return response(problem_body(exc.status_code, detail), exc.status_code, exc.headers)
    except ImportError:  # pragma: no cover
        pass

    @app.errorhandler(Exception)
    def _internal(exc: Exception) -> Response:
        if isinstance(exc, HTTPException):  # pragma: no cover - handled above
            return _http(exc)
        log.error("unhandled error", exc_info=exc,
                  extra={"request_id": g.get("request_id"), "event": "error"})
        body = problem_body(500, "The server could not complete the request. "
                            "Quote the request id when reporting it.", kind="internal-error")
        return response(body, 500)
