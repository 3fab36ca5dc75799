"""The hub's side of policy acknowledgements (`POST /v1/policy-acknowledgements`) and the
report across clinics that `clinicdesk hub policy-report` prints.

A clinic sends, once per policy version and day, how many of its staff acknowledged the
version, are still within their days (due) and are late: counts only, no one named. The
hub keeps one row per clinic, policy version and day. The same counts sent again (a
retried sync under a new key) are answered with the row already held; other counts for a
day already received are refused (409): a day's figures are sent once.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from fastapi import FastAPI
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinicdesk.db.conventions import utcnow
from clinicdesk.federation.schemas import (
    PolicyCountsReceipt,
    PolicyCountsSubmission,
    StandardKind,
    StandardRef,
)
from clinicdesk.hub.app import Clinic, Db, IdempotencyKey, _problems, _stored
from clinicdesk.hub.db import HubDatabase
from clinicdesk.hub.models import HubPolicyCounts, HubStandard
from clinicdesk.hub.service import ClinicRef, Refusal, StoredResponse, aware
from clinicdesk.hub.service.contributions import _idempotent

COUNTS_CONFLICT = "urn:clinicdesk:problem:policy-counts-conflict"
OPERATION = "POST /v1/policy-acknowledgements"


def _receipt(row: HubPolicyCounts) -> PolicyCountsReceipt:
    return PolicyCountsReceipt(
        receipt_id=row.receipt_id,
        received_at=aware(row.received_at),
        policy=StandardRef(id=row.policy_id, version=row.policy_version),
        as_of=row.as_of,
    )


def submit_policy_counts(
    db: HubDatabase, clinic: ClinicRef, key: str, submission: PolicyCountsSubmission
) -> StoredResponse:
    """Keep a clinic's counts for one policy version and day."""

    def work(session: Session) -> tuple[int, bytes]:
        held = session.execute(
            select(HubPolicyCounts).where(
                HubPolicyCounts.clinic_pk == clinic.pk,
                HubPolicyCounts.policy_id == submission.policy.id,
                HubPolicyCounts.policy_version == submission.policy.version,
                HubPolicyCounts.as_of == submission.as_of,
            )
        ).scalar_one_or_none()
        if held is not None:
            counts = (held.acknowledged, held.due, held.late)
            if counts != (submission.acknowledged, submission.due, submission.late):
                raise Refusal(
                    409,
                    "Counts already received",
                    f"The counts of {submission.policy.id} version {submission.policy.version} "
                    f"for {submission.as_of.isoformat()} were already received with other "
                    "figures. A day's counts are sent once.",
                    problem_type=COUNTS_CONFLICT,
                )
            return 201, _receipt(held).model_dump_json().encode("utf-8")
        row = HubPolicyCounts(
            clinic_pk=clinic.pk,
            policy_id=submission.policy.id,
            policy_version=submission.policy.version,
            as_of=submission.as_of,
            acknowledged=submission.acknowledged,
            due=submission.due,
            late=submission.late,
            receipt_id=str(uuid.uuid4()),
            received_at=utcnow(),
        )
        session.add(row)
        session.flush()
        return 201, _receipt(row).model_dump_json().encode("utf-8")

    return _idempotent(db, clinic, key, OPERATION, submission, work)


@dataclass(frozen=True)
class PolicyVersionReport:
    policy_id: str
    version: int
    title: str | None
    clinics: int
    """Clinics that sent counts for this version."""
    acknowledged: int
    due: int
    late: int
    rate: Decimal | None
    """acknowledged / (acknowledged + due + late) over each clinic's latest day, 4
    decimals; None when no one is counted."""
    latest: date | None


