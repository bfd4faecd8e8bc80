"""/math as a link: a link opens its tab with the section's controls set, the address follows the controls, and a
hostile link changes nothing but what it validly says.

A link is simulated as the browser sends it: AppTest's ``query_params`` on the run that enters the page (they
survive ``switch_page``), then the entry script applies them (``dashboard/setup_links.py``).
"""

from __future__ import annotations

import math

import pytest
from streamlit.testing.v1 import AppTest

from core.classroom.setups import Choice
from dashboard.i18n import translate
from dashboard.setups.math import SETUP
from tests.app import setup_link_helpers as links
from tests.app.setup_link_helpers import setup_params as url_setup
from tests.helpers import assert_no_exception

PAGE = "app_pages/math.py"


def open_link(params: dict, language: str = "en") -> AppTest:
    """The page entered through a link with ``params`` (values as the browser sends them)."""
    return links.open_link(PAGE, language, params)


def field_values(at: AppTest, language: str) -> dict:
    """Every field's value in the session (the tab's label read back as its section)."""
    values = {}
    for f in SETUP.fields:
        if f.key in at.session_state:
            value = at.session_state[f.key]
            if isinstance(f, Choice) and f.state_text:
                value = next((o for o in f.options if translate(f"{f.state_text}{o}", language) == value), value)
            values[f.key] = value
    return values


def open_tab(at: AppTest, language: str) -> str:
    return next(
        o for o in SETUP.by_param("tab").options if translate(f"math.tab.{o}", language) == at.session_state["math_tab"]
    )


def test_the_fields_match_the_calculus_registries():
    """The names and windows written out in dashboard/setups/math.py (to keep TensorFlow out of it) are the
    lesson's own: every function, composition and surface is offered, every default is the widget's."""
    from core.lessons.math import calculus, optimization
    from dashboard.lessons.math.calculus import slider_range

    assert SETUP.by_param("fn").options == tuple(calculus.FUNCTIONS)
    low, high = SETUP.by_param("x0").low, SETUP.by_param("x0").high
    assert low == min(slider_range(f.x_range)[0] for f in calculus.FUNCTIONS.values())
    assert high == max(slider_range(f.x_range)[1] for f in calculus.FUNCTIONS.values())
    assert SETUP.by_param("x0").default == calculus.get_function(SETUP.by_param("fn").default).default_x
    assert SETUP.by_param("comp").options == tuple(calculus.COMPOSITIONS)
    chain = [calculus.get_composition(key).x_range for key in calculus.COMPOSITIONS]
    assert (SETUP.by_param("cx").low, SETUP.by_param("cx").high) == (min(r[0] for r in chain), max(r[1] for r in chain))
    assert SETUP.by_param("surf").options == tuple(calculus.SURFACES)
    for param, surfaces in (("gx", calculus.SURFACES), ("sx", SETUP.by_param("dsurf").options)):
        ranges = [calculus.get_surface(key).x_range for key in surfaces] + [
            calculus.get_surface(key).y_range for key in surfaces
        ]
        assert (SETUP.by_param(param).low, SETUP.by_param(param).high) == (
            min(r[0] for r in ranges),
            max(r[1] for r in ranges),
        )
    gradient = calculus.get_surface(SETUP.by_param("surf").default)
    assert (SETUP.by_param("gx").default, SETUP.by_param("gy").default) == gradient.start
    descent = calculus.get_surface(SETUP.by_param("dsurf").default)
    assert (SETUP.by_param("sx").default, SETUP.by_param("sy").default) == descent.start
    assert SETUP.by_param("lr").default == descent.default_learning_rate
    assert all(
        calculus.get_surface(key).default_learning_rate in SETUP.by_param("lr").options for key in calculus.SURFACES
    )
    assert SETUP.by_param("opt").options == tuple(optimization.OPTIMIZER_KEYS)


def test_a_fresh_session_is_the_setup_s_defaults():
    """The fields' defaults are what the widgets show on a first visit: the address stays bare, tab by tab."""
    for section in ("vectors", "derivatives", "probability"):
        at = open_link({"tab": section} if section != "vectors" else {})
        assert url_setup(at) == ({"tab": section} if section != "vectors" else {})
        shown = field_values(at, "en")
        defaults = SETUP.defaults()
        assert {key: value for key, value in shown.items() if key != "math_tab"} == {
            key: defaults[key] for key in shown if key != "math_tab"
        }


def test_round_trip_of_non_default_values():
    values = SETUP.defaults() | {
        "math_tab": "gradients",
        "math_vector_ax": -2.5,
        "math_spaces_dimension": 3,
        "math_spaces_3_w_z": 0.25,
        "math_matrix_entry": "21",
        "math_derivative_step": 1e-7,
        "math_derivative_x0": -7.99,
        "math_descent_optimizers": ["momentum", "adam"],
        "math_probability_count": 30_000,
        "math_probability_seed": 123_456,
        "math_probability_std": 2.3,
    }
    assert SETUP.round_trip(values) == {key: SETUP.by_key(key).normal(value) for key, value in values.items()}


