"""The HTTP API: an APIFlask app whose OpenAPI 3.1 document is generated from the
Pydantic models in `schemas.py`.

Views are thin: read and validate the request, call `service.framing.analyze`,
serialise. Lexicons, VADER and the reference models are loaded once, by
`create_app`, and kept in `app.extensions["slant"]`; a bad lexicon or a model
built with other lexicons or features stops the start-up with a message that
says what to rebuild.
"""
from __future__ import annotations

import hmac
import importlib.util
import json
import logging
import re
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from apiflask import APIBlueprint, APIFlask
from flask import Response, current_app, g, request
from werkzeug.exceptions import NotFound
from pydantic import ValidationError

from . import __version__, problems
from .config import Settings, load_settings
from .problems import Problem, errors_from_pydantic, pointer
from .schemas import (DEFAULT_INCLUDE, AnalysisOut, AnalyzeQuery, AnalyzeRequest, BatchOut,
                      CompareOut, CompareRequest, FeaturesOut,
                      HealthOut, LexiconsOut, ProblemOut, ReadyOut, ReferenceMapOut, ReferenceOut,
                      ReferencesOut)

DOCS_DIR = Path(__file__).resolve().parent / "web" / "docs"
WEB_DIR = Path(__file__).resolve().parent / "web"
JSON_TYPES = ("application/json",)
NDJSON_TYPES = ("application/x-ndjson", "application/jsonl", "application/json-seq")
TEXT_TYPES = ("text/plain", "text/html")
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

log = logging.getLogger("slant.api")


# ---------------------------------------------------------------- start-up state

@dataclass(slots=True)
class State:
    """Everything loaded once at start-up and shared by every request."""

    settings: Settings
    resources: Any
    feature_specs: dict
    references: dict[str, Any] = field(default_factory=dict)
    default_reference: str | None = None
    placement_note: str = ""
    place: Any = None  # service.reference.place.place, when available

    @property
    def placement_available(self) -> bool:
        return self.place is not None and bool(self.references)


def load_state(settings: Settings) -> State:
    from .framing.analyze import feature_specs
    from .framing.resources import load_resources

    try:
        resources = load_resources(str(settings.lexicons_dir) if settings.lexicons_dir else None)
    except Exception as exc:
        raise RuntimeError(f"cannot start: the lexicons did not load ({exc}). Fix the file named, "
                           "or point SLANT_LEXICONS_DIR at a valid lexicon directory.") from exc
    state = State(settings, resources, feature_specs())
    _load_references(state)
    return state


def _load_references(state: State) -> None:
    settings = state.settings
    have = all(importlib.util.find_spec(m) is not None
               for m in ("service.reference.model", "service.reference.place"))
    if not have:
        state.placement_note = "unavailable: this build has no reference models package"
        if settings.default_reference:
            raise RuntimeError(f"cannot start: SLANT_DEFAULT_REFERENCE={settings.default_reference!r} "
                               "but this build cannot load reference models")
        return
    if not settings.models_dir.is_dir():
        state.placement_note = (f"unavailable: models directory {settings.models_dir} does not exist "
                                "(build one with `slant reference build`)")
        if settings.default_reference:
            raise RuntimeError(f"cannot start: SLANT_DEFAULT_REFERENCE={settings.default_reference!r} "
                               f"but {settings.models_dir} does not exist")
        return
    from .reference import model as model_module
    from .reference.place import place

    try:
        models = model_module.load_reference_models(
            settings.models_dir, feature_names=list(state.feature_specs),
            lexicon_digest=state.resources.digest)
    except Exception as exc:
        raise RuntimeError(f"cannot start: the reference models in {settings.models_dir} did not load "
                           f"({exc}). Rebuild them with `slant reference build` (or `make models`).") from exc
    _check_models(models, state)
    state.references = dict(sorted(models.items()))
    state.place = place
    if settings.default_reference:
        if settings.default_reference not in models:
            raise RuntimeError(f"cannot start: SLANT_DEFAULT_REFERENCE={settings.default_reference!r} "
                               f"is not in {settings.models_dir}; available: "
                               f"{', '.join(sorted(models)) or 'none'}")
        state.default_reference = settings.default_reference
    elif models:
        preferred = getattr(model_module, "DEFAULT_MODEL", None)
        state.default_reference = preferred if preferred in models else min(models)
    state.placement_note = (f"available: {len(models)} reference(s), default "
                            f"{state.default_reference!r}" if models
                            else f"unavailable: no models in {settings.models_dir}")


