"""Dialogs of the Anchors area: each reads its form and makes one service call on the
worker (ui/dialogs.ServiceDialog)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from clinicdesk.domain.anchors import AnchorRuleError, parse_band
from clinicdesk.domain.money import MoneyError, parse_money
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import formatting
from clinicdesk.services import anchors
from clinicdesk.services.anchors import InvoiceInfo, ReviewInfo
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.dialogs import ServiceCall, ServiceDialog
from clinicdesk.ui.widgets import add_date_picker


def _day(text: str, field: str, *, required: bool = True) -> date | None:
    cleaned = text.strip()
    if not cleaned and not required:
        return None
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise ValidationError(
            QCoreApplication.translate(
                "AnchorDialogs", "“{text}” is not a date. Write it as YYYY-MM-DD."
            ).format(text=cleaned),
            field=field,
        ) from None


def _amount(text: str, field: str) -> Any:
    try:
        return parse_money(text)
    except MoneyError as error:
        raise ValidationError(str(error), field=field) from None


class OrganisationDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Add an anchor organisation"), self.tr("&Add"), parent)
        self.name = self.line_edit(self.tr("&Name:"), "name")
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(self.tr("Kind"))
        for kind in anchors.OrganisationKind:
            self.kind.addItem(kind.label, kind.value)
        self.form.addRow(self.tr("&Kind:"), self.kind)
        self.contact = self.line_edit(self.tr("&Contact person:"), "contact_name")
        self.email = self.line_edit(self.tr("&E-mail:"), "contact_email")
        self.phone = self.line_edit(self.tr("&Phone:"), "contact_phone")
        self.address = self.line_edit(self.tr("Add&ress:"), "address")
        self.sites = self.line_edit(self.tr("&Sites (comma between):"), "sites")
        self.member = self.line_edit(self.tr("Anchor &member no.:"), "member")
        self.field_widgets = {"name": self.name, "member": self.member}

    def build_call(self) -> ServiceCall:
        member_text = self.member.text().strip()
        if member_text and not member_text.isdigit():
            raise ValidationError(self.tr("A member number is digits only."), field="member")
        data = anchors.OrganisationInput(
            name=self.name.text(),
            kind=anchors.OrganisationKind(self.kind.currentData()),
            contact_name=self.contact.text(),
            contact_email=self.email.text(),
            contact_phone=self.phone.text(),
            address=self.address.text(),
            sites=tuple(s.strip() for s in self.sites.text().split(",") if s.strip()),
            member_register_no=int(member_text) if member_text else None,
        )
        actor = self.ctx.principal
        return lambda uow: anchors.add_organisation(uow, actor, data)


class ContractDialog(ServiceDialog):
    def __init__(
        self, ctx: AppContext, organisations: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("Add a contract"), self.tr("&Add"), parent)
        self.organisation = QComboBox(self)
        self.organisation.setAccessibleName(self.tr("Organisation"))
        self.organisation.addItems(organisations)
        self.form.addRow(self.tr("&Organisation:"), self.organisation)
        self.reference = self.line_edit(self.tr("&Reference:"), "reference")
        self.pmpm = self.line_edit(self.tr("&PMPM rate:"), "pmpm")
        self.start = self.line_edit(self.tr("&Starts on:"), "start_on")
        self.start.setPlaceholderText(self.tr("YYYY-MM-DD"))
        add_date_picker(self.start)
        self.end = self.line_edit(self.tr("&Ends on (optional):"), "end_on")
        self.end.setPlaceholderText(self.tr("YYYY-MM-DD"))
        add_date_picker(self.end)
        self.proration = QComboBox(self)
        self.proration.setAccessibleName(self.tr("Proration"))
        for rule in anchors.ProrationRule:
            self.proration.addItem(rule.label, rule.value)
        self.form.addRow(self.tr("Pro&ration:"), self.proration)
        self.dependants = QComboBox(self)
        self.dependants.setAccessibleName(self.tr("Dependants"))
        for dependants in anchors.DependantsRule:
            self.dependants.addItem(dependants.label, dependants.value)
        self.form.addRow(self.tr("&Dependants:"), self.dependants)
        self.minimum = self.line_edit(self.tr("&Minimum monthly fee:"), "minimum_fee")
        self.minimum.setText("0.00")
        self.bands = self.line_edit(self.tr("Age &bands (optional):"), "bands")
        self.bands.setPlaceholderText("0-17=40.00, 65+=120.00")
        self.services = self.line_edit(self.tr("Co&vered services:"), "covered_services")
        self.field_widgets = {
            "reference": self.reference,
            "pmpm": self.pmpm,
            "start_on": self.start,
            "end_on": self.end,
            "minimum_fee": self.minimum,
            "bands": self.bands,
        }

    def build_call(self) -> ServiceCall:
        try:
            bands = tuple(parse_band(t) for t in self.bands.text().split(",") if t.strip())
        except AnchorRuleError as error:
            raise ValidationError(str(error), field="bands") from None
        start = _day(self.start.text(), "start_on")
        assert start is not None
        data = anchors.ContractInput(
            organisation=self.organisation.currentText(),
            reference=self.reference.text(),
            pmpm=_amount(self.pmpm.text(), "pmpm"),
            start_on=start,
            end_on=_day(self.end.text(), "end_on", required=False),
            proration=anchors.ProrationRule(self.proration.currentData()),
            dependants=anchors.DependantsRule(self.dependants.currentData()),
            minimum_fee=_amount(self.minimum.text(), "minimum_fee"),
            bands=bands,
            covered_services=self.services.text(),
        )
        actor = self.ctx.principal
        return lambda uow: anchors.add_contract(uow, actor, data)


class RosterImportDialog(ServiceDialog):
    """Import an organisation's census: the file, the day it takes effect, and "only show
    what would change" to look before importing."""

    def __init__(
        self, ctx: AppContext, organisations: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("Import a roster"), self.tr("&Import"), parent)
        self.organisation = QComboBox(self)
        self.organisation.setAccessibleName(self.tr("Organisation"))
        self.organisation.addItems(organisations)
        self.form.addRow(self.tr("&Organisation:"), self.organisation)
        self.path = self.line_edit(self.tr("&File:"), "file")
        self.choose_button = QPushButton(self.tr("C&hoose…"), self)
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        self.form.addRow("", row)
        self.effective = self.line_edit(self.tr("&Effective on:"), "effective_on")
        self.effective.setText(date.today().isoformat())
        add_date_picker(self.effective)
        self.dry_run = QCheckBox(self.tr("Only &show what would change"), self)
        self.form.addRow("", self.dry_run)
        note = QLabel(
            self.tr(
                "People who may be existing patients but are not certainly so wait in "
                "Roster review. A file with a bad row is refused whole."
            ),
            self,
        )
        note.setWordWrap(True)
        self.form.addRow(note)
        self.field_widgets = {"file": self.path, "effective_on": self.effective}

    def _on_choose_button_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Roster to import"), str(Path.home()), self.tr("CSV files (*.csv)")
        )
        if name:
            self.path.setText(name)

    def build_call(self) -> ServiceCall:
        text = self.path.text().strip()
        if not text:
            raise ValidationError(self.tr("Choose the roster file."), field="file")
        effective = _day(self.effective.text(), "effective_on")
        unreadable = self.tr("Could not read {path}: {error}")
        organisation, dry_run, actor = (
            self.organisation.currentText(),
            self.dry_run.isChecked(),
            self.ctx.principal,
        )

        def call(uow: Any) -> Any:  # on the worker: the file is read there too
            try:
                data = Path(text).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as error:
                raise ValidationError(
                    unreadable.format(path=text, error=error), field="file"
                ) from None
            return anchors.import_roster(
                uow, actor, organisation, data, effective_on=effective, dry_run=dry_run
            )

        return call


