"""core.data.network: offline mode opens no socket, each host is probed once, failures are remembered.

socket.create_connection is always replaced by a fake: these tests never touch the network.
"""

import socket
import threading
import time

import pytest

from core import settings
from core.data import network

HOST = "storage.googleapis.com"


class FakeConnection:
    def close(self):
        pass


class ConnectionCounter:
    """Stands in for socket.create_connection: counts calls, then succeeds, fails or stalls."""

    def __init__(self, outcome="fail", delay=0.0):
        self.outcome = outcome
        self.delay = delay
        self.calls = []
        self._lock = threading.Lock()

    def __call__(self, address, timeout=None, *args, **kwargs):
        with self._lock:
            self.calls.append(address)
        if self.delay:
            time.sleep(self.delay)
        if self.outcome == "fail":
            raise OSError("Name or service not known")
        return FakeConnection()


# Every test starts with no remembered reachability answers.
pytestmark = pytest.mark.usefixtures("fresh_network_memory")


@pytest.fixture
def online(monkeypatch):
    """Offline mode is not forced (the conftest forces it for every other test)."""
    monkeypatch.delenv(settings.OFFLINE_ENV, raising=False)


@pytest.mark.parametrize(
    "value, expected",
    [("1", True), ("true", True), ("YES", True), (" on ", True), ("0", False), ("", False), ("no", False)],
)
def test_offline_forced_reads_the_environment_variable(monkeypatch, value, expected):
    monkeypatch.setenv(settings.OFFLINE_ENV, value)
    assert network.offline_forced() is expected


def test_offline_forced_is_false_without_the_variable(online):
    assert network.offline_forced() is False


def test_forced_offline_never_opens_a_socket(monkeypatch):
    fake = ConnectionCounter(outcome="succeed")
    monkeypatch.setattr(socket, "create_connection", fake)
    monkeypatch.setenv(settings.OFFLINE_ENV, "1")
    assert network.can_reach(HOST) is False
    assert network.check_hosts([HOST, "www.cs.toronto.edu"]) == {HOST: False, "www.cs.toronto.edu": False}
    assert fake.calls == []


def test_a_failed_probe_is_remembered(monkeypatch, online):
    fake = ConnectionCounter(outcome="fail")
    monkeypatch.setattr(socket, "create_connection", fake)
    assert network.can_reach(HOST) is False
    assert network.can_reach(HOST) is False
    assert network.can_reach(HOST.upper()) is False  # host names are case-insensitive
    assert fake.calls == [(HOST, 443)]


def test_a_successful_probe_is_remembered(monkeypatch, online):
    fake = ConnectionCounter(outcome="succeed")
    monkeypatch.setattr(socket, "create_connection", fake)
    assert network.can_reach(HOST) is True
    assert network.can_reach(HOST) is True
    assert len(fake.calls) == 1


def test_concurrent_callers_share_one_probe(monkeypatch, online):
    fake = ConnectionCounter(outcome="succeed", delay=0.2)
    monkeypatch.setattr(socket, "create_connection", fake)
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(network.can_reach(HOST))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [True] * 8
    assert len(fake.calls) == 1


def test_mark_unreachable_wins_over_a_remembered_success(monkeypatch, online):
    fake = ConnectionCounter(outcome="succeed")
    monkeypatch.setattr(socket, "create_connection", fake)
    assert network.can_reach(HOST) is True
    network.mark_unreachable(HOST)
    assert network.can_reach(HOST) is False
    assert len(fake.calls) == 1


def test_mark_unreachable_before_any_probe_means_no_probe(monkeypatch, online):
    fake = ConnectionCounter(outcome="succeed")
    monkeypatch.setattr(socket, "create_connection", fake)
    network.mark_unreachable(HOST)
    assert network.can_reach(HOST) is False
    assert fake.calls == []


def test_a_temporary_verdict_expires(monkeypatch, online):
    fake = ConnectionCounter(outcome="succeed")
    monkeypatch.setattr(socket, "create_connection", fake)
    network.mark_unreachable(HOST, retry_after=0.05)
    assert network.can_reach(HOST) is False
    time.sleep(0.1)
    assert network.can_reach(HOST) is True
    assert len(fake.calls) == 1


def test_reset_forgets_the_answers(monkeypatch, online):
    fake = ConnectionCounter(outcome="fail")
    monkeypatch.setattr(socket, "create_connection", fake)
    network.can_reach(HOST)
    network.reset()
    network.can_reach(HOST)
    assert len(fake.calls) == 2


def test_a_stalled_name_lookup_does_not_block_for_long(monkeypatch, online):
    # getaddrinfo ignores the socket timeout; the probe must give up on its own.
    fake = ConnectionCounter(outcome="succeed", delay=3.0)
    monkeypatch.setattr(socket, "create_connection", fake)
    started = time.perf_counter()
    assert network.can_reach(HOST, timeout=0.1) is False
    assert time.perf_counter() - started < 2.5


def test_check_hosts_probes_hosts_at_the_same_time(monkeypatch, online):
    fake = ConnectionCounter(outcome="succeed", delay=0.4)
    monkeypatch.setattr(socket, "create_connection", fake)
    hosts = [HOST, "www.cs.toronto.edu", "query1.finance.yahoo.com"]
    started = time.perf_counter()
    assert network.check_hosts(hosts) == dict.fromkeys(hosts, True)
    assert time.perf_counter() - started < 1.0  # one delay, not three
    assert sorted(host for host, _ in fake.calls) == sorted(hosts)


@pytest.mark.parametrize("arguments", [("",), (None,), (HOST, 0), (HOST, 70000), (HOST, 443, 0)])
def test_bad_arguments_raise_value_error(arguments):
    with pytest.raises(ValueError):
        network.can_reach(*arguments)


def test_mark_unreachable_rejects_a_negative_pause():
    with pytest.raises(ValueError, match="retry_after"):
        network.mark_unreachable(HOST, retry_after=-1)
