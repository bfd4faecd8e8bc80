"""What every hostile-input test asserts when an entry point refuses its input."""

from __future__ import annotations

import re


def assert_clear_error(error: BaseException) -> None:
    """The error is one the pages turn into a message: the project's type, with a readable sentence."""
    from core.data.datasets import DatasetUnavailable

    assert isinstance(error, (ValueError, DatasetUnavailable)), f"{type(error).__name__}: {error}"
    message = str(error)
    assert message and len(message) < 2000, f"unreadable message: {message[:200]!r}"
    assert "Traceback" not in message
    assert re.search(r"[A-Za-z]{3}", message), f"not a sentence: {message!r}"
