"""A new clinic's first weeks on the Today screen: the steps that make ClinicDesk useful
(connect, accounts, patients, members, revenue, training), each with a button to the
area where it is done. Shown only while the clinic is new and a step is left."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from clinicdesk.services.today import SetupStep


class SetupChecklist(QGroupBox):
    area_requested = Signal(str)  # the area where a step is done

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Your clinic's first weeks"), parent)
        self.setObjectName("setupChecklist")
        self._grid = QGridLayout(self)
        self.buttons: dict[str, QPushButton] = {}
        self.labels: dict[str, QLabel] = {}
        self.hide()

    def _text(self, key: str) -> str:
        return {
            "connect": self.tr(
                "Connect to the federation, so standards, courses and submissions can flow."
            ),
            "users": self.tr("Add an account for each person who works here."),
            "patients": self.tr(
                "Bring in your patients: import a FHIR or CSV file, or register them one by one."
            ),
            "members": self.tr("Enrol the cooperative's members."),
            "revenue": self.tr("Enter this month's revenue."),
            "training": self.tr("Record the training your staff already hold."),
        }.get(key, key)

    def show_steps(self, steps: tuple[SetupStep, ...]) -> bool:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons.clear()
        self.labels.clear()
        done = sum(step.done for step in steps)
        self.setTitle(
            self.tr("Your clinic's first weeks: {done} of {total} done").format(
                done=done, total=len(steps)
            )
        )
        left = [step for step in steps if not step.done]  # done steps only count
        for row, step in enumerate(left):
            text = QLabel("• " + self._text(step.key), self)
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.PlainText)
            self._grid.addWidget(text, row, 0)
            self.labels[step.key] = text
            button = QPushButton(self.tr("Go there"), self)
            button.setAccessibleName(self._text(step.key))
            button.clicked.connect(lambda _c=False, a=step.area: self.area_requested.emit(a))
            self._grid.addWidget(button, row, 1, Qt.AlignmentFlag.AlignTop)
            self.buttons[step.key] = button
        self._grid.setColumnStretch(0, 1)
        self.setVisible(bool(steps))
        return bool(steps)
