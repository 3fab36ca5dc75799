"""The main window: a navigation list of the areas the signed-in person may use, each
built on its first visit, plus the File and Help menus and the status bar.

The window knows nothing about any area's insides: an area is a widget made by its
AreaSpec factory from the AppContext. A factory that fails is a bug and is reported as
one (never silently skipped); the area then shows a short notice instead.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from clinicdesk import __version__, paths
from clinicdesk.db.glance import MODELS_REVISION
from clinicdesk.errors import ClinicDeskError
from clinicdesk.ui import areas as area_registry
from clinicdesk.ui import theme
from clinicdesk.ui.admin.roles import roles_text
from clinicdesk.ui.areas import AreaSpec
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.guide import HELP_SHORTCUT, GuideWindow
from clinicdesk.ui.lock import SessionLock
from clinicdesk.ui.safe_text import plain_tooltip
from clinicdesk.ui.sync_status import SyncStatusController
from clinicdesk.ui.widgets import error_text, set_accessible, wait_until

log = logging.getLogger(__name__)

GEOMETRY_KEY = "main_window"
# How long closing or signing out waits for running work before asking about it.
CLOSE_GRACE_MS = 1500
SPLITTER_KEY = "main_window/splitter"
# Room left for a window manager's title bar and frame when choosing the first size.
FRAME_ALLOWANCE = 40
# ...and for the frame's left and right edges.
FRAME_WIDTH_ALLOWANCE = 12
# Up to this width the window starts as wide as the screen.
SMALL_SCREEN_WIDTH = 1440


class _Notice(QWidget):
    """Shown in place of an area that could not be built, or when there is none."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)


