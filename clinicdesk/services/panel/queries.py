"""The panel services: count, pages, and the dashboard's figures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    func,
    select,
)

from clinicdesk.db.models_clinical import CareGapResult, Patient
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _
from clinicdesk.services import requires
from clinicdesk.services.attribution import months_before
from clinicdesk.services.caregaps.types import open_gap
from clinicdesk.services.panel.statements import compile_shape, plan, resolve_clinician, run
from clinicdesk.services.panel.types import (
    CONDITIONS,
    MAX_PAGE,
    Choice,
    PanelPage,
    PanelQuery,
    PanelRow,
)
from clinicdesk.services.patients.reading import standard_titles
from clinicdesk.services.patients.types import age_on


def _day(value: Any) -> date | None:
    """SQLite hands dates back as text; PostgreSQL as dates."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _rows(result: Sequence[Any], today: date) -> list[PanelRow]:
    rows = []
    for r in result:
        born = _day(r[4])
        rows.append(
            PanelRow(
                r[0],
                r[1],
                r[2],
                r[3],
                born,
                age_on(born, today),
                r[5],
                r[6],
                r[7],
                _day(r[8]),
                r[9] or 0,
                _day(r[10]),
            )
        )
    return rows


def _check_page(offset: int, limit: int) -> None:
    if offset < 0 or not 0 < limit <= MAX_PAGE:
        raise ValidationError(
            _("A panel page is 1 to {max_rows} rows from offset 0 on.").format(max_rows=MAX_PAGE)
        )


# --- the services -----------------------------------------------------------------------


@requires(Permission.VIEW_PATIENTS)
def count(uow: UnitOfWork, actor: Principal, query: PanelQuery) -> int:
    """How many patients the query matches."""
    dialect = uow.dialect
    shape, params = plan(actor, query, dialect)
    return int(run(uow, compile_shape(shape)[0], params)[0][0])


@requires(Permission.VIEW_PATIENTS)
def page(
    uow: UnitOfWork, actor: Principal, query: PanelQuery, offset: int = 0, limit: int = 100
) -> PanelPage:
    """Rows `offset` to `offset + limit - 1` of the query's order."""
    dialect = uow.dialect
    _check_page(offset, limit)
    shape, params = plan(actor, query, dialect)
    result = run(uow, compile_shape(shape)[1], {**params, "offset": offset, "limit": limit})
    return PanelPage(offset, _rows(result, query.today or date.today()))


@requires(Permission.VIEW_PATIENTS)
def first_screen(
    uow: UnitOfWork, actor: Principal, query: PanelQuery, limit: int = 100
) -> tuple[int, PanelPage]:
    """The count and the first page in one read: what the table needs to show itself."""
    dialect = uow.dialect
    _check_page(0, limit)
    shape, params = plan(actor, query, dialect)
    count_sql, page_sql = compile_shape(shape)
    total = int(run(uow, count_sql, params)[0][0])
    if total == 0:
        return 0, PanelPage(0, [])
    result = run(uow, page_sql, {**params, "offset": 0, "limit": limit})
    return total, PanelPage(0, _rows(result, query.today or date.today()))


@requires(Permission.VIEW_PATIENTS)
def gap_choices(uow: UnitOfWork, actor: Principal) -> list[Choice]:
    """The care-gap standards that have results, with their titles, by title."""
    ids = set(uow.session.execute(select(CareGapResult.standard_id).distinct()).scalars())
    titles = standard_titles(uow, ids)
    return sorted((Choice(i, titles.get(i, i)) for i in ids), key=lambda c: c.label.casefold())


@requires(Permission.VIEW_PATIENTS)
def open_gaps_by_standard(
    uow: UnitOfWork, actor: Principal, clinician_id: int | None = None
) -> list[tuple[Choice, int]]:
    """Open care gaps per standard, over a clinician's panel or (VIEW_ALL_PANELS) the
    clinic: for the dashboard."""
    session = uow.session
    query = PanelQuery(clinician_id=clinician_id)
    clinician = resolve_clinician(actor, query)
    statement = (
        select(CareGapResult.standard_id, func.count())
        .join(Patient, Patient.id == CareGapResult.patient_id)
        .where(open_gap(CareGapResult.state), Patient.status == "active")
        .group_by(CareGapResult.standard_id)
    )
    if clinician is not None:
        statement = statement.where(Patient.clinician_id == clinician)
    counts = dict(session.execute(statement).all())
    titles = standard_titles(uow, set(counts))
    return sorted(
        ((Choice(k, titles.get(k, k)), n) for k, n in counts.items()),
        key=lambda item: (-item[1], item[0].label),
    )


@requires(Permission.VIEW_PATIENTS)
def met_by_month(
    uow: UnitOfWork,
    actor: Principal,
    clinician_id: int | None = None,
    *,
    months: int = 12,
    today: date | None = None,
) -> list[tuple[str, int]]:
    """For the dashboard: care gaps currently met, by the month (YYYY-MM) of the event
    that closed them, over the last `months` months. Only the latest evaluation of each
    gap is stored, so this is when today's met gaps were closed, not a full history of
    openings and closings."""
    session = uow.session
    day = today or date.today()
    start = months_before(day.replace(day=1), months - 1)
    query = PanelQuery(clinician_id=clinician_id)
    clinician = resolve_clinician(actor, query)
    statement = (
        select(CareGapResult.last_done_on)
        .join(Patient, Patient.id == CareGapResult.patient_id)
        .where(
            CareGapResult.state == "met",
            CareGapResult.last_done_on >= start,
            CareGapResult.last_done_on <= day,
            Patient.status == "active",
        )
    )
    if clinician is not None:
        statement = statement.where(Patient.clinician_id == clinician)
    buckets: dict[str, int] = {}
    cursor = start
    while cursor <= day:
        buckets[f"{cursor.year:04d}-{cursor.month:02d}"] = 0
        cursor = months_before(cursor, -1)
    for (done,) in session.execute(statement):
        if done is None:
            continue
        key = f"{done.year:04d}-{done.month:02d}"
        if key in buckets:
            buckets[key] += 1
    return list(buckets.items())


def condition_choices() -> list[Choice]:
    return [Choice(c.key, c.label) for c in CONDITIONS]
