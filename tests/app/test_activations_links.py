"""/activations as a link: a link sets the curves, the focus, the softmax (typed logits included) and the neuron; the
address follows the controls; a hostile link changes nothing but what it validly says.

A link is simulated as the browser sends it: AppTest's ``query_params`` on the run that enters the page (they
survive ``switch_page``), then the entry script applies them (``dashboard/setup_links.py``).
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.i18n import translate
from dashboard.setups.activations import SETUP
from tests.app import setup_link_helpers as links
from tests.app.setup_link_helpers import link_notes as notes
from tests.app.setup_link_helpers import setup_params as url_setup
from tests.helpers import assert_no_exception

PAGE = "app_pages/activations.py"


def open_link(params: dict, language: str = "en") -> AppTest:
    """The page entered through a link with ``params`` (values as the browser sends them)."""
    return links.open_link(PAGE, language, params)


def test_the_fields_match_the_lesson():
    """The names written out in dashboard/setups/activations.py (to keep TensorFlow out of it) are the lesson's."""
    from core.lessons import activations

    assert SETUP.by_param("fns").options == tuple(activations.ACTIVATIONS)
    assert tuple(SETUP.by_param("fns").default) == tuple(activations.COURSE_ACTIVATIONS)
    assert SETUP.by_param("logits").default == activations.LOGIT_EXAMPLES["classic"]
    assert all(len(text) <= SETUP.by_param("logits").max_chars for text in activations.LOGIT_EXAMPLES.values())


def test_a_fresh_session_is_the_setup_s_defaults():
    at = open_link({})
    assert url_setup(at) == {}
    defaults = SETUP.defaults()
    for f in SETUP.fields:
        if f.key in at.session_state:
            assert f.normal(at.session_state[f.key]) == f.normal(defaults[f.key]), f.key
    assert list(at.slider(key="act_curves_range").value) == [-6.0, 6.0]


def test_round_trip_of_non_default_values():
    values = SETUP.defaults() | {
        "act_curves_ids": ["gelu", "relu", "linear"],
        "act_curves_range": (-2.5, 7.0),
        "act_softmax_logits": "1, 2, <b>3</b>\n4",
        "act_softmax_temperature": 0.15,
        "act_neuron_count": 3,
        "act_neuron_w3": -2.9,
        "act_focus_threshold": 17,
    }
    assert SETUP.round_trip(values) == {key: SETUP.by_key(key).normal(value) for key, value in values.items()}
    assert SETUP.to_params(values)["range"] == "-2.5,7"
    assert SETUP.to_params(values)["fns"] == "relu,gelu,linear"  # the menu's order


LINK = {
    "fns": "elu,gelu",
    "range": "-3,4.5",
    "view": "derivative",
    "focus": "softplus",
    "x": "-1.5",
    "thr": "12",
    "logits": "3, 1, -2",
    "temp": "0.5",
    "shift": "25",
    "inputs": "3",
    "act": "relu",
    "bias": "-0.4",
    "x3": "2.5",
    "w1": "-1.2",
}


def check_link_shown(at: AppTest) -> None:
    assert at.multiselect(key="act_curves_ids").value == ["elu", "gelu"]
    assert list(at.slider(key="act_curves_range").value) == [-3.0, 4.5]
    assert at.radio(key="act_curves_view").value == "derivative"
    assert at.selectbox(key="act_focus_id").value == "softplus"
    assert at.slider(key="act_focus_x").value == -1.5
    assert at.slider(key="act_focus_threshold").value == 12
    assert at.text_input(key="act_softmax_logits").value == "3, 1, -2"
    assert at.select_slider(key="act_softmax_temperature").value == 0.5
    assert at.slider(key="act_softmax_shift").value == 25.0
    assert at.radio(key="act_neuron_count").value == 3
    assert at.selectbox(key="act_neuron_activation").value == "relu"
    assert at.slider(key="act_neuron_bias").value == -0.4
    assert at.slider(key="act_neuron_x3").value == 2.5
    assert at.slider(key="act_neuron_w1").value == -1.2
    assert at.slider(key="act_neuron_x1").value == 1.0  # not in the link: the default
    assert url_setup(at) == LINK
    assert not notes(at)
    assert not [warning for warning in at.warning if warning.icon == ":material/warning:"]  # the logits are read