def test_a_link_opens_its_tab_with_its_settings():
    params = {"tab": "descent", "dsurf": "rosenbrock", "opt": "sgd,adam", "lr": "0.001", "steps": "50", "sx": "-1"}
    at = open_link(params)
    assert at.session_state["math_tab"] == translate("math.tab.descent", "en")
    assert at.selectbox(key="math_descent_surface").value == "rosenbrock"
    assert at.multiselect(key="math_descent_optimizers").value == ["sgd", "adam"]
    assert at.select_slider(key="math_descent_learning_rate").value == 0.001
    assert at.slider(key="math_descent_steps").value == 50
    assert at.slider(key="math_descent_start_x").value == -1.0
    assert at.slider(key="math_descent_start_y").value == SETUP.by_param("sy").default
    assert url_setup(at) == params  # the address says the same, in the same words
    assert not [caption for caption in at.caption if "link" in caption.value.lower()]  # nothing to note


def test_a_link_sets_the_controls_in_chinese():
    params = {"tab": "probability", "dist": "bernoulli", "p": "0.75", "n": "100", "seed": "42"}
    at = open_link(params, "zh")
    assert open_tab(at, "zh") == "probability"
    assert at.radio(key="math_probability_distribution").value == "bernoulli"
    assert at.slider(key="math_probability_p").value == 0.75
    assert at.select_slider(key="math_probability_count").value == 100
    assert at.number_input(key="math_probability_seed").value == 42
    assert url_setup(at) == params
    # The same link on another tab's controls: the matrices' entry and transformation.
    at = open_link({"tab": "matrices", "entry": "12", "preset": "shear", "m11": "1", "m12": "1", "m22": "1"}, "zh")
    assert at.radio(key="math_matrix_entry").value == "12"
    assert r"C_{12} = 1 \cdot 6 + 2 \cdot 8 = 22" in "\n".join(element.value for element in at.latex)
    assert at.selectbox(key="math_transform_preset").value == "shear"
    assert [at.number_input(key=f"math_transform_m{i}").value for i in ("11", "12", "21", "22")] == [1, 1, 1, 1]


def test_changing_two_controls_puts_them_in_the_address():
    at = open_link({})
    assert url_setup(at) == {}
    at.number_input(key="math_vector_ax").set_value(4.5)
    at.number_input(key="math_vector_by").set_value(-2.0)
    at.run()
    assert_no_exception(at)
    assert url_setup(at) == {"ax": "4.5", "by": "-2"}  # only what differs from the defaults
    at.session_state["math_tab"] = translate("math.tab.chain", "en")  # a click on the tab
    at.run()
    at.slider(key="math_chain_weight").set_value(0.5)
    at.run()
    assert url_setup(at)["tab"] == "chain" and url_setup(at)["w"] == "0.5"


HOSTILE = {
    "tab": "<script>alert(1)</script>",
    "fn": "__import__('os')",
    "x0": "nan",
    "h": "inf",
    "prec": "float16",
    "ax": "1e400",
    "ay": "-1e9",
    "bx": "9" * 5000,
    "by": "1\x00\x07",
    "steps": "-3",
    "opt": "sgd,<b>bold</b>,adam,adam",
    "n": "12",
    "seed": "3.7",
    "dim": "4",
    "unknown": "1",
    "x" * 300: "y",
}


@pytest.mark.parametrize("tab", ["vectors", "derivatives"])
def test_a_hostile_link_never_raises_and_says_what_it_ignored(tab):
    at = open_link(HOSTILE | ({"tab": tab} if tab != "vectors" else {}))
    notes = [c.value for c in at.caption if c.value.startswith(translate("links.notes", "en", notes="")[:20])]
    assert notes, [c.value for c in at.caption]
    assert "\x00" not in notes[0]  # shown as plain text (Streamlit escapes the HTML), without control characters
    values = field_values(at, "en")
    for key, value in values.items():
        assert SETUP.by_key(key).valid(value), (key, value)
    assert open_tab(at, "en") == tab
    if tab == "vectors":
        assert at.number_input(key="math_vector_ax").value == 3.0  # 1e400 is no number: the default
        assert at.number_input(key="math_vector_ay").value == -10.0  # clamped into the input's range
        assert at.number_input(key="math_vector_bx").value == 1.0  # too long to read: the default
    else:
        assert at.selectbox(key="math_derivative_function").value == "sin"
        assert not math.isnan(at.slider(key="math_derivative_x0").value)
        assert at.radio(key="math_derivative_precision").value == "float64"
    assert at.session_state["math_descent_optimizers"] == ["sgd", "adam"]
    assert at.session_state["math_probability_count"] == 10  # the nearest size offered
    assert at.session_state["math_probability_seed"] == 4
    # Repeated parameters: the last one counts, as in the browser's own URLSearchParams.get... of Streamlit.
    at = open_link({"tab": ["chain", "gradients"], "surf": ["bowl", "saddle"]})
    assert open_tab(at, "en") in ("chain", "gradients")
    assert at.session_state["math_gradient_surface"] in ("bowl", "saddle")


def test_a_tab_keeps_its_settings_while_another_is_open():
    """Leaving a tab and coming back finds its controls as they were, and the address keeps saying them."""
    at = open_link({"tab": "descent", "lr": "0.001"})
    for section in ("vectors", "chain", "descent"):
        at.session_state["math_tab"] = translate(f"math.tab.{section}", "en")  # a click on the tab
        at.run()
        assert_no_exception(at)
        assert url_setup(at).get("lr") == "0.001", (section, url_setup(at))
    assert at.select_slider(key="math_descent_learning_rate").value == 0.001
