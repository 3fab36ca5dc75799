"""The import writes in bulk with statements of its own on both back-ends: importing the
same files into a SQLite clinic and a PostgreSQL clinic gives the same rows (patients with
their identifiers, visits, events, the panel's last visit, the audit trail) and the same
report."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from clinicdesk.app import open_database
from clinicdesk.db.models import AuditEvent
from clinicdesk.db.models_clinical import ClinicalEvent, Encounter, Patient, PatientIdentifier
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.passwords import ScryptCost
from clinicdesk.services import patient_import, setup
from clinicdesk.services.patient_import import run as patient_import_run
from tests.helpers.databases import DatabaseTemplates, database_url
from tests.helpers.fhir_fixtures import FHIR_FIXTURES, SMART_2019, SMART_2019_PATIENTS

# Bundles, a Bulk Data export (references across files) and the HL7 examples (quirks).
FOLDERS = [
    FHIR_FIXTURES / "synthea_bundles",
    FHIR_FIXTURES / "bulk_ndjson",
    FHIR_FIXTURES / "hl7_r4_examples",
]


@pytest.fixture
def clinics(
    tmp_path: Path, password_cost: ScryptCost, database_templates: DatabaseTemplates
) -> Iterator[dict[str, Database]]:
    with (
        database_url("sqlite", tmp_path) as sqlite_url,
        database_url("postgresql", tmp_path) as pg_url,
    ):
        opened: dict[str, Database] = {}
        try:
            for backend, url in (("sqlite", sqlite_url), ("postgresql", pg_url)):
                database_templates.fill(backend, url)
                opened[backend] = open_database(url, password_cost=password_cost)
            yield opened
        finally:
            for database in opened.values():
                database.dispose()


def _plain(value: Any) -> Any:
    """A value as both back-ends give it back (a number to its exact decimal)."""
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, float):
        return Decimal(str(value)).normalize()
    return value


def _rows(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every imported row, with ids replaced by what they stand for (an MRN, an external
    id) and the moments of writing left out."""
    with db.uow(read_only=True) as uow:
        s = uow.session
        mrn = dict(s.execute(select(Patient.id, Patient.mrn)).all())
        encounter = dict(s.execute(select(Encounter.id, Encounter.external_id)).all())
        patients = [
            (
                *(p.mrn, p.family_name, p.given_names, p.name_key, p.birth_date, p.sex),
                *(p.phone, p.email, p.address, p.status, p.deceased_on, p.last_visit_on),
                p.version,
            )
            for p in s.execute(select(Patient)).scalars()
        ]
        identifiers = [
            (mrn[i.patient_id], i.system, i.value)
            for i in s.execute(select(PatientIdentifier)).scalars()
        ]
        encounters = [
            (
                *(mrn[e.patient_id], e.external_id, e.start_at, e.end_at, e.encounter_class),
                *(e.system, e.code, e.display, e.practitioner, e.clinician_id),
            )
            for e in s.execute(select(Encounter)).scalars()
        ]
        events = [
            (
                *(mrn[e.patient_id], encounter.get(e.encounter_id), e.external_id, e.kind),
                *(e.system, e.code, e.display, e.occurred_on, e.ended_on, _plain(e.value)),
                *(e.unit, e.value_text, e.status),
            )
            for e in s.execute(select(ClinicalEvent)).scalars()
        ]
        audit = [  # the import's events (setup's name the clinic's own uuid)
            (a.seq, a.actor_name, a.action, a.entity_type, a.entity_id, a.details)
            for a in s.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()
            if not a.action.startswith(("clinic.", "user.", "audit."))
        ]
    return {
        "patients": sorted(patients, key=repr),
        "identifiers": sorted(identifiers),
        "encounters": sorted(encounters, key=repr),
        "events": sorted(events, key=repr),
        "audit": audit,
    }


def test_postgresql_writes_exactly_what_sqlite_writes(clinics: dict[str, Database]) -> None:
    reports = {}
    rows = {}
    for backend, db in clinics.items():
        with db.uow() as uow:
            admin = setup.initialise(uow, "Test Clinic", "root", "Root Admin", "admin-pass-1")
        # twice: the second import updates what the first wrote
        first = patient_import.import_fhir(db, admin, FOLDERS)
        second = patient_import.import_fhir(db, admin, FOLDERS)
        reports[backend] = (first.as_json(), second.as_json())
        rows[backend] = _rows(db)
    sqlite_rows, pg_rows = rows["sqlite"], rows["postgresql"]
    assert reports["sqlite"] == reports["postgresql"]
    assert reports["sqlite"][0]["errors"] == []
    assert reports["sqlite"][0]["patients_created"] > 10
    assert reports["sqlite"][1]["patients_created"] == 0
    for table in sqlite_rows:
        assert sqlite_rows[table], table
        assert pg_rows[table] == sqlite_rows[table], table
    assert any(a[2] == "patients.import.fhir" for a in sqlite_rows["audit"])
    # the rows are the import's, not empty defaults
    assert any(p[11] is not None and isinstance(p[11], date) for p in sqlite_rows["patients"])
    assert all(isinstance(e[2], datetime) for e in sqlite_rows["encounters"])


@pytest.fixture
def pg_clinic(
    tmp_path: Path, password_cost: ScryptCost, database_templates: DatabaseTemplates
) -> Iterator[Database]:
    with database_url("postgresql", tmp_path) as url:
        database_templates.fill("postgresql", url)
        database = open_database(url, password_cost=password_cost)
        try:
            yield database
        finally:
            database.dispose()


def test_on_postgresql_only_the_last_transaction_waits_for_the_disk(
    pg_clinic: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files are written a few to a transaction (together, one savepoint and one insert
    per table for the lot; a lone file in its own savepoint); every transaction but the
    last commits without waiting for the log to reach the disk, and the last one's wait
    (the log is flushed in order) covers them, so when the import returns every file is
    durable."""
    monkeypatch.setattr(patient_import_run, "FILES_PER_TRANSACTION", 3)
    with pg_clinic.uow() as uow:
        admin = setup.initialise(uow, "Test Clinic", "root", "Root Admin", "admin-pass-1")
    transactions: list[list[str]] = [[]]

    def statement(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        transactions[-1].append(" ".join(sql.split()))

    def committed(_conn: Any) -> None:
        transactions.append([])

    event.listen(pg_clinic.engine, "before_cursor_execute", statement)
    event.listen(pg_clinic.engine, "commit", committed)
    try:
        report = patient_import.import_fhir(pg_clinic, admin, [SMART_2019])
    finally:
        event.remove(pg_clinic.engine, "before_cursor_execute", statement)
        event.remove(pg_clinic.engine, "commit", committed)
    assert SMART_2019_PATIENTS == 4
    assert report.files == SMART_2019_PATIENTS and report.errors == []
    files = [t for t in transactions if any(s.startswith("INSERT INTO patient ") for s in t)]
    # three files written together, then the last one
    assert [sum(s.startswith("SAVEPOINT ") for s in t) for t in files] == [1, 1]
    assert [sum(s.startswith("INSERT INTO patient ") for s in t) for t in files] == [1, 1]
    audited = [sum(s.startswith("INSERT INTO audit_event ") for s in t) for t in files]
    assert audited == [1, 1]
    relaxed = ["SET LOCAL synchronous_commit TO OFF" in t for t in files]
    assert relaxed == [True, False]
    # nothing after the files relaxes it either
    later = transactions[transactions.index(files[-1]) + 1 :]
    assert not any("synchronous_commit" in s for t in later for s in t)
