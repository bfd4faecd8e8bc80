"""A class an instructor leads: who follows, the current step, the room's locks, an experiment, a question.

The state lives in the server process (one :class:`ClassRegistry` per process, :func:`registry`), so it survives an
attendee's page reload (their seat is in their URL) and the instructor's (they unlock again and resume the class).
It is cleared when the instructor ends the class, and bounded: at most ``MAX_ATTENDEES`` seats, and per seat a
nickname of ``MAX_NICKNAME`` characters, one answer, and the last ``MAX_RUNS`` experiment runs with curves of at most
``MAX_CURVE_POINTS`` points. Nothing here knows Streamlit; ``dashboard/classroom.py`` draws it.

- **Instructor.** An operator sets a passphrase (``DASHBOARD_INSTRUCTOR_PASSPHRASE``, or ``st.secrets``). Unlocking
  gives the session an instructor token; every instructor action takes the token and raises :class:`NotInstructor`
  without it. Wrong passphrases are counted per session and refused for a while after ``MAX_FAILED_UNLOCKS``.
- **Lead.** The instructor's page and setup are the class' :class:`Step`; each change raises its ``version``.
  Attendees who follow poll the step (``dashboard/classroom.py``, every second) and move to it.
- **Locks.** Per page, params whose value the room gets (the instructor's) and params hidden from the room.
- **Experiment.** A page and one or two params the attendees choose themselves. Each attendee's training is a
  run: the chosen values and a handle on the job (anything with ``snapshot(heartbeat=False)``, e.g. the engine's
  ``JobHandle``); :meth:`Classroom.experiment_runs` reads the handles, so a result is there as soon as its job ends.
- **Question.** A question with two to four answers, one vote per seat, revealed when the instructor chooses.

Nicknames are plain text: control characters removed, trimmed, bounded; only the instructor sees them, unless they
choose to show them to the room.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from core.classroom.setups import clean_text

MAX_CLASSES = 8
MAX_ATTENDEES = 300
MAX_NICKNAME = 24
MAX_RUNS = 4  # experiment runs kept per seat (the latest)
MAX_CURVE_POINTS = 200
MAX_QUESTION = 200
MAX_ANSWER = 80
MAX_FAILED_UNLOCKS = 5
UNLOCK_PAUSE_S = 30.0
SEAT_TIMEOUT_S = 30.0  # a seat not heard from for this long no longer counts as present
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed from a projector


class NotInstructor(PermissionError):
    """An instructor action without the instructor's token."""


class NoSuchClass(LookupError):
    """The class has ended (or never existed)."""


@dataclass(frozen=True)
class Step:
    """Where the instructor is: ``page`` (url path), ``params`` (the setup's query parameters), ``version`` (raised
    on every change), ``changed_at`` (``time.time()``), and an ``action`` for followers ("train": press Train)."""

    version: int = 0
    page: str = ""
    params: Mapping[str, str] = field(default_factory=dict)
    changed_at: float = 0.0
    action: str | None = None
    action_id: int = 0


@dataclass(frozen=True)
class Rules:
    """One page's rules for the room: ``locks`` (param -> encoded value) and ``hidden`` params."""

    locks: Mapping[str, str] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()


@dataclass
class Seat:
    seat: str
    nickname: str = ""
    following: bool = True
    language: str = "en"
    last_seen: float = 0.0
    answer: int | None = None


@dataclass(frozen=True)
class Run:
    """One attendee's training in the experiment: the values they chose (param -> encoded value), the job's key and,
    once it ended, its test accuracy and loss and its loss curve (per epoch)."""

    seat: str
    choice: Mapping[str, str]
    job_key: str
    state: str = "queued"  # queued, running, finished, stopped, failed
    accuracy: float | None = None
    loss: float | None = None
    curve: tuple[float, ...] = ()
    ended_at: float | None = None
    started_at: float = 0.0


