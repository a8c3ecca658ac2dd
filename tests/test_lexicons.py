"""Lexicon loader: every malformed line is refused with `file:line`; the digest tracks every file."""
from __future__ import annotations

from pathlib import Path

import pytest

from service.framing.lexicons import LexiconError, load_lexicons

MANIFEST = """\
[lists.terms]
file = "terms.tsv"
source = "test"
licence = "MIT"
version = "1"
match = "{match}"
categories = ["loaded", "neutral"]
"""


def write(tmp_path: Path, body: str, match: str = "inflect") -> Path:
    (tmp_path / "lexicons.toml").write_text(MANIFEST.format(match=match), encoding="utf-8")
    (tmp_path / "terms.tsv").write_text(body, encoding="utf-8")
    return tmp_path


GOOD = "term\tcategory\tweight\tnote\tflags\nterrorist\tloaded\t1.0\t\t\nIS\tloaded\t\tthe group\tcase\n"

BAD = [
    ("bad header", "word\tcategory\nterrorist\tloaded\n", "inflect", "terms.tsv:1"),
    ("unknown column", "term\tcategory\tcolour\nterrorist\tloaded\tred\n", "inflect", "terms.tsv:1"),
    ("empty file", "", "inflect", "terms.tsv:1"),
    ("blank line", "term\tcategory\nterrorist\tloaded\n\nmilitant\tloaded\n", "inflect", "terms.tsv:3"),
    ("comment line", "term\tcategory\n# a note\nterrorist\tloaded\n", "inflect", "terms.tsv:2"),
    ("duplicate", "term\tcategory\nterrorist\tloaded\nTerrorist\tloaded\n", "inflect", "terms.tsv:3"),
    ("unknown category", "term\tcategory\nterrorist\tangry\n", "inflect", "terms.tsv:2"),
    ("bad flag", "term\tcategory\tflags\nterrorist\tloaded\tshout\n", "inflect", "terms.tsv:2"),
    ("bad regex", "term\tcategory\nsource (link\tloaded\n", "regex", "terms.tsv:2"),
    ("too few fields", "term\tcategory\tnote\nterrorist\tloaded\n", "inflect", "terms.tsv:2"),
    ("too many fields", "term\tcategory\nterrorist\tloaded\textra\n", "inflect", "terms.tsv:2"),
    ("bad weight", "term\tcategory\tweight\nterrorist\tloaded\theavy\n", "inflect", "terms.tsv:2"),
    ("padded term", "term\tcategory\n terrorist\tloaded\n", "inflect", "terms.tsv:2"),
]


@pytest.mark.parametrize("name, body, match, where", BAD, ids=[b[0] for b in BAD])
def test_malformed_lines_name_file_and_line(tmp_path, name, body, match, where):
    with pytest.raises(LexiconError) as err:
        load_lexicons(write(tmp_path, body, match))
    assert where in str(err.value)


def test_error_lists_valid_options(tmp_path):
    with pytest.raises(LexiconError, match="valid: loaded, neutral"):
        load_lexicons(write(tmp_path, "term\tcategory\nterrorist\tangry\n"))
    with pytest.raises(LexiconError, match="valid: case, noinflect, prefix"):
        load_lexicons(write(tmp_path, "term\tcategory\tflags\nterrorist\tloaded\tshout\n"))


def test_case_flag_allows_same_term_in_two_cases(tmp_path):
    lex = load_lexicons(write(tmp_path, "term\tcategory\tflags\nIS\tloaded\tcase\nis\tneutral\t\n"))
    assert [e.term for e in lex["terms"].entries] == ["IS", "is"]


def test_good_file_loads_with_provenance(tmp_path):
    lex = load_lexicons(write(tmp_path, GOOD))["terms"]
    assert [(e.term, e.category, e.weight, e.flags) for e in lex.entries] == [
        ("terrorist", "loaded", 1.0, frozenset()), ("IS", "loaded", None, frozenset({"case"}))]
    assert lex.entries[1].where == "terms.tsv:3"
    assert lex.describe()["licence"] == "MIT"


@pytest.mark.parametrize("manifest, message", [
    ("", "at least one"),
    ("[lists.terms]\nfile = 'terms.tsv'\n", "missing key"),
    ("[lists.terms\n", "lexicons.toml"),
    (MANIFEST.format(match="fuzzy"), "not one of inflect, exact, regex"),
    (MANIFEST.format(match="exact").replace("terms.tsv", "missing.tsv"), "not found"),
])
def test_bad_manifest(tmp_path, manifest, message):
    write(tmp_path, GOOD)
    (tmp_path / "lexicons.toml").write_text(manifest, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        load_lexicons(tmp_path)


def test_missing_manifest(tmp_path):
    with pytest.raises(LexiconError, match="manifest not found"):
        load_lexicons(tmp_path)


def test_unknown_lexicon_lists_known_ones(tmp_path):
    lex = load_lexicons(write(tmp_path, GOOD))
    with pytest.raises(KeyError, match="known: terms"):
        lex["nope"]


def test_digest_changes_when_any_file_changes(tmp_path):
    write(tmp_path, GOOD)
    first = load_lexicons(tmp_path).digest
    assert load_lexicons(tmp_path).digest == first
    (tmp_path / "terms.tsv").write_text(GOOD + "militant\tloaded\t\t\t\n", encoding="utf-8")
    second = load_lexicons(tmp_path).digest
    assert second != first
    manifest = (tmp_path / "lexicons.toml").read_text(encoding="utf-8")
    (tmp_path / "lexicons.toml").write_text(manifest.replace('version = "1"', 'version = "2"'),
                                            encoding="utf-8")
    assert load_lexicons(tmp_path).digest not in (first, second)


def test_shipped_lexicons_load(resources):
    names = set(resources.lexicons.lexicons)
    assert {"abbreviations", "boilerplate", "function_words"} <= names
    for lexicon in resources.lexicons.lexicons.values():
        assert lexicon.source and lexicon.licence and lexicon.entries
