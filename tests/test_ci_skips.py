"""In CI a skipped test is a failure, except a PostgreSQL test in the SQLite pass (tests/conftest.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = "NEWSROOM_SKIP_PROBE"


def test_probe_skips_when_asked():
    if os.environ.get(PROBE):
        pytest.skip("Redis is not running (a probe of the CI rule)")


@pytest.mark.postgres
def test_probe_needs_postgresql():
    assert os.environ.get(PROBE) is None or "postgres" in os.environ.get("DATABASE_URL", "")


def run(test: str, **env) -> subprocess.CompletedProcess:
    environ = {**os.environ, PROBE: "1", **env}
    environ.pop("DATABASE_URL", None)  # the SQLite pass
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", f"tests/test_ci_skips.py::{test}"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    "test, ci, outcome",
    [
        ("test_probe_skips_when_asked", "1", "1 failed"),
        ("test_probe_needs_postgresql", "1", "1 skipped"),
    ],
)
def test_in_ci_only_the_other_database_may_skip(test, ci, outcome):
    result = run(test, CI=ci)
    assert outcome in result.stdout, result.stdout + result.stderr
    if outcome == "1 failed":
        assert "skipped in CI, where every test must run: Redis is not running" in result.stdout
