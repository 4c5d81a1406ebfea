"""Indicators: the framework's risk factors and indicators with their weights and the level thresholds; analysts
edit them, preview which countries would change level, and save the result as a new named weights version."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import actions, tuning
from dashboard import queries as Q
from dashboard.style import level_label
from dashboard.ui import context, empty_state, load, writing_hint


def render() -> None:
    from risk_framework import default_framework

    ctx = context()
    fw = default_framework()
    st.title("Indicators and weights")
    st.caption(f"{fw.name} · framework version `{fw.full_version}`")
    versions = load(Q.weights_versions, ctx.db)
    if not len(versions):
        empty_state("No weights version is stored yet; `vigil init` stores the shipped default. The framework's "
                    "own weights are shown below.")
        base_name, base_body = None, {}
    else:
        names = versions["name"].tolist()
        active = versions.loc[versions["is_active"], "name"]
        default_index = names.index(active.iloc[0]) if len(active) else 0
        base_name = st.selectbox("Start from weights version", names, index=default_index,
                                 format_func=lambda n: n + (" (active)" if n in set(active) else ""))
        base_body = tuning.body_from_text(versions.loc[versions["name"] == base_name, "body"].iloc[0])
    factors, indicators, thresholds = tuning.current_weights(base_body, fw)

    st.subheader("Risk factors")
    factor_frame = pd.DataFrame([
        {"code": f.code, "title": f.title, "kind": f.kind, "crimes": ", ".join(c.replace("_", " ") for c in f.crimes),
         "weight": factors[f.code]}
        for f in fw.factors
    ])
    factor_edit = st.data_editor(
        factor_frame, hide_index=True, width="stretch", key=f"factors_{base_name}",
        disabled=["code", "title", "kind", "crimes"],
        column_config={"title": st.column_config.TextColumn("title", width="large"),
                       "crimes": st.column_config.TextColumn("crimes", width="small"),
                       "weight": st.column_config.NumberColumn("weight", min_value=0.0, max_value=5.0, step=0.25)},
    )

    st.subheader("Indicators")
    choice = st.selectbox("Risk factor", [f.id for f in fw.factors],
                          format_func=lambda n: f"{fw.factor(n).code} · {fw.factor(n).title}")
    ind_frame = pd.DataFrame([
        {"id": i.id, "label": i.label, "verified": i.verified, "weight": indicators[i.id]}
        for i in fw.factor(choice).indicators
    ])
    ind_edit = st.data_editor(
        ind_frame, hide_index=True, width="stretch", key=f"indicators_{base_name}_{choice}",
        disabled=["id", "label", "verified"],
        column_config={"weight": st.column_config.NumberColumn("weight", min_value=0.0, max_value=5.0, step=0.25)},
    )
    edited_indicators = dict(indicators)
    edited_indicators.update(dict(zip(ind_edit["id"], ind_edit["weight"].astype(float))))
    # Edits to other factors' indicators persist in session state under their own editor keys.
    for f in fw.factors:
        state = st.session_state.get(f"indicators_{base_name}_{f.id}")
        if f.id != choice and state and state.get("edited_rows"):
            for row, change in state["edited_rows"].items():
                if "weight" in change:
                    edited_indicators[f.indicators[int(row)].id] = float(change["weight"])

    st.subheader("Level thresholds")
    st.caption("Overall score (0–100) at which each level begins.")
    cols = st.columns(4)
    new_thresholds = [
        cols[i].number_input(level_label(i + 2), min_value=0.0, max_value=100.0, value=float(thresholds[i]),
                             step=1.0, key=f"threshold_{base_name}_{i}")
        for i in range(4)
    ]
    edited_factors = dict(zip(factor_edit["code"], factor_edit["weight"].astype(float)))
    changes = (
        [f"{k}: {factors[k]:g} → {v:g}" for k, v in edited_factors.items() if v != factors[k]]
        + [f"{k}: {indicators[k]:g} → {v:g}" for k, v in edited_indicators.items() if v != indicators[k]]
        + [f"threshold {level_label(i + 2)}: {a:g} → {b:g}" for i, (a, b) in enumerate(zip(thresholds,
                                                                                           new_thresholds)) if a != b]
    )
    st.markdown("**Changes:** " + ("; ".join(changes) if changes else "none yet"))
    body = tuning.edited_body(base_body, edited_factors, edited_indicators, new_thresholds,
                              description=f"edited from {base_name}" if base_name else "edited")

    st.subheader("Preview")
    weeks = load(Q.weeks, ctx.db)["week"].tolist() if not ctx.empty else []
    if not weeks or base_name is None:
        empty_state("No scores yet, so there is nothing to preview.")
    elif st.button("Preview level changes", key="preview"):
        try:
            changed, how = tuning.preview_levels(ctx.db, body, ctx.status.get("weights_version") or base_name,
                                                 weeks[0])
        except (ValueError, OSError) as exc:
            st.error(f"Preview failed: {exc}")
        else:
            st.caption(f"Week of {weeks[0]:%Y-%m-%d}; {how}.")
            if not len(changed):
                st.success("No country would change level.")
            else:
                st.dataframe(changed.assign(current_level=[level_label(v) for v in changed["current_level"]],
                                            new_level=[level_label(v) for v in changed["new_level"]]),
                             hide_index=True, width="stretch")

    st.subheader("Save as a new weights version")
    writing_hint(ctx)
    with st.form("save_weights"):
        name = st.text_input("Version name (no spaces)", key="weights_name")
        description = st.text_input("What changed and why", key="weights_description")
        submitted = st.form_submit_button("Save weights version", disabled=not ctx.analyst)
    if submitted and ctx.analyst:
        try:
            actions.save_weights_version(ctx.db, name, {**body, "description": description or body["description"]},
                                         ctx.analyst, description=description, parent=base_name)
        except actions.ActionError as exc:
            st.error(str(exc))
        else:
            st.cache_data.clear()
            st.success(f"Saved weights version `{name.strip()}` (inactive). Rescore and activate it with "
                       f"`vigil score --weights {name.strip()}` once reviewed.")

    if len(versions):
        st.subheader("Saved versions")
        st.dataframe(versions.drop(columns=["body"]), hide_index=True, width="stretch")


render()
