"""Bugs are logged to the log file and shown once; known errors go to the bridge."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import pytest

from clinicdesk import paths
from clinicdesk.app import configure_logging
from clinicdesk.errors import StorageError
from clinicdesk.ui.excepthook import ExceptHook
from clinicdesk.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui


@pytest.fixture
def log_file(expected_warnings: list[str]):
    """The real rotating log file set up by configure_logging, taken down afterwards."""
    expected_warnings.append("Unexpected error")
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    configure_logging(to_file=True)
    try:
        yield paths.log_file()
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
        del root._clinicdesk_configured


@pytest.fixture
def hook(messages):
    shown: list[tuple[str, str, str]] = []
    exception_hook = ExceptHook(messages)
    exception_hook.show_dialog = lambda title, text, details: shown.append((title, text, details))
    exception_hook.shown = shown
    yield exception_hook
    exception_hook.uninstall()


def fail_in_the_same_place(value: int) -> None:
    raise ValueError(f"bad value {value}")


def exc_info_of(fn, *args):
    try:
        fn(*args)
    except BaseException:
        return sys.exc_info()
    raise AssertionError("did not raise")


def test_a_bug_is_logged_and_shown_once_however_often_it_repeats(qtbot, log_file: Path, hook):
    hook.handle(*exc_info_of(fail_in_the_same_place, 1))
    hook.handle(*exc_info_of(fail_in_the_same_place, 2))

    assert len(hook.shown) == 1
    title, text, details = hook.shown[0]
    assert title == "Unexpected problem"
    assert str(log_file) in text
    assert "ValueError: bad value 1" in details
    logged = log_file.read_text(encoding="utf-8")
    assert logged.count("Traceback (most recent call last)") == 2
    assert "ERROR clinicdesk.bug: Unexpected error: ValueError" in logged
    assert "bad value" not in logged  # messages may hold patient data: never logged
    assert "in fail_in_the_same_place" in logged

    # A different bug gets its own dialog.
    hook.handle(*exc_info_of(lambda: {}["missing"]))
    assert len(hook.shown) == 2
    assert hook.bugs_reported == 3


def test_installed_hook_catches_bugs_in_other_threads(qtbot, log_file: Path, hook):
    hook.install()
    assert sys.excepthook == hook.handle

    worker = threading.Thread(target=fail_in_the_same_place, args=(7,), name="importer")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(hook.shown) == 1)  # shown on the UI thread
    assert "in thread importer" in log_file.read_text(encoding="utf-8")

    previous = hook._previous
    hook.uninstall()
    assert sys.excepthook == previous[0]
    assert threading.excepthook == previous[1]


def test_a_known_error_reaching_the_hook_goes_to_the_message_bridge(qtbot, hook, boxes):
    error = StorageError("The disk is full.", hint="Free some space.")
    hook.handle(StorageError, error, None)
    assert hook.shown == []
    assert len(boxes) == 1
    assert boxes[0].title == "Database problem"
    assert boxes[0].text == "The disk is full.\n\nFree some space."


def test_the_task_runner_hands_its_bugs_to_the_hook(qtbot, log_file: Path, hook, messages):
    runner = TaskRunner(messages.error, hook.report)
    try:
        runner.run(lambda progress: fail_in_the_same_place(3))
        qtbot.waitUntil(lambda: len(hook.shown) == 1)
    finally:
        runner.wait_for_all()
    assert "ValueError: bad value 3" in hook.shown[0][2]
    logged = log_file.read_text(encoding="utf-8")
    assert "in fail_in_the_same_place" in logged and "bad value 3" not in logged
