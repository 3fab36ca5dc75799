"""Readable names for the records an audit page mentions.

The trail stores stable identifiers (a patient's or member's UUID, a staff id, a user
name) so that it never changes when a record does. A person reading it wants to know
*which* record: this turns one page's identifiers into short labels, one query per kind.
Patients are named by MRN and members by register number only — the trail's reader is
an auditor, not someone who needs the person's name to do the job.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from clinicdesk.db.models import Clinic, User
from clinicdesk.db.models_clinical import Patient
from clinicdesk.db.models_members import Member
from clinicdesk.db.models_training import Staff
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.i18n import _
from clinicdesk.services import requires
from clinicdesk.services.audit import AuditEntry

RecordKey = tuple[str, str]  # (entity_type, entity_id) as the trail stores them


@requires(Permission.VIEW_AUDIT)
def record_labels(
    uow: UnitOfWork, actor: Principal, entries: Iterable[AuditEntry]
) -> dict[RecordKey, str]:
    """A label for each (type, id) the entries mention that names a known record; records
    since deleted, and kinds with nothing better than their id, are left out."""
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        wanted.setdefault("user", set()).add(entry.actor_name)  # who did it, by name
        if entry.entity_id:
            wanted.setdefault(entry.entity_type, set()).add(entry.entity_id)
    labels: dict[RecordKey, str] = {}
    session = uow.session
    if ids := wanted.get("patient"):
        for ref, mrn in session.execute(
            select(Patient.uuid, Patient.mrn).where(Patient.uuid.in_(ids))
        ):
            labels[("patient", ref)] = _("patient MRN {mrn}").format(mrn=mrn)
    if ids := wanted.get("member"):  # members are audited by register number
        numbers = {int(i) for i in ids if i.isdigit()}
        for (number,) in session.execute(
            select(Member.register_no).where(Member.register_no.in_(numbers))
        ):
            labels[("member", str(number))] = _("member No. {number}").format(number=number)
    if ids := wanted.get("user"):
        for username, display in session.execute(
            select(User.username, User.display_name).where(User.username.in_(ids))
        ):
            labels[("user", username)] = f"{display} ({username})"
    if ids := wanted.get("staff"):
        numbers = {int(i) for i in ids if i.isdigit()}
        for staff_id, name in session.execute(
            select(Staff.id, Staff.name).where(Staff.id.in_(numbers))
        ):
            labels[("staff", str(staff_id))] = _("staff {name}").format(name=name)
    if ids := wanted.get("clinic"):
        query = select(Clinic.uuid, Clinic.name).where(Clinic.uuid.in_(ids))
        for ref, name in session.execute(query):
            labels[("clinic", ref)] = _("clinic {name}").format(name=name)
    if ids := wanted.get("revenue_period"):
        for period in ids:
            labels[("revenue_period", period)] = _("revenue {period}").format(period=period)
    return labels