@dataclass
class Experiment:
    page: str
    free: tuple[str, ...]  # the params the attendees choose
    started_at: float
    runs: dict[str, list[Run]] = field(default_factory=dict)  # seat -> its runs, oldest first
    sources: dict[tuple[str, str], Any] = field(default_factory=dict)  # (seat, job key) -> job handle, until it ends


@dataclass
class Question:
    text: str
    answers: tuple[str, ...]
    asked_at: float
    revealed: bool = False
    page: str = ""
    params: Mapping[str, str] = field(default_factory=dict)


def clean_nickname(value: Any) -> str:
    """A nickname as shown: plain text without control characters or line breaks, trimmed, at most MAX_NICKNAME."""
    if not isinstance(value, str):
        return ""
    text = clean_text(value.replace("\n", " ").replace("\t", " "), 4 * MAX_NICKNAME)
    return " ".join(text.split())[:MAX_NICKNAME]


def passphrase_matches(given: Any, configured: str | None) -> bool:
    """True when a passphrase is configured and ``given`` is it (compared in constant time)."""
    if not configured or not isinstance(given, str) or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), configured.encode("utf-8"))


class Classroom:
    """One class. Every method is thread-safe (one lock; sessions call it from their script threads)."""

    def __init__(self, code: str, instructor_token: str, clock=time.time) -> None:
        self.code = code
        self._token = instructor_token
        self._clock = clock
        self._lock = threading.Lock()
        self.created_at = clock()
        self._step = Step(changed_at=self.created_at)
        self._leading = True
        self._rules: dict[str, Rules] = {}
        self._rules_version = 0
        self._seats: OrderedDict[str, Seat] = OrderedDict()
        self._experiment: Experiment | None = None
        self._question: Question | None = None
        self._show_nicknames = False
        self._ended = False

    # -- who may do what -----------------------------------------------------------------------------------------

    def is_instructor(self, token: Any) -> bool:
        return isinstance(token, str) and hmac.compare_digest(token.encode(), self._token.encode())

    def _check(self, token: Any) -> None:
        if self._ended:
            raise NoSuchClass(self.code)
        if not self.is_instructor(token):
            raise NotInstructor("Only the instructor can do this.")

    @property
    def ended(self) -> bool:
        return self._ended

    def _end(self) -> None:
        with self._lock:
            self._ended = True
            self._seats.clear()
            self._experiment = None
            self._question = None
            self._rules.clear()

    # -- seats -------------------------------------------------------------------------------------------------

    def join(self, seat: str | None = None, language: str = "en") -> str:
        """A seat for an attendee (``seat`` again after a reload, when it is still known); returns the seat id.
        The oldest seat not seen for a while makes room when the class is full."""
        with self._lock:
            if self._ended:
                raise NoSuchClass(self.code)
            now = self._clock()
            if isinstance(seat, str) and seat in self._seats:
                self._seats[seat].last_seen = now
                self._seats[seat].language = language
                return seat
            if len(self._seats) >= MAX_ATTENDEES:
                oldest = min(self._seats.values(), key=lambda s: s.last_seen)
                self._forget_locked(oldest.seat)
            new = secrets.token_urlsafe(9)
            self._seats[new] = Seat(new, language=language, last_seen=now)
            return new

    def _forget_locked(self, seat: str) -> None:
        self._seats.pop(seat, None)
        if self._experiment is not None:
            self._experiment.runs.pop(seat, None)
            for key in [k for k in self._experiment.sources if k[0] == seat]:
                del self._experiment.sources[key]

    def seat(self, seat: str) -> Seat | None:
        with self._lock:
            found = self._seats.get(seat)
            return replace(found) if found is not None else None

    def seen(self, seat: str, language: str | None = None) -> bool:
        """The attendee's poll: marks them present. False when the seat is not (or no longer) in the class."""
        with self._lock:
            found = self._seats.get(seat)
            if found is None or self._ended:
                return False
            found.last_seen = self._clock()
            if language:
                found.language = language
            return True

    def set_following(self, seat: str, following: bool) -> None:
        with self._lock:
            if seat in self._seats:
                self._seats[seat].following = bool(following)

    def set_nickname(self, seat: str, nickname: Any) -> str:
        cleaned = clean_nickname(nickname)
        with self._lock:
            if seat in self._seats:
                self._seats[seat].nickname = cleaned
        return cleaned

    def attendees(self, token: Any) -> list[Seat]:
        """Every seat (the instructor's view: nicknames included)."""
        self._check(token)
        with self._lock:
            return [replace(s) for s in self._seats.values()]

    def counts(self) -> dict[str, int]:
        """Seats present now and how many of them follow (anyone may see these numbers)."""
        with self._lock:
            limit = self._clock() - SEAT_TIMEOUT_S
            present = [s for s in self._seats.values() if s.last_seen >= limit]
            return {"present": len(present), "following": sum(s.following for s in present), "seats": len(self._seats)}

    # -- lead --------------------------------------------------------------------------------------------------

    @property
    def step(self) -> Step:
        with self._lock:
            return self._step

    @property
    def leading(self) -> bool:
        with self._lock:
            return self._leading

    def set_leading(self, token: Any, leading: bool) -> None:
        self._check(token)
        with self._lock:
            self._leading = bool(leading)

    def lead(self, token: Any, page: str, params: Mapping[str, str], action: str | None = None) -> Step:
        """The instructor is on ``page`` with ``params``: a new step when that differs from the current one (or an
        ``action`` is given, e.g. "train")."""
        self._check(token)
        params = {str(k): str(v) for k, v in params.items()}
        with self._lock:
            current = self._step
            if current.page == page and dict(current.params) == params and action is None:
                return current
            self._step = Step(
                version=current.version + 1,
                page=page,
                params=params,
                changed_at=self._clock(),
                action=action,
                action_id=current.action_id + (1 if action else 0),
            )
            return self._step

    # -- locks ------------------------------------------------------------------------------------------------

    def rules(self, page: str) -> Rules:
        with self._lock:
            return self._rules.get(page, Rules())

    def set_rules(self, token: Any, page: str, locks: Mapping[str, str], hidden: Sequence[str]) -> None:
        """Lock ``locks`` (param -> encoded value) and hide ``hidden`` on ``page`` for the room (replacing its
        rules; a hidden control keeps the value it is locked to, else its default)."""
        self._check(token)
        with self._lock:
            self._rules[page] = Rules(dict(locks), frozenset(hidden))
            self._rules_version += 1

    @property
    def rules_version(self) -> int:
        """Raised on every change of any page's rules (an attendee's page then runs again to apply them)."""
        with self._lock:
            return self._rules_version

    # -- the experiment ------------------------------------------------------------------------------------------

    def start_experiment(self, token: Any, page: str, free: Sequence[str]) -> None:
        """Attendees choose ``free`` (one or two params of ``page``) and train; earlier results are dropped."""
        self._check(token)
        free = tuple(dict.fromkeys(str(p) for p in free))
        if not 1 <= len(free) <= 2:
            raise ValueError("An experiment lets the attendees choose one or two settings.")
        with self._lock:
            self._experiment = Experiment(page, free, self._clock())

    def stop_experiment(self, token: Any) -> None:
        self._check(token)
        with self._lock:
            self._experiment = None

    @property
    def experiment(self) -> tuple[str, tuple[str, ...]] | None:
        """(page, free params) of the experiment under way, or None."""
        with self._lock:
            return (self._experiment.page, self._experiment.free) if self._experiment else None

    def add_run(self, seat: str, choice: Mapping[str, str], handle: Any) -> bool:
        """An attendee's training for the experiment (the same job again is one run). False when no experiment runs
        or the seat is unknown."""
        with self._lock:
            experiment = self._experiment
            if experiment is None or seat not in self._seats:
                return False
            runs = experiment.runs.setdefault(seat, [])
            key = str(handle.key)
            if any(run.job_key == key for run in runs):
                return True
            chosen = {param: str(choice.get(param, "")) for param in experiment.free}
            runs.append(Run(seat, chosen, key, started_at=self._clock()))
            experiment.sources[(seat, key)] = handle
            while len(runs) > MAX_RUNS:
                dropped = runs.pop(0)
                experiment.sources.pop((seat, dropped.job_key), None)
            return True

    def experiment_runs(self, token: Any) -> list[tuple[str, Run]]:
        """Every run as (nickname or "", run), oldest first; results are read from the jobs that ended."""
        self._check(token)
        with self._lock:
            experiment = self._experiment
            if experiment is None:
                return []
            sources = dict(experiment.sources)
        updates = {}
        for (seat, key), handle in sources.items():
            try:
                snapshot = handle.snapshot(heartbeat=False)
            except Exception:  # noqa: BLE001 - a handle whose engine went away: the run stays as it was
                continue
            updates[(seat, key)] = snapshot
        with self._lock:
            if self._experiment is not experiment:
                return []
            result = []
            for seat, runs in experiment.runs.items():
                for index, run in enumerate(runs):
                    snapshot = updates.get((seat, run.job_key))
                    if snapshot is not None:
                        run = runs[index] = _run_from_snapshot(run, snapshot, self._clock())
                        if snapshot.done:
                            experiment.sources.pop((seat, run.job_key), None)
                    nickname = self._seats[seat].nickname if seat in self._seats else ""
                    result.append((nickname, run))
            return sorted(result, key=lambda item: item[1].started_at)

    # -- the question -------------------------------------------------------------------------------------------

    def ask(
        self, token: Any, text: str, answers: Sequence[str], page: str = "", params: Mapping[str, str] | None = None
    ) -> None:
        """Ask the room ``text`` with two to four ``answers``; ``page``/``params``: the setup that reveals it."""
        self._check(token)
        text = clean_text(str(text), MAX_QUESTION).strip()
        answers = tuple(a for a in (clean_text(str(a), MAX_ANSWER).strip() for a in answers) if a)
        if not text or not 2 <= len(answers) <= 4:
            raise ValueError("A question needs its text and two to four answers.")
        with self._lock:
            self._question = Question(text, answers, self._clock(), page=page, params=dict(params or {}))
            for seat in self._seats.values():
                seat.answer = None

    @property
    def question(self) -> Question | None:
        with self._lock:
            return replace(self._question) if self._question else None

    def answer(self, seat: str, index: int) -> bool:
        with self._lock:
            question = self._question
            if question is None or seat not in self._seats or question.revealed:
                return False
            if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(question.answers):
                return False
            self._seats[seat].answer = index
            return True

    def tally(self) -> list[int]:
        """Votes per answer of the current question (empty when none is asked)."""
        with self._lock:
            if self._question is None:
                return []
            counts = [0] * len(self._question.answers)
            for seat in self._seats.values():
                if seat.answer is not None and seat.answer < len(counts):
                    counts[seat.answer] += 1
            return counts

    def reveal(self, token: Any) -> Question:
        """Show the room the answers' tally (and the instructor then runs the question's setup)."""
        self._check(token)
        with self._lock:
            if self._question is None:
                raise ValueError("No question has been asked.")
            self._question.revealed = True
            return replace(self._question)

    def close_question(self, token: Any) -> None:
        self._check(token)
        with self._lock:
            self._question = None
            for seat in self._seats.values():
                seat.answer = None

    # -- nicknames shown to the room ------------------------------------------------------------------------------

    @property
    def show_nicknames(self) -> bool:
        with self._lock:
            return self._show_nicknames

    def set_show_nicknames(self, token: Any, show: bool) -> None:
        self._check(token)
        with self._lock:
            self._show_nicknames = bool(show)

    def memory_estimate(self) -> int:
        """A rough byte count of what the class holds (the bench prints it per attendee)."""
        with self._lock:
            runs = sum(len(r) for r in self._experiment.runs.values()) if self._experiment else 0
            points = (
                sum(len(run.curve) for rs in self._experiment.runs.values() for run in rs) if self._experiment else 0
            )
            return 400 * len(self._seats) + 300 * runs + 24 * points


