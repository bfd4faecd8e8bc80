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


def preset_script():
    import streamlit as st

    from dashboard.course import seeded, settings_choice

    same = st.session_state.get("same", False)
    course = {"rate": 0.01 if same else 0.001, "epochs": 10}
    app = {"rate": 0.01, "epochs": 10}
    settings_choice("demo", course=course, app=app, changes=["one line"])
    st.select_slider("rate", options=[0.001, 0.01, 0.1], **seeded("rate", 0.01))
    st.select_slider("epochs", options=[10, 20], **seeded("epochs", 10))


def test_the_first_run_says_the_apps_defaults_are_on_screen_and_the_course_button_sets_the_controls():
    from dashboard.i18n import translate

    app = AppTest.from_function(preset_script).run()
    assert app.caption[0].value == translate("course.settings.now_app", "en")
    app.button[0].click().run()  # "The course's settings"
    assert app.select_slider[0].value == 0.001
    assert app.caption[0].value == translate("course.settings.now_course", "en")
    app.select_slider[1].set_value(20).run()
    assert app.caption[0].value == translate("course.settings.now_own", "en")
    app.button[1].click().run()  # "The app's defaults"
    assert (app.select_slider[0].value, app.select_slider[1].value) == (0.01, 10)


def test_where_the_course_and_the_app_agree_the_page_says_both():
    from dashboard.i18n import translate

    app = AppTest.from_function(preset_script)
    app.session_state["same"] = True
    app.run()
    assert app.caption[0].value == translate("course.settings.now_both", "en")
