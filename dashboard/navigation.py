"""The pages of the app, in menu order. The entry script and the home page both read this list.

The page scripts live in ``app_pages/``, not ``pages/``: Streamlit 1.67 still treats a ``pages/`` folder next to
the entry as legacy multipage pages, and then a first deep link (``/math``) on a fresh server pops a
"Page not found" dialog and loses the ``?lang=`` of the link. Each page's file is named like its url path
(``/draw`` -> ``app_pages/draw.py``, ``/first-network`` -> ``app_pages/first_network.py``), and so are the lesson's
files in every layer (``core/lessons/draw.py``, ``dashboard/figures/draw.py``, its catalog); a test deep-links every
page on a freshly started server to show that the shared name brings no "Page not found" back.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    script: str  # path relative to the repository root
    url_path: str  # fixed, so links and workshop hand-outs keep working
    title_key: str  # i18n key of the menu title
    summary_key: str  # i18n key of the one-line description on the home page
    icon: str
    uses_tensorflow: bool


HOME = PageSpec("app_pages/home.py", "", "nav.home", "home.summary", ":material/home:", uses_tensorflow=False)
COURSE = PageSpec(
    "app_pages/course.py", "course", "nav.course", "nav.course.summary", ":material/menu_book:", uses_tensorflow=False
)
CLASSROOM = PageSpec(
    "app_pages/classroom.py",
    "classroom",
    "nav.classroom",
    "nav.classroom.summary",
    ":material/co_present:",
    uses_tensorflow=False,
)

LESSONS = (
    PageSpec(
        "app_pages/math.py",
        "math",
        "nav.math",
        "nav.math.summary",
        ":material/function:",
        uses_tensorflow=True,
    ),
    PageSpec(
        "app_pages/activations.py",
        "activations",
        "nav.activations",
        "nav.activations.summary",
        ":material/show_chart:",
        uses_tensorflow=True,
    ),
    PageSpec(
        "app_pages/first_network.py",
        "first-network",
        "nav.first_network",
        "nav.first_network.summary",
        ":material/linear_scale:",
        uses_tensorflow=True,
    ),
    PageSpec(
        "app_pages/training.py",
        "training",
        "nav.training",
        "nav.training.summary",
        ":material/model_training:",
        uses_tensorflow=True,
    ),
    PageSpec(
        "app_pages/draw.py",
        "draw",
        "nav.draw",
        "nav.draw.summary",
        ":material/draw:",
        uses_tensorflow=True,
    ),
    PageSpec(
        "app_pages/text.py",
        "text",
        "nav.text",
        "nav.text.summary",
        ":material/translate:",
        uses_tensorflow=True,
    ),
    PageSpec(
        "app_pages/stocks.py",
        "stocks",
        "nav.stocks",
        "nav.stocks.summary",
        ":material/candlestick_chart:",
        uses_tensorflow=True,
    ),
    PageSpec(
        "app_pages/gan.py",
        "gan",
        "nav.gan",
        "nav.gan.summary",
        ":material/auto_awesome:",
        uses_tensorflow=True,
    ),
)

#: Every page, in menu order: the start pages (the classroom only where it is offered), then the lessons.
ALL_PAGES = (HOME, COURSE, CLASSROOM, *LESSONS)
PAGES_BY_URL = {spec.url_path: spec for spec in ALL_PAGES}
