"""The shared table pieces: row model, sort/filter proxy, paged model, filter line,
header persistence and CSV export."""

from __future__ import annotations

import csv
import threading
from dataclasses import dataclass
from datetime import datetime

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt

from clinicdesk.errors import ClinicDeskError, StorageError
from clinicdesk.ui.table_views import DataTableView, FilterLine
from clinicdesk.ui.tables import (
    ROW_ROLE,
    Column,
    PagedTableModel,
    RowSortFilterProxy,
    RowTableModel,
    export_model_csv,
    write_csv,
)
from clinicdesk.ui.tasks import TaskRunner
from clinicdesk.ui.ui_state import UiState

pytestmark = pytest.mark.gui


@dataclass(frozen=True)
class Item:
    key: int
    name: str
    amount: int | None
    when: datetime | None = None


def columns() -> list[Column]:
    return [
        Column("Name", lambda r: r.name),
        Column(
            "Amount",
            lambda r: r.amount,
            align=Qt.AlignmentFlag.AlignRight,
            export=lambda r: "" if r.amount is None else f"{r.amount:.2f}",
        ),
    ]


def make_model(rows: list[Item]) -> RowTableModel:
    return RowTableModel(columns(), key=lambda r: r.key, rows=rows)


def test_row_model_passes_the_model_tester_through_every_kind_of_change(qtmodeltester):
    model = make_model([Item(1, "b", 10), Item(2, "a", None)])
    qtmodeltester.check(model)
    model.upsert(Item(3, "c", 5))
    model.upsert(Item(1, "b2", 11))
    model.remove_key(2)
    model.sync_rows([Item(3, "c", 6), Item(4, "d", 1), Item(5, "e", 2)])
    model.set_rows([Item(9, "z", 0)])
    assert [r.key for r in model.rows()] == [9]


def test_upsert_and_sync_emit_targeted_signals_not_resets(qtbot):
    model = make_model([Item(1, "a", 1), Item(2, "b", 2), Item(3, "c", 3)])
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))

    with qtbot.waitSignal(model.dataChanged) as changed:
        assert model.upsert(Item(2, "B", 2)) == 1
    top_left, bottom_right = changed.args[:2]
    assert (top_left.row(), top_left.column()) == (1, 0)
    assert (bottom_right.row(), bottom_right.column()) == (1, 1)

    with qtbot.waitSignal(model.rowsInserted) as inserted:
        assert model.upsert(Item(4, "d", 4)) == 3
    assert inserted.args[1:] == [3, 3]

    removed: list[tuple[int, int]] = []
    model.rowsRemoved.connect(lambda _p, first, last: removed.append((first, last)))
    model.sync_rows([Item(1, "a", 1), Item(4, "d", 40), Item(5, "e", 5)])
    assert removed == [(1, 2)]  # rows 2 and 3 went, as one block
    assert [(r.key, r.amount) for r in model.rows()] == [(1, 1), (4, 40), (5, 5)]
    assert model.row_of(5) == 2
    assert resets == []


def test_proxy_sorts_by_value_with_empty_last_and_filters_any_column(qtmodeltester):
    model = make_model([Item(1, "Bravo", 10), Item(2, "alpha", None), Item(3, "charlie", 9)])
    proxy = RowSortFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)

    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    amounts = [proxy.index(r, 1).data() for r in range(proxy.rowCount())]
    assert amounts == [9, 10, ""]  # numbers as numbers (not "10" < "9"), empty last
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    names = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert names == ["alpha", "Bravo", "charlie"]  # case-insensitive

    proxy.set_filter_text("CHAR")
    assert proxy.rowCount() == 1
    assert proxy.index(0, 0).data(ROW_ROLE) == Item(3, "charlie", 9)
    proxy.set_filter_text("10")  # matches the amount column too
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["Bravo"]


def test_filter_line_waits_for_a_pause_then_announces_once(qtbot):
    line = FilterLine(delay_ms=80)
    qtbot.addWidget(line)
    seen: list[str] = []
    line.filter_changed.connect(seen.append)
    qtbot.keyClicks(line, "abc")
    assert seen == []  # nothing per keystroke
    assert line.pending
    qtbot.waitUntil(lambda: seen == ["abc"], timeout=2000)
    qtbot.keyClick(line, Qt.Key.Key_Return)  # same text: no second announcement
    assert seen == ["abc"]
    qtbot.keyClick(line, Qt.Key.Key_Escape)
    assert line.text() == ""
    assert seen == ["abc", ""]


def test_export_writes_what_the_view_shows(tmp_path):
    model = make_model([Item(1, "b", 10), Item(2, "a", None), Item(3, "c, with comma", 7)])
    proxy = RowSortFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    proxy.set_filter_text("b")
    target = tmp_path / "out.csv"
    count = export_model_csv(proxy, target)
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Name", "Amount"]
    assert rows[1:] == [["b", "10.00"]]
    assert count == 1
    proxy.set_filter_text("")
    assert export_model_csv(proxy, target) == 3
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[1:] == [["a", ""], ["b", "10.00"], ["c, with comma", "7.00"]]
    assert not list(tmp_path.glob(".*.partial"))


