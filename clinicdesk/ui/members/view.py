"""The Members area: a searchable, paged member list (fast at 20,000 members: each page
is one indexed query), the selected member with the ledger as a timeline, and the
actions as dialogs. Front desk see the list and may enrol; managers also approve and
record share operations. The services enforce the same rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.domain.members import Status
from clinicdesk.domain.roles import Permission
from clinicdesk.i18n import formatting
from clinicdesk.services import members
from clinicdesk.services.members import (
    LedgerLine,
    MemberClassInfo,
    MemberDetail,
    MemberRow,
    ShareClassInfo,
)
from clinicdesk.ui import changes
from clinicdesk.ui.actions import make_action
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.dialogs import ServiceDialog
from clinicdesk.ui.members.dialogs import (
    ApproveDialog,
    DividendDialog,
    EnrolDialog,
    LeaveDialog,
    PayDialog,
    PrintRegisterDialog,
    RedeemDialog,
    ReverseDialog,
    SubscribeDialog,
    TransferDialog,
)
from clinicdesk.ui.members.import_dialog import RegisterImportDialog
from clinicdesk.ui.members.models import (
    LedgerTableModel,
    MembersTableModel,
    class_name,
    status_name,
)
from clinicdesk.ui.table_views import (
    DataTableView,
    FilterLine,
    add_find_shortcut,
    widen_for_columns,
)
from clinicdesk.ui.widgets import add_action_buttons, set_accessible


class MembersView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("members_view")
        self.loaded = False
        self.detail: MemberDetail | None = None
        self.dialog: ServiceDialog | None = None
        self.member_classes: list[MemberClassInfo] = []
        self.share_classes: list[ShareClassInfo] = []
        self.can_manage = ctx.principal.can(Permission.MANAGE_MEMBERS)
        self.can_enrol = ctx.principal.can(Permission.ENROL_MEMBERS)

        self.filter = FilterLine(self, placeholder=self.tr("Name or member number…"))
        self.filter.setAccessibleName(self.tr("Search members"))
        self.filter.filter_changed.connect(self._on_filter_filter_changed)
        add_find_shortcut(self, self.filter)
        self.status_filter = QComboBox(self)
        set_accessible(
            self.status_filter,
            self.tr("Member status"),
            self.tr("Show only members with this status"),
        )
        self.status_filter.addItem(self.tr("All statuses"), "")
        for status, text in (
            (Status.APPLICANT, self.tr("Applicants")),
            (Status.ACTIVE, self.tr("Active")),
            (Status.SUSPENDED, self.tr("Suspended")),
            (Status.FORMER, self.tr("Former")),
        ):
            self.status_filter.addItem(text, status.value)
        self.status_filter.currentIndexChanged.connect(self._on_status_filter_changed)
        self.model = MembersTableModel(ctx, self)
        self.table = DataTableView(self, sortable=False)
        set_accessible(
            self.table,
            self.tr("Members"),
            self.tr("Cooperative members with their number, class, status and shares"),
        )
        self.table.setModel(self.model)
        self.filter.lead_to(self.table)
        self.table.persist_header(ctx.ui_state, "members/list")
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._select_id: int | None = None
        self.last_printed: Any = None
        self.last_dividend: Any = None
        self.model.reloaded.connect(self._on_model_reloaded)
        self.model.page_loaded.connect(self._update_count)
        self.count_label = QLabel(self)

        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Member details"))
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ledger_model = LedgerTableModel(self)
        self.ledger = DataTableView(self, sortable=False)
        set_accessible(
            self.ledger,
            self.tr("Share ledger"),
            self.tr("Every share event of the chosen member"),
        )
        self.ledger.setModel(self.ledger_model)
        self.ledger.fit_columns_to_every_fill()
        self.ledger.selectionModel().selectionChanged.connect(self._on_ledger_selection_changed)

        self.enrol_action = make_action(
            self, self.tr("&Enrol…"), self.enrol, QKeySequence.StandardKey.New
        )
        self.approve_action = make_action(self, self.tr("&Approve…"), self.approve, "Ctrl+Shift+A")
        self.subscribe_action = make_action(
            self, self.tr("&Subscribe…"), self.subscribe, "Ctrl+Shift+S"
        )
        self.pay_action = make_action(self, self.tr("&Pay…"), self.pay, "Ctrl+Shift+Y")
        self.transfer_action = make_action(
            self, self.tr("&Transfer…"), self.transfer, "Ctrl+Shift+T"
        )
        self.redeem_action = make_action(self, self.tr("Re&deem…"), self.redeem, "Ctrl+Shift+D")
        self.leave_action = make_action(self, self.tr("&Leave…"), self.leave, "Ctrl+Shift+L")
        self.dividend_action = make_action(
            self, self.tr("Di&vidend…"), self.allocate_dividend, "Ctrl+Shift+V"
        )
        self.print_action = make_action(
            self, self.tr("P&rint register…"), self.print_register, QKeySequence.StandardKey.Print
        )
        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        self.reverse_action = make_action(
            self,
            self.tr("Reverse e&ntry…"),
            self.reverse_entry,
            "Ctrl+Shift+R",
            tip=self.tr("Correct the chosen ledger entry with a reversing entry"),
        )
        self.import_action = make_action(
            self,
            self.tr("&Import register…"),
            self.import_register,
            "Ctrl+Shift+I",
            tip=self.tr("Bring in a legacy register: members and their share history"),
        )
        self.manager_actions = [
            self.approve_action,
            self.subscribe_action,
            self.pay_action,
            self.transfer_action,
            self.redeem_action,
            self.leave_action,
        ]
        shown = [("enrol", self.enrol_action)] if self.can_enrol else []
        if self.can_manage:
            shown += [
                ("approve", self.approve_action),
                ("subscribe", self.subscribe_action),
                ("pay", self.pay_action),
                ("transfer", self.transfer_action),
                ("redeem", self.redeem_action),
                ("leave", self.leave_action),
                ("dividend", self.dividend_action),
            ]
        else:
            for action in [
                *self.manager_actions,
                self.dividend_action,
                self.import_action,
                self.reverse_action,
            ]:
                action.setEnabled(False)
                action.setVisible(False)
        shown += [("print", self.print_action), ("refresh", self.refresh_action)]

        # The actions get a row of their own (those that do not fit go into the bar's
        # overflow menu); the filter is under them.
        bar = QHBoxLayout()
        self.buttons = add_action_buttons(self, bar, shown)
        bar.addStretch(1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        count_row = QHBoxLayout()
        count_row.addWidget(self.count_label, 1)
        if self.can_manage:
            # once in a clinic's life, so under the list rather than on the bar (which
            # holds what is done every day and must fit 1280 px); the empty list names it
            self.buttons.update(
                add_action_buttons(self, count_row, [("import", self.import_action)])
            )
        left_layout.addLayout(count_row)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.ledger, 1)
        if self.can_manage:  # beside what it acts on: the entry chosen in the ledger
            ledger_bar = QHBoxLayout()
            self.buttons.update(
                add_action_buttons(self, ledger_bar, [("reverse", self.reverse_action)])
            )
            ledger_bar.addStretch(1)
            right_layout.addLayout(ledger_bar)
        splitter = self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # the list is given its columns' width once, unless the person has divided it
        self.list_fitted = ctx.ui_state.persist_splitter("members/list", splitter)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        filters = QHBoxLayout()
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.status_filter)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.filter, self.table)
        self._update_actions()
        changes.follow_changes(self, ctx.runner, changes.MEMBERS)

    # -- loading ------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.loaded = True
            self._load_classes()
            self.refresh()

    def refresh(self) -> None:
        self.model.search(self.model.text, self.model.status)
        if self.detail is not None:
            self.show_member(self.detail.id)

    def _load_classes(self) -> None:
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> tuple[list[MemberClassInfo], list[ShareClassInfo]]:
            with db.uow(read_only=True) as uow:
                return members.list_member_classes(uow, actor), members.list_share_classes(
                    uow, actor
                )

        self.ctx.runner.run(work, self._on_classes_loaded, parent=self)

    def _on_classes_loaded(self, result: tuple[list[MemberClassInfo], list[ShareClassInfo]]):
        if shiboken6.isValid(self):
            self.member_classes, self.share_classes = result

    def _on_filter_filter_changed(self, text: str) -> None:
        self.model.search(text, self.chosen_status())

    def _on_status_filter_changed(self, _index: int) -> None:
        if self.loaded:
            self.model.search(self.model.text, self.chosen_status())

    def chosen_status(self) -> Status | None:
        value = self.status_filter.currentData()
        return Status(value) if value else None

    def show_request(self, request: str) -> None:
        """Another area (Today) asks for a view of the list: "applicants"."""
        if request == "applicants":
            self.filter.clear()
            self.status_filter.setCurrentIndex(self.status_filter.findData(Status.APPLICANT.value))

    def _on_selection_changed(self, *_args: Any) -> None:
        row = self.selected_member()
        self._update_actions()
        if row is not None and (self.detail is None or self.detail.id != row.id):
            self.show_member(row.id)

    def show_member(self, member_id: int) -> None:
        """Read one member with the ledger (recorded in the audit trail) on the worker."""
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> MemberDetail:
            with db.uow() as uow:
                return members.member_detail(uow, actor, member_id)

        self.ctx.runner.run(work, self._on_detail_loaded, parent=self)

    def _on_detail_loaded(self, detail: MemberDetail) -> None:
        if not shiboken6.isValid(self):
            return
        self.detail = detail
        self.summary.setText(self._summary_text(detail))
        self.ledger_model.set_rows(detail.ledger)
        self._update_actions()

    def _summary_text(self, d: MemberDetail) -> str:
        holdings = ", ".join(
            self.tr("{code}: %n share(s), {paid} of {subscribed} paid", "", h.shares).format(
                code=h.share_class,
                paid=formatting.format_money(h.paid),
                subscribed=formatting.format_money(h.subscribed),
            )
            for h in d.holdings
        ) or self.tr("no shares")
        lines = [
            self.tr("Member {number}: {name}").format(number=d.register_no, name=d.name),
            self.tr("Class: {cls}. Status: {status}. Votes: {vote}.").format(
                cls=class_name(d.member_class),
                status=status_name(d.status),
                vote=self.tr("yes") if d.may_vote else self.tr("no"),
            ),
            self.tr("Applied {applied}; approved {approved} ({ref}).").format(
                applied=formatting.format_date(d.applied_on),
                approved=formatting.format_date(d.approved_on) or self.tr("not yet"),
                ref=d.approval_ref or "—",
            ),
            self.tr("Holdings: {holdings}. Paid-up capital: {paid}.").format(
                holdings=holdings, paid=formatting.format_money(d.paid_up)
            ),
        ]
        if d.end_on or d.cancelled_on:
            lines.append(
                self.tr("Left {end} ({reason}).").format(
                    end=formatting.format_date(d.cancelled_on or d.end_on),
                    reason=d.leave_reason or "",
                )
            )
        for div in d.dividends:
            lines.append(
                # the title says what it was ("Patronage dividend 2025")
                self.tr("{title}: {amount}", "a member's dividend").format(
                    title=div.title, amount=formatting.format_money(div.amount)
                )
            )
        return "\n".join(lines)

    # -- actions --------------------------------------------------------------------------

    def selected_member(self) -> MemberRow | None:
        return self.table.current_row_object()

    def enrol(self) -> None:
        if self.can_enrol:
            self._open(EnrolDialog(self.ctx, self.member_classes, self))

    def approve(self) -> None:
        self._open_for(lambda m: ApproveDialog(self.ctx, m, self))

    def subscribe(self) -> None:
        self._open_for(lambda m: SubscribeDialog(self.ctx, m, self.share_classes, self))

    def pay(self) -> None:
        self._open_for(lambda m: PayDialog(self.ctx, m, self.share_classes, self))

    def transfer(self) -> None:
        self._open_for(lambda m: TransferDialog(self.ctx, m, self.share_classes, self))

    def redeem(self) -> None:
        self._open_for(lambda m: RedeemDialog(self.ctx, m, self.share_classes, self))

    def leave(self) -> None:
        self._open_for(lambda m: LeaveDialog(self.ctx, m, self))

    def allocate_dividend(self) -> None:
        if not self.can_manage:
            return
        self._open(DividendDialog(self.ctx, self), self._on_dividend_recorded)

    def _on_dividend_recorded(self, info: Any) -> None:
        if not shiboken6.isValid(self):
            return
        self.last_dividend = info
        self.ctx.messages.status(
            self.tr("Recorded {title}: {total} to %n member(s)", "", len(info.parts)).format(
                title=info.title, total=formatting.format_money(info.total)
            )
        )
        if self.detail is not None:
            self.show_member(self.detail.id)

    def _on_ledger_selection_changed(self, *_args: Any) -> None:
        self._update_actions()

    def selected_entry(self) -> LedgerLine | None:
        return self.ledger.current_row_object()

    def reverse_entry(self) -> None:
        member, entry = self.selected_member(), self.selected_entry()
        if member is None or entry is None or not self.can_manage:
            return
        if self.detail is None or self.detail.id != member.id:
            return  # the ledger shown is another member's, still loading
        self._open(ReverseDialog(self.ctx, member, entry, self))

    def import_register(self) -> None:
        if not self.can_manage:
            return
        self._open(RegisterImportDialog(self.ctx, self), self._on_register_imported)

    def _on_register_imported(self, report: Any) -> None:
        if not shiboken6.isValid(self):
            return
        self.ctx.messages.status(
            self.tr("Imported {members} members and {entries} share rows").format(
                members=formatting.format_number(report.members),
                entries=formatting.format_number(report.entries),
            )
        )
        self.refresh()

    def print_register(self) -> None:
        self._open(PrintRegisterDialog(self.ctx, self), self._on_register_printed)

    def _on_register_printed(self, path: Any) -> None:
        self.last_printed = path
        self.ctx.messages.status(self.tr("Saved {path}").format(path=path))

    def _open_for(self, build: Any) -> None:
        member = self.selected_member()
        if member is not None and self.can_manage:
            self._open(build(member))

    def _open(self, dialog: ServiceDialog, on_saved: Callable[[Any], None] | None = None) -> None:
        """Open `dialog` as the one open; `on_saved` (by default: show the member
        changed) gets what it saved."""
        dialog.saved.connect(on_saved or self._on_member_saved)
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        self.dialog = dialog
        dialog.open()

    def _on_dialog_finished(self, dialog: ServiceDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _on_member_saved(self, row: MemberRow) -> None:
        if not shiboken6.isValid(self):
            return
        self.detail = None
        self._select_id = row.id
        self.model.search(self.model.text)
        self.show_member(row.id)

    def _on_model_reloaded(self) -> None:
        """After a reload, select the member just changed (if the search shows them).
        Once members are listed, the list is given the width of all its columns (up to
        seven tenths of the area; the member's details and ledger take the rest)."""
        if not self.list_fitted and self.model.rowCount():
            self.list_fitted = True
            widen_for_columns(self.splitter, self.table, self.model.columnCount(), at_most=0.7)
        member_id, self._select_id = self._select_id, None
        if member_id is not None:
            for number in range(self.model.rowCount()):
                if self.model.row_at(number).id == member_id:
                    self.table.select_source_row(number)
                    break
        self._update_count()

    def _empty_text(self) -> str:
        if self.model.text or self.model.status is not None:
            return self.tr("No member matches this search.")
        if self.can_manage:
            return self.tr(
                "No members yet. Enrol… (Ctrl+N) adds the first; Import register… "
                "(Ctrl+Shift+I) brings in a register kept elsewhere."
            )
        if self.can_enrol:
            return self.tr("No members yet. Enrol… (Ctrl+N) adds the first.")
        return self.tr("No members yet.")

    def _update_actions(self) -> None:
        has = self.selected_member() is not None
        for action in self.manager_actions:
            action.setEnabled(self.can_manage and has)
        entry = self.selected_entry()
        # a reversal is not reversed again, nor an entry already reversed
        self.reverse_action.setEnabled(
            self.can_manage
            and has
            and entry is not None
            and entry.reverses_id is None
            and entry.reversed_by_id is None
        )

    def _update_count(self, *_args: Any) -> None:
        shown, total = self.model.rowCount(), self.model.total
        self.table.set_empty_text(self._empty_text())
        if shown >= total:
            self.count_label.setText(self.tr("%n member(s)", "", total))
        else:
            self.count_label.setText(
                self.tr("{shown} of %n member(s) loaded", "", total).format(
                    shown=formatting.format_number(shown)
                )
            )
