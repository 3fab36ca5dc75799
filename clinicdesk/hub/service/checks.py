"""The hub never trusts a figure it can compute.

A contribution (original or amendment) arrives with its own rate, standard, categories,
base and amount. The contract's model already checks that the body agrees with itself
(base = the contributable categories' sum, amount = base x rate rounded half up); that
says nothing about whether the clinic used the right rate. So the hub works the month
out again from what it published: the contribution-rate standard in force on the
period's first day (the day the clinic's program uses too), its rate and categories,
and the domain's own rounding rule — and refuses anything else with a 422 that says what
the hub expected.

It also refuses a month that has not begun yet, and a month before the clinic joined
the federation (the day its hub record is dated, `hub add-clinic --joined`). An
amendment of a month the hub already holds is not held to the join date: the original
was accepted under the rules of its day.

The fund statement's range is checked the same way: months from 1900 (the contract's
first plausible year) up to the current one, in order.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinicdesk.domain.revenue import contributable_base, contribution
from clinicdesk.federation.schemas import (
    ContributionRateStandard,
    ContributionSubmission,
    ProblemField,
    ProblemType,
    StandardKind,
    standard_adapter,
)
from clinicdesk.hub.models import HubClinic, HubStandard
from clinicdesk.hub.service.clinics import standard_in_force
from clinicdesk.hub.service.common import Refusal

FIRST_YEAR = 1900
# A month has begun somewhere once it has begun at UTC+14 (Kiribati): a clinic there may
# close it that early. Any later month cannot have revenue yet.
_EARLIEST_OFFSET = timedelta(hours=14)


def _refuse(title: str, detail: str, field_name: str) -> Refusal:
    return Refusal(
        422,
        title,
        detail,
        problem_type=ProblemType.VALIDATION,
        errors=(ProblemField(field=field_name, message=detail),),
    )


_PERIOD = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


def check_fund_range(period_from: str, period_to: str, now: datetime) -> None:
    """Refuse a range that is malformed, reversed, starts before 1900 or ends in a month
    that has not begun: a clinic asking for one has made a mistake worth hearing about."""
    for name, value in (("period_from", period_from), ("period_to", period_to)):
        if not _PERIOD.fullmatch(value):
            raise _refuse(
                "Not a month",
                f"{name} {value!r} is not a month; write it YYYY-MM with the digits 0-9.",
                name,
            )
    if period_from < f"{FIRST_YEAR}-01":
        raise _refuse(
            "Range too early",
            f"period_from {period_from} is before {FIRST_YEAR}-01; nothing was contributed "
            "then. Ask from the clinic's first month.",
            "period_from",
        )
    latest = latest_open_period(now)
    if period_to > latest:
        raise _refuse(
            "Range in the future",
            f"period_to {period_to} has not begun yet (the hub's latest month is {latest}). "
            "Ask up to the current month.",
            "period_to",
        )
    if period_from > period_to:
        raise _refuse(
            "Range reversed",
            f"period_from {period_from} is after period_to {period_to}.",
            "period_from",
        )


def latest_open_period(now: datetime) -> str:
    """The latest month that has begun anywhere, as YYYY-MM (`now` is UTC)."""
    return f"{(now + _EARLIEST_OFFSET):%Y-%m}"


def check_contribution(
    session: Session,
    clinic_pk: int,
    submission: ContributionSubmission,
    *,
    held: bool,
    now: datetime,
) -> tuple[Decimal, Decimal]:
    """Refuse the submission unless it is the hub's own figures for that month; returns
    the base and amount as the hub computed them. `held`: the hub already holds an
    original for the month (this is an amendment of it)."""
    period = submission.period
    latest = latest_open_period(now)
    if period > latest:
        raise _refuse(
            "Month not begun",
            f"{period} has not begun yet (the hub's latest month is {latest}), so it has no "
            "revenue to contribute from. Submit a month once it has closed.",
            "period",
        )
    if not held:
        clinic = session.get(HubClinic, clinic_pk)
        assert clinic is not None  # authenticated a moment ago; clinics are never deleted
        joined = f"{clinic.created_at:%Y-%m}"
        if period < joined:
            raise _refuse(
                "Month before membership",
                f"The clinic joined the federation on {clinic.created_at:%Y-%m-%d}, so it "
                f"owes no contribution for {period}; its first month is {joined}. If it "
                "joined earlier, the federation's operator must correct its join date.",
                "period",
            )
    standard = _rate_standard(session, submission)
    rule = standard.rule
    if submission.rate != rule.rate:
        raise _refuse(
            "Wrong contribution rate",
            f"The rate for {period} under {standard.id} version {standard.version} is "
            f"{rule.rate:.4f}, not {submission.rate:.4f}. Compute the month with the "
            "published rate and send it again.",
            "rate",
        )
    expected = {c.value for c in rule.contributable_categories}
    sent = {c.value for c in submission.contributable_categories}
    if sent != expected:
        extra, missing = sorted(sent - expected), sorted(expected - sent)
        wrong = "; ".join(
            part
            for part in (
                f"{', '.join(extra)} not contributable" if extra else "",
                f"{', '.join(missing)} missing" if missing else "",
            )
            if part
        )
        raise _refuse(
            "Wrong contributable categories",
            f"Under {standard.id} version {standard.version} the contributable categories "
            f"are {', '.join(sorted(expected))} ({wrong}). Compute the month with the "
            "published categories and send it again.",
            "contributable_categories",
        )
    revenue = {c.value: amount for c, amount in submission.revenue_by_category.items()}
    base = contributable_base(revenue, expected)
    amount = contribution(base, rule.rate)
    if (base, amount) != (submission.contributable_base, submission.amount):
        # The contract's own check makes this unreachable today; the hub keeps its figure.
        raise _refuse(
            "Wrong contribution amount",
            f"{period}: the hub computes a base of {base:.2f} and a contribution of "
            f"{amount:.2f}, not {submission.contributable_base:.2f} and "
            f"{submission.amount:.2f}.",
            "amount",
        )
    return base, amount


def _rate_standard(
    session: Session, submission: ContributionSubmission
) -> ContributionRateStandard:
    """The standard the submission cites, if it is the one in force for its month."""
    cited = submission.rate_standard
    row = session.scalar(
        select(HubStandard).where(
            HubStandard.standard_id == cited.id, HubStandard.version == cited.version
        )
    )
    if row is None:
        raise _refuse(
            "Unknown rate standard",
            f"The hub has published no version {cited.version} of {cited.id}. Sync the "
            "standards and compute the month with the contribution rate in force.",
            "rate_standard",
        )
    if row.kind != StandardKind.CONTRIBUTION_RATE.value:
        raise _refuse(
            "Not a rate standard",
            f"{cited.id} is a {row.kind} standard, not a contribution rate.",
            "rate_standard",
        )
    month = submission.period
    first_day = datetime.strptime(f"{month}-01", "%Y-%m-%d").date()
    in_force = standard_in_force(session, StandardKind.CONTRIBUTION_RATE, first_day)
    if in_force is None:
        raise _refuse(
            "No rate in force",
            f"No contribution rate is in force for {month}, so nothing is owed for it.",
            "period",
        )
    if (in_force.standard_id, in_force.version) != (cited.id, cited.version):
        document = _document(in_force)
        raise _refuse(
            "Rate standard not in force",
            f"For {month} the contribution rate in force is {document.id} version "
            f"{document.version} ({document.rule.rate:.4f}), not {cited.id} version "
            f"{cited.version}. Sync the standards, then compute the month again (an "
            "amendment with the reason rate_corrected if it was already sent).",
            "rate_standard",
        )
    return _document(row)


def _document(row: HubStandard) -> ContributionRateStandard:
    document = standard_adapter.validate_json(row.document)
    assert isinstance(document, ContributionRateStandard)
    return document
