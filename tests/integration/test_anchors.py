"""Anchor contracts on real databases (SQLite and PostgreSQL): organisations linked to an
anchor-class member, contracts, a roster import diffed against the enrolments with an
uncertain match held for review, new people registered as patients attributed "anchor
contract", the invoice run idempotent for a month, credit notes for a late leaver,
invoice numbers never reused, payments flowing into the month's draft revenue (one
sub-line per organisation) and a locked month left untouched; roles and the audit trail."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from clinicdesk.db.models import AuditEvent
from clinicdesk.db.models_anchors import AnchorEnrolment, AnchorInvoice, AnchorRosterReview
from clinicdesk.db.models_clinical import Attribution, CareGapResult, Patient
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.anchors import InvoiceState, OrganisationKind, ProrationRule
from clinicdesk.domain.caregaps import OPEN_STATE_VALUES
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import ConflictError, PermissionDenied, ValidationError
from clinicdesk.services import anchors, members, patients, revenue, today
from clinicdesk.services.members.results import EnrolRequest
from clinicdesk.services.patients import PatientInput
from clinicdesk.services.patients.changing import register_patient
from tests.helpers.clinic import add_staff

D = Decimal
EFFECTIVE = date(2026, 3, 1)
TODAY = date(2026, 5, 20)
ROSTER = """Employee No;Surname;First name;DOB;Relationship
E1;Okafor;Ada;1980-04-02;employee
E2;Lindqvist;Bo;1975-11-30;employee
E3;Lindqvist;Cleo;2012-06-01;child
E4;Martin;Jon;1990-01-15;employee
E5;Novak;Eva;1985-07-07;employee
"""


@pytest.fixture
def manager(db: Database, admin: Principal) -> Principal:
    return add_staff(db, admin, "manager", "Mara Manager", "manager")


@pytest.fixture
def front_desk(db: Database, admin: Principal) -> Principal:
    return add_staff(db, admin, "desk", "Dee Desk", "front_desk")


@pytest.fixture
def clinician(db: Database, admin: Principal) -> Principal:
    return add_staff(db, admin, "dr.reyes", "Ana Reyes", "clinician")


def _patient(db: Database, actor: Principal, mrn: str, family: str, given: str, born: date) -> int:
    with db.uow() as uow:
        return register_patient(uow, actor, PatientInput(mrn, family, given, born)).id


def _count(db: Database, model: type, *where: object) -> int:
    with db.uow() as uow:
        query = select(func.count()).select_from(model)
        for clause in where:
            query = query.where(clause)  # type: ignore[arg-type]
        return int(uow.session.execute(query).scalar_one())


def _setup(db: Database, manager: Principal, clinician: Principal | None = None) -> None:
    with db.uow() as uow:
        anchors.add_organisation(
            uow, manager, anchors.OrganisationInput("Harbour Port Co-op", OrganisationKind.COOP)
        )
    with db.uow() as uow:
        anchors.add_contract(
            uow,
            manager,
            anchors.ContractInput(
                organisation="Harbour Port Co-op",
                reference="PORT-2026",
                pmpm=D("80.00"),
                start_on=date(2026, 1, 1),
                proration=ProrationRule.DAYS,
                minimum_fee=D("250.00"),
                clinician=clinician.username if clinician else None,
            ),
        )


def _import(
    db: Database, actor: Principal, data: str = ROSTER, **kw: object
) -> anchors.RosterResult:
    with db.uow() as uow:
        return anchors.import_roster(
            uow,
            actor,
            "Harbour Port Co-op",
            data,
            effective_on=kw.pop("on", EFFECTIVE),
            **kw,  # type: ignore[arg-type]
        )


def test_an_organisation_links_to_an_anchor_member_and_contracts_are_checked(
    db: Database, manager: Principal
) -> None:
    with db.uow() as uow:
        member = members.enrol(
            uow,
            manager,
            EnrolRequest(
                "Berg",
                "Lena",
                "anchor",
                date(2026, 1, 5),
                organisation_name="Valley Farms",
                consent_bylaws=True,
                consent_data=True,
            ),
        )
    with db.uow() as uow:
        org = anchors.add_organisation(
            uow,
            manager,
            anchors.OrganisationInput(
                "Valley Farms",
                OrganisationKind.COOP,
                contact_name="Lena Berg",
                sites=("North barn", "Packing shed"),
                member_register_no=member.register_no,
            ),
        )
    assert (org.member_register_no, org.sites) == (
        member.register_no,
        ("North barn", "Packing shed"),
    )
    with db.uow() as uow, pytest.raises(ConflictError, match="already"):
        anchors.add_organisation(
            uow, manager, anchors.OrganisationInput("valley farms", OrganisationKind.NGO)
        )
    bad = anchors.ContractInput(
        "Valley Farms", "VF", D("80.00"), date(2026, 3, 1), date(2026, 2, 1)
    )
    with db.uow() as uow, pytest.raises(ValidationError, match="before it starts"):
        anchors.add_contract(uow, manager, bad)
    with db.uow() as uow:
        contract = anchors.add_contract(
            uow,
            manager,
            anchors.ContractInput(
                "Valley Farms",
                "VF-1",
                D("75.00"),
                date(2026, 1, 1),
                covered_services="Primary care",
            ),
        )
    assert contract.organisation == "Valley Farms" and contract.enrolled == 0
    events = _count(db, AuditEvent, AuditEvent.action.like("anchors.%"))
    assert events == 2


def test_roster_import_diffs_matches_and_holds_uncertain_rows_for_review(
    db: Database, manager: Principal, clinician: Principal
) -> None:
    _setup(db, manager, clinician)
    ada = _patient(db, manager, "M1", "Okafor", "Ada", date(1980, 4, 2))  # certain: name + DOB
    jon = _patient(db, manager, "M2", "Martin", "Jon", date(1990, 1, 16))  # same name, other DOB
    dry = _import(db, manager, dry_run=True)
    assert dry.summary == {"add": 4, "leave": 0, "change": 0, "keep": 0, "review": 1}
    assert _count(db, AnchorEnrolment) == 0 and _count(db, AnchorRosterReview) == 0

    result = _import(db, manager)
    assert result.summary == dry.summary and result.new_patients == 3
    # the same file again while Jon waits: he is held once, not twice
    assert _import(db, manager).summary["review"] == 1
    assert _count(db, AnchorRosterReview) == 1
    (review,) = [c for c in result.changes if c.action == "review"]
    assert (review.name, review.candidates) == ("Jon Martin", (jon,))
    assert [
        c.patient_id for c in result.changes if c.action == "add" and c.name == "Ada Okafor"
    ] == [ada]
    # new people are patients attributed to the contract's clinician, "anchor contract"
    with db.uow() as uow:
        reasons = uow.session.execute(select(Attribution.reason, Attribution.clinician_id)).all()
        assert reasons == [("anchor contract", clinician.user_id)] * 3
        cleo = uow.session.execute(
            select(Patient).where(Patient.given_names == "Cleo")
        ).scalar_one()
        assert cleo.mrn.startswith("ANC-")
        # with her care gaps worked out at once, as the clinic-wide run would
        cleo_gaps = uow.session.execute(
            select(CareGapResult.state).where(CareGapResult.patient_id == cleo.id)
        ).scalars()
        assert cleo.open_gaps == sum(state in OPEN_STATE_VALUES for state in cleo_gaps) > 0
    # the review: it is Jon after all
    with db.uow() as uow:
        (held,) = anchors.pending_reviews(uow, manager)
    assert held.person.identifier == "E4" and [c.patient_id for c in held.candidates] == [jon]
    with db.uow() as uow, pytest.raises(ValidationError, match="not one of"):
        anchors.resolve_review(uow, manager, held.id, ada)
    with db.uow() as uow:
        anchors.resolve_review(uow, manager, held.id, jon)
    with db.uow() as uow:
        assert anchors.pending_reviews(uow, manager) == []
        # her record names the roster her employee number came from, not its system
        record = patients.get_patient_detail(uow, manager, ada)
        assert [(i.label, i.value) for i in record.identifiers] == [
            ("Harbour Port Co-op roster", "E1")
        ]
        assert anchors.show_contract(uow, manager, "PORT-2026", as_of=EFFECTIVE).enrolled == 5

    # the same file again: nothing changes (identifiers now match); a new census: one
    # leaver, one becomes a dependant, one joins
    again = _import(db, manager)
    assert again.summary == {"add": 0, "leave": 0, "change": 0, "keep": 5, "review": 0}
    later = (
        ROSTER.replace("E5;Novak;Eva;1985-07-07;employee\n", "").replace(
            "E2;Lindqvist;Bo;1975-11-30;employee", "E2;Lindqvist;Bo;1975-11-30;spouse"
        )
        + "E6;Silva;Rui;1999-09-09;employee\n"
    )
    moved = _import(db, manager, later, on=date(2026, 4, 16))
    assert moved.summary == {"add": 1, "leave": 1, "change": 1, "keep": 3, "review": 0}
    with db.uow() as uow:
        eva = [
            e for e in anchors.list_enrolments(uow, manager, "PORT-2026") if e.name == "Eva Novak"
        ]
        bo = [
            e
            for e in anchors.list_enrolments(uow, manager, "PORT-2026")
            if e.name == "Bo Lindqvist"
        ]
    assert [(e.start_on, e.end_on) for e in eva] == [(EFFECTIVE, date(2026, 4, 15))]
    assert [(e.dependant, e.end_on) for e in bo] == [(False, date(2026, 4, 15)), (True, None)]
    assert _count(db, AuditEvent, AuditEvent.action == "anchors.roster.import") == 4
    with db.uow() as uow:
        last = (
            uow.session.execute(
                select(AuditEvent.details)
                .where(AuditEvent.action == "anchors.roster.import")
                .order_by(AuditEvent.seq.desc())
            )
            .scalars()
            .first()
        )
    leavers = [c.patient_id for c in moved.changes if c.action == "leave"]
    assert json.loads(last)["patients"]["leave"] == leavers and len(leavers) == 1


def test_a_bad_roster_is_refused_whole(db: Database, manager: Principal) -> None:
    _setup(db, manager)
    broken = ROSTER + "E7;Kim;;not-a-date;employee\nE8;Lee;Al;2000-01-01;cousin\n"
    with pytest.raises(ValidationError) as caught:
        _import(db, manager, broken)
    assert "Line 7" in str(caught.value) and "Line 8" in str(caught.value)
    assert _count(db, Patient) == 0 and _count(db, AnchorEnrolment) == 0
    with pytest.raises(ValidationError, match="no column for birth_date"):
        _import(db, manager, "Surname;First name\nA;B\n")
    with pytest.raises(ValidationError, match="not in force"):
        _import(db, manager, on=date(2025, 12, 31))


def _run(db: Database, actor: Principal, period: str) -> anchors.InvoiceRunResult:
    with db.uow() as uow:
        return anchors.run_invoices(uow, actor, period)


def test_invoice_run_is_idempotent_and_a_late_leaver_gets_a_credit_note(
    db: Database, manager: Principal
) -> None:
    _setup(db, manager)
    _import(db, manager, on=date(2026, 3, 16))  # 5 people from the 16th of March (16/31)
    first = _run(db, manager, "2026-03")
    assert len(first.created) == 1 and first.total == D("250.00")  # the minimum
    with db.uow() as uow:
        march = anchors.show_invoice(uow, manager, first.created[0])
    assert [line.amount for line in march.lines] == [D("41.29")] * 5 + [D("43.55")]
    again = _run(db, manager, "2026-03")
    assert (again.created, again.updated, again.credit_notes) == ([], [], [])
    assert _count(db, AnchorInvoice) == 1
    april = _run(db, manager, "2026-04")
    with db.uow() as uow:
        draft = anchors.show_invoice(uow, manager, april.created[0])
    assert draft.total == D("400.00") and len(draft.lines) == 5
    assert {line.amount for line in draft.lines} == {D("80.00")}
    with db.uow() as uow:
        issued = anchors.issue_invoices(uow, manager, "2026-04", today=date(2026, 5, 1))
    assert issued == april.created
    # Eva left on 10 April, reported in May: a credit note, once
    late = ROSTER.replace("E5;Novak;Eva;1985-07-07;employee\n", "")
    _import(db, manager, late, on=date(2026, 4, 11))
    credit = _run(db, manager, "2026-04")
    assert len(credit.credit_notes) == 1 and credit.credit_notes[0].startswith("CN-")
    assert credit.not_billed == []
    assert _run(db, manager, "2026-04").credit_notes == []
    with db.uow() as uow:
        anchors.issue_invoices(
            uow, manager, None, numbers=credit.credit_notes, today=date(2026, 5, 2)
        )
    with db.uow() as uow:
        note = anchors.show_invoice(uow, manager, credit.credit_notes[0])
        invoice = anchors.show_invoice(uow, manager, april.created[0], today=date(2026, 5, 3))
    assert note.credits == april.created[0] and note.total == D("-53.33")  # 20/30 of 80.00
    assert (invoice.credited, invoice.balance, invoice.state) == (
        D("53.33"),
        D("346.67"),
        InvoiceState.ISSUED,
    )
    # numbers: one counter, never reused, even after a void
    with db.uow() as uow:
        anchors.void_invoice(uow, manager, first.created[0], "sent to the wrong address")
    may = _run(db, manager, "2026-05")
    numbers = [
        int(n.split("-")[1])
        for n in [*first.created, *april.created, *credit.credit_notes, *may.created]
    ]
    assert numbers == sorted(numbers) and len(set(numbers)) == 4
    # the void March invoice is replaced by a new number; the old one stays void
    (again,) = _run(db, manager, "2026-03").created
    assert int(again.split("-")[1]) > numbers[-1]
    with db.uow() as uow:
        march = {i.number: i.state for i in anchors.list_invoices(uow, manager, period="2026-03")}
    assert march == {first.created[0]: InvoiceState.VOID, again: InvoiceState.DRAFT}
    assert _run(db, manager, "2026-03").created == []
    # an invoice with a live credit note cannot be voided before it
    with db.uow() as uow, pytest.raises(ConflictError, match="void them first"):
        anchors.void_invoice(uow, manager, april.created[0], "wrong")
    # someone enrolled for April after its invoice was issued is named, not billed
    _import(db, manager, late + "E9;Quinn;Rosa;1991-02-03;employee\n", on=date(2026, 4, 20))
    assert _run(db, manager, "2026-04").not_billed == ["Rosa Quinn"]


def test_payments_fill_the_draft_revenue_and_a_locked_month_is_untouched(
    db: Database, manager: Principal
) -> None:
    _setup(db, manager)
    _import(db, manager)
    with db.uow() as uow:
        anchors.add_organisation(
            uow,
            manager,
            anchors.OrganisationInput("City Schools", OrganisationKind.SCHOOL_DISTRICT),
        )
    with db.uow() as uow:
        anchors.add_contract(
            uow,
            manager,
            anchors.ContractInput(
                "City Schools", "CITY", D("60.00"), date(2026, 1, 1), minimum_fee=D("1000.00")
            ),
        )
    run = _run(db, manager, "2026-03")
    with db.uow() as uow:
        anchors.issue_invoices(uow, manager, "2026-03", today=date(2026, 4, 1))
    assert len(run.created) == 2
    with db.uow() as uow:
        by_org = {
            i.organisation: i.number for i in anchors.list_invoices(uow, manager, period="2026-03")
        }
    # a hand-typed sub-line stays; the invoices' sub-lines are added beside it
    with db.uow() as uow:
        revenue.set_lines(
            uow,
            manager,
            "2026-04",
            revenue.parse_lines(["member_fees=900.00", "anchor_contracts/Old deal=100.00"]),
            today=TODAY,
        )
    with db.uow() as uow:
        paid = anchors.record_payment(
            uow,
            manager,
            by_org["Harbour Port Co-op"],
            "150.00",
            date(2026, 4, 10),
            "BANK-1",
            today=TODAY,
        )
    assert "draft revenue" in paid.revenue_note
    with db.uow() as uow:
        anchors.record_payment(
            uow, manager, by_org["City Schools"], "1,000.00", date(2026, 4, 12), today=TODAY
        )
    with db.uow() as uow:
        anchors.record_payment(
            uow, manager, by_org["Harbour Port Co-op"], "250.00", date(2026, 4, 30), today=TODAY
        )
    with db.uow() as uow:
        april = revenue.show(uow, manager, "2026-04", today=TODAY)
        port_invoice = anchors.show_invoice(uow, manager, by_org["Harbour Port Co-op"], today=TODAY)
    lines = {(line.category, line.label): line.amount for line in april.lines}
    assert lines == {
        ("member_fees", ""): D("900.00"),
        ("anchor_contracts", "Old deal"): D("100.00"),
        ("anchor_contracts", "City Schools (anchor invoices)"): D("1000.00"),
        ("anchor_contracts", "Harbour Port Co-op (anchor invoices)"): D("400.00"),
    }
    assert port_invoice.state is InvoiceState.PAID and port_invoice.balance == 0
    # more than owed, a draft, a future date: refused, nothing stored
    with db.uow() as uow, pytest.raises(ValidationError, match=r"owes 0\.00"):
        anchors.record_payment(
            uow, manager, by_org["Harbour Port Co-op"], "1.00", date(2026, 4, 30), today=TODAY
        )
    # lock April; a payment dated in April is kept but April's revenue is untouched
    with db.uow() as uow:
        revenue.lock(uow, manager, "2026-04", today=TODAY)
    may_run = _run(db, manager, "2026-04")
    with db.uow() as uow:
        anchors.issue_invoices(uow, manager, "2026-04", today=date(2026, 4, 20))
    with db.uow() as uow:
        may_port = next(
            i
            for i in anchors.list_invoices(uow, manager, period="2026-04")
            if i.organisation == "Harbour Port Co-op"
        )
    with db.uow() as uow:
        late = anchors.record_payment(
            uow, manager, may_port.number, "10.00", date(2026, 4, 29), today=TODAY
        )
    assert "locked" in late.revenue_note and may_run.created
    with db.uow() as uow:
        after = revenue.show(uow, manager, "2026-04", today=TODAY)
    assert {(x.category, x.label): x.amount for x in after.lines} == lines


def test_overdue_and_ageing(db: Database, manager: Principal) -> None:
    _setup(db, manager)
    _import(db, manager)
    run = _run(db, manager, "2026-03")
    with db.uow() as uow:
        anchors.issue_invoices(uow, manager, "2026-03", today=date(2026, 4, 1))  # due 1 May
    with db.uow() as uow:
        anchors.record_payment(
            uow, manager, run.created[0], "100.00", date(2026, 4, 15), today=TODAY
        )
    with db.uow() as uow:
        (late,) = anchors.overdue_invoices(uow, manager, today=TODAY)
        (row,) = anchors.ageing(uow, manager, today=TODAY)
        assert anchors.overdue_invoices(uow, manager, today=date(2026, 5, 1)) == []
    assert late.state is InvoiceState.OVERDUE and late.balance == D("300.00")
    with db.uow() as uow:
        todo = today.summary(uow, manager, today=TODAY).anchors
    assert todo == today.AnchorsToDo(1, D("300.00"))
    assert row.buckets["1-30"] == D("300.00") and row.total == D("300.00")


def test_roles_front_desk_read_clinicians_nothing(
    db: Database, manager: Principal, front_desk: Principal, clinician: Principal
) -> None:
    _setup(db, manager)
    with db.uow() as uow:
        assert [o.name for o in anchors.list_organisations(uow, front_desk)] == [
            "Harbour Port Co-op"
        ]
    with db.uow() as uow, pytest.raises(PermissionDenied):
        anchors.run_invoices(uow, front_desk, "2026-03")
    with pytest.raises(PermissionDenied):
        _import(db, front_desk)
    with db.uow() as uow, pytest.raises(PermissionDenied):
        anchors.list_invoices(uow, clinician)


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_invoice_and_proposal_pdfs(db: Database, admin: Principal, manager: Principal) -> None:
    from clinicdesk.domain.anchors import ProposalInput
    from clinicdesk.services import settings

    with db.uow() as uow:
        settings.update(
            uow,
            admin,
            billing_address="12 Quay Street\nPortville PV1 2AB",
            payment_instructions="Bank transfer to IBAN XX00 1234 5678, quoting the number.",
        )
    _setup(db, manager)
    many = "Employee No;Surname;First name;DOB;Relationship\n" + "".join(
        f"P{i};Person{i:03d};Pat;1980-01-{1 + i % 28:02d};employee\n" for i in range(70)
    )
    _import(db, manager, many, on=date(2026, 3, 10))
    run = _run(db, manager, "2026-03")
    with db.uow() as uow:
        anchors.issue_invoices(uow, manager, "2026-03", today=date(2026, 4, 1))
    with db.uow() as uow:
        pdf = anchors.export_invoice_pdf(uow, manager, run.created[0], today=TODAY)
    text = _pdf_text(pdf)
    assert f"Invoice {run.created[0]}" in text and "Harbour Port Co-op" in text
    assert "Test Cooperative Clinic" in text and "12 Quay Street" in text and "IBAN" in text
    assert "Page 1 of 2" in text and "Page 2 of 2" in text  # 70 people: two pages
    assert "10–31 March 2026 (22 days)" in text and "USD 3,973.90" in text  # 70 x 56.77
    with db.uow() as uow:
        proposal = anchors.export_proposal_pdf(
            uow, manager, ProposalInput(120, D("550.00"), D("85.00"), D("210.00")), "Acme Foods"
        )
    text = _pdf_text(proposal)
    assert "Acme Foods" in text and "USD 367,200.00" in text and "46.4%" in text
    assert _count(db, AuditEvent, AuditEvent.action.like("anchors.%.export")) == 2
