"""What the policy services return: plain frozen dataclasses, no ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from clinicdesk.domain.policies import PolicyCounts, PolicyState
from clinicdesk.domain.roles import Role
from clinicdesk.services.training.types import StaffInfo


@dataclass(frozen=True)
class PolicyInfo:
    """One version of a `policy` standard, with who acknowledges it and how soon."""

    policy_id: str
    version: int
    title: str
    body: str
    effective_from: date
    effective_to: date | None
    everyone: bool
    roles: tuple[Role, ...]
    """Empty when everyone must acknowledge it."""
    within_days: int

    @property
    def who(self) -> str:
        return "Everyone" if self.everyone else ", ".join(r.label for r in self.roles)


@dataclass(frozen=True)
class PolicyCell:
    """One person against one policy, as of a date."""

    staff_id: int
    policy_id: str
    state: PolicyState
    version: int | None = None
    """The version that counts that day (None: no version in force)."""
    due_by: date | None = None
    """The last day to acknowledge in time."""
    acknowledged_on: date | None = None
    on_time: bool | None = None


@dataclass(frozen=True)
class MyPolicy:
    """A policy that applies to the signed-in person, and where they stand with it."""

    policy: PolicyInfo
    status: PolicyCell


@dataclass(frozen=True)
class PolicyRow:
    staff: StaffInfo
    cells: tuple[PolicyCell, ...]
    """In the order of `PolicyOverview.policies`."""


@dataclass(frozen=True)
class PolicyOverview:
    """Staff x policies in force as of a date: who acknowledged, who is due, who is late."""

    as_of: date
    policies: tuple[PolicyInfo, ...]
    rows: tuple[PolicyRow, ...]
    counts: dict[str, PolicyCounts] = field(default_factory=dict)
    """Per policy id: acknowledged, due, late."""

    def cell(self, staff_id: int, policy_id: str) -> PolicyCell | None:
        return self._cells.get((staff_id, policy_id))

    @cached_property
    def _cells(self) -> dict[tuple[int, str], PolicyCell]:
        return {(c.staff_id, c.policy_id): c for row in self.rows for c in row.cells}


@dataclass(frozen=True)
class AcknowledgementInfo:
    """One row of the append-only acknowledgement ledger."""

    id: int
    staff_id: int
    staff_name: str
    policy_id: str
    version: int
    title: str
    acknowledged_on: date
    recorded_by: str
    recorded_at: datetime | None = None
