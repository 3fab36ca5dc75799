"""Entering a month's lines, and amending a submitted month: one amount per category
(the category's own line) plus the clinic's sub-lines, one per row of text."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from clinicdesk.domain.revenue import CATEGORY_CODES
from clinicdesk.federation.schemas import AmendmentReason
from clinicdesk.services import revenue
from clinicdesk.services.revenue import PeriodInfo
from clinicdesk.ui.admin.dialogs import ServiceCall, ServiceDialog
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.revenue.models import category_name


class LinesDialog(ServiceDialog):
    """`amend=False`: replace a draft month's lines (creating the month). `amend=True`:
    the lines typed replace the same category or sub-line of a submitted month, which is
    sent again as an amendment with the reason chosen."""

    def __init__(
        self,
        ctx: AppContext,
        period: str,
        current: PeriodInfo | None,
        *,
        amend: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        title = (self.tr("Amend {period}") if amend else self.tr("Revenue for {period}")).format(
            period=period
        )
        super().__init__(ctx, title, self.tr("&Amend") if amend else self.tr("&Save"), parent)
        self.period = period
        self.amend = amend
        about = QLabel(
            self.tr(
                "Amounts in the clinic's currency, zero or more, at most two decimals. "
                "Sub-lines: one per row, CATEGORY/NAME=AMOUNT (for example "
                "fee_for_service/Walk-in clinic=1200.00)."
            ),
            self,
        )
        about.setWordWrap(True)
        self.form.addRow(about)
        main = {
            line.category: line for line in (current.lines if current else []) if not line.label
        }
        subs = [line for line in (current.lines if current else []) if line.label]
        self.amounts: dict[str, QLineEdit] = {}
        for code in CATEGORY_CODES:
            edit = self.line_edit(f"{category_name(code)}:", f"amount_{code}")
            if code in main:
                edit.setText(f"{main[code].amount:.2f}")
            self.amounts[code] = edit
        self.sub_lines = QPlainTextEdit(self)
        self.sub_lines.setObjectName("sub_lines")
        self.sub_lines.setAccessibleName(self.tr("Sub-lines"))
        self.sub_lines.setPlainText(
            "\n".join(f"{line.category}/{line.label}={line.amount:.2f}" for line in subs)
        )
        self.sub_lines.setFixedHeight(90)
        self.form.addRow(self.tr("Sub-&lines:"), self.sub_lines)
        self.reason = QComboBox(self)
        self.reason.setObjectName("reason")
        self.reason.setAccessibleName(self.tr("Reason for the amendment"))
        for value in AmendmentReason:
            self.reason.addItem(value.value.replace("_", " "), value.value)
        if amend:
            self.form.addRow(self.tr("&Reason:"), self.reason)
        else:
            self.reason.hide()
        self.field_widgets = {"line": self.amounts[CATEGORY_CODES[0]]}

    def line_texts(self) -> list[str]:
        texts = [
            f"{code}={edit.text().strip()}"
            for code, edit in self.amounts.items()
            if edit.text().strip()
        ]
        texts += [row.strip() for row in self.sub_lines.toPlainText().splitlines() if row.strip()]
        return texts

    def build_call(self) -> ServiceCall:
        lines = revenue.parse_lines(self.line_texts())
        actor, period = self.ctx.principal, self.period
        if self.amend:
            reason = str(self.reason.currentData())
            return lambda uow: revenue.amend(uow, actor, period, lines, reason)
        return lambda uow: revenue.set_lines(uow, actor, period, lines)
