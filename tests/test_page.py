"""The page at `/`: served offline by Flask, and driven in real Chromium (Debian's
/usr/bin/chromium through Playwright; never `playwright install`).

Browser tests run against a live werkzeug server on 127.0.0.1 (a free port) and fail
on any page error or console error. Screenshots go to test-artifacts/ (gitignored).
"""
from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from service import create_app

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def app():
    return create_app({"TESTING": True, "SLANT_LOG_LEVEL": "WARNING"})


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


# ------------------------------------------------------------------ without a browser

@pytest.mark.parametrize("path, media_type, needle", [
    ("/", "text/html", '<script type="module" src="/web/app.js">'),
    ("/web/app.js", "text/javascript", "renderComparison"),
    ("/web/text.js", "text/javascript", "export function renderText"),
    ("/web/map.js", "text/javascript", "export function drawMap"),
    ("/web/compare.js", "text/javascript", "export function renderComparison"),
    ("/web/dom.js", "text/javascript", "export function h"),
    ("/web/style.css", "text/css", "Okabe"),
])
def test_page_files_are_served(client, path, media_type, needle):
    resp = client.get(path)
    assert resp.status_code == 200
    assert resp.mimetype == media_type
    assert needle in resp.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/web/missing.js", "/web/..%2Fapi.py", "/web/docs"])
def test_unknown_page_files_are_404(client, path):
    assert client.get(path).status_code == 404


def test_page_loads_nothing_from_elsewhere(client):
    """Offline: no absolute http(s) URL in any file the page loads (no CDN, no fonts)."""
    for path in ("/", "/web/app.js", "/web/text.js", "/web/map.js", "/web/compare.js", "/web/dom.js",
                 "/web/style.css"):
        body = client.get(path).get_data(as_text=True)
        loads = re.findall(r"""(?:src|href)\s*=\s*["']https?://|url\(\s*["']?https?://|import[^;]*["']https?://""", body)
        assert not loads, (path, loads)


def test_reference_map_lists_every_corpus_article(client, app):
    refs = app.extensions["slant"].references
    if not refs:
        pytest.skip("no reference models loaded")
    name = next(iter(refs))
    body = client.get(f"/v1/references/{name}/map").get_json()
    model = refs[name]
    assert body["name"] == name and body["n_articles"] == model.n_articles == len(body["points"])
    assert len(body["axes"]) == 2
    first = body["points"][0]
    assert first["id"] == model.ids[0]
    assert (first["x"], first["y"]) == pytest.approx(tuple(model.map_coords_[0]), abs=1e-3)
    for label, classes in body["labels"].items():
        assert {p["labels"][label] for p in body["points"] if label in p["labels"]} <= set(classes)


def test_reference_map_labels_are_the_corpus_gold_labels(app, client, data_dir):
    """Points carry each corpus article's own label, read back from the corpus itself."""
    import re as _re

    refs = app.extensions["slant"].references
    if "hyperpartisan" not in refs:
        pytest.skip("the hyperpartisan model is not loaded")
    truth = (data_dir / "semeval2019-hyperpartisan-byarticle" / "ground-truth-training-byarticle-20181122.xml").read_text()
    gold = {ident: label for label, ident in
            _re.findall(r'<article hyperpartisan="(true|false)" id="(\d+)"', truth)}
    points = client.get("/v1/references/hyperpartisan/map").get_json()["points"]
    assert len(points) == len(gold)
    assert all(p["labels"]["hyperpartisan"] == gold[p["id"]] for p in points)


def test_reference_map_unknown_name_is_a_problem(client):
    resp = client.get("/v1/references/no-such-corpus/map")
    assert resp.status_code == 404
    assert resp.mimetype == "application/problem+json"
    assert "available" in resp.get_json()["detail"]


# ------------------------------------------------------------------ in Chromium

