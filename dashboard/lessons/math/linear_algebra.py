"""The math page's linear algebra: vectors (sum, dot product) and matrices (product, a matrix as a transformation)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.lessons.math import linear_algebra
from dashboard.figures.math import linear_algebra as figures
from dashboard.i18n import t
from dashboard.lessons.math.common import Code, chart, figure_title, latex_number, number, set_default, show_code_sample
from dashboard.setups.math import (
    AXES,
    DEFAULT_PRESET,
    MATRIX_ENTRIES,
    SPACE_DEFAULTS,
    TRANSFORM_LIMIT,
    VECTOR_DEFAULTS,
    VECTOR_LIMIT,
)

# --- 1. Vectors ----------------------------------------------------------------------------------


def vectors_ui() -> tuple[list[float | None], list[float | None]]:
    """Two 2-D vectors, typed as numbers."""
    columns = st.columns(4)
    (a_x, a_y), (b_x, b_y) = VECTOR_DEFAULTS["a"], VECTOR_DEFAULTS["b"]
    inputs = (
        ("math_vector_ax", t("math.vectors.a_x"), a_x),
        ("math_vector_ay", t("math.vectors.a_y"), a_y),
        ("math_vector_bx", t("math.vectors.b_x"), b_x),
        ("math_vector_by", t("math.vectors.b_y"), b_y),
    )
    values = [
        column.number_input(label, min_value=-VECTOR_LIMIT, max_value=VECTOR_LIMIT, value=default, step=0.5, key=key)
        for column, (key, label, default) in zip(columns, inputs)
    ]
    return values[:2], values[2:]


def vectors_section() -> None:
    st.markdown(t("math.vectors.idea"))
    a_values, b_values = vectors_ui()
    try:
        total = linear_algebra.vector_sum(a_values, b_values)
        result = linear_algebra.dot_product(a_values, b_values)
    except ValueError:
        st.warning(t("math.vectors.invalid"))
        return
    a, b = result.a, result.b

    left, right = st.columns(2)
    with left:
        figure_title(t("math.vectors.figure.sum_title"))
        chart(figures.vector_sum_figure(a, b), key="math_vectors_sum_chart")
    with right:
        figure_title(t("math.vectors.figure.dot_title"))
        chart(figures.dot_product_figure(a, b, result.projection, result.angle_degrees), key="math_vectors_dot_chart")

    columns = st.columns(6)
    columns[0].metric("a + b", f"({number(total[0])}, {number(total[1])})")
    columns[1].metric("a · b", number(result.dot))
    columns[2].metric("|a|", number(result.norm_a))
    columns[3].metric("|b|", number(result.norm_b))
    columns[4].metric(t("math.vectors.angle"), "—" if result.angle_degrees is None else f"{result.angle_degrees:.1f}°")
    columns[5].metric(
        t("math.vectors.shadow"), "—" if result.scalar_projection is None else number(result.scalar_projection)
    )

    sum_of_products = (
        rf"{latex_number(a[0])} \cdot {latex_number(b[0])} + {latex_number(a[1])} \cdot {latex_number(b[1])}"
    )
    if result.cosine is None:
        st.latex(rf"a \cdot b = a_x b_x + a_y b_y = {sum_of_products} = {latex_number(result.dot)}")
        st.info(t("math.vectors.zero_vector"))
    else:
        st.latex(
            rf"a \cdot b = {sum_of_products} = {latex_number(result.dot)}"
            rf" = |a|\,|b|\cos\theta = {latex_number(result.norm_a)} \times {latex_number(result.norm_b)}"
            rf" \times {latex_number(result.cosine)}"
        )
        if abs(result.cosine) < 1e-9:
            st.caption(t("math.vectors.sign.zero"))
        elif result.dot > 0:
            st.caption(t("math.vectors.sign.positive"))
        else:
            st.caption(t("math.vectors.sign.negative"))
    show_code_sample(
        "math_vectors",
        {"a": Code(f"np.array({[float(a[0]), float(a[1])]})"), "b": Code(f"np.array({[float(b[0]), float(b[1])]})")},
    )


# --- 2. Matrices ---------------------------------------------------------------------------------


def matrix_frame(values) -> pd.DataFrame:
    return pd.DataFrame(
        np.asarray(values, dtype=np.float64), columns=[t("math.matrices.column_1"), t("math.matrices.column_2")]
    )


def matrix_product_ui() -> tuple[pd.DataFrame, pd.DataFrame, tuple[int, int]]:
    """Two editable 2x2 matrices and the entry of the product to explain."""
    number_column = st.column_config.NumberColumn(format="%g", step=0.5)
    column_config = {t("math.matrices.column_1"): number_column, t("math.matrices.column_2"): number_column}
    left, right = st.columns(2)
    with left:
        st.markdown("**A**")
        a_frame = st.data_editor(
            matrix_frame([[1, 2], [3, 4]]),
            key="math_matrix_a",
            hide_index=True,
            column_config=column_config,
            width="stretch",
        )
    with right:
        st.markdown("**B**")
        b_frame = st.data_editor(
            matrix_frame([[5, 6], [7, 8]]),
            key="math_matrix_b",
            hide_index=True,
            column_config=column_config,
            width="stretch",
        )
    # Labels are made now, in this run's language: a format_func that calls t() later could run elsewhere.
    # An entry is named by its row and column ("12"), the name a link uses.
    entry_labels = {entry: t("math.matrices.entry_option", row=entry[0], column=entry[1]) for entry in MATRIX_ENTRIES}
    entry = st.radio(
        t("math.matrices.entry"),
        options=list(entry_labels),
        format_func=entry_labels.__getitem__,
        horizontal=True,
        key="math_matrix_entry",
    )
    return a_frame, b_frame, (int(entry[0]) - 1, int(entry[1]) - 1)


def matrix_product_section() -> None:
    st.subheader(t("math.matrices.product_title"))
    st.markdown(t("math.matrices.product_idea"))
    a_frame, b_frame, (row, column) = matrix_product_ui()
    try:
        a = linear_algebra.as_matrix(a_frame.to_numpy(dtype=np.float64, na_value=np.nan), "matrix A")
        b = linear_algebra.as_matrix(b_frame.to_numpy(dtype=np.float64, na_value=np.nan), "matrix B")
        product = linear_algebra.matrix_product(a, b)
        entry = linear_algebra.product_entry(a, b, row, column)
    except (ValueError, TypeError):
        st.warning(t("math.matrices.invalid"))
        return
    chart(figures.matrix_product_figure(a, b, product, row, column), key="math_matrix_product_chart")
    terms = " + ".join(rf"{latex_number(left)} \cdot {latex_number(right)}" for left, right in entry.terms)
    st.latex(rf"C_{{{row + 1}{column + 1}}} = {terms} = {latex_number(entry.value, 8)}")
    st.caption(t("math.matrices.product_rule", row=row + 1, column=column + 1))
    show_code_sample(
        "math_matrix_product",
        {
            "A": Code(f"np.array({a.tolist()})"),
            "B": Code(f"np.array({b.tolist()})"),
            "row, column": Code(f"{row}, {column}"),
        },
    )


def apply_preset() -> None:
    """Copy the chosen preset into the four matrix inputs (a callback, so it runs before they are drawn)."""
    matrix = linear_algebra.PRESETS[st.session_state["math_transform_preset"]]
    for (i, j), key in TRANSFORM_KEYS.items():
        st.session_state[key] = float(matrix[i][j])


TRANSFORM_KEYS = {
    (0, 0): "math_transform_m11",
    (0, 1): "math_transform_m12",
    (1, 0): "math_transform_m21",
    (1, 1): "math_transform_m22",
}


def transformation_ui() -> np.ndarray:
    """A preset to start from, then the four entries, free to edit."""
    preset_names = {preset: t(f"math.transform.preset.{preset}") for preset in linear_algebra.PRESETS}
    set_default("math_transform_preset", DEFAULT_PRESET)
    for (i, j), key in TRANSFORM_KEYS.items():
        set_default(key, float(linear_algebra.PRESETS[DEFAULT_PRESET][i][j]))
    left, right = st.columns([1, 1])
    with left:
        preset = st.selectbox(
            t("math.transform.preset"),
            options=list(preset_names),
            format_func=preset_names.__getitem__,
            key="math_transform_preset",
            on_change=apply_preset,
        )
    with right:
        st.markdown(t("math.transform.entries"))
        rows = [st.columns(2), st.columns(2)]
        values = np.zeros((2, 2))
        for (i, j), key in TRANSFORM_KEYS.items():
            values[i, j] = rows[i][j].number_input(
                f"m{i + 1}{j + 1}",
                min_value=-TRANSFORM_LIMIT,
                max_value=TRANSFORM_LIMIT,
                step=0.1,
                format="%.4g",
                key=key,
            )
    if not np.allclose(values, linear_algebra.PRESETS[preset]):
        left.caption(t("math.transform.edited"))
    return values


def eigenvalue_text(value: complex) -> str:
    if abs(value.imag) < 1e-12:
        return number(value.real, 3)
    return f"{number(value.real, 3)} ± {number(abs(value.imag), 3)}i"


def transformation_section() -> None:
    st.subheader(t("math.transform.title"))
    st.markdown(t("math.transform.idea"))
    values = transformation_ui()
    try:
        analysis = linear_algebra.analyse_transformation(values)
    except ValueError:
        st.warning(t("math.transform.invalid"))
        return
    directions = [(direction.value, direction.vector) for direction in analysis.directions]
    chart(
        figures.transformation_figure(
            analysis.matrix,
            linear_algebra.grid_lines(3, 2),
            linear_algebra.unit_circle(),
            linear_algebra.unit_square(),
            directions,
        ),
        key="math_transform_chart",
    )
    columns = st.columns(4)
    columns[0].metric(
        t("math.transform.determinant"), number(analysis.determinant), help=t("math.transform.determinant_help")
    )
    columns[1].metric(t("math.transform.trace"), number(analysis.trace))
    eigenvalues = analysis.eigenvalues
    if analysis.kind == "complex":
        columns[2].metric("λ₁, λ₂", eigenvalue_text(eigenvalues[0]))
    else:
        columns[2].metric("λ₁, λ₂", ", ".join(number(value, 3) for value in sorted(eigenvalues.real, reverse=True)))
    columns[3].metric(t("math.transform.rank"), str(analysis.rank))

    st.markdown(t("math.transform.area", area=number(abs(analysis.determinant))))
    if analysis.rank == 0:
        st.warning(t("math.transform.rank_zero"))
    elif analysis.singular:
        st.warning(t("math.transform.singular"))
    if analysis.kind == "complex":
        value = eigenvalues[0]
        st.info(t("math.transform.complex", real=number(value.real), imaginary=number(abs(value.imag))))
    elif analysis.kind == "scalar":
        st.info(t("math.transform.scalar", value=number(analysis.directions[0].value)))
    elif analysis.kind == "defective":
        st.info(t("math.transform.defective", value=number(analysis.directions[0].value)))
    else:
        st.caption(t("math.transform.distinct"))
    if analysis.flips_orientation:
        st.info(t("math.transform.flip"))
    show_code_sample("math_transform", {"M": Code(f"np.array({analysis.matrix.tolist()})")})


def matrices_section() -> None:
    matrix_product_section()
    st.divider()
    transformation_section()


# --- Vector spaces -------------------------------------------------------------------------------


def course_vectors_ui() -> None:
    """The course's own example, [1, 2, 3] + [4, 5, 6] = [5, 7, 9], computed."""
    a, b, total = linear_algebra.course_vector_sum()

    def column(vector) -> str:
        return r"\begin{bmatrix}" + r" \\ ".join(latex_number(value) for value in vector) + r"\end{bmatrix}"

    st.markdown(t("math.spaces.course"))
    st.latex(rf"{column(a)} + {column(b)} = {column(total)}")


