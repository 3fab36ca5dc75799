"""Importing the FHIR / Synthea fixtures (tests/fixtures/fhir) into a real database (SQLite file and
PostgreSQL): every resource accounted for, idempotent, dry runs write nothing, bad files
are reported while the rest import, and a cancelled import leaves no partial file."""

from __future__ import annotations

import gc
import json
import shutil
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from clinicdesk.db.models import AuditEvent, User
from clinicdesk.db.models_clinical import (
    CareGapResult,
    ClinicalEvent,
    Encounter,
    Patient,
    PatientIdentifier,
)
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.names import name_key
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import ValidationError
from clinicdesk.interop import fhir
from clinicdesk.services import audit, patient_import
from clinicdesk.services.patient_import import ImportReport, clinicians, statements, writing
from clinicdesk.services.patient_import import run as patient_import_run
from tests.helpers.fhir_fixtures import FHIR_FIXTURES, SMART_2019, SMART_2019_PATIENTS

FHIR_FOLDERS = [
    "synthea_bundles/smart_generated_sample_data_2019",
    "synthea_bundles/smart_generated_sample_data_2019_original",
    "synthea_bundles/nimbus_covid19_pediatric_2020_batch",
    "hl7_r4_examples",
    "bulk_ndjson/ktmtwm_synthea_bulk_1_patient",
]


@pytest.fixture
def corpus() -> Path:
    return FHIR_FIXTURES


def _counts(db: Database) -> dict[str, int]:
    with db.uow(read_only=True) as uow:
        s = uow.session
        return {
            "patients": s.scalar(select(func.count(Patient.id))) or 0,
            "identifiers": s.scalar(select(func.count(PatientIdentifier.id))) or 0,
            "encounters": s.scalar(select(func.count(Encounter.id))) or 0,
            "events": s.scalar(select(func.count(ClinicalEvent.id))) or 0,
        }


def _resources_in(path: Path) -> int:
    """Resources in a file counted independently of the importer (json module; nested
    Bundles flattened; entries without a resource are requests, not resources)."""

    def count(resource: dict[str, Any]) -> int:
        if resource.get("resourceType") != "Bundle":
            return 1
        return sum(count(e["resource"]) for e in resource.get("entry", []) if "resource" in e)

    text = path.read_text(encoding="utf-8")
    try:
        return count(json.loads(text))
    except json.JSONDecodeError:
        return sum(count(json.loads(line)) for line in text.splitlines() if line.strip())


def _assert_accounted(report: ImportReport) -> None:
    assert report.errors == []
    assert report.resources == report.imported + sum(report.skipped.values())
    assert report.accounted


@pytest.mark.parametrize("folder", FHIR_FOLDERS)
def test_every_fixture_folder_imports_with_every_resource_accounted_for(
    db: Database, admin: Principal, corpus: Path, folder: str
) -> None:
    path = corpus / folder
    report = patient_import.import_fhir(db, admin, [path])
    _assert_accounted(report)
    files = sorted(p for p in path.iterdir() if p.suffix in (".json", ".ndjson"))
    assert report.files == len(files)
    assert report.resources == sum(_resources_in(p) for p in files)
    counts = _counts(db)
    assert counts["patients"] == report.patients_created
    assert counts["encounters"] + counts["events"] == report.events
    assert report.patients_created > 0 and report.events > 0
    # every skip says which resource type and why
    assert all(":" in reason for reason in report.skipped)


def test_the_whole_corpus_at_once_and_again_is_idempotent(
    db: Database, admin: Principal, corpus: Path
) -> None:
    first = patient_import.import_fhir(db, admin, [corpus])
    _assert_accounted(first)
    after_first = _counts(db)
    second = patient_import.import_fhir(db, admin, [corpus])
    _assert_accounted(second)
    assert _counts(db) == after_first
    assert second.patients_created == 0
    assert second.patients_updated == first.patients_created + first.patients_updated
    assert second.events == first.events
    assert second.resources == first.resources
    assert second.skipped == first.skipped


def test_dry_run_reports_the_same_and_writes_nothing(
    db: Database, admin: Principal, corpus: Path
) -> None:
    before = _counts(db)
    with db.uow(read_only=True) as uow:
        audit_before = uow.session.scalar(select(func.count(AuditEvent.seq)))
    dry = patient_import.import_fhir(db, admin, [corpus], dry_run=True)
    assert dry.dry_run
    assert _counts(db) == before
    with db.uow(read_only=True) as uow:
        assert uow.session.scalar(select(func.count(AuditEvent.seq))) == audit_before
    real = patient_import.import_fhir(db, admin, [corpus])
    assert {**dry.as_json(), "dry_run": False} == real.as_json()


