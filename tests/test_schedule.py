"""Poll and re-check schedules (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.schedule import (
    BACKOFF_CAP,
    backoff_delay,
    is_due,
    jittered,
    next_poll_at,
    next_recheck_at,
    recheck_period,
    retry_after_until,
)

T0 = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
RECHECK = {"recheck_min": 600, "recheck_max": 86400, "recheck_until": 3 * 86400}


def test_backoff_doubles_per_failure_up_to_the_cap():
    assert [backoff_delay(600, n) for n in range(4)] == [600, 1200, 2400, 4800]
    assert backoff_delay(600, 30) == BACKOFF_CAP
    assert backoff_delay(86400, 3) == 86400  # the cap never shortens a long interval


def test_jitter_only_stretches_and_stays_bounded():
    assert jittered(600, 0.1, rand=0.0) == 600
    assert jittered(600, 0.1, rand=0.999) < 660
    assert all(600 <= jittered(600, 0.1) <= 660 for _ in range(200))


def test_next_poll_honours_interval_backoff_retry_after_and_max_age():
    assert next_poll_at(T0, interval=600, rand=0) == T0 + timedelta(seconds=600)
    assert next_poll_at(T0, interval=600, failures=2, rand=0) == T0 + timedelta(seconds=2400)
    later = T0 + timedelta(hours=5)
    assert next_poll_at(T0, interval=600, retry_after_until=later, rand=0) == later
    assert next_poll_at(T0, interval=600, max_age=3600, rand=0) == T0 + timedelta(hours=1)
    assert next_poll_at(T0, interval=600, max_age=60, rand=0) == T0 + timedelta(seconds=600)


def test_retry_after_until():
    assert retry_after_until(T0, 120) == T0 + timedelta(seconds=120)
    assert retry_after_until(T0, None) is None and retry_after_until(T0, 0) is None


def test_recheck_decays_with_age_and_stops():
    assert recheck_period(0, recheck_min=600, recheck_max=86400) == 600
    assert recheck_period(4 * 3600, recheck_min=600, recheck_max=86400) == 3600
    assert recheck_period(10 * 86400, recheck_min=600, recheck_max=86400) == 86400
    born = T0
    periods = []
    now = born
    while (following := next_recheck_at(now, born, **RECHECK)) is not None:
        periods.append((following - now).total_seconds())
        now = following
        if now >= born + timedelta(seconds=RECHECK["recheck_until"]):
            assert next_recheck_at(now, born, **RECHECK) is None
            break
    assert periods[0] == 600 and periods == sorted(periods[:-1]) + periods[-1:]
    assert now <= born + timedelta(days=3)
    assert 10 < len(periods) < 60  # often while young, rarely when old
    assert next_recheck_at(born + timedelta(days=4), born, **RECHECK) is None


def test_is_due():
    assert is_due(T0, None)
    assert is_due(T0, T0)
    assert not is_due(T0, T0 + timedelta(seconds=30))
    assert is_due(T0, T0 + timedelta(seconds=30), tolerance=60)




@settings(max_examples=200, deadline=None)
@given(interval=st.floats(min_value=1, max_value=86400), failures=st.integers(0, 50),
       jitter=st.floats(0, 1), rand=st.floats(0, 0.999), max_age=st.none() | st.floats(0, 1e6),
       retry=st.none() | st.floats(1, 1e6))
def test_next_poll_respects_every_lower_bound(interval, failures, jitter, rand, max_age, retry):
    until = T0 + timedelta(seconds=retry) if retry else None
    moment = next_poll_at(T0, interval=interval, jitter=jitter, failures=failures,
                          retry_after_until=until, max_age=max_age, rand=rand)
    wait = (moment - T0).total_seconds()
    assert wait >= interval - 1e-6
    assert max_age is None or wait >= max_age - 1e-6
    assert until is None or moment >= until
    assert wait <= max(BACKOFF_CAP, interval) * (1 + jitter) + (max_age or 0) + (retry or 0) + 1
