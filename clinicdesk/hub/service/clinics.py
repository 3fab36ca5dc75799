"""Clinics, their API keys (see the package's notes on why SHA-256 is enough), and
what a clinic asks first: who am I, and which contribution rate is in force."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinicdesk.db.conventions import utcnow
from clinicdesk.errors import NotFoundError, ValidationError
from clinicdesk.federation.schemas import (
    ClinicContributionRate,
    ClinicInfo,
    ContributionRateStandard,
    ProblemType,
    StandardKind,
    standard_adapter,
)
from clinicdesk.hub.db import HubDatabase
from clinicdesk.hub.models import (
    HubApiKey,
    HubClinic,
    HubStandard,
)
from clinicdesk.hub.service.common import Refusal, aware, today_utc

API_KEY_PREFIX = "cdhub_"


def _unauthorized(detail: str) -> Refusal:
    return Refusal(
        401,
        "Unauthorized",
        detail,
        problem_type=ProblemType.UNAUTHORIZED,
        headers={"WWW-Authenticate": 'Bearer realm="clinicdesk-hub"'},
    )


# --- clinics and keys -----------------------------------------------------------------------


@dataclass(frozen=True)
class ClinicRef:
    pk: int
    clinic_id: str
    name: str


@dataclass(frozen=True)
class ClinicSummary:
    clinic_id: str
    name: str
    created_at: datetime
    active_keys: int

    @property
    def joined_on(self) -> date:
        return self.created_at.date()


@dataclass(frozen=True)
class KeyInfo:
    """An API key as the operator sees it: its id, never the key (the hub has only its
    hash)."""

    key_id: int
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class IssuedKey:
    key_id: int
    api_key: str  # shown once


def hash_key(api_key: str) -> str:
    return hashlib.sha256(api_key.encode("utf-8")).hexdigest()


def new_api_key() -> str:
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def add_clinic(db: HubDatabase, name: str, joined_on: date | None = None) -> tuple[ClinicRef, str]:
    """A new member clinic and its first API key (returned once, stored hashed).

    The clinic's record is dated the day it joined the federation: today, or `joined_on`
    for a clinic that was a member before the hub recorded it. It owes no contribution
    for the months before (see `service.checks`)."""
    name = name.strip()
    if not name or len(name) > 200:
        raise ValidationError("A clinic's name is 1 to 200 characters.", field="name")
    if joined_on is not None and joined_on > today_utc():
        raise ValidationError(
            f"The join date {joined_on} is in the future. Add the clinic on the day it joins, "
            "or give the day it joined.",
            field="joined",
        )
    api_key = new_api_key()

    def work(session: Session) -> ClinicRef:
        clinic = HubClinic(clinic_id=str(uuid.uuid4()), name=name)
        if joined_on is not None:
            clinic.created_at = datetime(joined_on.year, joined_on.month, joined_on.day)
        session.add(clinic)
        session.flush()
        session.add(HubApiKey(clinic_pk=clinic.id, key_sha256=hash_key(api_key)))
        return ClinicRef(clinic.id, clinic.clinic_id, clinic.name)

    return db.write(work), api_key


def clinic_by_id(session: Session, clinic_id: str) -> HubClinic:
    clinic = session.scalar(select(HubClinic).where(HubClinic.clinic_id == clinic_id))
    if clinic is None:
        raise NotFoundError(
            f"There is no clinic {clinic_id} on this hub.",
            hint="`clinicdesk hub clinics` lists the clinics and their ids.",
        )
    return clinic


def issue_key(db: HubDatabase, clinic_id: str) -> IssuedKey:
    """Another API key for a clinic. The older keys keep working until they are revoked
    (`revoke_key`), so a clinic can move to the new key before the old one stops."""
    api_key = new_api_key()

    def work(session: Session) -> int:
        clinic = clinic_by_id(session, clinic_id)
        key = HubApiKey(clinic_pk=clinic.id, key_sha256=hash_key(api_key))
        session.add(key)
        session.flush()
        return key.id

    return IssuedKey(db.write(work), api_key)


def list_keys(db: HubDatabase, clinic_id: str) -> list[KeyInfo]:
    """A clinic's keys, oldest first, revoked ones too."""
    with db.read() as session:
        clinic = clinic_by_id(session, clinic_id)
        keys = session.scalars(
            select(HubApiKey).where(HubApiKey.clinic_pk == clinic.id).order_by(HubApiKey.id)
        ).all()
        return [
            KeyInfo(
                key.id,
                aware(key.created_at),
                aware(key.revoked_at) if key.revoked_at is not None else None,
            )
            for key in keys
        ]


