"""The panel's table model, after Anki's browser model: it knows how many rows the query
matches and keeps a small cache of loaded pages; a row not in the cache is asked for a
page at a time on the worker, and shows as "…" until it arrives.

- A new query (filter, sort, clinician) reads the count and the first page on the worker
  and then resets the model once: the only reset.
- A page arriving later emits one dataChanged over its rows.
- data() never queries; flags() never even looks at the cache.
- At most `max_pages` pages are kept, so memory does not grow with the clinic.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from clinicdesk.errors import ClinicDeskError
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services import panel
from clinicdesk.services.panel import PanelPage, PanelQuery, PanelRow, SortKey
from clinicdesk.ui import theme
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.tables import EXPORT_ROLE, ROW_ROLE, SORT_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex

NAME, MRN, AGE, SEX, LAST_VISIT, OPEN_GAPS, NEXT_DUE = range(7)
SORT_KEYS = {
    NAME: SortKey.NAME,
    MRN: SortKey.MRN,
    AGE: SortKey.AGE,
    SEX: SortKey.SEX,
    LAST_VISIT: SortKey.LAST_VISIT,
    OPEN_GAPS: SortKey.OPEN_GAPS,
    NEXT_DUE: SortKey.NEXT_DUE,
}
PLACEHOLDER = "…"
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ROLES = frozenset(
    {_DISPLAY, _ALIGN, _TOOLTIP, _FOREGROUND, int(ROW_ROLE), int(SORT_ROLE), int(EXPORT_ROLE)}
)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


# A patient's sex and status as people read them (stored as these English keys).
SEX_LABELS = {
    "female": QT_TRANSLATE_NOOP("Patient", "Female"),
    "male": QT_TRANSLATE_NOOP("Patient", "Male"),
    "other": QT_TRANSLATE_NOOP("Patient", "Other"),
    "unknown": QT_TRANSLATE_NOOP("Patient", "Unknown"),
}
STATUS_LABELS = {
    "active": QT_TRANSLATE_NOOP("Patient", "Active"),
    "inactive": QT_TRANSLATE_NOOP("Patient", "Inactive"),
    "deceased": QT_TRANSLATE_NOOP("Patient", "Deceased"),
    "transferred": QT_TRANSLATE_NOOP("Patient", "Transferred"),
}


def sex_label(key: str) -> str:
    label = SEX_LABELS.get(key)
    return QCoreApplication.translate("Patient", str(label)) if label else key


def status_label(key: str) -> str:
    label = STATUS_LABELS.get(key)
    return QCoreApplication.translate("Patient", str(label)) if label else key


class PanelTableModel(QAbstractTableModel):
    reloaded = Signal(int)  # rows the new query matched
    loading_changed = Signal(bool)
    page_arrived = Signal(int)  # page number

    def __init__(
        self,
        ctx: AppContext,
        *,
        page_size: int = 100,
        max_pages: int = 100,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.page_size = page_size
        self.max_pages = max_pages
        self.query = PanelQuery()
        self._total = 0
        self._pages: OrderedDict[int, list[PanelRow]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self._loading = False
        self._sexes = {
            "female": self.tr("F"),
            "male": self.tr("M"),
            "other": self.tr("Other"),
            "unknown": self.tr("?"),
        }
        self._titles = [
            self.tr("Name"),
            self.tr("MRN"),
            self.tr("Age"),
            self.tr("Sex"),
            self.tr("Last visit"),
            self.tr("Open gaps"),
            self.tr("Next due"),
        ]

    # -- the query ---------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self._total

    @property
    def loading(self) -> bool:
        return self._loading

    def set_query(self, query: PanelQuery) -> None:
        """Run a new query: count and first page on the worker, then one reset."""
        self.query = query
        self._generation += 1
        generation = self._generation
        db, actor, limit = self.ctx.db, self.ctx.principal, self.page_size
        self._set_loading(True)

        def work(_progress: Any) -> tuple[int, int, PanelPage]:
            with db.uow(read_only=True) as uow:
                total, first = panel.first_screen(uow, actor, query, limit=limit)
            return generation, total, first

        task = self.ctx.runner.run(work, self._on_first_screen, failure=self._on_failed)
        task.finished.connect(lambda: self._on_task_finished(generation))

    def refresh(self) -> None:
        self.set_query(self.query)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self.query.sort and descending == self.query.descending:
            return
        self.set_query(replace(self.query, sort=key, descending=descending))

    # -- reading -------------------------------------------------------------------------

    def row_object(self, row: int) -> PanelRow | None:
        """The loaded row, or None while its page is on its way."""
        page = self._pages.get(row // self.page_size)
        if page is None:
            return None
        offset = row % self.page_size
        return page[offset] if offset < len(page) else None

    def row_of_id(self, patient_id: int) -> int | None:
        for number, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == patient_id:
                    return number * self.page_size + offset
        return None

    @property
    def cached_rows(self) -> int:
        return sum(len(rows) for rows in self._pages.values())

    # -- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._titles)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._titles)
        ):
            return self._titles[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # A repaint asks each visible cell for a dozen roles; most get None at once.
        if role not in _ROLES or not index.isValid():
            return None
        number = index.row()
        page = self._pages.get(number // self.page_size)
        offset = number % self.page_size
        row = page[offset] if page is not None and offset < len(page) else None
        column = index.column()
        if role in (_DISPLAY, EXPORT_ROLE):
            if row is None:
                if 0 <= number < self._total:
                    self._request(number // self.page_size)
                return PLACEHOLDER if column == NAME and role == _DISPLAY else None
            value = self._display(row, column)
            if isinstance(value, date):  # the person's way on screen, ISO in a CSV file
                if role != _DISPLAY:
                    return value.isoformat()
                if self._due_now(row, column):  # the state in the text, not the colour alone
                    return self.tr("⚠ {day}").format(day=format_date(value))
                return format_date(value)
            return value
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            value = self._display(row, column)
            return value.isoformat() if isinstance(value, date) else value
        if role == _ALIGN:
            return _RIGHT if column in (AGE, OPEN_GAPS) else None
        if role == _FOREGROUND:
            # a gap already due stands out, marked ⚠ in the warning colour (and in words
            # in its tooltip), as the training matrix marks what is expiring: what the
            # clinician acts on first
            return QBrush(QColor(theme.warning_color())) if self._due_now(row, column) else None
        if role == _TOOLTIP:
            if self._due_now(row, column):
                assert row.next_due_on is not None
                if row.next_due_on == self._as_of():
                    return self.tr("Due today")
                return self.tr("Due since {day}").format(day=format_date(row.next_due_on))
            if column == SEX:
                return sex_label(row.sex)
            if column == NAME and row.status != "active":
                return self.tr("Status: {status}").format(status=status_label(row.status))
        return None

    def _as_of(self) -> date:
        return self.query.as_of or date.today()

    def _due_now(self, row: PanelRow, column: int) -> bool:
        """Whether this is the Next due cell of a gap due on the panel's day or before."""
        return (
            column == NEXT_DUE and row.next_due_on is not None and row.next_due_on <= self._as_of()
        )

    def _display(self, row: PanelRow, column: int) -> object:
        if column == NAME:
            return row.name
        if column == MRN:
            return row.mrn
        if column == AGE:
            return "" if row.age is None else row.age
        if column == SEX:
            return self._sexes.get(row.sex, row.sex)
        if column == LAST_VISIT:
            return row.last_visit_on or ""
        if column == OPEN_GAPS:
            return row.open_gaps
        if column == NEXT_DUE:
            return row.next_due_on or ""
        return None

    # -- loading ----------------------------------------------------------------------------

    def _request(self, page: int) -> None:
        if page in self._pending or page in self._pages or page < 0:
            return
        if page * self.page_size >= self._total:
            return
        self._pending.add(page)
        generation = self._generation
        db, actor, query, size = self.ctx.db, self.ctx.principal, self.query, self.page_size

        def work(_progress: Any) -> tuple[int, int, PanelPage]:
            with db.uow(read_only=True) as uow:
                return generation, page, panel.page(uow, actor, query, page * size, size)

        self.ctx.runner.run(work, self._on_page, failure=self._on_failed)

    def _on_first_screen(self, result: tuple[int, int, PanelPage]) -> None:
        generation, total, first = result
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.beginResetModel()
        self._total = total
        self._pages = OrderedDict()
        self._pending = set()
        if first.rows:
            self._pages[0] = first.rows
        self.endResetModel()
        self.reloaded.emit(total)

    def _on_page(self, result: tuple[int, int, PanelPage]) -> None:
        generation, page, loaded = result
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self._pending.discard(page)
        self._pages[page] = loaded.rows
        self._pages.move_to_end(page)
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)
        first = page * self.page_size
        last = min(self._total, first + self.page_size) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))
        self.page_arrived.emit(page)

    def _on_failed(self, error: ClinicDeskError) -> None:
        self._pending.clear()
        self.ctx.messages.error(error, None)

    def _on_task_finished(self, generation: int) -> None:
        if shiboken6.isValid(self) and generation == self._generation:
            self._set_loading(False)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)
