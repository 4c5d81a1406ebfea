"""The world choropleth, drawn offline from Natural Earth 1:110m boundaries shipped in data/naturalearth/.

`px.choropleth_map` with `map_style="white-bg"` needs no tiles, CDN or download (plotly's `px.choropleth` would
fetch its world outline from a CDN and draw a blank map on an air-gapped network).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pandas as pd

from dashboard.style import NO_DATA_LABEL, level_colour_map, level_label, level_order

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
    """A plotly figure: every country with a polygon, coloured by its level (named in legend and hover)."""
    import plotly.express as px

    geojson, codes = load_boundaries()
    names = {f["properties"]["iso3"]: f["properties"]["name"] for f in geojson["features"]}
    frame = pd.DataFrame({"iso3": sorted(codes)})
    frame["name"] = frame["iso3"].map(names)
    cols = ["iso3", "country", "level", "score"]
    scored = ranking[[c for c in cols if c in ranking.columns]] if len(ranking) else pd.DataFrame(columns=cols)
    frame = frame.merge(scored, on="iso3", how="left")
    frame["country"] = frame["country"].fillna(frame["name"])
    frame["level_name"] = [level_label(v) if pd.notna(v) else NO_DATA_LABEL for v in frame["level"]]
    frame["score_text"] = [f"{v:.2f}" if pd.notna(v) else "–" for v in frame["score"]]
    fig = px.choropleth_map(
        frame,
        geojson=geojson,
        locations="iso3",
        featureidkey="properties.iso3",
        color="level_name",
        color_discrete_map=level_colour_map(),
        category_orders={"level_name": level_order()},
        hover_name="country",
        hover_data={"iso3": True, "level_name": True, "score_text": True},
        labels={"level_name": "Level", "score_text": "Score", "iso3": "ISO3"},
        map_style="white-bg",
        zoom=0.6,
        center={"lat": 15, "lon": 10},
        opacity=0.9,
    )
    fig.update_traces(marker_line_width=0.4, marker_line_color="#555555")
    fig.update_layout(
        margin={"l": 0, "r": 0, "t": 30 if title else 0, "b": 0},
        height=430,
        title=title,
        legend={"title": {"text": "Level"}, "yanchor": "bottom", "y": 0.02, "xanchor": "left", "x": 0.01,
                "bgcolor": "rgba(255,255,255,0.85)"},
        paper_bgcolor="#ffffff",
    )
    return fig


def missing_polygons(ranking: pd.DataFrame) -> pd.DataFrame:
    """Scored countries the 1:110m map cannot show (small island states): listed under the map instead."""
    _, codes = load_boundaries()
    if not len(ranking):
        return ranking
    return ranking[~ranking["iso3"].isin(codes)]