def policy_report(db: HubDatabase) -> list[PolicyVersionReport]:
    """Per policy version (published or reported): each clinic's latest day, summed."""
    with db.read() as session:
        titles: dict[tuple[str, int], str] = {}
        for standard_id, version, document in session.execute(
            select(HubStandard.standard_id, HubStandard.version, HubStandard.document).where(
                HubStandard.kind == StandardKind.POLICY.value
            )
        ):
            titles[(standard_id, version)] = str(json.loads(document).get("title", standard_id))
        latest = (
            select(
                HubPolicyCounts.clinic_pk,
                HubPolicyCounts.policy_id,
                HubPolicyCounts.policy_version,
                func.max(HubPolicyCounts.as_of).label("as_of"),
            )
            .group_by(
                HubPolicyCounts.clinic_pk,
                HubPolicyCounts.policy_id,
                HubPolicyCounts.policy_version,
            )
            .subquery()
        )
        sums = {
            (pid, int(version)): (clinics, acknowledged or 0, due or 0, late or 0, newest)
            for pid, version, clinics, acknowledged, due, late, newest in session.execute(
                select(
                    HubPolicyCounts.policy_id,
                    HubPolicyCounts.policy_version,
                    func.count(HubPolicyCounts.id),
                    func.sum(HubPolicyCounts.acknowledged),
                    func.sum(HubPolicyCounts.due),
                    func.sum(HubPolicyCounts.late),
                    func.max(HubPolicyCounts.as_of),
                )
                .join(
                    latest,
                    (latest.c.clinic_pk == HubPolicyCounts.clinic_pk)
                    & (latest.c.policy_id == HubPolicyCounts.policy_id)
                    & (latest.c.policy_version == HubPolicyCounts.policy_version)
                    & (latest.c.as_of == HubPolicyCounts.as_of),
                )
                .group_by(HubPolicyCounts.policy_id, HubPolicyCounts.policy_version)
            )
        }
    report: list[PolicyVersionReport] = []
    for pid, version in sorted(set(titles) | set(sums)):
        clinics, acknowledged, due, late, newest = sums.get((pid, version), (0, 0, 0, 0, None))
        counted = acknowledged + due + late
        rate = (
            (Decimal(acknowledged) / Decimal(counted)).quantize(
                Decimal("0.0001"), rounding=ROUND_HALF_UP
            )
            if counted
            else None
        )
        report.append(
            PolicyVersionReport(
                policy_id=pid,
                version=version,
                title=titles.get((pid, version)),
                clinics=int(clinics),
                acknowledged=int(acknowledged),
                due=int(due),
                late=int(late),
                rate=rate,
                latest=newest,
            )
        )
    return report


def report_json(report: list[PolicyVersionReport]) -> list[dict[str, object]]:
    return [
        {
            "policy_id": r.policy_id,
            "version": r.version,
            "title": r.title,
            "clinics": r.clinics,
            "acknowledged": r.acknowledged,
            "due": r.due,
            "late": r.late,
            "acknowledged_rate": None if r.rate is None else f"{r.rate:.4f}",
            "latest": r.latest.isoformat() if r.latest else None,
        }
        for r in report
    ]


def report_lines(report: list[PolicyVersionReport]) -> list[str]:
    lines = []
    for r in report:
        rate = "   n/a" if r.rate is None else f"{r.rate * 100:5.1f}%"
        name = f"{r.policy_id} v{r.version}"
        lines.append(
            f"{name:<44} {rate}  acknowledged {r.acknowledged:>5}  due {r.due:>5}  "
            f"late {r.late:>5}  {r.clinics:>3} clinic(s)"
        )
    return lines


def add_routes(app: FastAPI) -> None:
    """The call, on the application `hub/app.py` builds."""

    @app.post(
        "/v1/policy-acknowledgements",
        status_code=201,
        response_model=PolicyCountsReceipt,
        responses=_problems(401, 409, 413, 422),
        summary="How many staff acknowledged a policy version, are due, are late (counts only)",
    )
    def post_policy_acknowledgements(
        submission: PolicyCountsSubmission,
        idempotency_key: IdempotencyKey,
        clinic: Clinic,
        db: Db,
    ) -> Response:
        return _stored(submit_policy_counts(db, clinic, idempotency_key, submission))