class MainWindow(QMainWindow):
    sign_out_requested = Signal()
    closed = Signal()  # the person closed the window or chose Quit
    area_shown = Signal(str)  # area key

    def __init__(
        self,
        ctx: AppContext,
        *,
        lock_timeout_ms: int = 0,
        fixed_lock_timeout: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.runner.watch_database(ctx.db)  # open areas update themselves (ui/changes.py)
        self.setObjectName("mainWindow")
        self.setWindowTitle(
            self.tr("%1 — ClinicDesk").replace("%1", ctx.clinic.name or "ClinicDesk")
        )
        # Replaceable so tests answer without a modal box.
        self.confirm_close: Callable[[], bool] = self._ask_close_with_work_running
        self._leaving = False  # closing for sign-out: no questions, no `closed`
        self._lock_started = False
        self._waiting_for_work = False
        self.close_grace_ms = CLOSE_GRACE_MS
        self.areas: list[AreaSpec] = area_registry.areas_for(ctx.principal)
        self._pages: dict[str, QWidget] = {}
        self.area_failures: dict[str, str] = {}

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        set_accessible(self.nav, self.tr("Areas"), self.tr("The parts of ClinicDesk you can open"))
        self.nav.setMinimumWidth(150)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        theme.style_sidebar(self.nav)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("areaStack")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        if not self.areas:
            self.stack.addWidget(
                _Notice(
                    self.tr("Your account has no areas yet. Ask an administrator for a role."),
                    self,
                )
            )

        self._build_menus()
        self._build_status_bar()
        self.sync_status = SyncStatusController(ctx, self, self, parent=self)
        self.statusBar().insertPermanentWidget(0, self.sync_status.button)
        for spec in self.areas:
            item = QListWidgetItem(theme.icon(spec.key), self.tr(spec.title), self.nav)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            if spec.shortcut:
                shortcut = QKeySequence(spec.shortcut).toString(
                    QKeySequence.SequenceFormat.NativeText
                )
                item.setToolTip(f"{self.tr(spec.title)} ({shortcut})")
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)

        self.session_lock = SessionLock(
            ctx, self, timeout_ms=lock_timeout_ms, fixed_timeout=fixed_lock_timeout, parent=self
        )
        self.session_lock.session_ended.connect(self._on_session_lock_session_ended)
        self.session_lock.locked.connect(self._on_session_lock_locked_changed)
        self.session_lock.unlocked.connect(self._on_session_lock_locked_changed)

        self.resize(self._first_size())
        ctx.ui_state.restore_geometry(GEOMETRY_KEY, self)
        splitter_state = ctx.ui_state.value(SPLITTER_KEY)
        if isinstance(splitter_state, QByteArray):
            self.splitter.restoreState(splitter_state)
        else:
            # Wide enough for the longest area name in the person's language.
            names = self.nav.sizeHintForColumn(0) + 16 if self.areas else 0
            self.splitter.setSizes([max(200, names), 900])
        if self.areas:
            self.nav.setCurrentRow(0)
        self.nav.setFocus()

    # --- building ---------------------------------------------------------------------

    def _first_size(self) -> QSize:
        """The size before any saved geometry: roomy on a big screen; on a small one
        (1280 or 1366 px wide) the whole width, since the areas' lists and details need
        it, and small enough that the title bar and the status bar stay on the screen."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return QSize(1100, 680)
        room = screen.availableGeometry()
        if room.width() <= SMALL_SCREEN_WIDTH:
            width = room.width() - FRAME_WIDTH_ALLOWANCE
        else:
            width = min(max(1100, room.width() * 3 // 4), room.width())
        height = min(max(680, room.height() * 4 // 5), room.height() - FRAME_ALLOWANCE)
        return QSize(width, height)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.lock_action = QAction(theme.icon("lock"), self.tr("&Lock now"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setStatusTip(self.tr("Cover the window until your password is entered"))
        self.lock_action.triggered.connect(self.lock_now)
        self.sign_out_action = QAction(theme.icon("sign_out"), self.tr("&Sign out"), self)
        self.sign_out_action.setStatusTip(self.tr("Sign out and let someone else sign in"))
        self.sign_out_action.triggered.connect(self._on_sign_out_action_triggered)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.sign_out_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        go_menu = bar.addMenu(self.tr("&Go"))
        self.area_actions: dict[str, QAction] = {}
        for spec in self.areas:
            action = QAction(theme.icon(spec.key), self.tr(spec.title), self)
            if spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
            action.triggered.connect(lambda _checked=False, key=spec.key: self.go_to_area(key))
            go_menu.addAction(action)
            self.area_actions[spec.key] = action
        go_menu.setEnabled(bool(self.areas))

        help_menu = bar.addMenu(self.tr("&Help"))
        self.guide_action = QAction(self.tr("&Guide to this area"), self)
        self.guide_action.setShortcut(QKeySequence(HELP_SHORTCUT))
        self.guide_action.setStatusTip(self.tr("A short guide to the area on screen"))
        self.guide_action.triggered.connect(self.show_guide)
        self.guide_action.setIcon(theme.icon("guide"))
        help_menu.addAction(self.guide_action)
        self.guide_window: GuideWindow | None = None
        self.about_action = QAction(self.tr("&About ClinicDesk"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def show_guide(self) -> GuideWindow:
        """F1: the guide page of the area on screen."""
        key = self.current_area() or "today"
        title = next((self.tr(a.title) for a in self.areas if a.key == key), key)
        if self.guide_window is None:
            self.guide_window = GuideWindow(self)
        self.guide_window.show_area(key, title)
        return self.guide_window

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        principal = self.ctx.principal
        self.user_label = QLabel(
            self.tr("{name} ({roles})").format(
                name=principal.label, roles=roles_text(principal.roles)
            )
            if principal.roles
            else principal.label,
            self,
        )
        self.user_label.setObjectName("signedInUser")
        self.user_label.setAccessibleName(self.tr("Signed in as"))
        self.user_label.setToolTip(self.tr("Signed in as %1").replace("%1", principal.username))
        self.database_label = QLabel(self.ctx.db.description, self)
        self.database_label.setObjectName("databaseDescription")
        self.database_label.setAccessibleName(self.tr("Database"))
        # Filled by the federation sync (a later issue): hidden until it reports.
        self.sync_label = QLabel(self)
        self.sync_label.setObjectName("syncState")
        self.sync_label.setAccessibleName(self.tr("Federation sync"))
        self.sync_label.hide()
        bar.addPermanentWidget(self.sync_label)
        bar.addPermanentWidget(self.database_label)
        bar.addPermanentWidget(self.user_label)
        self.ctx.messages.status_message.connect(self._on_messages_status_message)

    # --- areas --------------------------------------------------------------------------

    def area_keys(self) -> list[str]:
        return [spec.key for spec in self.areas]

    def area_widget(self, key: str) -> QWidget | None:
        """The area's widget once built (None before its first visit)."""
        return self._pages.get(key)

    def current_area(self) -> str | None:
        row = self.nav.currentRow()
        return self.areas[row].key if 0 <= row < len(self.areas) else None

    def show_area(self, key: str) -> QWidget | None:
        for row, spec in enumerate(self.areas):
            if spec.key == key:
                self.nav.setCurrentRow(row)
                return self._pages.get(key)
        raise KeyError(key)

    def go_to_area(self, key: str) -> None:
        """Show an area and put the keyboard focus in it (Go menu and its Ctrl+digit
        shortcuts), so its own shortcuts (Ctrl+F, Ctrl+N…) work at once: on its first
        field, past any tab bar (Ctrl+Tab changes tabs from inside a tab)."""
        self.show_area(key)
        page = self._pages.get(key)
        if page is None:
            return
        page.setFocus(Qt.FocusReason.ShortcutFocusReason)
        # Qt's own Tab step (walking the focus chain from Python would wrap Qt's
        # internal widgets, which has crashed a table's header).
        for _step in range(3):
            if not page.focusNextPrevChild(True):
                break
            if not isinstance(QApplication.focusWidget(), QTabBar):
                break

    def _on_nav_current_row_changed(self, row: int) -> None:
        if not 0 <= row < len(self.areas):
            return
        spec = self.areas[row]
        page = self._pages.get(spec.key)
        if page is None:
            page = self._build_area(spec)
            self._pages[spec.key] = page
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.area_shown.emit(spec.key)

    def _could_not_open(self, spec: AreaSpec, why: str) -> str:
        return (
            self.tr("“%1” could not be opened.\n%2")
            .replace("%1", self.tr(spec.title))
            .replace("%2", why)
        )

    def _build_area(self, spec: AreaSpec) -> QWidget:
        try:
            widget = spec.factory(self.ctx)
            if not isinstance(widget, QWidget):
                raise TypeError(f"area {spec.key!r} factory returned {type(widget).__name__}")
        except ClinicDeskError as error:
            self.area_failures[spec.key] = error.message
            self.ctx.messages.error(error, self)
            return _Notice(self._could_not_open(spec, error_text(error)), self)
        except Exception:
            log.info("Area %s could not be built", spec.key)
            self.area_failures[spec.key] = "unexpected problem"
            sys.excepthook(*sys.exc_info())
            return _Notice(
                self._could_not_open(
                    spec,
                    self.tr("An unexpected problem stopped it; the details are in the log file."),
                ),
                self,
            )
        widget.setObjectName(widget.objectName() or f"area_{spec.key}")
        # An area that edits the clinic settings announces them (AdminView does): a new
        # inactivity lock time or sync interval applies at once, not at the next sign-in.
        saved = getattr(widget, "settings_saved", None)
        if isinstance(saved, SignalInstance):
            saved.connect(self._on_area_settings_saved)
        # The start screen's buttons lead to other areas.
        requested = getattr(widget, "area_requested", None)
        if isinstance(requested, SignalInstance):
            requested.connect(self._on_area_requested)
        return widget

    def _on_area_requested(self, key: str, request: str = "") -> None:
        if any(spec.key == key for spec in self.areas):
            widget = self.show_area(key)
            show_request = getattr(widget, "show_request", None)
            if request and callable(show_request):
                show_request(request)

    def _on_area_settings_saved(self, values: object) -> None:
        minutes = getattr(values, "inactivity_lock_minutes", None)
        if isinstance(minutes, int):
            self.session_lock.apply_clinic_setting(minutes)
        sync_minutes = getattr(values, "sync_interval_minutes", None)
        if isinstance(sync_minutes, int):
            self.sync_status.apply_interval_minutes(sync_minutes)

    # --- status bar ---------------------------------------------------------------------

    def set_sync_state(self, text: str | None, tooltip: str = "") -> None:
        """Where the federation sync shows its last run, pending and failed items.
        None hides the spot (nothing to report yet)."""
        if not text:
            self.sync_label.clear()
            self.sync_label.hide()
            return
        self.sync_label.setText(text)
        self.sync_label.setToolTip(plain_tooltip(tooltip) or "")  # may quote the hub
        self.sync_label.show()

    def _on_messages_status_message(self, text: str, timeout_ms: int) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    # --- lock, sign out, about ------------------------------------------------------------

    def lock_now(self) -> None:
        self.session_lock.lock(reason="manual")

    @property
    def is_locked(self) -> bool:
        return self.session_lock.is_locked

    def _on_session_lock_locked_changed(self) -> None:
        locked = self.session_lock.is_locked
        self.menuBar().setEnabled(not locked)
        for action in (self.lock_action, self.sign_out_action, self.quit_action):
            action.setEnabled(not locked)
        for action in self.area_actions.values():
            action.setEnabled(not locked)

    def _on_session_lock_session_ended(self) -> None:
        self.sign_out_requested.emit()

    def _on_sign_out_action_triggered(self) -> None:
        if self._waiting_for_work:
            return
        if self._work_still_running() and not self.confirm_close():
            return
        self.sign_out_requested.emit()

    def _work_still_running(self) -> bool:
        """Quick reads (an area loading its first screen) end on their own: give running
        work a moment before asking the person about it."""
        runner = self.ctx.runner
        if runner.busy:
            self._waiting_for_work = True
            try:
                wait_until(lambda: not runner.busy, self.close_grace_ms)
            finally:
                self._waiting_for_work = False
        return runner.busy

    def about_text(self) -> str:
        return (
            self.tr(
                "ClinicDesk %1\n\nOffice software for a member-owned cooperative clinic.\n\n"
                "Clinic: %2\nDatabase: %3 (schema %5)\nLog file: %4"
            )
            .replace("%1", __version__)
            .replace("%5", MODELS_REVISION)
            .replace("%2", self.ctx.clinic.name)
            .replace("%3", self.ctx.db.description)
            .replace("%4", str(paths.log_file()))
        )

    def show_about(self) -> None:
        self.ctx.messages.info(self.tr("About ClinicDesk"), self.about_text(), self)

    # --- closing ------------------------------------------------------------------------

    def _ask_close_with_work_running(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Work is still running"),
            self.tr(
                "ClinicDesk is still working on something in the background. If you "
                "close now, that work is cancelled.\n\nClose anyway?"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def save_state(self) -> None:
        self.ctx.ui_state.save_geometry(GEOMETRY_KEY, self)
        self.ctx.ui_state.set_value(SPLITTER_KEY, self.splitter.saveState())
        self.ctx.ui_state.sync()

    def close_for_sign_out(self) -> None:
        """Close without questions (the person already chose to leave): end open dialogs
        so their exec loops return, stop the lock, save the window state."""
        self._leaving = True
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and self._owns(widget):
                widget.reject()
        self.close()

    def _owns(self, widget: QWidget) -> bool:
        current: QWidget | None = widget.parentWidget()
        while current is not None:
            if current is self:
                return True
            current = current.parentWidget()
        return False

    def showEvent(self, event):
        super().showEvent(event)
        if not self._lock_started and not self._leaving:
            self._lock_started = True
            self.session_lock.start()
            self.sync_status.start()

    def closeEvent(self, event):
        if not self._leaving:
            if self.session_lock.is_locked or self._waiting_for_work:
                event.ignore()  # only the password or Sign out leaves a locked window
                return
            if self._work_still_running() and not self.confirm_close():
                event.ignore()
                return
        self.sync_status.stop()
        self.ctx.runner.cancel_all()
        self.session_lock.release()
        self.save_state()
        super().closeEvent(event)
        if not self._leaving:
            self._leaving = True
            self.closed.emit()
