"""The GUI's composition root: the QApplication, the excepthook, and the `Shell` that
walks a person through start-up.

    open the database ─ schema behind? say so, copy aside (SQLite), upgrade
                      ─ ahead / foreign / unreachable / locked / read-only / damaged?
                        one clear message, non-zero exit, no traceback
    empty clinic?     ─ first-run dialog ─┐
    sign-in dialog  <─────────────────────┘ (new password first if one must be chosen)
    main window       ─ Sign out ─> audit, back to the sign-in dialog
                      ─ Quit / close ─> audit sign-out, exit 0

`--demo` skips the dialogs: a throw-away SQLite clinic in a temporary folder, signed in
as its manager; the folder is removed on exit.

An ordinary clinic's start does not come through `run_gui`: ui/launch.py shows the
sign-in dialog before this module is imported and hands it to a Shell afterwards
(`Shell.adopt_sign_in`). With CLINICDESK_EXIT_WHEN_SHOWN=1 either path prints
SHOWN_MARKER once its first window has been painted, and exits 0 (the start-up benchmark).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy import exc

from clinicdesk.app import open_database
from clinicdesk.db import migrate
from clinicdesk.db.engine import sqlite_url, translate_error
from clinicdesk.db.roles import provisioned_prefix
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import EXIT_BUG, ClinicDeskError
from clinicdesk.services import auth, demo, setup
from clinicdesk.ui import language
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.excepthook import ExceptHook
from clinicdesk.ui.first_run import FirstRunDialog
from clinicdesk.ui.launch import (
    EXIT_WHEN_SHOWN_ENV,
    announce_when_painted,
    ensure_application,
    present,
)
from clinicdesk.ui.main_window import MainWindow
from clinicdesk.ui.messages import MessageBridge
from clinicdesk.ui.signin import SessionStart, SignInDialog, describe_session
from clinicdesk.ui.tasks import TaskRunner
from clinicdesk.ui.ui_state import UiState

log = logging.getLogger(__name__)


def check_writable(db: Database) -> None:
    """Refuse at start-up a database that cannot be written (a read-only file or
    server account, or a SQLite file another program keeps locked), instead of failing
    at the first save. The probe changes nothing and is rolled back."""
    try:
        with db.engine.connect() as conn:
            if provisioned_prefix(conn) is not None:
                # A server with ClinicDesk roles: the workstation's gate login writes
                # nothing, and each user's login may write what their roles may.
                return
            conn.exec_driver_sql("UPDATE audit_head SET last_seq = last_seq WHERE id = 1")
            conn.rollback()
    except exc.DBAPIError as error:
        raise translate_error(error, db.url) from error


def _sign_out(db: Database, principal: Principal) -> None:
    with db.uow() as uow:
        auth.sign_out(uow, principal)


def _sign_out_and_close(db: Database, principal: Principal) -> None:
    """Sign-out on a user's own login (a server with roles), then close its connections."""
    try:
        _sign_out(db, principal)
    finally:
        db.dispose()


def prepare_demo(directory: Path) -> tuple[Database, SessionStart]:
    """A new demo clinic in `directory`, signed in as its manager."""
    db = open_database(sqlite_url(directory / "demo.sqlite3"))
    try:
        with db.uow() as uow:
            demo.create(uow, seed=1)
        with db.uow() as uow:
            principal = demo.sign_in_demo_user(uow, demo.DEMO_MANAGER)
        start = describe_session(db, principal)
    except BaseException:
        db.dispose()
        raise
    return db, start


def open_demo(db_url: str) -> tuple[Database, SessionStart]:
    """A demo clinic made earlier (`clinicdesk demo create --db URL`), signed in as its
    manager; any other database is refused (it has real accounts)."""
    db = open_database(db_url, upgrade=False)
    try:
        with db.uow() as uow:
            principal = demo.sign_in_demo_user(uow, demo.DEMO_MANAGER)
        start = describe_session(db, principal)
    except BaseException:
        db.dispose()
        raise
    return db, start


