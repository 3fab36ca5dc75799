"""The Training area: tabs by what the person may see. Everyone has My training;
those who see everyone's training (managers, administrators) also the compliance matrix,
expiring soon and the staff list, and those who see who has acknowledged the policies the
Policies tab beside the matrix. A change made in one tab refreshes the others."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from clinicdesk.domain.roles import Permission
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.policies.overview import PoliciesTab
from clinicdesk.ui.training.lists import ExpiringTab, StaffTab
from clinicdesk.ui.training.matrix import MatrixTab
from clinicdesk.ui.training.mine import MyTrainingTab


class TrainingView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("training_view")
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(self.tr("Training"))
        oversees = ctx.principal.can(Permission.VIEW_TRAINING)
        self.matrix_tab = MatrixTab(ctx, self) if oversees else None
        self.mine_tab = MyTrainingTab(ctx, self)
        self.expiring_tab = ExpiringTab(ctx, self) if oversees else None
        self.staff_tab = StaffTab(ctx, self) if oversees else None
        sees_policies = ctx.principal.can(Permission.VIEW_POLICY_STATUS)
        self.policies_tab = PoliciesTab(ctx, self) if sees_policies else None
        if self.matrix_tab is not None:
            self.tabs.addTab(self.matrix_tab, self.tr("Compliance &matrix"))
        if self.policies_tab is not None:
            self.tabs.addTab(self.policies_tab, self.tr("Po&licies"))
        self.tabs.addTab(self.mine_tab, self.tr("M&y training"))
        if self.expiring_tab is not None:
            self.tabs.addTab(self.expiring_tab, self.tr("E&xpiring soon"))
        if self.staff_tab is not None:
            self.tabs.addTab(self.staff_tab, self.tr("S&taff"))
        for tab in self._tabs():
            tab.training_changed.connect(self._on_tab_training_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def showEvent(self, event) -> None:
        """Coming back to the area reads the tab in view again (changes made elsewhere
        meanwhile); its first showing reads it anyway."""
        super().showEvent(event)
        current = self.tabs.currentWidget()
        for tab in self._tabs():
            playing = tab is self.mine_tab and self.mine_tab.course_id is not None
            if tab is current and tab.loaded and not playing:
                tab.refresh()

    def _tabs(self) -> list[MatrixTab | MyTrainingTab | ExpiringTab | StaffTab | PoliciesTab]:
        tabs: list[MatrixTab | MyTrainingTab | ExpiringTab | StaffTab | PoliciesTab] = []
        for tab in (
            self.matrix_tab,
            self.policies_tab,
            self.mine_tab,
            self.expiring_tab,
            self.staff_tab,
        ):
            if tab is not None:
                tabs.append(tab)
        return tabs

    def show_request(self, request: str) -> None:
        """Today's "Open Policies": the policies tab, for those who have it."""
        if request == "policies" and self.policies_tab is not None:
            self.tabs.setCurrentWidget(self.policies_tab)

    def tab_titles(self) -> list[str]:
        return [self.tabs.tabText(i).replace("&", "") for i in range(self.tabs.count())]

    def _on_tab_training_changed(self) -> None:
        """Every tab already loaded reads again (the one that changed included); a tab
        not shown yet reads when it is first shown."""
        for tab in self._tabs():
            if tab.loaded:
                tab.refresh()