def spaces_ui() -> tuple[int, list, list, list]:
    """2-D or 3-D, then u, v and the target w, typed component by component."""
    # Labels are made now, in this run's language (as the matrix entries above).
    dimension_names = {2: t("math.spaces.dimension_2"), 3: t("math.spaces.dimension_3")}
    vector_labels = {
        "u": t("math.spaces.vector_u"),
        "v": t("math.spaces.vector_v"),
        "w": t("math.spaces.vector_w"),
    }
    dimension = st.segmented_control(
        t("math.spaces.dimension"),
        options=[2, 3],
        format_func=dimension_names.__getitem__,
        default=2,
        key="math_spaces_dimension",
    )
    dimension = int(dimension or 2)
    values: dict[str, list] = {}
    for name, column in zip(("u", "v", "w"), st.columns(3)):
        with column:
            st.markdown(vector_labels[name])
            parts = st.columns(dimension)
            values[name] = [
                part.number_input(
                    axis,
                    min_value=-VECTOR_LIMIT,
                    max_value=VECTOR_LIMIT,
                    value=SPACE_DEFAULTS[dimension][name][index],
                    step=0.5,
                    key=f"math_spaces_{dimension}_{name}_{axis}",
                )
                for index, (part, axis) in enumerate(zip(parts, AXES))
            ]
    return dimension, values["u"], values["v"], values["w"]


