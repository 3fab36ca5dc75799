"""Anchor organisations and their contracts: adding, listing, showing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, or_, select

from clinicdesk.db.models import User
from clinicdesk.db.models_anchors import AnchorContract, AnchorEnrolment, AnchorOrganisation
from clinicdesk.db.models_clinical import Patient
from clinicdesk.db.models_members import Member, MemberClass
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.anchors import (
    AgeBand,
    AnchorRuleError,
    ContractTerms,
    DependantsRule,
    OrganisationKind,
    ProrationRule,
    check_bands,
)
from clinicdesk.domain.money import MoneyError, check_money
from clinicdesk.domain.roles import Permission, Principal, Role, decode_roles
from clinicdesk.errors import ConflictError, NotFoundError, ValidationError
from clinicdesk.i18n import N_, _
from clinicdesk.services import audit, requires
from clinicdesk.services.anchors.types import (
    ENTITY_CONTRACT,
    ENTITY_ORG,
    ContractInfo,
    ContractInput,
    EnrolmentInfo,
    OrganisationInfo,
    OrganisationInput,
)


def _text(value: str, size: int, what: str) -> str:
    cleaned = " ".join((value or "").split())
    if len(cleaned) > size:
        raise ValidationError(
            _("The {what} is {size} characters at most.").format(what=_(what), size=size),
            field=what,
        )
    return cleaned


# --- organisations -----------------------------------------------------------------------


def org_row(uow: UnitOfWork, name_or_id: str | int) -> AnchorOrganisation:
    text = str(name_or_id).strip()
    query = select(AnchorOrganisation)
    if text.isdigit():
        query = query.where(
            or_(AnchorOrganisation.id == int(text), AnchorOrganisation.name == text)
        )
    else:
        query = query.where(func.lower(AnchorOrganisation.name) == text.lower())
    row = uow.session.execute(query).scalars().first()
    if row is None:
        raise NotFoundError(
            _("There is no anchor organisation “{text}”.").format(text=text),
            hint=_("`clinicdesk anchors org list` shows the organisations by name."),
        )
    return row


def _org_info(uow: UnitOfWork, row: AnchorOrganisation) -> OrganisationInfo:
    register_no = None
    if row.member_id is not None:
        register_no = uow.session.execute(
            select(Member.register_no).where(Member.id == row.member_id)
        ).scalar_one()
    contracts = uow.session.execute(
        select(func.count()).where(AnchorContract.organisation_id == row.id)
    ).scalar_one()
    return OrganisationInfo(
        id=row.id,
        name=row.name,
        kind=OrganisationKind(row.kind),
        contact_name=row.contact_name or "",
        contact_email=row.contact_email or "",
        contact_phone=row.contact_phone or "",
        address=row.address or "",
        sites=tuple(s for s in (row.sites or "").split("\n") if s),
        member_register_no=register_no,
        contracts=int(contracts),
    )


def _anchor_member(uow: UnitOfWork, register_no: int) -> Member:
    found = uow.session.execute(
        select(Member, MemberClass)
        .join(MemberClass, MemberClass.code == Member.member_class)
        .where(Member.register_no == register_no)
    ).first()
    if found is None:
        raise NotFoundError(
            _("There is no member number {register_no} in the register.").format(
                register_no=register_no
            )
        )
    member, member_class = found
    if not member_class.is_organisation:
        raise ValidationError(
            _(
                "Member {register_no} is a {member_class} member, not an anchor organisation."
            ).format(register_no=register_no, member_class=member_class.name.lower()),
            field="member",
            hint=_("Link the organisation to the member of the anchor-organisation class."),
        )
    return member


@requires(Permission.MANAGE_ANCHORS)
def add_organisation(
    uow: UnitOfWork, actor: Principal, data: OrganisationInput
) -> OrganisationInfo:
    name = _text(data.name, 200, N_("name"))
    if not name:
        raise ValidationError(_("Give the organisation's name."), field="name")
    taken = uow.session.execute(
        select(AnchorOrganisation.id).where(func.lower(AnchorOrganisation.name) == name.lower())
    ).first()
    if taken is not None:
        raise ConflictError(
            _("There is already an anchor organisation “{name}”.").format(name=name)
        )
    member = _anchor_member(uow, data.member_register_no) if data.member_register_no else None
    row = AnchorOrganisation(
        name=name,
        kind=OrganisationKind(data.kind).value,
        contact_name=_text(data.contact_name, 200, N_("contact name")) or None,
        contact_email=_text(data.contact_email, 200, N_("contact email")) or None,
        contact_phone=_text(data.contact_phone, 64, N_("contact phone")) or None,
        address=data.address.strip() or None,
        sites="\n".join(s for s in (_text(s, 200, N_("site")) for s in data.sites) if s) or None,
        member_id=member.id if member else None,
        created_by=actor.username,
    )
    uow.session.add(row)
    uow.flush()
    audit.record(
        uow,
        actor,
        "anchors.org.add",
        ENTITY_ORG,
        row.uuid,
        {"name": name, "kind": row.kind, "member": data.member_register_no},
    )
    info = _org_info(uow, row)
    uow.commit()
    return info


@requires(Permission.VIEW_ANCHORS)
def list_organisations(uow: UnitOfWork, actor: Principal) -> list[OrganisationInfo]:
    rows = uow.session.execute(select(AnchorOrganisation)).scalars().all()
    return sorted((_org_info(uow, r) for r in rows), key=lambda o: o.name.casefold())


# --- contracts ---------------------------------------------------------------------------


def contract_row(uow: UnitOfWork, reference: str) -> AnchorContract:
    text = reference.strip()
    row = uow.session.execute(
        select(AnchorContract).where(func.lower(AnchorContract.reference) == text.lower())
    ).scalar_one_or_none()
    if row is None:
        raise NotFoundError(
            _("There is no anchor contract “{text}”.").format(text=text),
            hint=_("`clinicdesk anchors contract show REFERENCE` needs a contract's reference."),
        )
    return row


def contract_for_org(
    uow: UnitOfWork, org: AnchorOrganisation, reference: str | None
) -> AnchorContract:
    """The contract named, or the organisation's only contract."""
    if reference:
        row = contract_row(uow, reference)
        if row.organisation_id != org.id:
            raise ValidationError(
                _("The contract {reference} is not {name}'s.").format(
                    reference=row.reference, name=org.name
                )
            )
        return row
    rows = (
        uow.session.execute(select(AnchorContract).where(AnchorContract.organisation_id == org.id))
        .scalars()
        .all()
    )
    if len(rows) != 1:
        raise ValidationError(
            (
                _("{name} has {count} contracts; say which one.").format(
                    name=org.name, count=len(rows)
                )
                if rows
                else _("{name} has no contracts; say which one.").format(name=org.name)
            ),
            hint=_("Name the contract by its reference (--contract REFERENCE)."),
        )
    return rows[0]


