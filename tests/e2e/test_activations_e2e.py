"""The activations page in Debian's Chromium: a deep link in both languages on a fresh server, then a slider and a
selectbox moved by hand, checking that the Plotly figures in the browser really change."""

import pytest
from playwright.sync_api import expect

from dashboard.i18n import translate
from tests.e2e.harness import (
    assert_no_exception,
    choose_option,
    dismiss_page_not_found_dialog,
    plotly_data,
    screenshot,
    wait_for_app,
    wait_until_idle,
)

FIGURES_ON_THE_PAGE = 7  # curves, focus, softmax bars, temperature sweep, neuron diagram, f(z), decision plane


LANGUAGE_BUTTONS = {"en": "English", "zh": "简体中文"}


def open_activations(page, app_url, language):
    page.goto(f"{app_url}/activations?lang={language}")
    wait_for_app(page)
    assert_no_exception(page)
    dismiss_page_not_found_dialog(page)
    title = translate("act.title", language)
    if page.locator("[data-testid=stMain] h1").first.inner_text() != title:
        # The ?lang= binding itself is tested in test_app_shell_e2e.py; here the page must work in both languages,
        # so if the link did not carry the language, switch it in the sidebar as a visitor would.
        page.locator("[data-testid=stSidebar]").get_by_text(LANGUAGE_BUTTONS[language], exact=True).click()
        page.wait_for_function(
            "title => { const h = document.querySelector('[data-testid=stMain] h1');"
            " return h && h.innerText === title; }",
            arg=title,
            timeout=30_000,
        )
        wait_until_idle(page)
    page.wait_for_function(
        "count => document.querySelectorAll('.js-plotly-plot').length >= count", arg=FIGURES_ON_THE_PAGE, timeout=30_000
    )


def full_length_screenshot(page, name):
    # The app scrolls inside its main block, so a "full page" screenshot would stop at the viewport: grow it first.
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(height + 50, 1000), 12_000)})
    page.wait_for_timeout(1_000)
    return screenshot(page, name)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_activations_page_opens_by_deep_link_in_the_language(app_url, browser_page, language):
    page = browser_page
    open_activations(page, app_url, language)
    assert page.locator("[data-testid=stMain] h1").first.inner_text() == translate("act.title", language)
    for key in ("act.curves.header", "act.focus.header", "act.softmax.header", "act.neuron.header"):
        expect(page.get_by_role("heading", name=translate(key, language))).to_have_count(1, timeout=15_000)
    assert len(plotly_data(page)) == FIGURES_ON_THE_PAGE
    full_length_screenshot(page, f"activations_{language}")
    assert_no_exception(page)


def test_moving_the_focus_slider_moves_the_point_on_the_chart(app_url, browser_page):
    page = browser_page
    open_activations(page, app_url, "en")
    before = plotly_data(page)
    # Streamlit 1.67 sliders are react-aria: a hidden <input type=range> carries the label, not a [role=slider].
    slider = page.locator(f'[data-testid=stSlider] input[type=range][aria-label="{translate("act.focus.x", "en")}"]')
    # One step at a time, each waited for: a rerun that lands between two fast key presses can redraw the slider
    # with the value the server had, and the next press then starts from it.
    for _ in range(5):
        start = slider.get_attribute("aria-valuetext")
        slider.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            '([label, start]) => { const el = document.querySelector(`input[type=range][aria-label="${label}"]`);'
            " return el && el.getAttribute('aria-valuetext') !== start; }",
            arg=[translate("act.focus.x", "en"), start],
            timeout=10_000,
        )
        wait_until_idle(page)
    assert_no_exception(page)
    assert slider.get_attribute("aria-valuetext") == "2.50"
    # The metric and the focus chart follow; the other charts have nothing to do with x and stay as they were.
    expect(page.get_by_text("f(2.5)", exact=True)).to_have_count(1, timeout=15_000)
    after = plotly_data(page)
    changed = [index for index, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
    assert changed == [1], changed


def test_focusing_on_relu_draws_its_dead_band(app_url, browser_page):
    page = browser_page
    open_activations(page, app_url, "en")
    shapes_before = page.evaluate("() => document.querySelectorAll('.js-plotly-plot')[1].layout.shapes.length")
    choose_option(page, translate("act.focus.select", "en"), translate("act.name.relu", "en"))
    wait_until_idle(page)
    assert_no_exception(page)
    layout = page.evaluate("() => document.querySelectorAll('.js-plotly-plot')[1].layout")
    dead_bands = [shape for shape in layout["shapes"] if shape.get("type") == "rect"]
    # ReLU is dead for x < 0: one band on each panel, from the left edge to 0.
    assert len(dead_bands) == 2, layout["shapes"]
    assert all(band["x0"] == -6 and abs(band["x1"]) < 0.05 for band in dead_bands)
    # Sigmoid had two amber bands per panel; ReLU has one red band per panel.
    assert shapes_before != len(layout["shapes"])
    expect(page.get_by_text(translate("act.focus.legend.dead", "en"), exact=True).first).to_be_visible()
    full_length_screenshot(page, "activations_relu_focus_en")
