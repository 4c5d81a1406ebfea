"""ISO weeks as the reports name them (`2026-W47`) and as the warehouse stores them (the Monday, a DATE)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

_WEEK = re.compile(r"^(\d{4})-?W(\d{2})$", re.IGNORECASE)


class WeekError(ValueError):
    """A week label that is not `YYYY-Www` or names no ISO week."""


def parse_week(label: str) -> date:
    """The Monday of ISO week `label` (`2026-W47`, also `2026W47`); raises WeekError."""
    match = _WEEK.match(label.strip())
    if not match:
        raise WeekError(f"not an ISO week: {label!r} (expected YYYY-Www, e.g. 2026-W07)")
    try:
        return date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError as exc:
        raise WeekError(f"not an ISO week: {label!r} ({exc})") from None


def week_label(monday: date) -> str:
    """`YYYY-Www` for the ISO week holding `monday`."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(day: date) -> date:
    """The Monday starting the ISO week that holds `day`."""
    return day - timedelta(days=day.weekday())


def last_complete_week(today: date | None = None) -> date:
    """The Monday of the last ISO week that has fully ended (UTC) before `today`."""
    today = today or datetime.now(UTC).date()
    return monday_of(today) - timedelta(days=7)


def resolve_week(week: str | date | None, today: date | None = None) -> date:
    """The Monday for `week`: a `YYYY-Www` label, or any day (date, datetime, pandas Timestamp) of the week;
    None means the last complete week."""
    if week is None or week == "":
        return last_complete_week(today)
    if isinstance(week, datetime):
        return monday_of(week.date())
    if isinstance(week, date):
        return monday_of(week)
    if isinstance(week, str):
        return parse_week(week)
    raise WeekError(f"not an ISO week: {week!r} (expected YYYY-Www or a date)")
