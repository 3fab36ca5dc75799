"""The Training area's table models and how a state looks.

A state is never shown by colour alone: every cell carries a symbol and a word (and the
colour is a soft background with dark text, readable in light and dark palettes)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication

from clinicdesk.domain.roles import Role
from clinicdesk.domain.training import CompletionKind, TrainingState
from clinicdesk.i18n import formatting
from clinicdesk.services.training import (
    CellStatus,
    CompletionInfo,
    DueItem,
    Matrix,
    MatrixRow,
    MyRequirement,
    RequirementInfo,
)
from clinicdesk.ui import theme
from clinicdesk.ui.admin.roles import role_label
from clinicdesk.ui.safe_text import plain_tooltip
from clinicdesk.ui.standard_text import standard_title
from clinicdesk.ui.tables import Column, RowTableModel

RIGHT = Qt.AlignmentFlag.AlignRight
CELL_ROLE = Qt.ItemDataRole.UserRole + 10  # the CellStatus under a matrix cell
REQUIREMENT_ROLE = Qt.ItemDataRole.UserRole + 11  # the RequirementInfo of a column

# symbol, background; most urgent first (also the sort order of a state column)
_LOOK: dict[TrainingState, tuple[str, str | None]] = {
    TrainingState.EXPIRED: ("✘", "#f8c4c4"),
    TrainingState.MISSING: ("○", "#f8c4c4"),
    TrainingState.EXPIRING: ("⚠", "#ffe1a8"),
    TrainingState.IN_GRACE: ("◷", "#cfe3fb"),
    TrainingState.VALID: ("✔", "#cdebd0"),
    TrainingState.NOT_APPLICABLE: ("–", None),
}
_URGENCY = {state: number for number, state in enumerate(_LOOK)}
# Marked for lupdate here; the domain keeps its own English labels for the CLI.
_STATE_TEXT: dict[TrainingState, str] = {
    TrainingState.VALID: str(QT_TRANSLATE_NOOP("TrainingState", "Valid")),
    TrainingState.EXPIRING: str(QT_TRANSLATE_NOOP("TrainingState", "Expiring")),
    TrainingState.EXPIRED: str(QT_TRANSLATE_NOOP("TrainingState", "Expired")),
    TrainingState.MISSING: str(QT_TRANSLATE_NOOP("TrainingState", "Missing")),
    TrainingState.IN_GRACE: str(QT_TRANSLATE_NOOP("TrainingState", "In grace")),
    TrainingState.NOT_APPLICABLE: str(QT_TRANSLATE_NOOP("TrainingState", "n/a")),
}
_KIND_TEXT: dict[CompletionKind, str] = {
    CompletionKind.IN_APP: str(QT_TRANSLATE_NOOP("CompletionKind", "Course in ClinicDesk")),
    CompletionKind.OUTSIDE_CERTIFICATE: str(
        QT_TRANSLATE_NOOP("CompletionKind", "Outside certificate")
    ),
    CompletionKind.REVOCATION: str(QT_TRANSLATE_NOOP("CompletionKind", "Revocation")),
}
_DARK_TEXT = QColor("#1b1b1b")


def state_label(state: TrainingState) -> str:
    return QCoreApplication.translate("TrainingState", _STATE_TEXT[state])


def kind_label(kind: CompletionKind) -> str:
    return QCoreApplication.translate("CompletionKind", _KIND_TEXT[kind])


def state_text(state: TrainingState) -> str:
    """Symbol and word, e.g. '⚠ Expiring'."""
    return f"{_LOOK[state][0]} {state_label(state)}"


def state_sort_key(state: TrainingState) -> int:
    return _URGENCY[state]


def state_role_data(state: TrainingState, role: int) -> object:
    """The colours of a state cell (None for the roles it does not set)."""
    background = _LOOK[state][1]
    if background is None:
        return None
    dark = theme.is_dark(QGuiApplication.palette())
    if role == Qt.ItemDataRole.BackgroundRole:
        # On a dark palette the same hue, dimmed, under light text: no glaring pastels.
        color = QColor(background)
        return QBrush(color.darker(330) if dark else color)
    if role == Qt.ItemDataRole.ForegroundRole:
        return QBrush(QColor("#f2f2f2") if dark else _DARK_TEXT)
    return None


def role_names(roles: tuple[Role, ...]) -> str:
    return ", ".join(role_label(role) for role in roles)


def day_text(day: date | None) -> str:
    return formatting.format_date(day)


def percent_text(percent: int) -> str:
    """A score kept as a whole percentage (80 -> '80%', '80 %')."""
    return formatting.format_percent(Decimal(percent) / 100)


def cell_text(cell: CellStatus) -> str:
    """What a matrix cell says: the state and the one date that matters for it."""
    text = state_text(cell.state)
    if cell.state == TrainingState.VALID and cell.expires_on:
        return QCoreApplication.translate("Training", "{state} until {day}").format(
            state=text, day=day_text(cell.expires_on)
        )
    if cell.state == TrainingState.IN_GRACE and cell.due_on:
        return QCoreApplication.translate("Training", "{state} to {day}").format(
            state=text, day=day_text(cell.due_on)
        )
    if cell.state in (TrainingState.EXPIRING, TrainingState.EXPIRED) and cell.expires_on:
        return QCoreApplication.translate("Training", "{state} {day}").format(
            state=text, day=day_text(cell.expires_on)
        )
    return text


def requirement_title(requirement: RequirementInfo) -> str:
    """The requirement's title in the current language (a clinic's own requirement, or one
    without a translation, as written)."""
    return standard_title(requirement.requirement_id, requirement.version, requirement.title)


def completion_title(completion: CompletionInfo) -> str:
    return standard_title(
        completion.requirement_id, completion.requirement_version, completion.requirement_title
    )


def short_title(requirement: RequirementInfo) -> str:
    """A column heading: the title up to its first comma ('Hand hygiene, every year' ->
    'Hand hygiene'); the whole title is in the tooltip."""
    title = requirement_title(requirement)
    return title.split(",")[0].strip() or title


def cell_tooltip(cell: CellStatus, requirement: RequirementInfo | None = None) -> str:
    lines = [state_label(cell.state)]
    if requirement is not None:
        lines.insert(
            0,
            QCoreApplication.translate("Training", "{title} ({id})").format(
                title=requirement_title(requirement), id=requirement.requirement_id
            ),
        )
    if cell.completed_on:
        lines.append(
            QCoreApplication.translate("Training", "Completed on {day}").format(
                day=day_text(cell.completed_on)
            )
        )
    if cell.kind is not None:
        lines.append(kind_label(cell.kind))
    if cell.expires_on:
        lines.append(
            QCoreApplication.translate("Training", "Expires on {day}").format(
                day=day_text(cell.expires_on)
            )
        )
    elif cell.completed_on and cell.state == TrainingState.VALID:
        lines.append(QCoreApplication.translate("Training", "Does not expire"))
    if cell.due_on and cell.state == TrainingState.IN_GRACE:
        lines.append(
            QCoreApplication.translate("Training", "Due by {day}").format(day=day_text(cell.due_on))
        )
    elif cell.due_on and cell.state == TrainingState.MISSING:  # its grace ended: past due
        lines.append(
            QCoreApplication.translate("Training", "Overdue since {day}").format(
                day=day_text(cell.due_on)
            )
        )
    if cell.days_left is not None and cell.state in (
        TrainingState.EXPIRING,
        TrainingState.IN_GRACE,
    ):
        lines.append(
            QCoreApplication.translate("Training", "{n} days left").format(
                n=formatting.format_number(cell.days_left)
            )
        )
    if cell.certificate_code:
        lines.append(
            QCoreApplication.translate("Training", "Certificate {code}").format(
                code=cell.certificate_code
            )
        )
    return "\n".join(lines)


def requirement_tooltip(requirement: RequirementInfo) -> str:
    every = (
        QCoreApplication.translate("Training", "every {n} months").format(
            n=requirement.recurrence_months
        )
        if requirement.recurrence_months
        else QCoreApplication.translate("Training", "once")
    )
    lines = [
        QCoreApplication.translate("Training", "{title} ({id}, version {version})").format(
            title=requirement_title(requirement),
            id=requirement.requirement_id,
            version=requirement.version,
        ),
        QCoreApplication.translate(
            "Training", "For: {roles}; {every}; {days} days' grace for newcomers"
        ).format(roles=role_names(requirement.roles), every=every, days=requirement.grace_days),
    ]
    if requirement.local:
        lines.append(QCoreApplication.translate("Training", "A requirement of this clinic"))
    return "\n".join(lines)


class _StateColumnsModel(RowTableModel):
    """A RowTableModel whose `state_columns` map a column to the row's state."""

    state_columns: dict[int, Any]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if (
            role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole)
            and index.isValid()
            and index.column() in self.state_columns
            and 0 <= index.row() < self.rowCount()
        ):
            state = self.state_columns[index.column()](self.row_at(index.row()))
            return state_role_data(state, role) if state is not None else None
        return super().data(index, role)