@pytest.fixture(scope="module")
def live_server(app):
    """The app on a free port of 127.0.0.1, in a thread; stopped after the module."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent (CI installs Debian's chromium in .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh page; any page error or console error fails the test. A screenshot of the
    final state is saved as test-artifacts/<test name>.png."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    problems: list[str] = []
    pg.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    pg.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}")
          if msg.type in ("error", "warning") else None)
    pg.on("requestfailed", lambda req: problems.append(f"request failed: {req.url}"))
    pg.on("request", lambda req: None if req.url.startswith((live_server, "data:"))
          else problems.append(f"request outside the server: {req.url}"))
    pg.base = live_server
    yield pg
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not problems, problems


def _analyse(page, *texts: str) -> None:
    page.goto(page.base + "/")
    page.wait_for_selector("#reference option[value='hyperpartisan']", state="attached")
    for i, text in enumerate(texts):
        if i:
            page.click("#add-article")
        page.locator("textarea.a-text").nth(i).fill(text)
    page.click("#analyse")
    page.wait_for_selector("#results:not([hidden])")


@pytest.mark.browser
def test_seed_000_shows_anglo_saxon_bloc_as_an_author_voice_epithet(page, seeds, app):
    _analyse(page, seeds["000"])
    mark = page.locator("mark.hl[data-label='loaded_term']", has_text="Anglo-Saxon bloc")
    assert mark.count() == 1
    assert mark.get_attribute("data-category") == "geopolitical_epithet"
    assert mark.get_attribute("data-voice") == "author"
    assert mark.inner_text() == "Anglo-Saxon bloc"
    # focusable, labelled, and the tooltip appears on focus
    assert mark.get_attribute("tabindex") == "0"
    label = mark.get_attribute("aria-label")
    assert "geopolitical epithet" in label and "author's voice" in label
    mark.focus()
    tooltip = page.locator("#tooltip")
    assert tooltip.is_visible()
    assert "geopolitical epithet" in tooltip.inner_text()
    page.screenshot(path=str(ARTIFACTS / "seed000_tooltip.png"))
    page.keyboard.press("Escape")
    assert not tooltip.is_visible()
    page.keyboard.press("Shift+Tab")  # the previous highlight takes focus and shows its tooltip
    assert page.evaluate("document.activeElement.classList.contains('hl')")
    assert tooltip.is_visible()
    # the highlighted text is the original text, character for character
    shown = page.locator(".article-text").first.inner_text()
    assert shown.strip() == seeds["000"].strip()
    # the map shows the article's point, and the nearest outlets are labelled
    assert page.locator("svg.map .article-pt.current").count() == 1
    assert page.locator("svg.map .pt-other, svg.map .pt").count() > 100
    assert page.locator("svg.map .outlet-label").count() >= 1
    page.locator(".map-host").first.screenshot(path=str(ARTIFACTS / "seed000_map.png"))
    # features panel: every feature, most unusual first
    rows = page.locator("table.features tbody tr")
    assert rows.count() == len(app.extensions["slant"].feature_specs)
    assert rows.first.get_attribute("data-feature").startswith("loaded.")


@pytest.mark.browser
def test_layers_toggle_off_and_on(page, seeds):
    _analyse(page, seeds["000"])
    loaded = page.locator(".article-text mark[data-label='loaded_term']")
    before = loaded.count()
    assert before > 5
    page.locator("input[data-layer='loaded']").first.uncheck()
    assert loaded.count() == 0
    assert page.locator(".article-text mark[data-label='number.claim']").count() > 0
    page.locator("input[data-layer='loaded']").first.check()
    assert loaded.count() == before


@pytest.mark.browser
def test_comparison_shows_different_labels_for_isis(page, seeds):
    _analyse(page, seeds["000"], seeds["004"])
    page.get_by_role("tab", name="Comparison").click()
    row = page.locator("table.actors tr[data-actor='isis']")
    assert row.count() == 1
    terms_000 = set(row.locator("td[data-article='Article 1'] a[data-term]").evaluate_all("els => els.map(e => e.dataset.term)"))
    terms_004 = set(row.locator("td[data-article='Article 2'] a[data-term]").evaluate_all("els => els.map(e => e.dataset.term)"))
    assert "terrorist" in terms_000 and "terrorist" not in terms_004
    assert terms_000 != terms_004
    page.screenshot(path=str(ARTIFACTS / "compare_000_004.png"), full_page=True)
    # a cell links to its span: clicking shows that article with the span marked and focused
    row.locator("td[data-article='Article 1'] a[data-term='terrorist']").click()
    jump = page.locator("#panel-a0 mark.l-jump")
    assert jump.count() == 1 and jump.inner_text().lower().startswith("terrorist")
    assert page.evaluate("document.activeElement.classList.contains('l-jump')")


@pytest.mark.browser
@pytest.mark.parametrize("spans, pieces", [
    # nested: a loaded term inside attributed content inside an assertion
    ([(0, 23, "attribution.unattributed_assertion"), (4, 20, "attribution.content"), (8, 13, "loaded_term")],
     {"attribution.unattributed_assertion": 1, "attribution.content": 1, "loaded_term": 1}),
    # crossing: the second span is drawn in two pieces that share one id
    ([(0, 10, "attribution.content"), (5, 15, "number.claim")], {"attribution.content": 1, "number.claim": 2}),
    # identical ranges nest in a fixed order; an empty span is dropped
    ([(4, 9, "hedge"), (4, 9, "loaded_term"), (3, 3, "booster")], {"hedge": 1, "loaded_term": 1}),
])
def test_overlapping_spans_render_every_character_once(page, spans, pieces):
    page.goto(page.base + "/")
    text = "The terrorists said 250 men fled."
    result = page.evaluate("""async ([text, spans]) => {
        const {renderText} = await import('/web/text.js');
        const box = document.createElement('div');
        document.body.appendChild(box);
        renderText(box, text, spans.map(([start, end, label]) =>
            ({start, end, label, text: text.slice(start, end)})));
        const counts = {};
        for (const m of box.querySelectorAll('mark')) counts[m.dataset.label] = (counts[m.dataset.label] || 0) + 1;
        const focusable = [...box.querySelectorAll('mark[tabindex="0"]')].map((m) => m.dataset.label);
        const joined = {};
        for (const m of box.querySelectorAll('mark'))
            joined[m.dataset.hl] = (joined[m.dataset.hl] || '') + m.textContent;
        box.remove();
        return {text: box.textContent, counts, focusable, joined};
    }""", [text, [list(s) for s in spans]])
    assert result["text"] == text
    assert result["counts"] == pieces
    assert sorted(result["focusable"]) == sorted(pieces)  # one tab stop per span
    for i, (start, end, _label) in enumerate(spans):
        if end > start:  # the pieces of a span hold exactly its text (nested text included)
            assert text[start:end] in result["joined"][str(i)] or result["joined"][str(i)] == text[start:end]


@pytest.mark.browser
def test_text_files_fill_one_article_each(page, seeds):
    page.goto(page.base + "/")
    page.set_input_files("#files", files=[
        {"name": "south-front.txt", "mimeType": "text/plain", "buffer": seeds["000"].encode()},
        {"name": "cnn.txt", "mimeType": "text/plain", "buffer": seeds["004"].encode()}])
    page.wait_for_function("document.querySelectorAll('.article-card').length === 2")
    assert page.locator(".a-title").nth(1).input_value() == "cnn"
    assert page.locator("textarea.a-text").nth(1).input_value() == seeds["004"]
    assert page.locator("#analyse").inner_text() == "Analyse and compare"
