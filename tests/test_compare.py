"""Comparing the five seed articles: what a reader must be able to check in the output."""
from __future__ import annotations

import pytest

from service.compare import Item, compare, render_table

FOOTBALL = ("Manchester United beat Liverpool 2-1 at Old Trafford on Sunday. Bruno Fernandes scored "
            "a late penalty after a tense second half. The manager praised his young midfielders and "
            "said the squad had shown real character. Fans celebrated long after the final whistle.")


@pytest.fixture(scope="module")
def result(seeds, resources):
    return compare([Item(k, v) for k, v in seeds.items()], resources)


def claims(result, category, article):
    group = next((g for g in result["figures"] if g["category"] == category), None)
    return [] if group is None else group["articles"].get(article, [])


def isis(result):
    return next(a for a in result["actors"] if a["id"] == "isis")


def test_article_002_is_flagged_as_partly_about_another_event(result):
    art = next(a for a in result["same_story"]["articles"] if a["id"] == "002")
    assert art["status"] in ("partly_other_event", "different_event")
    assert {"Idlib", "HTS"} & set(art["own_names"])
    assert any("Idlib" in s["text"] for s in art["off_story_sentences"])
    cnn = next(a for a in result["same_story"]["articles"] if a["id"] == "004")
    assert cnn["status"] == "same_story"


def test_an_unrelated_article_is_a_different_event(seeds, resources):
    out = compare([Item("cnn", seeds["004"]), Item("afp", seeds["003"]), Item("sport", FOOTBALL)], resources)
    status = {a["id"]: a["status"] for a in out["same_story"]["articles"]}
    assert status["sport"] == "different_event"
    assert status["cnn"] == "same_story"


def test_death_tolls_with_their_source_or_flagged_unattributed(result):
    toll_000 = next(c for c in claims(result, "dead_casualties", "000") if "200" in c["text"])
    assert toll_000["qualifier"] == "approx" and toll_000["unattributed"]
    toll_003 = next(c for c in claims(result, "dead_casualties", "003") if "70" in c["text"])
    assert toll_003["qualifier"] == "lower_bound"
    shami = next(c for c in claims(result, "killed", "001") if "28" in c["text"])
    assert "Shami" in shami["attributed_to"]
    assert any(c["text"].lower().startswith("dozens") for c in claims(result, "killed", "004"))
    killed = next(g for g in result["figures"] if g["category"] == "killed")
    assert killed["divergent"]


def test_recaptured_and_surrendered_figures(result):
    assert [c["value"] for c in claims(result, "detained_recaptured", "001")] == [87]
    assert [c["value"] for c in claims(result, "detained_recaptured", "003")] == [89]
    assert 550 in [c["value"] for c in claims(result, "surrendered", "000")]


def test_labels_each_article_uses_for_isis(result):
    actor = isis(result)
    assert set(actor["articles"]) == {"000", "001", "002", "003", "004"}
    south_front = {l["term"]: l for l in actor["articles"]["000"]["labels"]}
    assert south_front["terrorist"]["voices"].get("author", 0) >= 1
    assert south_front["militant"]["voices"].get("author", 0) >= 1
    for article in ("003", "004"):
        assert "fighter" in {l["term"] for l in actor["articles"][article]["labels"]}
    assert all(-1 <= slot["sentence_compound_mean"] <= 1 for slot in actor["articles"].values())
    only = {(aid, l["term"]) for aid, slot in actor["articles"].items() for l in slot["labels"]
            if l["only_this_article"]}
    assert ("002", "militiamen") in only or ("002", "militiaman") in only


def test_cnn_cites_named_officials_while_south_front_relies_on_unattributed_assertions(result):
    rows = result["sourcing"]["articles"]
    assert rows["004"]["by_type"]["named_person"] == max(r["by_type"]["named_person"] for r in rows.values())
    names = " ".join(s["name"] for s in rows["004"]["sources"] if s["type"] == "named_person")
    for person in ("Kirby", "Siyamend Ali", "Brennan"):
        assert person in names
    assert rows["000"]["unattributed_assertive_share"] > 0.5 > rows["004"]["unattributed_assertive_share"]
    assert "reportedly" in {v["cue"].lower() for v in rows["000"]["vague_cues"]}


def test_every_summary_point_rests_on_spans_of_the_original_texts(result, seeds):
    assert result["summary"]
    for point in result["summary"]:
        assert point["refs"], point["text"]
        for ref in point["refs"]:
            assert seeds[ref["article"]][ref["start"]:ref["end"]] == ref["text"]


def test_summary_names_the_label_difference(result):
    labels = next(p for p in result["summary"] if p["kind"] == "labels")
    assert "000 calls ISIS" in labels["text"] and "'terrorist'" in labels["text"]


@pytest.mark.parametrize("n", [1, 21])
def test_compare_needs_two_to_twenty_articles(resources, n):
    with pytest.raises(ValueError, match="2–20"):
        compare([Item(str(i), FOOTBALL) for i in range(n)], resources)


def test_duplicate_ids_are_refused(resources):
    with pytest.raises(ValueError, match="unique"):
        compare([Item("a", FOOTBALL), Item("a", FOOTBALL)], resources)


def test_markdown_table_has_a_column_per_article(result):
    text = render_table(result, markdown=True)
    assert "| actor | 000 | 001 | 002 | 003 | 004 |" in text
    assert "## Figures" in text
