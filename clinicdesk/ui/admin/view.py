"""The Admin area: one tab per thing the signed-in person may administer."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from clinicdesk.domain.roles import Permission
from clinicdesk.ui.admin.audit import AuditTab
from clinicdesk.ui.admin.settings_tab import SettingsTab
from clinicdesk.ui.admin.users import UsersTab
from clinicdesk.ui.context import AppContext


class AdminView(QWidget):
    """Tabs are built only for the permissions the principal holds (the services refuse
    the rest anyway). Each tab reads the database the first time it is shown."""

    # Re-emitted from the settings tab so the main window can apply a new lock time.
    settings_saved = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("admin_view")
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(self.tr("Administration"))
        principal = ctx.principal
        self.users_tab: UsersTab | None = None
        self.audit_tab: AuditTab | None = None
        self.settings_tab: SettingsTab | None = None
        if principal.can(Permission.MANAGE_USERS):
            self.users_tab = UsersTab(ctx, self)
            self.tabs.addTab(self.users_tab, self.tr("&Users"))
        if principal.can(Permission.VIEW_AUDIT):
            self.audit_tab = AuditTab(ctx, self)
            self.tabs.addTab(self.audit_tab, self.tr("Audit &trail"))
        if principal.can(Permission.MANAGE_SETTINGS):
            self.settings_tab = SettingsTab(ctx, self)
            self.settings_tab.settings_saved.connect(self.settings_saved)
            self.tabs.addTab(self.settings_tab, self.tr("Clinic &settings"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def tab_titles(self) -> list[str]:
        return [self.tabs.tabText(i).replace("&", "") for i in range(self.tabs.count())]
