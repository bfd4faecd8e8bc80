"""The math page's linear algebra: vectors (sum, dot product) and matrices (product, a matrix as a transformation)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.lessons.math import linear_algebra
from dashboard.code_panel import show_code
from dashboard.figures.math import linear_algebra as figures
from dashboard.i18n import t
from dashboard.lessons.math.common import chart, figure_title, latex_number, number, set_default

# --- 1. Vectors ----------------------------------------------------------------------------------


def vectors_ui() -> tuple[list[float | None], list[float | None]]:
    """Two 2-D vectors, typed as numbers."""
    columns = st.columns(4)
    inputs = (
        ("math_vector_ax", t("math.vectors.a_x"), 3.0),
        ("math_vector_ay", t("math.vectors.a_y"), 1.0),
        ("math_vector_bx", t("math.vectors.b_x"), 1.0),
        ("math_vector_by", t("math.vectors.b_y"), 2.0),
    )
    values = [
        column.number_input(label, min_value=-10.0, max_value=10.0, value=default, step=0.5, key=key)
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
    show_code(f"""import numpy as np

a = np.array([{a[0]:g}, {a[1]:g}])
b = np.array([{b[0]:g}, {b[1]:g}])

total = a + b                                     # {total[0]:g}, {total[1]:g}
dot = np.dot(a, b)                                # {result.dot:g}
cos_theta = dot / (np.linalg.norm(a) * np.linalg.norm(b))
theta = np.degrees(np.arccos(np.clip(cos_theta, -1, 1)))
projection = dot / np.dot(b, b) * b               # a's shadow on b
""")


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
    entry_labels = {
        (row, column): t("math.matrices.entry_option", row=row + 1, column=column + 1)
        for row in range(2)
        for column in range(2)
    }
    entry = st.radio(
        t("math.matrices.entry"),
        options=list(entry_labels),
        format_func=entry_labels.__getitem__,
        horizontal=True,
        key="math_matrix_entry",
    )
    return a_frame, b_frame, entry


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
    show_code(f"""import numpy as np
import keras

A = np.array({a.tolist()})
B = np.array({b.tolist()})

A @ B                      # numpy: {product.tolist()}
keras.ops.matmul(A, B)     # the same product, the op inside every Dense layer
A[{row}, :] @ B[:, {column}]         # one entry: row {row + 1} of A times column {column + 1} of B
""")


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
    set_default("math_transform_preset", "stretch")
    for (i, j), key in TRANSFORM_KEYS.items():
        set_default(key, float(linear_algebra.PRESETS["stretch"][i][j]))
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
                f"m{i + 1}{j + 1}", min_value=-5.0, max_value=5.0, step=0.1, format="%.4g", key=key
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
    show_code(f"""import numpy as np

M = np.array({analysis.matrix.tolist()})
np.linalg.det(M)                              # area scale: {analysis.determinant:.4g}
eigenvalues, eigenvectors = np.linalg.eig(M)  # columns v with M @ v == eigenvalue * v

angles = np.linspace(0, 2 * np.pi, 200)
circle = np.stack([np.cos(angles), np.sin(angles)], axis=1)
ellipse = circle @ M.T                        # every point x becomes M @ x
""")


def matrices_section() -> None:
    matrix_product_section()
    st.divider()
    transformation_section()
