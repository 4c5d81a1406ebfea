"""Level names and a colour-blind-safe palette. Levels are always shown with their name, never by colour alone.

Names come from the weights version whose scores are shown (`[levels] names`, see risk_framework/weights);
`ui.shell` sets them for each page run with `use_level_names`, and the shipped default version names them
otherwise.
"""

from __future__ import annotations

import functools
import math
import threading
from collections.abc import Sequence

# ColorBrewer YlOrRd 5-class for levels 1..5: ordered by lightness, marked colour-blind safe by ColorBrewer, and
# printable in grey.
LEVEL_COLOURS = {1: "#ffffb2", 2: "#fecc5c", 3: "#fd8d3c", 4: "#f03b20", 5: "#bd0026"}
NO_DATA_LABEL = "No score"
NO_DATA_COLOUR = "#d9d9d9"

_run = threading.local()  # Streamlit runs each page script on its own thread


@functools.lru_cache(maxsize=1)
def default_level_names() -> tuple[str, ...]:
    """Level names of the shipped default weights version."""
    from risk_framework.weights import default_weights

    return tuple(default_weights().levels.names)


def use_level_names(names: Sequence[str] | None) -> None:
    """Name levels 1..n with `names` for the rest of this page run (None: the shipped default names)."""
    _run.names = tuple(names) if names else None


def level_names() -> dict[int, str]:
    """{1: 'Low', …} as named by the weights version shown in this run."""
    names = getattr(_run, "names", None) or default_level_names()
    return dict(enumerate(names, start=1))


def level_name(level: int) -> str:
    return level_names().get(int(level), "?")


def level_label(level) -> str:
    """'4 High' for 4; 'No score' for a missing level."""
    if level is None or (isinstance(level, float) and math.isnan(level)):
        return NO_DATA_LABEL
    level = int(level)
    return f"{level} {level_name(level)}"


def level_order() -> list[str]:
    """Category order for legends: the highest level first, No score last."""
    return [level_label(n) for n in sorted(LEVEL_COLOURS, reverse=True)] + [NO_DATA_LABEL]


def level_colour_map() -> dict[str, str]:
    out = {level_label(n): c for n, c in LEVEL_COLOURS.items()}
    out[NO_DATA_LABEL] = NO_DATA_COLOUR
    return out


def change_label(change) -> str:
    """'▲ +1', '▼ −2', '=' or '' (unknown) for a level change."""
    if change is None or (isinstance(change, float) and math.isnan(change)):
        return "new"
    change = int(change)
    if change > 0:
        return f"▲ +{change}"
    if change < 0:
        return f"▼ −{-change}"
    return "="


def level_change_text(level_from, level_to) -> str:
    """'3 Elevated → 4 High', or '5 Critical (unchanged)' when an alert did not move the level."""
    if level_from is not None and level_to is not None and not (
            isinstance(level_from, float) and math.isnan(level_from)) and int(level_from) == int(level_to):
        return f"{level_label(level_to)} (unchanged)"
    return f"{level_label(level_from)} → {level_label(level_to)}"


def alert_kind_text(kind: str, dimension) -> str:
    """'Factor surge · RF10' for a factor alert, 'Level rise' for an overall one."""
    text = str(kind).replace("_", " ").capitalize()
    if isinstance(dimension, str) and dimension and dimension != "overall":
        text += f" · {dimension.replace('_', ' ')}"
    return text


_MD_SPECIAL = frozenset("&<>\"'\\`*_{}[]()#+!|~$:-")


def md_escape(text: str) -> str:
    """Text made inert for st.markdown: HTML, markdown, LaTeX and directive characters become numeric entities."""
    return "".join(f"&#{ord(c)};" if c in _MD_SPECIAL else c for c in (text or ""))


def day_or_undated(ts) -> str:
    """A publication time as YYYY-MM-DD, or "undated" when there is none (None or NaT)."""
    import pandas as pd

    return f"{pd.Timestamp(ts):%Y-%m-%d}" if pd.notna(ts) else "undated"


def span_in_sentence(sentence: str, sentence_start, span_start, span_end) -> tuple[int, int] | None:
    """The matched span as offsets into the sentence, accepting document offsets or sentence offsets."""
    if span_start is None or span_end is None:
        return None
    try:
        s0, a, b = int(sentence_start or 0), int(span_start), int(span_end)
    except (TypeError, ValueError):
        return None
    n = len(sentence)
    if s0 <= a < b <= s0 + n:
        return a - s0, b - s0
    if 0 <= a < b <= n:
        return a, b
    return None


def highlight(sentence: str, span: tuple[int, int] | None) -> str:
    """The sentence as safe markdown/HTML with the matched span wrapped in <mark>."""
    if not span:
        return md_escape(sentence)
    a, b = span
    return (
        md_escape(sentence[:a])
        + '<mark style="background:#fecc5c;color:#000;padding:0 2px">'
        + md_escape(sentence[a:b])
        + "</mark>"
        + md_escape(sentence[b:])
    )
