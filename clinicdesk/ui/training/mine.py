"""My training: the signed-in person's requirements (most urgent first) with their state
and due date, their record of completions, the course player for the in-app courses, and
their certificates and transcript as PDFs."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.domain.training import CompletionKind, TrainingState
from clinicdesk.errors import ClinicDeskError
from clinicdesk.services import training
from clinicdesk.services.training import (
    CourseContent,
    CourseProgress,
    MyRequirement,
    MyTraining,
    QuizResult,
)
from clinicdesk.ui import changes
from clinicdesk.ui.actions import make_action
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.table_views import DataTableView
from clinicdesk.ui.tables import RowSortFilterProxy
from clinicdesk.ui.training.files import (
    FileOpener,
    PathChooser,
    open_with_system,
    save_path_chooser,
)
from clinicdesk.ui.training.models import CompletionsModel, MyTrainingModel, day_text
from clinicdesk.ui.training.player import CoursePlayer
from clinicdesk.ui.widgets import add_action_buttons, set_accessible


class MyTrainingTab(QWidget):
    training_changed = Signal()  # the person passed a course here

    LIST, PLAYER = range(2)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("my_training")
        self.loaded = False
        self.mine: MyTraining | None = None
        self.course_id: str | None = None
        self.last_saved: Path | None = None
        self.choose_path: PathChooser = save_path_chooser(self)
        self.open_path: FileOpener = open_with_system

        self.heading = QLabel(self)
        self.heading.setObjectName("myTrainingHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.model = MyTrainingModel(self)
        self.proxy = RowSortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = DataTableView(self, sortable=False)
        self.table.setObjectName("myRequirements")
        set_accessible(
            self.table,
            self.tr("My training requirements"),
            self.tr("The courses your job roles require and when each is due"),
        )
        self.table.setModel(self.proxy)
        self.table.persist_header(ctx.ui_state, "training/mine")
        self.table.activated.connect(lambda _index: self.take_course())
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.completions = CompletionsModel(self)
        self.record = DataTableView(self, sortable=False)
        self.record.setObjectName("myCompletions")
        set_accessible(
            self.record,
            self.tr("My training record"),
            self.tr("The courses you have completed and when each expires"),
        )
        self.record.setModel(self.completions)
        self.record.persist_header(ctx.ui_state, "training/mine/record")
        record_label = QLabel(self.tr("Your record"), self)
        record_label.setBuddy(self.record)

        self.take_action = make_action(
            self, self.tr("Ta&ke course"), self.take_course, "Ctrl+Shift+T"
        )
        self.certificate_action = make_action(
            self, self.tr("Save &certificate…"), self.save_selected_certificate, "Ctrl+Shift+S"
        )
        self.transcript_action = make_action(
            self, self.tr("Save t&ranscript…"), self.save_transcript, QKeySequence.StandardKey.Print
        )
        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        self.table.addAction(self.take_action)
        self.table.addAction(self.certificate_action)
        bar = QHBoxLayout()
        self.buttons = add_action_buttons(
            self,
            bar,
            [
                ("take", self.take_action),
                ("certificate", self.certificate_action),
                ("transcript", self.transcript_action),
                ("refresh", self.refresh_action),
            ],
        )
        bar.addStretch(1)

        listing = QWidget(self)
        list_layout = QVBoxLayout(listing)
        list_layout.addWidget(self.heading)
        list_layout.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical, listing)
        split.addWidget(self.table)
        below = QWidget(split)
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(record_label)
        below_layout.addWidget(self.record, 1)
        split.addWidget(below)
        split.setChildrenCollapsible(False)
        split.setSizes([300, 200])
        ctx.ui_state.persist_splitter("training/mine", split)
        list_layout.addWidget(split, 1)

        self.player = CoursePlayer(self)
        self.player.section_reached.connect(self._on_player_section_reached)
        self.player.quiz_submitted.connect(self._on_player_quiz_submitted)
        self.player.certificate_requested.connect(self._on_player_certificate_requested)
        self.player.finished_without_quiz.connect(self.close_course)
        self.player.closed.connect(self.close_course)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(listing)
        self.pages.addWidget(self.player)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self._update_actions()
        changes.follow_changes(self, ctx.runner, changes.TRAINING)

    # -- loading ------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.loaded = True
            self.refresh()

    def refresh(self) -> None:
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> MyTraining:
            with db.uow() as uow:  # the services may add the staff row of a new user
                return training.my_training(uow, actor)

        self.ctx.runner.run(work, self._on_mine_loaded, parent=self)

    def _on_mine_loaded(self, mine: MyTraining) -> None:
        if not shiboken6.isValid(self):
            return
        self.mine = mine
        due = sum(1 for item in mine.items if item.status.state.needs_action)
        self.heading.setText(
            self.tr(
                "{name}: %n requirements, {due} need action (as of {day}).", "", len(mine.items)
            ).format(name=mine.staff.name, due=due, day=day_text(mine.as_of))
        )
        if self.model.rowCount():
            self.model.sync_rows(mine.items)
        else:
            self.model.set_rows(mine.items)
        self.completions.set_rows(mine.completions)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.select_source_row(0)
        self._update_actions()

    def selected_item(self) -> MyRequirement | None:
        return self.table.current_row_object()

    def _update_actions(self, *_args: Any) -> None:
        item = self.selected_item()
        self.take_action.setEnabled(item is not None and item.requirement.has_course)
        self.certificate_action.setEnabled(item is not None and _certificate_of(item) is not None)

    # -- the course player ----------------------------------------------------------------

    def take_course(self) -> None:
        item = self.selected_item()
        if item is None or not item.requirement.has_course:
            return
        self.open_course(item.requirement.course_id)

    def open_course(self, course_id: str) -> None:
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> tuple[CourseContent, CourseProgress]:
            with db.uow() as uow:  # the services may add the staff row of a new user
                content = training.course_content(uow, actor, course_id)
                progress = training.get_progress(uow, actor, course_id)
            return content, progress

        self.ctx.runner.run(work, self._on_course_loaded, parent=self)

    def _on_course_loaded(self, result: tuple[CourseContent, CourseProgress]) -> None:
        if not shiboken6.isValid(self):
            return
        content, progress = result
        self.course_id = content.course_id
        self.pages.setCurrentIndex(self.PLAYER)
        self.player.load(content, progress.current_section)

    def close_course(self) -> None:
        self.course_id = None
        self.pages.setCurrentIndex(self.LIST)
        self.table.setFocus()
        self.refresh()

    def _on_player_section_reached(self, index: int) -> None:
        course = self.player.course
        if course is None:
            return
        db, actor = self.ctx.db, self.ctx.principal
        course_id, name = course.course_id, course.sections[index].name

        def work(_progress: Any) -> CourseProgress:
            with db.uow() as uow:
                return training.save_progress(
                    uow, actor, course_id, current_section=index, sections_read=[name]
                )

        self.ctx.runner.run(work, parent=self)

    def _on_player_quiz_submitted(self, answers: dict[str, str]) -> None:
        course = self.player.course
        if course is None:
            return
        db, actor, course_id = self.ctx.db, self.ctx.principal, course.course_id

        def work(_progress: Any) -> QuizResult:
            with db.uow() as uow:
                return training.submit_quiz(uow, actor, course_id, answers)

        self.ctx.runner.run(work, self._on_quiz_marked, failure=self._on_quiz_failed, parent=self)

    def _on_quiz_marked(self, result: QuizResult) -> None:
        if not shiboken6.isValid(self):
            return
        self.player.show_result(result)
        if result.completions:
            self.training_changed.emit()

    def _on_quiz_failed(self, error: ClinicDeskError) -> None:
        self.ctx.messages.error(error, self)
        if shiboken6.isValid(self):
            self.player.show_quiz_failed()

    def _on_player_certificate_requested(self, save: bool) -> None:
        outcome = self.player.outcome
        completion = outcome.completion if outcome is not None else None
        if completion is None:
            return
        self.certificate(completion.id, completion.certificate_code or str(completion.id), save)

    # -- PDFs -------------------------------------------------------------------------------

    def save_selected_certificate(self) -> None:
        item = self.selected_item()
        found = _certificate_of(item) if item is not None else None
        if found is not None:
            self.certificate(found[0], found[1], save=True)

    def certificate(self, completion_id: int, code: str, save: bool) -> None:
        """Save the certificate where the person says, or open it in the PDF viewer."""
        if save:
            target = self.choose_path(self.tr("Save the certificate"), f"certificate-{code}.pdf")
            if target is None:
                return
        else:
            target = Path(tempfile.gettempdir()) / f"clinicdesk-certificate-{code}.pdf"
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> Path:
            with db.uow() as uow:  # audited
                content = training.certificate_pdf(uow, actor, completion_id)
            training.write_file(target, content)
            return target

        done = self._on_file_saved if save else self._on_file_ready_to_open
        self.ctx.runner.run(work, done, parent=self, label=self.tr("Making the certificate…"))

    def save_transcript(self) -> None:
        name = self.mine.staff.name if self.mine is not None else "me"
        target = self.choose_path(
            self.tr("Save your training transcript"),
            f"training-transcript-{name.lower().replace(' ', '-')}.pdf",
        )
        if target is None:
            return
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> Path:
            with db.uow() as uow:  # audited
                content = training.transcript_pdf(uow, actor)
            training.write_file(target, content)
            return target

        self.ctx.runner.run(
            work, self._on_file_saved, parent=self, label=self.tr("Making the transcript…")
        )

    def _on_file_saved(self, path: Path) -> None:
        self.last_saved = path
        self.ctx.messages.status(self.tr("Saved {path}").format(path=path))

    def _on_file_ready_to_open(self, path: Path) -> None:
        self.last_saved = path
        try:
            self.open_path(path)
        except ClinicDeskError as error:
            self.ctx.messages.error(error, self)


def _certificate_of(item: MyRequirement) -> tuple[int, str] | None:
    """The completion that counts for a requirement, if it has a certificate."""
    status = item.status
    if (
        status.completion_id is None
        or status.kind == CompletionKind.REVOCATION
        or status.state in (TrainingState.MISSING, TrainingState.NOT_APPLICABLE)
    ):
        return None
    return status.completion_id, status.certificate_code or str(status.completion_id)