def _check_models(models: Mapping[str, Any], state: State) -> None:
    """Refuse models built with other lexicons or feature names (when they say so)."""
    digest = state.resources.digest
    names = set(state.feature_specs)
    for name, model in models.items():
        try:
            info = model.describe()
        except Exception:  # describe() is optional metadata; placement checks itself
            continue
        built_with = info.get("lexicon_digest")
        if built_with and built_with != digest:
            raise RuntimeError(
                f"cannot start: reference model {name!r} was built with lexicon digest "
                f"{built_with[:12]}…, the loaded lexicons have {digest[:12]}…; rebuild it with "
                f"`slant reference build` (or `make models`)")
        used = info.get("feature_names") or info.get("features")
        if isinstance(used, list) and used and not set(used) <= names:
            missing = sorted(set(used) - names)
            raise RuntimeError(
                f"cannot start: reference model {name!r} uses features this build does not compute "
                f"({', '.join(missing[:5])}); rebuild it with `slant reference build`")


def state() -> State:
    return current_app.extensions["slant"]


# ---------------------------------------------------------------- logging

class JsonFormatter(logging.Formatter):
    """One JSON object per line; extra fields given with `extra=` are kept."""

    _SKIP = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        out = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
               "logger": record.name, "message": record.getMessage()}
        out.update({k: v for k, v in vars(record).items() if k not in self._SKIP})
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str, ensure_ascii=False)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is at the time (gunicorn, pytest capture)."""

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def configure_logging(settings: Settings) -> None:
    logger = logging.getLogger("slant")
    logger.setLevel(settings.log_level)
    logger.propagate = False
    for handler in list(logger.handlers):
        if getattr(handler, "_slant", False):
            logger.removeHandler(handler)
    handler = _StderrHandler()
    handler._slant = True  # type: ignore[attr-defined]
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s"))
    logger.addHandler(handler)


# ---------------------------------------------------------------- app factory

def create_app(config: Mapping[str, Any] | None = None) -> APIFlask:
    """The WSGI app. `config` may hold settings (see `service.config`) and Flask keys."""
    config = dict(config or {})
    settings = load_settings(config)
    configure_logging(settings)
    app = APIFlask("service", title="Slant", version=__version__, docs_path=None,
                   spec_path="/openapi.json", json_errors=False, static_folder=None)
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        DESCRIPTION=("How a news article frames an event — loaded terms, attribution, hedging, "
                     "sentiment, readability, numeric claims — with every number traceable to "
                     "character-offset evidence spans. Errors are RFC 9457 problem details."),
        AUTO_404_RESPONSE=False, AUTO_VALIDATION_ERROR_RESPONSE=False,
        AUTO_AUTH_ERROR_RESPONSE=False, AUTO_SERVERS=False, SYNC_LOCAL_SPEC=False,
        TAGS=[{"name": "analysis", "description": "Analyse articles"},
              {"name": "catalogue", "description": "What the service measures and against what"},
              {"name": "operations", "description": "Health and readiness"}],
    )
    app.config.update({k: v for k, v in config.items() if k.isupper() and not k.startswith("SLANT_")})
    app.json.sort_keys = False  # keep feature names in registry order
    app.extensions["slant"] = load_state(settings)
    problems.register(app)
    app.before_request(_start_request)
    app.after_request(_finish_request)
    app.register_blueprint(_operations())
    app.register_blueprint(_page())
    app.register_blueprint(_v1())
    app.spec_processor(_complete_spec)
    log.info("ready", extra={"event": "startup", "version": __version__,
                             "lexicon_digest": app.extensions["slant"].resources.digest,
                             "placement": app.extensions["slant"].placement_note,
                             "auth": settings.auth_enabled})
    return app


def _start_request() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if _REQUEST_ID_RE.match(incoming) else uuid.uuid4().hex
    g.started = time.perf_counter()


def _finish_request(response):
    response.headers["X-Request-ID"] = g.get("request_id", "")
    started = g.get("started")
    log.info("request", extra={
        "event": "request", "request_id": g.get("request_id"), "method": request.method,
        "path": request.path, "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2) if started else None})
    return response


# ---------------------------------------------------------------- operations

def _operations() -> APIBlueprint:
    bp = APIBlueprint("operations", __name__, tag="operations")

    @bp.get("/healthz")
    @bp.output(HealthOut)
    @bp.doc(summary="The process is up")
    def healthz():
        return {"status": "ok", "version": __version__}

    @bp.get("/readyz")
    @bp.output(ReadyOut)
    @bp.doc(summary="Lexicons and reference models are loaded",
            description="200 once start-up has loaded everything; `placement` says whether "
                        "placement against a reference corpus is available and why not.")
    def readyz():
        st = current_app.extensions.get("slant")
        if st is None:  # pragma: no cover - create_app fails instead
            raise Problem(503, "The service is still loading.")
        return {"status": "ready", "version": __version__, "lexicon_digest": st.resources.digest,
                "lexicons": len(st.resources.lexicons.lexicons), "features": len(st.feature_specs),
                "references": list(st.references), "default_reference": st.default_reference,
                "placement": st.placement_note}

    @bp.get("/docs")
    @bp.doc(hide=True)
    def docs_page():
        return _docs_asset("index.html")

    @bp.get("/docs/<filename>")
    @bp.doc(hide=True)
    def docs_asset(filename: str):
        return _docs_asset(filename)

    return bp


_STATIC_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}
_STATIC_CACHE: dict[Path, dict[str, bytes]] = {}


def _static_file(directory: Path, filename: str) -> Response:
    """A file of a small static folder (docs page, analyst page), read once, served from memory."""
    files = _STATIC_CACHE.get(directory)
    if files is None:
        files = {p.name: p.read_bytes() for p in directory.iterdir()
                 if p.is_file() and p.suffix in _STATIC_TYPES}
        _STATIC_CACHE[directory] = files
    if filename not in files:
        raise NotFound()
    resp = Response(files[filename], mimetype=_STATIC_TYPES[Path(filename).suffix])
    resp.headers["Cache-Control"] = "no-cache"
    return resp


def _docs_asset(filename: str) -> Response:
    return _static_file(DOCS_DIR, filename)


# ---------------------------------------------------------------- the page

def _page() -> APIBlueprint:
    """The analyst's page at `/` (static files in service/web/, no build step, no CDN)."""
    bp = APIBlueprint("page", __name__)

    @bp.get("/")
    @bp.doc(hide=True)
    def page_index():
        return _web_asset("index.html")

    @bp.get("/web/<filename>")
    @bp.doc(hide=True)
    def page_asset(filename: str):
        return _web_asset(filename)

    return bp


