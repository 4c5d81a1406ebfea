"""The world choropleth, drawn offline from Natural Earth 1:110m boundaries shipped in data/naturalearth/.

`px.choropleth_map` with `map_style="white-bg"` needs no tiles, CDN or download (plotly's `px.choropleth` would
fetch its world outline from a CDN and draw a blank map on an air-gapped network).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pandas as pd

from dashboard.style import LEVEL_COLOURS, NO_DATA_COLOUR, NO_DATA_LABEL, level_label

BOUNDARIES = Path(__file__).resolve().parent.parent / "data" / "naturalearth" / "ne_110m_countries.geojson"


class BoundariesMissing(FileNotFoundError):
    """The shipped Natural Earth file is not where it should be."""


@functools.lru_cache(maxsize=2)
def load_boundaries(path: str | Path = BOUNDARIES) -> tuple[dict, frozenset[str]]:
    """The boundaries as a GeoJSON dict (read once with geopandas) and the set of ISO3 codes that have a polygon."""
    import geopandas as gpd

    path = Path(path)
    if not path.exists():
        raise BoundariesMissing(f"country boundaries not found: {path}")
    gdf = gpd.read_file(path)
    geojson = json.loads(gdf.to_json(drop_id=True))
    return geojson, frozenset(gdf["iso3"])


def choropleth(ranking: pd.DataFrame, title: str | None = None):
    """A plotly figure: every country with a polygon, coloured by its level, with the level named on the colour bar
    and in the hover text. One trace carrying the boundaries once (a trace per level would repeat them)."""
    import plotly.graph_objects as go

    geojson, codes = load_boundaries()
    names = {f["properties"]["iso3"]: f["properties"]["name"] for f in geojson["features"]}
    frame = pd.DataFrame({"iso3": sorted(codes)})
    cols = ["iso3", "country", "level", "score"]
    scored = ranking[[c for c in cols if c in ranking.columns]] if len(ranking) else pd.DataFrame(columns=cols)
    frame = frame.merge(scored, on="iso3", how="left")
    frame["country"] = frame["country"].fillna(frame["iso3"].map(names))
    z = frame["level"].fillna(0).astype(int)
    hover = [
        f"<b>{c}</b> ({i})<br>{level_label(v) if v else NO_DATA_LABEL}" + (f"<br>score {s:.1f}" if pd.notna(s) else "")
        for c, i, v, s in zip(frame["country"], frame["iso3"], z, frame["score"])
    ]
    # Discrete colour scale: level n (0 = no score) fills the band [n - 0.5, n + 0.5] of the 0..5 range.
    colours = [NO_DATA_COLOUR, *[LEVEL_COLOURS[n] for n in sorted(LEVEL_COLOURS)]]
    scale = []
    for n, colour in enumerate(colours):
        scale += [[n / len(colours), colour], [(n + 1) / len(colours), colour]]
    fig = go.Figure(go.Choroplethmap(
        geojson=geojson, featureidkey="properties.iso3", locations=frame["iso3"], z=z,
        zmin=-0.5, zmax=len(colours) - 0.5, colorscale=scale, text=hover, hovertemplate="%{text}<extra></extra>",
        marker={"line": {"width": 0.4, "color": "#555555"}, "opacity": 0.9},
        colorbar={"tickvals": list(range(len(colours))),
                  "ticktext": [NO_DATA_LABEL, *[level_label(n) for n in sorted(LEVEL_COLOURS)]],
                  # Horizontal, over the Southern Ocean: a vertical bar at the left edge hid Alaska and Hawaii.
                  "orientation": "h", "x": 0.5, "xanchor": "center", "y": 0.01, "yanchor": "bottom", "len": 0.75,
                  "thickness": 12, "title": {"text": "Level", "side": "top"}, "bgcolor": "rgba(255,255,255,0.85)"},
    ))
    fig.update_layout(
        map={"style": "white-bg", "zoom": 0.6, "center": {"lat": 15, "lon": 10}},
        margin={"l": 0, "r": 0, "t": 30 if title else 0, "b": 0}, height=430, title=title, paper_bgcolor="#ffffff",
    )
    return fig


def missing_polygons(ranking: pd.DataFrame) -> pd.DataFrame:
    """Scored countries the 1:110m map cannot show (small island states): listed under the map instead."""
    _, codes = load_boundaries()
    if not len(ranking):
        return ranking
    return ranking[~ranking["iso3"].isin(codes)]
