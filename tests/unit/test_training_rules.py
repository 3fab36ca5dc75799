"""The training rules over random dates (leap days included): expiry is calendar months
clamped to the month's end, grace runs from the later of start and coming into force,
the latest unrevoked completion counts, reminders step through the offsets, and a state
is exactly one of the six for every day."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from clinicdesk.domain.training import (
    DEFAULT_REMINDER_OFFSETS,
    CertificateFacts,
    CompletionFact,
    TrainingRuleError,
    TrainingState,
    applies,
    certificate_code,
    certificate_genuine,
    check_completion_date,
    check_reminder_offsets,
    counted_completion,
    decide,
    evidence_type,
    expiry_on,
    grace_ends_on,
    parse_certificate_code,
    reminder_dates,
    reminder_offset,
)

LEAP_DAYS = st.sampled_from([date(2024, 2, 29), date(2028, 2, 29), date(2000, 2, 29)])
DAYS = st.one_of(st.dates(date(1990, 1, 1), date(2090, 12, 31)), LEAP_DAYS)
MONTHS = st.integers(1, 120)
OFFSETS = st.lists(st.integers(1, 365), min_size=1, max_size=8, unique=True)


@given(done=DAYS, months=MONTHS)
def test_expiry_is_calendar_months_clamped_to_the_month_end(done: date, months: int) -> None:
    expires = expiry_on(done, months)
    assert expires is not None and expires > done
    assert (expires.year * 12 + expires.month) - (done.year * 12 + done.month) == months
    last = calendar.monthrange(expires.year, expires.month)[1]
    assert expires.day == min(done.day, last)


def test_leap_day_expiry_examples() -> None:
    assert expiry_on(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert expiry_on(date(2024, 2, 29), 48) == date(2028, 2, 29)
    assert expiry_on(date(2023, 3, 31), 11) == date(2024, 2, 29)
    assert expiry_on(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert expiry_on(date(2024, 5, 1), None) is None


@given(start=DAYS, grace=st.integers(0, 365), in_force=st.one_of(st.none(), DAYS))
def test_grace_runs_from_the_later_of_start_and_coming_into_force(
    start: date, grace: int, in_force: date | None
) -> None:
    ends = grace_ends_on(start, grace, in_force)
    begins = max(start, in_force) if in_force else start
    assert ends - begins == timedelta(days=grace)


@given(done=DAYS, months=MONTHS, day=DAYS, offsets=OFFSETS, start_gap=st.integers(0, 2000))
def test_one_state_per_day_and_the_boundaries(
    done: date, months: int, day: date, offsets: list[int], start_gap: int
) -> None:
    start = done - timedelta(days=start_gap)
    checked = check_reminder_offsets(offsets)
    fact = CompletionFact(1, done, expiry_on(done, months))
    result = decide(
        applicable=True,
        completions=[fact],
        day=day,
        grace_ends=grace_ends_on(start, 30),
        offsets=checked,
    )
    expires = fact.expires_on
    assert expires is not None
    if day < done:
        assert result.state in (TrainingState.IN_GRACE, TrainingState.MISSING)
        assert result.completion is None
    elif day >= expires:
        assert result.state is TrainingState.EXPIRED and result.days_left == (expires - day).days
    elif (expires - day).days <= max(checked):
        assert result.state is TrainingState.EXPIRING
        assert reminder_offset(expires, day, checked) == min(
            o for o in checked if (expires - day).days <= o
        )
    else:
        assert result.state is TrainingState.VALID
        assert reminder_offset(expires, day, checked) is None


@given(start=DAYS, grace=st.integers(0, 365), day=DAYS)
def test_without_a_completion_grace_then_missing(start: date, grace: int, day: date) -> None:
    ends = grace_ends_on(start, grace)
    result = decide(applicable=True, completions=[], day=day, grace_ends=ends)
    assert result.state is (TrainingState.IN_GRACE if day < ends else TrainingState.MISSING)
    assert result.due_on == ends
    assert decide(applicable=False, completions=[], day=day, grace_ends=ends).state is (
        TrainingState.NOT_APPLICABLE
    )


@given(
    dates=st.lists(DAYS, min_size=1, max_size=6),
    revoked=st.lists(st.booleans(), min_size=6, max_size=6),
    day=DAYS,
)
def test_the_latest_unrevoked_completion_up_to_the_day_counts(
    dates: list[date], revoked: list[bool], day: date
) -> None:
    facts = [
        CompletionFact(i, d, expiry_on(d, 12), d + timedelta(days=1) if revoked[i] else None)
        for i, d in enumerate(dates)
    ]
    counted = counted_completion(facts, day)
    eligible = [
        f for f in facts if f.completed_on <= day and (f.revoked_on is None or f.revoked_on > day)
    ]
    if not eligible:
        assert counted is None
    else:
        assert counted == max(eligible, key=lambda f: (f.completed_on, f.completion_id))


@given(expires=DAYS, offsets=OFFSETS)
def test_reminder_dates_fall_on_the_offsets(expires: date, offsets: list[int]) -> None:
    days = reminder_dates(expires, offsets)
    assert sorted((expires - d).days for d in days) == sorted(offsets)
    for d in days:
        assert reminder_offset(expires, d, offsets) == (expires - d).days


def test_reminder_offsets_are_checked() -> None:
    assert check_reminder_offsets([7, 90, 30, 60]) == DEFAULT_REMINDER_OFFSETS
    for bad in ([], [0], [366], [30, 30], list(range(1, 10)), [True]):
        with pytest.raises(TrainingRuleError):
            check_reminder_offsets(bad)


@given(start=DAYS, end_gap=st.one_of(st.none(), st.integers(1, 4000)), day=DAYS)
def test_applies_by_role_while_on_staff(start: date, end_gap: int | None, day: date) -> None:
    end = start + timedelta(days=end_gap) if end_gap is not None else None
    on = start <= day and (end is None or day < end)
    assert applies(["clinician"], ["clinician", "front_desk"], start, end, day) is on
    assert applies(["manager"], ["clinician"], start, end, day) is False


def test_evidence_is_told_by_its_bytes_and_size() -> None:
    assert evidence_type(b"%PDF-1.7 ...") == "application/pdf"
    assert evidence_type(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert evidence_type(b"\xff\xd8\xff\xe0JFIF") == "image/jpeg"
    for bad, message in (
        (b"", "empty"),
        (b"GIF89a", "not a PDF"),
        (b"%PDF" + b"x" * 10, "not a PDF"),
        (b"%PDF-" + b"x" * 100, "limit"),
    ):
        with pytest.raises(TrainingRuleError, match=message):
            evidence_type(bad, limit=50)


@given(day=DAYS, today=DAYS)
def test_future_completion_dates_are_refused(day: date, today: date) -> None:
    assume(day.year >= 1950)
    if day > today:
        with pytest.raises(TrainingRuleError, match="future"):
            check_completion_date(day, today)
    else:
        check_completion_date(day, today)


@given(
    number=st.integers(1, 999_999),
    done=DAYS,
    months=st.one_of(st.none(), MONTHS),
    secret=st.binary(min_size=32, max_size=32),
)
def test_certificate_codes_verify_only_unaltered(
    number: int, done: date, months: int | None, secret: bytes
) -> None:
    facts = CertificateFacts(
        number,
        "6f1c0000-0000-4000-8000-000000000001",
        "ref-1",
        "training.x",
        done,
        expiry_on(done, months),
    )
    code = certificate_code(secret, facts)
    assert len(code) <= 40 and code == code.upper()
    assert parse_certificate_code(code) == (number, done)
    assert certificate_genuine(secret, facts, code)
    assert certificate_genuine(secret, facts, code.lower())
    other = CertificateFacts(
        number, facts.completion_uuid, "ref-2", "training.x", done, facts.expires_on
    )
    assert not certificate_genuine(secret, other, code)
    assert not certificate_genuine(b"\x00" * 32, facts, code) or secret == b"\x00" * 32
