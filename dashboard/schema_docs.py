"""The researcher's schema browser reads docs/schema.md: a description and column meanings per table and view."""

from __future__ import annotations

import functools
import re
from pathlib import Path

SCHEMA_DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"
_ROW = re.compile(r"^\|\s*([A-Za-z_][A-Za-z0-9_]*)\s*\|\s*([^|]*)\|\s*(.*?)\s*\|\s*$")


@functools.lru_cache(maxsize=2)
def parse_schema_doc(path: str | Path = SCHEMA_DOC) -> dict[str, dict]:
    """{name: {"description": str, "columns": {column: meaning}}} for every `### name` section; {} if absent."""
    path = Path(path)
    if not path.exists():
        return {}
    out: dict[str, dict] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            current = line[4:].strip().strip("`")
            out[current] = {"description": "", "columns": {}}
        elif line.startswith("## "):
            current = None
        elif current and line.startswith("|"):
            m = _ROW.match(line)
            if m and m.group(1) != "column":
                out[current]["columns"][m.group(1)] = m.group(3)
        elif current and line.strip() and not out[current]["columns"]:
            sep = " " if out[current]["description"] else ""
            out[current]["description"] += sep + line.strip()
    return out
