"""Hypothesis settings for the hostile-input tests.

Every entry point of ``core`` that takes what a visitor typed, drew or uploaded either works or raises the project's
own clear error (a ValueError subclass or DatasetUnavailable) with a sentence: never a TypeError, IndexError,
ZeroDivisionError... that the page would show as a traceback (see ``hostile_input.assert_clear_error``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "hostile",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same examples on every run: a CI failure can be reproduced
)
# `FUZZ_PROFILE=deep` explores far more (and different) examples: for a night run, not for CI.
settings.register_profile(
    "deep", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile(os.environ.get("FUZZ_PROFILE", "hostile"))
