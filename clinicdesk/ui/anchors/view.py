"""The Anchors area: Contracts (organisations and their contracts, roster import),
Roster review (uncertain matches waiting for a person) and Invoices (the month's run,
issuing, payments, the PDF). Managers act; front desk see the same lists with no actions.
The services enforce the same rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTabWidget, QVBoxLayout, QWidget

from clinicdesk.domain.anchors import InvoiceState
from clinicdesk.domain.revenue import Period
from clinicdesk.domain.roles import Permission
from clinicdesk.i18n import formatting
from clinicdesk.services import anchors
from clinicdesk.services.anchors import (
    AgeingRow,
    ContractInfo,
    InvoiceInfo,
    InvoiceRunResult,
    ReviewInfo,
    RosterResult,
)
from clinicdesk.services.training import write_file
from clinicdesk.ui import changes
from clinicdesk.ui.actions import make_action
from clinicdesk.ui.anchors.dialogs import (
    ContractDialog,
    OrganisationDialog,
    PaymentDialog,
    ResolveDialog,
    RosterImportDialog,
)
from clinicdesk.ui.anchors.models import (
    AgeingModel,
    ContractsModel,
    InvoicesModel,
    ReviewsModel,
    state_name,
)
from clinicdesk.ui.anchors.proposal import ProposalTab
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.dialogs import DialogHost
from clinicdesk.ui.table_views import ListTab
from clinicdesk.ui.training.files import PathChooser, save_path_chooser
from clinicdesk.ui.widgets import add_action_buttons

WATCHED = changes.ANCHORS


def _contracts(uow: Any, actor: Any) -> list[ContractInfo]:
    return anchors.list_contracts(uow, actor)


def _reviews(uow: Any, actor: Any) -> list[ReviewInfo]:
    return anchors.pending_reviews(uow, actor)


def _invoices(uow: Any, actor: Any) -> list[InvoiceInfo]:
    return anchors.list_invoices(uow, actor)


def _ageing(uow: Any, actor: Any) -> list[AgeingRow]:
    return anchors.ageing(uow, actor)


class AgeingTab(ListTab):
    """What each organisation owes, by how late it is."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            AgeingModel,
            _ageing,
            table_name=self.tr("What each organisation owes"),
            table_description=self.tr(
                "Unpaid invoice amounts per organisation, by how many days late they are"
            ),
            filter_placeholder=self.tr("Filter by organisation…"),
            filter_name=self.tr("Filter organisations"),
            header_key="anchors/ageing",
            watches=WATCHED,
            empty_text=self.tr("Nothing is owed: no invoice is unpaid."),
            parent=parent,
        )
        self.setObjectName("anchors_ageing")
        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        self.buttons = add_action_buttons(self, bar, [("refresh", self.refresh_action)])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)


class ContractsTab(DialogHost, ListTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            ContractsModel,
            _contracts,
            table_name=self.tr("Contracts"),
            table_description=self.tr(
                "Direct-care contracts with anchor organisations, their rates and dates"
            ),
            filter_placeholder=self.tr("Filter by contract or organisation…"),
            filter_name=self.tr("Filter contracts"),
            header_key="anchors/contracts",
            watches=WATCHED,
            empty_text=(
                self.tr(
                    "No direct-care contracts yet. Add organisation… (Ctrl+Shift+O) records "
                    "an employer or another anchor organisation; Add contract… (Ctrl+N) then "
                    "sets its rate per member per month."
                )
                if ctx.principal.can(Permission.MANAGE_ANCHORS)
                else self.tr("No direct-care contracts yet. A clinic manager adds them.")
            ),
            parent=parent,
        )
        self.setObjectName("anchors_contracts")
        self.dialog = None
        self.can_manage = ctx.principal.can(Permission.MANAGE_ANCHORS)
        self.organisations: list[str] = []
        self.last_roster: RosterResult | None = None
        self.org_action = make_action(
            self, self.tr("Add &organisation…"), self.add_org, "Ctrl+Shift+O"
        )
        self.contract_action = make_action(
            self, self.tr("Add &contract…"), self.add_contract, QKeySequence.StandardKey.New
        )
        self.roster_action = make_action(
            self, self.tr("&Import roster…"), self.import_roster, "Ctrl+Shift+I"
        )
        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        shown = [
            ("add", self.org_action),
            ("edit", self.contract_action),
            ("import", self.roster_action),
        ]
        for _name, action in shown:
            action.setVisible(self.can_manage)
            action.setEnabled(self.can_manage)
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName(self.tr("Roster import result"))
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        self.buttons = add_action_buttons(
            self, bar, [*(shown if self.can_manage else []), ("refresh", self.refresh_action)]
        )
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.outcome)

    def refresh(self) -> None:
        super().refresh()
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> list[str]:
            with db.uow(read_only=True) as uow:
                return [o.name for o in anchors.list_organisations(uow, actor)]

        self.ctx.runner.run(work, self._on_organisations_read, parent=self)

    def _on_organisations_read(self, names: list[str]) -> None:
        if shiboken6.isValid(self):
            self.organisations = names

    def add_org(self) -> None:
        if self.can_manage and self.dialog is None:
            self.open_dialog(OrganisationDialog(self.ctx, self), self._on_saved)

    def add_contract(self) -> None:
        if self.can_manage and self.dialog is None:
            self.open_dialog(ContractDialog(self.ctx, self.organisations, self), self._on_saved)

    def import_roster(self) -> None:
        if self.can_manage and self.dialog is None:
            self.open_dialog(
                RosterImportDialog(self.ctx, self.organisations, self), self._on_roster_imported
            )

    def _on_saved(self, _result: Any) -> None:
        if shiboken6.isValid(self):
            self.refresh()

    def _on_roster_imported(self, result: RosterResult) -> None:
        if not shiboken6.isValid(self):
            return
        self.last_roster = result
        n = {action: formatting.format_number(count) for action, count in result.summary.items()}
        counts = self.tr(
            "{add} to add, {leave} leaving, {change} changed, {keep} unchanged, {review} to review"
        ).format(**n)
        sentence = (
            self.tr("Would change {contract} from {day}: {counts}.")
            if result.dry_run
            else self.tr("Changed {contract} from {day}: {counts}.")
        )
        self.outcome.setText(
            sentence.format(
                contract=result.contract,
                day=formatting.format_date(result.effective_on),
                counts=counts,
            )
        )
        self.refresh()