def test_a_synthea_patient_is_mapped_in_detail(
    db: Database, admin: Principal, corpus: Path
) -> None:
    bundle = next(
        (corpus / "synthea_bundles/smart_generated_sample_data_2019").glob("Clemente_*.json")
    )
    report = patient_import.import_fhir(db, admin, [bundle])
    _assert_accounted(report)
    assert report.patients_created == 1
    with db.uow(read_only=True) as uow:
        s = uow.session
        patient = s.execute(select(Patient)).scalar_one()
        assert (patient.family_name, patient.given_names) == ("Kreiger", "Clemente")
        assert patient.name_key == name_key("Kreiger", "Clemente")
        assert patient.birth_date == date(1984, 7, 2)
        assert patient.sex == "male"
        assert patient.status == "active"
        last = s.scalar(select(func.max(Encounter.start_at)))
        assert last is not None and patient.last_visit_on == last.date()
        assert s.scalar(select(func.count(Encounter.id))) == 3
        # blood pressure panels: one event per component, with its LOINC code and unit
        systolic = (
            s.execute(select(ClinicalEvent).where(ClinicalEvent.code == "8480-6")).scalars().all()
        )
        diastolic = (
            s.execute(select(ClinicalEvent).where(ClinicalEvent.code == "8462-4")).scalars().all()
        )
        assert systolic and len(systolic) == len(diastolic)
        assert all(e.unit == "mm[Hg]" and e.value is not None for e in systolic)
        assert all(e.external_id and "#8480-6" in e.external_id for e in systolic)
        assert all(e.encounter_id is not None for e in systolic)
        vaccines = (
            s.execute(select(ClinicalEvent).where(ClinicalEvent.kind == "immunization"))
            .scalars()
            .all()
        )
        assert len(vaccines) == 4
        assert {v.system for v in vaccines} == {"http://hl7.org/fhir/sid/cvx"}
        identifier = s.execute(
            select(PatientIdentifier).where(PatientIdentifier.system == "fhir:Patient")
        ).scalar_one()
        source = json.loads(bundle.read_text(encoding="utf-8"))
        patient_id = next(
            e["resource"]["id"]
            for e in source["entry"]
            if e["resource"]["resourceType"] == "Patient"
        )
        assert identifier.value == patient_id


def test_stu3_style_bundles_map_what_they_can(db: Database, admin: Principal, corpus: Path) -> None:
    folder = corpus / "synthea_bundles/smart_generated_sample_data_2019_original"
    report = patient_import.import_fhir(db, admin, [folder])
    _assert_accounted(report)
    # Immunization.date (STU3) is read as the date given, and said so
    assert report.notes["Immunization: STU3 `date` read as the date given"] > 0
    with db.uow(read_only=True) as uow:
        s = uow.session
        given = s.scalar(
            select(func.count(ClinicalEvent.id)).where(ClinicalEvent.kind == "immunization")
        )
        assert given == report.notes["Immunization: STU3 `date` read as the date given"]
        # Synthea's numeric suffixes are dropped from names: Charis952 Blanda868
        assert s.scalar(select(func.count(Patient.id)).where(Patient.family_name == "Blanda")) == 1
        # `context` (STU3) links events to their encounter
        linked = s.scalar(
            select(func.count(ClinicalEvent.id)).where(ClinicalEvent.encounter_id.is_not(None))
        )
        assert linked and linked > 0


def test_bulk_ndjson_references_resolve_across_files(
    db: Database, admin: Principal, corpus: Path
) -> None:
    folder = corpus / "bulk_ndjson/ktmtwm_synthea_bulk_1_patient"
    report = patient_import.import_fhir(db, admin, [folder])
    _assert_accounted(report)
    assert report.patients_created == 1
    # Observation.ndjson sorts before Patient1.ndjson, but patients are read first
    assert not any("its patient is not" in reason for reason in report.skipped)
    assert report.skipped["Claim: not imported (ClinicDesk keeps no Claim)"] == 192
    with db.uow(read_only=True) as uow:
        s = uow.session
        assert s.scalar(select(func.count(Encounter.id))) == 75
        assert (s.scalar(select(func.count(ClinicalEvent.id))) or 0) > 174
        practitioners = s.execute(select(Encounter.practitioner)).scalars().all()
        assert all(p for p in practitioners)  # conditional references kept as text


def test_hl7_examples_quirks(db: Database, admin: Principal, corpus: Path) -> None:
    report = patient_import.import_fhir(db, admin, [corpus / "hl7_r4_examples"])
    _assert_accounted(report)
    assert report.skipped["Patient: no name"] == 5
    assert report.skipped["Patient: not a person (patient-animal extension)"] == 1
    assert report.notes["Patient: no birth date"] > 0
    assert report.notes["Patient: no sex (gender)"] > 0
    # two HL7 patients carry MRN 12345 from different systems: both imported, one with
    # a generated MRN, and the clash is reported with its file
    assert report.notes["Patient: MRN already used by another patient; given a generated one"]
    assert any(
        p.file.endswith("patient-example.json") and "12345" in p.message for p in report.problems
    )
    with db.uow(read_only=True) as uow:
        s = uow.session
        chalmers = s.execute(
            select(Patient)
            .join(PatientIdentifier, PatientIdentifier.patient_id == Patient.id)
            .where(PatientIdentifier.system == "fhir:Patient", PatientIdentifier.value == "example")
        ).scalar_one()
        assert chalmers.family_name == "Chalmers"
        assert chalmers.given_names == "Peter James"
        assert chalmers.birth_date == date(1974, 12, 25)
        # the example patient's observations found it through `Patient/example`
        assert (
            s.scalar(
                select(func.count(ClinicalEvent.id)).where(ClinicalEvent.patient_id == chalmers.id)
            )
            or 0
        ) > 5
        decimal_value = s.execute(
            select(ClinicalEvent.value).where(
                ClinicalEvent.external_id == "fhir:Observation/decimal"
            )
        ).scalar_one_or_none()
        if decimal_value is not None:
            assert isinstance(decimal_value, Decimal)


