"""AppTest runs of the activations page (/activations) in English and Chinese: it renders, and its numbers follow
the widgets. The language is set through session state: AppTest does not seed a widget bound to query parameters
from ``at.query_params``."""

import math

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.lessons import activations
from dashboard.i18n import code_sample, translate
from tests.helpers import metric_values, open_lesson

PAGE = "app_pages/activations.py"


def open_page(language: str) -> AppTest:
    return open_lesson(PAGE, language, timeout=60)


def latex_values(app: AppTest) -> list[str]:
    # st.latex wraps its body in $$ ... $$ lines.
    return [element.value.strip().strip("$").strip() for element in app.latex]


def warnings_text(app: AppTest) -> list[str]:
    return [warning.value for warning in app.warning]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_page_renders_every_section_in_the_language(language):
    app = open_page(language)
    assert app.title[0].value == translate("act.title", language)
    headers = [header.value for header in app.header]
    for key in ("act.curves.header", "act.focus.header", "act.softmax.header", "act.neuron.header"):
        assert translate(key, language) in headers
    labels = metric_values(app)
    assert translate("act.neuron.metric.z", language) in labels
    assert translate("act.softmax.metric.entropy", language) in labels
    # Formula of the focused function (sigmoid) and the neuron's arithmetic, as LaTeX.
    latex = latex_values(app)
    assert any(r"\frac{1}{1 + e^{-x}}" in value for value in latex)
    assert any(value.startswith("z = 0.5 \\cdot 1.0 + (-0.3) \\cdot 2.0") for value in latex)
    # Every section ends with its code, commented in the page's language.
    assert [expander.label for expander in app.expander] == [translate("common.show_code", language)] * 4 + [
        translate("course.code.title", language)  # the course's code, last (issue 17)
    ]
    assert [block.value.strip() for block in app.main.code] == [  # the sidebar has the copy-link box
        code_sample(f"activations_{section}", language).strip() for section in ("curves", "focus", "softmax", "neuron")
    ] + [code_sample("course_activations_numpy", language).strip()]
    assert not warnings_text(app)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_focus_code_prints_sigmoids_two_saturated_tails_not_the_whole_range(language, capsys):
    exec(code_sample("activations_focus", language), {})  # noqa: S102 - our own code sample, run as a reader would
    printed = capsys.readouterr().out.splitlines()
    left, right = (float(line.rsplit(" ", 1)[1]) for line in printed)
    # σ′(x) = σ(1 − σ) falls below 5% of its peak 0.25 where σ = (1 + √0.95) / 2, i.e. |x| > ln(σ / (1 − σ)) ≈ 4.36.
    sigma = (1 + math.sqrt(0.95)) / 2
    edge = math.log(sigma / (1 - sigma))
    grid_step = 12.0 / 400
    assert -edge - grid_step <= left < -edge
    assert edge < right <= edge + grid_step
    assert printed[0].startswith(translate("act.code.focus.saturating_left", language))
    assert printed[1].startswith(translate("act.code.focus.saturating_right", language))


def test_comparison_table_has_one_row_per_selected_function_and_follows_the_selection():
    app = open_page("en")
    name_column = translate("act.table.col.name", "en")
    table = app.dataframe[0].value.set_index(name_column)
    assert list(table.index) == ["sigmoid", "tanh", "ReLU"]
    slope_at_zero = table[translate("act.table.col.slope_at_zero", "en")].to_dict()
    assert slope_at_zero == {"sigmoid": 0.25, "tanh": 1.0, "ReLU": 0.0}

    app.multiselect(key="act_curves_ids").select("gelu").run()
    assert not app.exception
    table = app.dataframe[0].value.set_index(name_column)
    assert list(table.index)[-1] == "GELU"
    assert table.loc["GELU", translate("act.table.col.monotonic", "en")] == translate("act.table.no", "en")


def test_no_function_selected_shows_a_message_and_the_rest_still_works():
    app = open_page("en")
    app.multiselect(key="act_curves_ids").set_value([]).run()
    assert not app.exception
    assert translate("act.curves.pick_one", "en") in [info.value for info in app.info]
    assert translate("act.focus.header", "en") in [header.value for header in app.header]


def test_moving_x_changes_the_focus_metrics():
    app = open_page("en")
    before = metric_values(app)
    assert before["f(2)"] == "0.8808"  # sigmoid(2)
    app.slider(key="act_focus_x").set_value(-3.0).run()
    after = metric_values(app)
    assert after["f(-3)"] == f"{1 / (1 + np.exp(3)):.4f}"
    assert after["f′(-3)"] == f"{np.exp(-3) / (1 + np.exp(-3)) ** 2:.4f}"


def test_relu_focus_reports_its_dead_region():
    app = open_page("zh")
    app.selectbox(key="act_focus_id").set_value("relu").run()
    app.slider(key="act_focus_x").set_value(-2.0).run()
    assert not app.exception
    assert metric_values(app)["f′(-2)"] == "0.0000"
    # The same interval the core finds on the default range [-6, 6], in Chinese.
    grid = activations.x_grid(-6.0, 6.0, 401)
    (dead,) = activations.gradient_regions(grid, activations.values_and_derivatives("relu", grid)[1])
    expected = translate("act.focus.regions.dead", "zh", intervals=f"[{dead.start:.2f}, {dead.end:.2f}]")
    assert expected in [element.value for element in app.markdown]


