"""How a policy state looks (the training matrix's look: a symbol, a word and a soft
colour, never the colour alone), and the table models of the policy views."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from clinicdesk.domain.policies import PolicyState
from clinicdesk.domain.training import TrainingState
from clinicdesk.services.policies import MyPolicy, PolicyCell, PolicyInfo, PolicyOverview
from clinicdesk.services.policies.types import PolicyRow
from clinicdesk.ui.safe_text import plain_tooltip
from clinicdesk.ui.standard_text import standard_text, standard_title
from clinicdesk.ui.tables import Column, RowTableModel
from clinicdesk.ui.training.models import day_text, role_names, state_role_data

# The training state whose look each policy state borrows.
_LOOK = {
    PolicyState.LATE: (TrainingState.MISSING, "✘"),
    PolicyState.DUE: (TrainingState.IN_GRACE, "◷"),
    PolicyState.ACKNOWLEDGED: (TrainingState.VALID, "✔"),
    PolicyState.NOT_APPLICABLE: (TrainingState.NOT_APPLICABLE, "–"),
}
_URGENCY = {state: number for number, state in enumerate(_LOOK)}
# Marked for lupdate here; the domain keeps its own English labels for the CLI.
_STATE_TEXT: dict[PolicyState, str] = {
    PolicyState.ACKNOWLEDGED: str(QT_TRANSLATE_NOOP("PolicyState", "Acknowledged")),
    PolicyState.DUE: str(QT_TRANSLATE_NOOP("PolicyState", "Due")),
    PolicyState.LATE: str(QT_TRANSLATE_NOOP("PolicyState", "Late")),
    PolicyState.NOT_APPLICABLE: str(QT_TRANSLATE_NOOP("PolicyState", "n/a")),
}


def state_label(state: PolicyState) -> str:
    return QCoreApplication.translate("PolicyState", _STATE_TEXT[state])


def state_text(state: PolicyState) -> str:
    """Symbol and word, e.g. '✘ Late'."""
    return f"{_LOOK[state][1]} {state_label(state)}"


def cell_text(cell: PolicyCell) -> str:
    text = state_text(cell.state)
    if cell.state is PolicyState.ACKNOWLEDGED and cell.acknowledged_on:
        day = day_text(cell.acknowledged_on)
        if cell.on_time is False:
            return QCoreApplication.translate("Policies", "{state} {day} (late)").format(
                state=text, day=day
            )
        return QCoreApplication.translate("Policies", "{state} {day}").format(state=text, day=day)
    if cell.state is PolicyState.LATE and cell.due_by:
        return QCoreApplication.translate("Policies", "{state}, due by {day}").format(
            state=text, day=day_text(cell.due_by)
        )
    if cell.state.awaiting and cell.due_by:
        return QCoreApplication.translate("Policies", "{state} by {day}").format(
            state=text, day=day_text(cell.due_by)
        )
    return text


def status_line(cell: PolicyCell) -> str:
    """One sentence for a person's own policy."""
    if cell.state is PolicyState.ACKNOWLEDGED and cell.acknowledged_on:
        return QCoreApplication.translate("Policies", "You acknowledged it on {day}.").format(
            day=day_text(cell.acknowledged_on)
        )
    if cell.state is PolicyState.LATE and cell.due_by:
        return QCoreApplication.translate(
            "Policies", "Late: it was to be acknowledged by {day}."
        ).format(day=day_text(cell.due_by))
    if cell.due_by:
        return QCoreApplication.translate("Policies", "Acknowledge it by {day}.").format(
            day=day_text(cell.due_by)
        )
    return state_label(cell.state)


def policy_title(policy: PolicyInfo) -> str:
    """The policy's title in the current language (English when not translated)."""
    return standard_title(policy.policy_id, policy.version, policy.title)


def policy_body(policy: PolicyInfo) -> str:
    return standard_text(policy.policy_id, policy.version, "body", policy.body)


def policy_tooltip(policy: PolicyInfo) -> str:
    who = (
        QCoreApplication.translate("Policies", "everyone")
        if policy.everyone
        else role_names(policy.roles)
    )
    return "\n".join(
        [
            QCoreApplication.translate("Policies", "{title} ({id}, version {version})").format(
                title=policy_title(policy), id=policy.policy_id, version=policy.version
            ),
            QCoreApplication.translate(
                "Policies",
                "For {who}, within {days} days of taking effect (from {day})",
            ).format(who=who, days=policy.within_days, day=day_text(policy.effective_from)),
        ]
    )


def _state_data(state: PolicyState, role: int) -> object:
    return state_role_data(_LOOK[state][0], role)


class _StateModel(RowTableModel):
    """Colours for the columns in `state_columns` (column -> the row's PolicyState)."""

    state_columns: dict[int, Any]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if (
            role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole)
            and index.isValid()
            and index.column() in self.state_columns
            and 0 <= index.row() < self.rowCount()
        ):
            return _state_data(self.state_columns[index.column()](self.row_at(index.row())), role)
        return super().data(index, role)


class MyPoliciesModel(_StateModel):
    """The signed-in person's policies (MyPolicy rows), most urgent first."""

    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column(
                self.tr("Policy"),
                lambda m: policy_title(m.policy),
                tooltip=lambda m: policy_tooltip(m.policy),
            ),
            Column(self.tr("Version"), lambda m: m.policy.version),
            Column(
                self.tr("State"),
                lambda m: cell_text(m.status),
                sort_key=lambda m: (_URGENCY[m.status.state], m.status.due_by or date.max),
            ),
        ]
        super().__init__(columns, key=lambda m: m.policy.policy_id, parent=parent)
        self.state_columns = {2: lambda m: m.status.state}

    def policy_at(self, row: int) -> MyPolicy | None:
        return self.row_at(row) if 0 <= row < self.rowCount() else None


def _cell_text(number: int, row: PolicyRow) -> str:
    return cell_text(row.cells[number])


def _cell_state(number: int, row: PolicyRow) -> PolicyState:
    return row.cells[number].state


def _cell_sort_key(number: int, row: PolicyRow) -> tuple[int, date]:
    cell = row.cells[number]
    return _URGENCY[cell.state], cell.due_by or date.max


class OverviewTableModel(_StateModel):
    """Staff (rows) × policies in force (columns 2…), like the training matrix."""

    FIRST_POLICY = 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(self._columns_for(()), key=lambda r: r.staff.id, parent=parent)
        self.policies: tuple[PolicyInfo, ...] = ()
        self.state_columns = {}

    def _columns_for(self, policies: tuple[PolicyInfo, ...]) -> list[Column]:
        columns = [
            Column(self.tr("Name"), lambda r: r.staff.name),
            Column(self.tr("Job roles"), lambda r: role_names(r.staff.job_roles)),
        ]
        for number, policy in enumerate(policies):
            columns.append(
                Column(
                    policy_title(policy),
                    partial(_cell_text, number),
                    sort_key=partial(_cell_sort_key, number),
                )
            )
        return columns

    def set_overview(self, overview: PolicyOverview) -> None:
        if overview.policies == self.policies and self.rowCount():
            self.sync_rows(overview.rows)
            return
        self.beginResetModel()
        self.policies = overview.policies
        self._columns = self._columns_for(overview.policies)
        self.state_columns = {
            self.FIRST_POLICY + n: partial(_cell_state, n) for n in range(len(overview.policies))
        }
        self._rows = list(overview.rows)
        self._reindex()
        self.endResetModel()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        number = section - self.FIRST_POLICY
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and 0 <= number < len(self.policies)
        ):
            return plain_tooltip(policy_tooltip(self.policies[number]))
        return super().headerData(section, orientation, role)
