"""A real AppContext for widget tests: the test's database and principal, a real
TaskRunner and MessageBridge, and UI state in a temporary QSettings file.

Message boxes are never shown: `Harness.boxes` records what would have been shown.
A bug raised in background work is recorded and fails the test at the end.

    @pytest.fixture
    def harness(qtbot, db, admin, tmp_path):
        with gui_harness(db, admin, tmp_path) as h:
            yield h
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QWidget

from clinicdesk import i18n
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.services import setup
from clinicdesk.ui import language
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.messages import MessageBridge
from clinicdesk.ui.tasks import TaskRunner
from clinicdesk.ui.ui_state import UiState


@dataclass(frozen=True)
class ShownBox:
    icon: QMessageBox.Icon
    title: str
    text: str
    parent: QWidget | None


@dataclass
class Harness:
    ctx: AppContext
    boxes: list[ShownBox] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    bugs: list[Any] = field(default_factory=list)

    @property
    def errors(self) -> list[ShownBox]:
        return [b for b in self.boxes if b.icon == QMessageBox.Icon.Warning]

    def wait_idle(self, qtbot: Any, timeout: int = 10_000) -> None:
        """Wait until no background task is running (its result delivered)."""
        qtbot.waitUntil(lambda: not self.ctx.runner.busy, timeout=timeout)

    def wait_error(self, qtbot: Any, count: int = 1, timeout: int = 10_000) -> ShownBox:
        qtbot.waitUntil(lambda: len(self.errors) >= count, timeout=timeout)
        return self.errors[count - 1]

    def context_for(self, principal: Principal) -> AppContext:
        """The same parts, acting for another principal."""
        ctx = self.ctx
        return AppContext(
            db=ctx.db,
            principal=principal,
            clinic=ctx.clinic,
            runner=ctx.runner,
            messages=ctx.messages,
            ui_state=ctx.ui_state,
        )


@contextmanager
def gui_harness(db: Database, principal: Principal, tmp_path: Path) -> Iterator[Harness]:
    with db.uow() as uow:
        clinic = setup.clinic_info(uow)
    assert clinic is not None, "the database needs a clinic (use the admin fixture)"
    # The window's English, counts included ("1 patient", "3 patients"), as the program's
    # own start installs it: not left to whichever test ran before in this process.
    # (The language the test set: English unless it chose another.)
    if language.current_qt_language() != i18n.language():
        language.install(i18n.language())
    messages = MessageBridge()
    bugs: list[Any] = []
    runner = TaskRunner(on_error=messages.error, on_bug=bugs.append)
    settings = QSettings(str(tmp_path / "ui-state.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(
        db=db,
        principal=principal,
        clinic=clinic,
        runner=runner,
        messages=messages,
        ui_state=UiState(settings),
    )
    harness = Harness(ctx=ctx, bugs=bugs)

    def record_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> None:
        harness.boxes.append(ShownBox(icon, title, text, parent))

    messages.show_box = record_box
    messages.status_message.connect(lambda text, _ms: harness.statuses.append(text))
    try:
        yield harness
    finally:
        runner.cancel_all()
        runner.wait_for_all()
    if bugs:
        details = "\n".join(
            "".join(traceback.format_exception(*bug)) if isinstance(bug, tuple) else repr(bug)
            for bug in bugs
        )
        pytest.fail(f"Background work raised a bug:\n{details}", pytrace=False)


def drag_divider(splitter: Any, fraction: float) -> list[int]:
    """Move a splitter's divider as a person's drag would (to `fraction` of its length,
    with the signal a drag ends with); the sizes it leaves."""
    total = sum(splitter.sizes())
    first = int(total * fraction)
    splitter.setSizes([first, total - first])
    splitter.splitterMoved.emit(first, 1)
    return list(splitter.sizes())
