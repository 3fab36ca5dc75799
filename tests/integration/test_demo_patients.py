"""Demo patients (services/demo_patients via demo.create): deterministic, realistic, coded
so that the shipped care-gap standards evaluate both ways, and attributed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select, text

from clinicdesk.app import open_database
from clinicdesk.db.models_clinical import Attribution, ClinicalEvent, Encounter, Patient
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.names import name_key
from clinicdesk.domain.roles import system_principal
from clinicdesk.services import audit, demo, panel
from clinicdesk.services.panel import PanelQuery
from tests.helpers.cli import run_cli
from tests.helpers.databases import database_url

TODAY = date(2026, 11, 27)


def _snapshot(db: Database) -> list[tuple[object, ...]]:
    with db.uow() as uow:
        rows = uow.session.execute(
            select(
                Patient.mrn,
                Patient.family_name,
                Patient.given_names,
                Patient.birth_date,
                Patient.sex,
                Patient.status,
            ).order_by(Patient.mrn)
        ).all()
        events = uow.session.execute(
            select(func.count(), func.sum(func.length(ClinicalEvent.code))).select_from(
                ClinicalEvent
            )
        ).one()
    return [tuple(r) for r in rows] + [tuple(events)]


def test_the_demo_clinic_has_coded_patients_attributed_to_its_clinicians(
    backend: str, tmp_path: Path
) -> None:
    snapshots = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        with database_url(backend, folder) as url:
            db = open_database(url)
            try:
                with db.uow() as uow:
                    summary = demo.create(uow, seed=5, patients=300)
                assert summary.patients == 300
                snapshots.append(_snapshot(db))
                if name == "a":
                    _check_clinic(db)
            finally:
                db.dispose()
    assert snapshots[0] == snapshots[1]  # same seed, same patients and events


def _check_clinic(db: Database) -> None:
    with db.uow() as uow:
        session = uow.session
        assert audit.verify_chain(uow).ok
        patients = session.execute(select(Patient)).scalars().all()
        assert len(patients) == 300
        assert all(p.name_key == name_key(p.family_name, p.given_names) for p in patients)
        sexes = {p.sex for p in patients}
        assert {"female", "male"} <= sexes
        ages = [p.birth_date for p in patients if p.birth_date]
        assert min(ages) < date(1950, 1, 1) and max(ages) > date(2010, 1, 1)
        assert {p.status for p in patients} >= {"active"}
        codes = {
            (kind, code)
            for kind, code in session.execute(
                select(ClinicalEvent.kind, ClinicalEvent.code).distinct()
            ).all()
        }
        for expected in (
            ("condition", "44054006"),  # diabetes, SNOMED CT
            ("condition", "38341003"),  # hypertension
            ("observation", "4548-4"),  # HbA1c, LOINC
            ("observation", "8480-6"),  # systolic blood pressure
            ("immunization", "140"),  # influenza, CVX
            ("procedure", "71651007"),  # mammography
        ):
            assert expected in codes, expected
        hba1c = session.execute(
            select(ClinicalEvent.value, ClinicalEvent.unit).where(ClinicalEvent.code == "4548-4")
        ).first()
        assert hba1c is not None and hba1c.unit == "%" and 4 < float(hba1c.value) < 15
        # Visits over two years, mostly to each patient's own clinician: the rule ran.
        first_visit = session.execute(select(func.min(Encounter.start_at))).scalar_one()
        assert first_visit.date() < date.today().replace(year=date.today().year - 1)
        attributed = sum(1 for p in patients if p.clinician_id is not None)
        assert 0.6 * len(patients) < attributed < len(patients)
        sources = dict(
            session.execute(
                select(Attribution.source, func.count()).group_by(Attribution.source)
            ).all()
        )
        assert sources["auto"] > 100
        # The patients' cached clinician is the current attribution.
        mismatches = session.execute(
            text(
                "SELECT count(*) FROM patient p JOIN attribution a ON a.patient_id = p.id "
                "AND a.end_on IS NULL WHERE p.clinician_id <> a.clinician_id"
            )
        ).scalar_one()
        assert mismatches == 0
        last_visits = sum(1 for p in patients if p.last_visit_on is not None)
        assert last_visits > 200
    with db.uow(read_only=True) as uow:
        total, first = panel.first_screen(uow, system_principal("t"), PanelQuery(), limit=10)
        assert total > 250 and len(first.rows) == 10
        diabetics = panel.count(uow, system_principal("t"), PanelQuery(condition="diabetes"))
        assert 5 < diabetics < 100


def test_demo_create_with_patients_on_the_command_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    done = run_cli(tmp_path / "home", "demo", "create", "--db", url, "--patients", "50")
    assert done.returncode == 0, done
    assert "Patients: 50" in done.stdout
    db = open_database(url)
    try:
        with db.uow() as uow:
            assert uow.session.execute(select(func.count()).select_from(Patient)).scalar_one() == 50
    finally:
        db.dispose()
    bad = run_cli(tmp_path / "home", "demo", "create", "--db", url, "--patients", "-3")
    assert bad.returncode == 2 and "give 0 or more" in bad.stderr


def test_every_shipped_care_gap_can_be_met_and_left_open_by_the_demo(tmp_path: Path) -> None:
    """Not an evaluation (that is the care-gap engine's), but its precondition: for each
    shipped standard, some demo patients have an event that closes it recently and others
    of the eligible ages have none in the interval."""
    from datetime import timedelta

    from clinicdesk.federation.packages import load_standards
    from clinicdesk.services.federation_store import default_standards_dir

    db = open_database(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    try:
        with db.uow() as uow:
            demo.create(uow, seed=3, patients=600)
        with db.uow() as uow:
            events = uow.session.execute(
                select(
                    ClinicalEvent.patient_id,
                    ClinicalEvent.kind,
                    ClinicalEvent.system,
                    ClinicalEvent.code,
                    ClinicalEvent.occurred_on,
                    ClinicalEvent.ended_on,
                )
            ).all()
            patient_count = uow.session.execute(
                select(func.count()).select_from(Patient)
            ).scalar_one()
    finally:
        db.dispose()
    today = date.today()
    documents = [d for d in load_standards(default_standards_dir()) if d.kind == "care_gap"]
    assert len(documents) == 15
    for document in documents:
        rule = document.rule
        met: set[int] = set()
        for way in rule.satisfied_by:  # type: ignore[union-attr]
            codes = {(c.system, code.code) for c in way.concepts for code in c.codes}
            months = way.interval_months or 1200
            since = today - timedelta(days=months * 30)
            met |= {
                e.patient_id
                for e in events
                if e.kind == way.event_kind
                and (e.system, e.code) in codes
                # a medication counts on every day it is taken
                and (e.occurred_on if e.kind != "medication" else (e.ended_on or today)) >= since
            }
        assert 5 <= len(met) < patient_count, (document.id, len(met))


def test_the_demo_opens_with_every_care_gap_both_met_and_open(tmp_path: Path) -> None:
    """demo.create runs the care-gap engine at the end: every shipped standard has demo
    patients who meet it and patients for whom it is open, and the panel columns agree."""
    from clinicdesk.db.models_clinical import CareGapResult

    db = open_database(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    try:
        with db.uow() as uow:
            demo.create(uow, seed=3, patients=600)
        with db.uow(read_only=True) as uow:
            rows = uow.session.execute(
                select(CareGapResult.standard_id, CareGapResult.state, func.count()).group_by(
                    CareGapResult.standard_id, CareGapResult.state
                )
            ).all()
            with_open = uow.session.execute(
                select(func.count()).select_from(Patient).where(Patient.open_gaps > 0)
            ).scalar_one()
            open_results = uow.session.execute(
                select(func.count(func.distinct(CareGapResult.patient_id))).where(
                    CareGapResult.state.in_(["due_soon", "due", "overdue"])
                )
            ).scalar_one()
    finally:
        db.dispose()
    states: dict[str, set[str]] = {}
    for standard_id, state, _count in rows:
        states.setdefault(standard_id, set()).add(state)
    assert len(states) == 15
    for standard_id, seen in states.items():
        assert "met" in seen, standard_id
        assert seen & {"due_soon", "due", "overdue"}, standard_id
    assert with_open == open_results > 0
