"""The headline is analysed on its own; input that needs another route (HTML) is flagged."""
from __future__ import annotations

TITLE = "Kyiv regime terrorists slaughter civilians"


def test_title_loaded_terms_have_spans_over_the_title(analyze_text, seeds):
    with_title = analyze_text(seeds["003"], title=TITLE)
    title = with_title.details["title"]
    assert title["text"] == TITLE
    hits = {h["text"]: h["category"] for h in title["loaded_terms"]}
    assert hits == {"Kyiv regime": "delegitimising", "terrorists": "violent_actor_label",
                    "slaughter": "emotive"}
    for h in title["loaded_terms"]:
        assert TITLE[h["start"]:h["end"]] == h["text"]
    assert title["compound"] < -0.05


def test_a_title_does_not_change_the_body_analysis(analyze_text, seeds):
    plain = analyze_text(seeds["003"]).to_dict()
    titled = analyze_text(seeds["003"], title=TITLE).to_dict()
    titled["details"].pop("title")
    assert titled == plain


def test_no_title_no_title_details(analyze_text):
    assert "title" not in analyze_text("The army said it had retaken the town on Sunday.").details
    assert "title" not in analyze_text("The army said it won.", title="   ").details


def test_html_pasted_as_text_is_flagged_not_silently_measured(analyze_text):
    html = ("<html><body><div class='story'><p>The army said it had retaken the town.</p>"
            "<p>Officials reportedly fear a counter-attack.</p></div></body></html>")
    warnings = analyze_text(html).meta["warnings"]
    assert len(warnings) == 1 and "text/html" in warnings[0]
    assert analyze_text("The army said 3 < 4 and 5 > 2 in its <report>.").meta["warnings"] == []
