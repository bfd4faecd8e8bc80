"""Is the internet there? One cheap answer per host, remembered for the life of the process.

Every loader in :mod:`core.data` asks :func:`can_reach` before it tries a download. Workshop rooms and these build
machines often have no internet, and a Keras download that hangs for a minute on the landing page is worse than the
embedded offline data set. So the check is a plain TCP connect with a short timeout, made at most once per host:
thirty visitors opening the app at once share one probe, and a host that failed stays "unreachable" until the
process restarts (or, for a temporary refusal such as a rate limit, until ``retry_after`` seconds have passed).

Setting the environment variable ``DASHBOARD_OFFLINE=1`` (:func:`core.settings.offline`) forces offline mode: no
socket is ever opened. The tests use it, and so can a workshop that wants every page to behave the same on every
laptop.

Only the real download hosts are ever probed (``storage.googleapis.com`` for the Keras data sets,
``www.cs.toronto.edu`` for CIFAR-10, ``query1.finance.yahoo.com`` for yfinance): the hosts live next to the
data sets in :mod:`core.data.catalog`, this module just answers for whatever host it is given.
"""

from __future__ import annotations

import math
import socket
import threading
from collections.abc import Iterable

import cachetools

from core import settings

# Extra time allowed beyond the socket timeout: the name lookup (getaddrinfo) inside create_connection is not
# bound by the socket timeout, so the probe runs in a thread and we stop waiting for it after this margin.
_NAME_LOOKUP_MARGIN_SECONDS = 1.0


def _expires_at(host: str, answer: tuple[bool, float | None], now: float) -> float:
    return math.inf if answer[1] is None else answer[1]


_lock = threading.Lock()
# host -> (reachable, time.monotonic() after which the answer expires, or None for "never"); an expired answer is
# gone, so the next caller probes again. Far more hosts than the three download hosts are never asked about.
_answers: cachetools.TLRUCache = cachetools.TLRUCache(maxsize=256, ttu=_expires_at)
# One lock per host, so concurrent callers for the same host wait for one probe instead of each opening a socket.
_host_locks: dict[str, threading.Lock] = {}


def offline_forced() -> bool:
    """True when ``DASHBOARD_OFFLINE`` says yes (1, true, yes, on); see :func:`core.settings.offline`."""
    return settings.offline()


def _validate_host(host: str) -> str:
    if not isinstance(host, str) or not host.strip():
        raise ValueError(f"host must be a non-empty host name such as 'storage.googleapis.com', got {host!r}.")
    return host.strip().lower()


def _remembered(host: str) -> bool | None:
    """The stored answer for ``host``, or None when there is none (or it has expired)."""
    with _lock:
        answer = _answers.get(host)
    return None if answer is None else answer[0]


def _lock_for(host: str) -> threading.Lock:
    with _lock:
        return _host_locks.setdefault(host, threading.Lock())


def _probe(host: str, port: int, timeout: float) -> bool:
    """Open (and close) one TCP connection to ``host:port``; False on any error or when it takes too long."""
    outcome: list[bool] = []

    def attempt() -> None:
        try:
            connection = socket.create_connection((host, port), timeout=timeout)
        except Exception:  # noqa: BLE001 - any failure (DNS, refused, timeout, proxy) means "not reachable"
            outcome.append(False)
            return
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - a test double may not have close(); the connect already succeeded
            pass
        outcome.append(True)

    worker = threading.Thread(target=attempt, name=f"probe-{host}", daemon=True)
    worker.start()
    worker.join(timeout + _NAME_LOOKUP_MARGIN_SECONDS)
    return bool(outcome) and outcome[0]


def can_reach(host: str, port: int = 443, timeout: float = 2.0) -> bool:
    """Whether ``host`` accepts a TCP connection on ``port``; answered once per host, then remembered.

    Returns False at once when offline mode is forced (``DASHBOARD_OFFLINE``) or when the host was marked
    unreachable. Thread-safe: concurrent first calls for one host share a single probe.
    """
    host = _validate_host(host)
    if not isinstance(port, int) or not 0 < port < 65536:
        raise ValueError(f"port must be an integer between 1 and 65535, got {port!r}.")
    if not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}.")
    if offline_forced():
        return False
    answer = _remembered(host)
    if answer is not None:
        return answer
    with _lock_for(host):
        # Another thread may have probed (or marked the host unreachable) while we waited for the lock.
        answer = _remembered(host)
        if answer is not None:
            return answer
        reachable = _probe(host, port, timeout)
        with _lock:
            # A mark_unreachable() made during the probe wins over a successful connect.
            if host not in _answers:
                _answers[host] = (reachable, None)
            return _answers[host][0]


def check_hosts(hosts: Iterable[str], port: int = 443, timeout: float = 2.0) -> dict[str, bool]:
    """:func:`can_reach` for several hosts, probed at the same time so the wait is one timeout, not the sum."""
    unique_hosts = list(dict.fromkeys(_validate_host(host) for host in hosts))
    answers: dict[str, bool] = {}
    unknown = [host for host in unique_hosts if offline_forced() or _remembered(host) is None]
    if len(unknown) > 1 and not offline_forced():
        workers = [
            threading.Thread(target=can_reach, args=(host, port, timeout), name=f"check-{host}", daemon=True)
            for host in unknown
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout + _NAME_LOOKUP_MARGIN_SECONDS + 0.5)
    for host in unique_hosts:
        answers[host] = can_reach(host, port, timeout)
    return answers


def mark_unreachable(host: str, retry_after: float | None = None) -> None:
    """Remember that a download from ``host`` failed, so later :func:`can_reach` calls return False at once.

    ``retry_after`` (seconds) makes the verdict temporary, e.g. after a rate limit; None keeps it for the
    life of the process, which is right for "no internet here".
    """
    host = _validate_host(host)
    if retry_after is not None and not retry_after > 0:
        raise ValueError(f"retry_after must be a positive number of seconds or None, got {retry_after!r}.")
    expires_at = None if retry_after is None else _answers.timer() + retry_after
    with _lock:
        _answers[host] = (False, expires_at)


def reset() -> None:
    """Forget every remembered answer (for tests)."""
    with _lock:
        _answers.clear()
        _host_locks.clear()
