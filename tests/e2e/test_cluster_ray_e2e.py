"""The whole cluster on this machine, started by the cluster command's own code (`deploy.cluster.LocalCluster`): a Ray
head, two Streamlit replicas training on it, HAProxy in front, one store folder. Visitors reach it through the
balancer only.

What they would notice: twenty attendees pressing Train at once, half on each replica, watch one training and all
see its model; when the replica a visitor's page is on is killed during a training, the page comes back on the
other replica, Train joins the training still under way in Ray, and its model is stored once; the home page says
training runs on the Ray cluster, with its size.

The /training default is trained for real here: the replicas run without the bundle (``DASHBOARD_MODEL_BUNDLE=none``)
over an empty store.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bench.streamlit_protocol import StreamlitSession
from deploy.cluster import COOKIE, LocalCluster
from deploy.processes import free_port
from tests.e2e.harness import (
    CHROMIUM,
    assert_no_exception,
    dismiss_page_not_found_dialog,
    screenshot,
    wait_for_app,
    wait_until_idle,
)
from tests.helpers import REPO_ROOT, wait_until

pytest.importorskip("ray")

TEST_ENVIRONMENT = {
    "DASHBOARD_OFFLINE": "1",
    "DASHBOARD_WARMUP": "0",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "DASHBOARD_MODEL_BUNDLE": "none",
}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run the README's test command, which installs Debian's chromium")
    run_dir = tmp_path_factory.mktemp("ray_cluster")
    with LocalCluster(
        replicas=2,
        port=free_port(),
        host="127.0.0.1",
        replica_ports=[free_port(), free_port()],
        ray=True,
        ray_port=free_port(),
        ray_cpus=2,
        store=run_dir / "store",
        env=TEST_ENVIRONMENT,
        run_dir=run_dir,
    ) as cluster:
        yield cluster


def trainings(cluster: LocalCluster) -> list[dict]:
    """Every training the Ray cluster started, as its ledger records them (asked as the home page asks)."""
    answer = subprocess.run(
        [sys.executable, "-m", "core.training.ray_link", "--describe", cluster.ray_address],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=str(REPO_ROOT),
        check=True,
    )
    facts = json.loads(answer.stdout.strip().splitlines()[-1])
    assert facts["reachable"], facts
    return facts["trainings"]


def epoch_shown(page) -> int:
    """The epoch the live panel says the training is at ("Epoch 7 of 200 ...")."""
    text = page.get_by_text(re.compile(r"Epoch \d+ of 200")).first.inner_text()
    return int(re.search(r"Epoch (\d+) of", text).group(1))


def stored_entries(cluster: LocalCluster) -> set[str]:
    return {path.stem for path in Path(cluster.store).glob("*.json")}


def test_twenty_presses_on_two_replicas_train_once_and_every_attendee_sees_the_model(cluster):
    results: dict[int, str] = {}

    def attendee(index: int) -> None:
        replica = f"r{index % 2}"  # half the room on each replica, as the balancer's cookies would spread it
        try:
            with StreamlitSession(
                cluster.url, query_string="lang=en", cookie=f"{COOKIE}={replica}", timeout=600
            ) as session:
                session.open("training")
                session.click("Train")
                if session.polling:
                    session.poll_until(lambda visitor: not visitor.polling, timeout=600)
                alerts = [element.text for element in session.elements if element.kind == "alert"]
                results[index] = next((text for text in alerts if "model store" in text), f"no result: {alerts}")
        except Exception as error:  # noqa: BLE001 - reported below with the others
            results[index] = f"{type(error).__name__}: {error}"

    before = cluster.server_stats()
    room = [threading.Thread(target=attendee, args=(index,)) for index in range(20)]
    for thread in room:
        thread.start()
    for thread in room:
        thread.join(660)
    after = cluster.server_stats()

    assert len(results) == 20
    assert all(text.startswith("Trained:") or "model store" in text for text in results.values()), results
    # Both replicas served half the room...
    for replica in ("r0", "r1"):
        assert int(after[replica]["stot"]) - int(before[replica]["stot"]) >= 10, (before, after)
    # ...and the cluster trained once, stored once.
    assert len(trainings(cluster)) == 1
    assert len(stored_entries(cluster)) == 1


def test_a_replica_killed_during_a_training_costs_its_visitor_nothing(cluster, browser):
    trainings_before, stored_before = len(trainings(cluster)), stored_entries(cluster)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"{cluster.url}/training?lang=en")
        wait_for_app(page)
        dismiss_page_not_found_dialog(page)
        epochs = page.get_by_role("spinbutton", name="Epochs")
        epochs.fill("200")  # the default network on MNIST, long enough (about 25 s here) to kill a replica
        epochs.press("Enter")
        wait_until_idle(page)
        page.get_by_role("button", name="Train", exact=True).click()
        page.get_by_text(re.compile(r"Epoch [2-9]\d* of 200")).first.wait_for(timeout=180_000)  # on the cluster
        before_kill = epoch_shown(page)
        (cookie,) = [c for c in context.cookies() if c["name"] == COOKIE]
        killed = cookie["value"]
        survivor = next(name for name in cluster.server_states() if name != killed)

        cluster.kill_replica(int(killed.removeprefix("r")))

        # The page comes back by itself, on the other replica, showing the lesson...
        wait_until(lambda: any(c["name"] == COOKIE and c["value"] == survivor for c in context.cookies()), timeout=30)
        wait_for_app(page)
        assert_no_exception(page)
        # ...with the app's defaults in its controls (a session's state lives in one server's memory: the visitor
        # enters their settings again), and Train joins the training still under way in Ray.
        epochs = page.get_by_role("spinbutton", name="Epochs")
        epochs.fill("200")
        epochs.press("Enter")
        wait_until_idle(page)
        page.get_by_role("button", name="Train", exact=True).click()
        page.get_by_text(re.compile(r"Epoch \d+ of 200")).first.wait_for(timeout=60_000)
        assert epoch_shown(page) >= before_kill  # the curves go on from where they were, not from epoch 1
        page.get_by_text("Trained: 200 epochs").first.wait_for(timeout=300_000)
        assert_no_exception(page)
        screenshot(page, "cluster_ray_training_after_its_replica_was_killed")
    except Exception:
        screenshot(page, "cluster_ray_training_failure")
        raise
    finally:
        context.close()
        cluster.restart_replica(int(killed.removeprefix("r")))
    assert len(trainings(cluster)) == trainings_before + 1  # one training, not a second one from scratch
    assert len(stored_entries(cluster) - stored_before) == 1  # its model, stored once


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_home_page_says_training_runs_on_the_ray_cluster(cluster, browser, language):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"{cluster.url}/?lang={language}")
        wait_for_app(page)
        # First "asking it for its size", then (a background process asked the cluster) its nodes, CPUs and GPUs.
        page.get_by_text("node(s)" if language == "en" else "个节点").first.wait_for(timeout=60_000)
        main = page.locator("[data-testid=stMain]").inner_text()
        assert cluster.ray_address in main
        assert ("1 node(s), 2 CPUs, 0 GPUs" if language == "en" else "1 个节点、2 个 CPU、0 块 GPU") in main
        assert_no_exception(page)
        screenshot(page, f"cluster_home_{language}")
    finally:
        context.close()
