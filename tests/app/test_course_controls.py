"""dashboard.course.seeded: a control whose value lives in Session State is drawn with that value, whatever run
first stored it, and a preset's value reaches every kind of control the lessons use."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def controls_script():
    import streamlit as st

    from dashboard.course import seeded

    st.radio("optimizer", options=["sgd", "adam"], **seeded("optimizer", "sgd", options=["sgd", "adam"]))
    st.select_slider("rate", options=[0.001, 0.01, 0.1], **seeded("rate", 0.01))
    st.checkbox("scale", **seeded("scale", True))
    st.segmented_control("network", options=["mlp", "cnn"], **seeded("network", "cnn", param="default"))


def test_controls_start_at_their_defaults_and_follow_a_stored_value():
    app = AppTest.from_function(controls_script).run()
    assert (app.radio[0].value, app.select_slider[0].value, app.checkbox[0].value) == ("sgd", 0.01, True)
    assert app.button_group[0].value == "cnn"
    # A preset stores the course's values before the rerun (as its button's callback does).
    app.session_state["optimizer"], app.session_state["rate"], app.session_state["scale"] = "adam", 0.001, False
    app.run()
    assert (app.radio[0].value, app.select_slider[0].value, app.checkbox[0].value) == ("adam", 0.001, False)
    # The widget's own default is the stored value too: the browser mounts it showing that value.
    assert app.radio[0].proto.default == 1 and app.checkbox[0].proto.default is False


def test_a_stored_value_no_longer_among_the_options_falls_back_to_the_default():
    app = AppTest.from_function(controls_script)
    app.session_state["optimizer"] = "lion"
    app.run()
    assert not app.exception
    assert app.radio[0].value == "sgd"