def _write(path: Path, content: Any) -> Path:
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return path


def _patient(pid: str, family: str = "Doe", **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": pid,
        "name": [{"family": family, "given": ["Jan"]}],
        "gender": "female",
        "birthDate": "1970-01-01",
        **extra,
    }


def _observation(oid: str, pid: str, value: Any, unit: str, when: str) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": oid,
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
        "subject": {"reference": f"Patient/{pid}"},
        "effectiveDateTime": when,
        "valueQuantity": {"value": value, "unit": unit, "code": unit},
    }


def test_bad_files_are_reported_and_the_rest_imports(
    db: Database, admin: Principal, tmp_path: Path, corpus: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    _write(folder / "a-malformed.json", '{"resourceType": "Bundle", "entry": [{"resource": ')
    _write(folder / "b-not-fhir.json", {"name": "a spreadsheet export", "rows": []})
    # a bundle whose first patient is fine but whose second entry is broken: nothing of
    # it may stay
    _write(
        folder / "c-half-broken.json",
        '{"resourceType": "Bundle", "type": "collection", "entry": ['
        + json.dumps({"resource": _patient("half-1")})
        + ', {"resource": {"id": "x"}}]}',
    )
    shutil.copy(
        next((corpus / "synthea_bundles/smart_generated_sample_data_2019").glob("Clemente_*")),
        folder / "d-good.json",
    )
    (folder / "README.txt").write_text("not JSON: ignored inside a folder", encoding="utf-8")
    report = patient_import.import_fhir(db, admin, [folder])
    errors = {Path(e.file).name: e.message for e in report.errors}
    assert set(errors) == {"a-malformed.json", "b-not-fhir.json", "c-half-broken.json"}
    assert "not valid JSON" in errors["a-malformed.json"]
    assert "is not FHIR" in errors["b-not-fhir.json"]
    assert "resourceType" in errors["c-half-broken.json"]
    assert report.files == 1 and report.patients_created == 1
    assert report.exit_code == 1
    with db.uow(read_only=True) as uow:
        families = uow.session.execute(select(Patient.family_name)).scalars().all()
    assert families == ["Kreiger"]


def test_a_bad_file_between_good_ones_in_one_transaction_is_refused_alone(
    db: Database, admin: Principal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files share a transaction (a savepoint each): the bad file in the middle is rolled
    back, even what it had already written, and the files before and after it commit,
    each with its audit event."""
    monkeypatch.setattr(writing, "BATCH", 1)  # the broken file writes its patient first
    assert patient_import_run.FILES_PER_TRANSACTION >= 3
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(next(SMART_2019.glob("Clemente_*")), folder / "a-good.json")
    _write(
        folder / "b-half-broken.json",
        '{"resourceType": "Bundle", "type": "collection", "entry": ['
        + json.dumps({"resource": _patient("half-1", family="Halfway")})
        + ', {"resource": {"id": "x"}}]}',
    )
    shutil.copy(next(SMART_2019.glob("Luigi_*")), folder / "c-good.json")
    report = patient_import.import_fhir(db, admin, [folder])
    assert [(Path(e.file).name, "resourceType" in e.message) for e in report.errors] == [
        ("b-half-broken.json", True)
    ]
    assert report.files == 2 and report.patients_created == 2 and report.exit_code == 1
    with db.uow(read_only=True) as uow:
        s = uow.session
        families = sorted(s.execute(select(Patient.family_name)).scalars())
        audited = s.execute(
            select(AuditEvent.entity_id)
            .where(AuditEvent.action == "patients.import.fhir")
            .order_by(AuditEvent.seq)
        ).scalars()
        assert list(audited) == ["a-good.json", "c-good.json"]
    assert families == ["Kreiger", "Wiegand"]
    assert _counts(db)["identifiers"] == _identifiers_of(db, families)
    with db.uow() as uow:
        assert audit.verify(uow, admin).ok


def test_the_next_files_are_read_while_the_server_writes_each_refused_in_its_own_turn(
    db: Database, admin: Principal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the files after a transaction's are read (and mapped) while the
    server writes its events (read_ahead.ReadAhead); SQLite reads each file in its turn.
    Either way a bad file among them is refused alone, in its own turn and with its own error,
    the files around it are imported, and each file is audited in order."""
    monkeypatch.setattr(patient_import_run, "FILES_PER_TRANSACTION", 2)
    folder = tmp_path / "ahead"
    folder.mkdir()
    shutil.copy(next(SMART_2019.glob("Clemente_*")), folder / "a-good.json")
    shutil.copy(next(SMART_2019.glob("Luigi_*")), folder / "b-good.json")
    _write(folder / "c-malformed.json", '{"resourceType": "Bundle", "entry": [{"resource": ')
    _write(
        folder / "d-half-broken.json",
        '{"resourceType": "Bundle", "type": "collection", "entry": ['
        + json.dumps({"resource": _patient("half-1", family="Halfway")})
        + ', {"resource": {"id": "x"}}]}',
    )
    shutil.copy(next(SMART_2019.glob("Garrett_*")), folder / "e-good.json")
    log: list[tuple[str, str]] = []
    real_resources = fhir.FhirSource.resources
    real_insert_returning = statements.bulk.insert_rows_returning

    def resources(source: fhir.FhirSource) -> Iterator[Any]:
        log.append(("read", source.path.name))
        yield from real_resources(source)

    def insert_rows_returning(conn: Any, table: Any, *args: Any, **kwargs: Any) -> Any:
        log.append(("insert", table.name))
        try:
            return real_insert_returning(conn, table, *args, **kwargs)
        finally:
            log.append(("inserted", table.name))

    monkeypatch.setattr(fhir.FhirSource, "resources", resources)
    monkeypatch.setattr(statements.bulk, "insert_rows_returning", insert_rows_returning)
    report = patient_import.import_fhir(db, admin, [folder])
    errors = {Path(e.file).name: e.message for e in report.errors}
    assert list(errors) == ["c-malformed.json", "d-half-broken.json"]
    assert "not valid JSON" in errors["c-malformed.json"]
    assert "resourceType" in errors["d-half-broken.json"]
    assert report.files == 3 and report.patients_created == 3 and report.exit_code == 1
    reads = [name for kind, name in log if kind == "read"]
    if db.is_sqlite:
        assert ("insert", "clinical_event") not in log
        assert reads[:2] == ["a-good.json", "b-good.json"]
    else:
        start = log.index(("insert", "clinical_event"))
        end = log.index(("inserted", "clinical_event"))
        during = [name for kind, name in log[start:end] if kind == "read"]
        assert during == ["c-malformed.json", "d-half-broken.json", "e-good.json"]
        # each good file read once: what was read ahead is not read again
        assert reads.count("e-good.json") == 1
    with db.uow(read_only=True) as uow:
        s = uow.session
        families = sorted(s.execute(select(Patient.family_name)).scalars())
        audited = s.execute(
            select(AuditEvent.entity_id)
            .where(AuditEvent.action == "patients.import.fhir")
            .order_by(AuditEvent.seq)
        ).scalars()
        assert list(audited) == ["a-good.json", "b-good.json", "e-good.json"]
    assert "Halfway" not in families and len(families) == 3
    with db.uow() as uow:
        assert audit.verify(uow, admin).ok


@pytest.mark.parametrize("claim_limit", [50_000, 3])
def test_files_written_together_come_out_as_one_after_another(
    db: Database,
    admin: Principal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    claim_limit: int,
) -> None:
    """A transaction's files are written together only when they name none of one
    another's rows: a visit's file before its patient's file keeps the visit out (its
    patient is not there yet when the file is read), exactly as files written one by one
    would. (With few keys remembered, a file past the limit is still checked against
    those before it, and no further file joins them.)"""
    monkeypatch.setattr(writing, "_CLAIM_LIMIT", claim_limit)
    folder = tmp_path / "shared"
    folder.mkdir()

    def bundle(*resources: dict[str, Any]) -> dict[str, Any]:
        return {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": r} for r in resources],
        }

    _write(folder / "a.json", bundle(_observation("o-early", "p-late", 70, "kg", "2020-01-01")))
    _write(folder / "b.json", bundle(_patient("p-late", family="Late")))
    _write(
        folder / "c.json",
        bundle(
            _patient("p-own", family="Own"), _observation("o-own", "p-own", 71, "kg", "2020-01-02")
        ),
    )
    report = patient_import.import_fhir(db, admin, [folder])
    assert report.errors == [] and report.files == 3 and report.patients_created == 2
    assert report.skipped == {"Observation: its patient is not in this import or the clinic": 1}
    assert _counts(db) == {"patients": 2, "identifiers": 2, "encounters": 0, "events": 1}
    with db.uow(read_only=True) as uow:
        audited = uow.session.execute(
            select(AuditEvent.entity_id)
            .where(AuditEvent.action == "patients.import.fhir")
            .order_by(AuditEvent.seq)
        ).scalars()
        assert list(audited) == ["a.json", "b.json", "c.json"]
    with db.uow() as uow:
        assert audit.verify(uow, admin).ok


def _identifiers_of(db: Database, families: list[str]) -> int:
    """The identifiers that belong to the patients with these family names."""
    with db.uow(read_only=True) as uow:
        return (
            uow.session.scalar(
                select(func.count(PatientIdentifier.id))
                .join(Patient, Patient.id == PatientIdentifier.patient_id)
                .where(Patient.family_name.in_(families))
            )
            or 0
        )


def test_absurd_values_and_dates_are_skipped_with_reasons(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": _patient("p1")},
            {"resource": _patient("p-future", birthDate="2190-01-01")},
            {"resource": _patient("p-old", birthDate="1700-05-01")},
            {"resource": _patient("p-year", family="Year", birthDate="1950")},
            {"resource": _observation("o-ok", "p1", 71.5, "kg", "2020-03-01T10:00:00+13:00")},
            {"resource": _observation("o-neg", "p1", -4, "kg", "2020-03-01")},
            {"resource": _observation("o-future", "p1", 70, "kg", "2999-01-01")},
            {"resource": _observation("o-ancient", "p1", 70, "kg", "1850-01-01")},
            {"resource": _observation("o-orphan", "nobody", 70, "kg", "2020-01-01")},
        ],
    }
    report = patient_import.import_fhir(db, admin, [_write(tmp_path / "b.json", bundle)])
    _assert_accounted(report)
    assert report.skipped == {
        "Patient: birth date in the future": 1,
        "Patient: birth date before 1880": 1,
        "Observation: negative value in kg": 1,
        "Observation: date in the future": 1,
        "Observation: date before 1880": 1,
        "Observation: its patient is not in this import or the clinic": 1,
    }
    assert report.notes == {"Patient: birth date without day, taken as the first": 1}
    with db.uow(read_only=True) as uow:
        s = uow.session
        event = s.execute(select(ClinicalEvent)).scalar_one()
        assert event.value == Decimal("71.5") and event.unit == "kg"
        # written at 10:00 +13:00: the day as the source wrote it
        assert event.occurred_on == date(2020, 3, 1)
        year_only = s.execute(select(Patient).where(Patient.family_name == "Year")).scalar_one()
        assert year_only.birth_date == date(1950, 1, 1)


def _cancel_after(calls: int) -> Iterator[bool]:
    for _ in range(calls):
        yield False
    while True:
        yield True


def test_cancel_between_files_keeps_finished_files_only(
    db: Database, admin: Principal, corpus: Path
) -> None:
    folder = corpus / "synthea_bundles/smart_generated_sample_data_2019"
    answers = _cancel_after(2)  # checked before the first file and after it
    seen: list[tuple[int, int, str]] = []
    report = patient_import.import_fhir(
        db,
        admin,
        [folder],
        progress=lambda done, total, text: seen.append((done, total, text)),
        cancelled=lambda: next(answers),
    )
    assert report.cancelled and report.exit_code == 1
    assert report.files == 1 and report.patients_created == 1
    assert _counts(db)["patients"] == 1
    total = SMART_2019_PATIENTS
    assert seen[0] == (0, total, str(sorted(folder.iterdir())[0]))
    assert seen[-1] == (total, total, "")


def test_cancel_inside_a_file_rolls_that_file_back(
    db: Database, admin: Principal, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writing, "BATCH", 20)  # check often inside the file
    bundle = next(SMART_2019.glob("Garrett_*.json"))
    answers = _cancel_after(3)  # before the file, after two batches of it
    report = patient_import.import_fhir(db, admin, [bundle], cancelled=lambda: next(answers))
    assert report.cancelled and report.files == 0
    assert _counts(db) == {"patients": 0, "identifiers": 0, "encounters": 0, "events": 0}


def test_each_imported_file_is_audited(db: Database, admin: Principal, corpus: Path) -> None:
    folder = corpus / "synthea_bundles/nimbus_covid19_pediatric_2020_batch"
    patient_import.import_fhir(db, admin, [folder])
    with db.uow(read_only=True) as uow:
        events = (
            uow.session.execute(
                select(AuditEvent).where(AuditEvent.action == "patients.import.fhir")
            )
            .scalars()
            .all()
        )
        assert len(events) == 3
        assert {e.entity_id for e in events} == {p.name for p in folder.iterdir()}
        assert all('"patients_created":1' in e.details.replace(" ", "") for e in events)
    with db.uow() as uow:  # written together, audited together: the chain holds
        assert audit.verify(uow, admin).ok


def test_files_past_the_claim_limit_end_their_group(
    db: Database, admin: Principal, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that fills the keys remembered of files written together is the last of
    its group; the others follow in the next, and everything is imported."""
    monkeypatch.setattr(writing, "_CLAIM_LIMIT", 5)
    folder = corpus / "synthea_bundles/nimbus_covid19_pediatric_2020_batch"
    report = patient_import.import_fhir(db, admin, [folder])
    _assert_accounted(report)
    assert report.files == 3 and report.patients_created == 3
    with db.uow() as uow:
        assert audit.verify(uow, admin).ok


def test_a_changed_event_imported_again_is_updated_beside_new_ones(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    """A second import of a file whose observation changed, with one more: the changed
    one is updated in place (on PostgreSQL the insert finds it), the new one added."""

    def bundle(*observations: dict[str, Any]) -> dict[str, Any]:
        entries = [{"resource": _patient("p-up")}, *({"resource": o} for o in observations)]
        return {"resourceType": "Bundle", "type": "collection", "entry": entries}

    path = tmp_path / "changed.json"
    _write(path, bundle(_observation("o-1", "p-up", 70, "kg", "2020-01-01")))
    first = patient_import.import_fhir(db, admin, [path])
    assert first.errors == [] and first.events == 1
    _write(
        path,
        bundle(
            _observation("o-1", "p-up", 72.5, "kg", "2020-01-01"),
            _observation("o-2", "p-up", 71, "kg", "2020-02-01"),
        ),
    )
    second = patient_import.import_fhir(db, admin, [path])
    assert second.errors == [] and second.events == 2 and second.patients_created == 0
    with db.uow(read_only=True) as uow:
        rows = uow.session.execute(
            select(ClinicalEvent.external_id, ClinicalEvent.value).order_by(
                ClinicalEvent.external_id
            )
        ).all()
    assert [(e, Decimal(v)) for e, v in rows] == [
        ("fhir:Observation/o-1", Decimal("72.5")),
        ("fhir:Observation/o-2", Decimal("71")),
    ]


def test_a_file_whose_events_the_database_refuses_is_refused_alone(
    db: Database, admin: Principal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The events insert fails in the database (a batch of files written together, then
    each alone): that file is refused whole, with the database's word, and the files
    around it are imported."""
    real_insert = statements.bulk.insert_rows
    real_insert_returning = statements.bulk.insert_rows_returning

    def poisoned(rows: Any) -> list[Any]:
        # a patient that is not there: the foreign key refuses the row
        return [(999_999, *row[1:]) if "poison" in str(row[2]) else row for row in rows]

    def insert_rows(conn: Any, table: Any, columns: Any, rows: Any, *args: Any) -> None:
        real_insert(conn, table, columns, poisoned(rows), *args)

    def insert_rows_returning(
        conn: Any, table: Any, columns: Any, rows: Any, *args: Any, **kwargs: Any
    ) -> Any:  # PostgreSQL's events insert (which skips the events already there)
        return real_insert_returning(conn, table, columns, poisoned(rows), *args, **kwargs)

    monkeypatch.setattr(statements.bulk, "insert_rows", insert_rows)
    monkeypatch.setattr(statements.bulk, "insert_rows_returning", insert_rows_returning)
    folder = tmp_path / "poison"
    folder.mkdir()
    for name, pid in (("a", "p-a"), ("b", "p-b"), ("c", "p-c"), ("d", "p-d")):
        oid = "poison" if name == "b" else f"o-{name}"
        bundle = {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [
                {"resource": _patient(pid, family=name.upper())},
                {"resource": _observation(oid, pid, 70, "kg", "2020-01-01")},
            ],
        }
        _write(folder / f"{name}.json", bundle)
    report = patient_import.import_fhir(db, admin, [folder])
    assert [Path(e.file).name for e in report.errors] == ["b.json"]
    assert "The database reported a problem" in report.errors[0].message
    assert "clinical_event" in report.errors[0].message or "FOREIGN KEY" in report.errors[0].message
    assert report.files == 3 and report.patients_created == 3
    assert _counts(db) == {"patients": 3, "identifiers": 3, "encounters": 0, "events": 3}
    with db.uow() as uow:
        assert audit.verify(uow, admin).ok


def test_the_garbage_collector_waits_for_the_import(
    db: Database, admin: Principal, corpus: Path
) -> None:
    """Paused while the files are written (collector.py), back as it was afterwards."""
    folder = corpus / "synthea_bundles/nimbus_covid19_pediatric_2020_batch"
    during: list[bool] = []
    report = patient_import.import_fhir(
        db, admin, [folder], progress=lambda *_: during.append(gc.isenabled())
    )
    assert report.files == 3 and report.errors == []
    assert during and not any(during)
    assert gc.isenabled()


def test_missing_path_is_a_clear_error(db: Database, admin: Principal, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="Not found"):
        patient_import.import_fhir(db, admin, [tmp_path / "nowhere"])


def test_synthea_csv_imports_and_reimports(db: Database, admin: Principal, corpus: Path) -> None:
    folder = corpus / "synthea_csv"
    first = patient_import.import_synthea_csv(db, admin, folder)
    _assert_accounted(first)
    assert first.files == 7 and first.patients_created == 27
    assert first.resources == 27 + 604 + 438 + 990 + 249 + 29 + 663
    counts = _counts(db)
    assert counts["patients"] == 27 and counts["encounters"] == 604
    second = patient_import.import_synthea_csv(db, admin, folder)
    _assert_accounted(second)
    assert second.patients_updated == 27 and second.patients_created == 0
    assert _counts(db) == counts
    with db.uow(read_only=True) as uow:
        s = uow.session
        maynard = s.execute(select(Patient).where(Patient.given_names == "Maynard")).scalar_one()
        assert maynard.family_name == "Mosciski" and maynard.birth_date == date(2014, 10, 6)
        assert maynard.last_visit_on is not None
        assert maynard.address and "02155" in maynard.address  # leading zero kept
        heights = s.execute(
            select(ClinicalEvent.value, ClinicalEvent.unit).where(
                ClinicalEvent.patient_id == maynard.id, ClinicalEvent.code == "8302-2"
            )
        ).all()
        assert (Decimal("127.9"), "cm") in [(Decimal(v), u) for v, u in heights]


def test_practice_management_csv_with_a_mapping(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "pm.csv",
        "Record No,Name Last,Forename,DOB,Gender,Phone\n"
        "A-1,Ng,Mai,1980-02-29,F,555-0101\n"
        "A-2,Okafor,Chidi,,M,\n"
        "A-3,,,1990-01-01,F,\n"
        "A-4,Bad,Sex,1990-01-01,Q,\n"
        "A-5,Late,Born,2300-01-01,M,\n",
    )
    with pytest.raises(ValidationError, match="no column for mrn"):
        patient_import.import_patients_csv(db, admin, path)
    # Forename, DOB, Gender and Phone are recognised; the other two are named
    mapping = {"Record No": "mrn", "Name Last": "family_name"}
    report = patient_import.import_patients_csv(db, admin, path, mapping=mapping)
    _assert_accounted(report)
    assert report.patients_created == 2
    assert report.skipped == {
        "patient row: no name": 1,
        "patient row: sex 'Q' is not one of F, M, other, unknown": 1,
        "patient row: birth date in the future": 1,
    }
    assert report.notes == {"patient row: no birth date": 1}
    again = patient_import.import_patients_csv(db, admin, path, mapping=mapping)
    assert again.patients_updated == 2 and again.patients_created == 0
    with db.uow(read_only=True) as uow:
        ng = uow.session.execute(select(Patient).where(Patient.mrn == "A-1")).scalar_one()
        assert (ng.family_name, ng.given_names, ng.sex) == ("Ng", "Mai", "female")
        assert ng.phone == "555-0101" and ng.birth_date == date(1980, 2, 29)


def test_a_source_without_birth_date_or_sex_keeps_what_the_clinic_knows(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    full = _write(tmp_path / "full.json", _patient("k1", family="Known"))
    patient_import.import_fhir(db, admin, [full])
    sparse = _patient("k1", family="Known")
    del sparse["birthDate"], sparse["gender"]
    report = patient_import.import_fhir(db, admin, [_write(tmp_path / "sparse.json", sparse)])
    assert report.patients_updated == 1
    assert report.notes == {"Patient: no birth date": 1, "Patient: no sex (gender)": 1}
    with db.uow(read_only=True) as uow:
        row = uow.session.execute(select(Patient)).scalar_one()
        assert (row.birth_date, row.sex) == (date(1970, 1, 1), "female")


def test_a_resource_repeated_in_one_file_is_written_once_with_the_last_copy(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    def encounter(start: str) -> dict[str, Any]:
        return {
            "resourceType": "Encounter",
            "id": "e1",
            "subject": {"reference": "Patient/r1"},
            "period": {"start": start},
        }

    first = _observation("o1", "r1", 70, "kg", "2020-01-01")
    first["encounter"] = {"reference": "Encounter/e1"}
    last = {**first, "valueQuantity": {"value": 72, "unit": "kg", "code": "kg"}}
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": r}
            for r in (
                _patient("r1"),
                encounter("2020-01-01"),
                first,
                _patient("r1", family="Renamed"),
                encounter("2020-02-02T08:00:00Z"),
                last,
            )
        ],
    }
    report = patient_import.import_fhir(db, admin, [_write(tmp_path / "rep.json", bundle)])
    _assert_accounted(report)
    assert report.patients_created == 1 and report.patients_updated == 1
    assert _counts(db) == {"patients": 1, "identifiers": 1, "encounters": 1, "events": 1}
    with db.uow(read_only=True) as uow:
        s = uow.session
        patient = s.execute(select(Patient)).scalar_one()
        visit = s.execute(select(Encounter)).scalar_one()
        event = s.execute(select(ClinicalEvent)).scalar_one()
        assert patient.family_name == "Renamed"
        assert patient.last_visit_on == date(2020, 2, 2)
        assert visit.start_at.date() == date(2020, 2, 2)
        assert event.value == Decimal("72") and event.encounter_id == visit.id


def test_visits_to_a_known_clinician_attribute_the_patient_after_import(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    from datetime import timedelta

    from clinicdesk.domain.roles import Role
    from clinicdesk.services import users

    with db.uow() as uow:
        users.add_user(uow, admin, "dr.ruiz", "Dr Ana Ruiz", [Role.CLINICIAN], "pw-ruiz-12345")
    with db.uow(read_only=True) as uow:
        ruiz_id = uow.session.execute(
            select(User.id).where(User.username == "dr.ruiz")
        ).scalar_one()
    recent = (date.today() - timedelta(days=40)).isoformat()
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": "urn:uuid:p-1", "resource": _patient("p-1", "Moreau")},
            {
                "fullUrl": "urn:uuid:pr-1",
                "resource": {
                    "resourceType": "Practitioner",
                    "id": "pr-1",
                    "name": [{"prefix": ["Dr."], "given": ["Ana12"], "family": "Ruiz34"}],
                },
            },
            {
                "fullUrl": "urn:uuid:e-1",
                "resource": {
                    "resourceType": "Encounter",
                    "id": "e-1",
                    "status": "finished",
                    "class": {"code": "AMB"},
                    "subject": {"reference": "urn:uuid:p-1"},
                    "participant": [{"individual": {"reference": "urn:uuid:pr-1"}}],
                    "period": {"start": f"{recent}T09:00:00Z", "end": f"{recent}T09:20:00Z"},
                },
            },
        ],
    }
    report = patient_import.import_fhir(db, admin, [_write(tmp_path / "b.json", bundle)])
    assert report.errors == [] and report.patients_created == 1
    assert report.attributed == 1 and report.as_json()["attributed"] == 1
    with db.uow(read_only=True) as uow:
        encounter_clinician = uow.session.execute(select(Encounter.clinician_id)).scalar_one()
        patient_clinician = uow.session.execute(select(Patient.clinician_id)).scalar_one()
    assert encounter_clinician == ruiz_id
    assert patient_clinician == ruiz_id
    with db.uow(read_only=True) as uow:  # and her care gaps are worked out (a 56-year-old)
        gaps = dict(
            uow.session.execute(select(CareGapResult.standard_id, CareGapResult.state)).all()
        )
    assert gaps["care-gap.influenza-vaccine"] == "overdue"  # never vaccinated
    # a dry run attributes nothing
    again = patient_import.import_fhir(
        db, admin, [_write(tmp_path / "b.json", bundle)], dry_run=True
    )
    assert again.attributed == 0


def test_practitioner_names_match_without_title_or_numbers() -> None:
    key = clinicians.practitioner_key
    assert key("Dr. Trinidad33 Shanahan87") == key("Dr Trinidad Shanahan") == "trinidad shanahan"
    assert key("José  Núñez") == "jose nunez"


def test_a_patient_listed_twice_in_one_file_is_created_once_from_both_rows(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "twice.csv",
        "MRN,Last Name,First Name,DOB,Sex,Phone\n"
        "T-1,Ng,Mai,1980-02-29,F,555-0101\n"
        "T-2,Okafor,Chidi,1975-05-05,M,555-0202\n"
        "T-1,Ng,May,,F,\n",
    )
    report = patient_import.import_patients_csv(db, admin, path)
    _assert_accounted(report)
    assert (report.patients_created, report.patients_updated) == (2, 1)
    with db.uow(read_only=True) as uow:
        ng = uow.session.execute(select(Patient).where(Patient.mrn == "T-1")).scalar_one()
        # the last row wins where it says something; its blanks erase nothing
        assert (ng.given_names, ng.phone, ng.status) == ("May", "555-0101", "active")
        assert ng.name_key == name_key("Ng", "May")
        # the second row's blank birth date keeps the first's, as it would were the two
        # rows in different batches (an update of a patient already written)
        assert ng.birth_date == date(1980, 2, 29)


def test_new_patients_are_written_whole_even_with_a_value_the_bulk_insert_cannot_send(
    db: Database,
) -> None:
    """New patients go in through db/bulk with the uuid, timestamps and version the ORM
    would give; a batch holding a real "" where SQLite sends NULL's stand-in takes
    SQLAlchemy's insert instead, and stores the "" as it is."""
    from clinicdesk.interop.records import Mapped as MappedResource
    from clinicdesk.interop.records import PatientRecord
    from clinicdesk.services.patient_import.report import Tally

    def record(value: str, phone: str | None) -> PatientRecord:
        return PatientRecord(
            key=("urn:test", value), mrn=value, family_name="Roe", given_names=value,
            birth_date=date(1970, 1, 1), sex="female", phone=phone,
        )  # fmt: skip

    for batch in ([record("B-1", "555-1"), record("B-2", None)], [record("B-3", "")]):
        with db.uow() as uow:
            writer = writing.Writer(uow.session, Tally())
            for each in batch:
                writer.add(MappedResource(records=[each]))
            writer.finish()
            uow.commit()
    with db.uow(read_only=True) as uow:
        rows = {p.mrn: p for p in uow.session.execute(select(Patient)).scalars()}
        ids = dict(
            uow.session.execute(select(PatientIdentifier.value, PatientIdentifier.patient_id)).all()
        )
        assert {mrn: row.phone for mrn, row in rows.items()} == {
            "B-1": "555-1",
            "B-2": None,
            "B-3": "",
        }
        assert len({row.uuid for row in rows.values()}) == 3
        for mrn, row in rows.items():
            assert len(row.uuid) == 36 and row.version == 1 and row.status == "active"
            assert abs(row.updated_at - row.created_at).total_seconds() < 1
            assert (row.open_gaps, row.name_key) == (0, name_key("Roe", mrn))
            assert ids[mrn] == row.id  # each found again by its source key
