"""What the server itself refuses, whatever a page does: uploads over the configured size."""

from __future__ import annotations

import http.client
import tomllib
import urllib.request
import uuid

import pytest

from bench.streamlit_protocol import StreamlitSession
from tests.helpers import REPO_ROOT

MAX_UPLOAD_MB = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]


def put_file(base_url: str, session_id: str, size_bytes: int) -> int:
    """Send a file to the server's upload endpoint the way the file uploader does; return the HTTP status."""
    with urllib.request.urlopen(base_url + "/_stcore/health") as response:  # sets the XSRF cookie, as for a browser
        cookie = next(
            value.split(";")[0]
            for name, value in response.headers.items()
            if name.lower() == "set-cookie" and value.startswith("_streamlit_xsrf=")
        )
    token = cookie.split("=", 1)[1]
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="prices.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + b"1" * size_bytes
        + f"\r\n--{boundary}--\r\n".encode()
    )
    path = f"/_stcore/upload_file/{session_id}/{uuid.uuid4()}"
    connection = http.client.HTTPConnection(base_url.removeprefix("http://"), timeout=30)
    try:
        connection.putrequest("PUT", path)
        for name, value in {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(len(body)),
            "X-Xsrftoken": token,
            "Cookie": cookie,
        }.items():
            connection.putheader(name, value)
        connection.endheaders()
        try:
            connection.send(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before reading it all: the answer says why
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.fixture(scope="module")
def session(app_url):
    with StreamlitSession(app_url) as visitor:
        visitor.open("")
        assert visitor.session_id
        yield visitor


def test_an_upload_over_the_configured_size_is_refused_by_the_server(app_url, session):
    assert MAX_UPLOAD_MB <= 50
    assert put_file(app_url, session.session_id, (MAX_UPLOAD_MB + 1) * 1024 * 1024) == 413


def test_an_upload_within_the_size_is_accepted(app_url, session):
    assert put_file(app_url, session.session_id, 200_000) in (200, 204)
