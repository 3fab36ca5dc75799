"""The course player: a course package's sections in order (previous / next, with
progress), then its quiz, then the result with the certificate.

The player only shows and asks. It announces what the person did — reached a section,
submitted answers, asked for the certificate — and whoever opened it calls the services
(on the worker) and hands the outcome back with `show_result`. It never grades the quiz
itself: the service does, so the rule lives in one place.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.services.training import CourseContent, QuizResult
from clinicdesk.ui.actions import make_action
from clinicdesk.ui.course_reader import PackageBrowser
from clinicdesk.ui.training.models import day_text, percent_text


class _QuizPage(QScrollArea):
    """One group of radio buttons per question; the options in the package's order."""

    answers_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.groups: dict[str, QButtonGroup] = {}
        self.options: dict[str, list[QRadioButton]] = {}
        self._inner = QWidget(self)
        self._layout = QVBoxLayout(self._inner)
        self.setWidget(self._inner)

    def load(self, course: CourseContent) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.groups.clear()
        self.options.clear()
        total = len(course.questions)
        for number, question in enumerate(course.questions, start=1):
            box = QGroupBox(
                self.tr("Question {n} of {total}").format(n=number, total=total), self._inner
            )
            box.setObjectName(f"question_{question.id}")
            inner = QVBoxLayout(box)
            text = QLabel(question.text, box)
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.PlainText)
            inner.addWidget(text)
            group = QButtonGroup(box)
            group.setExclusive(True)
            buttons = []
            for option in question.options:
                radio = QRadioButton(option.replace("&", "&&"), box)  # no mnemonics
                radio.setProperty("option", option)
                radio.setAccessibleName(option)
                radio.setAccessibleDescription(question.text)
                group.addButton(radio)
                inner.addWidget(radio)
                buttons.append(radio)
            group.buttonToggled.connect(lambda *_args: self.answers_changed.emit())
            self.groups[question.id] = group
            self.options[question.id] = buttons
            self._layout.addWidget(box)
        self._layout.addStretch(1)

    def answers(self) -> dict[str, str]:
        chosen: dict[str, str] = {}
        for question_id, group in self.groups.items():
            button = group.checkedButton()
            if button is not None:
                chosen[question_id] = str(button.property("option"))
        return chosen

    def complete(self) -> bool:
        return all(group.checkedButton() is not None for group in self.groups.values())

    def clear_answers(self) -> None:
        for group in self.groups.values():
            checked = group.checkedButton()
            if checked is not None:
                group.setExclusive(False)
                checked.setChecked(False)
                group.setExclusive(True)


