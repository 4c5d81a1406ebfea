"""Refresh the predictor table from a newer EWP edition's published CSV."""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from pathlib import Path

import pandas as pd

from risk_framework.structural.data import EWPDataError, validate_predictors


class UpdateError(Exception):
    """The new edition could not be fetched or did not validate; the data on disk is unchanged."""


def download(url: str, timeout: float, max_bytes: int) -> bytes:
    """GET `url` with a timeout, streaming and refusing a body larger than `max_bytes`."""
    import httpx

    try:
        with httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as resp:
            if resp.status_code != 200:
                raise UpdateError(f"{url}: HTTP {resp.status_code}")
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise UpdateError(f"{url}: response larger than {max_bytes} bytes")
                chunks.append(chunk)
    except httpx.HTTPError as exc:
        raise UpdateError(f"{url}: cannot download ({type(exc).__name__}: {exc}); are you offline?") from exc
    return b"".join(chunks)


def parse_predictors(body: bytes, source: str) -> pd.DataFrame:
    """Parse and validate a predictor CSV; raise UpdateError naming what is wrong."""
    try:
        df = pd.read_csv(io.BytesIO(body))
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise UpdateError(f"{source}: not a readable CSV ({exc})") from exc
    try:
        return validate_predictors(df, source)
    except EWPDataError as exc:
        raise UpdateError(str(exc)) from exc


def update_predictors(url: str, folder: Path, timeout: float = 30.0, max_bytes: int = 50_000_000,
                      today: dt.date | None = None) -> tuple[Path, int]:
    """Download, validate and save a new predictor table as `prepared-predictors-YYYY-MM-DD.csv` in `folder`.

    Written atomically (temp file then rename), so a failure leaves the existing tables untouched.
    Returns (path written, rows).
    """
    body = download(url, timeout, max_bytes)
    df = parse_predictors(body, url)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"prepared-predictors-{(today or dt.date.today()).isoformat()}.csv"
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target, len(df)
