"""Shared fixtures. Tests that need ../shared/data are marked `shared` and skip without it."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS_DIR = SHARED / "seeds"
DATA_DIR = SHARED / "data"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/*.json from the current output (review the diff!)")


@pytest.fixture(scope="session")
def resources():
    from service.framing.resources import load_resources
    return load_resources()


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """Seed articles by their three-digit prefix ("000" … "004")."""
    if not SEEDS_DIR.is_dir():
        pytest.skip("../shared/seeds is not beside the checkout")
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))}


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not DATA_DIR.is_dir():
        pytest.skip("../shared/data is not beside the checkout")
    return DATA_DIR


@pytest.fixture(scope="session")
def analyze_text(resources):
    from service.framing.analyze import analyze

    def run(text: str, **kwargs):
        return analyze(text, resources=resources, **kwargs)
    return run
