"""The class an instructor leads (core.classroom.room), without Streamlit: who may do what, what it holds, how much."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from core.classroom import room as room_module
from core.classroom.room import ClassRegistry, NotInstructor, clean_nickname


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class FakeSnapshot:
    state: str = "running"
    test_metrics: dict = field(default_factory=dict)
    history: dict = field(default_factory=dict)

    @property
    def done(self) -> bool:
        return self.state in ("finished", "stopped", "failed")


class FakeHandle:
    def __init__(self, key: str) -> None:
        self.key = key
        self.current = FakeSnapshot()

    def snapshot(self, heartbeat: bool = True) -> FakeSnapshot:
        assert heartbeat is False  # the instructor's chart must not keep an attendee's job alive
        return self.current


@pytest.fixture()
def setup():
    clock = Clock()
    classes = ClassRegistry(clock)
    token = classes.unlock("session-1", "workshop42", "workshop42")
    room = classes.start(token)
    return classes, room, token, clock


def test_only_the_configured_passphrase_unlocks_and_wrong_ones_are_paused():
    clock = Clock()
    classes = ClassRegistry(clock)
    assert classes.unlock("a", "anything", None) is None  # no passphrase configured: no instructor at all
    assert classes.unlock("a", "", "workshop42") is None
    for _ in range(room_module.MAX_FAILED_UNLOCKS - 2):  # with the empty one above: one short of the limit
        assert classes.unlock("a", "guess", "workshop42") is None
    assert classes.unlock("a", "workshop42", "workshop42") is not None  # under the limit: the right one works
    for _ in range(room_module.MAX_FAILED_UNLOCKS):
        assert classes.unlock("b", "guess", "workshop42") is None
    assert classes.paused("b")
    assert classes.unlock("b", "workshop42", "workshop42") is None  # paused, even with the right passphrase
    assert classes.unlock("c", "workshop42", "workshop42") is not None  # another session is not paused
    clock.now += room_module.UNLOCK_PAUSE_S + 1
    assert classes.unlock("b", "workshop42", "workshop42") is not None


def test_attendees_cannot_lead_lock_ask_end_or_read_nicknames(setup):
    classes, room, token, _ = setup
    seat = room.join()
    for attempt in (
        lambda: room.lead(seat, "training", {"lr": "10"}),
        lambda: room.lead(None, "training", {}),
        lambda: room.set_rules("forged", "training", {"data": "circles"}, []),
        lambda: room.start_experiment(seat, "training", ["lr"]),
        lambda: room.ask(seat, "Q?", ["a", "b"]),
        lambda: room.reveal(seat),
        lambda: room.attendees(seat),
        lambda: room.experiment_runs(seat),
        lambda: classes.end(room.code, seat),
    ):
        with pytest.raises(NotInstructor):
            attempt()
    assert room.step.version == 0 and classes.get(room.code) is room


def test_the_step_changes_only_when_the_page_or_setup_does(setup):
    _, room, token, _ = setup
    first = room.lead(token, "training", {"lr": "0.1"})
    assert room.lead(token, "training", {"lr": "0.1"}) is first  # a rerun of the same setup moves nobody
    second = room.lead(token, "training", {"lr": "1"})
    assert second.version == first.version + 1 and second.params == {"lr": "1"}
    third = room.lead(token, "training", {"lr": "1"}, action="train")  # the same setup, but "press Train"
    assert third.version == second.version + 1 and third.action == "train" and third.action_id == 1


def test_a_seat_survives_a_reload_and_keeps_following_state_and_nickname(setup):
    _, room, _, _ = setup
    seat = room.join(language="zh")
    room.set_following(seat, False)
    room.set_nickname(seat, "Ada")
    assert room.join(seat) == seat  # the reload brings the seat id back from the URL
    assert room.seat(seat).following is False and room.seat(seat).nickname == "Ada"
    assert room.join("not-a-known-seat") != "not-a-known-seat"  # an invented seat id gets a new seat


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("  Ada  Lovelace ", "Ada Lovelace"),
        ("<b>bold</b>\x00\x1b[31m", "<b>bold</b>[31m"),  # kept as text (never HTML), control characters gone
        ("line\nbreak\ttab", "line break tab"),
        ("x" * 500, "x" * room_module.MAX_NICKNAME),
        ("\u202eevil", "evil"),  # a right-to-left override is a format control character
        (None, ""),
        (42, ""),
    ],
)
def test_nicknames_are_plain_bounded_text(given, shown):
    assert clean_nickname(given) == shown


def test_an_experiment_collects_each_run_once_with_its_result(setup):
    _, room, token, _ = setup
    a, b, c = room.join(), room.join(), room.join()
    room.set_nickname(a, "Ada")
    assert not room.add_run(a, {"lr": "0.1"}, FakeHandle("k1"))  # no experiment yet
    room.start_experiment(token, "training", ["lr"])
    shared = FakeHandle("k-same")
    assert room.add_run(a, {"lr": "0.1", "bs": "32"}, FakeHandle("k1"))
    assert room.add_run(b, {"lr": "1"}, shared)
    assert room.add_run(c, {"lr": "1"}, shared)  # the same choice: the same job, one run per attendee
    assert room.add_run(c, {"lr": "1"}, shared)  # the same job again (a rerun) is not a second run
    runs = room.experiment_runs(token)
    assert [(name, run.choice) for name, run in runs] == [("Ada", {"lr": "0.1"}), ("", {"lr": "1"}), ("", {"lr": "1"})]
    assert all(run.accuracy is None for _, run in runs)
    shared.current = FakeSnapshot("finished", {"loss": 0.3, "accuracy": 0.9}, {"loss": [1.0, 0.5, 0.3]})
    finished = [run for _, run in room.experiment_runs(token) if run.job_key == "k-same"]
    assert [(run.accuracy, run.loss, run.curve) for run in finished] == [(0.9, 0.3, (1.0, 0.5, 0.3))] * 2


def test_what_a_class_holds_per_attendee_is_bounded(setup):
    _, room, token, _ = setup
    room.start_experiment(token, "training", ["lr"])
    seat = room.join()
    for index in range(20):
        handle = FakeHandle(f"k{index}")
        handle.current = FakeSnapshot("finished", {"accuracy": 0.5}, {"loss": list(range(5000))})
        room.add_run(seat, {"lr": str(index)}, handle)
    runs = room.experiment_runs(token)
    assert len(runs) == room_module.MAX_RUNS
    assert [run.choice["lr"] for _, run in runs] == ["16", "17", "18", "19"]  # the latest
    assert all(len(run.curve) == room_module.MAX_CURVE_POINTS for _, run in runs)
    with pytest.raises(ValueError):
        room.ask(token, "Q?", ["only one"])
    room.ask(token, "?" * 5000, ["a" * 5000, "b"])
    assert len(room.question.text) == room_module.MAX_QUESTION
    assert len(room.question.answers[0]) == room_module.MAX_ANSWER


def test_a_full_class_gives_the_longest_absent_seat_away(setup, monkeypatch):
    _, room, _, clock = setup
    monkeypatch.setattr(room_module, "MAX_ATTENDEES", 3)
    first = room.join()
    clock.now += 1
    others = [room.join() for _ in range(2)]
    clock.now += 1
    newest = room.join()
    assert room.seat(first) is None and room.seat(newest) is not None
    assert all(room.seat(seat) is not None for seat in others)


def test_questions_take_one_vote_per_seat_until_revealed(setup):
    _, room, token, _ = setup
    a, b = room.join(), room.join()
    room.ask(token, "What happens with a learning rate of 10?", ["It learns faster", "It diverges", "Nothing"])
    assert room.answer(a, 1) and room.answer(b, 1) and room.answer(a, 0)  # a changed their mind
    assert not room.answer(a, 3) and not room.answer(a, -1) and not room.answer(a, True)
    assert not room.answer("stranger", 0)
    assert room.tally() == [1, 1, 0]
    room.reveal(token)
    assert not room.answer(b, 2)  # revealed: the votes are final
    assert room.tally() == [1, 1, 0]
    room.close_question(token)
    assert room.question is None and room.tally() == []


def test_ending_a_class_forgets_everything_and_refuses_its_seats(setup):
    classes, room, token, _ = setup
    seat = room.join()
    room.set_nickname(seat, "Ada")
    room.start_experiment(token, "training", ["lr"])
    room.ask(token, "Q?", ["a", "b"])
    classes.end(room.code, token)
    assert classes.get(room.code) is None
    assert room.seat(seat) is None and room.question is None and room.experiment is None
    assert not room.seen(seat)
    with pytest.raises(room_module.NoSuchClass):
        room.join()


def test_a_reloaded_instructor_resumes_the_class_with_a_new_token(setup):
    classes, room, old_token, _ = setup
    new_token = classes.unlock("session-2", "workshop42", "workshop42")
    assert classes.resume(room.code, new_token) is room
    room.lead(new_token, "math", {})
    with pytest.raises(NotInstructor):
        room.lead(old_token, "gan", {})
