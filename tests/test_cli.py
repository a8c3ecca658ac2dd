"""`slant` on the command line: output, exit codes (0/1/2) and errors on stderr."""
from __future__ import annotations

import io
import json
import sys

import pytest

from service.cli import main

ARTICLE = ("Officials said the militants killed at least 20 guards on Thursday. "
           "\"We will not negotiate,\" a spokesman told reporters.\n")


@pytest.fixture()
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_analyze_prints_a_summary_table(article, capsys):
    assert main(["analyze", str(article)]) == 0
    out = capsys.readouterr().out
    assert "words" in out and "evidence spans:" in out
    assert "higher ⇒" in out


def test_analyze_json_is_the_full_result(article, capsys):
    assert main(["analyze", str(article), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) >= {"features", "spans", "sentences", "meta"}
    for span in result["spans"]:
        assert ARTICLE[span["start"]:span["end"]] == span["text"]


def test_analyze_reads_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    assert main(["analyze", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["meta"]["word_count"] > 10


def test_analyze_html_file(tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><nav>Home | World</nav><article><p>{ARTICLE}</p>"
                    f"<p>The attack began late on Thursday, officials said.</p></article></body></html>",
                    encoding="utf-8")
    assert main(["analyze", str(page), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["meta"]["word_count"] > 10


@pytest.mark.parametrize("argv, code, message", [
    (["analyze", "/no/such/file.txt"], 1, "cannot read"),
    (["analyze"], 2, "required"),
    (["frobnicate"], 2, "invalid choice"),
    ([], 2, "usage"),
    (["serve", "--port", "many"], 2, "invalid int"),
])
def test_errors_go_to_stderr_with_exit_codes(argv, code, message, capsys):
    assert main(argv) == code
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


def test_non_utf8_input_is_an_error(tmp_path, capsys):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 au lait".encode("latin-1"))
    assert main(["analyze", str(bad)]) == 1
    assert "not UTF-8" in capsys.readouterr().err


@pytest.mark.parametrize("command", [[], ["analyze"], ["serve"], ["reference"], ["evaluate"], ["batch"]])
def test_help_on_every_command(command, capsys):
    assert main([*command, "--help"]) == 0
    assert "usage" in capsys.readouterr().out.lower()


def test_bugs_are_reported_in_one_line(article, monkeypatch, capsys):
    import service.framing.analyze as core

    def broken(*args, **kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr(core, "analyze", broken)
    monkeypatch.delenv("SLANT_DEBUG", raising=False)
    assert main(["analyze", str(article)]) == 1
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err and "Traceback" not in err


def test_seed_summary(seeds, tmp_path, capsys):
    """South Front's article (seed 000) uses loaded labels in its own voice."""
    path = tmp_path / "000.txt"
    path.write_text(seeds["000"], encoding="utf-8")
    assert main(["analyze", str(path), "--json"]) == 0
    features = json.loads(capsys.readouterr().out)["features"]
    assert features["loaded.author_terms_per_1k_words"] > 0
