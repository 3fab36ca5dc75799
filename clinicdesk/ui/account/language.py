"""My account's language: the person's own choice, kept with their account so that it
follows them to any workstation; the window speaks it from their next sign-in. A row of
the account's details (a box of its own would not fit a 1280×720 screen)."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from clinicdesk import i18n
from clinicdesk.errors import ClinicDeskError
from clinicdesk.services import users
from clinicdesk.services.users import UserInfo
from clinicdesk.ui.context import AppContext

_SYSTEM = ""  # the combo's data for "as the computer says"


class LanguageChoice(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.choice = QComboBox(self)
        self.choice.setObjectName("language")
        system = i18n.LANGUAGES[i18n.system_language()]
        self.choice.addItem(self.tr("As this computer says ({language})").format(language=system))
        self.choice.setItemData(0, _SYSTEM)
        for code, name in i18n.LANGUAGES.items():
            self.choice.addItem(name, code)  # each language in its own name
        self.choice.setAccessibleName(self.tr("Language"))
        self.choice.setAccessibleDescription(
            self.tr("The language ClinicDesk speaks to you, from your next sign-in.")
        )
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Language status"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.choice)
        row.addWidget(self.status, 1)
        self._loading = False
        self.choice.currentIndexChanged.connect(self._on_choice_current_index_changed)

    def show_account(self, info: UserInfo) -> None:
        self._loading = True
        try:
            index = self.choice.findData(info.language or _SYSTEM)
            self.choice.setCurrentIndex(max(index, 0))
        finally:
            self._loading = False

    def _on_choice_current_index_changed(self, _index: int) -> None:
        if self._loading:
            return
        code = self.choice.currentData() or None
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> UserInfo:
            with db.uow() as uow:
                return users.set_own_language(uow, actor, code)

        self.ctx.runner.run(work, self._on_saved, failure=self._on_refused, parent=self)

    def _on_saved(self, _info: UserInfo) -> None:
        if shiboken6.isValid(self):
            text = self.tr("Saved: {language} from your next sign-in.").format(
                language=self.choice.currentText()
            )
            self.status.setText(text)
            self.ctx.messages.status(text)

    def _on_refused(self, error: ClinicDeskError) -> None:
        self.ctx.messages.error(error, self if shiboken6.isValid(self) else None)
