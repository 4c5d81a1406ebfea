"""Suggested courses of action per risk factor, kept as data in `courses_of_action.toml` and validated on load.

Standard library only. The framework is passed in, so ids are checked against the framework actually in use.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from risk_framework.framework import FrameworkError


class CoursesOfActionError(FrameworkError):
    """The courses-of-action file is malformed or names a risk factor the framework does not have."""


@dataclass(frozen=True)
class CoursesOfAction:
    version: str
    path: str
    actions: dict[int, tuple[str, ...]]
    mitigating_factors: tuple[int, ...] = ()

    def for_factor(self, factor_id: int) -> tuple[str, ...]:
        """The suggested actions for risk factor `factor_id` (empty when the file has none)."""
        return self.actions.get(factor_id, ())


def default_courses_path() -> Path:
    """The courses-of-action file shipped beside the framework."""
    return Path(str(resources.files("risk_framework").joinpath("courses_of_action.toml")))


def load_courses(framework, path: str | Path | None = None) -> CoursesOfAction:
    """Load and validate the courses of action against `framework`; `None` means the shipped file."""
    if path is None:
        return _load_default(framework)
    return _load(Path(path), framework)


@functools.lru_cache(maxsize=4)
def _load_default(framework) -> CoursesOfAction:
    return _load(default_courses_path(), framework)


def _load(path: Path, framework) -> CoursesOfAction:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CoursesOfActionError(f"courses-of-action file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise CoursesOfActionError(f"{path}: invalid TOML: {exc}") from None
    unknown_keys = set(data) - {"version", "risk_factor", "mitigating_factors"}
    if unknown_keys:
        raise CoursesOfActionError(f"{path}: unknown key(s) {sorted(unknown_keys)}")
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise CoursesOfActionError(f"{path}: `version` must be a non-empty string")
    valid = {f.id for f in framework.factors}
    actions: dict[int, tuple[str, ...]] = {}
    for n, entry in enumerate(data.get("risk_factor", []), start=1):
        where = f"{path}: risk_factor #{n}"
        if not isinstance(entry, dict) or set(entry) - {"id", "actions"}:
            raise CoursesOfActionError(f"{where}: expected keys `id` and `actions` only, got {entry!r}")
        fid = entry.get("id")
        if not isinstance(fid, int) or isinstance(fid, bool) or fid not in valid:
            raise CoursesOfActionError(
                f"{where}: unknown risk factor id {fid!r} (the framework has {min(valid)}..{max(valid)})")
        if fid in actions:
            raise CoursesOfActionError(f"{where}: risk factor {fid} listed twice")
        items = entry.get("actions")
        if not isinstance(items, list) or not items or not all(isinstance(a, str) and a.strip() for a in items):
            raise CoursesOfActionError(f"{where} (id {fid}): `actions` must be a non-empty list of non-empty strings")
        actions[fid] = tuple(a.strip() for a in items)
    mitigating = data.get("mitigating_factors", [])
    if not isinstance(mitigating, list) or any(m not in valid or isinstance(m, bool) for m in mitigating):
        raise CoursesOfActionError(f"{path}: `mitigating_factors` must list risk factor ids, got {mitigating!r}")
    return CoursesOfAction(version=version.strip(), path=str(path), actions=actions,
                           mitigating_factors=tuple(mitigating))
