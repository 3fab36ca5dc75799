"""One background runner for the UI (after Anki's QueryOp).

    runner.run(
        op=lambda progress: services.thing(db, ...),   # runs on a worker thread
        success=self._on_thing_done,                     # back on the UI thread
        label="Importing…", parent=self, cancellable=True,
    )

The operation gets a `Progress` to report `(done, total, text)` and to ask whether the
person pressed Cancel (`progress.check_cancelled()` raises Cancelled). It must never
touch a widget; it opens its own unit of work. Known errors go to the message bridge,
bugs to the excepthook; either way the UI thread gets them, never the worker.

The runner also broadcasts what changed: every commit to the watched database (by a
background task, a dialog, the sync) arrives on the UI thread as `data_changed(tables)`,
and open screens update themselves (ui/changes.py).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from clinicdesk.errors import Cancelled, ClinicDeskError

if TYPE_CHECKING:
    from clinicdesk.db.unit_of_work import Database

log = logging.getLogger(__name__)

# A progress dialog appears only for work that takes longer than this, so quick work
# does not flash a window.
PROGRESS_DELAY_MS = 400


def _alive(callback: Callable[..., Any] | None, parent: QWidget | None) -> bool:
    """False when the widget a result was meant for is gone (its window closed while the
    work ran, e.g. at sign-out): delivering it would touch a deleted C++ object."""
    owner = getattr(callback, "__self__", None)
    for obj in (owner, parent):
        if isinstance(obj, QObject) and not shiboken6.isValid(obj):
            log.info("Dropped a background result: its widget was closed meanwhile")
            return False
    return True


class Progress:
    """Handed to a background operation; thread-safe."""

    def __init__(self, signals: _TaskSignals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        self._signals.progressed.emit(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled(QCoreApplication.translate("TaskRunner", "Cancelled."))


class _TaskSignals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)  # a ClinicDeskError or an exc_info tuple for a bug


class _Runnable(QRunnable):
    def __init__(self, op: Callable[[Progress], Any], progress: Progress, signals: _TaskSignals):
        super().__init__()
        self._op = op
        self._progress = progress
        self._signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._op(self._progress)
        except ClinicDeskError as error:
            self._signals.failed.emit(error)
        except BaseException:
            self._signals.failed.emit(sys.exc_info())
        else:
            self._signals.succeeded.emit(result)


class Task(QObject):
    """A running operation; `finished` is emitted on the UI thread when it ends."""

    finished = Signal()

    def __init__(self, progress: Progress, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.progress = progress
        self.done = False

    def cancel(self) -> None:
        self.progress.cancel()


class TaskRunner(QObject):
    """Runs service calls on worker threads. Database work runs on one worker so two
    writes from one window never race each other; network work gets its own pool."""

    task_started = Signal()
    task_finished = Signal()
    # frozenset[str] of table names a commit wrote; emitted from the committing thread,
    # delivered to widgets on the UI thread (queued across threads).
    data_changed = Signal(object)

    def __init__(
        self,
        on_error: Callable[[ClinicDeskError, QWidget | None], None],
        on_bug: Callable[[Any], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_error = on_error
        self._on_bug = on_bug
        self._db_pool = QThreadPool(self)
        self._db_pool.setMaxThreadCount(1)
        self._net_pool = QThreadPool(self)
        self._net_pool.setMaxThreadCount(2)
        self._running: set[Task] = set()
        self._watched: Database | None = None
        self.destroyed.connect(lambda *_: self._unwatch())

    def watch_database(self, db: Database) -> None:
        """Broadcast `data_changed` for the commits to `db` (one database at a time)."""
        if self._watched is db:
            return
        self._unwatch()
        db.add_change_listener(self._on_database_committed)
        self._watched = db

    def _unwatch(self) -> None:
        if self._watched is not None:
            self._watched.remove_change_listener(self._on_database_committed)
            self._watched = None

    def _on_database_committed(self, tables: frozenset[str]) -> None:
        if shiboken6.isValid(self):
            self.data_changed.emit(tables)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def run(
        self,
        op: Callable[[Progress], Any],
        success: Callable[[Any], None] | None = None,
        *,
        failure: Callable[[ClinicDeskError], None] | None = None,
        parent: QWidget | None = None,
        label: str | None = None,
        cancellable: bool = False,
        network: bool = False,
    ) -> Task:
        signals = _TaskSignals()
        progress = Progress(signals)
        task = Task(progress, self)
        signals.setParent(task)
        dialog: QProgressDialog | None = None
        if label is not None:
            dialog = QProgressDialog(label, self.tr("Cancel") if cancellable else "", 0, 0, parent)
            dialog.setWindowTitle(self.tr("Please wait"))
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(PROGRESS_DELAY_MS)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            if not cancellable:
                dialog.setCancelButton(None)
            dialog.canceled.connect(progress.cancel)
            dialog.setValue(0)

        def on_progress(done: int, total: int, text: str) -> None:
            if dialog is None:
                return
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)
            if text:
                dialog.setLabelText(text)

        def finish() -> None:
            task.done = True
            if dialog is not None and shiboken6.isValid(dialog):  # gone with its parent?
                dialog.reset()
                dialog.hide()
                dialog.deleteLater()
            self._running.discard(task)
            task.finished.emit()
            self.task_finished.emit()
            task.deleteLater()

        def on_success(result: Any) -> None:
            try:
                if success is not None and _alive(success, parent):
                    success(result)
            finally:
                finish()

        def on_failed(error: Any) -> None:
            try:
                if isinstance(error, Cancelled):
                    log.info("Task cancelled: %s", label or op)
                elif isinstance(error, ClinicDeskError):
                    if failure is not None:
                        if _alive(failure, parent):
                            failure(error)
                    else:
                        self._on_error(error, parent if _alive(None, parent) else None)
                else:
                    self._on_bug(error)
            finally:
                finish()

        signals.progressed.connect(on_progress)
        signals.succeeded.connect(on_success)
        signals.failed.connect(on_failed)
        self._running.add(task)
        self.task_started.emit()
        pool = self._net_pool if network else self._db_pool
        pool.start(_Runnable(op, progress, signals))
        return task

    def wait_for_all(self, msecs: int = 30_000) -> bool:
        """Block until workers finish (for shutdown and tests), then deliver results."""
        ok = self._db_pool.waitForDone(msecs) and self._net_pool.waitForDone(msecs)
        QTimer.singleShot(0, lambda: None)
        return ok

    def cancel_all(self) -> None:
        for task in list(self._running):
            task.cancel()