class ReviewTab(DialogHost, ListTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            ReviewsModel,
            _reviews,
            table_name=self.tr("Roster rows waiting for review"),
            table_description=self.tr(
                "Roster changes from an import that need a decision before they apply"
            ),
            filter_placeholder=self.tr("Filter by name…"),
            filter_name=self.tr("Filter roster rows"),
            header_key="anchors/review",
            watches=WATCHED,
            empty_text=self.tr("No roster row waits for a decision."),
            parent=parent,
        )
        self.setObjectName("anchors_review")
        self.dialog = None
        self.can_manage = ctx.principal.can(Permission.MANAGE_ANCHORS)
        self.resolve_action = make_action(
            self, self.tr("&Decide…"), self.resolve_selected, "Ctrl+Shift+D"
        )
        self.resolve_action.setVisible(self.can_manage)
        self.table.activated.connect(lambda _index: self.resolve_selected())
        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        note = QLabel(
            self.tr(
                "Roster rows that may be existing patients but are not certainly so. Nothing "
                "is done for them (nor are their candidates made leavers) until decided."
            ),
            self,
        )
        note.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        shown = [("approve", self.resolve_action)] if self.can_manage else []
        self.buttons = add_action_buttons(self, bar, [*shown, ("refresh", self.refresh_action)])
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        """Read in a writing unit of work: the review list is an audited view."""
        db, actor, read = self.ctx.db, self.ctx.principal, self._read

        def work(_progress: Any) -> list[Any]:
            with db.uow() as uow:
                return read(uow, actor)

        self.ctx.runner.run(work, self._on_rows_read, parent=self)

    def resolve_selected(self) -> None:
        review: ReviewInfo | None = self.table.current_row_object()
        if review is None or not self.can_manage or self.dialog is not None:
            return
        self.open_dialog(ResolveDialog(self.ctx, review, self), lambda _r: self.refresh())


