"""The hub's side of training: revocations of completions received earlier, each clinic's
census of its staff per requirement (counts only), and the federation-wide completion rate
per requirement that `clinicdesk hub training-report` prints."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinicdesk.federation.schemas import StandardKind, TrainingCompletionsSubmission
from clinicdesk.hub.db import HubDatabase
from clinicdesk.hub.models import HubStandard, HubTrainingCensus, HubTrainingCompletion


def apply_revocations(
    session: Session, clinic_pk: int, submission: TrainingCompletionsSubmission
) -> list[str]:
    """Mark completions revoked (the first date received stays). Returns the ids the hub
    does not hold, which the caller refuses."""
    unknown: list[str] = []
    for item in submission.revocations:
        row = session.execute(
            select(HubTrainingCompletion).where(
                HubTrainingCompletion.clinic_pk == clinic_pk,
                HubTrainingCompletion.completion_id == str(item.completion_id),
            )
        ).scalar_one_or_none()
        if row is None:
            unknown.append(str(item.completion_id))
        elif row.revoked_on is None:
            row.revoked_on = item.revoked_on
    return unknown


def store_census(
    session: Session,
    clinic_pk: int,
    submission: TrainingCompletionsSubmission,
    received_at: datetime,
) -> None:
    """Keep each requirement's newest census of the clinic (an older one arriving late is
    ignored)."""
    for line in submission.census:
        row = session.execute(
            select(HubTrainingCensus).where(
                HubTrainingCensus.clinic_pk == clinic_pk,
                HubTrainingCensus.requirement_id == line.requirement_id,
            )
        ).scalar_one_or_none()
        if row is None:
            session.add(
                HubTrainingCensus(
                    clinic_pk=clinic_pk,
                    requirement_id=line.requirement_id,
                    as_of=line.as_of,
                    applicable=line.applicable,
                    current=line.current,
                    received_at=received_at,
                )
            )
        elif line.as_of >= row.as_of:
            row.as_of = line.as_of
            row.applicable = line.applicable
            row.current = line.current
            row.received_at = received_at


@dataclass(frozen=True)
class RequirementRate:
    requirement_id: str
    title: str | None
    clinics: int
    """Clinics that sent a census for it."""
    applicable: int
    current: int
    rate: Decimal | None
    """current / applicable over the clinics' latest censuses, 4 decimals; None when no
    one is counted."""
    completions: int
    """Completions received under it (revoked ones included)."""
    revoked: int
    latest_census: date | None


def training_report(db: HubDatabase) -> list[RequirementRate]:
    """Per training requirement (published or reported): the federation-wide rate."""
    with db.read() as session:
        titles: dict[str, str] = {}
        for standard_id, document in session.execute(
            select(HubStandard.standard_id, HubStandard.document)
            .where(HubStandard.kind == StandardKind.TRAINING_REQUIREMENT.value)
            .order_by(HubStandard.standard_id, HubStandard.version)
        ):
            titles[standard_id] = str(json.loads(document).get("title", standard_id))
        census = {
            rid: (clinics, applicable or 0, current or 0, latest)
            for rid, clinics, applicable, current, latest in session.execute(
                select(
                    HubTrainingCensus.requirement_id,
                    func.count(HubTrainingCensus.id),
                    func.sum(HubTrainingCensus.applicable),
                    func.sum(HubTrainingCensus.current),
                    func.max(HubTrainingCensus.as_of),
                ).group_by(HubTrainingCensus.requirement_id)
            )
        }
        received = {
            rid: (total, revoked or 0)
            for rid, total, revoked in session.execute(
                select(
                    HubTrainingCompletion.requirement_id,
                    func.count(HubTrainingCompletion.id),
                    func.count(HubTrainingCompletion.revoked_on),
                )
                .where(HubTrainingCompletion.requirement_id.is_not(None))
                .group_by(HubTrainingCompletion.requirement_id)
            )
        }
    report: list[RequirementRate] = []
    for rid in sorted(set(titles) | set(census) | {r for r in received if r}):
        clinics, applicable, current, latest = census.get(rid, (0, 0, 0, None))
        total, revoked = received.get(rid, (0, 0))
        rate = (
            (Decimal(current) / Decimal(applicable)).quantize(
                Decimal("0.0001"), rounding=ROUND_HALF_UP
            )
            if applicable
            else None
        )
        report.append(
            RequirementRate(
                requirement_id=rid,
                title=titles.get(rid),
                clinics=clinics,
                applicable=int(applicable),
                current=int(current),
                rate=rate,
                completions=total,
                revoked=revoked,
                latest_census=latest,
            )
        )
    return report