def _web_asset(filename: str) -> Response:
    return _static_file(WEB_DIR, filename)


_MAP_CACHE: dict[tuple[str, str], dict[str, Any]] = {}


def _reference_map(name: str, model: Any) -> dict[str, Any]:
    """Corpus map points with their gold labels, built once per model."""
    key = (name, str(model.meta.get("digest")))
    if key not in _MAP_CACHE:
        _MAP_CACHE[key] = {"name": name, "n_articles": model.n_articles,
                           "axes": model.meta["map"]["axes"],
                           "labels": {label: lm.classes for label, lm in model.labels.items()},
                           "points": model.corpus_points()}
    return _MAP_CACHE[key]


# ---------------------------------------------------------------- /v1

def _v1() -> APIBlueprint:
    bp = APIBlueprint("v1", __name__, url_prefix="/v1")
    bp.before_request(_require_token)

    @bp.post("/analyze")
    @bp.output(AnalysisOut)
    @bp.doc(tags=["analysis"], summary="Analyse one article",
            description="Body: JSON (`AnalyzeRequest`), `text/plain` or `text/html` (reduced to the "
                        "article text offline; a URL is never fetched). With a text body, the query "
                        "parameters give the title, reference and the optional parts.")
    def analyze_view():
        item, source = _read_single()
        return _json_out(AnalysisOut, _analyze_one(item, source))

    @bp.post("/batch")
    @bp.output(BatchOut)
    @bp.doc(tags=["analysis"], summary="Analyse several articles",
            description="Body: a JSON array of `AnalyzeRequest` objects or NDJSON (one per line). "
                        "Results come back in input order; a bad item gets its own problem and "
                        "never fails the others.")
    def batch_view():
        raw_items = _read_batch()
        results = [_batch_item(i, raw) for i, raw in enumerate(raw_items)]
        ok = sum(1 for r in results if r["status"] == 200)
        return _json_out(BatchOut, {"count": len(results), "succeeded": ok,
                                    "failed": len(results) - ok, "results": results})

    @bp.post("/compare")
    @bp.output(CompareOut)
    @bp.doc(tags=["analysis"], summary="Compare 2–20 articles about one event",
            description="Who calls whom what, who is cited, which figures each reports, framing "
                        "features side by side and a summary whose every point cites its spans. "
                        "An article about another event is flagged, not merged.")
    def compare_view():
        return _compare(_read_compare())

    @bp.get("/references")
    @bp.output(ReferencesOut)
    @bp.doc(tags=["catalogue"], summary="Reference corpora articles can be placed against")
    def references_view():
        st = state()
        return {"default": st.default_reference, "available": st.placement_available,
                "detail": st.placement_note,
                "references": [_describe_reference(n, m) for n, m in st.references.items()]}

    @bp.get("/references/<name>")
    @bp.output(ReferenceOut)
    @bp.doc(tags=["catalogue"], summary="One reference corpus: description, outlets, labels, "
                                        "validation scores, licence")
    def reference_view(name: str):
        st = state()
        if name not in st.references:
            raise Problem(404, f"No reference corpus {name!r}; available: "
                               f"{', '.join(st.references) or 'none'} ({st.placement_note}).",
                          kind="unknown-reference")
        return _describe_reference(name, st.references[name])

    @bp.get("/references/<name>/map")
    @bp.output(ReferenceMapOut)
    @bp.doc(tags=["catalogue"], summary="Every corpus article on the reference map",
            description="Coordinates in the projection `placement.map` uses, with each article's "
                        "outlet and the class the served label model predicts for it.")
    def reference_map_view(name: str):
        st = state()
        if name not in st.references:
            raise Problem(404, f"No reference corpus {name!r}; available: "
                               f"{', '.join(st.references) or 'none'} ({st.placement_note}).",
                          kind="unknown-reference")
        return _reference_map(name, st.references[name])

    @bp.get("/lexicons")
    @bp.output(LexiconsOut)
    @bp.doc(tags=["catalogue"], summary="Lexicons: lists, categories, sources, licences, digest")
    def lexicons_view():
        lexset = state().resources.lexicons
        return {"digest": lexset.digest,
                "lexicons": [lexset.lexicons[n].describe() for n in sorted(lexset.lexicons)]}

    @bp.get("/features")
    @bp.output(FeaturesOut)
    @bp.doc(tags=["catalogue"], summary="Every feature name with its description and direction")
    def features_view():
        specs = state().feature_specs
        return {"count": len(specs), "features": [
            {"name": n, "group": n.split(".", 1)[0], "description": s.description,
             "higher": s.higher, "unit": s.unit} for n, s in specs.items()]}

    return bp


