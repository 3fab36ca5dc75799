"""The Members area's table models and the names it shows for a member's class and
status: the paged member list and a member's ledger as a timeline."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from clinicdesk.domain.members import Status
from clinicdesk.i18n import formatting
from clinicdesk.services import members
from clinicdesk.services.members import LedgerLine, MemberRow
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.tables import Column, PagedTableModel, RowTableModel, local_time_text

RIGHT = Qt.AlignmentFlag.AlignRight


# A member's status as people read it (the list's column, the summary).
STATUS_NAMES = {
    Status.APPLICANT: QT_TRANSLATE_NOOP("MemberStatus", "applicant"),
    Status.ACTIVE: QT_TRANSLATE_NOOP("MemberStatus", "active"),
    Status.SUSPENDED: QT_TRANSLATE_NOOP("MemberStatus", "suspended"),
    Status.FORMER: QT_TRANSLATE_NOOP("MemberStatus", "former"),
}


# The standard member classes by code (a clinic may add its own: shown as their code).
CLASS_NAMES = {
    "patient": QT_TRANSLATE_NOOP("MemberClass", "patient"),
    "worker": QT_TRANSLATE_NOOP("MemberClass", "worker"),
    "community": QT_TRANSLATE_NOOP("MemberClass", "community"),
    "anchor": QT_TRANSLATE_NOOP("MemberClass", "anchor organisation"),
}


def class_name(code: str) -> str:
    name = CLASS_NAMES.get(code)
    return QCoreApplication.translate("MemberClass", str(name)) if name else code


def status_name(status: Status) -> str:
    return QCoreApplication.translate("MemberStatus", str(STATUS_NAMES.get(status, status.value)))


class MembersTableModel(PagedTableModel):
    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        columns = [
            Column(self.tr("No."), lambda m: m.register_no, align=RIGHT),
            Column(self.tr("Name"), lambda m: m.name),
            Column(self.tr("Class"), lambda m: class_name(m.member_class)),
            Column(self.tr("Status"), lambda m: status_name(m.status)),
            Column(self.tr("Shares"), lambda m: m.shares, align=RIGHT),
            Column(self.tr("Paid-up"), lambda m: formatting.format_money(m.paid_up), align=RIGHT),
            Column(self.tr("Applied"), lambda m: m.applied_on),
        ]
        super().__init__(columns, key=lambda m: m.id, runner=ctx.runner, parent=parent)
        self.ctx = ctx
        self.text = ""
        self.status: Status | None = None

    def search(self, text: str, status: Status | None = None) -> None:
        db, actor = self.ctx.db, self.ctx.principal
        self.text, self.status = text, status

        def page(offset: int, limit: int) -> list[MemberRow]:
            with db.uow(read_only=True) as uow:
                return members.list_members(
                    uow, actor, text, offset=offset, limit=limit, status=status
                )

        def count() -> int:
            with db.uow(read_only=True) as uow:
                return members.count_members(uow, actor, text, status=status)

        self.reload(page, count)


class LedgerTableModel(RowTableModel):
    """The ledger as a timeline: oldest first, with the holding after each entry."""

    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column(self.tr("Date"), lambda e: e.effective_on),
            Column(self.tr("Entry"), self._entry_text),
            Column(self.tr("Class"), lambda e: e.share_class or ""),
            Column(self.tr("Shares"), lambda e: e.quantity or "", align=RIGHT),
            Column(self.tr("Amount"), lambda e: formatting.format_money(e.amount), align=RIGHT),
            Column(self.tr("Holding after"), lambda e: e.shares_after, align=RIGHT),
            Column(self.tr("With member"), self._counterpart),
            Column(self.tr("Approval / note"), self._note),
            Column(
                self.tr("Recorded"), lambda e: f"{local_time_text(e.created_at)} {e.created_by}"
            ),
        ]
        super().__init__(columns, key=lambda e: e.id, parent=parent)

    def _entry_text(self, line: LedgerLine) -> str:
        text = line.label
        if line.reverses_id is not None:
            text = self.tr("Reversal of entry {id}").format(id=line.reverses_id)
        if line.reversed_by_id is not None:
            text = self.tr("{entry} (reversed)").format(entry=text)
        return text

    @staticmethod
    def _counterpart(line: LedgerLine) -> str:
        if line.counterpart_register_no is None:
            return ""
        return f"{line.counterpart_register_no} {line.counterpart_name or ''}".strip()

    @staticmethod
    def _note(line: LedgerLine) -> str:
        return " — ".join(x for x in (line.approval_ref, line.note) if x)
