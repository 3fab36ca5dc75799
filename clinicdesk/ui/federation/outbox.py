"""The Outbox tab: what waits to go to the hub, what went, and what a person must look at
(a failed or stopped message is retried or discarded here, each audited by the store)."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from clinicdesk.domain.roles import Permission
from clinicdesk.errors import ClinicDeskError, ConflictError
from clinicdesk.services import federation_store
from clinicdesk.services.federation_store import OutboxInfo, OutboxState
from clinicdesk.services.sync import CONTRIBUTION, POLICY_COUNTS, TRAINING_COMPLETIONS
from clinicdesk.ui import changes
from clinicdesk.ui.actions import make_action
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.dialogs import DialogHost, ServiceCall, ServiceDialog
from clinicdesk.ui.table_views import ListTab
from clinicdesk.ui.tables import Column, RowTableModel, local_time_text
from clinicdesk.ui.widgets import add_action_buttons

HEADER_KEY = "federation/outbox"
_ACTIONABLE = (OutboxState.FAILED, OutboxState.DEAD)
# What a message carries, in words (a kind from a newer program shows its code).
_KIND_TEXT: dict[str, object] = {  # QT_TRANSLATE_NOOP returns its text
    CONTRIBUTION: QT_TRANSLATE_NOOP("OutboxKind", "Monthly contribution"),
    TRAINING_COMPLETIONS: QT_TRANSLATE_NOOP("OutboxKind", "Training completions"),
    POLICY_COUNTS: QT_TRANSLATE_NOOP("OutboxKind", "Policy acknowledgements"),
}


def kind_text(kind: str) -> str:
    text = _KIND_TEXT.get(kind)
    return QCoreApplication.translate("OutboxKind", str(text)) if text is not None else kind


class OutboxTableModel(RowTableModel):
    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column(self.tr("Kind"), lambda m: kind_text(m.kind), tooltip=lambda m: m.kind),
            Column(self.tr("Aggregate"), lambda m: m.aggregate_key),
            Column(self.tr("State"), self._state, tooltip=self._state_tip),
            Column(self.tr("Attempts"), lambda m: m.attempts, align=Qt.AlignmentFlag.AlignRight),
            Column(
                self.tr("Next attempt"),
                self._next_attempt,
                sort_key=lambda m: m.next_attempt_at,
            ),
            Column(
                self.tr("Last error"),
                lambda m: (m.last_error or "").splitlines()[0] if m.last_error else "",
                tooltip=lambda m: m.last_error,
            ),
            Column(
                self.tr("Created"),
                lambda m: local_time_text(m.created_at),
                sort_key=lambda m: m.created_at,
            ),
            Column(
                self.tr("Sent"), lambda m: local_time_text(m.sent_at), sort_key=lambda m: m.sent_at
            ),
        ]
        super().__init__(columns, key=lambda m: m.id, parent=parent)

    def _state(self, message: OutboxInfo) -> str:
        return {
            OutboxState.PENDING: self.tr("Waiting"),
            OutboxState.SENT: self.tr("Sent"),
            OutboxState.FAILED: self.tr("Failed, will retry"),
            OutboxState.DEAD: self.tr("Stopped"),
            OutboxState.DISCARDED: self.tr("Discarded"),
        }[message.state]

    def _state_tip(self, message: OutboxInfo) -> str | None:
        if message.state == OutboxState.DEAD:
            return self.tr("Gave up after repeated failures: retry it or discard it.")
        if message.state == OutboxState.DISCARDED and message.discarded_reason:
            return self.tr("Discarded: {reason}").format(reason=message.discarded_reason)
        return None

    def _next_attempt(self, message: OutboxInfo) -> str:
        if message.state in (OutboxState.PENDING, OutboxState.FAILED):
            return local_time_text(message.next_attempt_at)
        return ""


class DiscardDialog(ServiceDialog):
    """Asks why; the store refuses an empty reason and the dialog keeps what was typed."""

    def __init__(self, ctx: AppContext, message: OutboxInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Discard message"), self.tr("&Discard"), parent)
        self.message = message
        about = QLabel(
            self.tr(
                "The {kind} message for “{aggregate}” will never be sent to the federation. "
                "Say why, for the audit trail."
            ).format(kind=kind_text(message.kind), aggregate=message.aggregate_key),
            self,
        )
        about.setWordWrap(True)
        self.form.addRow(about)
        self.reason = self.line_edit(self.tr("&Reason:"), "reason")
        self.reason.setMaxLength(500)
        self.field_widgets = {"reason": self.reason}
        self.reason.setFocus()

    def build_call(self) -> ServiceCall:
        actor, message_id, reason = self.ctx.principal, self.message.id, self.reason.text()
        return lambda uow: federation_store.discard(uow, actor, message_id, reason)


class OutboxTab(DialogHost, ListTab):
    message_changed = Signal(object)  # OutboxInfo after a retry or discard made here

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            OutboxTableModel,
            federation_store.list_outbox,
            table_name=self.tr("Outbox messages"),
            filter_placeholder=self.tr("Filter messages…"),
            filter_name=self.tr("Filter outbox messages"),
            header_key=HEADER_KEY,
            sort_column=6,
            sort_order=Qt.SortOrder.DescendingOrder,
            watches=changes.OUTBOX,
            parent=parent,
        )
        self.dialog: DiscardDialog | None = None
        self.can_manage = ctx.principal.can(Permission.MANAGE_FEDERATION)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.retry_action = make_action(self, self.tr("&Retry"), self.retry, "Ctrl+R")
        self.discard_action = make_action(self, self.tr("&Discard…"), self.discard, "Ctrl+D")
        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        for action in (self.retry_action, self.discard_action):
            self.table.addAction(action)
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        self.buttons = add_action_buttons(
            self,
            bar,
            [
                ("retry", self.retry_action),
                ("discard", self.discard_action),
                ("refresh", self.refresh_action),
            ],
        )
        self.count_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        for signal in (
            self.model.modelReset,
            self.model.dataChanged,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_count)
        self.setTabOrder(self.filter, self.table)
        self._update_actions()

    def rows_loaded(self, rows: list[Any]) -> None:
        self._update_actions()

    def selected_message(self) -> OutboxInfo | None:
        return self.table.current_row_object()

    def retry(self) -> None:
        message = self.selected_message()
        if message is None or message.state not in _ACTIONABLE or not self.can_manage:
            return
        db, actor, message_id = self.ctx.db, self.ctx.principal, message.id

        def work(_progress: Any) -> OutboxInfo:
            with db.uow() as uow:
                return federation_store.retry(uow, actor, message_id)

        self.ctx.runner.run(
            work, self._on_message_saved, failure=self._on_change_failed, parent=self
        )

    def discard(self) -> None:
        message = self.selected_message()
        if message is None or message.state not in _ACTIONABLE or not self.can_manage:
            return
        self.open_dialog(DiscardDialog(self.ctx, message, self), self._on_message_saved)

    def _on_message_saved(self, info: OutboxInfo) -> None:
        if not shiboken6.isValid(self):
            return
        row = self.model.upsert(info)
        self.table.select_source_row(row)
        self._update_actions()
        self.message_changed.emit(info)

    def _on_change_failed(self, error: ClinicDeskError) -> None:
        if not shiboken6.isValid(self):
            self.ctx.messages.error(error, None)
            return
        self.ctx.messages.error(error, self)
        if isinstance(error, ConflictError):
            self.refresh()

    def _on_selection_changed(self, *_args: Any) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        message = self.selected_message()
        actionable = self.can_manage and message is not None and message.state in _ACTIONABLE
        self.retry_action.setEnabled(actionable)
        self.discard_action.setEnabled(actionable)
        if not self.can_manage:
            tip = self.tr("Only a manager or an administrator can retry or discard messages.")
            self.buttons["retry"].setToolTip(tip)
            self.buttons["discard"].setToolTip(tip)

    def _update_count(self, *_args: Any) -> None:
        rows = self.model.rows()
        stuck = sum(1 for m in rows if m.state in _ACTIONABLE)
        waiting = sum(1 for m in rows if m.state == OutboxState.PENDING)
        self.count_label.setText(
            self.tr("{n} messages: {waiting} waiting, {stuck} need attention").format(
                n=len(rows), waiting=waiting, stuck=stuck
            )
        )