def bands_of(row: AnchorContract) -> tuple[AgeBand, ...]:
    raw = row.age_bands if isinstance(row.age_bands, list) else []
    return tuple(
        AgeBand(int(b[0]), None if b[1] is None else int(b[1]), Decimal(b[2])) for b in raw
    )


def terms_of(row: AnchorContract) -> ContractTerms:
    return ContractTerms(
        pmpm=row.pmpm,
        start_on=row.start_on,
        end_on=row.end_on,
        proration=ProrationRule(row.proration_rule),
        dependants=DependantsRule(row.dependants_rule),
        minimum_fee=row.minimum_fee,
        bands=bands_of(row),
    )


def _clinician_id(uow: UnitOfWork, username: str | None) -> int | None:
    if not username:
        return None
    user = uow.session.execute(
        select(User).where(User.username == username.strip())
    ).scalar_one_or_none()
    if user is None or Role.CLINICIAN not in decode_roles(user.roles):
        raise ValidationError(
            _("“{username}” is not a clinician's user name.").format(username=username),
            field="clinician",
            hint=_("`clinicdesk users list` shows the clinicians."),
        )
    return user.id


def enrolled_on(uow: UnitOfWork, contract_id: int, day: date) -> int:
    return int(
        uow.session.execute(
            select(func.count(func.distinct(AnchorEnrolment.patient_id))).where(
                AnchorEnrolment.contract_id == contract_id,
                AnchorEnrolment.start_on <= day,
                or_(AnchorEnrolment.end_on.is_(None), AnchorEnrolment.end_on >= day),
            )
        ).scalar_one()
    )


def contract_info(uow: UnitOfWork, row: AnchorContract, day: date) -> ContractInfo:
    org = uow.session.get(AnchorOrganisation, row.organisation_id)
    assert org is not None
    clinician = None
    if row.clinician_id is not None:
        clinician = uow.session.execute(
            select(User.username).where(User.id == row.clinician_id)
        ).scalar_one()
    return ContractInfo(
        id=row.id,
        reference=row.reference,
        organisation=org.name,
        organisation_id=org.id,
        pmpm=row.pmpm,
        bands=bands_of(row),
        start_on=row.start_on,
        end_on=row.end_on,
        proration=ProrationRule(row.proration_rule),
        dependants=DependantsRule(row.dependants_rule),
        minimum_fee=row.minimum_fee,
        covered_services=row.covered_services,
        payment_days=row.payment_days,
        clinician=clinician,
        enrolled=enrolled_on(uow, row.id, day),
    )


