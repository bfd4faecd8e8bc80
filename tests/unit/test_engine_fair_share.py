"""core.training.engine's fair share: the slots alternate between owners (nobody's five configs block the others),
the instructor's priority jobs go first, an owner may have only a few jobs waiting (QueueFull; a join is never
refused), and every queued job knows its place in that order and, once something was measured, its wait.

The order and the bound are read on engines whose slots never start (no training process: milliseconds); the start
order and the wait estimate on a real engine with tiny toy configs, behind a long job that holds its one slot.
"""

import pytest

from core import settings
from core.training.config import default_config
from core.training.engine import TrainingEngine, wait_estimates
from core.training.jobs import QueueFull
from core.training.model_store import ModelStore
from tests.helpers import wait_until
from tests.unit.test_engine import LONG, wait_until_training

# A fraction of a second each in a warm training process.
TINY = default_config("toy_2d", n_samples=80, epochs=1, batch_size=16)


def tiny(number: int):
    return TINY.replace(seed=100 + number)


@pytest.fixture
def make_engine(tmp_path):
    """Engines over a temporary store, shut down after the test (as in test_engine.py)."""
    engines = []

    def make(**options):
        engine = TrainingEngine(store=ModelStore(tmp_path / "store"), **options)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.shutdown(timeout=60)


@pytest.fixture
def idle_engine(make_engine):
    """An engine whose slots never start: its queue only grows, so its order can be read at leisure."""

    def make(**options):
        engine = make_engine(max_workers=1, **options)
        engine._start_workers_locked = lambda: None
        return engine

    return make


def queue_a5_b1_c1(engine):
    """Attendee A asks for five configs, then B and C for one each; returns {name: handle}."""
    handles = {f"A{number}": engine.request(tiny(number), "tab-a", owner="A") for number in range(1, 6)}
    handles["B1"] = engine.request(tiny(11), "tab-b", owner="B")
    handles["C1"] = engine.request(tiny(21), "tab-c", owner="C")
    return handles


def in_queue_order(handles) -> list[str]:
    return sorted(handles, key=lambda name: handles[name].queue_position)


# ---------------------------------------------------------------------------------------------------------------
# The order
# ---------------------------------------------------------------------------------------------------------------


def test_owners_take_turns_and_the_list_shows_that_order(idle_engine):
    engine = idle_engine(max_queued_per_owner=5)
    handles = queue_a5_b1_c1(engine)
    assert in_queue_order(handles) == ["A1", "B1", "C1", "A2", "A3", "A4", "A5"]
    assert [handles[name].queue_position for name in in_queue_order(handles)] == [1, 2, 3, 4, 5, 6, 7]
    assert [job.key for job in engine.jobs()] == [handles[name].key for name in in_queue_order(handles)]
    # A newcomer's first job goes before A's second one; a second tab of the same attendee changes nothing.
    handles["D1"] = engine.request(tiny(31), "tab-d", owner="D")
    handles["C2"] = engine.request(tiny(22), "tab-c-2", owner="C")
    assert in_queue_order(handles) == ["A1", "B1", "C1", "D1", "A2", "C2", "A3", "A4", "A5"]


def test_the_instructor_goes_first_and_promotes_a_job_they_join(idle_engine):
    engine = idle_engine(max_queued_per_owner=5)
    handles = queue_a5_b1_c1(engine)
    handles["P1"] = engine.request(tiny(91), "instructor-tab", owner="instructor", priority=True)
    handles["P2"] = engine.request(tiny(92), "instructor-tab", owner="instructor", priority=True)
    assert in_queue_order(handles)[:3] == ["P1", "P2", "A1"]
    # The instructor asks for B's config: one job, still B's, now after P1 and P2 and before every attendee's.
    joined = engine.request(tiny(11), "instructor-tab", owner="instructor", priority=True)
    assert joined.key == handles["B1"].key
    assert in_queue_order(handles) == ["P1", "P2", "B1", "A1", "C1", "A2", "A3", "A4", "A5"]
    assert joined.snapshot().watchers == 2


def test_a_dropped_job_leaves_the_line_and_the_others_move_up(idle_engine):
    engine = idle_engine(max_queued_per_owner=5)
    handles = queue_a5_b1_c1(engine)
    handles.pop("B1").stop()
    assert in_queue_order(handles) == ["A1", "C1", "A2", "A3", "A4", "A5"]
    assert [handles[name].queue_position for name in in_queue_order(handles)] == [1, 2, 3, 4, 5, 6]


# ---------------------------------------------------------------------------------------------------------------
# The bound
# ---------------------------------------------------------------------------------------------------------------