class ResolveDialog(ServiceDialog):
    """Decide a roster row held for review: one of its candidates, or a new patient."""

    def __init__(self, ctx: AppContext, review: ReviewInfo, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Who is this?"), self.tr("&Decide"), parent)
        person = review.person
        born = formatting.format_date(person.birth_date) or self.tr("no birth date")
        about = QLabel(
            self.tr("On the roster of {contract}: {name}, born {born}.").format(
                contract=review.contract,
                name=f"{person.given_names} {person.family_name}".strip(),
                born=born,
            ),
            self,
        )
        about.setWordWrap(True)
        self.form.addRow(about)
        self.choice = QComboBox(self)
        self.choice.setAccessibleName(self.tr("The patient"))
        for c in review.candidates:
            cborn = formatting.format_date(c.birth_date) or "—"
            self.choice.addItem(f"{c.name} ({c.mrn}, {cborn})", c.patient_id)
        self.choice.addItem(self.tr("A new patient"), None)
        self.form.addRow(self.tr("&It is:"), self.choice)
        self.review_id = review.id

    def build_call(self) -> ServiceCall:
        actor, review_id, patient = self.ctx.principal, self.review_id, self.choice.currentData()
        return lambda uow: anchors.resolve_review(uow, actor, review_id, patient)


class PaymentDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, invoice: InvoiceInfo, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Record a payment"), self.tr("&Record"), parent)
        about = QLabel(
            self.tr("{number} to {organisation}: {balance} still owed.").format(
                number=invoice.number,
                organisation=invoice.organisation,
                balance=formatting.format_money(invoice.balance),
            ),
            self,
        )
        self.form.addRow(about)
        self.amount = self.line_edit(self.tr("&Amount:"), "amount")
        self.amount.setText(str(invoice.balance))
        self.paid_on = self.line_edit(self.tr("&Received on:"), "paid_on")
        self.paid_on.setText(date.today().isoformat())
        add_date_picker(self.paid_on)
        self.reference = self.line_edit(self.tr("R&eference:"), "reference")
        self.field_widgets = {"amount": self.amount, "paid_on": self.paid_on}
        self.number = invoice.number

    def build_call(self) -> ServiceCall:
        paid_on = _day(self.paid_on.text(), "paid_on")
        assert paid_on is not None
        actor, number, amount, reference = (
            self.ctx.principal,
            self.number,
            self.amount.text(),
            self.reference.text(),
        )
        return lambda uow: anchors.record_payment(uow, actor, number, amount, paid_on, reference)