def _json_out(model: Any, data: dict[str, Any]) -> Response:
    """What `@bp.output(model)` does — validate the result against the response model and
    serialise it — in one pass in pydantic-core: APIFlask would validate, dump to a dict
    and re-encode that dict with the stdlib `json` (about 3/4 of the API's own time on a
    5 KB article with ~140 spans). Same JSON value; non-ASCII is sent as UTF-8, not as
    `\\u` escapes. The decorator stays, for the OpenAPI document."""
    body = model.model_validate(data).model_dump_json(by_alias=True)
    return current_app.response_class(body + "\n", mimetype="application/json")


def _require_token() -> None:
    tokens = state().settings.api_tokens
    if not tokens:
        return
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    given_b = given.strip().encode("utf-8", "surrogateescape")
    matched = False
    for token in tokens:  # compare with every token, so timing does not tell which matched
        matched |= hmac.compare_digest(token.encode("utf-8"), given_b)
    if scheme.lower() != "bearer" or not given_b or not matched:
        raise Problem(401, "This endpoint needs an `Authorization: Bearer <token>` header "
                           "with a valid token.", kind="unauthorized",
                      headers={"WWW-Authenticate": 'Bearer realm="slant"'})


def _describe_reference(name: str, model: Any) -> dict[str, Any]:
    try:
        info = dict(model.describe())
    except Exception:
        log.exception("describe() failed for reference %s", name, extra={"request_id": g.get("request_id")})
        info = {}
    info["name"] = name
    info["default"] = name == state().default_reference
    return info