def revoke_keys(db: HubDatabase, clinic_id: str) -> int:
    """Revoke every active key of a clinic; returns how many were active."""

    def work(session: Session) -> int:
        clinic = clinic_by_id(session, clinic_id)
        keys = session.scalars(
            select(HubApiKey).where(
                HubApiKey.clinic_pk == clinic.id, HubApiKey.revoked_at.is_(None)
            )
        ).all()
        now = utcnow()
        for key in keys:
            key.revoked_at = now
        return len(keys)

    return db.write(work)


def revoke_key(db: HubDatabase, clinic_id: str, key_id: int) -> bool:
    """Revoke one key of a clinic, leaving its others working. False: it was already
    revoked. A key of another clinic is not found: the operator names both."""

    def work(session: Session) -> bool:
        clinic = clinic_by_id(session, clinic_id)
        key = session.scalar(
            select(HubApiKey).where(HubApiKey.clinic_pk == clinic.id, HubApiKey.id == key_id)
        )
        if key is None:
            raise NotFoundError(
                f"Clinic {clinic_id} has no key {key_id}.",
                hint=f"`clinicdesk hub keys --clinic {clinic_id}` lists its keys and their ids.",
            )
        if key.revoked_at is not None:
            return False
        key.revoked_at = utcnow()
        return True

    return db.write(work)


def list_clinics(db: HubDatabase) -> list[ClinicSummary]:
    with db.read() as session:
        active = (
            select(HubApiKey.clinic_pk, func.count().label("n"))
            .where(HubApiKey.revoked_at.is_(None))
            .group_by(HubApiKey.clinic_pk)
            .subquery()
        )
        rows = session.execute(
            select(HubClinic, func.coalesce(active.c.n, 0))
            .outerjoin(active, active.c.clinic_pk == HubClinic.id)
            .order_by(HubClinic.created_at, HubClinic.id)
        ).all()
        return [
            ClinicSummary(clinic.clinic_id, clinic.name, aware(clinic.created_at), int(count))
            for clinic, count in rows
        ]


def authenticate(db: HubDatabase, api_key: str | None) -> ClinicRef:
    if not api_key:
        raise _unauthorized(
            "The request carries no API key. Send the clinic's key as "
            "'Authorization: Bearer <key>'."
        )
    with db.read() as session:
        row = session.execute(
            select(HubApiKey, HubClinic)
            .join(HubClinic, HubClinic.id == HubApiKey.clinic_pk)
            .where(HubApiKey.key_sha256 == hash_key(api_key))
        ).first()
    if row is None:
        raise _unauthorized(
            "This API key is not known to the hub. Check the key in the clinic's "
            "federation settings."
        )
    key, clinic = row
    if key.revoked_at is not None:
        raise _unauthorized(
            f"This API key was revoked on {key.revoked_at:%Y-%m-%d}. Ask the federation "
            "for a new key."
        )
    return ClinicRef(clinic.id, clinic.clinic_id, clinic.name)


# --- standards in force -----------------------------------------------------------------------


def standard_in_force(session: Session, kind: StandardKind, day: date) -> HubStandard | None:
    """The version of `kind` that applies on `day`: the latest to start, then the highest."""
    return session.scalars(
        select(HubStandard)
        .where(
            HubStandard.kind == kind.value,
            HubStandard.effective_from <= day,
            (HubStandard.effective_to.is_(None)) | (HubStandard.effective_to > day),
            (HubStandard.retired_on.is_(None)) | (HubStandard.retired_on > day),
        )
        .order_by(HubStandard.effective_from.desc(), HubStandard.version.desc())
        .limit(1)
    ).first()


def clinic_info(db: HubDatabase, clinic: ClinicRef, day: date | None = None) -> ClinicInfo:
    with db.read() as session:
        row = standard_in_force(session, StandardKind.CONTRIBUTION_RATE, day or today_utc())
    if row is None:
        raise Refusal(
            503,
            "Service Unavailable",
            "The federation has no contribution rate in force. The hub's operator must "
            "publish one (clinicdesk hub seed, or hub publish-standard).",
        )
    document = standard_adapter.validate_json(row.document)
    assert isinstance(document, ContributionRateStandard)
    return ClinicInfo(
        clinic_id=clinic.clinic_id,
        name=clinic.name,
        contribution_rate=ClinicContributionRate(
            standard_id=document.id,
            version=document.version,
            rate=document.rule.rate,
            contributable_categories=document.rule.contributable_categories,
            due_day=document.rule.due_day,
        ),
    )
