"""Training rules: when a requirement applies to a person, when a completion expires, and
the state of a person against a requirement on any date. Pure: no database, no clock.

The arithmetic, and why:

- A completion's expiry is `completed_on` plus the requirement's `recurrence_months`
  (calendar months, clamped to the month's end: 29 February + 12 months = 28 February). It
  is worked out once, when the completion is recorded, and stored: a later version of the
  standard changes only completions recorded under it.
- A completion is good *until* its expiry, exclusive: on `expires_on` it is expired.
- A requirement applies to a person who holds one of its roles and is on staff that day
  (from the start date, inclusive, to the end date, exclusive). A newcomer has `grace_days`
  from their start — or from the day the requirement came into force, if later — before a
  missing completion counts against them.
- The completion that counts is the latest one (by completion date, then by record order)
  completed on or before the day and not revoked by then.
- Reminders: a valid completion is *expiring* from the largest reminder offset before its
  expiry (90 days by default); the offsets (90/60/30/7) are the days a reminder is due.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from clinicdesk.domain.caregaps import add_months
from clinicdesk.domain.signing import mac_matches, mac_text
from clinicdesk.i18n import N_, _

DEFAULT_REMINDER_OFFSETS: tuple[int, ...] = (90, 60, 30, 7)
MAX_REMINDER_OFFSET = 365
MAX_EVIDENCE_BYTES = 5 * 1024 * 1024


class TrainingState(enum.StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    MISSING = "missing"
    IN_GRACE = "in_grace"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return _(_STATE_LABELS[self])

    @property
    def needs_action(self) -> bool:
        """Expired, missing or expiring: someone has to do something."""
        return self in (TrainingState.EXPIRED, TrainingState.MISSING, TrainingState.EXPIRING)


_STATE_LABELS = {
    TrainingState.VALID: N_("Valid"),
    TrainingState.EXPIRING: N_("Expiring"),
    TrainingState.EXPIRED: N_("Expired"),
    TrainingState.MISSING: N_("Missing"),
    TrainingState.IN_GRACE: N_("In grace"),
    TrainingState.NOT_APPLICABLE: N_("n/a"),
}


class CompletionKind(enum.StrEnum):
    IN_APP = "in_app"
    OUTSIDE_CERTIFICATE = "outside_certificate"
    REVOCATION = "revocation"

    @property
    def label(self) -> str:
        return {
            CompletionKind.IN_APP: _("Course in ClinicDesk"),
            CompletionKind.OUTSIDE_CERTIFICATE: _("Outside certificate"),
            CompletionKind.REVOCATION: _("Revocation"),
        }[self]


class TrainingRuleError(ValueError):
    """Input the rules refuse; services turn it into a ValidationError."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# --- dates --------------------------------------------------------------------------------


def expiry_on(completed_on: date, recurrence_months: int | None) -> date | None:
    """When a completion made on `completed_on` stops counting; None: it never does."""
    if recurrence_months is None:
        return None
    return add_months(completed_on, recurrence_months)


def grace_ends_on(start_on: date, grace_days: int, in_force_from: date | None = None) -> date:
    """The first day a missing completion counts as missing: `grace_days` after the later
    of the person's start and the requirement coming into force."""
    # not max(): this runs once per cell of the compliance matrix, and max() of two dates
    # costs more than the rest of it
    begins = in_force_from if in_force_from is not None and in_force_from > start_on else start_on
    return begins + timedelta(days=grace_days)


def on_staff(start_on: date, end_on: date | None, day: date) -> bool:
    return start_on <= day and (end_on is None or day < end_on)


def applies(
    staff_roles: Iterable[str],
    requirement_roles: Iterable[str],
    start_on: date,
    end_on: date | None,
    day: date,
) -> bool:
    """Whether a requirement for `requirement_roles` applies to this person on `day`."""
    return on_staff(start_on, end_on, day) and bool(set(staff_roles) & set(requirement_roles))