class Shell(QObject):
    """Start-up, sign-in, the main window and sign-out, as one small state machine
    driven by signals: nothing here blocks in a nested event loop, so tests and the
    self-test drive it with ordinary clicks."""

    finished = Signal(int)  # exit code
    window_shown = Signal(object)  # MainWindow
    presented = Signal(object)  # any window it shows: a dialog or the main window
    signed_out = Signal()

    def __init__(
        self,
        *,
        messages: MessageBridge,
        runner: TaskRunner,
        ui_state: UiState,
        lock_timeout_ms: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.messages = messages
        self.runner = runner
        self.ui_state = ui_state
        # None: the clinic's setting decides; a number (tests) overrides it.
        self.lock_timeout_ms = lock_timeout_ms
        self.db: Database | None = None
        # The database as opened at start-up. On a server with ClinicDesk roles it is the
        # gate login and `db` is the signed-in user's own login while a window is open.
        self._start_db: Database | None = None
        self.window: MainWindow | None = None
        self.sign_in_dialog: SignInDialog | None = None
        self.first_run_dialog: FirstRunDialog | None = None
        self.exit_code: int | None = None
        self._clinic_name = ""

    # --- start-up -----------------------------------------------------------------------

    def start(self, db: Database) -> None:
        """Check the schema, then show the first-run or the sign-in dialog. Problems end
        the shell with `finished(code)` after one message."""
        self.db = self._start_db = db
        try:
            state = migrate.status(db)
            if state.state is migrate.SchemaState.BEHIND:
                self._upgrade_older_schema(db, state)
                return
            # Creates the tables of an empty database; refuses a newer or foreign one.
            migrate.upgrade(db)
            check_writable(db)
        except ClinicDeskError as error:
            self._fail(error)
            return
        self._after_schema()

    def _upgrade_older_schema(self, db: Database, state: migrate.SchemaStatus) -> None:
        if db.is_sqlite:
            safety = self.tr(
                "First a copy of the file is made next to it (its name ends in "
                "“.before-upgrade-DATE-TIME”). If the upgrade fails, the copy is put back "
                "and nothing is lost."
            )
        else:
            safety = self.tr(
                "The upgrade runs as one transaction: if it fails, nothing is changed."
            )
        self.messages.info(
            self.tr("Upgrading the database"),
            self.tr(
                "This database was written by an older version of ClinicDesk (schema "
                "%1). It will now be upgraded to schema %2.\n\n%3"
            )
            .replace("%1", state.current or "?")
            .replace("%2", state.head)
            .replace("%3", safety),
        )
        outcome: dict[str, bool] = {}

        def upgraded(_before: object) -> None:
            outcome["done"] = True
            try:
                check_writable(db)
            except ClinicDeskError as error:
                self._fail(error)
                return
            self._after_schema()

        def failed(error: ClinicDeskError) -> None:
            outcome["done"] = True
            self._fail(error)

        def ended() -> None:
            if not outcome:  # a bug: the excepthook has told the person
                self._finish(EXIT_BUG)

        task = self.runner.run(
            lambda progress: migrate.upgrade(db),
            upgraded,
            failure=failed,
            label=self.tr("Upgrading the database…"),
        )
        task.finished.connect(ended)

    def adopt_sign_in(self, db: Database, dialog: SignInDialog, clinic_name: str) -> None:
        """Take over a sign-in dialog shown before this shell existed, on a database
        whose schema is current (ui/launch.py: the first frame comes before the heavy
        modules, this one among them)."""
        self.db = self._start_db = db
        self._clinic_name = clinic_name
        dialog.signed_in.connect(self._on_sign_in_dialog_signed_in)
        dialog.rejected.connect(self._on_dialog_rejected)
        self.sign_in_dialog = dialog

    def _after_schema(self) -> None:
        db = self.db
        assert db is not None
        try:
            with db.uow(read_only=True) as uow:
                initialised = setup.is_initialised(uow)
                clinic = setup.clinic_info(uow)
        except ClinicDeskError as error:
            self._fail(error)
            return
        self._clinic_name = clinic.name if clinic else ""
        if initialised:
            self.show_sign_in()
        else:
            self.show_first_run()

    def _fail(self, error: ClinicDeskError) -> None:
        log.info("Start-up stopped: %s", error.message)
        self.messages.error(error, None)
        self._finish(error.exit_code)

    # --- dialogs ------------------------------------------------------------------------

    def show_first_run(self) -> FirstRunDialog:
        assert self.db is not None
        dialog = FirstRunDialog(self.db, self.runner, self.messages)
        dialog.completed.connect(self._on_first_run_completed)
        dialog.rejected.connect(self._on_dialog_rejected)
        self.first_run_dialog = dialog
        self._present(dialog)
        return dialog

    def _on_first_run_completed(self, username: str) -> None:
        dialog, self.first_run_dialog = self.first_run_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        # Re-read: another workstation may have named the clinic.
        self._after_schema_for_sign_in(username)

    def _after_schema_for_sign_in(self, username: str) -> None:
        db = self.db
        assert db is not None
        try:
            with db.uow(read_only=True) as uow:
                clinic = setup.clinic_info(uow)
        except ClinicDeskError as error:
            self._fail(error)
            return
        self._clinic_name = clinic.name if clinic else ""
        self.show_sign_in(username=username)

    def show_sign_in(self, *, username: str = "") -> SignInDialog:
        assert self.db is not None
        dialog = SignInDialog(
            self.db,
            self.runner,
            self.messages,
            clinic_name=self._clinic_name,
            username=username,
        )
        dialog.signed_in.connect(self._on_sign_in_dialog_signed_in)
        dialog.rejected.connect(self._on_dialog_rejected)
        self.sign_in_dialog = dialog
        self._present(dialog)
        return dialog

    def _on_sign_in_dialog_signed_in(self, start: SessionStart) -> None:
        dialog, self.sign_in_dialog = self.sign_in_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self.show_main_window(start, start.db)

    def _on_dialog_rejected(self) -> None:
        """Quit on the first-run or sign-in dialog."""
        for dialog in (self.sign_in_dialog, self.first_run_dialog):
            if dialog is not None:
                dialog.deleteLater()
        self.sign_in_dialog = self.first_run_dialog = None
        self._finish(0)

    # --- the main window ----------------------------------------------------------------

    def show_main_window(self, start: SessionStart, db: Database | None = None) -> MainWindow:
        if db is not None:
            self.db = db
        assert self.db is not None
        self._clinic_name = start.clinic.name
        ctx = AppContext(
            db=self.db,
            principal=start.principal,
            clinic=start.clinic,
            runner=self.runner,
            messages=self.messages,
            ui_state=self.ui_state,
        )
        fixed = self.lock_timeout_ms is not None
        timeout = self.lock_timeout_ms if fixed else start.lock_minutes * 60_000
        # The window speaks the person's own language (or the computer's), chosen before
        # it is built; the next sign-in dialog on this computer speaks it too.
        language.install(start.language)
        self.ui_state.set_value(language.LAST_LANGUAGE_KEY, start.language or "")
        # Read with the session on the worker (describe_session): no query on this thread.
        from clinicdesk.ui import standard_text

        standard_text.remember(start.standard_words)
        window = MainWindow(ctx, lock_timeout_ms=int(timeout or 0), fixed_lock_timeout=fixed)
        window.sign_out_requested.connect(self._on_window_sign_out_requested)
        window.closed.connect(self._on_window_closed)
        self.window = window
        self._present(window)
        self.window_shown.emit(window)
        return window

    def _take_window(self) -> MainWindow | None:
        window, self.window = self.window, None
        if window is not None:
            window.close_for_sign_out()
            window.deleteLater()
            self._record_sign_out(window.ctx.principal)
        return window

    def _record_sign_out(self, principal: Principal) -> None:
        db = self.db
        if db is None:
            return
        start_db = self._start_db
        if start_db is not None and db is not start_db:
            # the user's own login: back to the gate for the next sign-in
            self.db = start_db
            self.runner.run(lambda progress: _sign_out_and_close(db, principal))
            return
        self.runner.run(lambda progress: _sign_out(db, principal))

    def _on_window_sign_out_requested(self) -> None:
        if self._take_window() is None:
            return
        self.signed_out.emit()
        self.show_sign_in()

    def _on_window_closed(self) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.deleteLater()
            self._record_sign_out(window.ctx.principal)
        self._finish(0)

    def _present(self, widget: QWidget) -> None:
        present(widget)
        self.presented.emit(widget)

    # --- ending -------------------------------------------------------------------------

    def quit(self, code: int = 0) -> None:
        self._finish(code)

    def _finish(self, code: int) -> None:
        if self.exit_code is not None:
            return
        self.exit_code = code
        self.finished.emit(code)

    def shutdown(self) -> None:
        """Close whatever is open, record the sign-out, and wait for background work, so
        the database can be closed safely afterwards."""
        for dialog in (self.sign_in_dialog, self.first_run_dialog):
            if dialog is not None:
                dialog.hide()
                dialog.deleteLater()
        self.sign_in_dialog = self.first_run_dialog = None
        self._take_window()
        self.runner.wait_for_all()


def run_gui(db_url: str | None = None, demo: bool = False) -> int:
    """The window, from start to exit. Returns the exit code."""
    app = ensure_application()
    messages = MessageBridge()
    hook = ExceptHook(messages)
    hook.install()
    runner = TaskRunner(messages.error, hook.report)
    shell = Shell(messages=messages, runner=runner, ui_state=UiState())
    quit_on_last = app.quitOnLastWindowClosed()
    # The shell decides when to quit: between sign-out and the sign-in dialog no window
    # is open for a moment.
    app.setQuitOnLastWindowClosed(False)
    db: Database | None = None
    demo_dir: Path | None = None
    try:
        try:
            if demo and db_url:
                db, start = open_demo(db_url)
            elif demo:
                demo_dir = Path(tempfile.mkdtemp(prefix="clinicdesk-demo-"))
                db, start = prepare_demo(demo_dir)
            else:
                db = open_database(db_url, upgrade=False)
        except ClinicDeskError as error:
            messages.error(error, None)
            return error.exit_code
        if os.environ.get(EXIT_WHEN_SHOWN_ENV) == "1":
            first: list[QWidget] = []

            def announce_first(widget: QWidget) -> None:
                if not first:
                    first.append(widget)
                    announce_when_painted(widget, lambda: shell.quit(0))

            shell.presented.connect(announce_first)
        if demo:
            shell.show_main_window(start, db)
        else:
            shell.start(db)
        if shell.exit_code is not None:  # refused before the event loop started
            return shell.exit_code
        # Connected only now: QCoreApplication.exit() outside exec() would mark the
        # application as quitting and make later event loops return at once.
        shell.finished.connect(app.exit)
        code = app.exec()
        return shell.exit_code if shell.exit_code is not None else code
    finally:
        shell.shutdown()
        runner.cancel_all()
        runner.wait_for_all()
        if db is not None:
            db.dispose()
        if demo_dir is not None:
            shutil.rmtree(demo_dir, ignore_errors=True)
        hook.uninstall()
        app.setQuitOnLastWindowClosed(quit_on_last)
