"""The math foundations page in a real browser: deep links in both languages, controls that change the figures."""

from __future__ import annotations

import pytest

from dashboard.i18n import translate
from tests.e2e.harness import APP_IDLE, assert_no_exception, plotly_data, screenshot, wait_for_app, wait_for_charts

pytestmark = pytest.mark.e2e


def open_math(page, app_url: str, language: str) -> None:
    page.goto(f"{app_url}/math?lang={language}")
    wait_for_app(page)
    assert_no_exception(page)
    # On a freshly started server the very first deep link pops up Streamlit's "Page not found" dialog (and loses
    # ?lang=) although the page itself is served: an app-shell issue, reported to the lead. Close the dialog so
    # the controls take clicks; the English test runs first, so the Chinese one is a second visit.
    dialog = page.locator("[role=dialog]")
    if dialog.count():
        page.keyboard.press("Escape")
        dialog.first.wait_for(state="detached", timeout=10_000)


def open_tab(page, label: str) -> None:
    page.locator("[role=tab]", has_text=label).first.click()
    settle(page)


def settle(page) -> None:
    """Wait for the rerun a control triggered to finish."""
    page.wait_for_timeout(400)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.wait_for_timeout(600)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    wait_for_charts(page)


def metric_value(page, label: str) -> str:
    metric = page.locator(
        "[data-testid=stMetric]", has=page.locator("[data-testid=stMetricLabel]", has_text=label)
    ).first
    return metric.locator("[data-testid=stMetricValue]").inner_text()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_math_page_by_deep_link_in_each_language(app_url, browser_page, language):
    page = browser_page
    open_math(page, app_url, language)
    assert page.locator("[data-testid=stMain] h1").first.inner_text() == translate("math.title", language)
    tab_labels = [tab.inner_text() for tab in page.locator("[role=tab]").all()]
    assert tab_labels[:8] == [  # then the tabs of the course's code, in its expander
        translate(key, language)
        for key in (
            "math.tab.vectors",
            "math.tab.spaces",
            "math.tab.matrices",
            "math.tab.derivatives",
            "math.tab.chain",
            "math.tab.gradients",
            "math.tab.descent",
            "math.tab.probability",
        )
    ]
    assert len(plotly_data(page)) >= 2
    screenshot(page, f"math_{language}")


def test_moving_the_point_redraws_the_derivative_figures(app_url, browser_page):
    page = browser_page
    open_math(page, app_url, "en")
    open_tab(page, translate("math.tab.derivatives", "en"))
    assert_no_exception(page)
    before = plotly_data(page)
    slope_before = metric_value(page, translate("math.derivative.autodiff", "en"))
    slider = page.locator("[data-testid=stSlider]", has_text=translate("math.derivative.point", "en")).locator(
        "input[type=range]"
    )
    slider.focus()  # Streamlit 1.67 sliders are react-aria: a hidden input[type=range], no [role=slider]
    for _ in range(25):
        slider.press("ArrowRight")
    settle(page)
    assert_no_exception(page)
    after = plotly_data(page)
    assert len(after) == len(before) >= 2
    assert after != before
    assert metric_value(page, translate("math.derivative.autodiff", "en")) != slope_before
    screenshot(page, "math_derivatives_moved_en")


def test_too_high_learning_rate_says_diverged_without_crashing(app_url, browser_page):
    page = browser_page
    open_math(page, app_url, "en")
    open_tab(page, translate("math.tab.descent", "en"))
    before = plotly_data(page)
    slider = page.locator("[data-testid=stSlider]", has_text=translate("math.descent.learning_rate", "en")).locator(
        "input[type=range]"
    )
    slider.focus()  # Streamlit 1.67 sliders are react-aria: a hidden input[type=range], no [role=slider]
    slider.press("End")  # the largest learning rate, 1.0
    settle(page)
    assert_no_exception(page)
    assert page.locator("[data-testid=stAlert]", has_text="diverged at step").count() >= 1
    assert plotly_data(page) != before
    screenshot(page, "math_descent_diverged_en")


def test_switching_tabs_in_chinese_shows_every_lesson(app_url, browser_page):
    page = browser_page
    open_math(page, app_url, "zh")
    for key in (
        "math.tab.spaces",
        "math.tab.matrices",
        "math.tab.derivatives",
        "math.tab.chain",
        "math.tab.gradients",
        "math.tab.descent",
        "math.tab.probability",
    ):
        open_tab(page, translate(key, "zh"))
        assert_no_exception(page)
        assert plotly_data(page), key
    probability_before = plotly_data(page)
    seed = page.locator("[data-testid=stNumberInput]", has_text=translate("math.probability.seed", "zh")).locator(
        "input"
    )
    seed.fill("7")
    seed.press("Enter")
    settle(page)
    assert_no_exception(page)
    assert plotly_data(page) != probability_before
    screenshot(page, "math_probability_zh")
