"""Weights versions: the analyst-tunable numbers that turn evidence into scores, levels and alerts.

A weights file (TOML or JSON, see `weights/default.toml`) is validated by pydantic and against the framework
(unknown indicator or risk-factor ids are rejected). A stored version (`weights` table) keeps the *resolved*
body: every indicator and risk-factor weight spelled out, so a version reproduces its scores even after the
framework file changes. Exactly one version is active.
"""

from __future__ import annotations

import itertools
import json
import math
import tomllib
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

DEFAULT_NAME = "default"
DEFAULT_FILE = Path(__file__).resolve().parent / "weights" / "default.toml"
_WEIGHT_MAX = 5.0


class WeightsError(Exception):
    """A weights file or version is invalid or missing; the message names the file (or version) and the key."""


class UnknownWeights(WeightsError, LookupError):
    """No stored weights version has the requested name."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _weight_map(v: dict[str, float]) -> dict[str, float]:
    """Every value of a name → weight table checked by `_weight`, the offending name in the message."""
    for key, w in v.items():
        try:
            _weight(w)
        except ValueError as exc:
            raise ValueError(f"{key!r}: {exc}") from None
    return v


def _weight(v: float) -> float:
    if not math.isfinite(v) or not 0.0 <= v <= _WEIGHT_MAX:
        raise ValueError(f"weight {v!r} is outside [0, {_WEIGHT_MAX:g}]")
    return v


class SourceWeights(_Model):
    default: float = 1.0
    kind: dict[str, float] = Field(default_factory=dict)
    name: dict[str, float] = Field(default_factory=dict)

    @field_validator("default")
    @classmethod
    def _d(cls, v: float) -> float:
        return _weight(v)

    @field_validator("kind", "name")
    @classmethod
    def _m(cls, v: dict[str, float]) -> dict[str, float]:
        return _weight_map(v)


class Aggregation(_Model):
    confirm_confidence: float = Field(1.0, gt=0, le=1)
    corroboration_bonus: float = Field(0.5, ge=0, le=5)
    coverage_prior: float = Field(8.0, gt=0, le=10_000)
    decay_half_life_weeks: float = Field(2.0, gt=0, le=520)
    decay_horizon_weeks: int = Field(12, ge=0, le=104)


class Crimes(_Model):
    common_scale: float = Field(1.0, gt=0)
    specific_scale: float = Field(0.6, gt=0)
    context_floor: float = Field(0.5, ge=0, le=1)
    common_only_ceiling: float = Field(30.0, ge=0, le=100)


class Levels(_Model):
    thresholds: tuple[float, float, float, float] = (20.0, 40.0, 60.0, 80.0)
    names: tuple[str, str, str, str, str] = ("Low", "Moderate", "Elevated", "High", "Critical")
    hysteresis_margin: float = Field(8.0, ge=0, le=100)

    @field_validator("thresholds")
    @classmethod
    def _increasing(cls, v: tuple[float, ...]) -> tuple[float, ...]:
        if not all(0 < t < 100 for t in v) or any(b <= a for a, b in itertools.pairwise(v)):
            raise ValueError(f"thresholds {list(v)} must be strictly increasing, each in (0, 100)")
        return v


class Baseline(_Model):
    window_weeks: int = Field(12, ge=1, le=104)
    min_weeks: int = Field(4, ge=0, le=104)


class Surge(_Model):
    sd_floor: float = Field(0.05, gt=0)
    score_sd_floor: float = Field(1.0, gt=0)


class Alerts(_Model):
    min_level: int = Field(3, ge=2, le=5)
    surge_threshold: float = Field(3.0, gt=0)
    min_factor_score: float = Field(40.0, ge=0, le=100)
    min_independent_outlets: int = Field(2, ge=1)
    cooldown_weeks: int = Field(4, ge=0, le=52)
    evidence_per_alert: int = Field(5, ge=1, le=50)


class Weights(_Model):
    """One weights version. `indicators` / `risk_factors` hold overrides (or, once resolved, every weight)."""

    description: str = ""
    scoring: str = "weekly.v1"
    indicators: dict[str, float] = Field(default_factory=dict)
    risk_factors: dict[str, float] = Field(default_factory=dict)
    sources: SourceWeights = SourceWeights()
    aggregation: Aggregation = Aggregation()
    crimes: Crimes = Crimes()
    levels: Levels = Levels()
    baseline: Baseline = Baseline()
    surge: Surge = Surge()
    alerts: Alerts = Alerts()

    @field_validator("indicators", "risk_factors")
    @classmethod
    def _weights(cls, v: dict[str, float]) -> dict[str, float]:
        return _weight_map(v)

    @model_validator(mode="after")
    def _baseline(self) -> Weights:
        if self.baseline.min_weeks > self.baseline.window_weeks:
            raise ValueError(
                f"baseline.min_weeks ({self.baseline.min_weeks}) exceeds baseline.window_weeks "
                f"({self.baseline.window_weeks})"
            )
        return self

    def resolved(self, framework, origin: str = "weights") -> Weights:
        """A copy with every framework indicator and factor weight filled in (overrides win); raises WeightsError
        naming `origin` and the key for ids the framework does not know."""
        from risk_framework import FrameworkError

        factors: dict[str, float] = {f.code: f.weight for f in framework.factors}
        for key, w in self.risk_factors.items():
            try:
                factors[framework.factor(key).code] = w
            except FrameworkError:
                raise WeightsError(f"{origin}: risk_factors.{key}: unknown risk factor {key!r}") from None
        indicators: dict[str, float] = {i.id: i.weight for i in framework.indicators}
        for key, w in self.indicators.items():
            if key not in indicators:
                raise WeightsError(f'{origin}: indicators."{key}": unknown indicator id {key!r} in framework '
                                   f"{framework.full_version}")
            indicators[key] = w
        return self.model_copy(update={"indicators": indicators, "risk_factors": factors})

    def factor_weight(self, code: str) -> float:
        return self.risk_factors[code]

    def level_name(self, level: int) -> str:
        return self.levels.names[level - 1]

    def body(self) -> dict[str, Any]:
        """JSON-ready body as stored in the `weights` table."""
        return self.model_dump(mode="json")


def _format_error(origin: str, exc: ValidationError) -> WeightsError:
    lines = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "top level"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        lines.append(f"{origin}: {key}: {msg}")
    return WeightsError("; ".join(lines))


def parse_weights(data: dict[str, Any], framework=None, origin: str = "weights") -> Weights:
    """Validate parsed data into a resolved `Weights`; errors name `origin` and the offending key."""
    from risk_framework import default_framework

    if not isinstance(data, dict):
        raise WeightsError(f"{origin}: top level must be a table, got {type(data).__name__}")
    data = {k: v for k, v in data.items() if k != "name"}  # a file may carry its own name; the store's wins
    try:
        weights = Weights.model_validate(data)
    except ValidationError as exc:
        raise _format_error(origin, exc) from None
    _check_scoring(weights.scoring, origin)
    return weights.resolved(framework or default_framework(), origin)


def _check_scoring(name: str, origin: str) -> None:
    from risk_framework.scoring import SCORERS

    if name not in SCORERS:
        raise WeightsError(f"{origin}: scoring: unknown scoring function {name!r} (known: {', '.join(SCORERS)})")


def load_weights_file(path: str | Path, framework=None) -> Weights:
    """Read and validate a weights file (`.toml`, or `.json`)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise WeightsError(f"{path}: cannot read file: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise WeightsError(f"{path}: not UTF-8 text: {exc}") from exc
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise WeightsError(f"{path}: invalid {'JSON' if path.suffix.lower() == '.json' else 'TOML'}: {exc}") from exc
    return parse_weights(data, framework, origin=str(path))


def default_weights(framework=None) -> Weights:
    """The shipped default version, resolved against `framework` (default: the shipped framework)."""
    return load_weights_file(DEFAULT_FILE, framework)


def to_toml(weights: Weights) -> str:
    """A weights version as a TOML file that `load_weights_file` reads back to the same version."""

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(value(x) for x in v) + "]"
        raise WeightsError(f"cannot write {v!r} as TOML")

    def key(k: str) -> str:
        return k if k.replace("_", "").replace("-", "").isalnum() and not k[0].isdigit() else json.dumps(k)

    body = weights.body()
    lines = ["# Vigil weights version (export). Validate with `vigil weights validate FILE`.",
             f"description = {value(body['description'])}", f"scoring = {value(body['scoring'])}", ""]

    def table(name: str, data: dict[str, Any]) -> None:
        scalars = {k: v for k, v in data.items() if not isinstance(v, dict)}
        lines.append(f"[{name}]")
        lines.extend(f"{key(k)} = {value(v)}" for k, v in scalars.items())
        lines.append("")
        for k, v in data.items():
            if isinstance(v, dict):
                table(f"{name}.{key(k)}", v)

    for section in ("indicators", "risk_factors", "sources", "aggregation", "crimes", "levels", "baseline",
                    "surge", "alerts"):
        table(section, body[section])
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------ stored versions


def list_versions(con):
    """All stored versions: name, description, parent, framework_version, is_active, created_by, created_at."""
    return con.execute(
        "SELECT name, description, parent, framework_version, is_active, created_by, created_at "
        "FROM weights ORDER BY created_at, name"
    ).df()


def get_version(con, name: str, framework=None) -> Weights:
    """A stored version, re-validated; raises UnknownWeights."""
    row = con.execute("SELECT body FROM weights WHERE name = ?", [name]).fetchone()
    if row is None:
        known = [r[0] for r in con.execute("SELECT name FROM weights ORDER BY name").fetchall()]
        raise UnknownWeights(f"no weights version {name!r} (stored: {', '.join(known) or 'none'})")
    body = row[0] if isinstance(row[0], dict) else json.loads(row[0])
    return parse_weights(body, framework, origin=f"weights version {name!r}")


def active_name(con) -> str | None:
    """Name of the active version, or None when none is active."""
    row = con.execute("SELECT name FROM weights WHERE is_active ORDER BY created_at DESC LIMIT 1").fetchone()
    return row[0] if row else None


def save_version(con, name: str, weights: Weights, framework=None, parent: str | None = None,
                 description: str | None = None, created_by: str | None = None, activate: bool = False) -> None:
    """Store a new named version (names are never overwritten: versions are kept); optionally make it active."""
    from risk_framework import default_framework
    from store import transaction

    framework = framework or default_framework()
    if not name or not name.strip() or len(name) > 100:
        raise WeightsError(f"invalid weights version name {name!r}")
    if con.execute("SELECT count(*) FROM weights WHERE name = ?", [name]).fetchone()[0]:
        raise WeightsError(f"weights version {name!r} already exists; versions are kept, choose a new name")
    if parent is not None and not con.execute("SELECT count(*) FROM weights WHERE name = ?", [parent]).fetchone()[0]:
        raise UnknownWeights(f"parent weights version {parent!r} does not exist")
    resolved = weights.resolved(framework, origin=f"weights version {name!r}")
    with transaction(con):
        con.execute(
            "INSERT INTO weights (name, description, parent, framework_version, body, is_active, created_by) "
            "VALUES (?, ?, ?, ?, ?, FALSE, ?)",
            [name, description if description is not None else resolved.description, parent,
             framework.full_version, json.dumps(resolved.body()), created_by],
        )
        if activate:
            _activate(con, name)


def _activate(con, name: str) -> None:
    con.execute("UPDATE weights SET is_active = (name = ?)", [name])


def activate_version(con, name: str) -> None:
    """Make `name` the one active version."""
    from store import transaction

    get_version(con, name)  # exists and still valid against the framework
    with transaction(con):
        _activate(con, name)


def ensure_default(con, framework=None) -> str | None:
    """Store the shipped 'default' version if absent and activate it when no version is active.

    Returns a short note of what changed, or None. Called by `vigil init` (`vigil.reference.sync_reference`).
    """
    notes = []
    exists = con.execute("SELECT count(*) FROM weights WHERE name = ?", [DEFAULT_NAME]).fetchone()[0]
    if not exists:
        save_version(con, DEFAULT_NAME, default_weights(framework), framework=framework, created_by="vigil init")
        notes.append(f"weights version {DEFAULT_NAME!r} stored")
    if active_name(con) is None:
        activate_version(con, DEFAULT_NAME)
        notes.append(f"{DEFAULT_NAME!r} active")
    return ", ".join(notes) or None


def resolve_version(con, name: str | None = None, framework=None) -> tuple[str, Weights]:
    """(name, weights) for `name`, or for the active version when `name` is None or empty."""
    if not name:
        name = active_name(con)
        if name is None:
            raise UnknownWeights("no active weights version (run `vigil init` or `vigil weights activate NAME`)")
    return name, get_version(con, name, framework)
