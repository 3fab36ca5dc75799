"""Roster import: an organisation's census (CSV, any column order) diffed against the
contract's current enrolments, and the review of uncertain matches.

Each row is matched to a patient, surest first:

1. the organisation's own identifier for the person, recorded on the patient by an
   earlier import (system `anchor:<organisation uuid>`);
2. exactly one patient with the same name (folded: case and accents do not matter) and
   the same birth date;
3. otherwise patients who may be the person — the same name with another or no birth
   date, or the same birth date and family or given name — make the row *uncertain*:
   it is held for review and nothing is done for it (nor for its candidates) until a
   manager picks one or a new patient;
4. no one like them: a new patient is registered (attributed to the contract's
   clinician, reason "anchor contract", when the contract names one).

Against the enrolments on the effective day: a matched person not enrolled is added
from that day; one enrolled with another dependant flag or identifier is changed from
that day; anyone enrolled who is not on the census (nor a candidate of a held row) leaves
the day before. The whole file is imported in one transaction, or nothing is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import date, timedelta

from sqlalchemy import or_, select

from clinicdesk.db.models_anchors import (
    AnchorContract,
    AnchorEnrolment,
    AnchorOrganisation,
    AnchorRosterReview,
)
from clinicdesk.db.models_clinical import Attribution, Patient, PatientIdentifier
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.names import name_key
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ConflictError, NotFoundError, ValidationError
from clinicdesk.i18n import _
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services import audit, requires
from clinicdesk.services.anchors.organisations import contract_for_org, org_row
from clinicdesk.services.anchors.roster_read import (
    MAX_PROBLEMS_SHOWN,
    Matcher,
    chunks,
    display,
    read_roster,
    system_of,
)
from clinicdesk.services.anchors.types import (
    ATTRIBUTION_REASON,
    ENTITY_CONTRACT,
    ReviewCandidate,
    ReviewInfo,
    RosterChange,
    RosterPerson,
    RosterResult,
)
from clinicdesk.services.caregaps.run import evaluate_patients
from clinicdesk.services.texts import more_problems


def _current(uow: UnitOfWork, contract_id: int, day: date) -> dict[int, AnchorEnrolment]:
    rows = uow.session.execute(
        select(AnchorEnrolment).where(
            AnchorEnrolment.contract_id == contract_id,
            AnchorEnrolment.start_on <= day,
            or_(AnchorEnrolment.end_on.is_(None), AnchorEnrolment.end_on >= day),
        )
    ).scalars()
    return {row.patient_id: row for row in rows}


def _new_mrn(uow: UnitOfWork, org: AnchorOrganisation, person: RosterPerson) -> str:
    source = (
        person.identifier
        or f"{name_key(person.family_name, person.given_names)}|{person.birth_date}"
    )
    digest = hashlib.sha1(f"{org.uuid}|{source}".encode()).hexdigest()[:10].upper()
    mrn, n = f"ANC-{digest}", 1
    while uow.session.execute(select(Patient.id).where(Patient.mrn == mrn)).first() is not None:
        n += 1
        mrn = f"ANC-{digest}-{n}"
    return mrn


def _register(
    uow: UnitOfWork, actor: Principal, org: AnchorOrganisation, contract: AnchorContract,
    person: RosterPerson, day: date,
) -> int:  # fmt: skip
    patient = Patient(
        mrn=_new_mrn(uow, org, person),
        family_name=person.family_name,
        given_names=person.given_names,
        name_key=name_key(person.family_name, person.given_names),
        birth_date=person.birth_date,
        sex=person.sex,
        open_gaps=0,
        clinician_id=contract.clinician_id,
    )
    uow.session.add(patient)
    uow.flush()
    if contract.clinician_id is not None:
        uow.session.add(
            Attribution(
                patient_id=patient.id,
                clinician_id=contract.clinician_id,
                start_on=day,
                end_on=None,
                source="manual",
                reason=ATTRIBUTION_REASON,
                created_by=actor.username,
            )
        )
    audit.record(
        uow,
        actor,
        "patient.register",
        "patient",
        patient.uuid,
        {"mrn": patient.mrn, "source": "anchor roster", "contract": contract.reference},
    )
    return patient.id


def _remember_identifier(
    uow: UnitOfWork, org: AnchorOrganisation, patient_id: int, identifier: str
) -> None:
    if not identifier:
        return
    exists = uow.session.execute(
        select(PatientIdentifier.id).where(
            PatientIdentifier.patient_id == patient_id,
            PatientIdentifier.system == system_of(org),
        )
    ).first()
    if exists is None:
        uow.session.add(
            PatientIdentifier(patient_id=patient_id, system=system_of(org), value=identifier)
        )


def _enrol(
    uow: UnitOfWork, actor: Principal, contract: AnchorContract, patient_id: int,
    person: RosterPerson, day: date,
) -> None:  # fmt: skip
    uow.session.add(
        AnchorEnrolment(
            contract_id=contract.id,
            patient_id=patient_id,
            start_on=day,
            end_on=None,
            dependant=person.dependant,
            member_ref=person.identifier or None,
            created_by=actor.username,
        )
    )


@requires(Permission.MANAGE_ANCHORS)
def import_roster(
    uow: UnitOfWork,
    actor: Principal,
    organisation: str,
    data: str,
    *,
    contract: str | None = None,
    effective_on: date | None = None,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
) -> RosterResult:
    """Diff the census in `data` (the CSV file's text) against the contract's enrolments
    on `effective_on` (today) and, unless `dry_run`, apply it: all or nothing."""
    org = org_row(uow, organisation)
    row = contract_for_org(uow, org, contract)
    day = effective_on or date.today()
    if day < row.start_on or (row.end_on is not None and day > row.end_on):
        raise ValidationError(
            _("The contract {reference} is not in force on {day}.").format(
                reference=row.reference, day=format_date(day)
            ),
            hint=_("Give an effective date inside the contract's dates (--effective YYYY-MM-DD)."),
        )
    people, problems = read_roster(data, mapping)
    if problems:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        raise ValidationError(
            "\n".join(
                [
                    _("The roster was not imported:"),
                    *shown,
                    *([more_problems(more)] if more > 0 else []),
                ]
            ),
            hint=_(
                "Correct the file (or the column mapping) and import it again. Nothing was stored."
            ),
        )
    matcher = Matcher(uow, org, people)
    current = _current(uow, row.id, day)
    pending_candidates, pending_people = _pending(uow, row.id)
    changes: list[RosterChange] = []
    matched: dict[int, RosterPerson] = {}
    held: set[int] = set(pending_candidates)
    new_people: list[RosterPerson] = []
    for person in people:
        patient_id, candidates = matcher.match(person)
        if patient_id is None and candidates:
            held |= set(candidates)
            changes.append(
                RosterChange(
                    "review",
                    display(person),
                    person.line,
                    None,
                    _("may be an existing patient"),
                    candidates,
                )
            )
            if not dry_run and _person_key(person) not in pending_people:  # held once
                uow.session.add(
                    AnchorRosterReview(
                        contract_id=row.id,
                        effective_on=day,
                        row=_person_json(person),
                        candidates=list(candidates),
                    )
                )
            continue
        if patient_id is None:
            new_people.append(person)
            changes.append(
                RosterChange("add", display(person), person.line, None, _("new patient"))
            )
            continue
        if patient_id in matched:
            raise ValidationError(
                _("Lines {line} and {line2} are the same person ({person}).").format(
                    line=matched[patient_id].line, line2=person.line, person=display(person)
                ),
                hint=_("Remove one of the rows and import again. Nothing was stored."),
            )
        matched[patient_id] = person
        enrolment = current.get(patient_id)
        if enrolment is None:
            changes.append(RosterChange("add", display(person), person.line, patient_id))
            if not dry_run:
                _remember_identifier(uow, org, patient_id, person.identifier)
                _enrol(uow, actor, row, patient_id, person, day)
        elif (
            enrolment.dependant != person.dependant
            or (enrolment.member_ref or "") != person.identifier
        ):
            changes.append(
                RosterChange(
                    "change",
                    display(person),
                    person.line,
                    patient_id,
                    "dependant" if person.dependant else "employee",
                )
            )
            if not dry_run:
                _remember_identifier(uow, org, patient_id, person.identifier)
                if enrolment.start_on < day:
                    enrolment.end_on = day - timedelta(days=1)
                    _enrol(uow, actor, row, patient_id, person, day)
                else:
                    enrolment.dependant = person.dependant
                    enrolment.member_ref = person.identifier or None
        else:
            changes.append(RosterChange("keep", display(person), person.line, patient_id))
    leavers = sorted(pid for pid in current if pid not in matched and pid not in held)
    names = _names(uow, leavers)
    for pid in leavers:
        changes.append(
            RosterChange(
                "leave",
                names[pid],
                None,
                pid,
                _("left {day}").format(day=format_date(day - timedelta(days=1))),
            )
        )
        if not dry_run:
            enrolment = current[pid]
            if enrolment.start_on >= day:
                raise ConflictError(
                    _(
                        "{name} was enrolled from {start_on}; import a roster dated after it."
                    ).format(name=names[pid], start_on=enrolment.start_on)
                )
            enrolment.end_on = day - timedelta(days=1)
    new_ids: list[int] = []
    if not dry_run:
        for person in new_people:
            pid = _register(uow, actor, org, row, person, day)
            _remember_identifier(uow, org, pid, person.identifier)
            _enrol(uow, actor, row, pid, person, day)
            new_ids.append(pid)
        # their care gaps at once, as for a patient the front desk registers
        evaluate_patients(uow, actor, new_ids, because="roster")
    new_count = len(new_ids)
    result = RosterResult(
        contract=row.reference,
        effective_on=day,
        dry_run=dry_run,
        rows=len(people),
        changes=changes,
        new_patients=new_count if not dry_run else len(new_people),
    )
    if not dry_run:
        audit.record(
            uow,
            actor,
            "anchors.roster.import",
            ENTITY_CONTRACT,
            row.uuid,
            {
                "organisation": org.name,
                "effective_on": day.isoformat(),
                "rows": len(people),
                **result.summary,
                # whose enrolment changed (new patients: their own patient.register event)
                "patients": {
                    action: sorted(
                        c.patient_id
                        for c in changes
                        if c.action == action and c.patient_id is not None
                    )
                    for action in ("add", "leave", "change")
                },
            },
        )
        uow.commit()
    return result


def _person_json(person: RosterPerson) -> dict[str, object]:
    data = asdict(person)
    data["birth_date"] = person.birth_date.isoformat() if person.birth_date else None
    return data


def _person_from(data: object) -> RosterPerson:
    assert isinstance(data, dict)
    birth = data.get("birth_date")
    return RosterPerson(
        line=int(data["line"]),
        family_name=str(data["family_name"]),
        given_names=str(data["given_names"]),
        birth_date=date.fromisoformat(birth) if isinstance(birth, str) else None,
        identifier=str(data.get("identifier") or ""),
        dependant=bool(data.get("dependant")),
        sex=str(data.get("sex") or "unknown"),
    )


def _person_key(person: RosterPerson) -> tuple[str, str, date | None]:
    return (person.identifier, name_key(person.family_name, person.given_names), person.birth_date)


def _pending(
    uow: UnitOfWork, contract_id: int
) -> tuple[set[int], set[tuple[str, str, date | None]]]:
    """The candidates of the rows already held for review, and who those rows are."""
    held: set[int] = set()
    people: set[tuple[str, str, date | None]] = set()
    for candidates, data in uow.session.execute(
        select(AnchorRosterReview.candidates, AnchorRosterReview.row).where(
            AnchorRosterReview.contract_id == contract_id, AnchorRosterReview.status == "pending"
        )
    ):
        held |= {int(c) for c in candidates} if isinstance(candidates, list) else set()
        people.add(_person_key(_person_from(data)))
    return held, people


def _names(uow: UnitOfWork, ids: Sequence[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for chunk in chunks(list(ids), 500):
        for pid, family, given in uow.session.execute(
            select(Patient.id, Patient.family_name, Patient.given_names).where(
                Patient.id.in_(chunk)
            )
        ):
            names[pid] = f"{given} {family}".strip()
    return names


@requires(Permission.VIEW_ANCHORS)
def pending_reviews(
    uow: UnitOfWork, actor: Principal, *, contract: str | None = None
) -> list[ReviewInfo]:
    """Roster rows held for a person to decide, oldest first, with the patients each may
    be. Audited as a view of patient data; commits."""
    query = (
        select(AnchorRosterReview, AnchorContract.reference)
        .join(AnchorContract, AnchorContract.id == AnchorRosterReview.contract_id)
        .where(AnchorRosterReview.status == "pending")
        .order_by(AnchorRosterReview.id)
    )
    if contract:
        query = query.where(AnchorContract.reference == contract)
    reviews: list[ReviewInfo] = []
    for review, reference in uow.session.execute(query).all():
        ids = [int(c) for c in review.candidates] if isinstance(review.candidates, list) else []
        rows = uow.session.execute(
            select(
                Patient.id,
                Patient.mrn,
                Patient.given_names,
                Patient.family_name,
                Patient.birth_date,
            )
            .where(Patient.id.in_(ids))
            .order_by(Patient.id)
        ).all()
        reviews.append(
            ReviewInfo(
                id=review.id,
                contract=reference,
                effective_on=review.effective_on,
                person=_person_from(review.row),
                candidates=tuple(
                    ReviewCandidate(pid, mrn, f"{given} {family}".strip(), birth)
                    for pid, mrn, given, family, birth in rows
                ),
            )
        )
    audit.record(
        uow,
        actor,
        "anchors.roster_review.view",
        ENTITY_CONTRACT,
        contract or "",
        {"rows": len(reviews)},
    )
    uow.commit()
    return reviews


@requires(Permission.MANAGE_ANCHORS)
def resolve_review(
    uow: UnitOfWork, actor: Principal, review_id: int, patient_id: int | None
) -> RosterChange:
    """Decide a held row: it is `patient_id` (one of its candidates), or (None) a new
    patient. The person is then enrolled from the roster's effective day."""
    review = uow.session.get(AnchorRosterReview, review_id)
    if review is None or review.status != "pending":
        raise NotFoundError(
            _("There is no roster row {review_id} waiting for review.").format(review_id=review_id)
        )
    contract = uow.session.get(AnchorContract, review.contract_id)
    assert contract is not None
    org = uow.session.get(AnchorOrganisation, contract.organisation_id)
    assert org is not None
    person = _person_from(review.row)
    candidates = [int(c) for c in review.candidates] if isinstance(review.candidates, list) else []
    day = review.effective_on
    if patient_id is None:
        pid = _register(uow, actor, org, contract, person, day)
        evaluate_patients(uow, actor, [pid], because="roster")
        detail = _("new patient")
    elif patient_id not in candidates:
        raise ValidationError(
            _("Patient {patient_id} is not one of this row's candidates ({candidates}).").format(
                patient_id=patient_id, candidates=", ".join(map(str, candidates))
            ),
            hint=_("Pick one of the candidates, or a new patient."),
        )
    else:
        pid = patient_id
        detail = _("matched by a person")
    _remember_identifier(uow, org, pid, person.identifier)
    current = _current(uow, contract.id, day)
    if pid not in current:
        _enrol(uow, actor, contract, pid, person, day)
        action = "add"
    else:
        action = "keep"
    review.status = "resolved"
    review.patient_id = pid
    review.resolved_by = actor.username
    audit.record(
        uow,
        actor,
        "anchors.roster.review",
        ENTITY_CONTRACT,
        contract.uuid,
        {"review": review_id, "patient_id": pid, "new_patient": patient_id is None},
    )
    uow.commit()
    return RosterChange(action, display(person), person.line, pid, detail)
