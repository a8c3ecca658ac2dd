"""POST /v1/compare through the Flask test client."""
from __future__ import annotations

import pytest

from service import create_app


@pytest.fixture(scope="module")
def client():
    return create_app({"TESTING": True}).test_client()


def test_compare_two_seeds_shows_their_labels_for_isis(client, seeds):
    resp = client.post("/v1/compare", json={"articles": [
        {"id": "south-front", "text": seeds["000"]}, {"id": "cnn", "text": seeds["004"]}]})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    body = resp.get_json()
    isis = next(a for a in body["actors"] if a["id"] == "isis")
    assert "terrorist" in {l["term"] for l in isis["articles"]["south-front"]["labels"]}
    assert "fighter" in {l["term"] for l in isis["articles"]["cnn"]["labels"]}
    texts = {"south-front": seeds["000"], "cnn": seeds["004"]}
    for point in body["summary"]:
        for ref in point["refs"]:
            assert texts[ref["article"]][ref["start"]:ref["end"]] == ref["text"]
    assert body["features"]["percentiles"] is not None  # placed against the default reference


def test_ids_default_to_positions(client):
    resp = client.post("/v1/compare", json={"articles": [{"text": "The army said it won."},
                                                         {"text": "Rebels said they won."}]})
    assert resp.status_code == 200
    assert [a["id"] for a in resp.get_json()["articles"]] == ["0", "1"]


@pytest.mark.parametrize("body, pointer", [
    ({"articles": [{"text": "only one"}]}, "#/articles"),
    ({"articles": [{"text": "a"}, {"title": "no text"}]}, "#/articles/1/text"),
    ({"articles": [{"text": "a"}, {"text": "b"}], "reference": 5}, "#/reference"),
])
def test_422_points_at_the_bad_field(client, body, pointer):
    resp = client.post("/v1/compare", json=body)
    assert resp.status_code == 422
    assert resp.mimetype == "application/problem+json"
    assert pointer in {e["pointer"] for e in resp.get_json()["errors"]}


def test_duplicate_ids_are_a_422(client):
    resp = client.post("/v1/compare", json={"articles": [{"id": "a", "text": "x y z"}, {"id": "a", "text": "x"}]})
    assert resp.status_code == 422 and "unique" in resp.get_json()["detail"]


def test_compare_needs_json(client):
    resp = client.post("/v1/compare", data="hello", content_type="text/plain")
    assert resp.status_code == 415
