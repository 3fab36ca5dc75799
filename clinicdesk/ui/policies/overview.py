"""Who has acknowledged the policies (a sibling tab of the compliance matrix, with its
look): everyone on staff against every policy in force, as of any date — acknowledged
(and when, late or not), due (by when) or late — with the counts per policy, exported
as CSV or PDF through the services, on the worker."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.services import policies
from clinicdesk.services.policies import PolicyOverview
from clinicdesk.ui import changes
from clinicdesk.ui.actions import make_action
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.policies.models import OverviewTableModel, policy_title
from clinicdesk.ui.table_views import (
    DataTableView,
    FilterLine,
    add_find_shortcut,
    fit_columns_capped,
)
from clinicdesk.ui.tables import RowSortFilterProxy
from clinicdesk.ui.training.dialogs import to_date, to_qdate
from clinicdesk.ui.training.files import PathChooser, save_path_chooser
from clinicdesk.ui.training.models import day_text
from clinicdesk.ui.widgets import add_action_buttons, set_accessible

MAX_COLUMN_WIDTH = 240


class PoliciesTab(QWidget):
    """For those who see who has acknowledged (managers, administrators)."""

    training_changed = Signal()  # never emitted here: the Training area's tabs share it

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("policy_overview")
        self.loaded = False
        self.overview: PolicyOverview | None = None
        self.last_export: Path | None = None
        self.choose_path: PathChooser = save_path_chooser(self)

        self.filter = FilterLine(self, placeholder=self.tr("Filter by name…"))
        self.filter.setAccessibleName(self.tr("Filter staff by name"))
        add_find_shortcut(self, self.filter)
        self.as_of = QDateEdit(self)
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        set_accessible(
            self.as_of,
            self.tr("As of"),
            self.tr("Show acknowledgements as they stood on this day"),
        )
        self.as_of.setDate(to_qdate(date.today()))
        as_of_label = QLabel(self.tr("&As of:"), self)
        as_of_label.setBuddy(self.as_of)

        self.model = OverviewTableModel(self)
        self.proxy = RowSortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(0)
        self.filter.filter_changed.connect(self.proxy.set_filter_text)
        self.table = DataTableView(self)
        self.table.setObjectName("policyTable")
        set_accessible(
            self.table,
            self.tr("Policy acknowledgements"),
            self.tr("Who has acknowledged each policy and who still has to"),
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.table.setModel(self.proxy)
        self.filter.lead_to(self.table)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.counts = QLabel(self)
        self.counts.setObjectName("policyCounts")
        self.counts.setWordWrap(True)

        self.csv_action = make_action(
            self, self.tr("Export &CSV…"), lambda: self.export("csv"), "Ctrl+Shift+E"
        )
        self.pdf_action = make_action(
            self, self.tr("&PDF…"), lambda: self.export("pdf"), QKeySequence.StandardKey.Print
        )
        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        filters = QHBoxLayout()
        filters.addWidget(self.filter, 1)
        filters.addWidget(as_of_label)
        filters.addWidget(self.as_of)  # a date's width, not a third of the screen
        actions = QHBoxLayout()
        self.buttons = add_action_buttons(
            self,
            actions,
            [("csv", self.csv_action), ("pdf", self.pdf_action), ("refresh", self.refresh_action)],
        )
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts)
        self.setTabOrder(self.filter, self.as_of)
        self.setTabOrder(self.as_of, self.table)
        self.as_of.dateChanged.connect(lambda _d: self.refresh())
        changes.follow_changes(self, ctx.runner, changes.TRAINING)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.loaded = True
            self.refresh()

    def refresh(self) -> None:
        db, actor, as_of = self.ctx.db, self.ctx.principal, to_date(self.as_of)

        def work(_progress: Any) -> PolicyOverview:
            with db.uow(read_only=True) as uow:
                return policies.policy_overview(uow, actor, as_of)

        self.ctx.runner.run(work, self._on_overview_loaded, parent=self)

    def _on_overview_loaded(self, overview: PolicyOverview) -> None:
        if not shiboken6.isValid(self) or to_date(self.as_of) != overview.as_of:
            return  # gone, or the date changed meanwhile (its own read follows)
        fresh_columns = overview.policies != self.model.policies
        self.overview = overview
        self.model.set_overview(overview)
        if fresh_columns:
            fit_columns_capped(self.table, MAX_COLUMN_WIDTH)
        self.counts.setText(self._counts_text(overview))

    def _counts_text(self, overview: PolicyOverview) -> str:
        people = self.tr("%n people as of {day}", "", len(overview.rows)).format(
            day=day_text(overview.as_of)
        )
        parts = [
            self.tr("{title}: {ack} acknowledged, {due} due, {late} late").format(
                title=policy_title(policy),
                ack=overview.counts[policy.policy_id].acknowledged,
                due=overview.counts[policy.policy_id].due,
                late=overview.counts[policy.policy_id].late,
            )
            for policy in overview.policies
        ]
        if not parts:
            parts = [self.tr("No policy is in force on this day.")]
        return " · ".join([people, *parts])

    def export(self, kind: str) -> None:
        as_of = to_date(self.as_of)
        title = (
            self.tr("Save the policy acknowledgements as a spreadsheet")
            if kind == "csv"
            else self.tr("Save the policy acknowledgements as a PDF")
        )
        target = self.choose_path(title, f"policy-acknowledgements-{as_of.isoformat()}.{kind}")
        if target is None:
            return
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> tuple[Path, int]:
            with db.uow() as uow:
                return target, policies.export_overview(uow, actor, target, as_of)

        self.ctx.runner.run(
            work,
            self._on_exported,
            parent=self,
            label=self.tr("Exporting the policy acknowledgements…"),
        )

    def _on_exported(self, result: tuple[Path, int]) -> None:
        path, people = result
        self.last_export = path
        self.ctx.messages.status(self.tr("Saved {path} (%n people)", "", people).format(path=path))
