"""What the training services return: plain frozen dataclasses, no ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from clinicdesk.domain.roles import Role
from clinicdesk.domain.training import CompletionKind, TrainingState


@dataclass(frozen=True)
class StaffInfo:
    """A person on the clinic's staff: every user, and people without a login."""

    id: int
    ref: str
    """The clinic-local random pseudonymous id (a UUID): all the hub ever sees of them."""
    name: str
    username: str | None
    """None for staff without a login."""
    job_roles: tuple[Role, ...]
    """What decides which requirements apply (a user's roles; chosen for others)."""
    job_title: str | None
    start_on: date
    end_on: date | None
    """First day no longer on staff; None while on staff."""

    def on_staff(self, day: date) -> bool:
        return self.start_on <= day and (self.end_on is None or day < self.end_on)


@dataclass(frozen=True)
class RequirementInfo:
    """One training requirement in force: a federation `training_requirement` standard, or
    a requirement the clinic added (`local`)."""

    requirement_id: str
    version: int
    title: str
    roles: tuple[Role, ...]
    course_id: str
    recurrence_months: int | None
    """None: once, never renewed."""
    grace_days: int
    effective_from: date
    effective_to: date | None
    local: bool
    has_course: bool
    """An in-app course package for `course_id` is stored in this clinic."""
    body: str = ""


@dataclass(frozen=True)
class CellStatus:
    """One person against one requirement, as of a date."""

    staff_id: int
    requirement_id: str
    state: TrainingState
    completion_id: int | None = None
    """The completion that counts (also when expired)."""
    completed_on: date | None = None
    expires_on: date | None = None
    due_on: date | None = None
    """Expiry of the counted completion, or the end of grace when none counts."""
    days_left: int | None = None
    """From the as-of date to `due_on`; negative when past."""
    reminder_offset: int | None = None
    """The tightest reminder offset reached (e.g. 30), for an expiring completion."""
    kind: CompletionKind | None = None
    certificate_code: str | None = None


@dataclass(frozen=True)
class MatrixRow:
    staff: StaffInfo
    cells: tuple[CellStatus, ...]
    """In the order of `Matrix.requirements`."""


@dataclass(frozen=True)
class Matrix:
    """Staff x requirements as of a date (staff on staff that day, filtered)."""

    as_of: date
    requirements: tuple[RequirementInfo, ...]
    rows: tuple[MatrixRow, ...]
    reminder_offsets: tuple[int, ...]
    counts: dict[TrainingState, int] = field(default_factory=dict)
    """Cells per state over the rows shown."""

    def cell(self, staff_id: int, requirement_id: str) -> CellStatus | None:
        return self._cells.get((staff_id, requirement_id))

    @cached_property
    def _cells(self) -> dict[tuple[int, str], CellStatus]:
        return {(c.staff_id, c.requirement_id): c for row in self.rows for c in row.cells}


@dataclass(frozen=True)
class CompletionInfo:
    """One row of the append-only completion ledger (a revocation is a row too)."""

    id: int
    uuid: str
    staff_id: int
    staff_name: str
    kind: CompletionKind
    requirement_id: str
    requirement_version: int
    requirement_title: str
    course_id: str
    completed_on: date
    """For a revocation: the day it was revoked."""
    expires_on: date | None
    """Stored when recorded, never recomputed."""
    certificate_code: str | None
    """ClinicDesk's verification code (None for a revocation)."""
    provider: str | None = None
    external_code: str | None = None
    """The outside provider's own certificate code."""
    evidence_name: str | None = None
    evidence_type: str | None = None
    course_version: int | None = None
    score_percent: int | None = None
    revokes_id: int | None = None
    """For a revocation: the completion it revokes."""
    reason: str | None = None
    revoked_on: date | None = None
    """For a completion: when it was revoked, if it was."""
    recorded_by: str = ""
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class DueItem:
    """Something someone has to do: an expired, missing or expiring requirement."""

    staff: StaffInfo
    requirement: RequirementInfo
    status: CellStatus


@dataclass(frozen=True)
class CourseProgress:
    course_id: str
    course_version: int
    sections: tuple[str, ...]
    """Section file names in order."""
    sections_read: tuple[str, ...]
    current_section: int
    """Index into `sections` to open at."""
    quiz_passed: bool
    last_score_percent: int | None
    updated_at: datetime | None

    @property
    def all_read(self) -> bool:
        return set(self.sections) <= set(self.sections_read)


@dataclass(frozen=True)
class MyRequirement:
    requirement: RequirementInfo
    status: CellStatus
    progress: CourseProgress | None
    """Progress in the in-app course, if there is one and it was started."""


@dataclass(frozen=True)
class MyTraining:
    staff: StaffInfo
    as_of: date
    items: tuple[MyRequirement, ...]
    """Applicable requirements, most urgent first (n/a left out)."""
    completions: tuple[CompletionInfo, ...]
    """The person's ledger, newest first."""


@dataclass(frozen=True)
class QuizQuestionView:
    """A question as shown: no answer."""

    id: str
    text: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class CourseSection:
    name: str
    title: str
    text: str
    """Markdown or HTML, as in the package."""


@dataclass(frozen=True)
class CourseContent:
    """What the course player shows."""

    course_id: str
    version: int
    title: str
    summary: str
    minutes: int
    sections: tuple[CourseSection, ...]
    questions: tuple[QuizQuestionView, ...]
    pass_mark_percent: int | None
    """None when the package has no quiz."""
    files: dict[str, bytes] = field(default_factory=dict, repr=False)
    """Every package member (images the sections reference)."""


@dataclass(frozen=True)
class QuizResult:
    passed: bool
    score_percent: int
    correct: int
    total: int
    pass_mark_percent: int
    wrong: tuple[str, ...]
    """Ids of the questions answered wrongly (or not at all)."""
    completions: tuple[CompletionInfo, ...] = ()
    """On a pass: one completion per requirement the course satisfies for the person."""

    @property
    def certificate_code(self) -> str | None:
        return self.completions[0].certificate_code if self.completions else None

    @property
    def completion(self) -> CompletionInfo | None:
        return self.completions[0] if self.completions else None


@dataclass(frozen=True)
class CertificateCheck:
    code: str
    genuine: bool
    """The code was issued by this clinic (HMAC) for a completion it holds."""
    status: str
    """"valid", "expired", "revoked" or "not_genuine"."""
    message: str
    staff_name: str | None = None
    requirement_id: str | None = None
    requirement_title: str | None = None
    completed_on: date | None = None
    expires_on: date | None = None
    revoked_on: date | None = None
    revoke_reason: str | None = None


@dataclass(frozen=True)
class TrainingSummary:
    """For Today."""

    as_of: date
    clinic_expired: int | None
    """Clinic-wide counts for those who see the matrix; None for everyone else."""
    clinic_expiring: int | None
    clinic_missing: int | None
    own: tuple[DueItem, ...]
    """The signed-in person's own expired, missing and expiring items, most urgent first."""


@dataclass(frozen=True)
class Transcript:
    staff: StaffInfo
    as_of: date
    status: tuple[MyRequirement, ...]
    completions: tuple[CompletionInfo, ...]