class InvoicesTab(DialogHost, ListTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            InvoicesModel,
            _invoices,
            table_name=self.tr("Invoices"),
            table_description=self.tr(
                "Invoices to anchor organisations with their amounts, due dates and payment state"
            ),
            filter_placeholder=self.tr("Filter by number, month or organisation…"),
            filter_name=self.tr("Filter invoices"),
            header_key="anchors/invoices",
            watches=WATCHED,
            empty_text=(
                self.tr(
                    "No invoices yet. Once a contract has people enrolled, choose the month "
                    "and Run month (Ctrl+Shift+R)."
                )
                if ctx.principal.can(Permission.MANAGE_ANCHORS)
                else self.tr("No invoices yet.")
            ),
            parent=parent,
        )
        self.setObjectName("anchors_invoices")
        self.dialog = None
        self.can_manage = ctx.principal.can(Permission.MANAGE_ANCHORS)
        self.choose_path: PathChooser = save_path_chooser(self)
        self.last_run: InvoiceRunResult | None = None
        self.last_saved: Path | None = None
        self.month = QLineEdit(self)
        self.month.setAccessibleName(self.tr("Month to invoice"))
        self.month.setPlaceholderText(self.tr("YYYY-MM"))
        self.month.setText(str(Period.of(date.today()).previous()))
        self.run_action = make_action(self, self.tr("&Run month"), self.run_month, "Ctrl+Shift+R")
        self.issue_action = make_action(
            self, self.tr("&Issue drafts"), self.issue_month, "Ctrl+Shift+U"
        )
        self.pay_action = make_action(
            self, self.tr("Record pa&yment…"), self.record_payment, "Ctrl+Shift+Y"
        )
        self.pdf_action = make_action(self, self.tr("Save &PDF…"), self.save_pdf, "Ctrl+Shift+P")
        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        manager_actions = [
            ("evaluate", self.run_action),
            ("submit", self.issue_action),
            ("pay", self.pay_action),
        ]
        for _name, action in manager_actions:
            action.setVisible(self.can_manage)
            action.setEnabled(self.can_manage)
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Month:"), self))
        bar.addWidget(self.month)
        self.buttons = add_action_buttons(
            self,
            bar,
            [
                *(manager_actions if self.can_manage else []),
                ("pdf", self.pdf_action),
                ("refresh", self.refresh_action),
            ],
        )
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.outcome)

    def _write(self, call: Callable[[Any], Any], done: Callable[[Any], None]) -> None:
        db = self.ctx.db

        def work(_progress: Any) -> Any:
            with db.uow() as uow:
                return call(uow)

        self.ctx.runner.run(work, done, parent=self)

    def run_month(self) -> None:
        if not self.can_manage:
            return
        actor, month = self.ctx.principal, self.month.text().strip()
        self._write(lambda uow: anchors.run_invoices(uow, actor, month), self._on_month_run)

    def _on_month_run(self, result: InvoiceRunResult) -> None:
        if not shiboken6.isValid(self):
            return
        self.last_run = result
        text = self.tr(
            "{period}: {new} new, {updated} brought up to date, {credits} credit notes; "
            "{total} for the month."
        ).format(
            period=result.period,
            new=formatting.format_number(len(result.created)),
            updated=formatting.format_number(len(result.updated)),
            credits=formatting.format_number(len(result.credit_notes)),
            total=formatting.format_money(result.total),
        )
        if result.not_billed:
            late = self.tr(
                "%n person(s) enrolled after the month's invoice was issued and not billed "
                "for it: {names}.",
                "",
                len(result.not_billed),
            ).format(names=", ".join(result.not_billed[:10]))
            text = self.tr("{run} {late}").format(run=text, late=late)
        self.outcome.setText(text)
        self.refresh()

    def issue_month(self) -> None:
        if not self.can_manage:
            return
        actor, month = self.ctx.principal, self.month.text().strip()
        self._write(lambda uow: anchors.issue_invoices(uow, actor, month), self._on_issued)

    def _on_issued(self, numbers: list[str]) -> None:
        if not shiboken6.isValid(self):
            return
        self.outcome.setText(
            self.tr("Issued %n invoice(s): {numbers}", "", len(numbers)).format(
                numbers=", ".join(numbers)
            )
            if numbers
            else self.tr("No drafts to issue for this month.")
        )
        self.refresh()

    def record_payment(self) -> None:
        invoice: InvoiceInfo | None = self.table.current_row_object()
        if invoice is None or not self.can_manage or self.dialog is not None:
            return
        self.open_dialog(PaymentDialog(self.ctx, invoice, self), self._on_paid)

    def _on_paid(self, payment: Any) -> None:
        if not shiboken6.isValid(self):
            return
        self.outcome.setText(payment.revenue_note or "")
        self.refresh()

    def save_pdf(self) -> None:
        invoice: InvoiceInfo | None = self.table.current_row_object()
        if invoice is None:
            return
        path = self.choose_path(self.tr("Save the invoice"), f"{invoice.number}.pdf")
        if path is None:
            return
        db, actor, number = self.ctx.db, self.ctx.principal, invoice.number

        def work(_progress: Any) -> Path:
            with db.uow() as uow:
                pdf = anchors.export_invoice_pdf(uow, actor, number)
            write_file(path, pdf)
            return path

        self.ctx.runner.run(work, self._on_pdf_saved, parent=self)

    def _on_pdf_saved(self, path: Path) -> None:
        if shiboken6.isValid(self):
            self.last_saved = path
            self.ctx.messages.status(self.tr("Saved {path}").format(path=path))


class AnchorsView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("anchors_view")
        self.tabs = QTabWidget(self)
        self.contracts = ContractsTab(ctx, self.tabs)
        self.review = ReviewTab(ctx, self.tabs)
        self.invoices = InvoicesTab(ctx, self.tabs)
        self.ageing = AgeingTab(ctx, self.tabs)
        self.tabs.addTab(self.contracts, self.tr("Co&ntracts"))
        self.tabs.addTab(self.review, self.tr("Roster revie&w"))
        self.tabs.addTab(self.invoices, self.tr("In&voices"))
        self.tabs.addTab(self.ageing, self.tr("&Ageing"))
        self.proposal: ProposalTab | None = None
        if ctx.principal.can(Permission.MANAGE_ANCHORS):
            self.proposal = ProposalTab(ctx, self.tabs)
            self.tabs.addTab(self.proposal, self.tr("Proposa&l"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def show_request(self, request: str) -> None:
        """Another area (Today) asks for a view: "overdue" invoices."""
        if request == "overdue":
            self.tabs.setCurrentWidget(self.invoices)
            self.invoices.filter.setText(state_name(InvoiceState.OVERDUE))
