"""The math foundations page in AppTest: every tab runs in English and Chinese, and the numbers follow the controls.

The page's tabs are lazy (only the open tab runs), so each test opens its tab through Session State, the way a
click on the tab does. The language is set as the sidebar's selector sets it (the ``?lang=`` link is an e2e test).
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import CATALOG, translate
from tests.helpers import REPO_ROOT, assert_no_exception, open_lesson

PAGE = "app_pages/math.py"
TAB_KEYS = {
    "vectors": "math.tab.vectors",
    "spaces": "math.tab.spaces",
    "matrices": "math.tab.matrices",
    "derivatives": "math.tab.derivatives",
    "chain": "math.tab.chain",
    "gradients": "math.tab.gradients",
    "descent": "math.tab.descent",
    "probability": "math.tab.probability",
}


def open_math_page(language: str = "en", tab: str = "vectors") -> AppTest:
    return open_lesson(PAGE, language, timeout=60, state={"math_tab": translate(TAB_KEYS[tab], language)})


def metric(at: AppTest, label: str) -> str:
    values = [element.value for element in at.metric if element.label == label]
    assert values, f"no metric {label!r} among {[element.label for element in at.metric]}"
    return values[0]


def as_float(text: str) -> float:
    return float(text.replace("−", "-"))


def markdown_text(at: AppTest) -> str:
    return "\n".join(element.value for element in at.markdown)


def latex_text(at: AppTest) -> str:
    return "\n".join(element.value for element in at.latex)


def rerun_ok(at: AppTest) -> AppTest:
    at.run()
    assert_no_exception(at)
    return at


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("tab", list(TAB_KEYS))
def test_every_tab_runs_in_both_languages(language, tab):
    at = open_math_page(language, tab)
    assert at.title[0].value == translate("math.title", language)
    lesson_tabs = [element.label for element in at.tabs][: len(TAB_KEYS)]  # then the course's code, in tabs too
    assert lesson_tabs == [translate(key, language) for key in TAB_KEYS.values()]
    assert translate("math.intro", language) in markdown_text(at)
    # Every tab teaches with at least one figure and one "show the code" expander, in the right language.
    assert at.get("plotly_chart"), "no figure drawn"
    assert any(element.label == translate("common.show_code", language) for element in at.expander)
    assert not at.warning


def test_vectors_dot_product_follows_the_inputs():
    at = open_math_page("en", "vectors")
    assert metric(at, "a · b") == "5"
    assert metric(at, "a + b") == "(4, 3)"
    assert metric(at, translate("math.vectors.angle", "en")) == "45.0°"
    at.number_input(key="math_vector_bx").set_value(-1.0)
    rerun_ok(at)
    assert metric(at, "a · b") == "−1"  # 3 * (-1) + 1 * 2
    assert translate("math.vectors.sign.negative", "en") in [caption.value for caption in at.caption]


def test_zero_vector_explains_that_the_angle_is_undefined():
    at = open_math_page("zh", "vectors")
    at.number_input(key="math_vector_ax").set_value(0.0)
    at.number_input(key="math_vector_ay").set_value(0.0)
    rerun_ok(at)
    assert metric(at, translate("math.vectors.angle", "zh")) == "—"
    assert [info.value for info in at.info] == [translate("math.vectors.zero_vector", "zh")]


def test_matrix_product_is_written_out_entry_by_entry():
    at = open_math_page("en", "matrices")
    assert r"C_{11} = 1 \cdot 5 + 2 \cdot 7 = 19" in latex_text(at)
    at.radio(key="math_matrix_entry").set_value("22")
    rerun_ok(at)
    assert r"C_{22} = 3 \cdot 6 + 4 \cdot 8 = 50" in latex_text(at)


@pytest.mark.parametrize(
    ("preset", "message_key", "kind"),
    [
        ("rotation", "math.transform.complex", "info"),
        ("shear", "math.transform.defective", "info"),
        ("identity", "math.transform.scalar", "info"),
        ("singular", "math.transform.singular", "warning"),
        ("reflection", "math.transform.flip", "info"),
    ],
)
def test_transformation_presets_name_their_awkward_cases(preset, message_key, kind):
    at = open_math_page("zh", "matrices")
    at.selectbox(key="math_transform_preset").set_value(preset)
    rerun_ok(at)
    expected_start = translate(message_key, "zh").split("{")[0][:8]
    messages = [element.value for element in (at.info if kind == "info" else at.warning)]
    assert any(message.startswith(expected_start) for message in messages), messages


def test_singular_matrix_has_determinant_zero_and_rank_one():
    at = open_math_page("en", "matrices")
    at.selectbox(key="math_transform_preset").set_value("singular")
    rerun_ok(at)
    assert metric(at, translate("math.transform.determinant", "en")) == "0"
    assert metric(at, translate("math.transform.rank", "en")) == "1"


def test_free_editing_of_the_matrix_changes_the_determinant():
    at = open_math_page("en", "matrices")
    assert metric(at, translate("math.transform.determinant", "en")) == "3"  # the default stretch [[2, 1], [1, 2]]
    at.number_input(key="math_transform_m12").set_value(-1.0)
    rerun_ok(at)
    assert metric(at, translate("math.transform.determinant", "en")) == "5"
    assert translate("math.transform.edited", "en") in [caption.value for caption in at.caption]


def test_derivative_of_cube_at_two_by_autodiff_and_finite_difference():
    at = open_math_page("en", "derivatives")
    at.selectbox(key="math_derivative_function").set_value("cube")
    rerun_ok(at)
    at.slider(key="math_derivative_x0").set_value(2.0)
    rerun_ok(at)
    assert as_float(metric(at, translate("math.derivative.autodiff", "en"))) == pytest.approx(12.0)
    estimate_label = translate("math.derivative.finite_difference", "en", h="1e-03")
    assert as_float(metric(at, estimate_label)) == pytest.approx(12.0, abs=1e-5)
    error_big_step = as_float(metric(at, translate("math.derivative.error", "en")))
    at.select_slider(key="math_derivative_step").set_value(1e-1)
    rerun_ok(at)
    error_bigger_step = as_float(metric(at, translate("math.derivative.error", "en")))
    assert error_bigger_step > 100 * error_big_step  # truncation error ~ h^2


@pytest.mark.parametrize("language", ["en", "zh"])
def test_x_squared_says_there_is_no_v_and_other_functions_blame_the_third_derivative(language):
    at = open_math_page(language, "derivatives")
    at.selectbox(key="math_derivative_function").set_value("sin")
    rerun_ok(at)
    assert translate("math.derivative.error_explained", language) in markdown_text(at)
    assert translate("math.derivative.error_quadratic", language) not in markdown_text(at)
    at.selectbox(key="math_derivative_function").set_value("square")
    rerun_ok(at)
    assert translate("math.derivative.error_quadratic", language) in markdown_text(at)
    assert translate("math.derivative.error_explained", language) not in markdown_text(at)
    at.select_slider(key="math_derivative_step").set_value(1e-1)
    rerun_ok(at)
    assert as_float(metric(at, translate("math.derivative.error", language))) < 1e-12  # exact at a large h


def test_choosing_a_function_moves_the_point_to_its_default():
    at = open_math_page("en", "derivatives")
    at.slider(key="math_derivative_x0").set_value(-5.0)
    rerun_ok(at)
    at.selectbox(key="math_derivative_function").set_value("log")
    rerun_ok(at)
    assert at.slider(key="math_derivative_x0").value == 1.0
    assert at.slider(key="math_derivative_x0").min > 0  # ln x only offers x > 0


def test_kink_of_abs_at_zero_is_explained():
    at = open_math_page("zh", "derivatives")
    at.selectbox(key="math_derivative_function").set_value("abs")
    rerun_ok(at)
    at.slider(key="math_derivative_x0").set_value(0.0)
    rerun_ok(at)
    assert any(info.value.startswith(translate("math.derivative.kink", "zh")[:6]) for info in at.info)


def test_log_with_a_step_that_leaves_the_domain_warns_and_keeps_working():
    at = open_math_page("en", "derivatives")
    at.selectbox(key="math_derivative_function").set_value("log")
    rerun_ok(at)
    at.slider(key="math_derivative_x0").set_value(0.05)
    at.select_slider(key="math_derivative_step").set_value(1e-1)
    rerun_ok(at)
    assert [warning.value for warning in at.warning] == [
        translate("math.derivative.outside_domain", "en", h="1e-01", x="0.05")
    ]
    assert as_float(metric(at, translate("math.derivative.autodiff", "en"))) == pytest.approx(20.0)


def test_chain_rule_product_matches_autodiff_and_follows_x():
    at = open_math_page("en", "chain")
    product = metric(at, translate("math.chain.product_vs_autodiff", "en"))
    assert as_float(product) == pytest.approx(0.39322387, rel=1e-6)  # sigmoid'(1) * 2 at x = 1, w = 2, b = -1
    at.selectbox(key="math_chain_composition").set_value("sin_square")
    rerun_ok(at)
    at.slider(key="math_chain_x").set_value(1.5)
    rerun_ok(at)
    assert as_float(metric(at, "u")) == pytest.approx(2.25)
    assert as_float(metric(at, translate("math.chain.product_vs_autodiff", "en"))) == pytest.approx(-1.885, abs=1e-3)


def test_gradient_of_the_bowl_at_a_chosen_point():
    at = open_math_page("en", "gradients")
    at.selectbox(key="math_gradient_surface").set_value("bowl")
    rerun_ok(at)
    at.slider(key="math_gradient_x").set_value(1.0)
    at.slider(key="math_gradient_y").set_value(-2.0)
    rerun_ok(at)
    assert as_float(metric(at, "∂f/∂x")) == pytest.approx(2.0)
    assert as_float(metric(at, "∂f/∂y")) == pytest.approx(-4.0)
    assert as_float(metric(at, "f(x, y)")) == pytest.approx(5.0)


def test_flat_spot_is_named():
    at = open_math_page("en", "gradients")
    at.selectbox(key="math_gradient_surface").set_value("saddle")
    rerun_ok(at)
    at.slider(key="math_gradient_x").set_value(0.0)
    at.slider(key="math_gradient_y").set_value(0.0)
    rerun_ok(at)
    assert translate("math.gradient.flat", "en") in [info.value for info in at.info]


def test_descent_race_table_and_divergence_message():
    at = open_math_page("en", "descent")
    table = at.dataframe[0].value
    assert len(table) == 4
    assert not at.warning
    at.selectbox(key="math_descent_surface").set_value("elongated_bowl")
    rerun_ok(at)
    at.select_slider(key="math_descent_learning_rate").set_value(1.0)
    rerun_ok(at)
    warnings = [warning.value for warning in at.warning]
    assert any(re.search(r"SGD diverged at step \d+", warning) for warning in warnings), warnings
    statuses = at.dataframe[0].value[translate("math.descent.table.status", "en")].tolist()
    assert any(status.startswith("diverged at step") for status in statuses)


def test_descent_with_no_optimizer_asks_for_one():
    at = open_math_page("zh", "descent")
    at.multiselect(key="math_descent_optimizers").set_value([])
    rerun_ok(at)
    assert [info.value for info in at.info] == [translate("math.descent.none_selected", "zh")]


def test_descent_surface_choice_resets_start_and_learning_rate():
    at = open_math_page("en", "descent")
    at.selectbox(key="math_descent_surface").set_value("rosenbrock")
    rerun_ok(at)
    assert at.select_slider(key="math_descent_learning_rate").value == 0.001
    assert at.slider(key="math_descent_start_x").value == -1.5


def test_probability_metrics_follow_the_parameters():
    at = open_math_page("en", "probability")
    assert metric(at, translate("math.probability.expectation_theory", "en")) == "0"
    at.slider(key="math_probability_mean").set_value(2.0)
    at.slider(key="math_probability_std").set_value(3.0)
    rerun_ok(at)
    assert metric(at, translate("math.probability.expectation_theory", "en")) == "2"
    assert metric(at, translate("math.probability.variance_theory", "en")) == "9"
    sample_mean = as_float(metric(at, translate("math.probability.sample_mean", "en")))
    assert sample_mean == pytest.approx(2.0, abs=0.5)


def test_bernoulli_theory_and_a_different_seed():
    at = open_math_page("zh", "probability")
    at.radio(key="math_probability_distribution").set_value("bernoulli")
    rerun_ok(at)
    assert metric(at, translate("math.probability.expectation_theory", "zh")) == "0.3"
    assert metric(at, translate("math.probability.variance_theory", "zh")) == "0.21"
    before = metric(at, translate("math.probability.sample_mean", "zh"))
    at.number_input(key="math_probability_seed").set_value(12)
    rerun_ok(at)
    assert metric(at, translate("math.probability.sample_mean", "zh")) != before


def test_every_math_key_used_in_code_is_in_the_catalog_in_both_languages():
    sources = [REPO_ROOT / PAGE]
    for folder in ("dashboard/lessons/math", "dashboard/figures/math"):
        sources += sorted((REPO_ROOT / folder).glob("*.py"))
    used = set()
    for source in sources:
        used |= set(re.findall(r"""\bt\(\s*["']([^"']+)["']""", source.read_text(encoding="utf-8")))
    assert used, "no t() keys found"
    for key in sorted(used):
        assert key in CATALOG, key
        assert CATALOG[key].get("en") and CATALOG[key].get("zh"), key


# --- Issue 17: vector spaces, SymPy beside autodiff, runnable code, the course's code -------------------------


def code_text(at: AppTest) -> str:
    return "\n".join(element.value for element in at.code)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_vector_spaces_show_the_courses_sum_and_a_basis_of_the_plane(language):
    at = open_math_page(language, "spaces")
    latex = latex_text(at)
    assert "5" in latex and "7" in latex and "9" in latex and "bmatrix" in latex  # [1,2,3] + [4,5,6] = [5,7,9]
    assert metric(at, translate("math.spaces.rank", language)) == "2"
    assert metric(at, translate("math.spaces.independent", language)) == translate("math.spaces.yes", language)
    assert metric(at, translate("math.spaces.span", language)) == translate("math.spaces.kind.whole_plane", language)
    assert translate("math.spaces.explain.whole_plane", language) in markdown_text(at)
    assert r"w = 0.6667\,u + 1.667\,v" in latex_text(at)  # (3, 4) = 2/3·(2, 1) + 5/3·(1, 2)
    code = code_text(at)
    assert "u = [2.0, 1.0]" in code and translate("math.code.on_screen", language) in code


def test_dependent_vectors_span_a_line_and_in_3d_the_courses_vectors_span_a_plane():
    at = open_math_page("en", "spaces")
    at.number_input(key="math_spaces_2_v_x").set_value(4.0)
    at.number_input(key="math_spaces_2_v_y").set_value(2.0)  # v = 2u
    rerun_ok(at)
    assert metric(at, translate("math.spaces.rank", "en")) == "1"
    assert metric(at, translate("math.spaces.span", "en")) == translate("math.spaces.kind.line", "en")
    assert any(translate("math.spaces.not_in_span", "en", distance="")[:40] in box.value for box in at.info)
    at.session_state["math_spaces_dimension"] = 3
    rerun_ok(at)
    assert metric(at, translate("math.spaces.span", "en")) == translate("math.spaces.kind.plane", "en")
    assert r"w = 1\,u + 1\,v" in latex_text(at)  # the course's sum [5, 7, 9] lies in the plane
    assert translate("math.spaces.explain.plane", "en") in markdown_text(at)
    at.number_input(key="math_spaces_3_w_z").set_value(0.0)
    rerun_ok(at)
    assert at.info  # off the plane: no combination reaches it


@pytest.mark.parametrize("language", ["en", "zh"])
def test_sympy_derivative_beside_autodiff_for_x_squared(language):
    at = open_math_page(language, "derivatives")
    at.selectbox(key="math_derivative_function").set_value("square")
    rerun_ok(at)
    at.slider(key="math_derivative_x0").set_value(1.5)
    rerun_ok(at)
    autodiff = as_float(metric(at, translate("math.derivative.autodiff", language)))
    assert as_float(metric(at, translate("math.derivative.symbolic", language))) == autodiff == 3.0
    assert "= 2 x" in latex_text(at)
    assert translate("math.derivative.symbolic_agrees", language) in "\n".join(c.value for c in at.caption)
    code = code_text(at)  # the snippet runs as shown: x² and the chosen point filled in, comments translated
    assert "f = lambda x: x**2" in code and "x0 = 1.5" in code and "formula = X**2" in code
    assert translate("math.code.derivative.symbolic", language) in code


def test_sympy_partials_of_x2_plus_y2_are_2x_and_2y():
    at = open_math_page("en", "gradients")
    at.selectbox(key="math_gradient_surface").set_value("bowl")
    rerun_ok(at)
    at.slider(key="math_gradient_x").set_value(1.0)
    at.slider(key="math_gradient_y").set_value(-2.0)
    rerun_ok(at)
    latex = latex_text(at)
    assert "= 2 x = 2," in latex and "= 2 y = (-4)" in latex
    assert translate("math.gradient.symbolic_agrees", "en") in "\n".join(c.value for c in at.caption)
    assert "x0, y0 = 1.0, -2.0" in code_text(at)


def test_the_courses_code_is_offered_in_chinese_with_its_three_parts():
    at = open_math_page("zh", "probability")
    assert any(element.label == translate("course.code.title", "zh") for element in at.expander)
    code = code_text(at)
    for name in ("linear_algebra", "calculus", "probability"):
        assert any(tab.label == translate(f"math.course.code.{name}", "zh") for tab in at.tabs)
    assert "np.array([[1, 2], [3, 4]])" in code and "sp.diff(g, y)" in code and "rng.binomial" in code
    assert translate("math.course.code.eigen", "zh") in code and "{math." not in code