@requires(Permission.MANAGE_ANCHORS)
def add_contract(uow: UnitOfWork, actor: Principal, data: ContractInput) -> ContractInfo:
    org = org_row(uow, data.organisation)
    reference = _text(data.reference, 80, N_("reference"))
    if not reference:
        raise ValidationError(
            _("Give the contract a reference (e.g. ACME-2026)."), field="reference"
        )
    taken = uow.session.execute(
        select(AnchorContract.id).where(func.lower(AnchorContract.reference) == reference.lower())
    ).first()
    if taken is not None:
        raise ConflictError(
            _("There is already a contract “{reference}”.").format(reference=reference)
        )
    try:
        pmpm = check_money(data.pmpm)
        minimum = check_money(data.minimum_fee)
        bands = check_bands(data.bands)
        for band in bands:
            check_money(band.rate)
        ContractTerms(pmpm, data.start_on, data.end_on, minimum_fee=minimum)
    except (MoneyError, AnchorRuleError) as error:
        raise ValidationError(str(error)) from None
    if not 0 <= data.payment_days <= 365:
        raise ValidationError(_("Payment terms are 0 to 365 days."), field="payment_days")
    row = AnchorContract(
        reference=reference,
        organisation_id=org.id,
        pmpm=pmpm,
        age_bands=[[b.min_age, b.max_age, str(b.rate)] for b in bands] or None,
        start_on=data.start_on,
        end_on=data.end_on,
        covered_services=data.covered_services.strip(),
        dependants_rule=DependantsRule(data.dependants).value,
        proration_rule=ProrationRule(data.proration).value,
        minimum_fee=minimum,
        payment_days=data.payment_days,
        clinician_id=_clinician_id(uow, data.clinician),
        created_by=actor.username,
    )
    uow.session.add(row)
    uow.flush()
    audit.record(
        uow,
        actor,
        "anchors.contract.add",
        ENTITY_CONTRACT,
        row.uuid,
        {
            "reference": reference,
            "organisation": org.name,
            "pmpm": str(pmpm),
            "bands": [str(b) for b in bands],
            "start_on": data.start_on.isoformat(),
            "end_on": data.end_on.isoformat() if data.end_on else None,
            "proration": row.proration_rule,
            "dependants": row.dependants_rule,
            "minimum_fee": str(minimum),
        },
    )
    info = contract_info(uow, row, data.start_on)
    uow.commit()
    return info


@requires(Permission.VIEW_ANCHORS)
def show_contract(
    uow: UnitOfWork, actor: Principal, reference: str, *, as_of: date | None = None
) -> ContractInfo:
    return contract_info(uow, contract_row(uow, reference), as_of or date.today())


@requires(Permission.VIEW_ANCHORS)
def list_contracts(
    uow: UnitOfWork, actor: Principal, *, as_of: date | None = None
) -> list[ContractInfo]:
    day = as_of or date.today()
    rows = uow.session.execute(select(AnchorContract).order_by(AnchorContract.reference)).scalars()
    return [contract_info(uow, row, day) for row in rows]


@requires(Permission.VIEW_ANCHORS)
def list_enrolments(
    uow: UnitOfWork, actor: Principal, reference: str, *, as_of: date | None = None
) -> list[EnrolmentInfo]:
    """Who the contract covers on `as_of` (every enrolment ever, when None), by name.
    Audited as a view of patient data; commits."""
    row = contract_row(uow, reference)
    query = (
        select(
            Patient.id,
            Patient.mrn,
            Patient.given_names,
            Patient.family_name,
            Patient.birth_date,
            AnchorEnrolment.start_on,
            AnchorEnrolment.end_on,
            AnchorEnrolment.dependant,
            AnchorEnrolment.member_ref,
        )
        .join(Patient, Patient.id == AnchorEnrolment.patient_id)
        .where(AnchorEnrolment.contract_id == row.id)
    )
    if as_of is not None:
        query = query.where(
            AnchorEnrolment.start_on <= as_of,
            or_(AnchorEnrolment.end_on.is_(None), AnchorEnrolment.end_on >= as_of),
        )
    people = [
        EnrolmentInfo(
            pid, mrn, f"{given} {family}".strip(), birth, start, end, bool(dep), ref or ""
        )
        for pid, mrn, given, family, birth, start, end, dep, ref in uow.session.execute(query)
    ]
    audit.record(
        uow,
        actor,
        "anchors.enrolments.view",
        ENTITY_CONTRACT,
        row.uuid,
        {"as_of": as_of.isoformat() if as_of else None, "people": len(people)},
    )
    uow.commit()
    return sorted(people, key=lambda p: (p.name.casefold(), p.start_on, p.patient_id))
