"""Bugs end here (after qutebrowser's crash handling).

`sys.excepthook` and `threading.excepthook` log the bug's type and code path at ERROR
(never its message, which may quote patient data) into the rotating log file that
`clinicdesk.app.configure_logging` set up, and show one dialog naming that file. The
same bug (same exception type raised along the same code path) shows its dialog once;
repeats are only logged, so a bug in a timer does not bury the screen in boxes.
A ClinicDeskError that reaches the hook is a known error someone forgot to catch: it goes
to the message bridge like any other known error.

The TaskRunner hands bugs from its workers to `ExceptHook.report`.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from clinicdesk import paths
from clinicdesk.errors import ClinicDeskError, describe_bug, log_reference
from clinicdesk.ui.messages import MessageBridge

log = logging.getLogger("clinicdesk.bug")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
ShowDialog = Callable[[str, str, str], None]  # title, text, details


def bug_signature(exc_type: type[BaseException], tb: TracebackType | None) -> tuple[Any, ...]:
    """What makes two reports "the same bug": the type and the code path, not the message
    (which often carries a changing value)."""
    frames = tuple((f.filename, f.lineno) for f in traceback.extract_tb(tb))
    return (exc_type.__module__, exc_type.__qualname__, frames)


def _show_crash_dialog(title: str, text: str, details: str) -> None:
    if QApplication.instance() is None:
        print(f"{title}\n{text}\n{details}", file=sys.stderr)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok)
    box.setDetailedText(details)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the message may quote anything
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()


class ExceptHook(QObject):
    # Crosses from any thread to the UI thread (queued when emitted from a worker).
    _reported = Signal(object)

    def __init__(
        self,
        messages: MessageBridge | None = None,
        *,
        log_file: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._messages = messages
        self._log_file = log_file
        self.show_dialog: ShowDialog = _show_crash_dialog
        self._seen: set[tuple[Any, ...]] = set()
        self.dialogs_shown = 0
        self.bugs_reported = 0
        self._previous: tuple[Any, Any] | None = None
        self._reported.connect(self._on_reported)

    # --- installing ---------------------------------------------------------------------

    def install(self) -> None:
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        if self._previous is None:
            return
        if sys.excepthook == self.handle:
            sys.excepthook = self._previous[0]
        if threading.excepthook == self._handle_thread:
            threading.excepthook = self._previous[1]
        self._previous = None

    @property
    def log_file(self) -> Path:
        return self._log_file or paths.log_file()

    # --- hooks --------------------------------------------------------------------------

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
        *,
        thread_name: str | None = None,
    ) -> None:
        """The sys.excepthook. Safe to call from any thread."""
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if isinstance(exc, ClinicDeskError):
            log.info("Known error reached the exception hook: %s", log_reference(exc))
            self._reported.emit(exc)
            return
        where = f" in thread {thread_name}" if thread_name else ""
        # The type and the code path, not the message: it may quote patient data. The
        # person sees the message in the dialog; the log file is for support.
        if exc.__traceback__ is None and tb is not None:
            exc = exc.with_traceback(tb)
        log.error("Unexpected error%s: %s\n%s", where, exc_type.__name__, describe_bug(exc))
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        self._reported.emit((bug_signature(exc_type, tb), exc_type.__name__, str(exc), details))

    def report(self, exc_info: ExcInfo | Any) -> None:
        """For TaskRunner(on_bug=...): the exc_info tuple a worker caught."""
        if isinstance(exc_info, tuple) and len(exc_info) == 3:
            self.handle(*exc_info)
        else:  # not an exc_info: still a bug, still logged once
            self.handle(RuntimeError, RuntimeError(repr(exc_info)), None)

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        exc = args.exc_value if args.exc_value is not None else args.exc_type()
        name = args.thread.name if args.thread is not None else None
        self.handle(args.exc_type, exc, args.exc_traceback, thread_name=name)

    # --- on the UI thread -----------------------------------------------------------------

    def _on_reported(self, payload: Any) -> None:
        if isinstance(payload, ClinicDeskError):
            if self._messages is not None:
                self._messages.error(payload, QApplication.activeWindow())
            return
        signature, type_name, message, details = payload
        self.bugs_reported += 1
        if signature in self._seen:
            if self._messages is not None:
                self._messages.status(
                    QCoreApplication.translate(
                        "ExceptHook", "The same unexpected problem happened again (logged)."
                    )
                )
            return
        self._seen.add(signature)
        self.dialogs_shown += 1
        title = QCoreApplication.translate("ExceptHook", "Unexpected problem")
        text = (
            QCoreApplication.translate(
                "ExceptHook",
                "ClinicDesk ran into a problem it did not expect ({problem}). What you "
                "were doing may not have finished.\n\n"
                "The details were written to the log file:\n{log_file}\n\n"
                "Please send that file to your support contact. You can keep working; "
                "if something looks wrong, restart ClinicDesk.",
            )
            .replace("{problem}", f"{type_name}: {message[:200]}" if message else type_name)
            .replace("{log_file}", str(self.log_file))
        )
        self.show_dialog(title, text, details)
