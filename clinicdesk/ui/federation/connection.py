"""The Connection tab: which hub this clinic is linked to, how its pulls went, a test of
the link (one `GET /v1/clinic` on the network worker), and Connect… / Disconnect… for
those who run the link (MANAGE_FEDERATION; the service checks it too).

Connecting checks the key against the hub before anything is stored, keeps it in the OS
keyring, and keeps a federation's own certificate file as this computer's setting."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.domain.roles import Permission
from clinicdesk.errors import ConfigurationError, ValidationError
from clinicdesk.federation import credentials
from clinicdesk.federation.address import check_ca_bundle
from clinicdesk.federation.schemas import ClinicInfo
from clinicdesk.local_settings import load_local_settings, save_local_settings
from clinicdesk.services import federation_link
from clinicdesk.services.federation_link import Connected, FederationLink, LinkStatus
from clinicdesk.services.sync import ClientFactory, default_client
from clinicdesk.ui import changes
from clinicdesk.ui.actions import make_action
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.dialogs import ServiceDialog
from clinicdesk.ui.tables import local_time_text
from clinicdesk.ui.widgets import LoadsWhenShown


class ConnectDialog(ServiceDialog):
    """Hub address, clinic id and API key as the federation gave them, and optionally
    the federation's own certificate file. Everything typed stays when the hub refuses."""

    uses_network = True

    def __init__(
        self, ctx: AppContext, status: LinkStatus | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("Connect to the federation"), self.tr("&Connect"), parent)
        intro = QLabel(
            self.tr(
                "Use the details the federation gave this clinic. The key is checked with "
                "the hub first and then kept in this computer's keyring, never in a file."
            ),
            self,
        )
        intro.setWordWrap(True)
        # Wide enough that the fields show their hints whole (Spanish's labels are longer).
        intro.setMinimumWidth(intro.fontMetrics().averageCharWidth() * 60)
        self.form.addRow(intro)
        self.hub_url = self.line_edit(self.tr("&Hub address:"), "hub_url")
        self.hub_url.setPlaceholderText("https://hub.example.org")
        self.clinic_id = self.line_edit(self.tr("&Clinic id:"), "clinic_id")
        self.api_key = self.line_edit(self.tr("&API key:"), "api_key", password=True)
        self.ca_bundle = self.line_edit(self.tr("Certificate &file:"), "ca_bundle")
        self.ca_bundle.setPlaceholderText(self.tr("only if the federation gave you one"))
        self.ca_bundle.setToolTip(
            self.tr(
                "A federation with its own certificate authority gives you its certificate "
                "(.pem or .crt). Leave empty to trust the usual authorities."
            )
        )
        self.browse_button = QPushButton(self.tr("&Browse…"), self)
        self.browse_button.setAccessibleName(self.tr("Choose the certificate file"))
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.form.addRow("", self.browse_button)
        if status is not None and status.connected:
            self.hub_url.setText(status.hub_url or "")
            self.clinic_id.setText(status.clinic_id or "")
        self.ca_bundle.setText(load_local_settings().federation_ca_bundle or "")
        self.field_widgets = {
            "hub_url": self.hub_url,
            "clinic_id": self.clinic_id,
            "api_key": self.api_key,
            "ca_bundle": self.ca_bundle,
        }
        (self.api_key if self.hub_url.text() else self.hub_url).setFocus()

    def _on_browse_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("The federation's certificate file"),
            self.ca_bundle.text(),
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self.ca_bundle.setText(path)

    def build_call(self) -> Any:
        hub_url = self.hub_url.text().strip()
        clinic_id = self.clinic_id.text().strip()
        api_key = self.api_key.text().strip()
        if not hub_url:
            raise ValidationError(self.tr("Give the hub's address."), field="hub_url")
        if not api_key:
            raise ValidationError(self.tr("Paste the API key."), field="api_key")
        bundle_text = self.ca_bundle.text().strip()
        try:
            bundle = check_ca_bundle(bundle_text) if bundle_text else None
        except ConfigurationError as error:  # shown with the field it is about focused
            raise ValidationError(error.message, field="ca_bundle", hint=error.hint) from None
        actor = self.ctx.principal

        def call(db: Any) -> Connected:
            done = federation_link.connect_with_key(
                db, actor, hub_url, clinic_id, api_key, ca_bundle=bundle
            )
            settings = load_local_settings()
            if settings.federation_ca_bundle != bundle:
                save_local_settings(replace(settings, federation_ca_bundle=bundle))
            return done

        return call

    def make_work(self, call: Any) -> Any:
        db = self.ctx.db
        return lambda _progress: call(db)