# ---------------------------------------------------------------- request bodies

def _media_type() -> str:
    return (request.mimetype or "").lower()


def _unsupported(accepted: tuple[str, ...]) -> Problem:
    got = request.mimetype or "none"
    return Problem(415, f"Content-Type {got!r} is not supported here; send one of "
                        f"{', '.join(accepted)}.", kind="unsupported-media-type",
                   headers={"Accept-Post": ", ".join(accepted)})


def _body_text() -> str:
    data = request.get_data(cache=True)  # raises 413 above MAX_CONTENT_LENGTH
    charset = (request.mimetype_params.get("charset") or "utf-8").lower()
    try:
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError) as exc:
        raise Problem(400, f"The body is not valid {charset} text ({exc}).",
                      kind="invalid-request") from None


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        detail = f"{exc.msg} at line {exc.lineno}, column {exc.colno}" \
            if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        raise Problem(400, f"The body is not valid JSON: {detail}.", kind="invalid-json") from None


def _query_defaults() -> dict[str, Any]:
    """Analysis options given as query parameters (used with text bodies, defaults for JSON)."""
    out: dict[str, Any] = {}
    for key in ("title", "url", "outlet", "id", "reference"):
        value = request.args.get(key)
        if value is not None:
            out[key] = value
    include = request.args.get("include")
    if include is not None:
        out["include"] = [p.strip() for p in include.split(",") if p.strip()]
    try:
        AnalyzeQuery.model_validate(out)
    except ValidationError as exc:
        errors = [{"parameter": str(e["loc"][0]), "detail": e["msg"]}
                  for e in exc.errors(include_url=False, include_context=False, include_input=False)]
        raise Problem(422, "The request has invalid query parameters; see `errors`.",
                      kind="invalid-request", errors=errors) from None
    return out


def _read_single() -> tuple[AnalyzeRequest, str]:
    mt = _media_type()
    defaults = _query_defaults()
    if mt in JSON_TYPES or mt.endswith("+json"):
        body = _parse_json(_body_text())
        if not isinstance(body, dict):
            raise Problem(422, f"Expected a JSON object, got {_json_kind(body)}.", kind="invalid-request",
                          errors=[{"pointer": "#", "detail": "must be an object"}])
        merged, source = {**defaults, **body}, "json"
    elif mt == "text/plain":
        merged, source = {**defaults, "text": _body_text()}, "text/plain"
    elif mt == "text/html":
        merged, source = _html_item(_body_text(), defaults), "text/html"
    else:
        raise _unsupported(JSON_TYPES + TEXT_TYPES)
    return _validate(merged, ()), source


