"""`clinicdesk self-test`: the real window, offscreen, on a throw-away demo clinic.

Signs in through the real sign-in dialog as the demo administrator (who sees every
area), visits every area, locks and unlocks, signs out and closes, printing one line per
step. Any message box or unexpected problem along the way fails the step. Exit 0 when
every step passed, 1 naming the step that failed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QMessageBox, QWidget

from clinicdesk.app import open_database
from clinicdesk.db.engine import sqlite_url
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import system_principal
from clinicdesk.errors import ClinicDeskError
from clinicdesk.services import audit, demo
from clinicdesk.ui.application import Shell
from clinicdesk.ui.excepthook import ExceptHook
from clinicdesk.ui.launch import ensure_application
from clinicdesk.ui.messages import MessageBridge
from clinicdesk.ui.tasks import TaskRunner
from clinicdesk.ui.ui_state import UiState
from clinicdesk.ui.widgets import wait_until

STEP_TIMEOUT_MS = 15_000
_EXPECTED_AUDIT = ("auth.sign_in", "auth.lock", "auth.unlock", "auth.sign_out")


class StepFailed(Exception):
    pass


def _wait(predicate: Callable[[], bool], what: str) -> None:
    if not wait_until(predicate, STEP_TIMEOUT_MS):
        raise StepFailed(f"gave up waiting for {what}")


class _Steps:
    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose
        self.problems: list[str] = []
        self.failed: str | None = None
        self.count = 0

    def run(self, name: str, action: Callable[[], None]) -> bool:
        if self.failed is not None:
            return False
        before = len(self.problems)
        started = time.perf_counter()
        reason: str | None = None
        try:
            action()
        except StepFailed as error:
            reason = str(error)
        except ClinicDeskError as error:
            reason = error.message
        except Exception as error:
            reason = f"{type(error).__name__}: {error}"
            if self.verbose:
                traceback.print_exc()
        problems = self.problems[before:]
        if reason is None and problems:
            reason = "; ".join(problems)
        elapsed = (time.perf_counter() - started) * 1000
        if reason is not None:
            print(f"self-test: FAIL {name}: {reason}", flush=True)
            self.failed = name
            return False
        self.count += 1
        print(f"self-test: ok   {name} ({elapsed:.0f} ms)", flush=True)
        return True


# The offscreen platform says what it cannot do (raise a window, size hints): not news.
_QUIET = ("This plugin does not support",)


def _qt_message(kind: QtMsgType, _context: object, text: str) -> None:
    if kind == QtMsgType.QtDebugMsg or text.startswith(_QUIET):
        return
    print(f"Qt: {text}", file=sys.stderr, flush=True)


def run_self_test(verbose: bool = False) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    previous_handler = qInstallMessageHandler(_qt_message)
    app = ensure_application()
    steps = _Steps(verbose)

    messages = MessageBridge()

    def record_box(_parent: QWidget | None, _icon: QMessageBox.Icon, title: str, text: str):
        steps.problems.append(f"message “{title}”: {text}")

    messages.show_box = record_box
    hook = ExceptHook(messages)

    def record_bug(_title: str, _text: str, details: str) -> None:
        last = details.strip().splitlines()[-1] if details.strip() else "?"
        steps.problems.append(f"unexpected problem: {last}")
        if verbose:
            print(details, flush=True)

    hook.show_dialog = record_bug
    hook.install()
    runner = TaskRunner(messages.error, hook.report)
    quit_on_last = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    db: Database | None = None
    shell: Shell | None = None
    try:
        with tempfile.TemporaryDirectory(prefix="clinicdesk-self-test-") as tmp:
            folder = Path(tmp)
            # The self-test's window state stays in its own folder.
            ui_state = UiState(QSettings(str(folder / "ui-state.ini"), QSettings.Format.IniFormat))
            shell = Shell(messages=messages, runner=runner, ui_state=ui_state, lock_timeout_ms=0)
            try:
                db = _run_steps(steps, shell, runner, folder)
            finally:
                shell.shutdown()
                runner.cancel_all()
                runner.wait_for_all()
                if db is not None:
                    db.dispose()
    finally:
        hook.uninstall()
        app.setQuitOnLastWindowClosed(quit_on_last)
        qInstallMessageHandler(previous_handler)
    seconds = time.perf_counter() - started
    if steps.failed is not None:
        print(f"self-test: FAILED at “{steps.failed}” ({seconds:.1f} s)", flush=True)
        return 1
    print(f"self-test: passed, {steps.count} steps in {seconds:.1f} s", flush=True)
    return 0


def _run_steps(steps: _Steps, shell: Shell, runner: TaskRunner, folder: Path) -> Database | None:
    holder: dict[str, Database] = {}

    def create_clinic() -> None:
        db = open_database(sqlite_url(folder / "self-test.sqlite3"))
        holder["db"] = db
        with db.uow() as uow:
            demo.create(uow, seed=1)

    steps.run("create a demo clinic in a temporary database", create_clinic)
    db = holder.get("db")
    if db is None:
        return None

    def open_sign_in() -> None:
        shell.start(db)
        _wait(
            lambda: shell.sign_in_dialog is not None and shell.sign_in_dialog.isVisible(),
            "the sign-in dialog",
        )

    def sign_in() -> None:
        dialog = shell.sign_in_dialog
        assert dialog is not None
        dialog.sign_in_with(demo.DEMO_ADMIN, demo.DEMO_PASSWORD)
        _wait(
            lambda: (shell.window is not None and shell.window.isVisible()) or bool(steps.problems),
            "the main window",
        )
        if shell.window is None and not steps.problems:
            raise StepFailed(dialog.message_text() or "no main window")

    steps.run("show the sign-in dialog", open_sign_in)
    steps.run(f"sign in as {demo.DEMO_ADMIN} through the dialog", sign_in)
    window = shell.window
    if window is None or steps.failed:
        return db
    if not window.area_keys():
        steps.run("find areas in the navigation", _raise("the navigation is empty"))

    for spec in window.areas:

        def visit(key: str = spec.key) -> None:
            window.show_area(key)
            _wait(lambda: not runner.busy, "the area's background work")
            wait_until(lambda: False, 20)  # let queued results reach the area
            page = window.area_widget(key)
            if key in window.area_failures:
                raise StepFailed(window.area_failures[key])
            if page is None or window.stack.currentWidget() is not page:
                raise StepFailed("no widget was shown")

        steps.run(f"open area “{spec.title}”", visit)

    def lock() -> None:
        window.lock_now()
        _wait(
            lambda: (
                window.is_locked
                and window.session_lock.dialog is not None
                and window.session_lock.dialog.isVisible()
            ),
            "the lock prompt",
        )

    def unlock() -> None:
        dialog = window.session_lock.dialog
        assert dialog is not None
        dialog.password_edit.setText(demo.DEMO_PASSWORD)
        dialog.unlock_button.click()
        _wait(lambda: not window.is_locked or bool(steps.problems), "the window to unlock")
        if window.is_locked:
            raise StepFailed(dialog.message.message() or "still locked")

    def sign_out() -> None:
        window.sign_out_action.trigger()
        _wait(
            lambda: (
                shell.window is None
                and shell.sign_in_dialog is not None
                and shell.sign_in_dialog.isVisible()
            ),
            "the sign-in dialog after signing out",
        )

    def check_audit() -> None:
        _wait(lambda: not runner.busy, "background work")
        with db.uow(read_only=True) as uow:
            result = audit.verify_chain(uow)
            actions = {
                e.action
                for e in audit.list_events(
                    uow, system_principal("self-test"), audit.AuditFilter(action="auth.")
                )
            }
        if not result.ok:
            raise StepFailed(result.message)
        missing = [a for a in _EXPECTED_AUDIT if a not in actions]
        if missing:
            raise StepFailed(f"not in the audit trail: {', '.join(missing)}")

    def close() -> None:
        dialog = shell.sign_in_dialog
        assert dialog is not None
        dialog.quit_button.click()
        _wait(lambda: shell.exit_code is not None, "the program to finish")
        if shell.exit_code != 0:
            raise StepFailed(f"exit code {shell.exit_code}")

    steps.run("lock the window", lock)
    steps.run("unlock with the password", unlock)
    steps.run("sign out", sign_out)
    steps.run("check the audit trail of the session", check_audit)
    steps.run("quit", close)
    return db


def _raise(reason: str) -> Callable[[], None]:
    def fail() -> None:
        raise StepFailed(reason)

    return fail
