"""Entering a draft month: lines typed by hand, or imported from an accounting CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from clinicdesk.db.models import utcnow
from clinicdesk.db.models_revenue import RevenuePeriod
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain import revenue as rules
from clinicdesk.domain.revenue import ZERO, Line, Period, RevenueInputError
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ConflictError, ValidationError
from clinicdesk.i18n import _
from clinicdesk.interop import csv_safe
from clinicdesk.services import audit, requires
from clinicdesk.services.revenue.common import (
    _infos,
    _period_info,
    _row,
    _store_lines,
    _today,
    parse_period,
)
from clinicdesk.services.revenue.results import (
    ENTITY,
    ColumnMapping,
    ImportPreview,
    PeriodAction,
    PeriodInfo,
    PeriodStatus,
    actions_in,
    status_word,
)
from clinicdesk.services.texts import more_problems

# --- entering the month -----------------------------------------------------------------


def _editable_row(uow: UnitOfWork, period: Period) -> RevenuePeriod:
    row = _row(uow, period)
    if row is None:
        row = RevenuePeriod(period=str(period), status=PeriodStatus.DRAFT.value, revision=0)
        uow.session.add(row)
        uow.session.flush()
        return row
    if PeriodAction.ENTER not in actions_in(PeriodStatus(row.status)):
        raise ConflictError(
            _("{period} is {status}; its lines can no longer be changed.").format(
                period=period, status=status_word(row.status)
            ),
            hint=_("Correct a submitted month with an amendment."),
        )
    return row


def _replace_draft_lines(
    uow: UnitOfWork,
    actor: Principal,
    period: Period,
    lines: Sequence[Line],
    action: str,
    details: dict[str, object],
) -> RevenuePeriod:
    if not lines:
        raise ValidationError(_("Enter at least one line (a month with no revenue: other=0)."))
    row = _editable_row(uow, period)
    _store_lines(uow, row, row.revision, lines)
    row.updated_at = utcnow()  # bumps the version: a stale editor elsewhere gets a conflict
    totals = rules.totals_by_category(lines)
    audit.record(
        uow,
        actor,
        action,
        ENTITY,
        str(period),
        {**details, "lines": len(lines), "total": str(sum(totals.values(), ZERO))},
    )
    uow.session.flush()
    return row


@requires(Permission.MANAGE_REVENUE)
def set_lines(
    uow: UnitOfWork,
    actor: Principal,
    period: str,
    lines: Sequence[Line],
    *,
    today: date | None = None,
) -> PeriodInfo:
    """Replace a draft month's lines (creating the month). Refused once it is locked."""
    month = parse_period(period, today=today)
    row = _replace_draft_lines(uow, actor, month, list(lines), "revenue.lines.set", {})
    info = _period_info(uow, actor, row, today or _today())
    uow.commit()
    return info


def _csv_rows(data: str) -> Iterator[tuple[int, list[str]]]:
    """(line, fields) of the header and rows, read strictly (interop.csv_safe): a column
    named twice, a row cut short or a quote never closed is a CsvShapeError."""
    text = data.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    try:
        dialect: Any = csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv_safe.strict_rows(io.StringIO(text), dialect)


def _shape_error(error: csv_safe.CsvShapeError) -> ValidationError:
    return ValidationError(
        _("The file {error}").format(error=error),
        hint=_("Nothing was imported; correct the file and import it again."),
    )


def csv_columns(data: str) -> list[str]:
    """The header of a CSV file's text (for choosing the column mapping)."""
    try:
        first = next(_csv_rows(data), None)
    except csv_safe.CsvShapeError as error:
        raise _shape_error(error) from None
    return [name.strip() for name in first[1]] if first else []


def _read_csv(data: str, mapping: ColumnMapping) -> tuple[int, list[Line], list[str]]:
    rows_in = _csv_rows(data)
    try:
        first = next(rows_in, None)
    except csv_safe.CsvShapeError as error:
        raise _shape_error(error) from None
    if not first:
        return 0, [], [_("The file is empty.")]
    header = first[1]
    names = [name.strip().lower() for name in header]

    def column(name: str | None, required: bool) -> int | None:
        if name is None:
            return None
        wanted = name.strip().lower()
        if wanted in names:
            return names.index(wanted)
        if required:
            raise ValidationError(
                _("The file has no column “{name}”. Its columns are: {columns}.").format(
                    name=name, columns=", ".join(h.strip() for h in header)
                ),
                hint=_(
                    "Say which columns hold the category and the amount "
                    "(--category-column, --amount-column)."
                ),
            )
        return None

    category_at = column(mapping.category, True)
    amount_at = column(mapping.amount, True)
    label_at = column(mapping.label, False)
    assert category_at is not None and amount_at is not None
    lines: list[Line] = []
    problems: list[str] = []
    rows = 0
    try:
        records = list(rows_in)
    except csv_safe.CsvShapeError as error:
        raise _shape_error(error) from None
    for number, cells in records:
        rows += 1
        label = cells[label_at] if label_at is not None else ""
        try:
            lines.append(rules.make_line(cells[category_at], label, cells[amount_at]))
        except RevenueInputError as error:
            problems.append(_("Row {number}: {error}").format(number=number, error=error))
    if rows == 0:
        problems.append(_("The file has a header but no rows."))
    return rows, rules.merge_lines(lines), problems


@requires(Permission.MANAGE_REVENUE)
def preview_csv(
    uow: UnitOfWork,
    actor: Principal,
    period: str,
    data: str,
    mapping: ColumnMapping | None = None,
    *,
    today: date | None = None,
) -> ImportPreview:
    """What importing `data` (the CSV file's text) would enter, with every problem found.
    Stores nothing."""
    month = parse_period(period, today=today)
    existing = _row(uow, month)
    if existing is not None and PeriodAction.ENTER not in actions_in(PeriodStatus(existing.status)):
        raise ConflictError(
            _("{month} is {status}; its lines can no longer be replaced by an import.").format(
                month=month, status=status_word(existing.status)
            ),
            hint=_("Correct a submitted month with an amendment."),
        )
    rows, lines, problems = _read_csv(data, mapping or ColumnMapping())
    totals = rules.totals_by_category(lines)
    return ImportPreview(
        str(month), rows, _infos(lines), totals, sum(totals.values(), ZERO), problems
    )


@requires(Permission.MANAGE_REVENUE)
def import_csv(
    uow: UnitOfWork,
    actor: Principal,
    period: str,
    data: str,
    mapping: ColumnMapping | None = None,
    *,
    today: date | None = None,
) -> PeriodInfo:
    """Replace a draft month's lines with the CSV's, all or nothing: any problem in any
    row refuses the whole file."""
    preview = preview_csv(uow, actor, period, data, mapping, today=today)
    if not preview.ok:
        shown = preview.problems[:10]
        more = len(preview.problems) - len(shown)
        raise ValidationError(
            "\n".join(
                [
                    _("The file was not imported:"),
                    *shown,
                    *([more_problems(more)] if more > 0 else []),
                ]
            ),
            hint=_(
                "Correct the file (or the column mapping) and import it again. Nothing was stored."
            ),
        )
    month = parse_period(period, today=today)
    lines = [Line(i.category, i.label, i.amount) for i in preview.lines]
    row = _replace_draft_lines(
        uow, actor, month, lines, "revenue.import", {"rows": preview.rows_read}
    )
    info = _period_info(uow, actor, row, today or _today())
    uow.commit()
    return info
