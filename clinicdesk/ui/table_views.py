"""Table views every area reuses.

- `DataTableView`: a keyboard-friendly QTableView that keeps its header state in UiState.
- `FilterLine`: a filter box that tells its listeners once typing pauses;
  `add_find_shortcut` puts Ctrl+F on it.
- `ListTab`: a tab listing the rows of one read-only service call, filtered and sorted.
- `widen_for_columns`: a list beside its details given the width its columns need.
- `fit_columns_capped`: a matrix's columns fitted, capped only while room is short.

The models they show are in `clinicdesk.ui.tables`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QAbstractProxyModel, QCoreApplication, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QSplitter, QTableView, QWidget

from clinicdesk.ui.changes import follow_changes
from clinicdesk.ui.tables import ROW_ROLE, RowSortFilterProxy, RowTableModel
from clinicdesk.ui.ui_state import UiState
from clinicdesk.ui.widgets import LoadsWhenShown, set_accessible

if TYPE_CHECKING:
    from clinicdesk.db.unit_of_work import UnitOfWork
    from clinicdesk.domain.roles import Principal
    from clinicdesk.ui.context import AppContext


class DataTableView(QTableView):
    """A read-only table: whole-row selection, Tab leaves the table, sortable, its actions
    in the context menu, and its header layout remembered across runs."""

    def __init__(self, parent: QWidget | None = None, *, sortable: bool = True) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setSortingEnabled(sortable)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setHighlightSections(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._state: UiState | None = None
        self._state_key = ""
        # restored from the saved layout or fitted to the first rows: worth saving
        self._layout_settled = False
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(300)
        self._save_timer.timeout.connect(self.save_header_state)
        self.empty_text = ""

    def set_empty_text(self, text: str) -> None:
        """What the table says while it has no rows: what to do next, not a blank box.
        (Nothing is said while the rows are still loading.)"""
        self.empty_text = text
        self.viewport().update()

    def showing_empty_text(self) -> bool:
        model = self.model()
        return bool(
            self.empty_text
            and model is not None
            and model.rowCount() == 0
            and not getattr(model, "loading", False)
        )

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if not self.showing_empty_text():
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        area = self.viewport().rect().adjusted(24, 24, -24, -24)
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        painter.drawText(area, flags | int(Qt.TextFlag.TextWordWrap), self.empty_text)
        painter.end()

    # Qt's default preferred size for a scroll area is 192 px tall: two tables one above
    # the other then prefer more than a 720-px screen. A table grows into the space its
    # layout gives it anyway.
    PREFERRED_ROWS = 4

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        rows = self.verticalHeader().defaultSectionSize() * self.PREFERRED_ROWS
        header = self.horizontalHeader().sizeHint().height()
        return QSize(hint.width(), min(hint.height(), rows + header + 2 * self.frameWidth()))

    def persist_header(self, ui_state: UiState, key: str) -> None:
        """Restore the header state saved under `key` and save every later change.
        Call after setModel()."""
        self._state = ui_state
        self._state_key = key
        header = self.horizontalHeader()
        if ui_state.restore_header(key, header):
            if self.isSortingEnabled():
                self.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())
            self._save_header_changes()
        else:
            self._fit_columns_when_filled()

    def _save_header_changes(self) -> None:
        self._layout_settled = True
        header = self.horizontalHeader()
        header.sectionResized.connect(self._save_timer.start)
        header.sectionMoved.connect(self._save_timer.start)
        header.sortIndicatorChanged.connect(self._save_timer.start)

    MAX_FITTED_WIDTH = 320

    def _fit_columns_when_filled(self) -> None:
        """With no saved layout, size the columns to the first rows shown (capped), once;
        the layout is saved from then on (a list first seen empty must not keep Qt's
        default widths for good)."""
        model = self.model()
        if model is None:
            self._save_header_changes()
            return

        def fit() -> None:
            if model.rowCount() == 0:
                return
            model.rowsInserted.disconnect(fit)
            model.modelReset.disconnect(fit)
            self.fit_columns()
            self._save_header_changes()
            self._save_timer.start()

        model.rowsInserted.connect(fit)
        model.modelReset.connect(fit)
        if model.rowCount():
            fit()

    def fit_columns_to_every_fill(self) -> None:
        """For a short detail table whose rows change with the selection (a month's
        lines): size the columns to each new set of rows, not only to the first one;
        widths fitted to a month of short labels cut the next month's longer ones.
        Instead of persist_header: a saved layout would be refitted anyway."""
        model = self.model()
        assert model is not None, "call after setModel()"

        def fit(*_args: Any) -> None:
            if model.rowCount():
                self.fit_columns()

        model.modelReset.connect(fit)
        model.rowsInserted.connect(fit)

    def fit_columns(self) -> None:
        """Size the columns to their headings and the rows shown, none wider than
        MAX_FITTED_WIDTH (the last one stretches)."""
        self.resizeColumnsToContents()
        header = self.horizontalHeader()
        for column in range(header.count() - 1):
            if header.sectionSize(column) > self.MAX_FITTED_WIDTH:
                header.resizeSection(column, self.MAX_FITTED_WIDTH)

    def save_header_state(self) -> None:
        self._save_timer.stop()
        if self._state is not None and self._layout_settled:
            self._state.save_header(self._state_key, self.horizontalHeader())

    def hideEvent(self, event: Any) -> None:
        if self._save_timer.isActive():
            self.save_header_state()
        super().hideEvent(event)

    def current_row_object(self) -> Any | None:
        """The row object under the current index, through any proxies."""
        index = self.currentIndex()
        selection = self.selectionModel()
        if not index.isValid() or selection is None or not selection.isRowSelected(index.row()):
            return None
        return index.siblingAtColumn(0).data(ROW_ROLE)

    def select_source_row(self, source_row: int) -> None:
        """Make a row of the source model current and visible."""
        model = self.model()
        if model is None:
            return
        chain: list[QAbstractProxyModel] = []
        while isinstance(model, QAbstractProxyModel):
            chain.append(model)
            model = model.sourceModel()
        index = model.index(source_row, 0)
        for proxy in reversed(chain):
            index = proxy.mapFromSource(index)
        if index.isValid():
            self.setCurrentIndex(index)
            self.selectRow(index.row())
            self.scrollTo(index)


def widen_for_columns(
    splitter: QSplitter, table: QTableView, columns: int, *, at_most: float
) -> None:
    """Make the splitter's first pane (which holds `table`) wide enough for the table's
    first `columns` columns as they are sized now (none cut off, with the table's frame
    and vertical scroll bar), but no wider than `at_most` of the splitter; the pane after
    it takes the rest. A pane already wide enough is left as it is."""
    header = table.horizontalHeader()
    needed = sum(header.sectionSize(i) for i in range(min(columns, header.count())))
    # the frame and the vertical scroll bar, as the table is laid out now
    needed += table.width() - table.viewport().width()
    if not table.verticalScrollBar().isVisible():  # it will be once rows fill the list
        needed += table.verticalScrollBar().sizeHint().width()
    sizes = splitter.sizes()
    total = sum(sizes)
    if total > 0 and len(sizes) == 2:
        first = min(max(needed, sizes[0]), int(total * at_most))
        splitter.setSizes([first, total - first])


def fit_columns_capped(table: QTableView, cap: int) -> None:
    """Size a matrix's columns to their contents and headings, each at most `cap` wide
    so that many fit side by side; where the view has room to spare, the capped ones get
    back what they need in turn (a matrix of two policies shows their titles whole)."""
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    wanted = [header.sectionSize(column) for column in range(header.count())]
    sizes = [min(width, cap) for width in wanted]
    spare = table.viewport().width() - sum(sizes)
    for column, width in enumerate(wanted):
        if spare <= 0:
            break
        extra = min(width - sizes[column], spare)
        sizes[column] += extra
        spare -= extra
    for column, size in enumerate(sizes):
        header.resizeSection(column, size)


class FilterLine(QLineEdit):
    """A filter box: `filter_changed(text)` fires once typing pauses for `delay_ms`, at
    once on Enter, and Escape clears it. Once `lead_to(view)` names its results, Enter
    and Down also move there, onto the first row (when it arrives, if still loading)."""

    filter_changed = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        delay_ms: int = 250,
        placeholder: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(placeholder if placeholder is not None else self.tr("Filter…"))
        self.setAccessibleName(self.placeholderText())
        self._last = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self.textChanged.connect(self._on_self_text_changed)
        self.returnPressed.connect(self._on_self_return_pressed)
        self._results: QAbstractItemView | None = None
        self._first_row_wanted = False

    def lead_to(self, view: QAbstractItemView) -> None:
        """Enter and Down move to `view` (call after its model is set)."""
        self._results = view
        model = view.model()
        model.rowsInserted.connect(self._on_results_arrived)
        model.modelReset.connect(self._on_results_arrived)
        model.layoutChanged.connect(self._on_results_arrived)
        loading_changed = getattr(model, "loading_changed", None)  # paged models
        if loading_changed is not None:
            loading_changed.connect(self._on_results_arrived)

    def go_to_results(self) -> None:
        view = self._results
        if view is None:
            return
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._first_row_wanted = True
        self._on_results_arrived()

    def _on_results_arrived(self, *_args: Any) -> None:
        view = self._results
        if not self._first_row_wanted or view is None or not view.hasFocus():
            return
        model = view.model()
        if model.rowCount() == 0 or getattr(model, "loading", False):
            return  # the rows for this text are still on their way
        self._first_row_wanted = False
        # The row under the cursor, or the first, made current and selected: taking the
        # focus leaves the first row current but not selected, and a list shows the
        # details of the selected row.
        index = view.currentIndex()
        view.setCurrentIndex(index if index.isValid() else model.index(0, 0))

    def _on_self_return_pressed(self) -> None:
        self.flush()
        self.go_to_results()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        """Announce the current text now, if it differs from the last announced."""
        self._timer.stop()
        text = self.text().strip()
        if text != self._last:
            self._last = text
            self.filter_changed.emit(text)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            self.flush()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Down and self._results is not None:
            self.flush()
            self.go_to_results()
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_self_text_changed(self, _text: str) -> None:
        self._timer.start()


def add_find_shortcut(owner: QWidget, target: QLineEdit) -> QAction:
    """Ctrl+F (the platform's Find key) inside `owner` jumps to the filter box."""
    action = QAction(QCoreApplication.translate("FilterLine", "Find"), owner)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def focus_filter() -> None:
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        target.selectAll()

    action.triggered.connect(focus_filter)
    owner.addAction(action)
    return action


class ListTab(LoadsWhenShown, QWidget):
    """A tab listing the rows of one read-only service call: a filter line over a sortable
    table that remembers its header, loaded when first shown and refreshed through the
    runner, updating changed rows in place rather than resetting the model.

    Subclasses pass translated names and `read(uow, actor) -> rows`, lay out `filter` and
    `table` as they like, and override `rows_loaded` to react to a refresh. `watches`
    names the tables whose changes reload the list (ui/changes.py); `empty_text` is what
    the table says when there is no row at all (what to do next)."""

    def __init__(
        self,
        ctx: AppContext,
        model_class: Callable[[QObject], RowTableModel],
        read: Callable[[UnitOfWork, Principal], list[Any]],
        *,
        table_name: str,
        table_description: str,
        filter_placeholder: str,
        filter_name: str,
        header_key: str,
        sort_column: int = 0,
        sort_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder,
        watches: Iterable[str] = (),
        empty_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._read = read
        self._empty_text = empty_text
        if watches:
            follow_changes(self, ctx.runner, watches)
        self.model = model_class(self)
        self.proxy = RowSortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter = FilterLine(self, placeholder=filter_placeholder)
        self.filter.setAccessibleName(filter_name)
        self.filter.filter_changed.connect(self.proxy.set_filter_text)
        add_find_shortcut(self, self.filter)
        self.table = DataTableView(self)
        self.filter.filter_changed.connect(self._show_empty_text)
        set_accessible(self.table, table_name, table_description)
        self.table.setModel(self.proxy)
        self.filter.lead_to(self.table)
        self.table.sortByColumn(sort_column, sort_order)
        self.table.persist_header(ctx.ui_state, header_key)

    def refresh(self) -> None:
        db, actor, read = self.ctx.db, self.ctx.principal, self._read

        def work(_progress: Any) -> list[Any]:
            with db.uow(read_only=True) as uow:
                return read(uow, actor)

        self.ctx.runner.run(work, self._on_rows_read, parent=self)

    def _on_rows_read(self, rows: list[Any]) -> None:
        if not shiboken6.isValid(self):
            return
        self.model.refresh_rows(rows)
        self._show_empty_text()
        self.rows_loaded(rows)

    def _show_empty_text(self, *_args: Any) -> None:
        """What an empty table says once read (`empty_text`: what to do next), or that
        the filter hides every row."""
        if not self._empty_text:
            return
        if self.model.rowCount() == 0:
            self.table.set_empty_text(self._empty_text)
        else:
            self.table.set_empty_text(
                QCoreApplication.translate("ListTab", "Nothing matches the filter.")
            )

    def rows_loaded(self, rows: list[Any]) -> None:
        """Called after a refresh put `rows` in the table."""
