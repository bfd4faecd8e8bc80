"""Every environment variable the app reads, read and checked in one place.

Each setting is a function that reads its variable when called (tests and ``python -m core.prewarm --bundle`` change
the environment while the process runs) and returns a checked value; an unset or empty variable gives the default.
A value that does not fit is a :class:`SettingError` whose sentence names the variable and what it accepts; nothing
falls back silently. :func:`check_all` reads every setting once, so a server with a typo in its environment stops at
start with that sentence (``streamlit_app.py`` calls it first), not when a visitor first trains a model.

| variable | what it sets | accepts | default |
|---|---|---|---|
| ``DASHBOARD_OFFLINE`` | force the built-in data sets, never open a socket | a yes/no word | no |
| ``DASHBOARD_WARMUP`` | train missing default models in the background at start | a yes/no word | yes |
| ``DASHBOARD_MODEL_STORE`` | where the model store is | a path, ``file://``, fsspec URL | ``model_store/`` |
| ``DASHBOARD_MODEL_STORE_OPTIONS`` | fsspec options for a store URL (no credentials) | a JSON object | ``{}`` |
| ``DASHBOARD_MODEL_BUNDLE`` | the read-only bundle (no word: none) | a path or URL, no word | ``bundled_models/`` |
| ``DASHBOARD_MODEL_STORE_MB`` | size bound of the store, in megabytes | a whole number >= 0 | 500 |
| ``DASHBOARD_MODEL_CACHE_ENTRIES`` | loaded models kept in memory | a whole number >= 0 | 16 |
| ``DASHBOARD_MAX_TRAINING_JOBS`` | trainings running at once | a whole number 1-64 | 1 |
| ``DASHBOARD_MAX_QUEUED_PER_VISITOR`` | a visitor's own trainings waiting at once | a whole number >= 1 | 2 |
| ``DASHBOARD_WATCHER_TIMEOUT_S`` | a session unseen this long stops watching its job | seconds > 0 | 30 |
| ``DASHBOARD_DOWNLOAD_STALL_TIMEOUT_S`` | a download silent this long is given up | seconds, 0 < s < 3600 | 10 |
| ``DASHBOARD_WORKER_MAX_JOBS`` | a training process is replaced after this many jobs | a whole number >= 1 | 50 |
| ``DASHBOARD_WORKER_MAX_MB`` | ... or once its memory grows past this many megabytes | a whole number >= 200 | 1500 |
| ``DASHBOARD_WORKER_HANG_S`` | a training process silent this long is stopped as hung | seconds > 0 | 300 |
| ``KERAS_HOME`` | Keras' own folder; read only to find its downloads | a path | ``~/.keras`` |
| ``DASHBOARD_RAY_ADDRESS`` | train on this Ray cluster (no word: never) | ``host:port``, no word | ``RAY_ADDRESS`` |
| ``RAY_ADDRESS`` | Ray's own variable, read when the one above is unset | ``host:port`` | none: train here |
| ``DASHBOARD_RAY_CPUS_PER_JOB`` | CPUs a training asks the Ray cluster for | a number > 0 | 1 |
| ``DASHBOARD_RAY_GPUS_PER_JOB`` | GPUs it asks for (auto: 1 when the cluster has any) | auto, a number >= 0 | auto |
| ``DASHBOARD_INSTRUCTOR_PASSPHRASE`` | unlocks the classroom's instructor panel | 6+ characters | none |

With a Ray cluster, ``DASHBOARD_MAX_TRAINING_JOBS`` is how many trainings this server follows at once (default 4),
not how many it runs.

Yes words: 1, true, yes, on; no words: 0, false, no, off (any case). Relative paths are relative to the folder
the server was started in. A store URL is anything ``fsspec`` opens (``s3://bucket/prefix``, ``gs://bucket/prefix``;
s3fs or gcsfs installed, see requirements-cluster.txt), e.g. ``DASHBOARD_MODEL_STORE=s3://models/dashboard`` with
``DASHBOARD_MODEL_STORE_OPTIONS={"endpoint_url": "http://127.0.0.1:9000"}`` for an S3-compatible server. Credentials
never go in these settings (they are handed to every training process): the store's library reads them from its
usual environment (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, ``GOOGLE_APPLICATION_CREDENTIALS``, ...).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent

OFFLINE_ENV = "DASHBOARD_OFFLINE"
WARMUP_ENV = "DASHBOARD_WARMUP"
MODEL_STORE_ENV = "DASHBOARD_MODEL_STORE"
MODEL_STORE_OPTIONS_ENV = "DASHBOARD_MODEL_STORE_OPTIONS"
MODEL_BUNDLE_ENV = "DASHBOARD_MODEL_BUNDLE"
MODEL_STORE_MB_ENV = "DASHBOARD_MODEL_STORE_MB"
MODEL_CACHE_ENTRIES_ENV = "DASHBOARD_MODEL_CACHE_ENTRIES"
MAX_TRAINING_JOBS_ENV = "DASHBOARD_MAX_TRAINING_JOBS"
MAX_QUEUED_PER_VISITOR_ENV = "DASHBOARD_MAX_QUEUED_PER_VISITOR"
WATCHER_TIMEOUT_ENV = "DASHBOARD_WATCHER_TIMEOUT_S"
DOWNLOAD_STALL_TIMEOUT_ENV = "DASHBOARD_DOWNLOAD_STALL_TIMEOUT_S"
WORKER_MAX_JOBS_ENV = "DASHBOARD_WORKER_MAX_JOBS"
WORKER_MAX_MB_ENV = "DASHBOARD_WORKER_MAX_MB"
WORKER_HANG_ENV = "DASHBOARD_WORKER_HANG_S"
KERAS_HOME_ENV = "KERAS_HOME"
DASHBOARD_RAY_ADDRESS_ENV = "DASHBOARD_RAY_ADDRESS"
RAY_ADDRESS_ENV = "RAY_ADDRESS"
RAY_CPUS_PER_JOB_ENV = "DASHBOARD_RAY_CPUS_PER_JOB"
RAY_GPUS_PER_JOB_ENV = "DASHBOARD_RAY_GPUS_PER_JOB"

DEFAULT_MODEL_STORE_DIR = REPO_ROOT / "model_store"
DEFAULT_BUNDLE_DIR = REPO_ROOT / "bundled_models"
DEFAULT_MODEL_STORE_MB = 500
DEFAULT_MODEL_CACHE_ENTRIES = 16
DEFAULT_MAX_TRAINING_JOBS = 1  # fits the 2 cores of a small server; more jobs queue in order
MAX_TRAINING_JOBS = 64
DEFAULT_RAY_MAX_TRAINING_JOBS = 4  # with a Ray cluster a job costs this server one small link process, not a fit
DEFAULT_MAX_QUEUED_PER_VISITOR = 2  # a room of thirty: nobody's list of configs fills the queue
DEFAULT_WATCHER_TIMEOUT_S = 30.0
DEFAULT_DOWNLOAD_STALL_TIMEOUT_S = 10.0
MAX_DOWNLOAD_STALL_TIMEOUT_S = 3600.0
DEFAULT_WORKER_MAX_JOBS = 50
DEFAULT_WORKER_MAX_MB = 1500  # a worker that has trained the GAN and the CNN sits near 900 MB
MIN_WORKER_MAX_MB = 200
DEFAULT_WORKER_HANG_S = 300.0  # no training step of the app's lessons takes a minute, let alone five

#: Option names that would carry a secret: refused in DASHBOARD_MODEL_STORE_OPTIONS (credentials come from the
#: environment that s3fs/gcsfs read themselves).
SECRET_OPTION_NAMES = (
    "key",
    "secret",
    "token",
    "password",
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "session_token",
    "credentials",
)

YES_WORDS = ("1", "true", "yes", "on")
NO_WORDS = ("0", "false", "no", "off")


class SettingError(ValueError):
    """An environment variable holds a value the app cannot use; the message names it and what it accepts."""


def _text(name: str) -> str | None:
    """The variable's value without surrounding spaces; None when it is unset or empty."""
    text = os.environ.get(name, "").strip()
    return text or None


