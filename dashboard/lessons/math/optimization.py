"""The math page's optimization: real Keras optimizers racing down a loss surface."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.lessons.math import calculus, optimization
from dashboard.figures.math import optimization as figures
from dashboard.i18n import t
from dashboard.lessons.math.calculus import surface_grid, surface_names
from dashboard.lessons.math.code import SURFACE_CODE, optimizers_setting
from dashboard.lessons.math.common import Code, chart, clamp_state, set_default, show_code_sample
from dashboard.setups.math import DESCENT_SURFACES, LEARNING_RATES, MAX_DESCENT_STEPS


@st.cache_data(max_entries=128, show_spinner=False)
def descent_race(
    surface_key: str, optimizer_keys: tuple[str, ...], learning_rate: float, steps: int, start: tuple[float, float]
):
    return optimization.race(surface_key, optimizer_keys, learning_rate, steps, start)


# --- 6. Gradient descent -------------------------------------------------------------------------


def reset_descent_settings() -> None:
    surface = calculus.get_surface(st.session_state["math_descent_surface"])
    st.session_state["math_descent_start_x"], st.session_state["math_descent_start_y"] = surface.start
    st.session_state["math_descent_learning_rate"] = surface.default_learning_rate


def descent_ui() -> tuple[str, tuple[str, ...], float, int, tuple[float, float]]:
    names = surface_names()
    optimizer_names = {key: figures.optimizer_name(key) for key in optimization.OPTIMIZER_KEYS}
    set_default("math_descent_surface", "himmelblau")
    default_surface = calculus.get_surface(st.session_state["math_descent_surface"])
    set_default("math_descent_learning_rate", default_surface.default_learning_rate)
    top = st.columns([1.2, 2.4])
    surface_key = top[0].selectbox(
        t("math.descent.surface"),
        options=list(DESCENT_SURFACES),
        format_func=names.__getitem__,
        key="math_descent_surface",
        on_change=reset_descent_settings,
        help=t("math.descent.surface_help"),
    )
    chosen = top[1].multiselect(
        t("math.descent.optimizers"),
        options=list(optimizer_names),
        default=list(optimizer_names),
        format_func=optimizer_names.__getitem__,
        key="math_descent_optimizers",
    )
    surface = calculus.get_surface(surface_key)
    set_default("math_descent_start_x", surface.start[0])
    set_default("math_descent_start_y", surface.start[1])
    clamp_state("math_descent_start_x", *surface.x_range)
    clamp_state("math_descent_start_y", *surface.y_range)
    columns = st.columns(4)
    learning_rate = columns[0].select_slider(
        t("math.descent.learning_rate"),
        options=list(LEARNING_RATES),
        format_func=lambda rate: f"{rate:g}",
        key="math_descent_learning_rate",
    )
    steps = columns[1].slider(
        t("math.descent.steps"),
        min_value=1,
        max_value=MAX_DESCENT_STEPS,
        value=MAX_DESCENT_STEPS,
        key="math_descent_steps",
    )
    start_x = columns[2].slider(
        t("math.descent.start_x"),
        min_value=float(surface.x_range[0]),
        max_value=float(surface.x_range[1]),
        step=0.05,
        key="math_descent_start_x",
    )
    start_y = columns[3].slider(
        t("math.descent.start_y"),
        min_value=float(surface.y_range[0]),
        max_value=float(surface.y_range[1]),
        step=0.05,
        key="math_descent_start_y",
    )
    ordered = tuple(key for key in optimization.OPTIMIZER_KEYS if key in chosen)
    return surface_key, ordered, float(learning_rate), int(steps), (float(start_x), float(start_y))


def descent_section() -> None:
    st.markdown(t("math.descent.idea"))
    surface_key, optimizer_keys, learning_rate, steps, start = descent_ui()
    surface = calculus.get_surface(surface_key)
    if not optimizer_keys:
        st.info(t("math.descent.none_selected"))
        return
    try:
        trajectories = descent_race(surface_key, optimizer_keys, learning_rate, steps, start)
        xs, ys, values = surface_grid(surface_key, 120)
    except ValueError:
        st.warning(t("math.descent.invalid"))
        return
    st.latex(surface.latex)
    for key, trajectory in trajectories.items():
        if trajectory.diverged_at is not None:
            st.warning(t("math.descent.diverged", optimizer=figures.optimizer_name(key), step=trajectory.diverged_at))
    left, right = st.columns([3, 2])
    with left:
        st.markdown("**" + t("math.descent.paths_title") + "**")
        chart(
            figures.descent_figure(
                xs, ys, values, surface.log_contours, trajectories, surface.minima, surface.x_range, surface.y_range
            ),
            key="math_descent_chart",
        )
    with right:
        st.markdown("**" + t("math.descent.loss_title") + "**")
        chart(figures.loss_curves_figure(trajectories, surface.minimum_value or 0.0), key="math_descent_loss_chart")

    rows = []
    for key, trajectory in trajectories.items():
        status = (
            t("math.descent.status.diverged", step=trajectory.diverged_at)
            if trajectory.diverged_at is not None
            else t("math.descent.status.finished", steps=trajectory.steps_taken)
        )
        rows.append(
            {
                t("math.descent.table.optimizer"): figures.optimizer_name(key),
                t("math.descent.table.loss"): trajectory.final_loss,
                "x": trajectory.final_position[0],
                "y": trajectory.final_position[1],
                t("math.descent.table.status"): status,
            }
        )
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            t("math.descent.table.loss"): st.column_config.NumberColumn(format="%.4g"),
            "x": st.column_config.NumberColumn(format="%.4f"),
            "y": st.column_config.NumberColumn(format="%.4f"),
        },
    )
    st.markdown(t("math.descent.takeaways"))
    show_code_sample(
        "math_descent",
        {
            "f": Code(SURFACE_CODE[surface_key][0]),
            "start": [float(start[0]), float(start[1])],
            "LEARNING_RATE": float(learning_rate),
            "steps": int(steps),
            "optimizers": optimizers_setting(optimizer_keys),
        },
    )