def _matrix_cell_text(number: int, row: MatrixRow) -> str:
    return cell_text(row.cells[number])


def _matrix_cell_state(number: int, row: MatrixRow) -> TrainingState:
    return row.cells[number].state


def _matrix_cell_sort_key(number: int, row: MatrixRow) -> tuple[int, date]:
    cell = row.cells[number]
    return state_sort_key(cell.state), cell.due_on or date.max


def _matrix_cell_tooltip(number: int, requirement: RequirementInfo, row: MatrixRow) -> str:
    return cell_tooltip(row.cells[number], requirement)


class MatrixTableModel(_StateColumnsModel):
    """Staff (rows) × requirements in force (columns 2…), from the service's Matrix.
    A new matrix with the same requirements updates rows in place; other requirements
    reset the model (the columns changed)."""

    FIRST_REQUIREMENT = 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(self._columns_for(()), key=lambda r: r.staff.id, parent=parent)
        self.requirements: tuple[RequirementInfo, ...] = ()
        self.matrix: Matrix | None = None
        self.state_columns = {}

    def _columns_for(self, requirements: tuple[RequirementInfo, ...]) -> list[Column]:
        columns = [
            Column(self.tr("Name"), lambda r: r.staff.name),
            Column(self.tr("Job roles"), lambda r: role_names(r.staff.job_roles)),
        ]
        for number, requirement in enumerate(requirements):
            columns.append(
                Column(
                    short_title(requirement),
                    partial(_matrix_cell_text, number),
                    sort_key=partial(_matrix_cell_sort_key, number),
                    tooltip=partial(_matrix_cell_tooltip, number, requirement),
                )
            )
        return columns

    def set_matrix(self, matrix: Matrix) -> None:
        self.matrix = matrix
        if matrix.requirements == self.requirements and self.rowCount():
            self.sync_rows(matrix.rows)
            return
        self.beginResetModel()
        self.requirements = matrix.requirements
        self._columns = self._columns_for(matrix.requirements)
        self.state_columns = {
            self.FIRST_REQUIREMENT + n: partial(_matrix_cell_state, n)
            for n in range(len(matrix.requirements))
        }
        self._rows = list(matrix.rows)
        self._reindex()
        self.endResetModel()

    def requirement_at(self, column: int) -> RequirementInfo | None:
        number = column - self.FIRST_REQUIREMENT
        return self.requirements[number] if 0 <= number < len(self.requirements) else None

    def cell_at(
        self, row: int, column: int
    ) -> tuple[MatrixRow, RequirementInfo, CellStatus] | None:
        requirement = self.requirement_at(column)
        if requirement is None or not 0 <= row < self.rowCount():
            return None
        matrix_row: MatrixRow = self.row_at(row)
        return matrix_row, requirement, matrix_row.cells[column - self.FIRST_REQUIREMENT]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if role in (CELL_ROLE, REQUIREMENT_ROLE) and index.isValid():
            found = self.cell_at(index.row(), index.column())
            if found is None:
                return None
            return found[2] if role == CELL_ROLE else found[1]
        return super().data(index, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            requirement = self.requirement_at(section)
            if requirement is None:
                return None
            return plain_tooltip(requirement_tooltip(requirement))  # the hub's title
        return super().headerData(section, orientation, role)


def _progress_text(item: MyRequirement) -> str:
    if not item.requirement.has_course:
        return QCoreApplication.translate("Training", "No course in ClinicDesk")
    progress = item.progress
    if progress is None or not progress.sections_read:
        due = item.status.state.needs_action or item.status.state == TrainingState.IN_GRACE
        return (
            QCoreApplication.translate("Training", "Not started")
            if due
            else QCoreApplication.translate("Training", "Course available")
        )
    if progress.quiz_passed and progress.all_read:
        return QCoreApplication.translate("Training", "Passed")
    read = len(set(progress.sections_read) & set(progress.sections))
    text = QCoreApplication.translate("Training", "{read} of {total} sections read").format(
        read=read, total=len(progress.sections)
    )
    if progress.last_score_percent is not None:
        text += QCoreApplication.translate("Training", "; last quiz {score}").format(
            score=percent_text(progress.last_score_percent)
        )
    return text


def _status_state(item: MyRequirement | DueItem) -> TrainingState:
    return item.status.state


def _state_and_due_columns(model: RowTableModel) -> list[Column]:
    """The State and Due columns of a row holding a requirement and its status
    (MyRequirement, DueItem)."""
    return [
        Column(
            QCoreApplication.translate("Training", "State"),
            lambda i: state_text(i.status.state),
            sort_key=lambda i: state_sort_key(i.status.state),
            tooltip=lambda i: cell_tooltip(i.status, i.requirement),
        ),
        Column(
            QCoreApplication.translate("Training", "Due"),
            lambda i: day_text(i.status.due_on),
            sort_key=lambda i: i.status.due_on,
        ),
    ]


class MyTrainingModel(_StateColumnsModel):
    """The signed-in person's requirements, most urgent first."""

    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column(self.tr("Training"), lambda i: requirement_title(i.requirement)),
            *_state_and_due_columns(self),
            Column(
                self.tr("Completed"),
                lambda i: day_text(i.status.completed_on),
                sort_key=lambda i: i.status.completed_on,
            ),
            Column(self.tr("Course"), _progress_text),
        ]
        super().__init__(columns, key=lambda i: i.requirement.requirement_id, parent=parent)
        self.state_columns = {1: _status_state}


