"""Today: what needs someone, by role — care gaps left stale by an import that stopped
before its care-gap run (with a button to run it), months whose contribution is not yet submitted
(overdue ones first), the panel's open and overdue care gaps, the clinic's expired and
expiring training (managers) and one's own training due, messages waiting for the
federation, applicants awaiting the board. Each line has a button to the area that
deals with it. Read on the worker whenever the area is shown."""

from __future__ import annotations

from datetime import UTC
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from clinicdesk import __version__
from clinicdesk.domain.training import TrainingState
from clinicdesk.i18n.formatting import (
    format_date,
    format_datetime,
    format_money,
    format_number,
    format_period,
)
from clinicdesk.services import caregaps, today
from clinicdesk.services.today import TodaySummary
from clinicdesk.ui import changes, theme
from clinicdesk.ui.actions import make_action
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.dialogs import DialogHost
from clinicdesk.ui.policies.dialog import AcknowledgeDialog
from clinicdesk.ui.policies.models import policy_title, status_line
from clinicdesk.ui.standard_text import standard_title
from clinicdesk.ui.today.checklist import SetupChecklist
from clinicdesk.ui.training.models import requirement_title, state_label


def _months(periods: tuple[str, ...] | list[str]) -> str:
    """Calendar months (`YYYY-MM`) as people name them: `November 2026, December 2026`."""
    return ", ".join(map(format_period, periods))


# The widest a box of Today may be: on a wide screen a button stays near its text, not a
# screen-width away.
CARD_WIDTH = 980


