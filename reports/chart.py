"""The trend chart in advisory notes: weekly score and level for one country, as PNG bytes (matplotlib, Agg)."""

from __future__ import annotations

import io

import pandas as pd


def trend_png(trend: pd.DataFrame, title: str) -> bytes:
    """A PNG of the weekly overall score (line) and level (steps, right axis); a labelled blank when empty."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 2.6), dpi=130)
    ax = fig.add_subplot(1, 1, 1)
    if trend.empty:
        ax.text(0.5, 0.5, "No weekly scores in this period", ha="center", va="center", transform=ax.transAxes)
        ax.set_xticks([])
        ax.set_yticks([])
    else:
        weeks = pd.to_datetime(trend.week)
        ax.plot(weeks, trend.score, marker="o", markersize=3, color="#1a3d6d", label="score")
        ax.set_ylabel("score", color="#1a3d6d")
        ax.grid(alpha=0.3)
        if trend.level.notna().any():
            ax2 = ax.twinx()
            ax2.step(weeks, trend.level, where="mid", color="#b42318", alpha=0.8, label="level")
            ax2.set_ylabel("level", color="#b42318")
            ax2.set_ylim(bottom=0, top=max(5, float(trend.level.max()) + 0.5))
            ax2.yaxis.get_major_locator().set_params(integer=True)
        fig.autofmt_xdate(rotation=30)
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
