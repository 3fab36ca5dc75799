"""The completion ledger: append-only. Recording, revoking, evidence and verification.

Each completion (and each revocation) is queued for the hub in the transaction that adds
it, under its own idempotency key (`training-completion:<uuid>`), so it goes out exactly
once however often the sync is interrupted. The hub sees the person only as their staff ref.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import aliased

from clinicdesk.db.models import OutboxMessage, Standard, User
from clinicdesk.db.models_training import (
    LocalRequirement,
    Staff,
    TrainingCompletion,
    TrainingEvidence,
)
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.domain.training import (
    CertificateFacts,
    CompletionFact,
    CompletionKind,
    TrainingRuleError,
    applies,
    certificate_code,
    certificate_genuine,
    check_completion_date,
    counted_completion,
    evidence_type,
    expiry_on,
    parse_certificate_code,
)
from clinicdesk.errors import NotFoundError, ValidationError
from clinicdesk.federation.schemas import (
    RequirementCensus,
    StandardRef,
    TrainingCompletionsSubmission,
    TrainingRevocation,
)
from clinicdesk.federation.schemas import TrainingCompletion as CompletionBody
from clinicdesk.i18n import N_, _
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services import audit, ensure_permission, requires
from clinicdesk.services import federation_store as store
from clinicdesk.services.settings import clinic_secret
from clinicdesk.services.sync import TRAINING_COMPLETIONS as OUTBOX_KIND
from clinicdesk.services.training.requirements import requirement_on
from clinicdesk.services.training.staff import actor_staff, all_staff, staff_row, to_info
from clinicdesk.services.training.types import CertificateCheck, CompletionInfo, RequirementInfo

CERTIFICATE_KEY = "training.certificate_secret"
MAX_REASON = 500
MAX_PROVIDER = 200
MAX_EXTERNAL_CODE = 100

C = TrainingCompletion


def _invalid(error: TrainingRuleError) -> ValidationError:
    return ValidationError(str(error), field=error.field)


def _titles(uow: UnitOfWork) -> dict[tuple[str, int], str]:
    titles: dict[tuple[str, int], str] = {}
    for sid, version, title in uow.session.execute(
        select(Standard.standard_id, Standard.version, Standard.title).where(
            Standard.kind == "training_requirement"
        )
    ):
        titles[(sid, version)] = title
    for rid, version, title in uow.session.execute(
        select(LocalRequirement.requirement_id, LocalRequirement.version, LocalRequirement.title)
    ):
        titles[(rid, version)] = title
    return titles


def completion_infos(
    uow: UnitOfWork, *, staff_id: int | None = None, ids: Iterable[int] | None = None
) -> list[CompletionInfo]:
    """Engine-internal. Ledger rows with their revocation (if any), newest first."""
    revocation = aliased(TrainingCompletion)
    evidence = aliased(TrainingEvidence)
    query = (
        select(C, Staff.name, User.display_name, revocation.completed_on, revocation.reason)
        .join(Staff, Staff.id == C.staff_id)
        .outerjoin(User, User.id == Staff.user_id)
        .outerjoin(revocation, revocation.revokes_id == C.id)
        .order_by(C.completed_on.desc(), C.id.desc())
    )
    if staff_id is not None:
        query = query.where(C.staff_id == staff_id)
    if ids is not None:
        query = query.where(C.id.in_(list(ids)))
    rows = uow.session.execute(query).all()
    evidence_ids = {row[0].evidence_id for row in rows if row[0].evidence_id is not None}
    files = {
        eid: (name, kind)
        for eid, name, kind in uow.session.execute(
            select(evidence.id, evidence.file_name, evidence.media_type).where(
                evidence.id.in_(evidence_ids)
            )
        )
    }
    titles = _titles(uow)
    out: list[CompletionInfo] = []
    for row, staff_name, user_name, revoked_on, revoke_reason in rows:
        file_name: str | None = None
        media_type: str | None = None
        if row.evidence_id is not None and row.evidence_id in files:
            file_name, media_type = files[row.evidence_id]
        kind = CompletionKind(row.kind)
        out.append(
            CompletionInfo(
                id=row.id,
                uuid=row.uuid,
                staff_id=row.staff_id,
                staff_name=user_name or staff_name,
                kind=kind,
                requirement_id=row.requirement_id,
                requirement_version=row.requirement_version,
                requirement_title=titles.get(
                    (row.requirement_id, row.requirement_version), row.requirement_id
                ),
                course_id=row.course_id,
                completed_on=row.completed_on,
                expires_on=row.expires_on,
                certificate_code=row.certificate_code,
                provider=row.provider,
                external_code=row.external_code,
                evidence_name=file_name,
                evidence_type=media_type,
                course_version=row.course_version,
                score_percent=row.score_percent,
                revokes_id=row.revokes_id,
                reason=row.reason if kind is CompletionKind.REVOCATION else revoke_reason,
                revoked_on=revoked_on,
                recorded_by=row.recorded_by,
                recorded_at=row.recorded_at,
            )
        )
    return out


def _facts(row: TrainingCompletion, staff_ref: str) -> CertificateFacts:
    return CertificateFacts(
        number=row.id,
        completion_uuid=row.uuid,
        staff_ref=staff_ref,
        requirement_id=row.requirement_id,
        completed_on=row.completed_on,
        expires_on=row.expires_on,
    )


def _census(uow: UnitOfWork, requirement: RequirementInfo, day: date) -> RequirementCensus:
    """Counts only: how many on staff on `day` the requirement applies to, and how many of
    them hold a completion that is current then."""
    people = [
        p
        for p in all_staff(uow)
        if applies(p.job_roles, requirement.roles, p.start_on, p.end_on, day)
    ]
    ids = {p.id for p in people}
    revocation = aliased(TrainingCompletion)
    facts: dict[int, list[CompletionFact]] = {}
    for cid, sid, done, expires, revoked in uow.session.execute(
        select(C.id, C.staff_id, C.completed_on, C.expires_on, revocation.completed_on)
        .outerjoin(revocation, revocation.revokes_id == C.id)
        .where(
            C.requirement_id == requirement.requirement_id,
            C.kind != CompletionKind.REVOCATION.value,
            C.completed_on <= day,
        )
    ):
        if sid in ids:
            facts.setdefault(sid, []).append(CompletionFact(cid, done, expires, revoked))
    current = 0
    for sid in ids:
        counted = counted_completion(facts.get(sid, ()), day)
        if counted is not None and (counted.expires_on is None or day < counted.expires_on):
            current += 1
    return RequirementCensus(
        requirement_id=requirement.requirement_id,
        as_of=day,
        applicable=len(ids),
        current=current,
    )


def completion_key(completion_uuid: str) -> str:
    """The idempotency key of a completion's message to the hub: one per completion."""
    return f"training-completion:{completion_uuid}"


