"""Analyst login. Viewers read; writing (feedback, weights versions, alert status) needs an analyst.

Two ways for a deployer to turn writing on:
- a password hash in the environment variable named by settings `dashboard.analyst_password_hash_env`
  (default VIGIL_ANALYST_PASSWORD_HASH), made with `vigil dashboard hash-password`;
- Streamlit's built-in OIDC login (`st.login`), when `.streamlit/secrets.toml` has an `[auth]` section.
With neither, writing is off and the sidebar says how to turn it on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass

SCHEME = "pbkdf2_sha256"
DEFAULT_ITERATIONS = 600_000
SESSION_KEY = "vigil_analyst"


class PasswordHashError(ValueError):
    """A configured password hash is not in the `pbkdf2_sha256$iterations$salt$hash` format."""


def hash_password(password: str, iterations: int = DEFAULT_ITERATIONS, salt: bytes | None = None) -> str:
    """`pbkdf2_sha256$<iterations>$<salt b64>$<hash b64>` for `password` (PBKDF2-HMAC-SHA256, random salt)."""
    if not password:
        raise ValueError("empty password")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return "$".join([SCHEME, str(iterations), base64.b64encode(salt).decode(), base64.b64encode(digest).decode()])


def verify_password(password: str, encoded: str) -> bool:
    """True when `password` matches `encoded` (constant-time compare). Raises PasswordHashError on a bad hash."""
    parts = (encoded or "").strip().split("$")
    if len(parts) != 4 or parts[0] != SCHEME:
        raise PasswordHashError(f"not a {SCHEME}$iterations$salt$hash string: {encoded[:24]!r}…")
    try:
        iterations = int(parts[1])
        salt = base64.b64decode(parts[2], validate=True)
        expected = base64.b64decode(parts[3], validate=True)
    except ValueError as exc:
        raise PasswordHashError(f"malformed password hash: {exc}") from exc
    digest = hashlib.pbkdf2_hmac("sha256", (password or "").encode("utf-8"), salt, iterations)
    return hmac.compare_digest(digest, expected)


@dataclass(frozen=True)
class LoginConfig:
    mode: str  # "password", "oidc" or "none"
    hash_env: str
    password_hash: str | None


def login_config(hash_env: str) -> LoginConfig:
    """Which login the deployer configured: OIDC secrets win over a password hash; otherwise none."""
    if _oidc_configured():
        return LoginConfig("oidc", hash_env, None)
    value = os.environ.get(hash_env) or None
    return LoginConfig("password" if value else "none", hash_env, value)


def _oidc_configured() -> bool:
    import streamlit as st

    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # StreamlitSecretNotFoundError: no or unreadable secrets.toml
        return False


def current_analyst() -> str | None:
    """The logged-in analyst's name, or None for a viewer."""
    import streamlit as st

    name = st.session_state.get(SESSION_KEY)
    if name:
        return name
    try:
        user = st.user
        if user.get("is_logged_in"):
            return str(user.get("email") or user.get("name") or "oidc-user")
    except (AttributeError, KeyError):
        return None
    return None


def sidebar_login(hash_env: str) -> str | None:
    """Draw the login box in the sidebar; return the analyst's name when logged in."""
    import streamlit as st

    cfg = login_config(hash_env)
    analyst = current_analyst()
    with st.sidebar:
        st.markdown("**Analyst access**")
        if analyst:
            st.caption(f"Signed in as **{analyst}**: writing is on.")
            if st.button("Sign out", key="vigil_sign_out"):
                st.session_state.pop(SESSION_KEY, None)
                if cfg.mode == "oidc":
                    st.logout()
                st.rerun()
            return analyst
        if cfg.mode == "none":
            st.caption(
                "Read-only: no analyst login is configured. To turn writing on, run "
                "`vigil dashboard hash-password` and export the printed hash as "
                f"`{cfg.hash_env}` before `vigil dashboard`, or configure OIDC in `.streamlit/secrets.toml` "
                "(an `[auth]` section)."
            )
            return None
        if cfg.mode == "oidc":
            if st.button("Sign in", key="vigil_oidc_login"):
                st.login()
            return None
        with st.form("vigil_login", clear_on_submit=True):
            name = st.text_input("Your name", key="vigil_login_name")
            password = st.text_input("Analyst password", type="password", key="vigil_login_password")
            submitted = st.form_submit_button("Sign in")
        if submitted:
            try:
                ok = verify_password(password, cfg.password_hash or "")
            except PasswordHashError as exc:
                st.error(f"The configured `{cfg.hash_env}` is not a valid hash ({exc}).")
                return None
            if ok and name.strip():
                st.session_state[SESSION_KEY] = name.strip()
                st.rerun()
            elif not name.strip():
                st.error("Give your name: it is recorded with what you write.")
            else:
                st.error("Wrong password.")
        return None
