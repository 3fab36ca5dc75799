"""Enrol an applicant (front desk) and approve them (manager)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from clinicdesk.db.models import User, utcnow
from clinicdesk.db.models_clinical import Patient
from clinicdesk.db.models_members import Member, MemberClass
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.names import fold
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services import audit, requires
from clinicdesk.services.members.common import (
    _check_version,
    _clean,
    _entries_for,
    _get_member,
    _left_on,
    _next_register_no,
    _row,
    _today,
    ensure_defaults,
)
from clinicdesk.services.members.results import EnrolRequest, MemberRow


def _validate_request(uow: UnitOfWork, request: EnrolRequest) -> None:
    classes = {
        r.code: r.is_organisation for r in uow.session.execute(select(MemberClass)).scalars()
    }
    _check_request(request, classes)
    if request.patient_id is not None:
        if uow.session.get(Patient, request.patient_id) is None:
            raise ValidationError(_("That patient does not exist."), field="patient_id")
        taken = uow.session.execute(
            select(Member.register_no).where(Member.patient_id == request.patient_id)
        ).scalar_one_or_none()
        if taken is not None:
            raise ValidationError(
                _("That patient is already member {taken}.").format(taken=taken), field="patient_id"
            )
    if request.user_id is not None and uow.session.get(User, request.user_id) is None:
        raise ValidationError(_("That user does not exist."), field="user_id")


def _check_request(request: EnrolRequest, classes: Mapping[str, bool]) -> None:
    """The checks that need no database: `classes` maps each member class code to
    whether it is an organisation's."""
    _check_enrolment(
        classes,
        _today(),
        request.family_name,
        request.member_class,
        request.organisation_name,
        request.applied_on,
        request.birth_date,
        consent_bylaws=request.consent_bylaws,
        consent_data=request.consent_data,
    )


def _check_enrolment(
    classes: Mapping[str, bool],
    today: date,
    family_name: str,
    member_class: str,
    organisation_name: str | None,
    applied_on: date,
    birth_date: date | None = None,
    *,
    consent_bylaws: bool = True,
    consent_data: bool = True,
) -> None:
    """`_check_request` on the fields themselves: the legacy import checks a whole file
    of members this way before it writes anything, without a request per row."""
    if not family_name.strip():
        raise ValidationError(_("Give the member's family name."), field="family_name")
    is_organisation = classes.get(member_class)
    if is_organisation is None:
        raise ValidationError(
            _("Unknown member class “{member_class}”. Classes are: {classes}.").format(
                member_class=member_class, classes=", ".join(sorted(classes))
            ),
            field="member_class",
        )
    if is_organisation and not (organisation_name or "").strip():
        raise ValidationError(
            _("An anchor-organisation member needs the organisation's name."),
            field="organisation_name",
        )
    if applied_on > today:
        raise ValidationError(_("The application date is in the future."), field="applied_on")
    if birth_date is not None and birth_date > applied_on:
        raise ValidationError(_("The birth date is after the application."), field="birth_date")
    if not consent_bylaws or not consent_data:
        raise ValidationError(
            _("A member must accept the bylaws and the data policy."),
            field="consent_bylaws" if not consent_bylaws else "consent_data",
        )


def _person_values(
    family_name: str,
    given_names: str,
    organisation_name: str | None,
    email: str | None,
    phone: str | None,
) -> tuple[str, str, str | None, str, str | None, str | None]:
    """A member's name and contact columns as stored: family, given, organisation,
    name key (the search key), email, phone."""
    return (
        family_name.strip(),
        given_names.strip(),
        _clean(organisation_name),
        fold(f"{family_name} {given_names} {organisation_name or ''}"),
        _clean(email),
        _clean(phone, 64),
    )


def _member_values(
    request: EnrolRequest, register_no: int, *, consent_at: datetime
) -> dict[str, Any]:
    """A new member's columns, enrolled by hand."""
    family, given, organisation, name_key, email, phone = _person_values(
        request.family_name,
        request.given_names,
        request.organisation_name,
        request.email,
        request.phone,
    )
    return {
        "register_no": register_no,
        "member_class": request.member_class,
        "family_name": family,
        "given_names": given,
        "organisation_name": organisation,
        "name_key": name_key,
        "birth_date": request.birth_date,
        "email": email,
        "phone": phone,
        "address": _clean(request.address, 2000),
        "patient_id": request.patient_id,
        "user_id": request.user_id,
        "consent_bylaws_at": consent_at if request.consent_bylaws else None,
        "consent_data_at": consent_at if request.consent_data else None,
        "consent_risk_at": consent_at if request.consent_risk else None,
        "applied_on": request.applied_on,
    }


def _new_member(
    uow: UnitOfWork, request: EnrolRequest, register_no: int, *, consent_at: datetime
) -> Member:
    member = Member(**_member_values(request, register_no, consent_at=consent_at))
    uow.session.add(member)
    uow.flush()
    return member


@requires(Permission.ENROL_MEMBERS)
def enrol(uow: UnitOfWork, actor: Principal, request: EnrolRequest) -> MemberRow:
    """Enter an applicant in the register with the next register number. Shares count
    only once the board has approved the member."""
    ensure_defaults(uow)
    _validate_request(uow, request)
    number = _next_register_no(uow)
    member = _new_member(uow, request, number, consent_at=utcnow())
    audit.record(
        uow,
        actor,
        "member.enrol",
        "member",
        member.register_no,
        {"class": member.member_class, "applied_on": member.applied_on.isoformat()},
    )
    uow.commit()
    return _row(member, [], _today())


@requires(Permission.MANAGE_MEMBERS)
def approve(
    uow: UnitOfWork,
    actor: Principal,
    member_id: int,
    approved_on: date,
    minute_ref: str,
    *,
    expected_version: int | None = None,
) -> MemberRow:
    member = _get_member(uow, member_id)
    _check_version(member, expected_version)
    if member.approved_on is not None:
        raise ValidationError(
            _("Member {register_no} was already approved on {approved_on}.").format(
                register_no=member.register_no, approved_on=format_date(member.approved_on)
            )
        )
    if _left_on(member) is not None:
        raise ValidationError(
            _("Member {register_no} has left the cooperative.").format(
                register_no=member.register_no
            )
        )
    if approved_on < member.applied_on:
        raise ValidationError(
            _("The approval date is before the member applied ({applied_on}).").format(
                applied_on=format_date(member.applied_on)
            ),
            field="approved_on",
        )
    if approved_on > _today():
        raise ValidationError(_("The approval date is in the future."), field="approved_on")
    ref = (minute_ref or "").strip()
    if not ref:
        raise ValidationError(
            _("Give the board minute that approved the member."), field="minute_ref"
        )
    member.approved_on = approved_on
    member.approval_ref = ref[:100]
    uow.flush()
    audit.record(
        uow,
        actor,
        "member.approve",
        "member",
        member.register_no,
        {"approved_on": approved_on.isoformat(), "minute": member.approval_ref},
    )
    uow.commit()
    entries = _entries_for(uow, [member.id])[member.id]
    return _row(member, entries, _today())
