"""Background federation sync for the main window (DESIGN §6): a timer and a "Sync now"
action (F9, and a button in the status bar) each start one `SyncEngine.run_once` on the
runner's network worker, never two at once; afterwards the status bar shows the last
successful sync, what waits to go out and what failed, with the errors in its tooltip.

A clinic not connected to a hub makes no request at all: the spot says so. A refused API
key is told to the person once (until a run succeeds again), through the message bridge.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolButton, QWidget

from clinicdesk.errors import ClinicDeskError, ConfigurationError
from clinicdesk.i18n.formatting import format_number
from clinicdesk.services import federation_link, settings
from clinicdesk.services.federation_link import LinkStatus
from clinicdesk.services.sync import ClientFactory, SyncEngine, SyncReport, default_client
from clinicdesk.ui import theme
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.tables import local_time_text
from clinicdesk.ui.tasks import Progress, Task

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_MS = 30 * 60 * 1000
# The link's state is read a moment after sign-in rather than at once, so that opening
# (and at once closing) a window starts no background work.
INITIAL_READ_DELAY_MS = 2000


class SyncStateDisplay(Protocol):
    """Where the state is shown: `MainWindow.set_sync_state`."""

    def set_sync_state(self, text: str | None, tooltip: str = "") -> None: ...


@dataclass(frozen=True)
class SyncOutcome:
    """What a run found: the link afterwards, and the engine's report (None: the clinic
    is not connected, so nothing was attempted)."""

    status: LinkStatus
    report: SyncReport | None


class SyncStatusController(QObject):
    """Owns the timer, the action and the status-bar button; started and stopped with the
    signed-in session."""

    sync_started = Signal()
    sync_finished = Signal(object)  # SyncOutcome, or a ClinicDeskError when the run failed

    def __init__(
        self,
        ctx: AppContext,
        display: SyncStateDisplay,
        window: QWidget,
        *,
        interval_ms: int | None = None,
        client_factory: ClientFactory = default_client,
        engine_factory: Callable[[Any, ClientFactory], SyncEngine] = SyncEngine,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._display = display
        self.client_factory = client_factory
        self._engine_factory = engine_factory
        self._task: Task | None = None
        self._told_about_key = False
        self.last_outcome: SyncOutcome | None = None
        self.timer = QTimer(self)
        self.timer.setObjectName("federationSyncTimer")
        # A fixed interval (tests) wins over the clinic's setting, read at start.
        self._fixed_interval = interval_ms is not None
        self.timer.setInterval(max(1000, interval_ms or DEFAULT_INTERVAL_MS))
        self.timer.timeout.connect(self._on_timer_timeout)
        self.initial_timer = QTimer(self)
        self.initial_timer.setSingleShot(True)
        self.initial_timer.setInterval(INITIAL_READ_DELAY_MS)
        self.initial_timer.timeout.connect(self.read_state)

        self.sync_action = QAction(self.tr("S&ync now"), window)
        self.sync_action.setShortcut(QKeySequence(Qt.Key.Key_F9))
        self.sync_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        tip = self.tr("Exchange standards, courses and queued reports with the federation")
        shortcut = self.sync_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.sync_action.setToolTip(f"{tip} ({shortcut})")
        self.sync_action.setStatusTip(tip)
        self.sync_action.triggered.connect(self._on_sync_action_triggered)
        window.addAction(self.sync_action)
        self.button = QToolButton(window)
        self.button.setObjectName("syncNowButton")
        self.button.setDefaultAction(self.sync_action)
        self.button.setText(self.tr("Sync now"))
        self.button.setAccessibleName(self.tr("Sync now"))
        # with its icon, so it reads as a button among the status bar's plain texts
        self.sync_action.setIcon(theme.icon("sync"))
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setAutoRaise(True)
        self._started = False
        self._manual = False
        self._ran = False  # a run has finished: its result is shown, not the first read

    # -- session ------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._task is not None

    def start(self) -> None:
        """Begin the schedule; the link's state is shown shortly afterwards."""
        if self._started:
            return
        self._started = True
        self.timer.start()
        self.initial_timer.start()

    def read_state(self) -> None:
        """Show the link's state without syncing, and take the clinic's sync interval
        (both read on the worker)."""
        db = self.ctx.db

        def work(_progress: Progress) -> tuple[LinkStatus, int]:
            with db.uow(read_only=True) as uow:
                status = federation_link.link_status(uow)
                return status, settings.load(uow).sync_interval_minutes

        self.ctx.runner.run(work, self._on_state_read)

    def apply_interval_minutes(self, minutes: int) -> None:
        """The clinic's `sync_interval_minutes`: 0 stops the schedule (Sync now still
        works). Ignored when the interval was fixed at construction."""
        if self._fixed_interval:
            return
        if minutes <= 0:
            self.timer.stop()
            return
        self.timer.setInterval(minutes * 60 * 1000)
        if self._started:
            self.timer.start()

    def stop(self) -> None:
        """End the schedule; a run in progress is asked to stop at its next step."""
        self._started = False
        self.timer.stop()
        self.initial_timer.stop()
        if self._task is not None:
            self._task.cancel()

    # -- running ------------------------------------------------------------------------

    def sync_now(self, *, manual: bool = True) -> bool:
        """Start a run unless one is running; False when none was started."""
        if self._task is not None:
            return False
        db, client_factory, engine_factory = self.ctx.db, self.client_factory, self._engine_factory

        def work(progress: Progress) -> SyncOutcome:
            with db.uow(read_only=True) as uow:
                before = federation_link.link_status(uow)
            if not before.connected:
                return SyncOutcome(before, None)
            report = engine_factory(db, client_factory).run_once(progress)
            with db.uow(read_only=True) as uow:
                return SyncOutcome(federation_link.link_status(uow), report)

        self._manual = manual
        self.sync_action.setEnabled(False)
        self._display.set_sync_state(self.tr("Syncing…"), self.tr("Talking to the federation hub"))
        self._task = self.ctx.runner.run(
            work,
            self._on_sync_succeeded,
            failure=self._on_sync_failed,
            network=True,
        )
        self._task.finished.connect(self._on_task_finished)
        self.sync_started.emit()
        return True

    def _on_timer_timeout(self) -> None:
        self.sync_now(manual=False)

    def _on_sync_action_triggered(self) -> None:
        self.sync_now(manual=True)

    def _on_task_finished(self) -> None:
        self._task = None
        if shiboken6.isValid(self.sync_action):
            self.sync_action.setEnabled(True)

    def _on_state_read(self, state: tuple[LinkStatus, int]) -> None:
        status, minutes = state
        if self._started:
            self.apply_interval_minutes(minutes)
        if self._task is None and not self._ran:
            self._show(SyncOutcome(status, None), initial=True)

    def _on_sync_succeeded(self, outcome: SyncOutcome) -> None:
        self._ran = True
        self.last_outcome = outcome
        self._show(outcome)
        report = outcome.report
        if report is None and not outcome.status.connected and self._manual:
            # F9 asked for something that cannot happen: say why rather than nothing.
            self.ctx.messages.info(
                self.tr("Not connected to a federation"),
                self.tr(
                    "This clinic is not connected to a federation hub, so nothing was sent "
                    "or received; what waits in the Outbox stays there. A manager connects "
                    "the clinic in Federation → Connection (or with: clinicdesk federation "
                    "connect), with the hub address and API key the federation gave you."
                ),
            )
        if report is not None and report.authentication_rejected:
            if not self._told_about_key:
                self._told_about_key = True
                self.ctx.messages.error(
                    ConfigurationError(
                        self.tr(
                            "The federation hub refused this clinic's API key, so nothing "
                            "was exchanged with it."
                        ),
                        hint=self.tr(
                            "The key may have been replaced or withdrawn. Connect the "
                            "clinic again with the key the federation gave you (clinicdesk "
                            "federation connect), or ask a manager to do it."
                        ),
                    ),
                    None,
                )
        elif report is not None and report.hub_usable:
            self._told_about_key = False
        self.sync_finished.emit(outcome)

    def _on_sync_failed(self, error: ClinicDeskError) -> None:
        self._ran = True
        when = self.last_outcome.status.last_sync_at if self.last_outcome else None
        if when is None:
            text = self.tr("Sync failed")
        else:
            text = self.tr("Sync failed (last synced {time})").format(time=local_time_text(when))
        self._display.set_sync_state(text, error.message)
        if self._manual:
            self.ctx.messages.error(error, None)
        else:
            log.info("Background sync failed: %s", error.message)
        self.sync_finished.emit(error)

    # -- showing ------------------------------------------------------------------------

    def _show(self, outcome: SyncOutcome, *, initial: bool = False) -> None:
        status, report = outcome.status, outcome.report
        if not status.connected:
            self._display.set_sync_state(
                self.tr("Not connected to a federation"),
                self.tr("Connect the clinic with: clinicdesk federation connect"),
            )
            return
        dead = status.outbox.get("dead", 0)
        waiting = status.waiting
        when = status.last_sync_at
        if report is not None and not report.hub_reachable:
            head = self.tr("Hub unreachable")
        elif report is not None and report.authentication_rejected:
            head = self.tr("Key refused by the hub")
        elif when is None:
            head = self.tr("Never synced")
        else:
            head = self.tr("Synced {time}").format(time=local_time_text(when))
        text = self.tr("{head} · {waiting} waiting · {dead} failed").format(
            head=head, waiting=format_number(waiting), dead=format_number(dead)
        )
        lines = [self.tr("Hub: {url}").format(url=status.hub_url)]
        resources = {"standards": self.tr("Standards"), "courses": self.tr("Courses")}
        for name, cursor in status.cursors.items():
            time = local_time_text(cursor.last_success_at) or self.tr("never")
            resource = resources.get(name, name)
            if cursor.last_error:
                line = self.tr("{resource}: last synced {time} — error: {error}").format(
                    resource=resource, time=time, error=cursor.last_error
                )
            else:
                line = self.tr("{resource}: last synced {time}").format(
                    resource=resource, time=time
                )
            lines.append(line)
        if report is not None:
            lines.append(
                self.tr("This run: {pushed} sent, {failed} failed, {pulled} received").format(
                    pushed=format_number(report.pushed),
                    failed=format_number(report.failed),
                    pulled=format_number(sum(report.pulled.values())),
                )
            )
            lines.extend(report.errors)
        elif initial:
            lines.append(self.tr("Press F9 to sync now."))
        self._display.set_sync_state(text, "\n".join(lines))
