"""The member register's dialogs: enrol, approve, subscribe, pay, transfer, redeem, leave,
and the reversing entry that corrects a mistake.

Each is a ServiceDialog (ui/admin/dialogs): OK runs one service call on the worker; a
known error is shown and the dialog stays open with everything typed; on success
`saved(MemberRow)` fires and the dialog closes. The services check every rule again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain import money
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _, formatting
from clinicdesk.services import members
from clinicdesk.services.members import (
    DividendInfo,
    EnrolRequest,
    LedgerLine,
    MemberClassInfo,
    MemberRow,
    ShareClassInfo,
)
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.dialogs import ServiceCall, ServiceDialog
from clinicdesk.ui.widgets import set_accessible

# The names the register starts with (services/members DEFAULT_*_CLASSES), marked for
# translation; a class the clinic named itself is shown as named.
STANDARD_NAMES = (
    QT_TRANSLATE_NOOP("MemberClass", "Patient member"),
    QT_TRANSLATE_NOOP("MemberClass", "Worker member"),
    QT_TRANSLATE_NOOP("MemberClass", "Community member"),
    QT_TRANSLATE_NOOP("MemberClass", "Anchor-organisation member"),
    QT_TRANSLATE_NOOP("MemberClass", "Membership share"),
    QT_TRANSLATE_NOOP("MemberClass", "Investment share"),
)


def class_title(name: str) -> str:
    return QCoreApplication.translate("MemberClass", name)


def to_date(edit: QDateEdit) -> date:
    day = edit.date()
    return date(day.year(), day.month(), day.day())


class MemberDialog(ServiceDialog):
    """Shared widgets: a header naming the member, date edits, class choosers."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        ok_text: str,
        member: MemberRow | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, title, ok_text, parent)
        self.member = member
        if member is not None:
            who = QLabel(
                self.tr("Member {number}: {name}").format(
                    number=member.register_no, name=member.name
                ),
                self,
            )
            who.setTextFormat(Qt.TextFormat.PlainText)
            self.form.addRow(who)

    def date_edit(self, label: str, name: str, value: date | None = None) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName(label.replace("&", "").rstrip(":"))
        day = value or date.today()
        edit.setDate(QDate(day.year, day.month, day.day))
        self.form.addRow(label, edit)
        self.field_widgets[name] = edit
        return edit

    def share_class_combo(self, label: str, name: str, classes: list[ShareClassInfo]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(label.replace("&", "").rstrip(":"))
        for info in classes:
            price = formatting.format_money(info.unit_price)
            combo.addItem(f"{info.code} — {class_title(info.name)} ({price})", info.code)
        self.form.addRow(label, combo)
        self.field_widgets[name] = combo
        return combo

    def quantity_spin(self, label: str = "", name: str = "quantity") -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(1, 1_000_000)
        spin.setAccessibleName((label or self.tr("Number of shares")).replace("&", "").rstrip(":"))
        self.form.addRow(label or self.tr("&Shares:"), spin)
        self.field_widgets[name] = spin
        return spin

    def text_edit(self, label: str, name: str) -> QLineEdit:
        edit = self.line_edit(label, name)
        self.field_widgets[name] = edit
        return edit

    @property
    def member_id(self) -> int:
        assert self.member is not None
        return self.member.id


class EnrolDialog(MemberDialog):
    def __init__(
        self, ctx: AppContext, classes: list[MemberClassInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("Enrol member"), self.tr("&Enrol"), None, parent)
        self.family_name = self.text_edit(self.tr("&Family name:"), "family_name")
        self.given_names = self.text_edit(self.tr("&Given names:"), "given_names")
        self.member_class = QComboBox(self)
        set_accessible(
            self.member_class,
            self.tr("Member class"),
            self.tr("The kind of member: patient, worker, community or anchor organisation"),
        )
        for info in classes:
            self.member_class.addItem(class_title(info.name), info.code)
        # Most people who join a primary-care co-op are its patients.
        self.member_class.setCurrentIndex(max(0, self.member_class.findData("patient")))
        self.form.addRow(self.tr("Member &class:"), self.member_class)
        self.field_widgets["member_class"] = self.member_class
        self.organisation = self.text_edit(self.tr("&Organisation:"), "organisation_name")
        self.email = self.text_edit(self.tr("E-&mail:"), "email")
        self.phone = self.text_edit(self.tr("&Phone:"), "phone")
        self.applied_on = self.date_edit(self.tr("&Applied on:"), "applied_on")
        self.describe_fields(
            family_name=self.tr("The member's family name, as on the register"),
            given_names=self.tr("The member's given names, as on the register"),
            organisation_name=self.tr("For an organisation member: the organisation's name"),
            email=self.tr("Where notices of meetings and dividends are sent (optional)"),
            phone=self.tr("A telephone number for the member (optional)"),
            applied_on=self.tr("The day the application to join was received"),
        )
        self.consent_bylaws = self._check(self.tr("Accepts the &bylaws"), "consent_bylaws")
        self.consent_data = self._check(self.tr("Accepts the &data policy"), "consent_data")
        self.consent_risk = self._check(
            self.tr("Understands the &financial risk of shares"), "consent_risk"
        )
        self.family_name.setFocus()

    def _check(self, text: str, name: str) -> QCheckBox:
        box = QCheckBox(text, self)
        box.setObjectName(name)
        box.setAccessibleName(text.replace("&", ""))
        self.form.addRow(box)
        self.field_widgets[name] = box
        return box

    def build_call(self) -> ServiceCall:
        actor = self.ctx.principal
        request = EnrolRequest(
            family_name=self.family_name.text(),
            given_names=self.given_names.text(),
            member_class=str(self.member_class.currentData()),
            applied_on=to_date(self.applied_on),
            organisation_name=self.organisation.text() or None,
            email=self.email.text() or None,
            phone=self.phone.text() or None,
            consent_bylaws=self.consent_bylaws.isChecked(),
            consent_data=self.consent_data.isChecked(),
            consent_risk=self.consent_risk.isChecked(),
        )
        return lambda uow: members.enrol(uow, actor, request)


class ApproveDialog(MemberDialog):
    def __init__(self, ctx: AppContext, member: MemberRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Approve member"), self.tr("&Approve"), member, parent)
        self.approved_on = self.date_edit(self.tr("Board &approved on:"), "approved_on")
        self.minute_ref = self.text_edit(self.tr("Board &minute:"), "minute_ref")
        self.describe_fields(
            approved_on=self.tr("The day the board approved the membership"),
            minute_ref=self.tr("The reference of the board minute that approved it"),
        )
        self.minute_ref.setFocus()

    def build_call(self) -> ServiceCall:
        actor, member_id, version = self.ctx.principal, self.member_id, self.member.version  # type: ignore[union-attr]
        day, ref = to_date(self.approved_on), self.minute_ref.text()
        return lambda uow: members.approve(
            uow, actor, member_id, day, ref, expected_version=version
        )


class _SharesDialog(MemberDialog):
    """Subscribe or redeem: a share class, a number of shares, a date and an approval,
    sent to `operation` (members.subscribe or members.redeem)."""

    def __init__(
        self,
        ctx: AppContext,
        member: MemberRow,
        classes: list[ShareClassInfo],
        texts: tuple[str, str, str],  # title, OK button, approval label
        operation: Callable[..., MemberRow],
        parent: QWidget | None = None,
    ) -> None:
        title, ok_text, approval = texts
        super().__init__(ctx, title, ok_text, member, parent)
        self.operation = operation
        self.share_class = self.share_class_combo(self.tr("Share &class:"), "share_class", classes)
        self.quantity = self.quantity_spin()
        self.effective_on = self.date_edit(self.tr("&Date:"), "effective_on")
        self.approval_ref = self.text_edit(approval, "approval_ref")
        self.describe_fields(
            share_class=self.tr("Which class of shares"),
            quantity=self.tr("How many shares"),
            effective_on=self.tr("The day this takes effect on the register"),
            approval_ref=self.tr("The board decision that approved it, if one is needed"),
        )

    def build_call(self) -> ServiceCall:
        actor, member_id, operation = self.ctx.principal, self.member_id, self.operation
        code, quantity = str(self.share_class.currentData()), self.quantity.value()
        day, ref = to_date(self.effective_on), self.approval_ref.text() or None
        return lambda uow: operation(uow, actor, member_id, code, quantity, day, approval_ref=ref)


class SubscribeDialog(_SharesDialog):
    def __init__(
        self,
        ctx: AppContext,
        member: MemberRow,
        classes: list[ShareClassInfo],
        parent: QWidget | None = None,
    ) -> None:
        texts = (self.tr("Subscribe shares"), self.tr("&Subscribe"), self.tr("&Approval:"))
        super().__init__(ctx, member, classes, texts, members.subscribe, parent)


class PayDialog(MemberDialog):
    def __init__(
        self,
        ctx: AppContext,
        member: MemberRow,
        classes: list[ShareClassInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, self.tr("Record payment"), self.tr("&Record payment"), member, parent)
        self.share_class = self.share_class_combo(self.tr("Share &class:"), "share_class", classes)
        self.amount = self.text_edit(self.tr("&Amount:"), "amount")
        self.amount.setPlaceholderText("0.00")
        self.effective_on = self.date_edit(self.tr("&Date:"), "effective_on")
        self.note = self.text_edit(self.tr("&Note:"), "note")
        self.describe_fields(
            share_class=self.tr("Which class of shares the payment is for"),
            amount=self.tr("The amount received, for example 25.00"),
            effective_on=self.tr("The day the payment was received"),
            note=self.tr("A receipt number or other note for the ledger (optional)"),
        )
        self.amount.setFocus()

    def build_call(self) -> ServiceCall:
        amount = _amount(self.amount, "amount")
        actor, member_id = self.ctx.principal, self.member_id
        code, day, note = (
            str(self.share_class.currentData()),
            to_date(self.effective_on),
            (self.note.text() or None),
        )
        return lambda uow: members.pay(uow, actor, member_id, code, amount, day, note=note)


class TransferDialog(MemberDialog):
    def __init__(
        self,
        ctx: AppContext,
        member: MemberRow,
        classes: list[ShareClassInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, self.tr("Transfer shares"), self.tr("&Transfer"), member, parent)
        self.to_member = QSpinBox(self)
        self.to_member.setObjectName("to")
        self.to_member.setRange(1, 10_000_000)
        set_accessible(
            self.to_member,
            self.tr("To member number"),
            self.tr("The register number of the member who receives the shares"),
        )
        self.form.addRow(self.tr("To &member number:"), self.to_member)
        self.field_widgets["to"] = self.to_member
        self.share_class = self.share_class_combo(self.tr("Share &class:"), "share_class", classes)
        self.quantity = self.quantity_spin()
        self.effective_on = self.date_edit(self.tr("&Date:"), "effective_on")
        self.approval_ref = self.text_edit(self.tr("Board &approval:"), "approval_ref")
        self.describe_fields(
            share_class=self.tr("Which class of shares is transferred"),
            quantity=self.tr("How many shares are transferred"),
            effective_on=self.tr("The day the transfer takes effect on the register"),
            approval_ref=self.tr("The board decision that approved the transfer"),
        )

    def build_call(self) -> ServiceCall:
        actor, member_id = self.ctx.principal, self.member_id
        to, code, quantity = (
            self.to_member.value(),
            str(self.share_class.currentData()),
            self.quantity.value(),
        )
        day, ref = to_date(self.effective_on), self.approval_ref.text()
        return lambda uow: members.transfer(
            uow, actor, member_id, to, code, quantity, day, approval_ref=ref
        )


class RedeemDialog(_SharesDialog):
    def __init__(
        self,
        ctx: AppContext,
        member: MemberRow,
        classes: list[ShareClassInfo],
        parent: QWidget | None = None,
    ) -> None:
        texts = (self.tr("Redeem shares"), self.tr("&Redeem"), self.tr("Board &approval:"))
        super().__init__(ctx, member, classes, texts, members.redeem, parent)


class LeaveDialog(MemberDialog):
    def __init__(self, ctx: AppContext, member: MemberRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Member leaves"), self.tr("&Record leaving"), member, parent)
        self.end_on = self.date_edit(self.tr("&Leaves on:"), "end_on")
        self.reason = self.text_edit(self.tr("&Reason:"), "reason")
        self.cancelled = QCheckBox(self.tr("&Cancelled by the board (not a resignation)"), self)
        self.cancelled.setAccessibleName(self.tr("Cancelled by the board"))
        self.form.addRow(self.cancelled)
        self.approval_ref = self.text_edit(self.tr("Board &approval:"), "approval_ref")
        self.describe_fields(
            end_on=self.tr("The last day of membership"),
            reason=self.tr("Why the member leaves"),
            approval_ref=self.tr("The board decision, for a cancellation"),
        )
        self.reason.setFocus()

    def build_call(self) -> ServiceCall:
        actor, member_id, version = self.ctx.principal, self.member_id, self.member.version  # type: ignore[union-attr]
        day, reason = to_date(self.end_on), self.reason.text()
        cancelled, ref = self.cancelled.isChecked(), self.approval_ref.text() or None
        return lambda uow: members.leave(
            uow,
            actor,
            member_id,
            day,
            reason,
            cancelled=cancelled,
            approval_ref=ref,
            expected_version=version,
        )


class ReverseDialog(MemberDialog):
    """Correct a ledger entry with a reversing entry (a transfer's two legs together): the
    entry stays in the ledger, the reversal undoes it from its day on."""

    def __init__(
        self, ctx: AppContext, member: MemberRow, entry: LedgerLine, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ctx, self.tr("Reverse a ledger entry"), self.tr("&Reverse entry"), member, parent
        )
        self.entry = entry
        self.setMinimumWidth(480)  # the entry and the reason's example read whole
        parts = [formatting.format_date(entry.effective_on), entry.label]
        if entry.share_class:
            parts.append(self.tr("class {code}").format(code=entry.share_class))
        if entry.quantity:
            parts.append(self.tr("%n share(s)", "", entry.quantity))
        parts.append(formatting.format_money(entry.amount))
        what = QLabel(self.tr("Entry: {entry}").format(entry=", ".join(parts)), self)
        what.setObjectName("reversed_entry")
        what.setWordWrap(True)
        what.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow(what)
        # a mistake is undone from the day it was made; a cheque that bounced, later
        self.effective_on = self.date_edit(
            self.tr("&Effective on:"), "effective_on", entry.effective_on
        )
        self.reason = self.text_edit(self.tr("Re&ason:"), "reason")
        self.reason.setPlaceholderText(self.tr("for example: entered in error, cheque returned"))
        self.describe_fields(
            effective_on=self.tr(
                "The day the correction takes effect: the entry's own day for a mistake"
            ),
            reason=self.tr("Why the entry is reversed; it stays in the ledger beside it"),
        )
        self.reason.setFocus()

    def build_call(self) -> ServiceCall:
        actor, entry_id = self.ctx.principal, self.entry.id
        day, reason = to_date(self.effective_on), self.reason.text()
        return lambda uow: members.reverse(uow, actor, entry_id, day, reason)


class PrintRegisterDialog(MemberDialog):
    """The register or the voter list as of a date, as a PDF file. `saved(Path)`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Print the register"), self.tr("&Print"), None, parent)
        self.as_of = self.date_edit(self.tr("As &of:"), "as_of")
        self.voters = QCheckBox(self.tr("&Voter list only"), self)
        self.voters.setAccessibleName(self.tr("Voter list only"))
        self.form.addRow(self.voters)
        self.path = self.text_edit(self.tr("&File:"), "path")
        self.describe_fields(
            as_of=self.tr("The register is printed as it stood on this day"),
            path=self.tr("Where the PDF is saved"),
        )
        self.browse = QPushButton(self.tr("&Browse…"), self)
        self.browse.clicked.connect(self._on_browse_clicked)
        self.form.addRow("", self.browse)
        self.path.setText(str(Path.home() / "member-register.pdf"))

    def _on_browse_clicked(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the register"), self.path.text(), self.tr("PDF files (*.pdf)")
        )
        if path:
            self.path.setText(path if path.lower().endswith(".pdf") else f"{path}.pdf")

    def build_call(self) -> ServiceCall:
        text = self.path.text().strip()
        if not text:
            raise ValidationError(self.tr("Choose a file to print to."), field="path")
        actor, day, voters, path = (
            self.ctx.principal,
            to_date(self.as_of),
            self.voters.isChecked(),
            Path(text),
        )

        def call(uow: UnitOfWork) -> Path:
            members.write_register_pdf(uow, actor, day, path, voters=voters)
            return path

        return call


class DividendDialog(MemberDialog):
    """Allocate and record a patronage dividend, optionally printing the members'
    notices. `saved(DividendInfo)`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx, self.tr("Patronage dividend"), self.tr("&Record dividend"), None, parent
        )
        today = date.today()
        self.year = QSpinBox(self)
        self.year.setRange(1990, 2200)
        self.year.setValue(today.year - 1)
        set_accessible(
            self.year,
            self.tr("Year"),
            self.tr("The financial year the dividend is paid for"),
        )
        self.form.addRow(self.tr("&Year:"), self.year)
        self.title = self.text_edit(self.tr("&Title:"), "title")
        self.surplus = self.text_edit(self.tr("&Surplus:"), "surplus")
        self.surplus.setPlaceholderText("0.00")
        self.basis = QComboBox(self)
        set_accessible(
            self.basis,
            self.tr("Patronage basis"),
            self.tr("What each member's share of the dividend is measured by"),
        )
        for key, label in members.BASIS_KINDS.items():
            self.basis.addItem(_(label), key)  # the services' words, in the person's language
        self.form.addRow(self.tr("&Basis:"), self.basis)
        self.field_widgets["basis"] = self.basis
        self.threshold = self.text_edit(self.tr("Mi&nimum basis:"), "threshold")
        self.threshold.setText("0.00")
        self.declared_on = self.date_edit(self.tr("&Declared on:"), "declared_on")
        self.approval_ref = self.text_edit(self.tr("&Approval:"), "approval_ref")
        self.notices = self.text_edit(self.tr("&Notices PDF:"), "notices")
        self.describe_fields(
            title=self.tr("The name of the dividend on notices and in the ledger"),
            surplus=self.tr(
                "The surplus the board set aside for the dividend, for example 12000.00"
            ),
            threshold=self.tr("Members whose basis is below this amount receive nothing"),
            declared_on=self.tr("The day the dividend was declared"),
            approval_ref=self.tr("The general meeting or board decision that approved it"),
            notices=self.tr("Where to save the PDF of the members' notices (optional)"),
        )
        self.notices.setPlaceholderText(self.tr("optional: a file for the members' notices"))
        self.surplus.setFocus()

    def build_call(self) -> ServiceCall:
        surplus = _amount(self.surplus, "surplus")
        threshold = _amount(self.threshold, "threshold")
        actor, year = self.ctx.principal, self.year.value()
        title = self.title.text().strip() or self.tr("Patronage dividend {year}").format(year=year)
        basis, day = str(self.basis.currentData()), to_date(self.declared_on)
        ref = self.approval_ref.text() or None
        notices = Path(self.notices.text().strip()) if self.notices.text().strip() else None

        def call(uow: UnitOfWork) -> DividendInfo:
            info = members.allocate_dividend(
                uow,
                actor,
                title,
                year,
                surplus,
                basis,
                threshold=threshold,
                declared_on=day,
                approval_ref=ref,
            )
            if notices is not None:
                members.write_dividend_notices(uow, actor, info, notices)
            return info

        return call


def _amount(edit: QLineEdit, name: str) -> Decimal:
    """The amount typed, read by the one money rule (domain/money); the sign and zero are
    left to the service's rules, which name the amount."""
    try:
        return money.parse_money(edit.text(), allow_negative=True)
    except money.MoneyError as error:
        reasons = {
            money.NOT_AN_AMOUNT: QCoreApplication.translate(
                "MemberDialog", "“{text}” is not an amount."
            ),
            money.TOO_PRECISE: QCoreApplication.translate(
                "MemberDialog", "“{text}” has more than two decimals."
            ),
            money.TOO_LARGE: QCoreApplication.translate(
                "MemberDialog", "“{text}” is larger than the largest amount stored."
            ),
        }
        raise ValidationError(
            reasons.get(error.reason, reasons[money.NOT_AN_AMOUNT]).format(text=edit.text()),
            field=name,
            hint=QCoreApplication.translate(
                "MemberDialog", "Type an amount such as 1200.00 or 1,200.00."
            ),
        ) from None
