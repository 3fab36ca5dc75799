"""The window's start: the first interactive frame before the heavy modules (DESIGN §9).

What a person waits for at start is the sign-in dialog. For the usual clinic — a SQLite
file at the schema this program knows, with a clinic and its users, that this account
can write (db/glance.py) — the dialog is shown with PySide6 and the standard library
alone. The rest of the program is then imported while the person types — SQLAlchemy and
the services on a worker thread, then the main window and the Today area one module per
turn of the event loop, then the icon font — the database is opened, and the start-up
`Shell` (ui/application.py) takes the dialog over. Whoever signs in before that is done
waits, with a busy cursor, for what is left; the fields stay as typed.

Everything else — `--demo`, PostgreSQL, a new, older, newer, foreign, locked, read-only
or damaged database, an unusual address, a damaged settings file — takes the full path,
`application.run_gui`, which upgrades, runs the first-run dialog or says what is wrong.

With CLINICDESK_EXIT_WHEN_SHOWN=1 the program prints SHOWN_MARKER once its first window
(the sign-in dialog; the main window with --demo) has been painted, and exits 0: the
start-up benchmark, and the test that the first frame imports no storage.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from clinicdesk import APP_NAME, __version__, resources_root
from clinicdesk.db.address import resolve_url
from clinicdesk.db.glance import ClinicGlance, glance_sqlite
from clinicdesk.errors import ClinicDeskError
from clinicdesk.ui import language, theme
from clinicdesk.ui.excepthook import ExceptHook
from clinicdesk.ui.messages import MessageBridge
from clinicdesk.ui.signin import SignInDialog
from clinicdesk.ui.tasks import TaskRunner
from clinicdesk.ui.ui_state import UiState

if TYPE_CHECKING:
    from clinicdesk.db.unit_of_work import Database
    from clinicdesk.ui.application import Shell

log = logging.getLogger(__name__)

EXIT_WHEN_SHOWN_ENV = "CLINICDESK_EXIT_WHEN_SHOWN"
SHOWN_MARKER = "clinicdesk: first window shown"

_ICON = resources_root() / "icons" / "clinicdesk.svg"

# What signing in and the Today screen need, imported while the person types. The part
# without Qt (the storage layer, the services, pydantic, requests) is imported on a worker
# thread: `import sqlalchemy` alone is one step of a few hundred milliseconds that no
# event-loop turn could split, and a worker holds the interpreter only in short slices,
# so the keys typed meanwhile are handled at once. A test checks that none of these
# imports Qt.
BACKGROUND_MODULES = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "clinicdesk.db.models",
    "clinicdesk.db.unit_of_work",
    "clinicdesk.db.engine",
    "clinicdesk.db.migrate",
    "clinicdesk.db.roles",
    "clinicdesk.services.auth",
    "clinicdesk.services.settings",
    "clinicdesk.services.setup",
    "clinicdesk.services.demo",
    "clinicdesk.services.federation_link",
    "clinicdesk.services.sync",
    "clinicdesk.services.today",
)
# The windows, with Qt: imported afterwards on the UI thread, one per event-loop turn
# (each a few milliseconds once the modules above are in).
UI_MODULES = (
    "clinicdesk.ui.tables",
    "clinicdesk.ui.context",
    "clinicdesk.ui.sync_status",
    "clinicdesk.ui.lock",
    "clinicdesk.ui.guide",
    "clinicdesk.ui.first_run",
    "clinicdesk.ui.main_window",
    "clinicdesk.ui.application",
    "clinicdesk.ui.training.models",
    "clinicdesk.ui.today.view",
)


def import_in_background(names: Iterable[str]) -> None:
    for name in names:
        importlib.import_module(name)


def ensure_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, configured; reuses one that already exists (tests)."""
    app = QApplication.instance()
    if app is None:
        # Qt 6 scales for high-DPI screens by itself; pass fractional factors through
        # (its default) rather than rounding them.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("clinicdesk")  # matches installer/linux/clinicdesk.desktop
    if _ICON.is_file() and app.windowIcon().isNull():
        app.setWindowIcon(QIcon(str(_ICON)))
    theme.install(app)  # light or dark as the desktop (or CLINICDESK_COLOR_SCHEME) says
    # The sign-in dialog speaks as the last person to choose a language here did, else as
    # the operating system says; the signed-in person's own choice follows (Shell).
    last = UiState().value(language.LAST_LANGUAGE_KEY)
    language.install(last if isinstance(last, str) and last else None)
    return app


