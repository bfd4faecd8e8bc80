"""The training pages in Debian's Chromium, on a server of their own with an empty model store: press Train on a
small 2-D config and watch the loss curve grow while it trains, see the results, then open the page again as a
second visitor and get the model from the store at once. The first example's neuron answers about 6 for x = 6. The
server's training process killed in the middle of a training: the page says so, and the next Train finishes."""

import json
import os
import signal
import time

import pytest
from playwright.sync_api import expect

from dashboard.i18n import translate
from tests.e2e.harness import (
    assert_no_exception,
    choose_option,
    dismiss_page_not_found_dialog,
    plotly_data,
    process_has_ended,
    screenshot,
    training_processes,
    wait_for_app,
    wait_until_idle,
)

# About 8 s of training on two cores: long enough to read the live curve twice.
TOY_EPOCHS = "150"


def open_training_page_with_circles(page, base_url, epochs: str = TOY_EPOCHS):
    page.goto(f"{base_url}/training?lang=en")
    wait_for_app(page)
    dismiss_page_not_found_dialog(page)
    assert_no_exception(page)
    choose_option(page, translate("train.data.choose", "en"), translate("train.data.circles", "en"))
    wait_until_idle(page)
    set_epochs(page, epochs)


def set_epochs(page, epochs: str):
    field = page.get_by_role("spinbutton", name=translate("train.model.epochs", "en"))
    field.fill(epochs)
    field.press("Enter")
    wait_until_idle(page)
    assert_no_exception(page)


def training_curve_lengths(page) -> list[int]:
    """How many points the "training" traces of the page's figures hold (the live loss and accuracy curves)."""
    lengths = []
    for figure in plotly_data(page):
        for trace in json.loads(figure):
            if trace.get("name") == translate("train.curve.train", "en"):
                lengths.append(len(trace.get("x") or []))
    return lengths


def press_train(page):
    page.get_by_role("button", name=translate("train.run.button", "en"), exact=True).click()


def test_the_loss_curve_grows_while_training_then_the_store_serves_it(empty_store_url, browser):
    first_visitor = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    open_training_page_with_circles(first_visitor, empty_store_url)
    press_train(first_visitor)

    # While it trains, the fragment redraws the curves every second: the trace gets longer between two reads.
    first_visitor.wait_for_function(
        "name => Array.from(document.querySelectorAll('.js-plotly-plot')).some(el =>"
        " (el.data || []).some(trace => trace.name === name && trace.x && trace.x.length >= 2))",
        arg=translate("train.curve.train", "en"),
        timeout=90_000,
    )
    before = max(training_curve_lengths(first_visitor))
    screenshot(first_visitor, "training_during_en")
    deadline = time.monotonic() + 30
    after = before
    while after <= before and time.monotonic() < deadline:
        first_visitor.wait_for_timeout(500)
        lengths = training_curve_lengths(first_visitor)
        after = max(lengths) if lengths else after
    assert after > before, f"the live curve did not grow ({before} -> {after} points)"
    assert int(TOY_EPOCHS) > before  # it was read while the training was still running

    expect(first_visitor.get_by_text(translate("train.results.accuracy", "en"), exact=True)).to_be_visible(
        timeout=120_000
    )
    wait_for_app(first_visitor)
    assert_no_exception(first_visitor)
    assert max(training_curve_lengths(first_visitor)) == int(TOY_EPOCHS)
    screenshot(first_visitor, "training_after_en")
    first_visitor.context.close()

    # A second visitor, same settings: the model comes from the store at once.
    second_visitor = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    open_training_page_with_circles(second_visitor, empty_store_url)
    pressed = time.monotonic()
    press_train(second_visitor)
    expect(second_visitor.get_by_text("Loaded from the model store", exact=False)).to_be_visible(timeout=15_000)
    expect(second_visitor.get_by_text(translate("train.results.accuracy", "en"), exact=True)).to_be_visible(
        timeout=15_000
    )
    assert time.monotonic() - pressed < 15
    assert_no_exception(second_visitor)
    second_visitor.context.close()


def test_the_first_neuron_predicts_about_six_for_six(empty_store_url, browser_page):
    page = browser_page
    page.goto(f"{empty_store_url}/first-network?lang=en")
    wait_for_app(page)
    dismiss_page_not_found_dialog(page)
    label = translate("first.id.metric.prediction", "en")
    metric = page.locator("[data-testid=stMetric]").filter(has_text=label)
    expect(metric).to_have_count(1, timeout=120_000)
    value = float(metric.locator("[data-testid=stMetricValue]").inner_text())
    assert value == pytest.approx(6.0, abs=0.05)
    # The regression below trains too and ends with its error in the data's units.
    expect(page.get_by_text(translate("first.reg.metric.mae", "en"), exact=True)).to_be_visible(timeout=120_000)
    wait_for_app(page)
    assert_no_exception(page)
    screenshot(page, "first_network_en")


# The page's most epochs: a training still running when the test kills its process.
KILLED_EPOCHS = "200"
# A config no other test here trained, short enough to finish soon after a fresh process has loaded TensorFlow.
AFTER_KILL_EPOCHS = "30"


def wait_for_live_curve(page, points: int = 2) -> None:
    page.wait_for_function(
        "([name, points]) => Array.from(document.querySelectorAll('.js-plotly-plot')).some(el =>"
        " (el.data || []).some(trace => trace.name === name && trace.x && trace.x.length >= points))",
        arg=[translate("train.curve.train", "en"), points],
        timeout=90_000,
    )


def test_a_training_process_killed_mid_training_is_explained_and_train_works_again(empty_store_server, browser):
    server, base_url = empty_store_server
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    open_training_page_with_circles(page, base_url, epochs=KILLED_EPOCHS)
    press_train(page)
    wait_for_live_curve(page)

    running = training_processes(server.pid)
    assert len(running) == 1, f"expected the server's one training process, found {running}"
    killed = running[0]
    os.kill(killed, signal.SIGKILL)

    explanation = page.get_by_text(translate("train.status.worker_died", "en"), exact=True)
    expect(explanation).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    assert_no_exception(page)
    assert max(training_curve_lengths(page), default=0) < int(KILLED_EPOCHS)  # it really was cut short
    screenshot(page, "training_process_killed_en")
    assert process_has_ended(killed)

    set_epochs(page, AFTER_KILL_EPOCHS)
    press_train(page)
    finished = translate("train.status.finished", "en", epochs=int(AFTER_KILL_EPOCHS), seconds="\0").split("\0")[0]
    expect(page.get_by_text(finished, exact=False)).to_be_visible(timeout=180_000)
    expect(page.get_by_text(translate("train.results.accuracy", "en"), exact=True)).to_be_visible(timeout=30_000)
    wait_for_app(page)
    assert_no_exception(page)
    expect(explanation).to_have_count(0)
    replacement = training_processes(server.pid)
    assert len(replacement) == 1 and killed not in replacement  # a fresh process trained it
    screenshot(page, "training_after_killed_process_en")
    page.context.close()
