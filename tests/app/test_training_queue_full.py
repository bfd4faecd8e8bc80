"""The fair share's bound on a page: an attendee who already has as many trainings waiting as allowed presses Train
on /training and reads why nothing starts, in English and in Chinese, never a traceback; once there is room the
page shows the place in the line; a refused change keeps the job that was shown.

The engine is this module's own (a temporary store) with a bound of one waiting training per visitor; a long job
of someone else holds its one slot, so the attendee's jobs wait.
"""

import pytest

from core import settings
from core.training import engine as engine_module
from core.training.config import default_config
from dashboard import training_ui as ui
from dashboard.i18n import translate
from tests.helpers import assert_no_exception, open_lesson, wait_until

PAGE = "app_pages/training.py"
JOB_STATE_KEY = "training_job__live_training"
LONG = default_config("toy_2d", n_samples=400, epochs=1000, batch_size=8)


@pytest.fixture(scope="module", autouse=True)
def one_waiting_training_per_visitor():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(settings.MAX_QUEUED_PER_VISITOR_ENV, "1")
        yield


pytestmark = pytest.mark.usefixtures("engine_in_a_temporary_store")


def warnings_of(app) -> list[str]:
    return [warning.value for warning in app.warning]


def infos_of(app) -> list[str]:
    return [info.value for info in app.info]


def sentence_start(key: str, language: str, **values) -> str:
    """The catalog sentence up to its first placeholder (the numbers in it change from one run to the next)."""
    return translate(key, language, **dict.fromkeys(values, "\0")).split("\0")[0]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_full_queue_is_a_sentence_and_room_again_is_a_place_in_line(language):
    engine = engine_module.get_engine()
    assert engine.max_queued_per_owner == 1
    blocker = engine.request(LONG.replace(seed=1), "someone-else", owner="someone-else")
    waiting = app = None
    try:
        wait_until(lambda: blocker.queue_position == 0)  # first, or the attendee's job would go first: fair share
        waiting = engine.request(LONG.replace(seed=2), "attendee-other-tab", owner="attendee-1")
        assert waiting.snapshot().state == "queued"
        app = open_lesson(PAGE, language, state={ui.OWNER_STATE_KEY: "attendee-1"})
        app.selectbox(key="train_dataset").select("circles").run()
        app.select_slider(key="train_toy_points").set_value(100).run()
        app.number_input(key="train_toy_epochs").set_value(3).run()

        # Refused: the sentence, once, in the page's language; nothing was queued.
        app.button(key="train_run").click().run()
        assert_no_exception(app)
        refusal = translate("train.status.queue_full", language, limit=1)
        assert warnings_of(app).count(refusal) == 1, warnings_of(app)
        assert len(engine.jobs()) == 2

        # The other tab's training is stopped: there is room, and the page shows the place in the line.
        waiting.stop()
        app.button(key="train_run").click().run()
        assert_no_exception(app)
        assert refusal not in warnings_of(app)
        handle = app.session_state[JOB_STATE_KEY]
        assert handle.snapshot().state == "queued" and handle.queue_position == 1
        starts = (
            sentence_start("train.status.queued_next", language),
            sentence_start("train.status.queued_next_wait", language, wait=0),
        )
        assert any(info.startswith(starts) for info in infos_of(app)), infos_of(app)

        # Another setting, Train again: refused, and the waiting job stays shown and queued.
        app.slider(key="train_toy_noise").set_value(0.3).run()
        app.button(key="train_run").click().run()
        assert_no_exception(app)
        assert warnings_of(app).count(refusal) == 1, warnings_of(app)
        assert app.session_state[JOB_STATE_KEY] is handle and handle.snapshot().state == "queued"
    finally:
        for job in (blocker, waiting, app.session_state[JOB_STATE_KEY] if app is not None else None):
            if job is not None:
                job.stop()
        blocker.wait(timeout=60)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_queued_line_says_the_place_and_the_wait(language, monkeypatch):
    from core.training.jobs import JobSnapshot
    from dashboard import language as language_module

    monkeypatch.setattr(language_module, "current_language", lambda: language)

    def line(position, wait_s):
        return ui.queued_text(JobSnapshot(key="k", state="queued", queue_position=position, wait_s=wait_s))

    assert line(4, 40.0) == translate("train.status.queued_wait", language, ahead=3, wait="40 s")
    assert line(4, None) == translate("train.status.queued", language, ahead=3)
    assert line(1, 12.0) == translate("train.status.queued_next_wait", language, wait="12 s")
    assert line(1, 0.0) == line(1, None) == translate("train.status.queued_next", language)
    if language == "en":
        assert line(4, 40.0) == "Waiting in the queue: 3 training(s) before yours, about 40 s until it starts."