def _html_item(html: str, defaults: dict[str, Any]) -> dict[str, Any]:
    from .html_text import html_to_text

    try:
        extracted = html_to_text(html)
    except ValueError as exc:
        raise Problem(413, str(exc), kind="too-large") from None
    if not extracted.text:
        raise Problem(422, "No article text was found in the HTML.", kind="invalid-request",
                      errors=[{"pointer": "#", "detail": "no article text found"}])
    item = {**defaults, "text": extracted.text}
    if extracted.title and "title" not in item:
        item["title"] = extracted.title
    g.html_extraction = extracted.method
    return item


def _validate(item: dict[str, Any], prefix: tuple) -> AnalyzeRequest:
    try:
        return AnalyzeRequest.model_validate(item)
    except ValidationError as exc:
        raise Problem(422, "The request has invalid fields; see `errors`.", kind="invalid-request",
                      errors=errors_from_pydantic(exc, prefix)) from None


def _json_kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(value), "a number")


def _read_batch() -> list[Any]:
    mt = _media_type()
    limit = state().settings.batch_limit
    if mt in JSON_TYPES or mt.endswith("+json"):
        body = _parse_json(_body_text())
        if isinstance(body, dict) and isinstance(body.get("items"), list):
            body = body["items"]
        if not isinstance(body, list):
            raise Problem(422, f"Expected a JSON array of articles, got {_json_kind(body)}.",
                          kind="invalid-request", errors=[{"pointer": "#", "detail": "must be an array"}])
        items: list[Any] = body
    elif mt in NDJSON_TYPES:
        items = []
        for number, line in enumerate(_body_text().splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append(json.loads(line))
            except (json.JSONDecodeError, RecursionError):
                items.append(_BadLine(number))
    else:
        raise _unsupported(JSON_TYPES + NDJSON_TYPES)
    if len(items) > limit:
        raise Problem(413, f"The batch has {len(items)} articles; the limit is {limit}.", kind="too-large")
    return items


@dataclass(frozen=True, slots=True)
class _BadLine:
    line: int


def _batch_item(index: int, raw: Any) -> dict[str, Any]:
    try:
        if isinstance(raw, _BadLine):
            raise Problem(400, f"Line {raw.line} is not valid JSON.", kind="invalid-json",
                          errors=[{"pointer": pointer(index), "detail": "not valid JSON"}])
        if not isinstance(raw, dict):
            raise Problem(422, f"Item {index} is {_json_kind(raw)}, not an object.",
                          kind="invalid-request",
                          errors=[{"pointer": pointer(index), "detail": "must be an object"}])
        item = _validate(raw, (index,))
        return {"index": index, "status": 200, "result": _analyze_one(item, "json", prefix=(index,))}
    except Problem as exc:
        return {"index": index, "status": exc.status, "problem": exc.to_dict()}
    except Exception as exc:  # one bad item never fails the others
        log.error("batch item failed", exc_info=exc,
                  extra={"request_id": g.get("request_id"), "index": index, "event": "error"})
        body = problems.problem_body(500, "The server could not analyse this item. Quote the "
                                          "request id when reporting it.", kind="internal-error")
        return {"index": index, "status": 500, "problem": body}


# ---------------------------------------------------------------- analysis

def _analyze_one(item: AnalyzeRequest, source: str, prefix: tuple = ()) -> dict[str, Any]:
    from .framing.analyze import MAX_TEXT_CHARS, analyze

    st = state()
    include = set(item.include if item.include is not None else DEFAULT_INCLUDE)
    reference_name = item.reference or st.default_reference
    if item.reference is not None and item.reference not in st.references:
        raise Problem(422, f"No reference corpus {item.reference!r}; available: "
                           f"{', '.join(st.references) or 'none'} ({st.placement_note}).",
                      kind="unknown-reference",
                      errors=[{"pointer": pointer(*prefix, "reference"),
                               "detail": f"must be one of: {', '.join(st.references) or '(none loaded)'}"}])
    if len(item.text) > MAX_TEXT_CHARS:
        raise Problem(413, f"The text is {len(item.text):,} characters; the limit is {MAX_TEXT_CHARS:,}.",
                      kind="too-large")
    try:
        analysis = analyze(item.text, title=item.title, resources=st.resources)
    except ValueError as exc:
        raise Problem(422, f"The text cannot be analysed: {exc}", kind="invalid-request",
                      errors=[{"pointer": pointer(*prefix, "text"), "detail": str(exc)}]) from None
    meta = dict(analysis.meta)
    placement = None
    if "placement" in include:
        if st.placement_available and reference_name in st.references:
            placement = st.place(analysis, st.references[reference_name]).to_dict()
            meta["reference"] = reference_name
        else:
            meta["placement_reason"] = st.placement_note
    echo = {"id": item.id, "title": item.title, "url": item.url, "outlet": item.outlet,
            "source": source}
    if source == "text/html":
        echo["extracted_text"] = item.text
        echo["extraction"] = g.get("html_extraction")
    return {
        "features": analysis.features,
        "spans": analysis.spans if "spans" in include else None,
        "sentences": analysis.sentences if "sentences" in include else None,
        "details": analysis.details,
        "meta": meta,
        "placement": placement,
        "input": echo,
    }


def _read_compare() -> CompareRequest:
    if not (_media_type() in JSON_TYPES or _media_type().endswith("+json")):
        raise _unsupported(JSON_TYPES)
    body = _parse_json(_body_text())
    try:
        return CompareRequest.model_validate(body)
    except ValidationError as exc:
        raise Problem(422, "The request has invalid fields; see `errors`.", kind="invalid-request",
                      errors=errors_from_pydantic(exc, ())) from None


def _compare(req: CompareRequest) -> dict[str, Any]:
    from .compare import Item, compare
    from .framing.analyze import MAX_TEXT_CHARS

    st = state()
    if req.reference is not None and req.reference not in st.references:
        raise Problem(422, f"No reference corpus {req.reference!r}; available: "
                           f"{', '.join(st.references) or 'none'}.", kind="unknown-reference",
                      errors=[{"pointer": pointer("reference"),
                               "detail": f"must be one of: {', '.join(st.references) or '(none loaded)'}"}])
    for i, art in enumerate(req.articles):
        if len(art.text) > MAX_TEXT_CHARS:
            raise Problem(413, f"Article {i} is {len(art.text):,} characters; the limit is "
                               f"{MAX_TEXT_CHARS:,}.", kind="too-large")
    items = [Item(art.id if art.id is not None else str(i), art.text, art.title, art.outlet)
             for i, art in enumerate(req.articles)]
    name = req.reference or st.default_reference
    model = st.references.get(name) if st.placement_available and name else None
    try:
        return compare(items, st.resources, model)
    except ValueError as exc:
        raise Problem(422, f"The articles cannot be compared: {exc}", kind="invalid-request",
                      errors=[{"pointer": pointer("articles"), "detail": str(exc)}]) from None


# ---------------------------------------------------------------- OpenAPI

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_ERRORS = {
    400: "Malformed body (not JSON, not UTF-8)",
    401: "Missing or invalid bearer token (only when SLANT_API_TOKENS is set)",
    404: "No such resource",
    405: "Method not allowed (the `Allow` header lists the allowed ones)",
    413: "Body, text or batch larger than the configured limit",
    415: "Unsupported Content-Type",
    422: "Invalid fields; `errors` holds JSON pointers to them",
    500: "Internal error (logged with the request id, nothing internal revealed)",
}
_STATUSES = {
    ("/v1/analyze", "post"): (400, 401, 413, 415, 422, 500),
    ("/v1/batch", "post"): (400, 401, 413, 415, 422, 500),
    ("/v1/compare", "post"): (400, 401, 413, 415, 422, 500),
    ("/v1/references/{name}", "get"): (401, 404, 500),
    ("/v1/references/{name}/map", "get"): (401, 404, 500),
}


def _complete_spec(spec: dict) -> dict:
    """Add what the decorators cannot say: the request bodies (three media types), the
    query parameters, problem+json error responses and the bearer security scheme.
    The valid `reference` names are those this server has loaded."""
    references = list(current_app.extensions["slant"].references)
    reference_schema: dict[str, Any] = {"enum": references} if references else {"not": {}}
    components = spec.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = ProblemOut.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, sub in components["Problem"].pop("$defs", {}).items():
        components.setdefault(name, sub)
    request_schema = AnalyzeRequest.model_json_schema(ref_template="#/components/schemas/{model}")
    request_schema["properties"]["reference"] = {
        "anyOf": [reference_schema, {"type": "null"}] if references else [{"type": "null"}],
        "default": None, "description": request_schema["properties"]["reference"].get("description", "")}
    components["AnalyzeRequest"] = request_schema
    text_schema = {"type": "string", "minLength": 1}
    query = [
        {"name": "title", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 2000}},
        {"name": "url", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 4000},
         "description": "Metadata; never fetched."},
        {"name": "outlet", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 200}},
        {"name": "include", "in": "query", "required": False,
         "schema": {"type": "string", "pattern": r"^((spans|sentences|placement)(,(spans|sentences|placement))*)?$"},
         "description": "Comma list of optional parts: spans, sentences, placement "
                        "(empty: features only)."},
    ]
    if references:
        query.insert(3, {"name": "reference", "in": "query", "required": False,
                         "schema": reference_schema})
    paths = spec.get("paths", {})
    analyze_op = paths.get("/v1/analyze", {}).get("post")
    if analyze_op is not None:
        analyze_op["parameters"] = query
        analyze_op["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/AnalyzeRequest"},
                                 "example": {"text": "Officials said the attack killed at least 20 guards.",
                                             "title": "Prison attack", "include": ["spans"]}},
            "text/plain": {"schema": text_schema},
            "text/html": {"schema": text_schema},
        }}
    batch_op = paths.get("/v1/batch", {}).get("post")
    if batch_op is not None:
        batch_op["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": {
                "type": "array",
                "description": "Articles, each an AnalyzeRequest; an item that is not valid is "
                               "answered with its own problem and does not fail the others.",
                "items": {"anyOf": [{"$ref": "#/components/schemas/AnalyzeRequest"},
                                    {"description": "anything else: reported as that item's problem"}]}}},
            "application/x-ndjson": {"schema": {
                "description": "NDJSON text: one AnalyzeRequest object per line; a line that is "
                               "not valid is answered with its own problem."}},
        }}
    compare_op = paths.get("/v1/compare", {}).get("post")
    if compare_op is not None:
        compare_schema = CompareRequest.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, sub in compare_schema.pop("$defs", {}).items():
            components.setdefault(name, sub)
        compare_schema["properties"]["reference"] = request_schema["properties"]["reference"]
        components["CompareRequest"] = compare_schema
        compare_op["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/CompareRequest"}}}}
    for path, item in paths.items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = op.setdefault("responses", {})
            statuses = set(_STATUSES.get((path, method), (500,) if not path.startswith("/v1") else (401, 500)))
            statuses.add(405)
            for status in sorted(statuses):
                responses[str(status)] = {"description": _ERRORS[status], "content": {
                    "application/problem+json": {"schema": _PROBLEM_REF}}}
            if path.startswith("/v1"):
                op["security"] = [{}, {"bearer": []}]
    spec["components"]["securitySchemes"] = {"bearer": {
        "type": "http", "scheme": "bearer",
        "description": "Required on /v1 only when the server sets SLANT_API_TOKENS."}}
    return spec
