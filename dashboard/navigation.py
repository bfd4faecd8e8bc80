"""The pages of the app, in menu order. The entry script and the home page both read this list.

Page files are named differently from their url paths on purpose: Streamlit still registers every file in
``pages/`` as a legacy page, and a deep link whose path equals a file's name would run that file alone,
without the entry script (no navigation, no language, no sidebar).
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


HOME = PageSpec("pages/home.py", "", "nav.home", "home.summary", ":material/home:", uses_tensorflow=False)

LESSONS = (
    PageSpec(
        "pages/math_foundations.py",
        "math",
        "nav.math",
        "nav.math.summary",
        ":material/function:",
        uses_tensorflow=True,
    ),
    PageSpec(
        "pages/activation_functions.py",
        "activations",
        "nav.activations",
        "nav.activations.summary",
        ":material/show_chart:",
        uses_tensorflow=True,
    ),
    PageSpec(
        "pages/first_network.py",
        "first-network",
        "nav.first_network",
        "nav.first_network.summary",
        ":material/linear_scale:",
        uses_tensorflow=True,
    ),
    PageSpec(
        "pages/live_training.py",
        "training",
        "nav.training",
        "nav.training.summary",
        ":material/model_training:",
        uses_tensorflow=True,
    ),
)