def enqueue_completion(
    uow: UnitOfWork, row: TrainingCompletion, staff_ref: str, requirement: RequirementInfo
) -> None:
    """Engine-internal. Queue one completion for the hub, in the caller's transaction."""
    body = CompletionBody(
        completion_id=UUID(row.uuid),
        staff_ref=UUID(staff_ref),
        course_id=row.course_id,
        course_version=row.course_version or 1,
        completed_on=row.completed_on,
        expires_on=row.expires_on,
        certificate_code=row.certificate_code or "",
        requirement=StandardRef(id=row.requirement_id, version=row.requirement_version),
    )
    census = (_census(uow, requirement, date.today()),)
    store.enqueue(
        uow,
        OUTBOX_KIND,
        f"training:{staff_ref}",
        TrainingCompletionsSubmission(completions=(body,), census=census),
        idempotency_key=completion_key(row.uuid),
    )


def add_completion(
    uow: UnitOfWork,
    actor: Principal,
    staff: Staff,
    requirement: RequirementInfo,
    completed_on: date,
    kind: CompletionKind,
    *,
    course_version: int | None = None,
    score_percent: int | None = None,
    provider: str | None = None,
    external_code: str | None = None,
    evidence_id: int | None = None,
    announce: bool = True,
) -> TrainingCompletion:
    """Engine-internal. Append a completion with its stored expiry and certificate code,
    queue it for the hub (unless not `announce`: the demo's history) and audit it; the
    caller commits."""
    row = TrainingCompletion(
        staff_id=staff.id,
        kind=kind.value,
        requirement_id=requirement.requirement_id,
        requirement_version=requirement.version,
        requirement_local=requirement.local,
        course_id=requirement.course_id,
        course_version=course_version,
        completed_on=completed_on,
        expires_on=expiry_on(completed_on, requirement.recurrence_months),
        provider=provider,
        external_code=external_code,
        evidence_id=evidence_id,
        score_percent=score_percent,
        recorded_by=actor.username,
    )
    uow.session.add(row)
    uow.session.flush()
    secret = clinic_secret(uow, CERTIFICATE_KEY, create=True)
    assert secret is not None
    row.certificate_code = certificate_code(secret, _facts(row, staff.ref))
    uow.session.flush()
    if announce and not requirement.local:  # the clinic's own requirements stay here
        enqueue_completion(uow, row, staff.ref, requirement)
    audit.record(
        uow,
        actor,
        "training.complete",
        "staff",
        staff.id,
        {
            "completion": row.id,
            "kind": kind.value,
            "requirement": requirement.requirement_id,
            "version": requirement.version,
            "completed_on": completed_on.isoformat(),
            "expires_on": row.expires_on.isoformat() if row.expires_on else None,
            "certificate_code": row.certificate_code,
            "score_percent": score_percent,
            "evidence": evidence_id is not None,
        },
    )
    return row


