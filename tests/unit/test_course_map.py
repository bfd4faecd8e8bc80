"""core.lessons.course: every item of the course points at a page, a section and code samples that exist."""

from __future__ import annotations

import pytest

from core.lessons.course import CHAPTERS, COURSE_MAP, items_of_part
from dashboard.i18n import CATALOG, CODE_FOLDER
from dashboard.navigation import PAGES_BY_URL


@pytest.mark.parametrize("item", COURSE_MAP, ids=lambda item: item.id)
def test_every_course_item_points_at_a_page_section_and_code_that_exist(item):
    assert item.page in PAGES_BY_URL
    assert item.section in CATALOG and f"course.map.{item.id}" in CATALOG
    for name in item.code:
        assert (CODE_FOLDER / f"{name}.py").is_file(), name


def test_every_chapter_links_to_pages_that_exist():
    for chapter in CHAPTERS:
        assert f"course.chapter.{chapter.id}.body" in CATALOG
        for link in chapter.links:
            assert link.page in PAGES_BY_URL and link.label in CATALOG


def test_the_map_covers_all_three_parts_and_refuses_a_fourth():
    assert sum(len(items_of_part(part)) for part in (1, 2, 3)) == len(COURSE_MAP)
    with pytest.raises(ValueError, match="parts 1, 2 and 3"):
        items_of_part(4)


def test_every_course_script_is_on_the_map():
    on_map = {name for item in COURSE_MAP for name in item.code}
    assert {path.stem for path in CODE_FOLDER.glob("course_*.py")} <= on_map