def _refuse(name: str, accepts: str, text: str) -> SettingError:
    return SettingError(f"The environment variable {name} must be {accepts}, got {text!r}.")


def _yes_or_no(name: str, default: bool) -> bool:
    text = _text(name)
    if text is None:
        return default
    if text.lower() in YES_WORDS:
        return True
    if text.lower() in NO_WORDS:
        return False
    raise _refuse(name, f"one of {', '.join(YES_WORDS)} (yes) or {', '.join(NO_WORDS)} (no)", text)


def _whole_number(name: str, default: int, minimum: int, maximum: int | None = None) -> int:
    text = _text(name)
    if text is None:
        return default
    accepts = f"a whole number from {minimum} to {maximum}" if maximum is not None else f"a whole number >= {minimum}"
    try:
        value = int(text)
    except ValueError:
        raise _refuse(name, accepts, text) from None
    if value < minimum or (maximum is not None and value > maximum):
        raise _refuse(name, accepts, text)
    return value


def _seconds(name: str, default: float, maximum: float | None = None) -> float:
    text = _text(name)
    if text is None:
        return default
    accepts = "a number of seconds above 0" + (f" and below {maximum:g}" if maximum is not None else "")
    try:
        value = float(text)
    except ValueError:
        raise _refuse(name, accepts, text) from None
    if not math.isfinite(value) or value <= 0 or (maximum is not None and value >= maximum):
        raise _refuse(name, accepts, text)
    return value