def _clean(text: str | None, limit: int, what: str) -> str | None:
    cleaned = " ".join((text or "").split()) or None
    if cleaned is not None and len(cleaned) > limit:
        raise ValidationError(
            _("The {what} has at most {limit} characters.").format(what=_(what), limit=limit),
            field=what,
        )
    return cleaned


def _refuse_revoked_code(uow: UnitOfWork, code: str | None, provider: str | None) -> None:
    """A certificate code that belongs to a revoked completion cannot be recorded again."""
    if code is None:
        return
    revocation = aliased(TrainingCompletion)
    revoked = uow.session.execute(
        select(C.id)
        .join(revocation, revocation.revokes_id == C.id)
        .where(
            (C.certificate_code == code.upper())
            | ((C.external_code == code) & ((C.provider == provider) | (C.provider.is_(None))))
        )
        .limit(1)
    ).first()
    if revoked is not None:
        raise ValidationError(
            _("The certificate code {code} belongs to a completion that was revoked.").format(
                code=code
            ),
            field="certificate",
            hint=_("A revoked certificate does not count again; record a new certificate."),
        )


@requires(Permission.RECORD_TRAINING)
def record_completion(
    uow: UnitOfWork,
    actor: Principal,
    staff: int | str,
    requirement_id: str,
    completed_on: date,
    *,
    provider: str | None = None,
    external_code: str | None = None,
    evidence: bytes | None = None,
    evidence_name: str | None = None,
) -> CompletionInfo:
    """An outside certificate (or training done elsewhere) for anyone. `staff`: staff id,
    user name or ref. The requirement must be in force on `completed_on` and apply to the
    person; the date not in the future; evidence a PDF, PNG or JPEG of at most 5 MB.
    The expiry is worked out now and stored; a ClinicDesk verification code is issued; the
    completion is queued for the hub in the same transaction. Audited and committed.
    ValidationError (nothing stored) for anything refused."""
    row, user = staff_row(uow, staff)
    person = to_info(row, user)
    try:
        check_completion_date(completed_on, date.today())
        media_type = evidence_type(evidence) if evidence is not None else None
    except TrainingRuleError as error:
        raise _invalid(error) from None
    # The version in force on the day of the training; a certificate from before the
    # requirement existed is recorded under the version in force today.
    try:
        requirement = requirement_on(uow, requirement_id, completed_on)
    except ValidationError:
        requirement = requirement_on(uow, requirement_id, date.today())
    if not set(person.job_roles) & set(requirement.roles):
        roles = ", ".join(r.label for r in requirement.roles)
        raise ValidationError(
            _("“{title}” does not apply to {name}: it is for {roles}.").format(
                title=requirement.title, name=person.name, roles=roles
            ),
            field="requirement",
        )
    provider_text = _clean(provider, MAX_PROVIDER, N_("provider"))
    code_text = _clean(external_code, MAX_EXTERNAL_CODE, N_("certificate"))
    _refuse_revoked_code(uow, code_text, provider_text)
    evidence_id = None
    if evidence is not None:
        name = _clean(evidence_name, 200, N_("evidence")) or "evidence"
        blob = TrainingEvidence(
            file_name=name,
            media_type=media_type or "",
            size_bytes=len(evidence),
            sha256=hashlib.sha256(evidence).hexdigest(),
            data=evidence,
        )
        uow.session.add(blob)
        uow.session.flush()
        evidence_id = blob.id
    added = add_completion(
        uow,
        actor,
        row,
        requirement,
        completed_on,
        CompletionKind.OUTSIDE_CERTIFICATE,
        provider=provider_text,
        external_code=code_text,
        evidence_id=evidence_id,
    )
    [info] = completion_infos(uow, ids=[added.id])
    uow.commit()
    return info


