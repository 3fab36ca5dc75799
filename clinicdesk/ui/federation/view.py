"""The Federation area: one tab each for standards, the outbox, courses and the link."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from clinicdesk.ui.context import AppContext
from clinicdesk.ui.federation.connection import ConnectionTab
from clinicdesk.ui.federation.courses import CoursesTab
from clinicdesk.ui.federation.outbox import OutboxTab
from clinicdesk.ui.federation.standards import StandardsTab


class FederationView(QWidget):
    """Shown to principals who may view the federation (managers and administrators);
    each tab reads the database the first time it is shown."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("federation_view")
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(self.tr("Federation"))
        self.standards_tab = StandardsTab(ctx, self)
        self.outbox_tab = OutboxTab(ctx, self)
        self.courses_tab = CoursesTab(ctx, self)
        self.connection_tab = ConnectionTab(ctx, self)
        self.tabs.addTab(self.standards_tab, self.tr("&Standards"))
        self.tabs.addTab(self.outbox_tab, self.tr("&Outbox"))
        self.tabs.addTab(self.courses_tab, self.tr("Co&urses"))
        self.tabs.addTab(self.connection_tab, self.tr("Co&nnection"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def tab_titles(self) -> list[str]:
        return [self.tabs.tabText(i).replace("&", "") for i in range(self.tabs.count())]