class CompletionsModel(RowTableModel):
    """A person's completion ledger, newest first (revocations are rows too)."""

    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column(
                self.tr("Date"),
                lambda c: day_text(c.completed_on),
                sort_key=lambda c: c.completed_on,
            ),
            Column(self.tr("Training"), completion_title),
            Column(
                self.tr("How"),
                lambda c: kind_label(c.kind),
            ),
            Column(
                self.tr("Expires"),
                lambda c: day_text(c.expires_on),
                sort_key=lambda c: c.expires_on,
            ),
            Column(self.tr("Certificate"), lambda c: c.certificate_code or ""),
            Column(self.tr("Note"), self._note),
        ]
        super().__init__(columns, key=lambda c: c.id, parent=parent)

    def _note(self, completion: CompletionInfo) -> str:
        if completion.kind == CompletionKind.REVOCATION:
            return self.tr("Revoked: {reason}").format(reason=completion.reason or "")
        if completion.revoked_on is not None:
            return self.tr("Revoked on {day}").format(day=day_text(completion.revoked_on))
        if completion.provider:
            return " ".join(x for x in (completion.provider, completion.external_code) if x)
        if completion.score_percent is not None:
            return self.tr("Quiz {score}").format(score=percent_text(completion.score_percent))
        return ""


class DueTableModel(_StateColumnsModel):
    """Expiring soon: who has what due, soonest first."""

    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column(self.tr("Name"), lambda d: d.staff.name),
            Column(self.tr("Training"), lambda d: requirement_title(d.requirement)),
            *_state_and_due_columns(self),
            Column(
                self.tr("Days left"),
                lambda d: _days_left_text(d.status.days_left),
                sort_key=lambda d: d.status.days_left,
                align=RIGHT,
            ),
            Column(self.tr("Job roles"), lambda d: role_names(d.staff.job_roles)),
        ]
        super().__init__(columns, key=_due_key, parent=parent)
        self.state_columns = {2: _status_state}


def _days_left_text(days: int | None) -> str:
    if days is None:
        return ""
    if days >= 0:
        return formatting.format_number(days)
    return QCoreApplication.translate("Training", "{n} overdue").format(
        n=formatting.format_number(-days)
    )


def _due_key(item: DueItem) -> tuple[int, str]:
    return item.staff.id, item.requirement.requirement_id


class StaffTableModel(RowTableModel):
    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column(self.tr("Name"), lambda s: s.name),
            Column(self.tr("Login"), lambda s: s.username or self.tr("(no login)")),
            Column(self.tr("Job roles"), lambda s: role_names(s.job_roles)),
            Column(self.tr("Job title"), lambda s: s.job_title or ""),
            Column(
                self.tr("Started"), lambda s: day_text(s.start_on), sort_key=lambda s: s.start_on
            ),
            Column(self.tr("Left"), lambda s: day_text(s.end_on), sort_key=lambda s: s.end_on),
        ]
        super().__init__(columns, key=lambda s: s.id, parent=parent)
