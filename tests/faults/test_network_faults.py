"""The network goes away in the middle of a download: the page gets the built-in data within seconds."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from core import settings
from core.data import images as image_data
from core.data import network, sources


@pytest.fixture
def stalling_server():
    """An HTTP server on loopback that starts sending a big file, then goes silent (a pulled cable)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    connections = []
    stop = threading.Event()

    def serve():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            connections.append(connection)
            connection.recv(65536)
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 11490434\r\n\r\n"
                + b"\0" * 4096
            )  # ... and nothing more

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/mnist.npz"
    stop.set()
    thread.join(timeout=2)
    for connection in connections:
        connection.close()
    listener.close()


@pytest.fixture
def online_but_fragile(monkeypatch, tmp_path):
    monkeypatch.delenv(settings.OFFLINE_ENV, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    monkeypatch.setenv(settings.DOWNLOAD_STALL_TIMEOUT_ENV, "2")
    monkeypatch.setattr(network, "can_reach", lambda host, *args, **kwargs: True)
    sources.clear_caches()
    yield
    sources.clear_caches()
    network.reset()


def test_a_download_that_stalls_falls_back_to_the_built_in_copy_within_seconds(
    online_but_fragile, stalling_server, monkeypatch
):
    keras = pytest.importorskip("keras")

    def download_from_the_stalling_server(*args, **kwargs):
        # What keras.datasets.mnist.load_data does, from a server that stops sending.
        path = keras.utils.get_file("mnist.npz", origin=stalling_server)
        raise AssertionError(f"the download should not have finished ({path})")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", download_from_the_stalling_server)
    previous_default = socket.getdefaulttimeout()
    started = time.perf_counter()
    dataset = image_data.load_mnist()
    seconds = time.perf_counter() - started
    assert dataset.provenance.online is False
    assert "download" in dataset.provenance.note
    assert dataset.x_train.shape == (4000, 28, 28)
    assert seconds < 30, f"the fallback took {seconds:.0f} s"
    assert socket.getdefaulttimeout() == previous_default  # the process-wide default is restored
