"""HTML bodies: reduced to the article text offline."""
from __future__ import annotations

import pytest

from service.html_text import html_to_text

ARTICLE = ("<p>Kurdish-led forces said on Sunday they had retaken the prison in Hasakah.</p>"
           "<p>The militants killed at least 20 guards, according to a statement from the force.</p>"
           "<p>\"We will not negotiate with them,\" a spokesman told reporters on Monday.</p>")


def test_page_chrome_is_dropped():
    page = (f"<html><head><title>Prison attack | Example</title></head><body>"
            f"<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
            f"<article><h1>Prison attack</h1>{ARTICLE}</article>"
            f"<footer>Copyright 2022 Example Media. All rights reserved.</footer></body></html>")
    found = html_to_text(page)
    assert "retaken the prison" in found.text and "spokesman" in found.text
    assert "Home" not in found.text and "Copyright" not in found.text
    assert found.method in ("trafilatura", "readability")


@pytest.mark.parametrize("page", ["", "   ", "<html></html>", "<html><body><script>var x = 1;</script></body></html>"])
def test_pages_without_text_give_empty_text(page):
    assert html_to_text(page).text == ""


@pytest.mark.parametrize("page", ["<<<>>>", "<p>unclosed <b>tags <i>everywhere", "\x00\x01<p>x</p>"])
def test_malformed_html_never_raises(page):
    assert isinstance(html_to_text(page).text, str)


def test_html_without_article_text_is_422(analyze_text):
    from service import create_app

    client = create_app({"TESTING": True}).test_client()
    resp = client.post("/v1/analyze", data="<html><body><script>var x = 1;</script></body></html>",
                       content_type="text/html")
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json"
