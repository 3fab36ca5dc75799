"""Screens that update themselves when the data under them changes.

Every commit to the clinic database names the tables it wrote (db/unit_of_work.py) and
the task runner broadcasts them on the UI thread (`TaskRunner.data_changed`). A screen
says which tables it shows; when one of them changes it reloads — at once if it is on
screen (after a short pause, so a burst of commits costs one reload), otherwise the next
time it is shown. No Refresh button is needed after a sync, an import or another area's
change.

The audit trail is the exception: it is read as it stood when opened (F5 reloads), so
an auditor paging back through it is never thrown to the top by the events that reading
other screens records.

Changes made by another workstation or by the command line arrive through the shared
database, not through this signal; those screens still reload when shown or refreshed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from clinicdesk.ui.tasks import TaskRunner

# Table groups, by what a person sees. Names are table names (a unit test keeps them
# matched to the models).
PATIENTS = frozenset(
    {"patient", "patient_identifier", "attribution", "panel_capacity", "encounter"}
)
CARE_GAPS = frozenset({"care_gap_result", "clinical_event", "standard"})
MEMBERS = frozenset(
    {
        "member",
        "share_event",
        "share_class",
        "member_class",
        "dividend_allocation",
        "dividend_share",
    }
)
REVENUE = frozenset({"revenue_period", "revenue_line", "revenue_submission", "standard"})
OUTBOX = frozenset({"outbox_message", "sync_cursor"})
FEDERATION = frozenset({"standard", "course_version", "outbox_message", "sync_cursor", "clinic"})
TRAINING = frozenset(
    {
        "staff",
        "training_local_requirement",
        "training_evidence",
        "training_completion",
        "training_course_progress",
        "policy_acknowledgement",
        "standard",
        "course_version",
        "app_user",
    }
)
ANCHORS = frozenset(
    {
        "anchor_organisation",
        "anchor_contract",
        "anchor_enrolment",
        "anchor_roster_review",
        "anchor_invoice",
        "anchor_invoice_line",
        "anchor_payment",
    }
)
USERS = frozenset({"app_user"})
SETTINGS = frozenset({"setting", "clinic"})
ALL_GROUPS = (PATIENTS, CARE_GAPS, MEMBERS, REVENUE, OUTBOX, FEDERATION, TRAINING, ANCHORS, USERS)

# How long a burst of commits may take before a visible screen reloads once.
SETTLE_MS = 150


class ChangeFollower(QObject):
    """Reloads one widget when tables it shows change; owned by (a child of) the widget."""

    def __init__(
        self,
        widget: QWidget,
        runner: TaskRunner,
        tables: Iterable[str],
        reload: Callable[[], None],
        *,
        catch_up_on_show: bool = True,
    ) -> None:
        super().__init__(widget)
        self._widget = widget
        self._tables = frozenset(tables)
        self._reload = reload
        self._catch_up = catch_up_on_show
        self.stale = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        runner.data_changed.connect(self._on_runner_data_changed)
        widget.installEventFilter(self)

    def _on_runner_data_changed(self, tables: frozenset[str]) -> None:
        if not self._tables & tables:
            return
        if not getattr(self._widget, "loaded", True):
            return  # never shown yet: its first showing reads everything anyway
        if self._widget.isVisible():
            self._timer.start()
        elif self._catch_up:
            self.stale = True

    def _on_timer_timeout(self) -> None:
        if shiboken6.isValid(self._widget):
            self.stale = False
            self._reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self._timer.start()
        return False


def follow_changes(
    widget: QWidget,
    runner: TaskRunner,
    tables: Iterable[str],
    reload: Callable[[], None] | None = None,
    *,
    catch_up_on_show: bool = True,
) -> ChangeFollower:
    """Reload `widget` (its `refresh()` unless `reload` is given) when `tables` change.
    `catch_up_on_show=False` for a widget that reads afresh whenever it is shown anyway."""
    action = reload if reload is not None else widget.refresh  # type: ignore[attr-defined]
    return ChangeFollower(widget, runner, tables, action, catch_up_on_show=catch_up_on_show)