@requires(Permission.RECORD_TRAINING)
def revoke_completion(
    uow: UnitOfWork, actor: Principal, completion_id: int, reason: str, *, on: date | None = None
) -> CompletionInfo:
    """Append a revocation of a completion (from `on`, today by default), queued for the
    hub. Returns the revocation row. Audited and committed."""
    day = on or date.today()
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise ValidationError(_("Say why the completion is revoked."), field="reason")
    if len(cleaned) > MAX_REASON:
        raise ValidationError(
            _("A reason has at most {max_chars} characters.").format(max_chars=MAX_REASON),
            field="reason",
        )
    target = uow.session.get(TrainingCompletion, completion_id)
    if target is None or target.kind == CompletionKind.REVOCATION.value:
        raise NotFoundError(
            _("There is no completion {completion_id}.").format(completion_id=completion_id)
        )
    if day > date.today():
        raise ValidationError(_("A revocation cannot start in the future."), field="on")
    if day < target.completed_on:
        raise ValidationError(
            _(
                "The completion dates from {completed_on}; it cannot be "
                "revoked from an earlier day."
            ).format(completed_on=format_date(target.completed_on)),
            field="on",
        )
    already = uow.session.execute(select(C.id).where(C.revokes_id == target.id)).first()
    if already is not None:
        raise ValidationError(
            _("Completion {completion_id} is already revoked.").format(completion_id=completion_id)
        )
    staff = uow.session.get(Staff, target.staff_id)
    assert staff is not None
    row = TrainingCompletion(
        staff_id=target.staff_id,
        kind=CompletionKind.REVOCATION.value,
        requirement_id=target.requirement_id,
        requirement_version=target.requirement_version,
        requirement_local=target.requirement_local,
        course_id=target.course_id,
        completed_on=day,
        revokes_id=target.id,
        reason=cleaned,
        recorded_by=actor.username,
    )
    uow.session.add(row)
    uow.session.flush()
    announced = uow.session.execute(
        select(OutboxMessage.id).where(OutboxMessage.idempotency_key == completion_key(target.uuid))
    ).first()
    if announced is not None:  # the hub holds the completion: tell it
        store.enqueue(
            uow,
            OUTBOX_KIND,
            f"training:{staff.ref}",
            TrainingCompletionsSubmission(
                revocations=(TrainingRevocation(completion_id=UUID(target.uuid), revoked_on=day),)
            ),
            idempotency_key=f"training-revocation:{row.uuid}",
        )
    audit.record(
        uow,
        actor,
        "training.revoke",
        "staff",
        target.staff_id,
        {"completion": target.id, "revoked_on": day.isoformat(), "reason": cleaned},
    )
    [info] = completion_infos(uow, ids=[row.id])
    uow.commit()
    return info


