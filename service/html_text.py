"""HTML page -> article text, offline.

trafilatura finds the main text (dropping navigation, comments and footers);
when it finds nothing, readability-lxml's article summary is flattened to
paragraphs instead. Nothing is fetched: a URL given with a request is metadata.
Offsets in the analysis refer to the extracted text, which the API returns
(`meta.extracted_text`) so every span stays checkable.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

#: Pages larger than this are refused before parsing (the body limit applies first).
MAX_HTML_CHARS = 5_000_000

_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "td")

# trafilatura logs every page it cannot extract at WARNING/ERROR; that is expected here.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("readability").setLevel(logging.CRITICAL)


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    title: str | None
    method: str  # "trafilatura", "readability" or "none"


def html_to_text(html: str) -> Extracted:
    """The article text and title of an HTML page; `text` is "" when none is found."""
    if len(html) > MAX_HTML_CHARS:
        raise ValueError(f"HTML is {len(html):,} characters; the limit is {MAX_HTML_CHARS:,}")
    if not html.strip():
        return Extracted("", None, "none")
    found = _trafilatura(html)
    if found is not None:
        return found
    found = _readability(html)
    if found is not None:
        return found
    return Extracted("", None, "none")


def _trafilatura(html: str) -> Extracted | None:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False, include_images=False)
    except Exception:  # a malformed page is not an error of ours: try the fallback
        return None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        return None
    title = getattr(doc, "title", None) or None
    return Extracted(_paragraphs(text.split("\n")), title, "trafilatura")


def _readability(html: str) -> Extracted | None:
    try:
        import lxml.html
        from readability import Document

        page = Document(html)
        tree = lxml.html.fromstring(page.summary(html_partial=True))
        title = page.short_title() or None
    except Exception:
        return None
    blocks = [el.text_content() for el in tree.iter(*_BLOCKS)]
    if not any(b.strip() for b in blocks):
        blocks = [tree.text_content()]
    text = _paragraphs(blocks)
    return Extracted(text, title, "readability") if text else None


def _paragraphs(blocks) -> str:
    """One paragraph per block, separated by blank lines, whitespace collapsed."""
    cleaned = (" ".join(b.split()) for b in blocks)
    return "\n\n".join(b for b in cleaned if b)
