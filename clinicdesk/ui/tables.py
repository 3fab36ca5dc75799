"""Table models every area reuses.

- `Column` and `RowTableModel`: a thin QAbstractTableModel over a list of plain rows
  (service dataclasses) with targeted updates (`upsert`, `remove_key`, `sync_rows`), so a
  change touches one row instead of resetting the view.
- `RowSortFilterProxy`: sorts by each column's sort key (not its display text) and
  filters case-insensitively over every column.
- `PagedTableModel`: a lazy model for big, server-ordered lists (the audit trail, later
  the patient list): it loads one page on a worker thread and the next when the view
  scrolls near the end (canFetchMore/fetchMore).
- `snapshot_model`/`write_csv`/`export_model_csv`: CSV export of what a model shows.

The views that show these models are in `clinicdesk.ui.table_views`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeAlias

import shiboken6
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from clinicdesk import paths
from clinicdesk.errors import StorageError
from clinicdesk.i18n import formatting
from clinicdesk.interop import csv_safe
from clinicdesk.ui.safe_text import plain_tooltip
from clinicdesk.ui.tasks import TaskRunner

# Custom roles, shared by every model built here.
ROW_ROLE = Qt.ItemDataRole.UserRole  # the row object itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the column's sort key
EXPORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the column's text for CSV export

AnyIndex: TypeAlias = QModelIndex | QPersistentModelIndex


def local_time_text(moment: datetime | None, *, seconds: bool = False) -> str:
    """A stored naive-UTC time as local time, as the person's language writes it ('' for
    None)."""
    if moment is None:
        return ""
    local = moment.replace(tzinfo=UTC).astimezone()
    return formatting.format_datetime(local, seconds=seconds)


@dataclass(frozen=True)
class Column:
    """How one column shows a row. `title` is already translated by the caller."""

    title: str
    display: Callable[[Any], object]
    sort_key: Callable[[Any], object] | None = None
    tooltip: Callable[[Any], str | None] | None = None
    export: Callable[[Any], object] | None = None
    align: Qt.AlignmentFlag | None = None


def _display_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (str, int, float)):
        return value
    if isinstance(value, date) and not isinstance(value, datetime):
        return formatting.format_date(value)  # as the person's language writes a day
    return str(value)


class _ColumnsMixin:
    """The read side of the Qt model interface for a flat table whose rows (`_rows`) are
    shown through Columns. Mixed in before QAbstractTableModel."""

    _columns: Sequence[Column]
    _rows: list[Any]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._cell(self._rows[index.row()], index.column(), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        return self._header(section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def _cell(self, row_obj: Any, column: int, role: int) -> object:
        spec = self._columns[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return _display_value(spec.display(row_obj))
        if role == ROW_ROLE:
            return row_obj
        if role == SORT_ROLE:
            return _sort_value(spec, row_obj)
        if role == EXPORT_ROLE:
            value = spec.export(row_obj) if spec.export else spec.display(row_obj)
            return _export_value(value)
        if role == Qt.ItemDataRole.ToolTipRole and spec.tooltip is not None:
            tip = spec.tooltip(row_obj)  # hub text and what people typed: never rendered
            return plain_tooltip(tip) if isinstance(tip, str) else tip
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.align is not None:
            return int(spec.align | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _header(self, section: int, orientation: Qt.Orientation, role: int) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].title
        return None


def _export_value(value: object) -> object:
    """A cell for CSV export: numbers stay numbers, anything else is its text (which the
    writer neutralises if it starts like a formula: interop.csv_safe)."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    return str(value)


def _sort_value(spec: Column, row_obj: Any) -> object:
    value = spec.sort_key(row_obj) if spec.sort_key else spec.display(row_obj)
    if isinstance(value, str):
        return value.casefold()
    return value


