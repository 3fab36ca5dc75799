"""Reading a policy and acknowledging it: the text in full, and an Acknowledge button that
is enabled only once the text has been scrolled to its end (at once when it fits)."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from clinicdesk.services import policies
from clinicdesk.services.policies import MyPolicy
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.dialogs import ServiceCall, ServiceDialog
from clinicdesk.ui.policies.models import policy_body, policy_title, status_line
from clinicdesk.ui.safe_text import SafeTextBrowser


class AcknowledgeDialog(ServiceDialog):
    """`saved(AcknowledgementInfo)` once the acknowledgement is stored."""

    def __init__(self, ctx: AppContext, item: MyPolicy, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Read and acknowledge"), self.tr("&Acknowledge"), parent)
        self.setObjectName("acknowledgePolicyDialog")
        self.item = item
        policy = item.policy
        heading = QLabel(
            self.tr("{title} — version {version}").format(
                title=policy_title(policy), version=policy.version
            ),
            self,
        )
        heading.setObjectName("policyHeading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.form.addRow(heading)
        state = QLabel(status_line(item.status), self)
        state.setObjectName("policyState")
        state.setWordWrap(True)
        self.form.addRow(state)
        self.body = SafeTextBrowser(self)
        self.body.setObjectName("policyBody")
        self.body.setAccessibleName(self.tr("Policy text"))
        self.body.setMarkdown(policy_body(policy))
        self.body.setMinimumSize(560, 320)
        self.form.addRow(self.body)
        self.hint = QLabel(self)
        self.hint.setObjectName("readToEnd")
        self.hint.setWordWrap(True)
        self.form.addRow(self.hint)
        self.read_to_end = False
        bar = self.body.verticalScrollBar()
        bar.valueChanged.connect(self._on_scroll_changed)
        bar.rangeChanged.connect(self._on_scroll_changed)
        self.ok_button.setToolTip(self.tr("Enabled once you have read the text to its end"))
        self._on_scroll_changed()
        self.body.setFocus()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        # the text is laid out at its real width once shown: a short one may fit whole
        QTimer.singleShot(0, self._on_scroll_changed)

    def _reached_end(self) -> bool:
        if not self.isVisible():
            return False  # not laid out yet: the scroll range means nothing
        bar = self.body.verticalScrollBar()
        if bar.maximum() > 0:
            return bar.value() >= bar.maximum()
        document = self.body.document().size().height()
        return document <= self.body.viewport().height() + 1

    def _on_scroll_changed(self, *_args: Any) -> None:
        if not shiboken6.isValid(self):
            return
        if not self.read_to_end and self._reached_end():
            self.read_to_end = True
        self.hint.setText(
            self.tr("You have read to the end; press Acknowledge to record it.")
            if self.read_to_end
            else self.tr("Read the text to its end to acknowledge it.")
        )
        self.ok_button.setEnabled(self.read_to_end and not self.busy)

    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        self.ok_button.setEnabled(self.read_to_end and not busy)

    def build_call(self) -> ServiceCall:
        actor, policy = self.ctx.principal, self.item.policy
        return lambda uow: policies.acknowledge(uow, actor, policy.policy_id, policy.version)
