"""The course's code panels: every ``course_*`` code sample runs, as a learner would run it, in a fresh interpreter.

Each sample is rendered in Chinese (placeholders become Chinese comments: the file a Chinese learner downloads) and run
with ``QUICK_RUN=1`` (a few hundred examples, one epoch), offline, with an empty Keras cache. A sample that needs a
data set the test can write in the download's own format (CIFAR-10) finds it through ``COURSE_DATA_SETUP``.
"""

from __future__ import annotations

import pytest

from dashboard.i18n import CODE_FOLDER, code_sample, code_sample_keys, translate
from tests.helpers import run_learner_script

COURSE_SAMPLES = sorted(path.stem for path in CODE_FOLDER.glob("course_*.py"))


def small_cifar10(keras_home) -> None:
    """A small CIFAR-10 in the download's own format, where Keras keeps the extracted download."""
    from tests.fake_cifar import write_cifar10_cache

    write_cifar10_cache(keras_home, per_batch=100, test_photos=50)


#: Per sample: what the test writes first (into the script's empty KERAS_HOME), as the download would have.
COURSE_DATA_SETUP = {
    "course_training_cifar_keras": small_cifar10,
    "course_training_cifar_torch": small_cifar10,
}
#: Per sample: lines its output must hold (the course's numbers, read from what it computed).
COURSE_EXPECTED_OUTPUT = {
    "course_training_cifar_keras": ("500 training photos, 50 test photos", "weights: 62,006", "on the 50 test images"),
    "course_training_cifar_torch": ("500 training photos, 50 test photos", "weights: 62,006", "on the 50 test images"),
}


def run_sample(name: str, tmp_path, extra_environment: dict[str, str] | None = None) -> str:
    """Run the code sample ``name`` (Chinese comments) in a subprocess; its output, or a failed assertion with it."""
    if name in COURSE_DATA_SETUP:
        COURSE_DATA_SETUP[name](tmp_path / "keras_home")
    return run_learner_script(code_sample(name, "zh"), tmp_path, name, extra_environment)


@pytest.mark.parametrize("name", COURSE_SAMPLES)
def test_every_course_script_runs_offline(name, tmp_path):
    output = run_sample(name, tmp_path)
    assert output.strip(), "a course script prints what it computed"
    for line in COURSE_EXPECTED_OUTPUT.get(name, ()):
        assert line in output, output[-2000:]


@pytest.mark.parametrize("name", COURSE_SAMPLES)
def test_every_course_script_has_its_comments_in_both_languages(name):
    for key in code_sample_keys(name):
        assert translate(key, "en") and translate(key, "zh"), key