def test_temperature_sharpens_and_flattens_the_softmax():
    app = open_page("en")
    top_label = translate("act.softmax.metric.top", "en", index=1)
    assert metric_values(app)[top_label] == "63.81%"
    app.select_slider(key="act_softmax_temperature").set_value(0.1).run()
    assert metric_values(app)[top_label] == "100.00%"
    app.select_slider(key="act_softmax_temperature").set_value(10.0).run()
    assert float(metric_values(app)[top_label].rstrip("%")) < 30.0


@pytest.mark.parametrize(
    ("text", "key", "values"),
    [
        ("", "act.softmax.error.empty", {}),
        ("1, abc", "act.softmax.error.not_number", {"position": 2, "entry": "abc"}),
        ("1, , 2", "act.softmax.error.empty_entry", {"position": 2}),
        ("5", "act.softmax.error.too_few", {"minimum": 2, "count": 1}),
        ("1e308, 0", "act.softmax.error.overflow", {"temperature": "0.1"}),
    ],
)
def test_bad_logits_show_a_translated_warning_and_the_page_keeps_working(text, key, values):
    app = open_page("zh")
    app.text_input(key="act_softmax_logits").set_value(text).run()
    assert not app.exception
    assert translate(key, "zh", **values) in warnings_text(app)
    # The charts fall back to the default example, and the neuron below still responds.
    app.slider(key="act_neuron_bias").set_value(1.0).run()
    assert not app.exception
    # z = 0.5 * 1.0 + (-0.3) * 2.0 + 1.0
    assert metric_values(app)[translate("act.neuron.metric.z", "zh")] == "0.9000"


def test_huge_logits_stay_finite_and_a_constant_shift_changes_nothing():
    app = open_page("en")
    app.button(key="act_softmax_example_huge").click().run()
    assert app.text_input(key="act_softmax_logits").value == "1000000, 1000001, 999998"
    assert not warnings_text(app)
    top_label = translate("act.softmax.metric.top", "en", index=2)
    expected = np.exp(1.0) / (1.0 + np.exp(1.0) + np.exp(-2.0))
    assert metric_values(app)[top_label] == f"{expected:.2%}"
    assert any(translate("act.softmax.huge_note", "en", largest="1e+06") == info.value for info in app.info)
    app.slider(key="act_softmax_shift").set_value(50.0).run()
    shift_label = translate("act.softmax.metric.shift", "en")
    assert float(metric_values(app)[shift_label]) < 1e-12


def test_neuron_arithmetic_follows_the_sliders():
    app = open_page("en")
    z_label = translate("act.neuron.metric.z", "en")
    a_label = translate("act.neuron.metric.a", "en")
    assert metric_values(app)[z_label] == "0.0000"
    app.slider(key="act_neuron_w1").set_value(2.0).run()
    # z = 2.0 * 1.0 + (-0.3) * 2.0 + 0.1 = 1.5
    assert metric_values(app)[z_label] == "1.5000"
    assert metric_values(app)[a_label] == f"{1 / (1 + np.exp(-1.5)):.4f}"
    assert any(value.endswith("= 1.5") for value in latex_values(app))

    app.radio(key="act_neuron_count").set_value(3).run()
    assert app.slider(key="act_neuron_w3").value == 0.8
    # z = 1.5 + 0.8 * 0.5 = 1.9
    assert metric_values(app)[z_label] == "1.9000"


def test_a_dead_relu_neuron_is_pointed_out():
    app = open_page("en")
    app.selectbox(key="act_neuron_activation").set_value("relu").run()
    app.slider(key="act_neuron_bias").set_value(-2.0).run()
    assert not app.exception
    assert metric_values(app)[translate("act.neuron.metric.slope", "en")] == "0.0000"
    assert translate("act.neuron.dead", "en", z="-2.100", name="ReLU") in warnings_text(app)


def test_an_empty_x_range_and_a_flat_neuron_get_a_message_not_a_traceback():
    app = open_page("en")
    app.slider(key="act_curves_range").set_value((2.0, 2.0)).run()
    assert not app.exception
    assert translate("act.curves.range_invalid", "en") in warnings_text(app)
    app.slider(key="act_neuron_w1").set_value(0.0).run()
    app.slider(key="act_neuron_w2").set_value(0.0).run()
    assert not app.exception
    assert translate("act.neuron.decision.no_line", "en") in [info.value for info in app.info]


# --- Issue 17: the course's code (added with /math's) ------------------------------------------------------------


def test_the_courses_numpy_neuron_and_activations_are_offered_beside_keras():
    app = open_page("zh")
    assert any(element.label == translate("course.code.title", "zh") for element in app.expander)
    shown = [block.value for block in app.code]
    assert code_sample("course_activations_numpy", "zh").strip() in shown
    assert translate("act.course.code.change.keras", "zh") in "\n".join(element.value for element in app.markdown)
