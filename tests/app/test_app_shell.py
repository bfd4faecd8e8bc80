"""AppTest runs of the entry script and the home page in both languages."""

import pytest

from dashboard.i18n import translate
from tests.helpers import open_app, run_python


@pytest.mark.parametrize("language", ["en", "zh"])
def test_home_page_speaks_the_language_from_the_url(language):
    app = open_app(language)
    assert not app.exception
    assert app.title[0].value == translate("app.title", language)
    subheaders = [element.value for element in app.subheader]
    assert translate("home.data.title", language) in subheaders
    assert translate("home.lessons.title", language) in subheaders


def test_english_is_the_default_language():
    app = open_app(None)
    assert app.title[0].value == translate("app.title", "en")


def test_switching_the_language_in_the_sidebar_translates_the_page():
    app = open_app("en")
    app.session_state["lang"] = "zh"
    app.run()
    assert not app.exception
    assert app.title[0].value == translate("app.title", "zh")


def test_home_page_lists_every_data_set_with_its_offline_state():
    app = open_app("en")
    table = app.dataframe[0].value
    names = set(table[translate("home.data.column.name", "en")])
    assert {"MNIST", "Fashion-MNIST"} <= {name.split(" ")[0] for name in names} | names
    states = set(table[translate("home.data.column.status", "en")])
    # Offline (as in every test): embedded copies are used, and download-only sets say they are unavailable.
    assert translate("home.data.status.offline", "en") in states
    assert translate("home.data.status.unavailable", "en") in states
    assert translate("home.data.status.online", "en") not in states


def test_landing_page_does_not_import_tensorflow():
    # A separate interpreter: this test process may already have TensorFlow loaded by other tests.
    code = (
        "import sys; import core.runtime; from streamlit.testing.v1 import AppTest;"
        # The warm-up thread imports TensorFlow on purpose after the page; here we check the page alone.
        "core.runtime.start_tensorflow_warmup = lambda *args, **kwargs: None;"
        "app = AppTest.from_file('dashboard_app.py', default_timeout=60); app.run();"
        "assert not app.exception, app.exception;"
        "print('tensorflow' in sys.modules)"
    )
    assert run_python(code, timeout=120).strip().splitlines()[-1] == "False"


def test_home_page_says_tensorflow_failed_without_the_exception_text(monkeypatch):
    from core import runtime

    failed = runtime.TensorFlowStatus(state="failed", error="ImportError: libcudart.so.12: cannot open shared object")
    monkeypatch.setattr(runtime, "_status", failed)
    app = open_app("zh")
    assert not app.exception
    shown = " ".join(element.value for element in app.error)
    assert translate("home.device.failed", "zh") in shown
    assert "libcudart" not in shown and "ImportError" not in shown