def test_an_owner_may_have_two_jobs_waiting_and_a_join_is_never_refused(idle_engine):
    engine = idle_engine()
    assert engine.max_queued_per_owner == settings.DEFAULT_MAX_QUEUED_PER_VISITOR == 2
    first = engine.request(tiny(1), "tab-a", owner="A")
    engine.request(tiny(2), "tab-a", owner="A")
    before = [job.key for job in engine.jobs()]
    with pytest.raises(QueueFull) as refused:
        engine.request(tiny(3), "tab-a", owner="A")
    assert refused.value.limit == 2 and refused.value.owner == "A"
    assert "You already have 2 trainings waiting" in str(refused.value)
    assert [job.key for job in engine.jobs()] == before  # nothing changed

    # B, who has two of their own waiting, joins A's job: one more watcher, no new job, never refused.
    engine.request(tiny(11), "tab-b", owner="B")
    engine.request(tiny(12), "tab-b", owner="B")
    joined = engine.request(tiny(1), "tab-b", owner="B")
    assert joined.key == first.key and joined.snapshot().watchers == 2
    # The instructor is never refused.
    for number in range(5):
        engine.request(tiny(90 + number), "instructor-tab", owner="instructor", priority=True)
    # A stops one of theirs: there is room again.
    first.stop()
    assert first.snapshot().watchers == 1  # B still watches it: it stays, and it is still A's
    with pytest.raises(QueueFull):
        engine.request(tiny(3), "tab-a", owner="A")
    engine.release(tiny(1).key, "tab-b")
    assert engine.request(tiny(3), "tab-a", owner="A").snapshot().state == "queued"


def test_the_bound_comes_from_the_environment(monkeypatch, idle_engine):
    monkeypatch.setenv(settings.MAX_QUEUED_PER_VISITOR_ENV, "1")
    engine = idle_engine()
    engine.request(tiny(1), "tab-a")  # the owner defaults to the watcher id
    with pytest.raises(QueueFull):
        engine.request(tiny(2), "tab-a")
    engine.request(tiny(2), "tab-b")
    monkeypatch.setenv(settings.MAX_QUEUED_PER_VISITOR_ENV, "0")
    with pytest.raises(ValueError, match="DASHBOARD_MAX_QUEUED_PER_VISITOR"):
        idle_engine()
    with pytest.raises(ValueError, match="owner"):
        engine.request(tiny(3), "tab-c", owner=" ")


# ---------------------------------------------------------------------------------------------------------------
# The wait
# ---------------------------------------------------------------------------------------------------------------


def test_the_wait_counts_every_slot():
    # Two slots free in 10 s and 20 s; jobs of 30 s: the third waits for the first slot's second job.
    assert wait_estimates([10.0, 20.0], [30.0, 30.0, 30.0]) == [10.0, 20.0, 40.0]
    # Four slots free now, jobs of 60 s: eight jobs ahead are two rounds, two minutes.
    assert wait_estimates([0.0] * 4, [60.0] * 9)[-1] == 120.0
    # Unknown numbers give no estimate where they decide it.
    assert wait_estimates([None], [5.0]) == [None]
    assert wait_estimates([3.0], [None, 5.0]) == [3.0, None]


def test_nothing_measured_means_no_estimate(idle_engine):
    engine = idle_engine(max_queued_per_owner=5)
    handles = queue_a5_b1_c1(engine)
    assert handles["A1"].snapshot().wait_s == 0.0  # the slot is free: it starts now
    assert {handles[name].snapshot().wait_s for name in handles if name != "A1"} == {None}


# ---------------------------------------------------------------------------------------------------------------
# A real engine: what the slot does
# ---------------------------------------------------------------------------------------------------------------


def test_the_slot_starts_jobs_in_the_order_it_announced(make_engine):
    engine = make_engine(max_workers=1, max_queued_per_owner=5, watcher_timeout_s=600)
    blocker = engine.request(LONG, "room-tab", owner="room")
    wait_until_training(blocker)
    handles = queue_a5_b1_c1(engine)
    handles["P1"] = engine.request(tiny(91), "instructor-tab", owner="instructor", priority=True)
    announced = in_queue_order(handles)
    assert announced == ["P1", "A1", "B1", "C1", "A2", "A3", "A4", "A5"]
    assert all(handles[name].snapshot().wait_s is None for name in announced[1:])  # nothing measured yet

    blocker.stop()
    for handle in handles.values():
        assert handle.wait(timeout=180).state == "finished"
    names_by_key = {handle.key: name for name, handle in handles.items()}
    assert [names_by_key[key] for key in engine.started_keys()[1:]] == announced

    # Trainings were measured: a job waiting behind a running one and a queued one now has an estimate.
    again = engine.request(LONG.replace(seed=9), "room-tab", owner="room")
    wait_until_training(again)
    next_one = engine.request(tiny(41), "tab-e", owner="E")
    after_it = engine.request(tiny(51), "tab-f", owner="F")
    wait_until(lambda: next_one.snapshot().wait_s is not None)
    first_wait, second_wait = next_one.snapshot().wait_s, after_it.snapshot().wait_s
    assert second_wait is not None and second_wait > first_wait >= 0
    again.stop()
    next_one.wait(timeout=120)
    after_it.wait(timeout=120)