def _folder(name: str, default: Path) -> Path:
    text = _text(name)
    return default if text is None else Path(text).expanduser()


# ---------------------------------------------------------------------------------------------------------------
# The settings
# ---------------------------------------------------------------------------------------------------------------


def offline() -> bool:
    """``DASHBOARD_OFFLINE``: True forces the built-in data sets; no socket is ever opened (the tests set it)."""
    return _yes_or_no(OFFLINE_ENV, default=False)


def warmup() -> bool:
    """``DASHBOARD_WARMUP``: False stops the background training of defaults that are neither stored nor bundled."""
    return _yes_or_no(WARMUP_ENV, default=True)


def _location(name: str, default: Path) -> str | Path:
    """A folder (a Path) or a URL (``scheme://...``, kept as the text); ``file://`` URLs stay URLs too."""
    text = _text(name)
    if text is None:
        return default
    if "://" in text:
        scheme = text.split("://", 1)[0]
        if not scheme or not all(character.isalnum() or character in "+-." for character in scheme):
            raise _refuse(name, "a path or a URL such as s3://bucket/prefix", text)
        return text
    return Path(text).expanduser()


def model_store_dir() -> str | Path:
    """``DASHBOARD_MODEL_STORE``: the model store's folder (a Path) or URL (a str, read through fsspec)."""
    return _location(MODEL_STORE_ENV, DEFAULT_MODEL_STORE_DIR)


def model_store_options() -> dict[str, Any]:
    """``DASHBOARD_MODEL_STORE_OPTIONS``: the keyword arguments fsspec gets for a store URL (a JSON object, e.g.
    ``{"endpoint_url": "http://127.0.0.1:9000"}``); option names that carry secrets are refused."""
    text = _text(MODEL_STORE_OPTIONS_ENV)
    if text is None:
        return {}
    accepts = 'a JSON object of fsspec options such as {"endpoint_url": "http://127.0.0.1:9000"}'
    try:
        options = json.loads(text)
    except ValueError:
        raise _refuse(MODEL_STORE_OPTIONS_ENV, accepts, text) from None
    if not isinstance(options, dict):
        raise _refuse(MODEL_STORE_OPTIONS_ENV, accepts, text)
    secrets = sorted(name for name in options if name.lower() in SECRET_OPTION_NAMES)
    if secrets:
        raise SettingError(
            f"The environment variable {MODEL_STORE_OPTIONS_ENV} must not hold credentials ({', '.join(secrets)}): "
            "set them in the environment the storage library reads (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ...)."
        )
    return options


def model_bundle_dir() -> str | Path | None:
    """``DASHBOARD_MODEL_BUNDLE``: the read-only bundle's folder or URL, None for no bundle (0, false, no, off,
    none)."""
    text = _text(MODEL_BUNDLE_ENV)
    if text is not None and text.lower() in (*NO_WORDS, "none"):
        return None
    return _location(MODEL_BUNDLE_ENV, DEFAULT_BUNDLE_DIR)