def test_write_csv_into_a_missing_folder_is_a_known_error(tmp_path):
    with pytest.raises(StorageError, match="does not exist"):
        write_csv(tmp_path / "nowhere" / "x.csv", ["a"], [["1"]])


def test_header_state_survives_a_new_view(qtbot, tmp_path):
    state = UiState(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    model = make_model([Item(1, "a", 1), Item(2, "b", 2)])
    first = DataTableView()
    qtbot.addWidget(first)
    first.setModel(model)
    first.persist_header(state, "test/items")
    first.horizontalHeader().resizeSection(0, 173)
    first.save_header_state()

    second = DataTableView()
    qtbot.addWidget(second)
    second.setModel(make_model([Item(1, "a", 1)]))
    second.persist_header(state, "test/items")
    assert second.horizontalHeader().sectionSize(0) == 173


def test_a_list_first_seen_empty_gets_its_columns_fitted_when_rows_come(qtbot, tmp_path):
    """Resizing the window of an empty list saved Qt's default widths, and the columns
    were never fitted to their rows again."""
    state = UiState(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    model = make_model([])
    first = DataTableView()
    qtbot.addWidget(first)
    first.setModel(model)
    first.persist_header(state, "test/items")
    first.resize(600, 300)
    first.show()
    qtbot.waitExposed(first)
    first.resize(700, 300)  # the stretched last column resizes
    first.save_header_state()  # as closing the window would
    assert state.value("header/test/items") is None
    model.set_rows([Item(1, "a name much wider than the default column", 1)])
    name_width = first.horizontalHeader().sectionSize(0)
    assert name_width > first.horizontalHeader().defaultSectionSize()
    first.save_header_state()

    second = DataTableView()
    qtbot.addWidget(second)
    second.setModel(make_model([]))
    second.persist_header(state, "test/items")
    assert second.horizontalHeader().sectionSize(0) == name_width


# -- the paged model ---------------------------------------------------------------------


class FakeSource:
    """An in-memory 'server list', newest first, that can grow at the top meanwhile."""

    def __init__(self, n: int) -> None:
        self.items = [Item(k, f"item {k}", k) for k in range(n, 0, -1)]
        self.calls: list[tuple[int, int]] = []
        self.threads: set[int] = set()

    def page(self, offset: int, limit: int) -> list[Item]:
        self.threads.add(threading.get_ident())
        self.calls.append((offset, limit))
        return self.items[offset : offset + limit]

    def count(self) -> int:
        return len(self.items)


@pytest.fixture
def runner():
    bugs: list[object] = []
    errors: list[ClinicDeskError] = []
    runner = TaskRunner(on_error=lambda e, _p: errors.append(e), on_bug=bugs.append)
    yield runner
    runner.wait_for_all()
    assert not bugs
    assert not errors


def test_paged_model_loads_page_by_page_off_the_ui_thread(qtbot, qtmodeltester, runner):
    source = FakeSource(450)
    model = PagedTableModel(columns(), key=lambda r: r.key, runner=runner, page_size=200)
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.reloaded):
        model.reload(source.page, source.count)
    assert model.rowCount() == 200
    assert model.total == 450
    assert threading.get_ident() not in source.threads
    assert model.canFetchMore(QModelIndex())

    with qtbot.waitSignal(model.page_loaded):
        model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: not model.loading)
    assert model.rowCount() == 400
    with qtbot.waitSignal(model.page_loaded):
        model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: not model.loading)
    assert model.rowCount() == 450
    assert not model.canFetchMore(QModelIndex())
    assert [r.key for r in model.rows()] == list(range(450, 0, -1))


def test_paged_model_skips_rows_pushed_down_by_new_ones(qtbot, runner):
    source = FakeSource(300)
    model = PagedTableModel(columns(), key=lambda r: r.key, runner=runner, page_size=200)
    with qtbot.waitSignal(model.reloaded):
        model.reload(source.page, source.count)
    # Five newer rows arrive at the top: the next page starts five rows "too early".
    source.items[:0] = [Item(k, f"new {k}", k) for k in range(305, 300, -1)]
    with qtbot.waitSignal(model.page_loaded):
        model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: not model.loading)
    keys = [r.key for r in model.rows()]
    assert keys == list(range(300, 0, -1))  # every old row once, none twice


def test_a_stale_reload_result_is_dropped(qtbot, runner):
    old, new = FakeSource(10), FakeSource(3)
    model = PagedTableModel(columns(), key=lambda r: r.key, runner=runner, page_size=200)
    model.reload(old.page, old.count)
    with qtbot.waitSignal(model.reloaded):
        model.reload(new.page, new.count)
    runner.wait_for_all()
    qtbot.waitUntil(lambda: not runner.busy)
    assert model.rowCount() == 3
    assert model.total == 3


def test_view_helpers_find_the_row_object_through_the_proxy(qtbot):
    model = make_model([Item(1, "b", 1), Item(2, "a", 2)])
    proxy = RowSortFilterProxy()
    proxy.setSourceModel(model)
    view = DataTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert view.current_row_object() is None
    view.select_source_row(0)  # "b", shown second
    assert view.currentIndex().row() == 1
    assert view.current_row_object() == Item(1, "b", 1)
