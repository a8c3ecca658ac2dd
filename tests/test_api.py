"""The HTTP API through Flask's test client: every endpoint and every error status."""
from __future__ import annotations

import json
import re
import shlex

import pytest

from service import create_app
from service.config import ConfigError, load_settings

from conftest import ROOT

ARTICLE = ("Kurdish-led forces said on Sunday they had retaken the prison. "
           "The militants killed at least 20 guards, according to a statement. "
           "\"We will not negotiate,\" a spokesman told reporters.")


@pytest.fixture(scope="module")
def app():
    return create_app({"TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()


def is_problem(resp, status):
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.mimetype == "application/problem+json"
    body = resp.get_json(force=True)
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    assert body["request_id"] == resp.headers["X-Request-ID"]
    return body


# ---------------------------------------------------------------- operations and catalogue

def test_healthz(client):
    resp = client.get("/healthz")
    assert resp.status_code == 200 and resp.get_json()["status"] == "ok"


def test_readyz_reports_lexicons_and_placement(client, resources):
    body = client.get("/readyz").get_json()
    assert body["status"] == "ready"
    assert body["lexicon_digest"] == resources.digest
    assert body["placement"].startswith(("available", "unavailable"))


def test_features_lists_every_feature_with_direction(client):
    from service.framing.analyze import feature_names

    body = client.get("/v1/features").get_json()
    assert [f["name"] for f in body["features"]] == feature_names()
    assert body["count"] == len(feature_names())
    for f in body["features"]:
        assert f["group"] == f["name"].split(".")[0] and f["higher"] and f["description"]


def test_lexicons_lists_sources_and_digest(client, resources):
    body = client.get("/v1/lexicons").get_json()
    assert body["digest"] == resources.digest
    names = {lex["name"] for lex in body["lexicons"]}
    assert {"abbreviations", "boilerplate"} <= names
    assert all(lex["source"] and lex["licence"] for lex in body["lexicons"])


def test_references_list_and_unknown_name(client):
    body = client.get("/v1/references").get_json()
    assert isinstance(body["references"], list) and "available" in body
    problem = is_problem(client.get("/v1/references/no-such-corpus"), 404)
    assert "no-such-corpus" in problem["detail"] and "available" in problem["detail"]


def test_reference_detail_for_each_loaded_reference(client):
    for ref in client.get("/v1/references").get_json()["references"]:
        body = client.get(f"/v1/references/{ref['name']}").get_json()
        assert body["name"] == ref["name"]


def test_openapi_is_31_and_documents_problem_responses(client):
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    op = spec["paths"]["/v1/analyze"]["post"]
    assert set(op["requestBody"]["content"]) == {"application/json", "text/plain", "text/html"}
    for status in ("400", "413", "415", "422", "500"):
        assert "application/problem+json" in op["responses"][status]["content"]
    assert "/docs" not in spec["paths"]


def test_docs_page_is_offline(client):
    html = client.get("/docs").get_data(as_text=True)
    assert "/openapi.json" in html
    js = client.get("/docs/docs.js").get_data(as_text=True)
    css = client.get("/docs/docs.css").get_data(as_text=True)
    for asset in (html, js, css):
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", asset)
        assert "cdn" not in asset.lower()
    for slug in ("invalid-request", "too-large", "unauthorized", "internal-error"):
        assert f'id="problem-{slug}"' in html


# ---------------------------------------------------------------- analyze

def test_analyze_json_returns_features_and_checkable_spans(client):
    resp = client.post("/v1/analyze", json={"text": ARTICLE, "title": "Prison", "outlet": "Test"})
    assert resp.status_code == 200
    body = resp.get_json()
    from service.framing.analyze import feature_names

    assert set(body["features"]) == set(feature_names())
    for span in body["spans"]:
        assert ARTICLE[span["start"]:span["end"]] == span["text"]
    assert body["sentences"] is None  # not asked for
    assert body["input"] == {"id": None, "title": "Prison", "url": None, "outlet": "Test",
                             "source": "json", "extracted_text": None, "extraction": None}
    assert body["placement"] is not None or body["meta"]["placement_reason"]


def test_analyze_plain_text_with_query_options(client):
    resp = client.post("/v1/analyze?include=sentences&title=Prison", data=ARTICLE.encode(),
                       content_type="text/plain; charset=utf-8")
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["spans"] is None and body["placement"] is None
    assert body["sentences"][0]["text"].startswith("Kurdish-led")
    assert body["input"]["title"] == "Prison" and body["input"]["source"] == "text/plain"


def test_analyze_html_is_reduced_to_article_text(client):
    paragraphs = "".join(f"<p>{s}</p>" for s in re.split(r"(?<=\.) ", ARTICLE))
    page = (f"<html><head><title>Prison attack</title></head><body><nav>Home | World | Sport</nav>"
            f"<article><h1>Prison attack</h1>{paragraphs}</article><footer>© 2022 Example</footer>"
            f"</body></html>")
    resp = client.post("/v1/analyze", data=page, content_type="text/html")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    body = resp.get_json()
    extracted = body["input"]["extracted_text"]
    assert "retaken the prison" in extracted and "Home | World" not in extracted
    for span in body["spans"]:
        assert extracted[span["start"]:span["end"]] == span["text"]


def test_analyze_url_is_metadata_never_fetched(client, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the service tried to open a network connection")
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    resp = client.post("/v1/analyze", json={"text": ARTICLE, "url": "https://example.com/a"})
    assert resp.status_code == 200
    assert resp.get_json()["input"]["url"] == "https://example.com/a"


def test_request_id_is_echoed_when_sane(client):
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    generated = client.get("/healthz", headers={"X-Request-ID": "bad id"}).headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)


# ---------------------------------------------------------------- errors

@pytest.mark.parametrize("body, pointers", [
    ({"text": ""}, ["#/text"]),
    ({}, ["#/text"]),
    ({"text": 5}, ["#/text"]),
    ({"text": "x", "include": ["everything"]}, ["#/include/0"]),
    ({"text": "x", "colour": "red"}, ["#/colour"]),
    ({"text": "x", "title": ["a"]}, ["#/title"]),
])
def test_422_points_at_the_bad_fields(client, body, pointers):
    problem = is_problem(client.post("/v1/analyze", json=body), 422)
    assert [e["pointer"] for e in problem["errors"]] == pointers


def test_422_unknown_reference_lists_the_options(client):
    problem = is_problem(client.post("/v1/analyze", json={"text": ARTICLE, "reference": "nope"}), 422)
    assert problem["errors"][0]["pointer"] == "#/reference"
    assert problem["type"].endswith("unknown-reference")


@pytest.mark.parametrize("data, status", [
    (b"{not json", 400),
    (b"[1, 2]", 422),
    (b"\"text\"", 422),
    (b"\xff\xfe{}", 400),
])
def test_malformed_json_bodies(client, data, status):
    is_problem(client.post("/v1/analyze", data=data, content_type="application/json"), status)


@pytest.mark.parametrize("content_type", ["application/xml", "multipart/form-data", "image/png"])
def test_415_for_unsupported_media_types(client, content_type):
    problem = is_problem(client.post("/v1/analyze", data=b"x", content_type=content_type), 415)
    assert "text/plain" in problem["detail"]


def test_415_without_content_type(client):
    is_problem(client.post("/v1/analyze", data=b"x"), 415)


@pytest.mark.parametrize("method, path, allowed", [
    ("put", "/v1/analyze", "POST"),
    ("delete", "/v1/features", "GET"),
    ("post", "/healthz", "GET"),
])
def test_405_keeps_the_allow_header(client, method, path, allowed):
    resp = getattr(client, method)(path)
    is_problem(resp, 405)
    assert allowed in resp.headers["Allow"]


def test_404_is_a_problem(client):
    is_problem(client.get("/v2/nothing"), 404)


def test_413_above_the_body_limit():
    client = create_app({"TESTING": True, "max_body_bytes": 1000}).test_client()
    problem = is_problem(client.post("/v1/analyze", json={"text": "word " * 500}), 413)
    assert "1,000 bytes" in problem["detail"]
    assert client.post("/v1/analyze", json={"text": ARTICLE}).status_code == 200


def test_500_reveals_nothing_and_is_logged_with_the_request_id(client, monkeypatch, capsys):
    import service.framing.analyze as core

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal state /etc/passwd")
    monkeypatch.setattr(core, "analyze", broken)
    resp = client.post("/v1/analyze", json={"text": ARTICLE})
    problem = is_problem(resp, 500)
    assert "secret" not in resp.get_data(as_text=True)
    assert "Traceback" not in resp.get_data(as_text=True)
    logged = capsys.readouterr().err
    assert "secret internal state" in logged and problem["request_id"] in logged


# ---------------------------------------------------------------- batch

def test_batch_keeps_order_and_isolates_bad_items(client):
    items = [{"text": ARTICLE, "id": "a"}, {"text": ""}, "just a string", {"text": "Short one.", "id": "d"}]
    resp = client.post("/v1/batch", json=items)
    assert resp.status_code == 200
    body = resp.get_json()
    assert (body["count"], body["succeeded"], body["failed"]) == (4, 2, 2)
    assert [r["status"] for r in body["results"]] == [200, 422, 422, 200]
    assert [r["index"] for r in body["results"]] == [0, 1, 2, 3]
    assert body["results"][0]["result"]["input"]["id"] == "a"
    assert body["results"][1]["problem"]["errors"][0]["pointer"] == "#/1/text"
    assert body["results"][3]["result"]["input"]["id"] == "d"


def test_batch_ndjson_with_a_broken_line(client):
    lines = "\n".join([json.dumps({"text": ARTICLE}), "{broken", "", json.dumps({"text": "Second."})])
    resp = client.post("/v1/batch", data=lines, content_type="application/x-ndjson")
    body = resp.get_json()
    assert [r["status"] for r in body["results"]] == [200, 400, 200]
    assert "Line 2" in body["results"][1]["problem"]["detail"]


def test_batch_item_crash_does_not_fail_the_others(client, monkeypatch):
    import service.framing.analyze as core

    real = core.analyze

    def sometimes(text, **kwargs):
        if text == "boom":
            raise RuntimeError("internal detail")
        return real(text, **kwargs)
    monkeypatch.setattr(core, "analyze", sometimes)
    body = client.post("/v1/batch", json=[{"text": "boom"}, {"text": ARTICLE}]).get_json()
    assert [r["status"] for r in body["results"]] == [500, 200]
    assert "internal detail" not in json.dumps(body)


def test_empty_batch_is_an_empty_result(client):
    assert client.post("/v1/batch", json=[]).get_json() == {"count": 0, "succeeded": 0, "failed": 0,
                                                            "results": []}


def test_batch_limit_is_configurable():
    client = create_app({"TESTING": True, "batch_limit": 2}).test_client()
    problem = is_problem(client.post("/v1/batch", json=[{"text": "a"}] * 3), 413)
    assert "limit is 2" in problem["detail"]


@pytest.mark.parametrize("data, content_type, status", [
    (b'{"text": "x"}', "application/json", 422),
    (b"[", "application/json", 400),
    (b"x", "text/plain", 415),
])
def test_batch_whole_request_errors(client, data, content_type, status):
    is_problem(client.post("/v1/batch", data=data, content_type=content_type), status)


# ---------------------------------------------------------------- access control

@pytest.fixture(scope="module")
def locked():
    return create_app({"TESTING": True, "api_tokens": "s3cret-one, s3cret-two"}).test_client()


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic s3cret-one", "Bearer", "s3cret-one"])
def test_401_without_a_valid_token(locked, header):
    headers = {"Authorization": header} if header else {}
    resp = locked.get("/v1/features", headers=headers)
    is_problem(resp, 401)
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("token", ["s3cret-one", "s3cret-two"])
def test_valid_tokens_open_v1(locked, token):
    assert locked.get("/v1/features", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_health_stays_open_and_tokens_are_never_logged(capsys):
    client = create_app({"TESTING": True, "api_tokens": "s3cret-one"}).test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    client.post("/v1/analyze", json={"text": ARTICLE}, headers={"Authorization": "Bearer s3cret-one"})
    client.post("/v1/analyze", json={"text": ARTICLE}, headers={"Authorization": "Bearer s3cret-bad"})
    assert "s3cret" not in capsys.readouterr().err


# ---------------------------------------------------------------- configuration and start-up

def test_settings_from_environment(monkeypatch):
    monkeypatch.setenv("SLANT_BATCH_LIMIT", "7")
    monkeypatch.setenv("SLANT_LOG_FORMAT", "text")
    monkeypatch.setenv("SLANT_API_TOKENS", "a,b")
    settings = load_settings()
    assert (settings.batch_limit, settings.log_format, settings.api_tokens) == (7, "text", ("a", "b"))
    assert load_settings({"batch_limit": 3}).batch_limit == 3


@pytest.mark.parametrize("var, value", [("SLANT_BATCH_LIMIT", "many"), ("SLANT_MAX_BODY_BYTES", "0"),
                                        ("SLANT_LOG_FORMAT", "xml"), ("SLANT_LOG_LEVEL", "LOUD")])
def test_bad_settings_name_the_variable(monkeypatch, var, value):
    monkeypatch.setenv(var, value)
    with pytest.raises(ConfigError, match=var):
        load_settings()


def test_startup_fails_fast_on_broken_lexicons(tmp_path):
    (tmp_path / "lexicons.toml").write_text("[lists.x]\nfile = \"missing.tsv\"\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="lexicons did not load"):
        create_app({"lexicons_dir": str(tmp_path)})


def test_startup_fails_on_an_unknown_default_reference(tmp_path):
    with pytest.raises(RuntimeError, match="SLANT_DEFAULT_REFERENCE"):
        create_app({"default_reference": "nope", "models_dir": str(tmp_path)})


# ---------------------------------------------------------------- README

def _readme_curls() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for lang, block in re.findall(r"^```(\w*)\n(.*?)^```", text, re.S | re.M):
        if lang not in ("sh", "bash", "console"):
            continue
        joined = block.replace("\\\n", " ")
        commands += [shlex.split(line) for line in joined.splitlines() if line.startswith("curl ")]
    return commands


def test_readme_curl_examples_are_served(client):
    commands = _readme_curls()
    assert any("/v1/analyze" in " ".join(c) for c in commands)
    served = 0
    for argv in commands:
        method, headers, data, url = "GET", {}, None, None
        args = iter(argv[1:])
        for arg in args:
            if arg in ("-X", "--request"):
                method = next(args)
            elif arg in ("-H", "--header"):
                key, _, value = next(args).partition(":")
                headers[key.strip()] = value.strip()
            elif arg in ("-d", "--data", "--data-binary"):
                data = next(args)
                method = "POST" if method == "GET" else method
            elif arg.startswith("http"):
                url = arg
        if isinstance(data, str) and data.startswith("@"):
            source = ROOT / data[1:]
            if not source.exists():  # e.g. a seed article, when ../shared is not beside the checkout
                continue
            data = source.read_bytes()
        path = re.sub(r"^https?://[^/]+", "", url)
        resp = client.open(path, method=method, headers=headers, data=data)
        assert resp.status_code == 200, (argv, resp.get_data(as_text=True)[:500])
        served += 1
    assert served >= 2
