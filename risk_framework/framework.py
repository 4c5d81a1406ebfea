"""Load and validate the UN Framework of Analysis for Atrocity Crimes from `framework.toml`.

The TOML file is the single source of risk-factor and indicator names, ids and default weights. Loading it
yields immutable objects; any defect raises `FrameworkError` naming the file, the entry and the problem.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

CRIMES = ("genocide", "crimes_against_humanity", "war_crimes")
VERIFIED = ("partial", "false")
KINDS = ("common", "specific")
FACTOR_COUNT = 14
COMMON_IDS = range(1, 9)
WEIGHT_MIN, WEIGHT_MAX = 0.0, 5.0

_TOP_KEYS = {"name", "version", "source", "crimes", "risk_factor"}
_FACTOR_KEYS = {"id", "code", "title", "kind", "crimes", "description", "weight", "indicator"}
_INDICATOR_KEYS = {"id", "label", "verified", "weight"}
_INDICATOR_ID = re.compile(r"^([1-9]\d*)\.([1-9]\d*)$")
_FACTOR_REF = re.compile(r"^(?:rf)?\s*([0-9]+)$", re.IGNORECASE)


class FrameworkError(Exception):
    """The framework file is unreadable or invalid, or a lookup failed; the message names file and entry."""


class UnknownRiskFactor(FrameworkError, LookupError):
    """No risk factor has the requested id."""


class UnknownIndicator(FrameworkError, LookupError):
    """No indicator has the requested id."""


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    risk_factor: int
    label: str
    verified: str
    weight: float


@dataclass(frozen=True, slots=True)
class RiskFactor:
    id: int
    code: str
    title: str
    kind: str
    crimes: tuple[str, ...]
    description: str
    weight: float
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Framework:
    name: str
    version: str
    source: str
    crimes: tuple[str, ...]
    factors: tuple[RiskFactor, ...]
    digest: str
    path: str = ""
    _by_indicator: dict[str, Indicator] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_indicator", {i.id: i for f in self.factors for i in f.indicators})

    @property
    def full_version(self) -> str:
        """`version+<first 8 hex digits of the file's sha256>`: what every derived row records."""
        return f"{self.version}+{self.digest[:8]}"

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """All indicators, in file order."""
        return tuple(self._by_indicator.values())

    def factor(self, n: int | str) -> RiskFactor:
        """The risk factor with id `n` (also accepts "7", "RF7", "rf7"); raises UnknownRiskFactor."""
        match = _FACTOR_REF.match(n.strip()) if isinstance(n, str) else None
        number = int(match.group(1)) if match else n
        if isinstance(number, int) and not isinstance(number, bool) and 1 <= number <= len(self.factors):
            return self.factors[number - 1]
        count = len(self.factors)
        raise UnknownRiskFactor(f"{self.path}: no risk factor {n!r} (expected 1..{count} or RF1..RF{count})")

    def indicator(self, id: str) -> Indicator:
        """The indicator with id like "7.3"; raises UnknownIndicator."""
        try:
            return self._by_indicator[id]
        except (KeyError, TypeError):
            raise UnknownIndicator(f"{self.path}: no indicator {id!r}") from None

    def factors_for_crime(self, crime: str) -> tuple[RiskFactor, ...]:
        """Common factors plus the factors specific to `crime`."""
        self._check_crime(crime)
        return tuple(f for f in self.factors if f.kind == "common" or crime in f.crimes)

    def specific_factors(self, crime: str) -> tuple[RiskFactor, ...]:
        """Only the factors specific to `crime`."""
        self._check_crime(crime)
        return tuple(f for f in self.factors if f.kind == "specific" and crime in f.crimes)

    def to_dict(self) -> dict[str, Any]:
        """The whole framework as plain JSON-ready data (factors with their indicators)."""
        return {
            "name": self.name,
            "version": self.version,
            "full_version": self.full_version,
            "digest": self.digest,
            "source": self.source,
            "crimes": list(self.crimes),
            "factors": [
                {
                    "id": f.id, "code": f.code, "title": f.title, "kind": f.kind, "crimes": list(f.crimes),
                    "description": f.description, "weight": f.weight,
                    "indicators": [
                        {"id": i.id, "label": i.label, "verified": i.verified, "weight": i.weight} for i in f.indicators
                    ],
                }
                for f in self.factors
            ],
        }

    def _check_crime(self, crime: str) -> None:
        if crime not in self.crimes:
            raise FrameworkError(f"{self.path}: unknown crime {crime!r} (expected one of {', '.join(self.crimes)})")


def default_path() -> Path:
    """Location of the framework file shipped with the package."""
    return Path(str(resources.files("risk_framework").joinpath("framework.toml")))


def load_framework(path: str | Path | None = None) -> Framework:
    """Load and validate a framework file; `None` means the shipped one (cached)."""
    if path is None:
        return _load_default()
    return _load(Path(path))


def default_framework() -> Framework:
    """The shipped framework, loaded once per process."""
    return _load_default()


@functools.lru_cache(maxsize=1)
def _load_default() -> Framework:
    return _load(default_path())


def _load(path: Path) -> Framework:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FrameworkError(f"{path}: cannot read file: {exc.strerror or exc}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise FrameworkError(f"{path}: not UTF-8 text: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(f"{path}: invalid TOML: {exc}") from exc
    return _Validator(str(path)).framework(data, hashlib.sha256(raw).hexdigest())


class _Validator:
    """Turns parsed TOML into a Framework, raising FrameworkError(file: entry: problem) on the first defect."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, entry: str, problem: str) -> FrameworkError:
        return FrameworkError(f"{self.path}: {entry}: {problem}")

    def keys(self, entry: str, table: dict, allowed: set[str], required: set[str]) -> None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            allowed_keys = ", ".join(sorted(allowed))
            raise self.fail(entry, f"unknown key(s) {', '.join(map(repr, unknown))} (allowed: {allowed_keys})")
        missing = sorted(required - set(table))
        if missing:
            raise self.fail(entry, f"missing key(s) {', '.join(map(repr, missing))}")

    def text(self, entry: str, table: dict, key: str) -> str:
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            raise self.fail(entry, f"{key} must be a non-empty string, got {value!r}")
        return value.strip()

    def weight(self, entry: str, table: dict) -> float:
        value = table["weight"]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(entry, f"weight must be a number, got {value!r}")
        if not math.isfinite(value) or not WEIGHT_MIN <= value <= WEIGHT_MAX:
            raise self.fail(entry, f"weight {value!r} is outside [{WEIGHT_MIN:g}, {WEIGHT_MAX:g}]")
        return float(value)

    def crimes(self, entry: str, table: dict) -> tuple[str, ...]:
        value = table["crimes"]
        if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
            raise self.fail(entry, f"crimes must be a list of strings, got {value!r}")
        bad = [c for c in value if c not in CRIMES]
        if bad or len(set(value)) != len(value):
            raise self.fail(entry, f"crimes {value!r} must be distinct values from {', '.join(CRIMES)}")
        return tuple(value)

    def framework(self, data: dict, digest: str) -> Framework:
        self.keys("top level", data, _TOP_KEYS, _TOP_KEYS)
        crimes = self.crimes("top level", data)
        if crimes != CRIMES:
            raise self.fail("top level", f"crimes must be {list(CRIMES)!r}, got {list(crimes)!r}")
        tables = data["risk_factor"]
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            raise self.fail("risk_factor", "must be an array of tables ([[risk_factor]])")
        factors = tuple(self.factor(i, t) for i, t in enumerate(tables))
        if len(factors) != FACTOR_COUNT:
            raise self.fail("risk_factor", f"expected {FACTOR_COUNT} risk factors, found {len(factors)}")
        seen: set[str] = set()
        for f_index, factor in enumerate(factors):
            for i_index, indicator in enumerate(factor.indicators):
                if indicator.id in seen:
                    entry = f'risk_factor[{f_index}].indicator[{i_index}] (id "{indicator.id}")'
                    raise self.fail(entry, "duplicate indicator id")
                seen.add(indicator.id)
        return Framework(
            name=self.text("top level", data, "name"),
            version=self.text("top level", data, "version"),
            source=self.text("top level", data, "source"),
            crimes=crimes,
            factors=factors,
            digest=digest,
            path=self.path,
        )

    def factor(self, index: int, table: dict) -> RiskFactor:
        entry = f"risk_factor[{index}]" + (f' (code "{table["code"]}")' if isinstance(table.get("code"), str) else "")
        self.keys(entry, table, _FACTOR_KEYS, _FACTOR_KEYS)
        fid = table["id"]
        if isinstance(fid, bool) or not isinstance(fid, int):
            raise self.fail(entry, f"id must be an integer, got {fid!r}")
        if fid != index + 1:
            raise self.fail(entry, f"id {fid} out of order: expected {index + 1} (ids run 1..{FACTOR_COUNT})")
        code = self.text(entry, table, "code")
        if code != f"RF{fid}":
            raise self.fail(entry, f'code {code!r} must be "RF{fid}"')
        kind = self.text(entry, table, "kind")
        expected_kind = "common" if fid in COMMON_IDS else "specific"
        if kind != expected_kind:
            raise self.fail(entry, f"kind {kind!r} must be {expected_kind!r} for RF{fid}")
        crimes = self.crimes(entry, table)
        if kind == "common" and set(crimes) != set(CRIMES):
            raise self.fail(entry, f"a common factor applies to all crimes ({', '.join(CRIMES)}), got {list(crimes)!r}")
        if kind == "specific" and len(crimes) != 1:
            raise self.fail(entry, f"a specific factor applies to exactly one crime, got {list(crimes)!r}")
        indicators = table["indicator"]
        if not isinstance(indicators, list) or not indicators or not all(isinstance(t, dict) for t in indicators):
            raise self.fail(entry, "needs at least one [[risk_factor.indicator]] table")
        return RiskFactor(
            id=fid,
            code=code,
            title=self.text(entry, table, "title"),
            kind=kind,
            crimes=crimes,
            description=self.text(entry, table, "description"),
            weight=self.weight(entry, table),
            indicators=tuple(self.indicator(f"risk_factor[{index}]", fid, i, t) for i, t in enumerate(indicators)),
        )

    def indicator(self, parent: str, fid: int, index: int, table: dict) -> Indicator:
        iid = table.get("id")
        entry = f"{parent}.indicator[{index}]" + (f' (id "{iid}")' if isinstance(iid, str) else "")
        self.keys(entry, table, _INDICATOR_KEYS, _INDICATOR_KEYS)
        if not isinstance(iid, str) or not (match := _INDICATOR_ID.match(iid)):
            raise self.fail(entry, f'id {iid!r} must be a string like "{fid}.1"')
        if int(match.group(1)) != fid:
            raise self.fail(entry, f'id {iid!r} does not belong to RF{fid}: expected "{fid}.<n>"')
        verified = table["verified"]
        if not isinstance(verified, str) or verified not in VERIFIED:
            raise self.fail(entry, f'verified must be the string "partial" or "false", got {verified!r}')
        label = self.text(entry, table, "label")
        return Indicator(id=iid, risk_factor=fid, label=label, verified=verified, weight=self.weight(entry, table))
