"""One typed settings object: shipped defaults, then an optional user file, then VIGIL_* environment variables.

Functions receive the settings (or the values they need) as arguments; nothing reads a global.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vigil.errors import SettingsError

DEFAULTS_FILE = Path(__file__).with_name("defaults.toml")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "VIGIL_"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FetchSettings(_Section):
    timeout: float
    max_bytes: int
    max_redirects: int
    retries: int
    backoff: float
    max_retry_after: float
    concurrency: int
    per_host: int
    local_per_host: int
    user_agent: str


class IngestSettings(_Section):
    sources_file: str
    max_page_attempts: int
    near_duplicate_threshold: float = Field(gt=0, le=1)
    story_window_hours: float = Field(gt=0)
    batch_size: int
    reliefweb_appname_env: str
    source_workers: int = Field(ge=1)
    source_retries: int


class TaggingSettings(_Section):
    batch_size: int
    min_confidence: float


class ScoringSettings(_Section):
    weights: str
    baseline_weeks: int


class DashboardSettings(_Section):
    port: int
    base_url: str
    analyst_password_hash_env: str


class SmtpSettings(_Section):
    host: str
    port: int
    security: Literal["none", "starttls", "ssl"]
    user: str
    password_env: str
    sender: str
    recipients: list[str]
    timeout: float
    ca_file: str = ""

    def password(self) -> str | None:
        """The SMTP password, read from the environment variable the settings name (never from a file)."""
        return os.environ.get(self.password_env) or None


class ReportsSettings(_Section):
    digests_dir: str
    notes_dir: str
    digest_min_level: int = 3
    evidence_per_country: int = 3
    country_url: str = "{base_url}/country?iso3={iso3}"
    note_to: str = ""
    note_from: str = ""
    note_weeks: int = 4
    trend_weeks: int = 26
    thin_evidence: int = 3


class ScheduleSettings(_Section):
    ingest_cron: str = "0 * * * *"
    score_cron: str = "30 5 * * *"
    digest_cron: str = "0 7 * * 1"
    timezone: str = "UTC"
    send_digest: bool = True
    server_port: int = 4200
    server_start_timeout: float = 120.0


class Settings(_Section):
    db: str
    data_dir: str
    allow_local: bool
    fetch: FetchSettings
    ingest: IngestSettings
    tagging: TaggingSettings
    scoring: ScoringSettings
    dashboard: DashboardSettings
    smtp: SmtpSettings
    reports: ReportsSettings
    schedule: ScheduleSettings = ScheduleSettings()

    def path(self, value: str | Path) -> Path:
        """Resolve a configured path: absolute as given, relative against the project root."""
        p = Path(value).expanduser()
        return p if p.is_absolute() else base_dir() / p

    @property
    def db_path(self) -> Path:
        return self.path(self.db)


def base_dir() -> Path:
    """Where relative paths resolve: the source checkout when running from one, else the working directory."""
    if (PROJECT_ROOT / "pyproject.toml").exists():
        return PROJECT_ROOT
    return Path.cwd()


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise SettingsError(f"settings file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: invalid TOML: {exc}") from exc


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _env_overrides(env: Mapping[str, str], defaults: Mapping[str, Any]) -> dict[str, Any]:
    """VIGIL_DB=… and VIGIL_<SECTION>__<KEY>=… as a nested dict; values are parsed as TOML scalars when they can be."""
    out: dict[str, Any] = {}
    for name, raw in env.items():
        if not name.startswith(ENV_PREFIX) or name == "VIGIL_CONFIG":
            continue
        parts = name[len(ENV_PREFIX):].lower().split("__")
        if parts[0] not in defaults:
            continue  # other VIGIL_* variables (secrets, hashes) are read where they are used
        try:
            value = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


PATH_KEYS = ("db", "data_dir")


def _cwd_paths(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(Path(v).expanduser().absolute()) if k in PATH_KEYS and isinstance(v, str) else v)
            for k, v in values.items()}


def load_settings(
    user_file: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Build the settings: shipped defaults < user file < environment < explicit overrides.

    The user file is `user_file`, else $VIGIL_CONFIG, else `vigil.toml` in the working directory if present.
    A user file that is named but missing is an error; so is an unknown key.
    """
    env = os.environ if env is None else env
    data = _read_toml(DEFAULTS_FILE)
    source = "defaults"
    if user_file is None and env.get("VIGIL_CONFIG"):
        user_file = env["VIGIL_CONFIG"]
    if user_file is not None:
        data = _merge(data, _read_toml(Path(user_file)))
        source = str(user_file)
    elif Path("vigil.toml").exists():
        data = _merge(data, _read_toml(Path("vigil.toml")))
        source = "vigil.toml"
    # Paths a person types (environment, command line) are relative to where they typed them; paths in the
    # shipped defaults and settings files are relative to the project (see Settings.path).
    data = _merge(data, _cwd_paths(_env_overrides(env, data)))
    data = _merge(data, _cwd_paths({k: v for k, v in (overrides or {}).items() if v is not None}))
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise SettingsError(f"invalid settings (after reading {source} and VIGIL_* variables):\n{exc}") from exc