def _run_from_snapshot(run: Run, snapshot: Any, now: float) -> Run:
    state = getattr(snapshot, "state", run.state)
    if not getattr(snapshot, "done", False):
        return replace(run, state=state)
    metrics = getattr(snapshot, "test_metrics", None) or {}
    history = getattr(snapshot, "history", None) or {}
    curve = tuple(float(v) for v in list(history.get("loss", ()))[-MAX_CURVE_POINTS:])
    accuracy = metrics.get("accuracy", metrics.get("compile_metrics"))
    loss = metrics.get("loss")
    return replace(
        run,
        state=state,
        accuracy=float(accuracy) if isinstance(accuracy, (int, float)) else None,
        loss=float(loss) if isinstance(loss, (int, float)) else None,
        curve=curve,
        ended_at=run.ended_at or now,
    )


class ClassRegistry:
    """The classes of this server, by code (at most MAX_CLASSES; the oldest ends when a new one needs room)."""

    def __init__(self, clock=time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._classes: OrderedDict[str, Classroom] = OrderedDict()
        self._failures: dict[str, tuple[int, float]] = {}

    def unlock(self, session: str, given: Any, configured: str | None) -> str | None:
        """An instructor token when ``given`` is the configured passphrase; None otherwise (and after
        MAX_FAILED_UNLOCKS wrong tries by ``session``, None for UNLOCK_PAUSE_S whatever is given)."""
        if not configured:
            return None  # no instructor on this server: nothing to guess, nothing counted
        now = self._clock()
        with self._lock:
            count, since = self._failures.get(session, (0, now))
            if count >= MAX_FAILED_UNLOCKS and now - since < UNLOCK_PAUSE_S:
                return None
            if count >= MAX_FAILED_UNLOCKS:
                count = 0
            if passphrase_matches(given, configured):
                self._failures.pop(session, None)
                return secrets.token_urlsafe(16)
            self._failures[session] = (count + 1, now)
            if len(self._failures) > 10_000:  # bounded: forget the oldest
                self._failures.pop(next(iter(self._failures)))
            return None

    def paused(self, session: str) -> bool:
        with self._lock:
            count, since = self._failures.get(session, (0, 0.0))
            return count >= MAX_FAILED_UNLOCKS and self._clock() - since < UNLOCK_PAUSE_S

    def start(self, token: str) -> Classroom:
        """A new class led by the holder of ``token``."""
        with self._lock:
            while len(self._classes) >= MAX_CLASSES:
                _, oldest = self._classes.popitem(last=False)
                oldest._end()
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
            while code in self._classes:
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
            room = Classroom(code, token, self._clock)
            self._classes[code] = room
            return room

    def resume(self, code: str, token: str) -> Classroom:
        """The class ``code`` handed to a new instructor token (the instructor reloaded and unlocked again)."""
        with self._lock:
            room = self._classes.get(code)
            if room is None:
                raise NoSuchClass(code)
            room._token = token
            return room

    def get(self, code: Any) -> Classroom | None:
        if not isinstance(code, str):
            return None
        with self._lock:
            return self._classes.get(code.strip().upper())

    def codes(self) -> list[str]:
        with self._lock:
            return list(self._classes)

    def end(self, code: str, token: Any) -> None:
        room = self.get(code)
        if room is None:
            return
        room._check(token)
        with self._lock:
            self._classes.pop(room.code, None)
        room._end()


_REGISTRY = ClassRegistry()


def registry() -> ClassRegistry:
    """This server's classes."""
    return _REGISTRY
