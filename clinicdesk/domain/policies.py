"""Policy acknowledgements: who a policy applies to, and whether a person has acknowledged
it, is due to, or is late, on any date and across versions. Pure: no database, no clock.

The arithmetic, and why:

- On day *D* the version that counts is the newest one in force on *D*
  (`effective_from <= D < effective_to`). Only an acknowledgement of **that** version, made
  on or before *D*, counts: a new version needs a new acknowledgement, and the old one
  stays on record without counting for it.
- A version applies to a person on staff on *D* (start inclusive, end exclusive) when its
  rule says everyone, or the person holds one of its job roles.
- The person has `within_days` days from the later of the version's `effective_from` and
  their own start: with 30 days from 1 January, 30 January is the last day to acknowledge
  (`due_by`) and they are *late* from 31 January (`late_from`), as a training grace period
  ends (clinicdesk.domain.training.grace_ends_on).
- An acknowledgement made after `due_by` still counts as acknowledged from its day on; it
  is marked as late (`on_time` False) so a manager can see it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from clinicdesk.domain.standards import PolicyStandard
from clinicdesk.i18n import N_, _


class PolicyState(enum.StrEnum):
    ACKNOWLEDGED = "acknowledged"
    DUE = "due"
    LATE = "late"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return _(_LABELS[self])

    @property
    def awaiting(self) -> bool:
        """Due or late: the person still has to read and acknowledge it."""
        return self in (PolicyState.DUE, PolicyState.LATE)


_LABELS = {
    PolicyState.ACKNOWLEDGED: N_("Acknowledged"),
    PolicyState.DUE: N_("Due"),
    PolicyState.LATE: N_("Late"),
    PolicyState.NOT_APPLICABLE: N_("n/a"),
}


class PolicyRuleError(ValueError):
    """Input the rules refuse; services turn it into a ValidationError."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class PolicyVersion:
    """One version of a policy with its acknowledgement rule. `roles` empty with
    `everyone` True: every person on staff. `effective_to` is exclusive (a retirement is
    folded into it by the caller)."""

    policy_id: str
    version: int
    title: str
    effective_from: date
    effective_to: date | None
    everyone: bool
    roles: frozenset[str]
    within_days: int

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def for_roles(self, staff_roles: Iterable[str]) -> bool:
        return self.everyone or bool(self.roles & set(staff_roles))


def version_of(document: PolicyStandard, retired_on: date | None = None) -> PolicyVersion:
    """A policy document as the rules see it; a retirement ends it like `effective_to`."""
    rule = document.acknowledgement
    ends = document.effective_to
    if retired_on is not None and (ends is None or retired_on < ends):
        ends = retired_on
    return PolicyVersion(
        policy_id=document.id,
        version=document.version,
        title=document.title,
        effective_from=document.effective_from,
        effective_to=ends,
        everyone=rule.everyone,
        roles=frozenset(role.value for role in rule.roles),
        within_days=rule.within_days,
    )


@dataclass(frozen=True)
class AckFact:
    """An acknowledgement on record: which version, on which day."""

    version: int
    acknowledged_on: date


@dataclass(frozen=True)
class PolicyStatus:
    state: PolicyState
    version: PolicyVersion | None
    due_by: date | None = None
    """The last day to acknowledge in time (None when the policy does not apply)."""
    acknowledged_on: date | None = None

    @property
    def on_time(self) -> bool | None:
        if self.acknowledged_on is None or self.due_by is None:
            return None
        return self.acknowledged_on <= self.due_by


def version_on(versions: Iterable[PolicyVersion], day: date) -> PolicyVersion | None:
    """The newest version in force on `day`, or None."""
    best: PolicyVersion | None = None
    for candidate in versions:
        if candidate.in_force_on(day) and (best is None or candidate.version > best.version):
            best = candidate
    return best


def on_staff(start_on: date, end_on: date | None, day: date) -> bool:
    return start_on <= day and (end_on is None or day < end_on)


def late_from(version: PolicyVersion, start_on: date) -> date:
    """The first day a missing acknowledgement of `version` is late for someone who
    started on `start_on`."""
    begins = start_on if start_on > version.effective_from else version.effective_from
    return begins + timedelta(days=version.within_days)


def policy_status(
    versions: Sequence[PolicyVersion],
    staff_roles: Iterable[str],
    start_on: date,
    end_on: date | None,
    acknowledgements: Iterable[AckFact],
    day: date,
) -> PolicyStatus:
    """A person's state against one policy (all its versions) on `day`."""
    version = version_on(versions, day)
    if version is None or not on_staff(start_on, end_on, day) or not version.for_roles(staff_roles):
        return PolicyStatus(PolicyState.NOT_APPLICABLE, version)
    late = late_from(version, start_on)
    due_by = late - timedelta(days=1)
    made = [
        ack.acknowledged_on
        for ack in acknowledgements
        if ack.version == version.version and ack.acknowledged_on <= day
    ]
    if made:
        return PolicyStatus(PolicyState.ACKNOWLEDGED, version, due_by, min(made))
    state = PolicyState.LATE if day >= late else PolicyState.DUE
    return PolicyStatus(state, version, due_by)


def check_acknowledgement(
    versions: Sequence[PolicyVersion],
    staff_roles: Iterable[str],
    start_on: date,
    end_on: date | None,
    version: int,
    day: date,
) -> PolicyVersion:
    """The version a person acknowledges on `day`, or PolicyRuleError saying why not: it
    must be the version in force that day, and the policy must apply to them."""
    current = version_on(versions, day)
    if current is None:
        known = ", ".join(str(v.version) for v in sorted(versions, key=lambda v: v.version))
        raise PolicyRuleError(
            f"No version of this policy is in force on {day.isoformat()}"
            + (f" (versions on record: {known})." if known else "."),
            field="version",
        )
    if version != current.version:
        raise PolicyRuleError(
            _(
                "Version {version} of “{title}” is not in force on {day}; "
                "acknowledge version {version2}."
            ).format(
                version=version, title=current.title, day=day.isoformat(), version2=current.version
            ),
            field="version",
        )
    if not on_staff(start_on, end_on, day):
        raise PolicyRuleError(
            _("The person is not on staff on {day}.").format(day=day.isoformat()), field="staff"
        )
    if not current.for_roles(staff_roles):
        raise PolicyRuleError(
            _("“{title}” does not apply to this person's job roles.").format(title=current.title),
            field="policy",
        )
    return current


@dataclass(frozen=True)
class PolicyCounts:
    """How many people a policy version applies to on a day, by state: what the hub sees."""

    acknowledged: int = 0
    due: int = 0
    late: int = 0

    @property
    def applicable(self) -> int:
        return self.acknowledged + self.due + self.late


def count_states(states: Iterable[PolicyState]) -> PolicyCounts:
    acknowledged = due = late = 0
    for state in states:
        if state is PolicyState.ACKNOWLEDGED:
            acknowledged += 1
        elif state is PolicyState.DUE:
            due += 1
        elif state is PolicyState.LATE:
            late += 1
    return PolicyCounts(acknowledged, due, late)
