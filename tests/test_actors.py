"""Actors: one actor per group whatever the alias, labels with their voice, tone per actor."""
from __future__ import annotations

import pytest

from service.framing.actors import actor_mentions
from service.framing.document import parse


def _actors(resources, text):
    doc = parse(text, abbreviations=resources.abbreviations,
                boilerplate_rules=resources.boilerplate_rules)
    return {a.id: a for a in actor_mentions(doc, resources)}


@pytest.mark.parametrize("text, actor_id", [
    ("The attack was claimed by ISIS on Friday.", "isis"),
    ("Officials blamed Daesh for the blast.", "isis"),
    ("Officials blamed Da’esh for the blast.", "isis"),
    ("Officials blamed the Islamic State group for the blast.", "isis"),
    ("Officials blamed ISIL for the blast.", "isis"),
    ("Officials said IS was behind the blast.", "isis"),
    ("The prison is run by the US-backed Syrian Democratic Forces.", "sdf"),
    ("The Kurdish-led forces retook the prison.", "sdf"),
    ("The US-backed forces advanced.", "united_states"),
    ("Analysts said Hamas and Hezbollah were preparing.", "hamas"),
    ("The Kremlin denied the report.", "russia"),
    ("Officials in the Pentagon declined to comment.", "us_military"),
    ("Ukraine's armed forces said they had repelled the assault.", "ukraine_forces"),
])
def test_alias_maps_to_actor(resources, text, actor_id):
    assert actor_id in _actors(resources, text)


@pytest.mark.parametrize("text", [
    "This is what it is.",          # the verb "is" is not IS
    "Tell us what you saw.",        # the pronoun "us" is not the US
])
def test_function_words_are_not_actors(resources, text):
    found = _actors(resources, text)
    assert "isis" not in found and "united_states" not in found


@pytest.mark.parametrize("text, labels", [
    ("ISIS militants attacked the prison.", {"militants"}),
    ("Dozens of IS fighters were killed.", {"fighters"}),
    ("The Daesh militiamen were repelled.", {"militiamen"}),
    ("ISIS attacked the town. The terrorists then withdrew.", {"terrorists"}),
])
def test_labels_attach_to_isis(resources, text, labels):
    isis = _actors(resources, text)["isis"]
    assert {l.text for l in isis.labels} == labels


def test_adjectival_use_is_not_a_label(resources):
    isis = _actors(resources, "ISIS claimed the terrorist attack.")["isis"]
    assert isis.labels == []


def test_capitalised_names_and_months(resources):
    found = _actors(resources, "On January 24, spokesman John Kirby spoke. Later Kirby added more.")
    assert "name:John Kirby" in found and len(found["name:John Kirby"].mentions) == 2
    assert not any("January" in a for a in found)


def test_actor_without_measured_sentence_has_none(resources):
    found = _actors(resources, "Hamas said nothing.")
    assert found["hamas"].sentence_compound_mean is not None  # it is mentioned in a sentence
    assert all(a.sentence_compound_mean is None or -1 <= a.sentence_compound_mean <= 1
               for a in found.values())


def test_000_south_front_calls_isis_militants_and_terrorists_in_its_own_voice(seeds, resources):
    isis = _actors(resources, seeds["000"])["isis"]
    author = {l.text.lower() for l in isis.labels if l.attrs["voice"] == "author"}
    assert {"militants", "terrorists"} <= author


def test_003_afp_is_fighters_and_jihadists_map_to_isis(seeds, resources):
    isis = _actors(resources, seeds["003"])["isis"]
    texts = [l.text.lower() for l in isis.labels]
    assert "fighters" in texts and "jihadists" in texts
    assert any(doc_text == "IS" for doc_text in (m.text for m in isis.mentions))


def test_004_cnn_aliases_are_one_actor(seeds, resources):
    found = _actors(resources, seeds["004"])
    aliases = {m.text.removesuffix("’s") for m in found["isis"].mentions}
    assert {"ISIS", "Da’esh", "Daesh", "ISIL"} <= aliases
    sdf = {m.text.removesuffix("’s") for m in found["sdf"].mentions}
    assert {"SDF", "Kurdish-led forces", "Kurdish-led Syrian Democratic Forces"} <= sdf


def test_actor_details_reach_the_analysis(seeds, analyze_text):
    details = analyze_text(seeds["001"]).details["sentiment"]
    ids = [a["id"] for a in details["actors"]]
    assert "isis" in ids and "sdf" in ids
    for actor in details["actors"]:
        for label in actor["labels"]:
            assert label["voice"] in ("author", "quoted", "attributed")
