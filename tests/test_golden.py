"""Golden files: the full analysis of each seed, compared exactly (floats rounded).

A change in any number, span or sentence fails with the first differing keys.
`pytest tests/test_golden.py --update-golden` rewrites tests/golden/*.json; the diff is
then read in review like code (did the extractor change mean to move these numbers?).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
SEEDS = ["000", "001", "002", "003", "004"]
DIGITS = 6
SHOW = 12


def normalise(value):
    """JSON-ready copy with floats rounded, so the last bits of a float do not matter."""
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, dict):
        return {str(k): normalise(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [normalise(v) for v in value]
    return value


def differences(expected, actual, path="$"):
    """Yield (path, expected, actual) for every place the two structures differ."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in list(expected) + [k for k in actual if k not in expected]:
            where = f"{path}[{key!r}]" if "." in key else f"{path}.{key}"
            if key not in actual:
                yield where, expected[key], "<missing>"
            elif key not in expected:
                yield where, "<missing>", actual[key]
            else:
                yield from differences(expected[key], actual[key], where)
    elif isinstance(expected, list) and isinstance(actual, list):
        for i, (e, a) in enumerate(zip(expected, actual)):
            yield from differences(e, a, f"{path}[{i}]")
        if len(expected) != len(actual):
            yield f"{path} (length)", len(expected), len(actual)
    elif expected != actual or type(expected) is not type(actual):
        yield path, expected, actual


def short(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 100 else text[:97] + "..."


@pytest.mark.parametrize("key", SEEDS)
def test_seed_matches_golden(request, analyze_text, seeds, key):
    actual = normalise(analyze_text(seeds[key]).to_dict())
    path = GOLDEN / f"{key}.json"
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                        encoding="utf-8")
        return
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `pytest tests/test_golden.py --update-golden` "
                    "and review the new file")
    expected = json.loads(path.read_text(encoding="utf-8"))
    diffs = list(differences(expected, actual))
    if diffs:
        lines = [f"seed {key}: {len(diffs)} difference(s) from {path.name}; first {SHOW}:"]
        lines += [f"  {p}: golden {short(e)} != now {short(a)}" for p, e, a in diffs[:SHOW]]
        lines.append("If the change is intended: pytest tests/test_golden.py --update-golden, "
                     "then review `git diff tests/golden`.")
        pytest.fail("\n".join(lines), pytrace=False)


def test_differences_reports_paths():
    got = list(differences({"a": {"b": 1.0, "c": [1, 2]}, "d": 1},
                           {"a": {"b": 2.0, "c": [1, 3, 4]}, "e": 1}))
    assert got == [("$.a.b", 1.0, 2.0), ("$.a.c[1]", 2, 3), ("$.a.c (length)", 2, 3),
                   ("$.d", 1, "<missing>"), ("$.e", "<missing>", 1)]


def test_normalise_rounds_floats():
    assert normalise({"x": [0.1 + 0.2, 1], "y": (2.00000049,)}) == {"x": [0.3, 1], "y": [2.0]}