# --- reminders ----------------------------------------------------------------------------


def check_reminder_offsets(offsets: Sequence[int]) -> tuple[int, ...]:
    """The offsets as stored: distinct whole days from 1 to 365, largest first."""
    if not offsets:
        raise TrainingRuleError(_("Give at least one reminder offset."), field="reminder_offsets")
    if len(offsets) > 8:
        raise TrainingRuleError(_("Give at most eight reminder offsets."), field="reminder_offsets")
    for offset in offsets:
        if type(offset) is not int or not 1 <= offset <= MAX_REMINDER_OFFSET:
            raise TrainingRuleError(
                _(
                    "A reminder offset is a whole number of days from 1 to "
                    "{MAX_REMINDER_OFFSET} (got {offset!r})."
                ).format(MAX_REMINDER_OFFSET=MAX_REMINDER_OFFSET, offset=offset),
                field="reminder_offsets",
            )
    if len(set(offsets)) != len(offsets):
        raise TrainingRuleError(_("A reminder offset is listed twice."), field="reminder_offsets")
    return tuple(sorted(offsets, reverse=True))


def reminder_offset(expires_on: date, day: date, offsets: Sequence[int]) -> int | None:
    """The tightest reminder offset reached on `day` (e.g. 30 when 12 days are left with
    offsets 90/60/30/7 — the 7-day reminder is not due yet), or None before the first one
    or once expired."""
    left = (expires_on - day).days
    if left <= 0:
        return None
    reached = [offset for offset in offsets if left <= offset]
    return min(reached) if reached else None


def reminder_dates(expires_on: date, offsets: Sequence[int]) -> tuple[date, ...]:
    """The days reminders fall due, earliest first."""
    return tuple(sorted(expires_on - timedelta(days=offset) for offset in set(offsets)))


# --- state --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompletionFact:
    """What the state needs to know of one completion."""

    completion_id: int
    completed_on: date
    expires_on: date | None
    revoked_on: date | None = None


def counted_completion(completions: Iterable[CompletionFact], day: date) -> CompletionFact | None:
    """The completion that counts on `day`: the latest completed on or before it and not
    revoked by then (a later record of the same date wins)."""
    best: CompletionFact | None = None
    for fact in completions:
        if fact.completed_on > day:
            continue
        if fact.revoked_on is not None and fact.revoked_on <= day:
            continue
        if best is None or (fact.completed_on, fact.completion_id) > (
            best.completed_on,
            best.completion_id,
        ):
            best = fact
    return best


@dataclass(frozen=True)
class StateResult:
    state: TrainingState
    completion: CompletionFact | None
    """The completion that counts (also for an expired state), if any."""
    due_on: date | None
    """Expiry of the counted completion, or the end of grace when none counts."""
    days_left: int | None
    """Days from the as-of date to `due_on` (negative when past)."""


def decide(
    *,
    applicable: bool,
    completions: Iterable[CompletionFact],
    day: date,
    grace_ends: date,
    offsets: Sequence[int] = DEFAULT_REMINDER_OFFSETS,
) -> StateResult:
    """The state of one person against one requirement on `day`."""
    if not applicable:
        return StateResult(TrainingState.NOT_APPLICABLE, None, None, None)
    counted = counted_completion(completions, day)
    if counted is not None:
        if counted.expires_on is None:
            return StateResult(TrainingState.VALID, counted, None, None)
        left = (counted.expires_on - day).days
        if left <= 0:
            return StateResult(TrainingState.EXPIRED, counted, counted.expires_on, left)
        warn = max(offsets, default=0)
        state = TrainingState.EXPIRING if left <= warn else TrainingState.VALID
        return StateResult(state, counted, counted.expires_on, left)
    left = (grace_ends - day).days
    if left > 0:
        return StateResult(TrainingState.IN_GRACE, None, grace_ends, left)
    return StateResult(TrainingState.MISSING, None, grace_ends, left)


