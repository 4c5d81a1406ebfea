"""Settings layering: shipped defaults < user file < environment < explicit overrides."""

from __future__ import annotations

import pytest

from vigil.errors import SettingsError
from vigil.settings import load_settings


def test_defaults_load():
    s = load_settings(env={})
    assert s.db_path.name == "vigil.duckdb"
    assert s.fetch.timeout > 0 and s.fetch.max_bytes > 0


def test_layers_in_order(tmp_path):
    user = tmp_path / "vigil.toml"
    user.write_text('db = "from-file.duckdb"\n[fetch]\ntimeout = 7.5\nretries = 4\n')
    s = load_settings(user_file=user, env={"VIGIL_FETCH__RETRIES": "1", "VIGIL_SMTP__RECIPIENTS": '["a@b.c"]'})
    assert s.db == "from-file.duckdb"
    assert s.fetch.timeout == 7.5
    assert s.fetch.retries == 1
    assert s.smtp.recipients == ["a@b.c"]
    s = load_settings(user_file=user, env={"VIGIL_DB": "/tmp/env.duckdb"}, overrides={"db": "/tmp/cli.duckdb"})
    assert str(s.db_path) == "/tmp/cli.duckdb"
    assert str(load_settings(user_file=user, env={"VIGIL_DB": "/tmp/env.duckdb"}).db_path) == "/tmp/env.duckdb"


def test_bad_files_fail_clearly(tmp_path):
    with pytest.raises(SettingsError, match="not found"):
        load_settings(user_file=tmp_path / "missing.toml", env={})
    bad = tmp_path / "bad.toml"
    bad.write_text("[fetch\n")
    with pytest.raises(SettingsError, match="bad.toml"):
        load_settings(user_file=bad, env={})
    typo = tmp_path / "typo.toml"
    typo.write_text("[fetch]\ntimeuot = 3\n")
    with pytest.raises(SettingsError, match="timeuot"):
        load_settings(user_file=typo, env={})


def test_secrets_only_from_environment(monkeypatch):
    s = load_settings(env={})
    monkeypatch.setenv(s.smtp.password_env, "s3cret")
    assert s.smtp.password() == "s3cret"


def test_typed_paths_are_relative_to_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings(env={}, overrides={"db": "mine.duckdb"}).db_path == tmp_path / "mine.duckdb"
    assert load_settings(env={"VIGIL_DB": "env.duckdb"}).db_path == tmp_path / "env.duckdb"
    # the shipped default stays relative to the project
    assert load_settings(env={}).db_path.name == "vigil.duckdb"
