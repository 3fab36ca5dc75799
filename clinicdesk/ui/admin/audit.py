"""The Audit trail tab: a paged, filterable view of the trail, chain verification and
CSV export.

Viewing the trail is not itself a view of patient or member data, so opening it writes
no event; verifying and exporting are audited by the service.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.domain.roles import Permission
from clinicdesk.errors import StorageError
from clinicdesk.i18n import formatting
from clinicdesk.services import audit, audit_anchor, audit_labels, users
from clinicdesk.services.audit import AuditEntry, AuditFilter, VerifyResult
from clinicdesk.services.audit_labels import RecordKey
from clinicdesk.ui import theme
from clinicdesk.ui.actions import make_action
from clinicdesk.ui.admin.audit_text import action_text, details_text
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.table_views import DataTableView, FilterLine, add_find_shortcut
from clinicdesk.ui.tables import Column, PagedTableModel, local_time_text
from clinicdesk.ui.widgets import LoadsWhenShown, add_action_buttons

HEADER_KEY = "admin/audit"
PAGE_SIZE = 200

PathChooser = Callable[[QWidget, Path], Path | None]


def choose_csv_path(parent: QWidget, suggested: Path) -> Path | None:
    """Ask where to save (the default chooser; tests inject their own)."""
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("AuditTab", "Export the audit trail"),
        str(suggested),
        QCoreApplication.translate("AuditTab", "CSV files (*.csv)"),
    )
    if not path:
        return None
    chosen = Path(path)
    return chosen if chosen.suffix else chosen.with_suffix(".csv")


@dataclass(frozen=True)
class AuditRow:
    """One event with the names of who did it and of the record it touched."""

    entry: AuditEntry
    labels: Mapping[RecordKey, str]

    @property
    def seq(self) -> int:
        return self.entry.seq

    @property
    def who(self) -> str:
        return self.labels.get(("user", self.entry.actor_name), self.entry.actor_name)

    @property
    def record(self) -> str:
        entry = self.entry
        if not entry.entity_id:
            return entry.entity_type.replace("_", " ")
        fallback = f"{entry.entity_type}:{entry.entity_id}"
        return self.labels.get((entry.entity_type, entry.entity_id), fallback)


def local_day_start_utc(day: QDate) -> datetime:
    """Local midnight at the start of `day`, as the naive UTC the database stores."""
    local = datetime(day.year(), day.month(), day.day()).astimezone()
    return local.astimezone(UTC).replace(tzinfo=None)


class AuditTableModel(PagedTableModel):
    """The trail, newest first, 200 events a page, for one AuditFilter at a time."""

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        columns = [
            Column(
                self.tr("#"),
                lambda r: r.seq,
                align=Qt.AlignmentFlag.AlignRight,
            ),
            Column(
                self.tr("Time"),
                lambda r: local_time_text(r.entry.occurred_at, seconds=True),
                export=lambda r: r.entry.occurred_at.isoformat(timespec="seconds"),
                tooltip=lambda r: self.tr("{time} UTC").format(
                    time=formatting.format_datetime(r.entry.occurred_at, seconds=True)
                ),
            ),
            Column(self.tr("User"), lambda r: r.who, tooltip=lambda r: r.entry.actor_name),
            Column(
                self.tr("Action"),
                lambda r: action_text(r.entry.action),
                tooltip=lambda r: r.entry.action,
            ),
            Column(
                self.tr("Record"),
                lambda r: r.record,
                tooltip=lambda r: r.entry.entity_id or None,
            ),
            Column(
                self.tr("Details"),
                lambda r: details_text(r.entry.details),
                tooltip=lambda r: r.entry.details if r.entry.details not in ("", "{}") else None,
            ),
        ]
        super().__init__(
            columns, key=lambda r: r.seq, runner=ctx.runner, page_size=PAGE_SIZE, parent=parent
        )
        self._ctx = ctx
        self.filter = AuditFilter()

    def set_filter(self, flt: AuditFilter) -> None:
        self.filter = flt
        db, actor = self._ctx.db, self._ctx.principal

        def page(offset: int, limit: int) -> list[AuditRow]:
            with db.uow(read_only=True) as uow:
                entries = audit.list_events(uow, actor, flt, offset=offset, limit=limit)
                labels = audit_labels.record_labels(uow, actor, entries)
            return [AuditRow(entry, labels) for entry in entries]

        def count() -> int:
            with db.uow(read_only=True) as uow:
                return audit.count_events(uow, actor, flt)

        self.reload(page, count)

    def refresh(self) -> None:
        self.set_filter(self.filter)


class AuditTab(LoadsWhenShown, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # Where "Export CSV…" writes: replaced in tests so no file dialog opens.
        self.choose_export_path: PathChooser = choose_csv_path
        self.last_verify: VerifyResult | None = None
        # How Verify reaches the hub to compare the trail with its copy of the head (None:
        # the sync's own client); replaced in tests.
        self.client_factory: audit_anchor.ClientFactory | None = None
        self.last_export: tuple[Path, int] | None = None

        self.model = AuditTableModel(ctx, self)
        self.model.reloaded.connect(self._update_count)
        self.model.page_loaded.connect(self._update_count)
        self.model.loading_changed.connect(self._on_model_loading_changed)

        # Filters.
        self.text_filter = FilterLine(self, placeholder=self.tr("Search the trail…"))
        self.text_filter.setAccessibleName(self.tr("Search the audit trail"))
        self.text_filter.filter_changed.connect(self._on_filter_edited)
        add_find_shortcut(self, self.text_filter)

        self.action_combo = QComboBox(self)
        self.action_combo.setAccessibleName(self.tr("Action"))
        self.action_combo.setMinimumContentsLength(16)
        self.action_combo.addItem(self.tr("All actions"), "")
        self.action_combo.currentIndexChanged.connect(self._on_filter_edited)
        action_label = QLabel(self.tr("&Action:"), self)
        action_label.setBuddy(self.action_combo)

        self.user_filter = FilterLine(self, placeholder=self.tr("Any user"))
        self.user_filter.setAccessibleName(self.tr("User name"))
        self.user_filter.filter_changed.connect(self._on_filter_edited)
        user_label = QLabel(self.tr("Use&r:"), self)
        user_label.setBuddy(self.user_filter)

        today = QDate.currentDate()
        self.from_check = QCheckBox(self.tr("Fro&m"), self)
        self.from_date = QDateEdit(today.addDays(-30), self)
        self.to_check = QCheckBox(self.tr("T&o"), self)
        self.to_date = QDateEdit(today, self)
        for check, edit, name in (
            (self.from_check, self.from_date, self.tr("From date")),
            (self.to_check, self.to_date, self.tr("To date")),
        ):
            check.setAccessibleName(name)
            edit.setAccessibleName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self._on_filter_edited)
            edit.dateChanged.connect(self._on_filter_edited)

        # Date edits change on every keystroke; apply once the person pauses.
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(250)
        self._filter_timer.timeout.connect(self.apply_filter)

        self.table = DataTableView(self, sortable=False)
        self.table.setAccessibleName(self.tr("Audit trail"))
        self.table.setModel(self.model)
        self.text_filter.lead_to(self.table)
        self.table.persist_header(ctx.ui_state, HEADER_KEY)

        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        self.verify_action = make_action(
            self,
            self.tr("&Verify chain"),
            self.verify,
            "Ctrl+Shift+V",
            tip=self.tr("Check that no event was changed or deleted"),
        )
        self.export_action = make_action(
            self,
            self.tr("&Export CSV…"),
            self.export_csv,
            "Ctrl+Shift+E",
            tip=self.tr("Save the events that match the filters as a CSV file"),
        )
        self.export_action.setVisible(ctx.principal.can(Permission.EXPORT_AUDIT))
        self.export_action.setEnabled(ctx.principal.can(Permission.EXPORT_AUDIT))

        self.count_label = QLabel(self)
        self.result_label = QLabel(self)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.setAccessibleName(self.tr("Result"))

        filters = QHBoxLayout()
        filters.addWidget(self.text_filter, 2)
        filters.addWidget(action_label)
        filters.addWidget(self.action_combo, 1)
        filters.addWidget(user_label)
        filters.addWidget(self.user_filter, 1)
        filters.addWidget(self.from_check)
        filters.addWidget(self.from_date)
        filters.addWidget(self.to_check)
        filters.addWidget(self.to_date)

        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.result_label, 1)
        self.buttons = add_action_buttons(
            self,
            bottom,
            [
                ("refresh", self.refresh_action),
                ("verify", self.verify_action),
                ("export", self.export_action),
            ],
        )

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    # -- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the events and the list of actions (and of users, for completion)."""
        self.model.set_filter(self.current_filter())
        db, actor = self.ctx.db, self.ctx.principal
        with_users = actor.can(Permission.MANAGE_USERS)

        def work(_progress: Any) -> tuple[list[str], list[str]]:
            with db.uow(read_only=True) as uow:
                actions = audit.list_actions(uow, actor)
                names = [u.username for u in users.list_users(uow, actor)] if with_users else []
            return actions, names

        self.ctx.runner.run(work, self._on_choices_loaded, parent=self)

    def _on_choices_loaded(self, result: tuple[list[str], list[str]]) -> None:
        if not shiboken6.isValid(self):
            return
        actions, names = result
        current = self.action_combo.currentData()
        groups = sorted({a.split(".", 1)[0] + "." for a in actions if "." in a})
        entries: list[tuple[str, str]] = [(self.tr("All actions"), "")]
        for group in groups:
            entries.append((self.tr("{group}* (all)").format(group=group), group))
            entries.extend((f"    {action_text(a)}", a) for a in actions if a.startswith(group))
        entries.extend((action_text(a), a) for a in actions if "." not in a)
        self.action_combo.blockSignals(True)
        try:
            self.action_combo.clear()
            for text, value in entries:
                self.action_combo.addItem(text, value)
            found = self.action_combo.findData(current)
            self.action_combo.setCurrentIndex(max(found, 0))
        finally:
            self.action_combo.blockSignals(False)
        if current and self.action_combo.currentData() != current:
            self._on_filter_edited()
        completer = QCompleter(names, self.user_filter)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.user_filter.setCompleter(completer)

    # -- filters ----------------------------------------------------------------------

    def current_filter(self) -> AuditFilter:
        since = until = None
        if self.from_check.isChecked():
            since = local_day_start_utc(self.from_date.date())
        if self.to_check.isChecked():
            until = local_day_start_utc(self.to_date.date().addDays(1))
        return AuditFilter(
            text=self.text_filter.text().strip(),
            action=str(self.action_combo.currentData() or ""),
            actor=self.user_filter.text().strip().lower(),
            since=since,
            until=until,
        )

    def _on_filter_edited(self, *_args: Any) -> None:
        self._filter_timer.start()

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        flt = self.current_filter()
        if flt != self.model.filter:
            self.loaded = True
            self.model.set_filter(flt)

    def _on_model_loading_changed(self, loading: bool) -> None:
        if loading and self.model.rowCount() == 0:
            self.count_label.setText(self.tr("Loading…"))
        elif not loading:
            self._update_count()

    def _update_count(self, *_args: Any) -> None:
        shown, total = self.model.rowCount(), self.model.total
        if shown >= total:
            self.count_label.setText(self.tr("%n events", "", total))
        else:
            self.count_label.setText(
                self.tr("{shown} of %n events loaded", "", total).format(shown=shown)
            )

    # -- verify and export -------------------------------------------------------------

    def verify(self) -> None:
        db, actor, factory = self.ctx.db, self.ctx.principal, self.client_factory

        def work(_progress: Any) -> VerifyResult:
            # The same check as `clinicdesk audit verify`: the keyed chain, and the hub's
            # copy of its head when the clinic is connected.
            return audit_anchor.verify_trail(db, actor, factory)

        self.verify_action.setEnabled(False)
        task = self.ctx.runner.run(
            work,
            self._on_verified,
            parent=self,
            label=self.tr("Verifying the audit trail…"),
        )
        task.finished.connect(self._on_verify_finished)

    def _on_verified(self, result: VerifyResult) -> None:
        if not shiboken6.isValid(self):
            return
        self.last_verify = result
        self._show_result(result.message, error=not result.ok)
        if result.ok:
            self.ctx.messages.status(result.message)
        else:
            self.ctx.messages.error(
                StorageError(
                    result.message,
                    hint=self.tr(
                        "Someone changed or deleted audit events outside ClinicDesk. "
                        "Keep this database as evidence, restore the latest backup that "
                        "verifies, and tell the clinic manager."
                    ),
                ),
                self,
            )
        self.refresh()

    def _on_verify_finished(self) -> None:
        if shiboken6.isValid(self):
            self.verify_action.setEnabled(True)

    def export_csv(self) -> None:
        suggested = Path.home() / f"audit-trail-{datetime.now():%Y%m%d}.csv"
        path = self.choose_export_path(self, suggested)
        if path is None:
            return
        db, actor, flt = self.ctx.db, self.ctx.principal, self.current_filter()

        def work(progress: Any) -> int:
            progress.report(0, 0, "")
            with db.uow() as uow:
                return audit.export_csv(uow, actor, path, flt)

        self.export_action.setEnabled(False)
        task = self.ctx.runner.run(
            work,
            lambda count: self._on_exported(path, count),
            parent=self,
            label=self.tr("Exporting the audit trail to {file}…").format(file=path.name),
        )
        task.finished.connect(self._on_export_finished)

    def _on_exported(self, path: Path, count: int) -> None:
        if not shiboken6.isValid(self):
            return
        self.last_export = (path, count)
        text = self.tr("Exported %n events to {path}.", "", count).format(path=path)
        self._show_result(text, error=False)
        self.ctx.messages.status(text)
        self.refresh()

    def _on_export_finished(self) -> None:
        if shiboken6.isValid(self):
            self.export_action.setEnabled(self.ctx.principal.can(Permission.EXPORT_AUDIT))

    def _show_result(self, text: str, *, error: bool) -> None:
        self.result_label.setText(text)
        self.result_label.setProperty("error", error)
        self.result_label.setStyleSheet(
            f"color: {theme.WARNING_COLOR}; font-weight: bold;" if error else ""
        )
