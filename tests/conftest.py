"""Shared fixtures: real DuckDB files under tmp_path and the CLI runner. Feature-specific fixtures live in
tests/support/ and are imported by the tests that use them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vigil.offline import apply_offline_env

apply_offline_env()
os.environ.pop("VIGIL_CONFIG", None)

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SHARED_DATA = SHARED / "data"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A real, migrated DuckDB file with the reference tables loaded."""
    from store import open_db
    from vigil.reference import sync_reference

    path = tmp_path / "vigil.duckdb"
    with open_db(path) as con:
        sync_reference(con)
    return path


@pytest.fixture
def cli():
    """Invoke the real `vigil` app in-process: cli(["sql", "SELECT 1"]) -> click Result."""
    from typer.testing import CliRunner

    from vigil.cli import app

    runner = CliRunner()

    def invoke(args: list[str], **kwargs):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return invoke


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data, skipping the calling test cleanly when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present (../shared/data is optional)")
    return path