class RowTableModel(_ColumnsMixin, QAbstractTableModel):
    """Rows held in a list, identified by `key(row)`; every change is a targeted signal."""

    def __init__(
        self,
        columns: Sequence[Column],
        key: Callable[[Any], Hashable],
        rows: Iterable[Any] = (),
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._key = key
        self._rows: list[Any] = list(rows)
        self._index: dict[Hashable, int] = {}
        self._reindex()

    # -- reading ----------------------------------------------------------------------

    @property
    def columns(self) -> list[Column]:
        return list(self._columns)

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, key: Hashable) -> int | None:
        return self._index.get(key)

    def find(self, key: Hashable) -> Any | None:
        row = self._index.get(key)
        return None if row is None else self._rows[row]

    # -- changing -----------------------------------------------------------------------

    def set_rows(self, rows: Iterable[Any]) -> None:
        """Replace everything (first load, or a new query): the one place for a reset."""
        self.beginResetModel()
        self._rows = list(rows)
        self._reindex()
        self.endResetModel()

    def refresh_rows(self, rows: Iterable[Any]) -> None:
        """A refresh: the first fill resets the empty model once; later ones change only
        what changed (`sync_rows`), so selection and scroll position survive."""
        if self._rows:
            self.sync_rows(rows)
        else:
            self.set_rows(rows)

    def upsert(self, row_obj: Any) -> int:
        """Replace the row with the same key (dataChanged) or append it (rowsInserted);
        returns its row number."""
        key = self._key(row_obj)
        row = self._index.get(key)
        if row is None:
            row = len(self._rows)
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.append(row_obj)
            self._index[key] = row
            self.endInsertRows()
            return row
        if self._rows[row] != row_obj:
            self._rows[row] = row_obj
            self._emit_row_changed(row)
        return row

    def remove_key(self, key: Hashable) -> bool:
        row = self._index.get(key)
        if row is None:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self._reindex()
        self.endRemoveRows()
        return True

    def sync_rows(self, rows: Iterable[Any]) -> None:
        """Bring the model to `rows` with targeted signals: removals, changed rows and
        appended rows, so selection and scroll position survive a refresh."""
        fresh = list(rows)
        fresh_keys = {self._key(r): r for r in fresh}
        # Removals, from the end so row numbers stay valid, in contiguous blocks.
        row = len(self._rows) - 1
        while row >= 0:
            if self._key(self._rows[row]) in fresh_keys:
                row -= 1
                continue
            last = row
            while row - 1 >= 0 and self._key(self._rows[row - 1]) not in fresh_keys:
                row -= 1
            self.beginRemoveRows(QModelIndex(), row, last)
            del self._rows[row : last + 1]
            self.endRemoveRows()
            row -= 1
        self._reindex()
        for row, old in enumerate(self._rows):
            new = fresh_keys[self._key(old)]
            if new != old:
                self._rows[row] = new
                self._emit_row_changed(row)
        added = [r for r in fresh if self._key(r) not in self._index]
        if added:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            self._rows.extend(added)
            self._reindex()
            self.endInsertRows()

    def _emit_row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1))

    def _reindex(self) -> None:
        self._index = {self._key(r): i for i, r in enumerate(self._rows)}


def source_index(index: QModelIndex) -> QModelIndex:
    """Map an index through any chain of proxies to the source model's index."""
    model = index.model()
    while isinstance(model, QAbstractProxyModel):
        index = model.mapToSource(index)
        model = index.model()
    return index


class RowSortFilterProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE (numbers as numbers, None last) and filters over every column,
    ignoring case."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filter_text(self, text: str) -> None:
        self.setFilterFixedString(text.strip())

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        a = left.data(SORT_ROLE)
        b = right.data(SORT_ROLE)
        if a is None or b is None:
            # Empty values sort after everything else in ascending order.
            return a is not None and b is None
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)


# -- a lazily paged model -------------------------------------------------------------

PageLoader = Callable[[int, int], list[Any]]  # (offset, limit) -> rows; runs on a worker
CountLoader = Callable[[], int]  # -> total rows; runs on a worker