class CoursePlayer(QWidget):
    """Plays one course (the service's CourseContent). Signals, for the view that owns it:

    - `section_reached(index)`: the person opened that section (save progress);
    - `quiz_submitted(answers)`: {question id: chosen option text}; answer with
      `show_result`, or `show_quiz_failed` if it could not be recorded;
    - `finished_without_quiz()`: the last section of a course without a quiz was read;
    - `certificate_requested(save)`: True to save the PDF, False to open it;
    - `closed()`: the person left the player.
    """

    section_reached = Signal(int)
    quiz_submitted = Signal(object)
    finished_without_quiz = Signal()
    certificate_requested = Signal(bool)
    closed = Signal()

    READING, QUIZ, RESULT = range(3)
    READING_WIDTH = 1000

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coursePlayer")
        self.course: CourseContent | None = None
        self.index = 0
        self.outcome: QuizResult | None = None

        self.title = QLabel(self)
        self.title.setObjectName("courseTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.close_button = QPushButton(self.tr("C&lose course"), self)
        self.close_button.setAccessibleName(self.tr("Close the course"))
        self.close_button.clicked.connect(self.closed.emit)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)

        # Reading page.
        self.position = QLabel(self)
        self.position.setObjectName("sectionPosition")
        self.position.setTextFormat(Qt.TextFormat.PlainText)  # section titles from the hub
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Progress through the course"))
        self.progress.setTextVisible(True)
        self.reader = PackageBrowser(self)
        self.reader.setObjectName("courseSection")
        self.reader.setAccessibleName(self.tr("Course section text"))
        self.previous_button = QPushButton(self.tr("← &Previous"), self)
        self.next_button = QPushButton(self.tr("&Next →"), self)
        self.previous_button.clicked.connect(self.previous_section)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        make_action(self, self.tr("Previous section"), self.previous_section, "Alt+Left")
        make_action(self, self.tr("Next section"), self._on_next_button_clicked, "Alt+Right")
        nav = QHBoxLayout()
        nav.addWidget(self.position, 1)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.next_button)
        reading = QWidget(self)
        reading_layout = QVBoxLayout(reading)
        reading_layout.setContentsMargins(0, 0, 0, 0)
        reading_layout.addWidget(self.progress)
        # Lines of a readable length on a wide screen: the text column stops growing
        # at READING_WIDTH and stays centred.
        self.reader.setMaximumWidth(self.READING_WIDTH)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.reader, 100)
        centred.addStretch(1)
        reading_layout.addLayout(centred, 1)
        reading_layout.addLayout(nav)

        # Quiz page.
        self.quiz_intro = QLabel(self)
        self.quiz_intro.setWordWrap(True)
        self.quiz = _QuizPage(self)
        self.quiz.setAccessibleName(self.tr("Quiz questions"))
        self.quiz.answers_changed.connect(self._update_submit)
        self.back_to_course = QPushButton(self.tr("← Back to the &course"), self)
        self.back_to_course.clicked.connect(lambda: self.show_section(self.section_count - 1))
        self.submit_button = QPushButton(self.tr("&Submit answers"), self)
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self._on_submit_button_clicked)
        quiz_buttons = QHBoxLayout()
        quiz_buttons.addWidget(self.back_to_course)
        quiz_buttons.addStretch(1)
        quiz_buttons.addWidget(self.submit_button)
        quizzing = QWidget(self)
        quiz_layout = QVBoxLayout(quizzing)
        quiz_layout.setContentsMargins(0, 0, 0, 0)
        quiz_layout.addWidget(self.quiz_intro)
        self.quiz.setMaximumWidth(self.READING_WIDTH)
        quiz_layout.addWidget(self.quiz, 1)
        quiz_layout.addLayout(quiz_buttons)

        # Result page.
        self.result_heading = QLabel(self)
        self.result_heading.setObjectName("quizResult")
        heading_font = self.result_heading.font()
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.3)
        heading_font.setBold(True)
        self.result_heading.setFont(heading_font)
        self.result_text = QLabel(self)
        self.result_text.setWordWrap(True)
        self.result_text.setTextFormat(Qt.TextFormat.PlainText)
        self.result_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_certificate_button = QPushButton(self.tr("&Save certificate…"), self)
        self.open_certificate_button = QPushButton(self.tr("&Open certificate"), self)
        self.retry_button = QPushButton(self.tr("Try the &quiz again"), self)
        self.review_button = QPushButton(self.tr("&Review the course"), self)
        self.done_button = QPushButton(self.tr("&Done"), self)
        self.save_certificate_button.clicked.connect(lambda: self.certificate_requested.emit(True))
        self.open_certificate_button.clicked.connect(lambda: self.certificate_requested.emit(False))
        self.retry_button.clicked.connect(self.start_quiz)
        self.review_button.clicked.connect(lambda: self.show_section(0))
        self.done_button.clicked.connect(self.closed.emit)
        result_buttons = QHBoxLayout()
        for button in (
            self.save_certificate_button,
            self.open_certificate_button,
            self.retry_button,
            self.review_button,
        ):
            result_buttons.addWidget(button)
        result_buttons.addStretch(1)
        result_buttons.addWidget(self.done_button)
        result = QWidget(self)
        result_layout = QVBoxLayout(result)
        result_layout.setContentsMargins(0, 0, 0, 0)
        result_layout.addWidget(self.result_heading)
        result_layout.addWidget(self.result_text)
        result_layout.addLayout(result_buttons)
        result_layout.addStretch(1)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(reading)
        self.pages.addWidget(quizzing)
        self.pages.addWidget(result)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)

    # -- loading ----------------------------------------------------------------------

    def load(self, course: CourseContent, start_section: int = 0) -> None:
        """Open `course` at `start_section` (where the person left off)."""
        self.course = course
        self.outcome = None
        self.title.setText(
            self.tr("{title} — version {version}, about {minutes} minutes").format(
                title=course.title, version=course.version, minutes=course.minutes
            )
        )
        self.progress.setRange(0, len(course.sections))
        self.quiz.load(course)
        if course.pass_mark_percent is not None:
            self.quiz_intro.setText(
                self.tr(
                    "Answer every question, then submit. You pass with {mark}% or more "
                    "right answers; you may try again."
                ).format(mark=course.pass_mark_percent)
            )
        self.show_section(max(0, min(start_section, len(course.sections) - 1)))

    @property
    def has_quiz(self) -> bool:
        return self.course is not None and bool(self.course.questions)

    @property
    def section_count(self) -> int:
        return len(self.course.sections) if self.course is not None else 0

    # -- reading ----------------------------------------------------------------------

    def show_section(self, index: int) -> None:
        if self.course is None or not 0 <= index < len(self.course.sections):
            return
        self.index = index
        section = self.course.sections[index]
        self.reader.show_section(self.course.files, section.name, section.text)
        total = len(self.course.sections)
        self.position.setText(
            self.tr("Section {n} of {total}: {title}").format(
                n=index + 1, total=total, title=section.title
            )
        )
        self.progress.setValue(index + 1)
        self.progress.setFormat(self.tr("%v of %m sections"))
        last = index == total - 1
        self.previous_button.setEnabled(index > 0)
        if last:
            self.next_button.setText(
                self.tr("Take the &quiz →") if self.has_quiz else self.tr("&Finish")
            )
        else:
            self.next_button.setText(self.tr("&Next →"))
        self.pages.setCurrentIndex(self.READING)
        self.reader.setFocus(Qt.FocusReason.OtherFocusReason)
        self.section_reached.emit(index)

    def previous_section(self) -> None:
        if self.pages.currentIndex() == self.READING and self.index > 0:
            self.show_section(self.index - 1)

    def _on_next_button_clicked(self) -> None:
        if self.pages.currentIndex() != self.READING or self.course is None:
            return
        if self.index < self.section_count - 1:
            self.show_section(self.index + 1)
        elif self.has_quiz:
            self.start_quiz()
        else:
            self.finished_without_quiz.emit()

    # -- quiz ---------------------------------------------------------------------------

    def start_quiz(self) -> None:
        if not self.has_quiz:
            return
        self.outcome = None
        self.quiz.clear_answers()
        self._update_submit()
        self.pages.setCurrentIndex(self.QUIZ)
        self.quiz.verticalScrollBar().setValue(0)
        first = next(iter(self.quiz.options.values()), [])
        if first:
            first[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_submit(self) -> None:
        self.submit_button.setEnabled(self.quiz.complete())

    def _on_submit_button_clicked(self) -> None:
        if not self.quiz.complete():
            return
        self.submit_button.setEnabled(False)  # until the service answers
        self.quiz_submitted.emit(self.quiz.answers())

    def show_quiz_failed(self) -> None:
        """The answers could not be recorded (an error was shown): let them try again."""
        self._update_submit()

    # -- result ---------------------------------------------------------------------------

    def show_result(self, outcome: QuizResult) -> None:
        self.outcome = outcome
        score = self.tr("{correct} of {total} right ({percent}); the pass mark is {mark}.").format(
            correct=outcome.correct,
            total=outcome.total,
            percent=percent_text(outcome.score_percent),
            mark=percent_text(outcome.pass_mark_percent),
        )
        if outcome.passed:
            self.result_heading.setText(self.tr("✔ Passed"))
            lines = [score]
            if outcome.completions:
                lines.append(self.tr("Your completion is recorded."))
            else:
                lines.append(
                    self.tr(
                        "No training requirement of yours uses this course, so nothing "
                        "was recorded."
                    )
                )
            if outcome.certificate_code:
                lines.append(
                    self.tr("Certificate code: {code}").format(code=outcome.certificate_code)
                )
            completion = outcome.completion
            if completion is not None and completion.expires_on is not None:
                lines.append(
                    self.tr("Valid until {day}.").format(day=day_text(completion.expires_on))
                )
            elif completion is not None:
                lines.append(self.tr("This training does not expire."))
        else:
            self.result_heading.setText(self.tr("✘ Not passed yet"))
            lines = [score]
            numbers = self._question_numbers(outcome.wrong)
            if numbers:
                lines.append(self.tr("Not right: question {numbers}.").format(numbers=numbers))
            lines.append(self.tr("Nothing was recorded. Review the course and try the quiz again."))
        self.result_text.setText("\n".join(lines))
        self.result_text.setAccessibleName(self.result_heading.text())
        has_certificate = outcome.completion is not None
        self.save_certificate_button.setVisible(has_certificate)
        self.open_certificate_button.setVisible(has_certificate)
        self.retry_button.setVisible(not outcome.passed)
        self.review_button.setVisible(not outcome.passed)
        self.pages.setCurrentIndex(self.RESULT)
        focus = self.save_certificate_button if has_certificate else self.done_button
        if not outcome.passed:
            focus = self.retry_button
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _question_numbers(self, ids: tuple[str, ...]) -> str:
        order = list(self.quiz.groups)
        return ", ".join(str(order.index(i) + 1) for i in ids if i in order)