def model_store_mb() -> int:
    """``DASHBOARD_MODEL_STORE_MB``: the store's size bound in megabytes (least recently used leave first)."""
    return _whole_number(MODEL_STORE_MB_ENV, DEFAULT_MODEL_STORE_MB, minimum=0)


def model_cache_entries() -> int:
    """``DASHBOARD_MODEL_CACHE_ENTRIES``: loaded models kept in memory for every session."""
    return _whole_number(MODEL_CACHE_ENTRIES_ENV, DEFAULT_MODEL_CACHE_ENTRIES, minimum=0)


def max_training_jobs() -> int:
    """``DASHBOARD_MAX_TRAINING_JOBS``: trainings running at once; the rest queue in order."""
    default = DEFAULT_RAY_MAX_TRAINING_JOBS if ray_address() is not None else DEFAULT_MAX_TRAINING_JOBS
    return _whole_number(MAX_TRAINING_JOBS_ENV, default, minimum=1, maximum=MAX_TRAINING_JOBS)


def max_queued_per_visitor() -> int:
    """``DASHBOARD_MAX_QUEUED_PER_VISITOR``: how many trainings of their own a visitor may have waiting in the queue
    (running ones and ones they joined do not count; the instructor's are never refused)."""
    return _whole_number(MAX_QUEUED_PER_VISITOR_ENV, DEFAULT_MAX_QUEUED_PER_VISITOR, minimum=1)


def watcher_timeout_s() -> float:
    """``DASHBOARD_WATCHER_TIMEOUT_S``: a session not heard from for this long stops watching its job."""
    return _seconds(WATCHER_TIMEOUT_ENV, DEFAULT_WATCHER_TIMEOUT_S)


def download_stall_timeout_s() -> float:
    """``DASHBOARD_DOWNLOAD_STALL_TIMEOUT_S``: a download that receives nothing for this long is given up."""
    return _seconds(DOWNLOAD_STALL_TIMEOUT_ENV, DEFAULT_DOWNLOAD_STALL_TIMEOUT_S, MAX_DOWNLOAD_STALL_TIMEOUT_S)


def worker_max_jobs() -> int:
    """``DASHBOARD_WORKER_MAX_JOBS``: a training process is replaced by a fresh one after this many jobs."""
    return _whole_number(WORKER_MAX_JOBS_ENV, DEFAULT_WORKER_MAX_JOBS, minimum=1)


def worker_max_mb() -> int:
    """``DASHBOARD_WORKER_MAX_MB``: a training process whose memory grew past this is replaced after its job."""
    return _whole_number(WORKER_MAX_MB_ENV, DEFAULT_WORKER_MAX_MB, minimum=MIN_WORKER_MAX_MB)


def worker_hang_s() -> float:
    """``DASHBOARD_WORKER_HANG_S``: a training process that reports nothing for this long is stopped as hung."""
    return _seconds(WORKER_HANG_ENV, DEFAULT_WORKER_HANG_S)


def keras_home() -> Path:
    """``KERAS_HOME``, computed as Keras does (``keras.src.backend.config``) without importing it: the variable,
    else ``~/.keras``, else ``/tmp/.keras`` where the home folder is not writable. Read to find Keras' downloads."""
    home = os.path.expanduser("~")
    return _folder(KERAS_HOME_ENV, Path(home if os.access(home, os.W_OK) else "/tmp") / ".keras")


def ray_address() -> str | None:
    """``DASHBOARD_RAY_ADDRESS``, else Ray's own ``RAY_ADDRESS``: the head (``host:port``) of the Ray cluster that
    trains the models; None trains on this server. ``DASHBOARD_RAY_ADDRESS=none`` (or a no word) ignores
    ``RAY_ADDRESS``. ``auto`` and ``local`` (Ray's words for "find or start one here") are refused: the app never
    starts a Ray process by itself."""
    text = _text(DASHBOARD_RAY_ADDRESS_ENV)
    name = DASHBOARD_RAY_ADDRESS_ENV
    if text is not None and text.lower() in (*NO_WORDS, "none"):
        return None
    if text is None:
        text, name = _text(RAY_ADDRESS_ENV), RAY_ADDRESS_ENV
    if text is None:
        return None
    host, _, port = text.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536 or text.lower() in ("auto", "local"):
        raise _refuse(name, "the head of a Ray cluster as host:port (e.g. ray-head:6379)", text)
    return text


