"""The Clinic settings tab: the settings every workstation of the clinic shares."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.services import settings
from clinicdesk.services.settings import (
    MAX_SYNC_INTERVAL_MINUTES,
    MIN_SYNC_INTERVAL_MINUTES,
    ClinicSettings,
)
from clinicdesk.ui import changes
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.widgets import LoadsWhenShown, set_accessible


class SettingsTab(LoadsWhenShown, QWidget):
    settings_saved = Signal(object)  # ClinicSettings

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current: ClinicSettings | None = None
        self._dirty_shown = False

        self.lock_minutes = QSpinBox(self)
        self.lock_minutes.setRange(0, 240)
        self.lock_minutes.setSuffix(self.tr(" min"))
        self.lock_minutes.setSpecialValueText(self.tr("Off"))
        self.lock_minutes.setAccessibleName(self.tr("Lock after minutes without use"))
        self.lock_minutes.setToolTip(
            self.tr("Lock the window after this many minutes without keyboard or mouse; 0 = off.")
        )
        self.lock_minutes.valueChanged.connect(self._update_buttons)

        self.sync_minutes = QSpinBox(self)
        self.sync_minutes.setObjectName("syncIntervalMinutes")
        # 0 is "only when asked"; below the minimum the box steps straight to it.
        self.sync_minutes.setRange(MIN_SYNC_INTERVAL_MINUTES - 1, MAX_SYNC_INTERVAL_MINUTES)
        self.sync_minutes.setSuffix(self.tr(" min"))
        self.sync_minutes.setSpecialValueText(self.tr("Only when asked"))
        self.sync_minutes.setAccessibleName(self.tr("Sync with the federation every minutes"))
        self.sync_minutes.setToolTip(
            self.tr(
                "While someone is signed in, exchange standards, courses and reports with the "
                "federation hub this often. “Only when asked”: just on Sync now (F9)."
            )
        )
        self.sync_minutes.valueChanged.connect(self._update_buttons)

        self.joined = QLineEdit(self)
        self.joined.setObjectName("federationJoined")
        self.joined.setPlaceholderText(self.tr("YYYY-MM (empty: the month the clinic was set up)"))
        self.joined.setAccessibleName(self.tr("Month the clinic joined the federation"))
        self.joined.setToolTip(
            self.tr("Contributions are due from this month on; earlier months are never overdue.")
        )
        self.joined.textChanged.connect(self._update_buttons)
        self.currency = QLineEdit(self)
        self.currency.setObjectName("currency")
        self.currency.setMaxLength(3)
        self.currency.setAccessibleName(self.tr("Currency code"))
        self.currency.setToolTip(
            self.tr("The ISO 4217 code printed beside amounts on statements, e.g. USD or CAD.")
        )
        self.currency.textChanged.connect(self._update_buttons)

        self.billing_address = QPlainTextEdit(self)
        self.billing_address.setObjectName("billingAddress")
        set_accessible(
            self.billing_address,
            self.tr("The clinic's address on invoices"),
            self.tr("Printed on every invoice as the clinic's postal address"),
        )
        self.billing_address.setTabChangesFocus(True)
        self.billing_address.setMaximumHeight(70)
        self.billing_address.textChanged.connect(self._update_buttons)
        self.payment_instructions = QPlainTextEdit(self)
        self.payment_instructions.setObjectName("paymentInstructions")
        set_accessible(
            self.payment_instructions,
            self.tr("How to pay, on invoices"),
            self.tr("Printed on every invoice to tell the organisation how to pay"),
        )
        self.payment_instructions.setTabChangesFocus(True)
        self.payment_instructions.setMaximumHeight(70)
        self.payment_instructions.textChanged.connect(self._update_buttons)

        self.save_button = QPushButton(self.tr("Sa&ve"), self)
        self.save_button.clicked.connect(self.save)
        self.lock_minutes.lineEdit().returnPressed.connect(self.save)
        self.sync_minutes.lineEdit().returnPressed.connect(self.save)
        self.joined.returnPressed.connect(self.save)
        self.currency.returnPressed.connect(self.save)
        self.status = QLabel(self)
        self.status.setAccessibleName(self.tr("Settings status"))

        form = QFormLayout()
        form.addRow(self.tr("&Lock the window after:"), self.lock_minutes)
        form.addRow(self.tr("S&ync with the federation every:"), self.sync_minutes)
        form.addRow(self.tr("&Joined the federation in:"), self.joined)
        form.addRow(self.tr("&Currency:"), self.currency)
        form.addRow(self.tr("Invoice a&ddress:"), self.billing_address)
        form.addRow(self.tr("How to &pay (on invoices):"), self.payment_instructions)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.setEnabled(False)  # until the stored values arrive
        changes.follow_changes(self, ctx.runner, changes.SETTINGS, self._reload_unless_edited)

    def refresh(self) -> None:
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> ClinicSettings:
            with db.uow(read_only=True) as uow:
                return settings.get(uow, actor)

        self.ctx.runner.run(work, self._on_settings_loaded, parent=self)

    def _on_settings_loaded(self, values: ClinicSettings) -> None:
        if not shiboken6.isValid(self):
            return
        self.current = values
        self.lock_minutes.setValue(values.inactivity_lock_minutes)
        self.sync_minutes.setValue(self._sync_box_value(values.sync_interval_minutes))
        self.joined.setText(values.federation_joined)
        self.currency.setText(values.currency)
        self.billing_address.setPlainText(values.billing_address)
        self.payment_instructions.setPlainText(values.payment_instructions)
        self.setEnabled(True)
        self._update_buttons()

    def _reload_unless_edited(self) -> None:
        """A change made elsewhere shows here, but never over values being edited."""
        if not self.save_button.isEnabled():
            self.refresh()

    def save(self) -> None:
        if self.current is None or not self.save_button.isEnabled():
            return
        db, actor = self.ctx.db, self.ctx.principal
        minutes = self.lock_minutes.value()
        sync_minutes = self._sync_minutes()
        joined = self.joined.text().strip()
        currency = self.currency.text().strip().upper()
        billing_address = self.billing_address.toPlainText().strip()
        payment_instructions = self.payment_instructions.toPlainText().strip()

        def work(_progress: Any) -> ClinicSettings:
            with db.uow() as uow:
                return settings.update(
                    uow,
                    actor,
                    inactivity_lock_minutes=minutes,
                    sync_interval_minutes=sync_minutes,
                    federation_joined=joined,
                    currency=currency,
                    billing_address=billing_address,
                    payment_instructions=payment_instructions,
                )

        self.save_button.setEnabled(False)
        task = self.ctx.runner.run(work, self._on_settings_saved, parent=self)
        task.finished.connect(self._update_buttons)

    def _on_settings_saved(self, values: ClinicSettings) -> None:
        if not shiboken6.isValid(self):
            return
        self.current = values
        self._dirty_shown = False
        text = self.tr("Clinic settings saved.")
        self.status.setText(text)
        self.ctx.messages.status(text)
        self.settings_saved.emit(values)

    def _update_buttons(self, *_args: Any) -> None:
        if not shiboken6.isValid(self):
            return
        changed = self.current is not None and (
            self.lock_minutes.value() != self.current.inactivity_lock_minutes
            or self._sync_minutes() != self.current.sync_interval_minutes
            or self.joined.text().strip() != self.current.federation_joined
            or self.currency.text().strip().upper() != self.current.currency
            or self.billing_address.toPlainText().strip() != self.current.billing_address
            or self.payment_instructions.toPlainText().strip() != self.current.payment_instructions
        )
        self.save_button.setEnabled(changed)
        if changed:
            self.status.setText(self.tr("Not saved yet."))
        elif self._dirty_shown:
            self.status.clear()
        self._dirty_shown = changed

    def _sync_minutes(self) -> int:
        """The interval the box shows, as stored: its special lowest value means 0."""
        value = self.sync_minutes.value()
        return 0 if value == self.sync_minutes.minimum() else value

    def _sync_box_value(self, minutes: int) -> int:
        return self.sync_minutes.minimum() if minutes == 0 else minutes