class _Section(QGroupBox):
    """A titled box: one line of text and a button to the area that deals with it."""

    def __init__(self, title: str, button_text: str, parent: QWidget) -> None:
        super().__init__(title, parent)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAccessibleName(title)
        self.button = QPushButton(button_text, self)
        row = QHBoxLayout(self)
        row.addWidget(self.text, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        self.setMaximumWidth(CARD_WIDTH)
        self.hide()


class TodayView(DialogHost, QWidget):
    # The key of the area a button leads to, and what to show there ("" for the area as
    # it is; see the area's show_request).
    area_requested = Signal(str, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.summary: TodaySummary | None = None
        self.setObjectName("today_view")
        self.heading = QLabel(self)
        self.heading.setObjectName("todayHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.heading.setFont(font)
        self.revenue = _Section(self.tr("Monthly revenue"), self.tr("Open &Revenue"), self)
        self.panel = _Section(self.tr("Care gaps"), self.tr("Open &Panel"), self)
        # An import whose care-gap run never happened (the program stopped in between).
        self.stale_gaps = _Section(
            self.tr("Care gaps are out of date"), self.tr("&Run care gaps now"), self
        )
        self.stale_gaps.setObjectName("staleGaps")
        self.stale_gaps.button.clicked.connect(self.run_care_gaps)
        self.members = _Section(self.tr("Members"), self.tr("Open &Members"), self)
        self.anchors = _Section(self.tr("Anchor invoices"), self.tr("Open Anc&hors"), self)
        self.training = _Section(self.tr("Training"), self.tr("Open &Training"), self)
        # One's own policies to read and acknowledge: the button opens the most urgent.
        self.policies = _Section(
            self.tr("Policies to acknowledge"), self.tr("Read and ac&knowledge…"), self
        )
        self.policies.setObjectName("todayPolicies")
        self.policies.button.clicked.connect(self.acknowledge_next)
        # Managers: the clinic's people late or due, and the way to who they are.
        self.policy_clinic = _Section(
            self.tr("Policy acknowledgements"), self.tr("Open Po&licies"), self
        )
        self.policy_clinic.setObjectName("todayPolicyClinic")
        self.federation = _Section(self.tr("Federation"), self.tr("Open Fe&deration"), self)
        self.checklist = SetupChecklist(self)
        self.checklist.setMaximumWidth(CARD_WIDTH)  # in line with the cards under it
        self.checklist.area_requested.connect(lambda key: self.area_requested.emit(key, ""))
        self.nothing = QLabel(self.tr("Nothing needs you today."), self)
        self.nothing.hide()
        for section, key, request in (
            (self.revenue, "revenue", ""),
            (self.panel, "panel", ""),
            (self.members, "members", "applicants"),
            (self.anchors, "anchors", "overdue"),
            (self.training, "training", ""),
            (self.policy_clinic, "training", "policies"),
            (self.federation, "federation", ""),
        ):
            section.button.clicked.connect(
                lambda _c=False, k=key, r=request: self.area_requested.emit(k, r)
            )
            section.button.setIcon(theme.icon(key))
        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        # The boxes scroll rather than make the window taller than a small screen.
        content = QWidget(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        layout.addWidget(self.heading)
        layout.addWidget(self.checklist)
        for widget in (
            self.stale_gaps,
            self.revenue,
            self.panel,
            self.policies,
            self.policy_clinic,
            self.training,
            self.members,
            self.anchors,
            self.federation,
            self.nothing,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        changes.follow_changes(
            self,
            ctx.runner,
            changes.PATIENTS
            | changes.CARE_GAPS
            | changes.MEMBERS
            | changes.REVENUE
            | changes.OUTBOX
            | changes.TRAINING
            | changes.ANCHORS
            | changes.SETTINGS,
            catch_up_on_show=False,  # showEvent reads afresh every time
        )

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.refresh()  # cheap counts: read afresh whenever the start screen is shown

    def refresh(self) -> None:
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> TodaySummary:
            # Not read-only: training may add the staff row of a user signed in for the
            # first time.
            with db.uow() as uow:
                return today.summary(uow, actor)

        self.ctx.runner.run(work, self._on_summary_loaded, parent=self)

    def _on_summary_loaded(self, summary: TodaySummary) -> None:
        if not shiboken6.isValid(self):
            return
        self.summary = summary
        self.heading.setText(self.tr("Today, {day}").format(day=format_date(summary.day, "full")))
        shown = [
            self.checklist.show_steps(summary.setup),
            self._show_stale_gaps(summary),
            self._show_revenue(summary),
            self._show_panel(summary),
            self._show_members(summary),
            self._show_anchors(summary),
            self._show_policies(summary),
            self._show_policy_clinic(summary),
            self._show_training(summary),
            self._show_federation(summary),
        ]
        self.nothing.setVisible(not any(shown))

    def _show_stale_gaps(self, summary: TodaySummary) -> bool:
        todo = summary.panel
        if todo is None or todo.gaps_stale_since is None:
            self.stale_gaps.hide()
            return False
        since = todo.gaps_stale_since.replace(tzinfo=UTC).astimezone()
        text = self.tr(
            "Patient data was imported on {when}, but the care gaps were not worked out "
            "again afterwards (ClinicDesk stopped before it could). Open gaps, due dates "
            "and outreach lists may be wrong until they are."
        ).format(when=format_datetime(since))
        if not todo.may_run_clinic:
            text += " " + self.tr("Ask a manager or the front desk to run the care gaps.")
        self.stale_gaps.text.setText(text)
        self.stale_gaps.button.setVisible(todo.may_run_clinic)
        self.stale_gaps.show()
        return True

    def run_care_gaps(self) -> None:
        """The clinic-wide run the stopped import did not get to; it clears the notice."""
        db, actor = self.ctx.db, self.ctx.principal
        self.stale_gaps.button.setEnabled(False)

        def work(_progress: Any) -> Any:
            with db.uow() as uow:
                return caregaps.evaluate_clinic(uow, actor)

        task = self.ctx.runner.run(
            work,
            self._on_care_gaps_run,
            label=self.tr("Working out care gaps…"),
            parent=self,
        )
        task.finished.connect(self._on_care_gaps_task_finished)

    def _on_care_gaps_run(self, summary: Any) -> None:
        if not shiboken6.isValid(self):
            return
        self.ctx.messages.status(
            self.tr("Care gaps worked out for %Ln patient(s).", "", summary.patients)
        )
        self.refresh()

    def _on_care_gaps_task_finished(self, *_args: Any) -> None:
        if shiboken6.isValid(self):
            self.stale_gaps.button.setEnabled(True)

    def _show_revenue(self, summary: TodaySummary) -> bool:
        todo = summary.revenue
        if todo is None or not todo.unsubmitted:
            self.revenue.hide()
            return False
        lines = []
        if todo.overdue:
            lines.append(
                self.tr(
                    "Overdue: {months} — the contribution was due and is not submitted."
                ).format(months=_months(todo.overdue))
            )
        waiting = [p for p in todo.unsubmitted if p not in todo.overdue]
        if waiting:
            if todo.next_due is not None and todo.next_due[0] in waiting:
                text = self.tr("To close and submit: {months} (due {day}).").format(
                    months=_months(waiting), day=format_date(todo.next_due[1])
                )
            else:
                text = self.tr("To close and submit: {months}.").format(months=_months(waiting))
            lines.append(text)
        self.revenue.text.setText("\n".join(lines))
        self.revenue.setProperty("overdue", bool(todo.overdue))
        self.revenue.show()
        return True

    def _show_panel(self, summary: TodaySummary) -> bool:
        todo = summary.panel
        if todo is None or not todo.patients:
            self.panel.hide()
            return False
        if todo.own_panel:
            text = self.tr(
                "Your panel: %Ln patient(s), {open} with open care gaps, {overdue} gaps overdue.",
                "",
                todo.patients,
            )
        else:
            text = self.tr(
                "The clinic: %Ln patient(s), {open} with open care gaps, {overdue} gaps overdue.",
                "",
                todo.patients,
            )
        self.panel.text.setText(
            text.format(
                open=format_number(todo.with_open_gaps), overdue=format_number(todo.overdue_gaps)
            )
        )
        self.panel.show()
        return bool(todo.with_open_gaps)

    def _show_members(self, summary: TodaySummary) -> bool:
        todo = summary.members
        if todo is None or not todo.awaiting_approval:
            self.members.hide()
            return False
        self.members.text.setText(
            self.tr("%n applicant(s) wait for the board's approval.", "", todo.awaiting_approval)
        )
        self.members.show()
        return True

    def _show_anchors(self, summary: TodaySummary) -> bool:
        todo = summary.anchors
        if todo is None or not todo.overdue:
            self.anchors.hide()
            return False
        self.anchors.text.setText(
            self.tr("%n anchor invoice(s) overdue: {amount} unpaid.", "", todo.overdue).format(
                amount=format_money(todo.overdue_amount)
            )
        )
        self.anchors.show()
        return True

    def _show_policies(self, summary: TodaySummary) -> bool:
        if not summary.policies:
            self.policies.hide()
            return False
        lines = [
            self.tr("{title} (version {version}): {status}").format(
                title=policy_title(item.policy),
                version=item.policy.version,
                status=status_line(item.status),
            )
            for item in summary.policies
        ]
        self.policies.text.setText("\n".join(lines))
        self.policies.show()
        return True

    def _show_policy_clinic(self, summary: TodaySummary) -> bool:
        late, due = summary.policy_late, summary.policy_due
        if late is None or not (late or due):
            self.policy_clinic.hide()
            return False
        self.policy_clinic.text.setText(
            self.tr("The clinic: {late} late, {due} still within their days.").format(
                late=late, due=due or 0
            )
        )
        self.policy_clinic.setProperty("overdue", bool(late))
        self.policy_clinic.show()
        return bool(late)

    def acknowledge_next(self) -> None:
        """Open the most urgent policy awaiting this person, to read and acknowledge."""
        if self.summary is None or not self.summary.policies or self.dialog is not None:
            return
        dialog = AcknowledgeDialog(self.ctx, self.summary.policies[0], self)
        self.open_dialog(dialog, self._on_policy_acknowledged)

    def _on_policy_acknowledged(self, info: Any) -> None:
        if not shiboken6.isValid(self):
            return
        self.ctx.messages.status(
            self.tr("Acknowledged: {title}, version {version}.").format(
                title=standard_title(info.policy_id, info.version, info.title),
                version=info.version,
            )
        )
        self.refresh()

    def _show_training(self, summary: TodaySummary) -> bool:
        todo = summary.training
        lines = []
        if todo is not None and todo.clinic_expired is not None:
            expired, expiring = todo.clinic_expired, todo.clinic_expiring or 0
            missing = todo.clinic_missing or 0
            if expired or expiring or missing:
                lines.append(
                    self.tr(
                        "The clinic: {expired} expired, {missing} missing, "
                        "{expiring} expiring soon."
                    ).format(expired=expired, missing=missing, expiring=expiring)
                )
        for item in todo.own if todo is not None else ():
            status = item.status
            if status.state == TrainingState.EXPIRED and status.expires_on is not None:
                text = self.tr("{training}: expired on {day}.").format(
                    training=requirement_title(item.requirement), day=format_date(status.expires_on)
                )
            elif status.state == TrainingState.MISSING and status.due_on is not None:
                # missing: its grace ended on the due date, which is past
                text = self.tr("{training}: missing, overdue since {day}.").format(
                    training=requirement_title(item.requirement), day=format_date(status.due_on)
                )
            elif status.due_on is not None:
                text = self.tr("{training}: {state}, due by {day}.").format(
                    training=requirement_title(item.requirement),
                    state=state_label(status.state).lower(),
                    day=format_date(status.due_on),
                )
            else:
                text = self.tr("{training}: {state}.").format(
                    training=requirement_title(item.requirement),
                    state=state_label(status.state).lower(),
                )
            lines.append(self.tr("Yours — {item}").format(item=text))
        if not lines:
            self.training.hide()
            return False
        self.training.text.setText("\n".join(lines))
        self.training.show()
        return True

    def _show_federation(self, summary: TodaySummary) -> bool:
        todo = summary.federation
        quiet = todo is not None and todo.connected and not todo.waiting and not todo.stopped
        if todo is None or (quiet and not todo.update):
            self.federation.hide()
            return False
        lines = []
        if not todo.connected:
            lines.append(self.tr("This clinic is not connected to its federation hub yet."))
        elif todo.waiting or todo.stopped:
            text = self.tr(
                "%n message(s) waiting to go to the hub; {stopped} need a person.", "", todo.waiting
            )
            lines.append(text.format(stopped=format_number(todo.stopped)))
        if todo.update:
            text = self.tr("ClinicDesk {new} is available; this computer runs {current}.")
            lines.append(text.format(new=todo.update, current=__version__))
            if todo.update_download:
                lines.append(self.tr("Download: {address}").format(address=todo.update_download))
        self.federation.text.setText("\n".join(lines))
        self.federation.show()
        return True
