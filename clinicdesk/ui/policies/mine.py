"""One's own policies (in My account): each policy in force that applies to the person,
with its state, and Read and acknowledge… for the one selected (or the most urgent)."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from clinicdesk.services import policies
from clinicdesk.services.policies import MyPolicy
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.dialogs import DialogHost
from clinicdesk.ui.policies.dialog import AcknowledgeDialog
from clinicdesk.ui.policies.models import MyPoliciesModel
from clinicdesk.ui.standard_text import standard_title
from clinicdesk.ui.table_views import DataTableView
from clinicdesk.ui.tables import source_index
from clinicdesk.ui.widgets import set_accessible


class MyPoliciesBox(DialogHost, QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Policies"), parent)
        self.ctx = ctx
        self.setObjectName("myPolicies")
        self.items: tuple[MyPolicy, ...] = ()
        self.model = MyPoliciesModel(self)
        self.table = DataTableView(self, sortable=False)
        self.table.setObjectName("myPoliciesTable")
        set_accessible(
            self.table,
            self.tr("Your policies"),
            self.tr("The clinic policies you need to read and acknowledge"),
        )
        self.table.setModel(self.model)
        self.table.setMinimumHeight(120)
        self.table.activated.connect(lambda _index: self.acknowledge_selected())
        self.table.selectionModel().currentChanged.connect(self._update_button)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.acknowledge_button = QPushButton(self.tr("Read and ac&knowledge…"), self)
        self.acknowledge_button.clicked.connect(self.acknowledge_selected)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.acknowledge_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self._update_button()

    def refresh(self) -> None:
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> tuple[MyPolicy, ...]:
            with db.uow() as uow:  # may add the staff row of a user new to it
                return policies.my_policies(uow, actor)

        self.ctx.runner.run(work, self._on_policies_loaded, parent=self)

    def _on_policies_loaded(self, items: tuple[MyPolicy, ...]) -> None:
        if not shiboken6.isValid(self):
            return
        self.items = items
        self.model.sync_rows(items)
        self.table.resizeColumnToContents(0)
        waiting = sum(1 for item in items if item.status.state.awaiting)
        self.summary.setText(
            self.tr("%n to read and acknowledge.", "", waiting)
            if waiting
            else self.tr("You have acknowledged every policy that applies to you.")
            if items
            else self.tr("No policy applies to you today.")
        )
        self._update_button()

    def selected(self) -> MyPolicy | None:
        index = self.table.currentIndex()
        if index.isValid():
            return self.model.policy_at(source_index(index).row())
        return next((item for item in self.items if item.status.state.awaiting), None)

    def _update_button(self, *_args: Any) -> None:
        item = self.selected()
        self.acknowledge_button.setEnabled(item is not None and item.status.state.awaiting)

    def acknowledge_selected(self) -> None:
        item = self.selected()
        if item is None or not item.status.state.awaiting or self.dialog is not None:
            return
        self.open_dialog(AcknowledgeDialog(self.ctx, item, self), self._on_acknowledged)

    def _on_acknowledged(self, info: Any) -> None:
        if not shiboken6.isValid(self):
            return
        self.ctx.messages.status(
            self.tr("Acknowledged: {title}, version {version}.").format(
                title=standard_title(info.policy_id, info.version, info.title),
                version=info.version,
            )
        )
        self.refresh()