class DisconnectDialog(ServiceDialog):
    """Unlink the clinic from its hub and remove the key from the keyring. Pulled
    standards, courses and the outbox stay; nothing is sent until it is connected again."""

    def __init__(self, ctx: AppContext, status: LinkStatus, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx, self.tr("Disconnect from the federation"), self.tr("&Disconnect"), parent
        )
        text = QLabel(
            self.tr(
                "Disconnect this clinic from {hub}? Standards and courses already received "
                "stay; reports waiting to go out stay in the outbox and go out once the "
                "clinic is connected again. The API key is removed from this computer."
            ).format(hub=status.hub_url),
            self,
        )
        text.setWordWrap(True)
        self.form.addRow(text)

    def build_call(self) -> Any:
        actor = self.ctx.principal

        def call(uow: Any) -> FederationLink | None:
            return federation_link.disconnect_and_forget(uow, actor).previous

        return call


class ConnectionTab(LoadsWhenShown, QWidget):
    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        client_factory: ClientFactory = default_client,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client_factory = client_factory
        self.status: LinkStatus | None = None

        def value_label(name: str, accessible: str) -> QLabel:
            label = QLabel(self)
            label.setObjectName(name)
            label.setAccessibleName(accessible)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            return label

        self.hub_label = value_label("hubUrl", self.tr("Hub address"))
        self.clinic_label = value_label("federationClinicId", self.tr("Clinic id"))
        self.standards_label = value_label("standardsSync", self.tr("Standards"))
        self.courses_label = value_label("coursesSync", self.tr("Courses"))
        self.outbox_label = value_label("outboxCounts", self.tr("Outbox"))
        self.result_label = value_label("testResult", self.tr("Test result"))
        form = QFormLayout()
        form.addRow(self.tr("Hub:"), self.hub_label)
        form.addRow(self.tr("Clinic id:"), self.clinic_label)
        form.addRow(self.tr("Standards:"), self.standards_label)
        form.addRow(self.tr("Courses:"), self.courses_label)
        form.addRow(self.tr("Outbox:"), self.outbox_label)

        self.test_action = make_action(
            self, self.tr("&Test connection"), self.test_connection, "Ctrl+T"
        )
        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        self.test_button = QPushButton(self.tr("&Test connection"), self)
        self.test_button.setAccessibleName(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        self.can_manage = ctx.principal.can(Permission.MANAGE_FEDERATION)
        self.connect_button = QPushButton(self.tr("&Connect…"), self)
        self.connect_button.setAccessibleName(self.tr("Connect to the federation"))
        self.connect_button.clicked.connect(self.open_connect_dialog)
        self.disconnect_button = QPushButton(self.tr("&Disconnect…"), self)
        self.disconnect_button.setAccessibleName(self.tr("Disconnect from the federation"))
        self.disconnect_button.clicked.connect(self.open_disconnect_dialog)
        for button in (self.connect_button, self.disconnect_button):
            button.setVisible(self.can_manage)
        self.dialog: ServiceDialog | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.connect_button)
        buttons.addWidget(self.disconnect_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        self._show_status(None)
        changes.follow_changes(self, ctx.runner, changes.FEDERATION | changes.SETTINGS)

    def refresh(self) -> None:
        db = self.ctx.db

        def work(_progress: Any) -> LinkStatus:
            with db.uow(read_only=True) as uow:
                return federation_link.link_status(uow)

        self.ctx.runner.run(work, self._on_status_loaded, parent=self)

    def _on_status_loaded(self, status: LinkStatus) -> None:
        if shiboken6.isValid(self):
            self._show_status(status)

    def _pull_text(self, status: LinkStatus, resource: str) -> str:
        cursor = status.cursors.get(resource)
        if cursor is None or (cursor.last_success_at is None and not cursor.last_error):
            return self.tr("never synced")
        text = self.tr("last synced {time}").format(time=local_time_text(cursor.last_success_at))
        if cursor.last_success_at is None:
            text = self.tr("never synced successfully")
        if cursor.last_error:
            text += self.tr("; last error {time}: {error}").format(
                time=local_time_text(cursor.last_error_at), error=cursor.last_error
            )
        return text

    def _show_status(self, status: LinkStatus | None) -> None:
        self.status = status
        connected = status is not None and status.connected
        self.test_button.setEnabled(connected)
        self.test_action.setEnabled(connected)
        self.connect_button.setEnabled(status is not None)
        self.connect_button.setText(
            self.tr("Change &connection…") if connected else self.tr("&Connect…")
        )
        self.disconnect_button.setEnabled(connected)
        if status is None:
            for label in (
                self.hub_label,
                self.clinic_label,
                self.standards_label,
                self.courses_label,
            ):
                label.setText("…")
            self.outbox_label.clear()
            return
        self.hub_label.setText(status.hub_url or self.tr("Not connected to a federation"))
        self.clinic_label.setText(status.clinic_id or "—")
        self.standards_label.setText(self._pull_text(status, federation_link.STANDARDS))
        self.courses_label.setText(self._pull_text(status, federation_link.COURSES))
        self.outbox_label.setText(
            self.tr("{waiting} waiting, {dead} stopped, {sent} sent").format(
                waiting=status.waiting,
                dead=status.outbox.get("dead", 0),
                sent=status.outbox.get("sent", 0),
            )
        )

    def test_connection(self) -> None:
        status = self.status
        if status is None or not status.connected or not self.test_button.isEnabled():
            return
        hub_url, clinic_id = status.hub_url or "", status.clinic_id or ""
        factory = self.client_factory

        def work(_progress: Any) -> ClinicInfo:
            api_key = credentials.load_api_key(hub_url, clinic_id)
            client = factory(hub_url, clinic_id, api_key)
            try:
                return client.clinic()
            finally:
                client.close()

        self.test_button.setEnabled(False)
        self.result_label.setText(self.tr("Asking the hub…"))
        task = self.ctx.runner.run(
            work, self._on_test_succeeded, failure=self._on_test_failed, parent=self, network=True
        )
        task.finished.connect(self._on_test_finished)

    def _on_test_succeeded(self, info: ClinicInfo) -> None:
        if not shiboken6.isValid(self):
            return
        text = self.tr("The hub knows this clinic as “{name}” ({id}).").format(
            name=info.name, id=info.clinic_id
        )
        self.result_label.setText(text)
        self.ctx.messages.info(self.tr("Connection works"), text, self)

    def _on_test_failed(self, error: Any) -> None:
        if not shiboken6.isValid(self):
            self.ctx.messages.error(error, None)
            return
        self.result_label.setText(self.tr("The test failed: {error}").format(error=error.message))
        self.ctx.messages.error(error, self)

    def _on_test_finished(self) -> None:
        if shiboken6.isValid(self):
            self.test_button.setEnabled(self.status is not None and self.status.connected)

    # -- connect / disconnect ------------------------------------------------------------

    def open_connect_dialog(self) -> None:
        if not self.can_manage or self.dialog is not None:
            return
        self._open(ConnectDialog(self.ctx, self.status, self), self._on_connected)

    def open_disconnect_dialog(self) -> None:
        status = self.status
        if not self.can_manage or self.dialog is not None or status is None:
            return
        if not status.connected:
            return
        self._open(DisconnectDialog(self.ctx, status, self), self._on_disconnected)

    def _open(self, dialog: ServiceDialog, on_saved: Any) -> None:
        self.dialog = dialog
        dialog.saved.connect(on_saved)
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    def _on_dialog_finished(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    def _on_connected(self, done: Connected) -> None:
        if not shiboken6.isValid(self):
            return
        text = self.tr("This clinic is connected to {hub} as “{name}” ({id}).").format(
            hub=done.link.hub_url, name=done.clinic_name, id=done.link.clinic_id
        )
        self.result_label.setText(text)
        self.ctx.messages.status(text)
        self.refresh()

    def _on_disconnected(self, previous: FederationLink | None) -> None:
        if not shiboken6.isValid(self):
            return
        if previous is not None:
            text = self.tr("Disconnected from {hub}.").format(hub=previous.hub_url)
            self.result_label.setText(text)
            self.ctx.messages.status(text)
        self.refresh()