def staff_scope(uow: UnitOfWork, actor: Principal, staff: int | str | None) -> Staff:
    """Engine-internal. One's own staff row, or (VIEW_TRAINING) anyone's."""
    if staff is None:
        me = actor_staff(uow, actor)
        row, _user = staff_row(uow, me.id)
        return row
    row, user = staff_row(uow, staff)
    if actor.user_id is None or user is None or user.id != actor.user_id:
        ensure_permission(actor, Permission.VIEW_TRAINING)
    return row


@requires(Permission.VIEW_OWN_TRAINING)
def list_completions(
    uow: UnitOfWork, actor: Principal, staff: int | str | None = None
) -> list[CompletionInfo]:
    """A person's ledger, newest first: one's own (`staff` None) or, with VIEW_TRAINING,
    anyone's."""
    row = staff_scope(uow, actor, staff)
    found = completion_infos(uow, staff_id=row.id)
    uow.commit()
    return found


@requires(Permission.VIEW_OWN_TRAINING)
def completion_evidence(
    uow: UnitOfWork, actor: Principal, completion_id: int
) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of a completion's evidence. Audited."""
    row = uow.session.get(TrainingCompletion, completion_id)
    if row is None or row.evidence_id is None:
        raise NotFoundError(
            _("Completion {completion_id} has no evidence file.").format(
                completion_id=completion_id
            )
        )
    staff_scope(uow, actor, row.staff_id)
    blob = uow.session.get(TrainingEvidence, row.evidence_id)
    assert blob is not None
    audit.record(
        uow, actor, "training.evidence_view", "staff", row.staff_id, {"completion": row.id}
    )
    uow.commit()
    return blob.file_name, blob.media_type, blob.data


@requires(Permission.VIEW_OWN_TRAINING)
def verify_certificate(uow: UnitOfWork, actor: Principal, code: str) -> CertificateCheck:
    """Check a training certificate code: genuine (HMAC, and a completion this clinic
    holds), and whether it is valid, expired or revoked today. Audited."""
    text = code.strip().upper()
    try:
        number, _day = parse_certificate_code(text)
    except TrainingRuleError as error:
        raise _invalid(error) from None
    secret = clinic_secret(uow, CERTIFICATE_KEY, create=False)
    row = uow.session.get(TrainingCompletion, number)
    staff = uow.session.get(Staff, row.staff_id) if row is not None else None
    if (
        secret is None
        or row is None
        or staff is None
        or row.kind == CompletionKind.REVOCATION.value
        or row.certificate_code != text
        or not certificate_genuine(secret, _facts(row, staff.ref), text)
    ):
        audit.record(uow, actor, "training.certificate_verify", "certificate", text[:64])
        uow.commit()
        return CertificateCheck(
            code=text,
            genuine=False,
            status="not_genuine",
            message=_("This code was not issued by this clinic, or the certificate was altered."),
        )
    [info] = completion_infos(uow, ids=[row.id])
    today = date.today()
    if info.revoked_on is not None and info.revoked_on <= today:
        status = "revoked"
        message = _("Genuine, but revoked on {day}: {reason}. It no longer counts.").format(
            day=format_date(info.revoked_on), reason=info.reason
        )
    elif info.expires_on is not None and info.expires_on <= today:
        status = "expired"
        message = _("Genuine, but expired on {day}.").format(day=format_date(info.expires_on))
    else:
        status = "valid"
        message = (
            _("Genuine and valid until {day}.").format(day=format_date(info.expires_on))
            if info.expires_on
            else _("Genuine and valid.")
        )
    audit.record(
        uow, actor, "training.certificate_verify", "staff", row.staff_id, {"completion": row.id}
    )
    uow.commit()
    return CertificateCheck(
        code=text,
        genuine=True,
        status=status,
        message=message,
        staff_name=info.staff_name,
        requirement_id=info.requirement_id,
        requirement_title=info.requirement_title,
        completed_on=info.completed_on,
        expires_on=info.expires_on,
        revoked_on=info.revoked_on,
        revoke_reason=info.reason if info.revoked_on else None,
    )
