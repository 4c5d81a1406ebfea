"""`vigil init` and `vigil sql` against real database files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from store import read_df


def test_init_creates_then_changes_nothing(tmp_path, cli):
    db = tmp_path / "fresh.duckdb"
    first = cli(["init", "--db", db])
    assert first.exit_code == 0, first.output
    snapshot = read_df(db, "SELECT (SELECT count(*) FROM countries) c, (SELECT count(*) FROM indicators) i, "
                           "(SELECT string_agg(name, ',') FROM schema_migrations) m")
    second = cli(["init", "--db", db])
    assert second.exit_code == 0, second.output
    assert read_df(db, "SELECT (SELECT count(*) FROM countries) c, (SELECT count(*) FROM indicators) i, "
                       "(SELECT string_agg(name, ',') FROM schema_migrations) m").equals(snapshot)
    assert snapshot.i[0] > 100


def test_sql_formats(db_path, cli):
    res = cli(["sql", "SELECT iso3, name FROM countries WHERE iso3 IN ('SDN','SSD') ORDER BY iso3",
               "--db", db_path, "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert [r["iso3"] for r in rows] == ["SDN", "SSD"]
    res = cli(["sql", "SELECT 1 AS one", "--db", db_path, "--format", "csv"])
    assert res.stdout.splitlines() == ["one", "1"]


@pytest.mark.parametrize("query", [
    "DROP TABLE documents",
    "DELETE FROM countries",
    "INSERT INTO feedback (evidence_id, verdict, analyst) VALUES ('x', 'reject', 'me')",
    "UPDATE countries SET name = 'x'",
    "CREATE TABLE t AS SELECT 1",
    "ATTACH 'other.duckdb' AS other",
    "COPY countries TO 'out.csv'",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET threads = 1",
    "PRAGMA enable_profiling",
    "SELECT 1; DROP TABLE documents",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM 'data/sources.toml'",
])
def test_sql_refuses_anything_but_reading_the_database(db_path, cli, query):
    before = read_df(db_path, "SELECT count(*) n FROM countries").n[0]
    res = subprocess.run([sys.executable, "-m", "vigil.cli", "sql", query, "--db", str(db_path)],
                         capture_output=True, text=True, timeout=60, check=False)
    assert res.returncode != 0
    assert "error" in res.stderr.lower()
    assert read_df(db_path, "SELECT count(*) n FROM countries").n[0] == before
    assert read_df(db_path, "SELECT count(*) n FROM information_schema.tables WHERE table_name='documents'").n[0] == 1


def test_sql_on_missing_database_is_a_clear_error(tmp_path, cli):
    res = subprocess.run([sys.executable, "-m", "vigil.cli", "sql", "SELECT 1", "--db", str(tmp_path / "nope.duckdb")],
                         capture_output=True, text=True, timeout=60, check=False)
    assert res.returncode == 1
    assert "vigil init" in res.stderr


def test_help_lists_commands_quickly():
    res = subprocess.run([sys.executable, "-X", "importtime", "-m", "vigil.cli", "--help"],
                         capture_output=True, text=True, timeout=60, check=False)
    assert res.returncode == 0
    for command in ("init", "sql", "framework"):
        assert command in res.stdout
    heavy = {"prefect", "spacy", "streamlit", "sklearn", "duckdb"}
    imported = {line.split("|")[-1].strip().split(".")[0] for line in res.stderr.splitlines() if "|" in line}
    assert not heavy & imported, f"`vigil --help` imported {heavy & imported}"