# --- input checks -------------------------------------------------------------------------

_PDF = b"%PDF-"
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"


def evidence_type(data: bytes, limit: int = MAX_EVIDENCE_BYTES) -> str:
    """The media type of an evidence file, told by its first bytes (never by its name):
    PDF, PNG or JPEG, at most `limit` bytes. TrainingRuleError otherwise."""
    if not data:
        raise TrainingRuleError(_("The evidence file is empty."), field="evidence")
    if len(data) > limit:
        raise TrainingRuleError(
            _(
                "The evidence file is {value:.1f} MB; the limit is "
                "{value2:.0f} MB. Scan it at a lower resolution or as a PDF."
            ).format(value=len(data) / 1024 / 1024, value2=limit / 1024 / 1024),
            field="evidence",
        )
    if data.startswith(_PDF):
        return "application/pdf"
    if data.startswith(_PNG):
        return "image/png"
    if data.startswith(_JPEG):
        return "image/jpeg"
    raise TrainingRuleError(
        _("The evidence file is not a PDF, PNG or JPEG file."), field="evidence"
    )


def check_completion_date(completed_on: date, today: date) -> None:
    """A completion is recorded on or after it happened, never ahead of it."""
    if completed_on > today:
        raise TrainingRuleError(
            _("The completion date {completed_on} is in the future.").format(
                completed_on=completed_on.isoformat()
            ),
            field="completed_on",
        )
    if completed_on.year < 1950:
        raise TrainingRuleError(
            _("The completion date {completed_on} is not plausible.").format(
                completed_on=completed_on.isoformat()
            ),
            field="completed_on",
        )


# --- certificate codes --------------------------------------------------------------------

_CODE = re.compile(r"^TC(\d{6,9})-(\d{8})-([A-Z2-7]{16})$")


@dataclass(frozen=True)
class CertificateFacts:
    """What a training certificate code certifies: the completion (its number here and its
    uuid), the person's pseudonymous ref, the requirement and the dates."""

    number: int
    completion_uuid: str
    staff_ref: str
    requirement_id: str
    completed_on: date
    expires_on: date | None


def _certificate_message(facts: CertificateFacts) -> str:
    expires = facts.expires_on.isoformat() if facts.expires_on else "-"
    return (
        f"training|{facts.number}|{facts.completion_uuid}|{facts.staff_ref}|"
        f"{facts.requirement_id}|{facts.completed_on.isoformat()}|{expires}"
    )


def certificate_code(secret: bytes, facts: CertificateFacts) -> str:
    """`TC000123-20250301-XXXXXXXXXXXXXXXX`: the completion number and date, and an HMAC
    over everything the certificate states (fits the federation's certificate-code form)."""
    return (
        f"TC{facts.number:06d}-{facts.completed_on:%Y%m%d}-"
        f"{mac_text(secret, _certificate_message(facts))}"
    )


def parse_certificate_code(code: str) -> tuple[int, date]:
    """The completion number and date a code names; TrainingRuleError when it is not a
    training certificate code at all. Whether it is genuine needs the completion's facts:
    `certificate_genuine`."""
    match = _CODE.match(code.strip().upper())
    if match is None:
        raise TrainingRuleError(
            _("That is not a ClinicDesk training certificate code."), field="code"
        )
    number, day, _mac = match.groups()
    try:
        completed_on = date(int(day[:4]), int(day[4:6]), int(day[6:]))
    except ValueError:
        raise TrainingRuleError(_("The code's date is not a date."), field="code") from None
    return int(number), completed_on


def certificate_genuine(secret: bytes, facts: CertificateFacts, code: str) -> bool:
    match = _CODE.match(code.strip().upper())
    if match is None:
        return False
    number, _day, mac = match.groups()
    return (
        int(number) == facts.number
        and f"{facts.completed_on:%Y%m%d}" == _day
        and mac_matches(secret, _certificate_message(facts), mac)
    )