def present(widget: QWidget) -> None:
    widget.show()
    widget.raise_()
    widget.activateWindow()


class _PaintWatch(QObject):
    """Calls `then` once, in the event loop's next turn after the first paint of any
    widget in `window` (the paint has then been drawn and handed to the window system)."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._then = then
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            app = QApplication.instance()
            assert app is not None
            app.removeEventFilter(self)
            QTimer.singleShot(0, self, self._then)
        return False


def when_painted(window: QWidget, then: Callable[[], None]) -> None:
    """Call `then` once `window` has been painted for the first time."""
    _PaintWatch(window, then)


def announce_when_painted(window: QWidget, then: Callable[[], None]) -> None:
    """Print SHOWN_MARKER once `window` has been painted, then call `then` (which quits)."""

    def announce() -> None:
        print(SHOWN_MARKER, flush=True)
        then()

    when_painted(window, announce)


def run_window(db_url: str | None = None, demo: bool = False) -> int:
    """The window, from start to exit: the quick start when the clinic is an ordinary
    one (see the module's docstring), else `application.run_gui`. Returns the exit code."""
    look: ClinicGlance | None = None
    if not demo:
        try:
            url = resolve_url(db_url)
        except ClinicDeskError:
            url = ""  # the full path says what is wrong with the settings
        look = glance_sqlite(url) if url else None
    if look is None:
        from clinicdesk.ui.application import run_gui

        return run_gui(db_url=db_url, demo=demo)
    return QuickStart(url, look, ensure_application()).run()


class QuickStart(QObject):
    """The sign-in dialog at once, the rest of the program in idle moments, then the
    Shell. `ready_ms` says how long after the dialog was shown the program was ready to
    sign in (None until then)."""

    finished = Signal(int)  # exit code
    _background_done = Signal()  # from the import thread

    def __init__(self, url: str, look: ClinicGlance, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("quickStart")
        self.app = app
        self.url = url
        self.clinic_name = look.clinic_name
        self.messages = MessageBridge()
        self.hook = ExceptHook(self.messages)
        self.runner = TaskRunner(self.messages.error, self.hook.report)
        self.ui_state = UiState()
        self.db: Database | None = None
        self.shell: Shell | None = None
        self.exit_code: int | None = None
        self.ready_ms: float | None = None
        self._shown_at = 0.0
        self._quit_on_last = True
        self._steps: list[Callable[[], object]] = [
            *(partial(importlib.import_module, name) for name in UI_MODULES),
            *(partial(theme.import_icon_library, name) for name in theme.ICON_LIBRARY),
            theme.preload_icons,
        ]
        self._background: threading.Thread | None = None
        self._background_error: BaseException | None = None
        self._background_done.connect(self._on_background_done)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._warm_up_one)
        self.dialog = SignInDialog(
            None,
            self.runner,
            self.messages,
            clinic_name=look.clinic_name,
            prepare=self.finish_now,
        )
        self.dialog.rejected.connect(self._on_dialog_rejected)

    def run(self) -> int:
        """Show the dialog, run the event loop until the program ends, close."""
        self.start()
        self.finished.connect(self.app.exit)
        try:
            code = self.app.exec()
            return self.exit_code if self.exit_code is not None else code
        finally:
            self.close()

    def start(self) -> None:
        """Show the dialog; the warm-up begins once it has been painted."""
        self.hook.install()
        self._quit_on_last = self.app.quitOnLastWindowClosed()
        # The shell decides when to quit (between sign-out and sign-in no window is open).
        self.app.setQuitOnLastWindowClosed(False)
        if os.environ.get(EXIT_WHEN_SHOWN_ENV) == "1":
            announce_when_painted(self.dialog, lambda: self._finish(0))
        else:
            when_painted(self.dialog, self._on_dialog_painted)
        present(self.dialog)

    def close(self) -> None:
        """Record the sign-out of an open window, wait for background work, close the
        database."""
        self._timer.stop()
        if self._background is not None:
            self._background.join()  # a second at most: no import is left half-done
            self._background = None
        if self.shell is not None:
            self.shell.shutdown()
        if shiboken6.isValid(self.dialog):  # the shell deletes it once someone signed in
            self.dialog.hide()
            self.dialog.deleteLater()
        self.runner.cancel_all()
        self.runner.wait_for_all()
        if self.db is not None:
            self.db.dispose()
        self.hook.uninstall()
        self.app.setQuitOnLastWindowClosed(self._quit_on_last)

    # --- warming up -------------------------------------------------------------------

    def _on_dialog_painted(self) -> None:
        self._shown_at = time.perf_counter()
        self._background = threading.Thread(
            target=self._import_in_background, name="clinicdesk-warm-up", daemon=True
        )
        self._background.start()

    def _import_in_background(self) -> None:
        try:
            import_in_background(BACKGROUND_MODULES)
        except BaseException as error:  # a bug: raised again on the UI thread
            self._background_error = error
        if shiboken6.isValid(self):
            self._background_done.emit()

    def _join_background(self) -> None:
        if self._background is not None:
            self._background.join()
            self._background = None
            if self._background_error is not None:
                error, self._background_error = self._background_error, None
                raise error

    def _on_background_done(self) -> None:
        if self._background is None:
            return  # finish_now has already waited for it
        self._join_background()
        self._timer.start()

    def _warm_up_one(self) -> None:
        if self._steps:
            self._steps.pop(0)()
            self._timer.start()
        else:
            self._take_over()

    def finish_now(self) -> Database | None:
        """The dialog's `prepare`: the person signed in before the warm-up ended, so the
        rest now, under a busy cursor. None when the program cannot go on."""
        if self.shell is None and self.exit_code is None:
            self._timer.stop()
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            try:
                self._join_background()
                while self._steps:
                    self._steps.pop(0)()
                self._take_over()
            finally:
                QApplication.restoreOverrideCursor()
        adopted = self.shell is not None and self.shell.sign_in_dialog is self.dialog
        return self.db if adopted else None

    def _take_over(self) -> None:
        """Open the database and hand the dialog to the Shell. Should the database have
        changed since the glance (upgraded by a newer program meanwhile, say), the Shell
        starts afresh and says what it finds."""
        if self.shell is not None or self.exit_code is not None:
            return
        from clinicdesk.app import open_database
        from clinicdesk.db import migrate
        from clinicdesk.ui.application import Shell

        shell = Shell(messages=self.messages, runner=self.runner, ui_state=self.ui_state)
        shell.finished.connect(self._finish)
        self.shell = shell
        try:
            self.db = open_database(self.url, upgrade=False)
            current = migrate.status(self.db).state is migrate.SchemaState.CURRENT
        except ClinicDeskError as error:
            self.messages.error(error, self.dialog)
            self._finish(error.exit_code)
            return
        if self._shown_at:
            self.ready_ms = (time.perf_counter() - self._shown_at) * 1000
            log.info("Ready to sign in %.0f ms after the sign-in dialog was shown", self.ready_ms)
        if current:
            shell.adopt_sign_in(self.db, self.dialog, self.clinic_name)
            return
        self.dialog.rejected.disconnect(self._on_dialog_rejected)
        self.dialog.hide()
        self.dialog.deleteLater()
        shell.start(self.db)

    # --- ending -----------------------------------------------------------------------

    def _on_dialog_rejected(self) -> None:
        if self.shell is None or self.shell.sign_in_dialog is None:
            self._finish(0)  # Quit before the shell took the dialog over

    def _finish(self, code: int) -> None:
        if self.exit_code is None:
            self.exit_code = code
            self.finished.emit(code)