class PagedTableModel(_ColumnsMixin, QAbstractTableModel):
    """Shows a server-ordered list one page at a time.

    `reload(page, count)` replaces the query: the count and the first page are read on a
    worker thread, then the model resets once. When the view scrolls near the end it
    calls fetchMore(), which reads the next page on a worker and appends it with one
    beginInsertRows. Rows whose key was already loaded are skipped, so rows added at
    the top meanwhile (new events) never appear twice.
    """

    reloaded = Signal()
    page_loaded = Signal(int)  # rows appended
    loading_changed = Signal(bool)

    def __init__(
        self,
        columns: Sequence[Column],
        key: Callable[[Any], Hashable],
        runner: TaskRunner,
        *,
        page_size: int = 200,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._key = key
        self._runner = runner
        self.page_size = page_size
        self._rows: list[Any] = []
        self._keys: set[Hashable] = set()
        self._total = 0
        self._offset = 0  # rows consumed from the server's list, duplicates included
        self._exhausted = True
        self._loading = False
        self._generation = 0
        self._page: PageLoader | None = None

    def canFetchMore(self, parent: AnyIndex) -> bool:
        if parent.isValid() or self._loading or self._page is None:
            return False
        return not self._exhausted and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex) -> None:
        if not self.canFetchMore(parent):
            return
        page = self._page
        assert page is not None
        generation = self._generation
        offset, limit = self._offset, self.page_size
        self._set_loading(True)
        task = self._runner.run(
            lambda _progress: page(offset, limit),
            lambda rows: self._on_page_loaded(generation, rows),
        )
        task.finished.connect(lambda: self._on_task_finished(generation))

    # -- public -----------------------------------------------------------------------

    @property
    def total(self) -> int:
        """How many rows the query matched when it was last reloaded."""
        return self._total

    @property
    def loading(self) -> bool:
        return self._loading

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def reload(self, page: PageLoader, count: CountLoader) -> None:
        """Run a (new) query: count and first page on a worker, then one reset."""
        self._generation += 1
        generation = self._generation
        self._page = page
        # No fetchMore() with the old query's offset until the new first page is in,
        # even if this reload fails.
        self._exhausted = True
        limit = self.page_size
        self._set_loading(True)

        def work(_progress: Any) -> tuple[int, int, list[Any]]:
            return generation, count(), page(0, limit)

        task = self._runner.run(work, self._on_first_page_loaded)
        task.finished.connect(lambda: self._on_task_finished(generation))

    # -- slots ------------------------------------------------------------------------

    def _on_first_page_loaded(self, result: tuple[int, int, list[Any]]) -> None:
        generation, total, rows = result
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.beginResetModel()
        self._rows = []
        self._keys = set()
        for row_obj in rows:
            key = self._key(row_obj)
            if key not in self._keys:
                self._keys.add(key)
                self._rows.append(row_obj)
        self._total = total
        self._offset = len(rows)
        self._exhausted = len(rows) < self.page_size
        self.endResetModel()
        self.reloaded.emit()

    def _on_page_loaded(self, generation: int, rows: list[Any]) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self._offset += len(rows)
        self._exhausted = len(rows) < self.page_size
        fresh = []
        for row_obj in rows:
            key = self._key(row_obj)
            if key not in self._keys:
                self._keys.add(key)
                fresh.append(row_obj)
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._rows.extend(fresh)
            self.endInsertRows()
        self.page_loaded.emit(len(fresh))

    def _on_task_finished(self, generation: int) -> None:
        if shiboken6.isValid(self) and generation == self._generation:
            self._set_loading(False)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)


# -- CSV export -------------------------------------------------------------------------


def snapshot_model(model: QAbstractItemModel) -> tuple[list[str], list[list[object]]]:
    """The header and rows a model shows now (through its proxies, in view order): text,
    and numbers the program made (kept as numbers, so the CSV writer leaves a negative
    amount unquoted). Runs on the UI thread; the rows are plain lists a worker may then
    write."""
    columns = model.columnCount()
    header = [
        str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        for c in range(columns)
    ]
    rows: list[list[object]] = []
    for r in range(model.rowCount()):
        line: list[object] = []
        for c in range(columns):
            index = model.index(r, c)
            value = index.data(EXPORT_ROLE)
            if value is None:
                value = index.data(Qt.ItemDataRole.DisplayRole)
            line.append(_export_value(value))
        rows.append(line)
    return header, rows


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write atomically (a partial file never replaces a good one); returns the row
    count. Safe on a worker thread."""
    path = Path(path)
    if not path.parent.is_dir():
        raise StorageError(
            QCoreApplication.translate("Export", "The folder {folder} does not exist.").format(
                folder=path.parent
            ),
            hint=QCoreApplication.translate("Export", "Choose another folder."),
        )
    tmp = path.with_name(f".{path.name}.partial")
    count = 0
    try:
        paths.create_private_file(tmp)  # readable by this account only
        with tmp.open("w", newline="", encoding="utf-8") as handle:
            writer = csv_safe.writer(handle)
            writer.writerow(header)
            for row in rows:
                writer.writerow(row)
                count += 1
        tmp.replace(path)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise StorageError(
            QCoreApplication.translate("Export", "Could not write {file}: {reason}").format(
                file=path, reason=error.strerror or error
            ),
            hint=QCoreApplication.translate(
                "Export", "Choose another folder or free some disk space."
            ),
        ) from error
    return count


def export_model_csv(model: QAbstractItemModel, path: Path) -> int:
    """Write what `model` shows to `path` (loaded rows only, for a paged model)."""
    header, rows = snapshot_model(model)
    return write_csv(path, header, rows)
