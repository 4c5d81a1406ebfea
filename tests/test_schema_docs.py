"""docs/schema.md documents every table, view and column of the live schema, and nothing that is not there."""

from __future__ import annotations

import re
from pathlib import Path

from store import open_db

DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"


def documented() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            current = line[4:].strip()
            out[current] = set()
        elif current and line.startswith("| ") and not line.startswith("| column") and not line.startswith("|---"):
            out[current].add(line.split("|")[1].strip())
    return out


def live(path) -> dict[str, set[str]]:
    with open_db(path) as con:
        rows = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'"
        ).fetchall()
    out: dict[str, set[str]] = {}
    for table, column in rows:
        out.setdefault(table, set()).add(column)
    return out


def test_schema_doc_matches_live_schema(tmp_path):
    docs, actual = documented(), live(tmp_path / "s.duckdb")
    assert set(docs) == set(actual), f"undocumented: {set(actual) - set(docs)}; stale: {set(docs) - set(actual)}"
    # alerts_view documents only what it adds to alerts
    docs["alerts_view"] |= docs["alerts"]
    for name in actual:
        assert docs[name] == actual[name], (
            f"{name}: undocumented columns {actual[name] - docs[name]}, stale {docs[name] - actual[name]}")


def test_every_doc_heading_is_a_unique_name():
    names = re.findall(r"^### (\S+)$", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert len(names) == len(set(names))
