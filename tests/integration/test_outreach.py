"""Outreach lists and their CSV and PDF exports, on SQLite and PostgreSQL: the patients
with one gap open, most urgent first, kept to a clinician's own panel, every listing and
export audited; the PDF read back with pypdf."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from clinicdesk.db.models import AuditEvent
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.caregaps import Event, GapState
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import NotFoundError, PermissionDenied, ValidationError
from clinicdesk.federation.schemas import CodeSystem
from clinicdesk.services import caregaps, outreach
from tests.helpers.clinic import add_clinician, add_patient

AS_OF = date(2025, 6, 15)
FLU = "care-gap.influenza-vaccine"
CVX = CodeSystem.CVX.value


def _flu(on: date) -> Event:
    return Event("immunization", CVX, "140", on)


@pytest.fixture
def clinic(db: Database, admin: Principal) -> dict[str, object]:
    ana = add_clinician(db, "dr.ana", "Dr Ana Reyes")
    ben = add_clinician(db, "dr.ben", "Dr Ben Okafor")
    ids = {
        # never vaccinated: overdue, no due date
        "never": add_patient(
            db, mrn="M-001", birth_date=date(1950, 3, 1), family_name="Álvarez",
            given_names="Rosa", phone="555-0101", clinician_id=ana.user_id,
        ),
        # vaccinated 2024-06-01: due since 2025-06-01
        "due": add_patient(
            db, mrn="M-002", birth_date=date(1990, 7, 1), family_name="Brown",
            given_names="Tom", phone="555-0102", clinician_id=ana.user_id,
            events=[_flu(date(2024, 6, 1))],
        ),
        # vaccinated 2024-07-01: due soon (2025-07-01)
        "soon": add_patient(
            db, mrn="M-003", birth_date=date(1985, 1, 1), family_name="Chen",
            given_names="Li", clinician_id=ben.user_id, events=[_flu(date(2024, 7, 1))],
        ),
        # vaccinated this spring: met, not on the list
        "met": add_patient(
            db, mrn="M-004", birth_date=date(1985, 1, 1), family_name="Dubois",
            given_names="Anne", clinician_id=ana.user_id, events=[_flu(date(2025, 3, 1))],
        ),
    }  # fmt: skip
    with db.uow() as uow:
        caregaps.evaluate_clinic(uow, admin, as_of=AS_OF)
    return {"ana": ana, "ben": ben, **ids}


def test_the_list_is_most_urgent_first(
    db: Database, admin: Principal, clinic: dict[str, object]
) -> None:
    with db.uow() as uow:
        result = outreach.outreach_list(uow, admin, FLU)
    assert [p.mrn for p in result.patients] == ["M-001", "M-002", "M-003"]
    assert [p.state for p in result.patients] == [
        GapState.OVERDUE,
        GapState.DUE,
        GapState.DUE_SOON,
    ]
    first = result.patients[0]
    assert (first.name, first.age, first.phone, first.due_on) == (
        "Álvarez, Rosa",
        75,
        "555-0101",
        None,
    )
    assert first.explanation.startswith("Overdue: no Influenza vaccine given (CVX 88)")
    assert (result.standard_version, result.as_of, result.clinician) == (1, AS_OF, None)
    assert result.title == "Yearly influenza vaccine"


def test_a_clinician_sees_only_their_panel(db: Database, clinic: dict[str, object]) -> None:
    ana = clinic["ana"]
    assert isinstance(ana, Principal)
    with db.uow() as uow:
        mine = outreach.outreach_list(uow, ana, FLU)
    assert [p.mrn for p in mine.patients] == ["M-001", "M-002"]
    assert (mine.clinician, mine.clinician_name) == ("dr.ana", "Dr Ana Reyes")
    with db.uow() as uow, pytest.raises(PermissionDenied):
        outreach.outreach_list(uow, ana, FLU, clinician="dr.ben")


def test_csv_export(
    db: Database, admin: Principal, clinic: dict[str, object], tmp_path: Path
) -> None:
    target = tmp_path / "flu.csv"
    with db.uow() as uow:
        count = outreach.export_outreach(uow, admin, FLU, target, clinician="dr.ana")
    assert count == 2
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["mrn"] for r in rows] == ["M-001", "M-002"]
    assert rows[1]["family_name"] == "Brown"
    assert rows[1]["due_on"] == "2025-06-01"
    assert rows[1]["state"] == "due"
    assert rows[1]["standard_version"] == "1"
    assert rows[1]["explanation"].startswith("Due since 2025-06-01")
    assert not list(tmp_path.glob(".*partial"))


def test_pdf_call_sheet(
    db: Database, admin: Principal, clinic: dict[str, object], tmp_path: Path
) -> None:
    target = tmp_path / "flu.pdf"
    with db.uow() as uow:
        assert outreach.export_outreach(uow, admin, FLU, target) == 3
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Outreach call sheet" in text
    assert "Test Cooperative Clinic" in text
    assert "Whole clinic" in text
    for expected in ("Álvarez, Rosa", "M-001", "555-0101", "Brown, Tom", "Chen, Li"):
        assert expected in text
    assert "Dubois" not in text
    assert "2025-06-01" in text


def test_exports_and_views_are_audited_without_patient_data(
    db: Database, admin: Principal, clinic: dict[str, object], tmp_path: Path
) -> None:
    with db.uow() as uow:
        outreach.outreach_list(uow, admin, FLU)
    with db.uow() as uow:
        outreach.export_outreach(uow, admin, FLU, tmp_path / "a.csv")
    with db.uow() as uow:
        outreach.export_outreach(uow, admin, FLU, tmp_path / "a.pdf", clinician="dr.ben")
    with db.uow(read_only=True) as uow:
        events = uow.session.execute(
            select(AuditEvent.action, AuditEvent.entity_id, AuditEvent.details).where(
                AuditEvent.action.startswith("outreach.")
            )
        ).all()
    assert [(e.action, e.entity_id) for e in events] == [
        ("outreach.view", FLU),
        ("outreach.export", FLU),
        ("outreach.export", FLU),
    ]
    assert '"format":"pdf"' in events[2].details.replace(" ", "")
    assert all("M-00" not in e.details and "Rosa" not in e.details for e in events)


def test_bad_requests_are_refused(
    db: Database, admin: Principal, clinic: dict[str, object], tmp_path: Path
) -> None:
    with db.uow() as uow, pytest.raises(ValidationError, match="csv"):
        outreach.export_outreach(uow, admin, FLU, tmp_path / "list.xlsx")
    with db.uow() as uow, pytest.raises(NotFoundError, match="no care-gap standard"):
        outreach.outreach_list(uow, admin, "care-gap.nothing")
    with db.uow() as uow, pytest.raises(ValidationError, match="does not exist"):
        outreach.export_outreach(uow, admin, FLU, tmp_path / "missing" / "list.csv")
