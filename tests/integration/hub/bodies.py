"""Request bodies as a clinic's program would build them (money as Decimal, sent as text)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from clinicdesk.federation.schemas import (
    AmendmentReason,
    ContributionSubmission,
    RevenueCategory,
    StandardRef,
    TrainingCompletion,
    TrainingCompletionsSubmission,
    half_up_cents,
)

RATE = Decimal("0.0300")
CONTRIBUTABLE = (
    RevenueCategory.MEMBER_FEES,
    RevenueCategory.ANCHOR_CONTRACTS,
    RevenueCategory.FEE_FOR_SERVICE,
)


def contribution(
    period: str,
    member_fees: str = "12000.00",
    *,
    sequence: int = 0,
    anchor_contracts: str = "4500.50",
    fee_for_service: str = "1999.99",
    grants: str = "800.00",
) -> dict[str, Any]:
    """A valid contribution body: 3 % of the contributable revenue, rounded half up."""
    revenue = {
        RevenueCategory.MEMBER_FEES: Decimal(member_fees),
        RevenueCategory.ANCHOR_CONTRACTS: Decimal(anchor_contracts),
        RevenueCategory.FEE_FOR_SERVICE: Decimal(fee_for_service),
        RevenueCategory.GRANTS: Decimal(grants),
        RevenueCategory.OTHER: Decimal("0.00"),
    }
    base = sum((revenue[c] for c in CONTRIBUTABLE), Decimal("0.00"))
    submission = ContributionSubmission(
        period=period,
        sequence=sequence,
        amendment_reason=AmendmentReason.REVENUE_CORRECTED if sequence else None,
        revenue_by_category=revenue,
        contributable_categories=CONTRIBUTABLE,
        contributable_base=base,
        rate_standard=StandardRef(id="contribution-rate.federation", version=1),
        rate=RATE,
        amount=half_up_cents(base * RATE),
    )
    return submission.model_dump(mode="json")


def completions(count: int = 2, course_id: str = "hand-hygiene") -> dict[str, Any]:
    submission = TrainingCompletionsSubmission(
        completions=tuple(
            TrainingCompletion(
                completion_id=uuid.uuid4(),
                staff_ref=uuid.uuid4(),
                course_id=course_id,
                course_version=1,
                completed_on=date(2026, 3, 2 + i),
                expires_on=date(2027, 3, 2 + i),
                certificate_code=f"HH-2026-{i:04d}",
            )
            for i in range(count)
        )
    )
    return submission.model_dump(mode="json")


def new_key() -> str:
    return str(uuid.uuid4())
