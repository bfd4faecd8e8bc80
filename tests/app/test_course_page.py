"""The /course page in AppTest: the course map item by item, the chapters without code, this server's set-up."""

from __future__ import annotations

import pytest

from core.lessons.course import CHAPTERS, COURSE_MAP
from dashboard.i18n import translate
from tests.helpers import assert_no_exception, open_lesson

PAGE = "app_pages/course.py"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_course_page_lists_every_item_and_chapter_in_the_visitors_language(language):
    app = open_lesson(PAGE, language, timeout=30)
    assert_no_exception(app)
    assert app.title[0].value == translate("course.title", language)
    shown = " ".join(element.value for element in app.markdown)
    for item in COURSE_MAP:
        assert translate(f"course.map.{item.id}", language) in shown, item.id
    subheaders = [element.value for element in app.subheader]
    for chapter in CHAPTERS:
        assert translate(f"course.chapter.{chapter.id}.title", language) in subheaders
        assert translate(f"course.chapter.{chapter.id}.body", language) in shown
    assert [tab.label for tab in app.tabs] == [translate(f"course.part.{part}", language) for part in (1, 2, 3)]


def test_the_setup_chapter_shows_this_servers_versions_and_variables(monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0")
    monkeypatch.delenv("TF_FORCE_GPU_ALLOW_GROWTH", raising=False)
    app = open_lesson(PAGE, "en", timeout=30)
    table = app.dataframe[0].value
    values = dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))
    assert values["CUDA_VISIBLE_DEVICES"] == "0"
    assert values["TF_FORCE_GPU_ALLOW_GROWTH"] == translate("course.setup.unset", "en")
    assert values["Keras"][0].isdigit()  # the installed version, e.g. 3.15.1
