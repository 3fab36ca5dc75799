"""Sign-in lockout: after MAX_FAILED_ATTEMPTS wrong passwords in a row an account is
locked for LOCK_DURATION, whoever tries."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

MAX_FAILED_ATTEMPTS = 5
LOCK_DURATION = timedelta(minutes=5)


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and locked_until > now


def after_failure(failed_attempts: int, now: datetime) -> tuple[int, datetime | None]:
    """The new failure count and lock expiry after one more wrong password."""
    count = failed_attempts + 1
    if count >= MAX_FAILED_ATTEMPTS:
        return 0, now + LOCK_DURATION
    return count, None


def minutes_left(locked_until: datetime, now: datetime) -> int:
    """Whole minutes still to wait, rounded up (never less than is left) and at least 1."""
    return max(1, math.ceil((locked_until - now) / timedelta(minutes=1)))