def ray_cpus_per_job() -> float:
    """``DASHBOARD_RAY_CPUS_PER_JOB``: the CPUs one training asks the Ray cluster for."""
    text = _text(RAY_CPUS_PER_JOB_ENV)
    if text is None:
        return 1.0
    try:
        value = float(text)
    except ValueError:
        raise _refuse(RAY_CPUS_PER_JOB_ENV, "a number of CPUs above 0", text) from None
    if not math.isfinite(value) or value <= 0:
        raise _refuse(RAY_CPUS_PER_JOB_ENV, "a number of CPUs above 0", text)
    return value


def ray_gpus_per_job() -> str:
    """``DASHBOARD_RAY_GPUS_PER_JOB``: "auto" (one GPU when the cluster has any, none otherwise) or a number."""
    text = _text(RAY_GPUS_PER_JOB_ENV)
    if text is None or text.lower() == "auto":
        return "auto"
    try:
        value = float(text)
    except ValueError:
        raise _refuse(RAY_GPUS_PER_JOB_ENV, "auto or a number of GPUs >= 0", text) from None
    if not math.isfinite(value) or value < 0:
        raise _refuse(RAY_GPUS_PER_JOB_ENV, "auto or a number of GPUs >= 0", text)
    return f"{value:g}"


#: Every setting, by its variable: what :func:`check_all` reads.
INSTRUCTOR_PASSPHRASE_ENV = "DASHBOARD_INSTRUCTOR_PASSPHRASE"
MIN_PASSPHRASE_CHARS = 6


def instructor_passphrase() -> str | None:
    """``DASHBOARD_INSTRUCTOR_PASSPHRASE``: the passphrase that makes a session the class' instructor (None: classroom
    mode has no instructor; ``st.secrets["instructor_passphrase"]`` is the other place an operator may put it)."""
    text = os.environ.get(INSTRUCTOR_PASSPHRASE_ENV, "")
    if not text.strip():
        return None
    if len(text) < MIN_PASSPHRASE_CHARS:
        raise _refuse(INSTRUCTOR_PASSPHRASE_ENV, f"a passphrase of at least {MIN_PASSPHRASE_CHARS} characters", "***")
    return text


SETTINGS: dict[str, Callable[[], Any]] = {
    OFFLINE_ENV: offline,
    WARMUP_ENV: warmup,
    MODEL_STORE_ENV: model_store_dir,
    MODEL_STORE_OPTIONS_ENV: model_store_options,
    MODEL_BUNDLE_ENV: model_bundle_dir,
    MODEL_STORE_MB_ENV: model_store_mb,
    MODEL_CACHE_ENTRIES_ENV: model_cache_entries,
    MAX_TRAINING_JOBS_ENV: max_training_jobs,
    MAX_QUEUED_PER_VISITOR_ENV: max_queued_per_visitor,
    WATCHER_TIMEOUT_ENV: watcher_timeout_s,
    DOWNLOAD_STALL_TIMEOUT_ENV: download_stall_timeout_s,
    WORKER_MAX_JOBS_ENV: worker_max_jobs,
    WORKER_MAX_MB_ENV: worker_max_mb,
    WORKER_HANG_ENV: worker_hang_s,
    KERAS_HOME_ENV: keras_home,
    DASHBOARD_RAY_ADDRESS_ENV: ray_address,
    RAY_CPUS_PER_JOB_ENV: ray_cpus_per_job,
    RAY_GPUS_PER_JOB_ENV: ray_gpus_per_job,
    INSTRUCTOR_PASSPHRASE_ENV: instructor_passphrase,
}


def check_all() -> dict[str, Any]:
    """Read every setting; raises :class:`SettingError` listing every bad variable, one sentence each."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name, read in SETTINGS.items():
        try:
            values[name] = read()
        except SettingError as error:
            problems.append(str(error))
    if problems:
        raise SettingError(" ".join(problems))
    return values
