"""The sign-in lockout rule (domain/lockout)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from clinicdesk.domain import lockout

NOW = datetime(2026, 3, 14, 9, 26, 53)


def test_four_failures_count_up_without_locking() -> None:
    count = 0
    for expected in range(1, lockout.MAX_FAILED_ATTEMPTS):
        count, locked_until = lockout.after_failure(count, NOW)
        assert count == expected
        assert locked_until is None


def test_the_fifth_failure_locks_for_five_minutes_and_resets_the_count() -> None:
    assert lockout.MAX_FAILED_ATTEMPTS == 5
    count, locked_until = lockout.after_failure(4, NOW)
    assert count == 0
    assert locked_until == NOW + timedelta(minutes=5)


def test_a_count_beyond_the_limit_still_locks() -> None:
    _count, locked_until = lockout.after_failure(17, NOW)
    assert locked_until == NOW + lockout.LOCK_DURATION


def test_is_locked() -> None:
    assert not lockout.is_locked(None, NOW)
    assert lockout.is_locked(NOW + timedelta(seconds=1), NOW)
    assert not lockout.is_locked(NOW, NOW)  # the lock ends at locked_until
    assert not lockout.is_locked(NOW - timedelta(minutes=1), NOW)


@pytest.mark.parametrize(
    ("left", "minutes"),
    [
        (timedelta(minutes=5), 5),
        (timedelta(minutes=4, seconds=59), 5),
        (timedelta(minutes=4, seconds=1), 5),
        (timedelta(minutes=4), 4),
        (timedelta(minutes=1, microseconds=1), 2),  # never promise less than is left
        (timedelta(seconds=61), 2),
        (timedelta(seconds=60), 1),
        (timedelta(seconds=59), 1),
        (timedelta(seconds=1), 1),
        (timedelta(microseconds=1), 1),
        (timedelta(0), 1),  # never "0 minutes"
        (timedelta(minutes=-3), 1),
    ],
)
def test_minutes_left_rounds_up(left: timedelta, minutes: int) -> None:
    assert lockout.minutes_left(NOW + left, NOW) == minutes
