"""The Connection tab: which hub this clinic is linked to, how its pulls went, and a test
of the link (one `GET /v1/clinic` on the network worker). Connecting stays in the
command line for now (`clinicdesk federation connect`)."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from clinicdesk.federation import credentials
from clinicdesk.federation.schemas import ClinicInfo
from clinicdesk.federation.sync import ClientFactory, default_client
from clinicdesk.services import federation_link
from clinicdesk.services.federation_link import LinkStatus
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.tables import local_time_text, make_action


class ConnectionTab(QWidget):
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
        self.loaded = False
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
            self, self.tr("Re&fresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        self.test_button = QPushButton(self.tr("&Test connection"), self)
        self.test_button.setAccessibleName(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        note = QLabel(
            self.tr(
                "To connect this clinic or change its API key, use the command line: "
                "clinicdesk federation connect --hub URL --clinic-id ID --api-key-stdin"
            ),
            self,
        )
        note.setWordWrap(True)
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.result_label)
        layout.addWidget(note)
        layout.addStretch(1)
        self._show_status(None)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.loaded = True
            self.refresh()

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
