"""A patient's input checked and tidied, and the MRN's uniqueness."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from clinicdesk.db.models_clinical import (
    Patient,
)
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services.patients.types import SEXES, STATUSES, PatientInput

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MRN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
EARLIEST_BIRTH = date(1900, 1, 1)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def validate(data: PatientInput, *, today: date | None = None) -> PatientInput:
    """The input tidied (spaces collapsed), or a ValidationError naming the field."""
    today = today or date.today()
    mrn = (data.mrn or "").strip()
    if not mrn:
        raise ValidationError(
            _("Give the patient's medical record number (MRN)."),
            field="mrn",
            hint=_("Every patient needs an MRN that no other patient has."),
        )
    if len(mrn) > 64 or not _MRN.match(mrn):
        raise ValidationError(
            _("“{mrn}” cannot be an MRN.").format(mrn=mrn),
            field="mrn",
            hint=_(
                "Use up to 64 letters, digits, dots, dashes, slashes or underscores, "
                "starting with a letter or digit."
            ),
        )
    family = _clean(data.family_name)
    given = _clean(data.given_names)
    if not family:
        raise ValidationError(_("Give the patient's family name."), field="family_name")
    if len(family) > 200 or len(given) > 200:
        raise ValidationError(
            _("A name can be at most 200 characters long."),
            field="family_name" if len(family) > 200 else "given_names",
        )
    if data.birth_date is not None:
        if data.birth_date > today:
            raise ValidationError(
                _("The birth date {birth_date} is in the future.").format(
                    birth_date=format_date(data.birth_date)
                ),
                field="birth_date",
            )
        if data.birth_date < EARLIEST_BIRTH:
            raise ValidationError(
                _("The birth date {birth_date} is before 1900.").format(
                    birth_date=format_date(data.birth_date)
                ),
                field="birth_date",
                hint=_("Check the year; leave the birth date empty if it is not known."),
            )
    sex = (data.sex or "unknown").strip().lower()
    if sex not in SEXES:
        raise ValidationError(
            _("“{sex}” is not a sex ClinicDesk records.").format(sex=data.sex),
            field="sex",
            hint=_("Use female, male, other or unknown."),
        )
    status = (data.status or "active").strip().lower()
    if status not in STATUSES:
        raise ValidationError(
            _("“{status}” is not a patient status.").format(status=data.status),
            field="status",
            hint=_("Use active, inactive, deceased or transferred."),
        )
    deceased_on = data.deceased_on
    if deceased_on is not None:
        if status != "deceased":
            raise ValidationError(
                _("A date of death is given but the status is not “deceased”."),
                field="status",
                hint=_("Set the status to deceased, or clear the date of death."),
            )
        if deceased_on > today:
            raise ValidationError(_("The date of death is in the future."), field="deceased_on")
        if data.birth_date is not None and deceased_on < data.birth_date:
            raise ValidationError(
                _("The date of death is before the birth date."), field="deceased_on"
            )
    email = (data.email or "").strip()
    if email and (len(email) > 200 or not _EMAIL.match(email)):
        raise ValidationError(
            _("“{email}” is not an e-mail address.").format(email=email),
            field="email",
            hint=_("Write it as name@example.org, or leave it empty."),
        )
    phone = _clean(data.phone)
    if len(phone) > 64:
        raise ValidationError(_("The phone number is too long (64 characters at most)."))
    return PatientInput(
        mrn=mrn,
        family_name=family,
        given_names=given,
        birth_date=data.birth_date,
        sex=sex,
        phone=phone,
        email=email,
        address=(data.address or "").strip(),
        status=status,
        deceased_on=deceased_on,
    )


def ensure_mrn_free(uow: UnitOfWork, mrn: str, except_id: int | None = None) -> None:
    """A ValidationError if another patient (not `except_id`) already has `mrn`."""
    query = select(func.count(Patient.id)).where(Patient.mrn == mrn)
    if except_id is not None:
        query = query.where(Patient.id != except_id)
    if uow.session.execute(query).scalar_one():
        raise ValidationError(
            _("Another patient already has the MRN “{mrn}”.").format(mrn=mrn),
            field="mrn",
            hint=_("Check whether this patient is already registered; MRNs are never shared."),
        )
