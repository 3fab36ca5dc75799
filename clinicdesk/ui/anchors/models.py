"""Table models of the Anchors area: thin adapters over the services' dataclasses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from clinicdesk.domain.anchors import InvoiceState
from clinicdesk.i18n import formatting
from clinicdesk.i18n.formatting import format_money
from clinicdesk.services.anchors import AgeingRow, InvoiceInfo, ReviewInfo
from clinicdesk.ui.tables import Column, RowTableModel

RIGHT = Qt.AlignmentFlag.AlignRight


# An invoice's state as people read it; Today's "overdue" request filters on it.
STATE_NAMES = {
    InvoiceState.DRAFT: QT_TRANSLATE_NOOP("InvoiceState", "draft"),
    InvoiceState.ISSUED: QT_TRANSLATE_NOOP("InvoiceState", "issued"),
    InvoiceState.PARTLY_PAID: QT_TRANSLATE_NOOP("InvoiceState", "partly paid"),
    InvoiceState.PAID: QT_TRANSLATE_NOOP("InvoiceState", "paid"),
    InvoiceState.OVERDUE: QT_TRANSLATE_NOOP("InvoiceState", "overdue"),
    InvoiceState.VOID: QT_TRANSLATE_NOOP("InvoiceState", "void"),
}


def state_name(state: InvoiceState) -> str:
    return QCoreApplication.translate("InvoiceState", str(STATE_NAMES.get(state, state.value)))


def _day(value: Any) -> str:
    return formatting.format_date(value)


class ContractsModel(RowTableModel):
    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column(self.tr("Contract"), lambda c: c.reference),
            Column(self.tr("Organisation"), lambda c: c.organisation),
            Column(self.tr("PMPM"), lambda c: format_money(c.pmpm), align=RIGHT),
            Column(self.tr("From"), lambda c: c.start_on),
            Column(self.tr("To"), lambda c: c.end_on),
            Column(self.tr("Proration"), lambda c: c.proration.label),
            Column(self.tr("Minimum"), lambda c: format_money(c.minimum_fee), align=RIGHT),
            Column(self.tr("Enrolled"), lambda c: c.enrolled, align=RIGHT),
        ]
        super().__init__(columns, key=lambda c: c.id, parent=parent)


class ReviewsModel(RowTableModel):
    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column(self.tr("Contract"), lambda r: r.contract),
            Column(
                self.tr("On the roster"),
                lambda r: f"{r.person.given_names} {r.person.family_name}".strip(),
            ),
            Column(self.tr("Born"), lambda r: r.person.birth_date),
            Column(self.tr("Identifier"), lambda r: r.person.identifier),
            Column(self.tr("Effective"), lambda r: r.effective_on),
            Column(self.tr("May be"), self._candidates),
        ]
        super().__init__(columns, key=lambda r: r.id, parent=parent)

    @staticmethod
    def _candidates(review: ReviewInfo) -> str:
        return "; ".join(
            f"{c.name} ({c.mrn}, {_day(c.birth_date) or '—'})" for c in review.candidates
        )


def _period(invoice: InvoiceInfo) -> str:
    return invoice.period


class InvoicesModel(RowTableModel):
    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column(self.tr("Number"), lambda i: i.number),
            # "November 2026", in order by the month itself
            Column(
                self.tr("Month"), lambda i: formatting.format_period(i.period), sort_key=_period
            ),
            Column(self.tr("Organisation"), lambda i: i.organisation),
            Column(self.tr("Contract"), lambda i: i.contract),
            Column(self.tr("State"), lambda i: state_name(i.state)),
            Column(self.tr("Total"), lambda i: format_money(i.total), align=RIGHT),
            Column(self.tr("Balance"), self._balance, align=RIGHT),
            Column(self.tr("Due"), lambda i: i.due_on),
        ]
        super().__init__(columns, key=lambda i: i.id, parent=parent)

    @staticmethod
    def _balance(invoice: InvoiceInfo) -> str:
        return "" if invoice.credit_note else format_money(invoice.balance)


def _bucket_of(bucket: str) -> Callable[[AgeingRow], str]:
    return lambda row: format_money(row.buckets[bucket])


class AgeingModel(RowTableModel):
    def __init__(self, parent: Any = None) -> None:
        from clinicdesk.domain.anchors import AGEING_BUCKETS

        columns = [Column(self.tr("Organisation"), lambda r: r.organisation)]
        for bucket in AGEING_BUCKETS:
            title = (
                self.tr("Not yet due")
                if bucket == "current"
                else self.tr("{days} days late").format(days=bucket)
            )
            columns.append(Column(title, _bucket_of(bucket), align=RIGHT))
        columns.append(Column(self.tr("Total owed"), lambda r: format_money(r.total), align=RIGHT))
        super().__init__(columns, key=lambda r: r.organisation, parent=parent)