def spaces_section() -> None:
    st.markdown(t("math.spaces.idea"))
    course_vectors_ui()
    dimension, u, v, w = spaces_ui()
    try:
        analysis = linear_algebra.span_analysis(u, v, w)
    except (ValueError, TypeError):
        st.warning(t("math.spaces.invalid"))
        return
    if dimension == 2:
        figure_title(t("math.spaces.figure.title_2"))
        figure = figures.span_figure_2d(analysis.vectors, analysis.rank, analysis.target, analysis.coefficients)
    else:
        figure_title(t("math.spaces.figure.title_3"))
        figure = figures.span_figure_3d(analysis.vectors, analysis.rank, analysis.target, analysis.coefficients)
    chart(figure, key=f"math_spaces_chart_{dimension}")

    columns = st.columns(3)
    columns[0].metric(t("math.spaces.rank"), str(analysis.rank), help=t("math.spaces.rank_help"))
    columns[1].metric(
        t("math.spaces.independent"), t("math.spaces.yes") if analysis.independent else t("math.spaces.no")
    )
    kinds = {
        "point": (t("math.spaces.kind.point"), t("math.spaces.explain.point")),
        "line": (t("math.spaces.kind.line"), t("math.spaces.explain.line")),
        "plane": (t("math.spaces.kind.plane"), t("math.spaces.explain.plane")),
        "whole_plane": (t("math.spaces.kind.whole_plane"), t("math.spaces.explain.whole_plane")),
    }
    kind_name, kind_explained = kinds[analysis.kind]
    columns[2].metric(t("math.spaces.span"), kind_name)
    st.markdown(kind_explained)
    a, b = analysis.coefficients
    if analysis.in_span:
        st.latex(rf"w = {latex_number(a)}\,u + {latex_number(b)}\,v")
        st.caption(t("math.spaces.in_span"))
    else:
        st.info(t("math.spaces.not_in_span", distance=number(analysis.residual)))
    show_code_sample(
        "math_spaces",
        settings={"u": list(map(float, u)), "v": list(map(float, v)), "w": list(map(float, w))},
    )
