"""Two replicas behind HAProxy, started by the local cluster command's own code (`deploy.cluster.LocalCluster`), as a
workshop's visitors reach them: through the balancer only.

What a visitor would notice: their session works over the WebSocket and stays on one replica (the sticky cookie);
when the replica their page is on is killed, the page comes back on the other one by itself and shows the lesson,
without an exception; and from then on every new visitor is served (the health check took the dead replica out).

No Ray here (``ray=False``): each replica trains in its own processes, which is not what these tests are about.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from bench.streamlit_protocol import StreamlitSession
from deploy.cluster import COOKIE, LocalCluster
from deploy.processes import free_port
from tests.e2e.harness import CHROMIUM, assert_no_exception, screenshot, wait_for_app
from tests.helpers import wait_until

TEST_ENVIRONMENT = {"DASHBOARD_OFFLINE": "1", "DASHBOARD_WARMUP": "0", "TF_CPP_MIN_LOG_LEVEL": "2"}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run the README's test command, which installs Debian's chromium")
    run_dir = tmp_path_factory.mktemp("cluster")
    with LocalCluster(
        replicas=2,
        port=free_port(),
        host="127.0.0.1",
        replica_ports=[free_port(), free_port()],
        ray=False,
        store=run_dir / "store",
        env=TEST_ENVIRONMENT,
        run_dir=run_dir,
    ) as cluster:
        yield cluster


@pytest.fixture
def both_replicas_up(cluster):
    """Every replica running and in the pool, before and after the test (a test may kill one)."""
    _restore(cluster)
    yield cluster
    _restore(cluster)


def _restore(cluster: LocalCluster) -> None:
    for replica in cluster.replicas:
        if replica.process.poll() is not None:
            cluster.restart_replica(replica.index)
    wait_until(lambda: set(cluster.server_states().values()) == {"UP"}, timeout=30)


def sticky_cookie(url: str) -> str:
    """What a browser's first request gets: the balancer's cookie naming a replica (``SERVERID=r0``)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            if header.startswith(f"{COOKIE}="):
                return header.split(";")[0]
    raise AssertionError(f"The balancer set no {COOKIE} cookie")


def sessions_served(cluster: LocalCluster) -> dict[str, int]:
    """How many sessions (connections, WebSockets included) the balancer has sent to each replica so far."""
    return {name: int(row["stot"]) for name, row in cluster.server_stats().items()}


def test_a_visitor_s_session_works_through_the_balancer_and_stays_on_one_replica(both_replicas_up):
    cluster = both_replicas_up
    cookie = sticky_cookie(cluster.url)
    replica = cookie.split("=", 1)[1]
    other = next(name for name in cluster.server_states() if name != replica)
    before = sessions_served(cluster)

    # The visitor's WebSocket carries the cookie: three runs of the app (two pages) and a reconnection, all on the
    # replica the first page load chose.
    for _ in range(2):
        with StreamlitSession(cluster.url, query_string="lang=en", cookie=cookie, timeout=60) as session:
            for page in ("", "course"):
                result = session.open(page)
                assert not result.exceptions and not result.page_not_found, (page, result.exceptions)
                assert session.has("heading") or session.has("markdown"), f"/{page} drew nothing"

    after = sessions_served(cluster)
    assert after[replica] - before[replica] == 2, (before, after)
    assert after[other] == before[other], f"a sticky session reached the other replica: {before} -> {after}"


def test_new_visitors_are_spread_over_the_replicas(both_replicas_up):
    cluster = both_replicas_up
    # Two visitors at once, without a cookie yet: the one with the fewest open connections gets the next.
    sessions = [StreamlitSession(cluster.url, query_string="lang=en", timeout=60) for _ in range(2)]
    try:
        for session in sessions:
            assert not session.open("").exceptions
        open_now = {name: int(row["scur"]) for name, row in cluster.server_stats().items()}
        assert open_now == {"r0": 1, "r1": 1}, open_now
    finally:
        for session in sessions:
            session.close()


def test_a_killed_replica_s_page_reconnects_to_the_other_and_new_visitors_are_served(both_replicas_up, browser):
    cluster = both_replicas_up
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"{cluster.url}/math?lang=en")
        wait_for_app(page)
        title = page.locator("[data-testid=stMain] h1").first.inner_text()
        (cookie,) = [c for c in context.cookies() if c["name"] == COOKIE]
        killed = cookie["value"]
        survivor = next(name for name in cluster.server_states() if name != killed)

        cluster.kill_replica(int(killed.removeprefix("r")))

        # The balancer takes the dead replica out of the pool (its health check fails)...
        wait_until(lambda: cluster.server_states()[killed] == "DOWN", timeout=15)
        # ...the page reconnects by itself, to the other replica (a new cookie), and shows the lesson again.
        wait_until(lambda: any(c["name"] == COOKIE and c["value"] == survivor for c in context.cookies()), timeout=30)
        wait_until(lambda: int(cluster.server_stats()[survivor]["scur"]) >= 1, timeout=30)  # its WebSocket
        wait_for_app(page)
        assert page.locator("[data-testid=stMain] h1").first.inner_text() == title
        assert_no_exception(page)
        screenshot(page, "cluster_page_after_its_replica_was_killed")

        # Every new visitor is served meanwhile, by the replica that is left.
        before = sessions_served(cluster)
        for _ in range(3):
            with StreamlitSession(cluster.url, query_string="lang=en", timeout=60) as session:
                result = session.open("")
                assert not result.exceptions and not result.page_not_found
        after = sessions_served(cluster)
        assert after[survivor] - before[survivor] == 3 and after[killed] == before[killed], (before, after)
    finally:
        context.close()
