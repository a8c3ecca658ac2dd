"""Corpus reader: JSONL and CSV, bad lines named by number, --skip-bad, outlet from URL."""
from __future__ import annotations

import json

import pytest

from service.reference.commands import main
from service.reference.corpus import CorpusError, CorpusReader, outlet_from_url

GOOD = {"id": "1", "text": "Some text.", "url": "https://www.Example.com/a", "labels": {"x": True}}


def write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("url, outlet", [
    ("https://www.foxnews.com/politics/x", "foxnews.com"),
    ("http://bipartisanreport.com/2017/10/12/x/", "bipartisanreport.com"),
    ("https://edition.CNN.com/x", "edition.cnn.com"),
    ("", None),
    (None, None),
    ("not a url", None),
])
def test_outlet_from_url(url, outlet):
    assert outlet_from_url(url) == outlet


@pytest.mark.parametrize("bad, reason", [
    ("{not json", "not valid JSON"),
    ('{"text": "no id"}', "missing or empty `id`"),
    ('{"id": "2", "text": ""}', "missing or empty `text`"),
    ('{"id": "2", "text": "t", "labels": ["a"]}', "`labels` must be an object"),
    ('{"id": "2", "text": "t", "labels": {"x": 3}}', "label 'x' must be true/false"),
    ('{"id": "2", "text": "t", "title": 5}', "`title` must be a string"),
    ('["a list"]', "expected an object"),
    ('{"id": "1", "text": "duplicate id"}', "duplicate id '1'"),
])
def test_bad_line_stops_the_read_naming_its_line(tmp_path, bad, reason):
    path = write(tmp_path / "c.jsonl", [json.dumps(GOOD), "", bad])
    with pytest.raises(CorpusError) as err:
        list(CorpusReader(path))
    assert err.value.line == 3
    assert reason in str(err.value) and "c.jsonl:3" in str(err.value)
    assert "--skip-bad" in str(err.value)


def test_skip_bad_reports_and_goes_on(tmp_path):
    path = write(tmp_path / "c.jsonl", ["{broken", json.dumps(GOOD), '{"id": "3"}',
                                        json.dumps({**GOOD, "id": "4"})])
    reader = CorpusReader(path, skip_bad=True)
    articles = list(reader)
    assert [a.id for a in articles] == ["1", "4"]
    assert [line for line, _ in reader.skipped] == [1, 3]
    assert articles[0].outlet == "example.com" and articles[0].labels == {"x": True}
    assert articles[1].line == 4


def test_csv_with_labels_json_and_label_columns(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('id,text,outlet,labels,label.side\n'
                    '1,"Multi\nline text.",Daily,"{""hp"": true}",left\n'
                    '2,Plain.,,,\n'
                    '3,,X,,\n', encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        list(CorpusReader(path))
    assert err.value.line == 5  # the record ending on physical line 5
    articles = list(CorpusReader(path, skip_bad=True))
    assert articles[0].text == "Multi\nline text." and articles[0].outlet == "Daily"
    assert articles[0].labels == {"hp": True, "side": "left"}
    assert articles[1].outlet is None and articles[1].labels == {}


def test_unknown_format_is_refused(tmp_path):
    path = write(tmp_path / "c.txt", ["x"])
    with pytest.raises(ValueError, match="use .jsonl or .csv"):
        CorpusReader(path)


def test_cli_build_stops_on_bad_line_without_skip_bad(tmp_path, capsys):
    path = write(tmp_path / "c.jsonl", [json.dumps(GOOD), "{oops"])
    code = main(["build", str(path), "--name", "t", "-o", str(tmp_path / "m"), "--workers", "1"])
    assert code == 1
    assert "c.jsonl:2: not valid JSON" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()


def test_cli_list_reports_missing_directory(tmp_path, capsys):
    assert main(["list", "--models-dir", str(tmp_path / "nowhere")]) == 1
    assert "does not exist" in capsys.readouterr().err
