"""Level names and a colour-blind-safe palette. Levels are always shown with their name, never by colour alone."""

from __future__ import annotations

import math

# 1 Low … 5 Critical, as named in risk_framework/weights/default.toml [levels]. ColorBrewer YlOrRd 5-class: ordered by lightness, marked
# colour-blind safe by ColorBrewer, and printable in grey.
LEVEL_NAMES = {1: "Low", 2: "Moderate", 3: "Elevated", 4: "High", 5: "Critical"}
LEVEL_COLOURS = {1: "#ffffb2", 2: "#fecc5c", 3: "#fd8d3c", 4: "#f03b20", 5: "#bd0026"}
NO_DATA_LABEL = "No score"
NO_DATA_COLOUR = "#d9d9d9"


def _level_names() -> dict[int, str]:
    return LEVEL_NAMES


def level_label(level) -> str:
    """'4 High' for 4; 'No score' for a missing level."""
    if level is None or (isinstance(level, float) and math.isnan(level)):
        return NO_DATA_LABEL
    level = int(level)
    return f"{level} {_level_names().get(level, '?')}"


def level_order() -> list[str]:
    """Category order for legends: Critical first, No score last."""
    return [level_label(n) for n in sorted(LEVEL_NAMES, reverse=True)] + [NO_DATA_LABEL]


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


_MD_SPECIAL = frozenset("&<>\"'\\`*_{}[]()#+!|~$:-")


def md_escape(text: str) -> str:
    """Text made inert for st.markdown: HTML, markdown, LaTeX and directive characters become numeric entities."""
    return "".join(f"&#{ord(c)};" if c in _MD_SPECIAL else c for c in (text or ""))


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