def test_a_link_sets_every_kind_of_control():
    check_link_shown(open_link(LINK))


def test_a_link_sets_every_kind_of_control_in_chinese():
    at = open_link(LINK, "zh")
    check_link_shown(at)
    assert at.title[0].value == translate("act.title", "zh")


def test_changing_two_controls_puts_them_in_the_address():
    at = open_link({})
    at.select_slider(key="act_softmax_temperature").set_value(3.0)
    at.text_input(key="act_softmax_logits").input("1, 1, 5")
    at.run()
    assert_no_exception(at)
    assert url_setup(at) == {"temp": "3", "logits": "1, 1, 5"}
    at.slider(key="act_curves_range").set_value((-1.0, 9.5))
    at.run()
    assert url_setup(at) == {"temp": "3", "logits": "1, 1, 5", "range": "-1,9.5"}


def test_a_hostile_link_never_raises_and_says_what_it_ignored():
    hostile = {
        "fns": "relu,<script>alert(1)</script>",
        "range": "9,-9,3",
        "view": "nan",
        "focus": "os.system",
        "x": "inf",
        "thr": "1e9",
        "logits": "<script>alert(1)</script>\x00\x1b[31m" + "9" * 5000,
        "temp": "-0.0",
        "shift": "NaN",
        "inputs": "7",
        "bias": "0x10",
        "w2": ["1", "2"],  # a repeated parameter
        "x1": "\u202e1",
        "nonsense": "1",
    }
    at = open_link(hostile)
    assert notes(at)
    for f in SETUP.fields:
        if f.key in at.session_state:
            assert f.valid(at.session_state[f.key]), (f.key, at.session_state[f.key])
    assert at.multiselect(key="act_curves_ids").value == ["relu"]
    assert list(at.slider(key="act_curves_range").value) == [-6.0, 6.0]  # three numbers: the default
    assert at.slider(key="act_focus_threshold").value == 20  # clamped
    assert at.text_input(key="act_softmax_logits").value == SETUP.by_param("logits").default  # 5,000 characters
    assert at.select_slider(key="act_softmax_temperature").value == 0.1  # the nearest temperature offered
    assert at.slider(key="act_neuron_w2").value in (1.0, 2.0) if at.radio(key="act_neuron_count").value == 3 else True
    assert at.session_state["act_neuron_w2"] in (1.0, 2.0)
    # A range given upside down is put the right way round; typed text is cut to the input's limit and loses its
    # control characters, and text that is no numbers is said so on the page (the default logits are drawn).
    at = open_link({"range": "5,-5", "logits": "<script>alert(1)</script>\x00\x1b[31m" + "9" * 450})
    assert list(at.slider(key="act_curves_range").value) == [-5.0, 5.0]
    logits = at.text_input(key="act_softmax_logits").value
    assert len(logits) == SETUP.by_param("logits").max_chars and "\x00" not in logits and "\x1b" not in logits
    assert logits.startswith("<script>")  # plain text in a text input, never HTML
    assert [warning for warning in at.warning if warning.icon == ":material/warning:"]
    assert notes(at)


def test_the_third_input_survives_two_inputs():
    """x3 and w3 are kept (and stay in the address) while the neuron has two inputs."""
    at = open_link({"inputs": "3", "x3": "-2", "w3": "1.5"})
    at.radio(key="act_neuron_count").set_value(2)
    for _ in range(3):
        at.run()
    assert url_setup(at) == {"x3": "-2", "w3": "1.5"}
    at.radio(key="act_neuron_count").set_value(3)
    at.run()
    assert at.slider(key="act_neuron_x3").value == -2.0 and at.slider(key="act_neuron_w3").value == 1.5
