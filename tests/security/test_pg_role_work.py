"""The other half of server-enforced roles: each role's everyday work still goes through
when its database login is all it holds. A grant missing from the matrix would break the
program for that role on a shared server; these flows would fail.

PostgreSQL only (database roles exist only on the server); the server here uses trust
authentication, so the logins connect without their passwords (see pg_clinic.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from sqlalchemy import text

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.passwords import ScryptCost
from clinicdesk.domain.revenue import Line
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.errors import NotFoundError, StorageError
from clinicdesk.federation import credentials
from clinicdesk.federation.client import HubClient
from clinicdesk.federation.packages import build_package, open_package
from clinicdesk.services import (
    attribution,
    audit,
    caregaps,
    federation_link,
    outreach,
    panel,
    patient_import,
    policies,
    revenue,
    settings,
    today,
    training,
    users,
)
from clinicdesk.services.members import enrolment
from clinicdesk.services.members.results import EnrolRequest
from clinicdesk.services.panel.types import PanelQuery
from clinicdesk.services.patients import (
    PatientInput,
    get_patient_detail,
    register_patient,
    update_patient,
)
from clinicdesk.services.sync import SyncEngine
from clinicdesk.services.training.courses import shipped_courses_dir
from tests.helpers.hub import HubProcess
from tests.helpers.hub_fixtures import Member
from tests.security.pg_clinic import PASSWORD, Clinic, count, drop_roles, new_prefix, refused

FHIR_FIXTURES = Path(__file__).parent.parent / "fixtures" / "fhir"


@pytest.fixture
def backend() -> str:
    """Database roles exist only on the server: these tests run on PostgreSQL."""
    return "postgresql"


@pytest.fixture
def clinic(
    db: Database, db_url: str, admin: Principal, password_cost: ScryptCost
) -> Iterator[Clinic]:
    prefix = new_prefix()
    try:
        with db.uow() as uow:
            training.install_shipped_courses(uow)
            uow.commit()
        made = Clinic.build(db, db_url, prefix, admin, password_cost)
        try:
            yield made
        finally:
            made.close()
    finally:
        drop_roles(prefix)


def _chain_intact(clinic: Clinic) -> None:
    with clinic.owner.uow() as uow:
        result = audit.verify_chain(uow)
    assert result.ok, result.message


def test_a_clinician_reads_their_patients_and_exports_outreach(
    clinic: Clinic, tmp_path: Path
) -> None:
    database, me = clinic.sign_in("dr.ada")
    own, others = clinic.patients["A-1"], clinic.patients["B-1"]
    with database.uow() as uow:
        detail = get_patient_detail(uow, me, own)
    assert detail.patient.mrn == "A-1"
    assert [a.clinician_name for a in detail.attributions] == ["Dr.Ada"]
    # another clinician's patient is not there at all for this login
    with pytest.raises(NotFoundError), database.uow() as uow:
        get_patient_detail(uow, me, others)
    with database.uow() as uow:
        standard = caregaps.evaluate_clinic(uow, me).standards[0].standard_id
    with database.uow() as uow:
        listing = outreach.outreach_list(uow, me, standard)
    assert {p.mrn for p in listing.patients} <= {"A-1", "A-2", "A-3"}
    with database.uow() as uow:
        written = outreach.export_outreach(uow, me, standard, tmp_path / "calls.csv")
    assert written == len(listing.patients)
    rows = (tmp_path / "calls.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert written > 0 and len(rows) == written
    assert all(row.startswith("A-") for row in rows)
    with database.uow() as uow:
        day = today.summary(uow, me)
    assert day.panel is not None and day.panel.patients == 3 and day.revenue is None
    # the planner statistics the care-gap run needs are refreshed by the owner's function
    # (a login may not ANALYZE a table it does not own)
    assert count(database, "SELECT clinicdesk_analyze_stale()") >= 0
    with database.uow() as uow:
        assert settings.get(uow, me).inactivity_lock_minutes == 10
    _chain_intact(clinic)


def test_a_clinician_takes_a_course_and_passes_its_quiz(clinic: Clinic) -> None:
    database, me = clinic.sign_in("dr.ada")
    with database.uow() as uow:
        content = training.course_content(uow, me, "hand-hygiene")
    assert content.sections
    with database.uow() as uow:
        training.save_progress(
            uow, me, "hand-hygiene", current_section=1, sections_read=[content.sections[0].name]
        )
    quiz = open_package(build_package(shipped_courses_dir() / "hand-hygiene")).manifest.quiz
    assert quiz is not None
    with database.uow() as uow:
        result = training.submit_quiz(
            uow, me, "hand-hygiene", {q.id: q.answer for q in quiz.questions}
        )
    assert result.passed and result.completion is not None
    with database.uow() as uow:
        mine = training.my_training(uow, me)
        pdf = training.certificate_pdf(uow, me, result.completion.id)
    assert pdf.startswith(b"%PDF") and mine.items
    # the completion is queued for the hub; the clinician may queue nothing else
    assert count(clinic.owner, "SELECT count(*) FROM outbox_message") == 1
    assert "row-level security" in refused(
        database,
        "INSERT INTO outbox_message (uuid, kind, aggregate_key, payload, idempotency_key, "
        "state, attempts, next_attempt_at, created_at) VALUES "
        "('u1', 'contribution', 'contribution:2026-10', '{}', 'k1', 'pending', 0, now(), now())",
    )
    _chain_intact(clinic)


def test_a_clinician_acknowledges_a_policy_and_only_for_themselves(clinic: Clinic) -> None:
    database, me = clinic.sign_in("dr.ada")
    with database.uow() as uow:
        info = policies.acknowledge(uow, me, "policy.patient-data-stays-local", 2)
    assert info.staff_name and info.version == 2
    with database.uow(read_only=True) as uow:
        mine = {m.policy.policy_id: m.status.state.value for m in policies.my_policies(uow, me)}
    assert mine["policy.patient-data-stays-local"] == "acknowledged"
    assert count(clinic.owner, "SELECT count(*) FROM policy_acknowledgement") == 1
    # someone else's acknowledgement cannot be written from a clinician's login
    assert "row-level security" in refused(
        database,
        "INSERT INTO policy_acknowledgement (uuid, staff_id, policy_id, policy_version, "
        "acknowledged_on, recorded_by, recorded_at) SELECT 'u9', id, 'policy.x', 1, "
        "current_date, 'dr.ada', now() FROM staff WHERE user_id IS DISTINCT FROM "
        "(SELECT clinicdesk_app_user_id()) LIMIT 1",
    )
    assert "permission denied" in refused(database, "DELETE FROM policy_acknowledgement")
    _chain_intact(clinic)


def test_front_desk_registers_edits_attributes_and_enrols(clinic: Clinic) -> None:
    database, fred = clinic.sign_in("fred")
    data = PatientInput("F-1", "Newcomer", "Nel", date(1990, 1, 1), "female")
    with database.uow() as uow:
        patient = register_patient(uow, fred, data)
    with database.uow() as uow:
        edited = update_patient(
            uow,
            fred,
            patient.id,
            PatientInput("F-1", "Newcomer", "Nell", date(1990, 1, 1), "female"),
            expected_version=patient.version,
        )
    assert edited.given_names == "Nell"
    with database.uow() as uow:
        attribution.reassign(uow, fred, patient.id, clinic.ids["dr.bo"], "asked for Dr Bo")
    with database.uow() as uow:
        attribution.set_panel_capacity(uow, fred, clinic.ids["dr.bo"], 1500)
    with database.uow() as uow:
        member = enrolment.enrol(
            uow,
            fred,
            EnrolRequest(
                family_name="Newcomer",
                given_names="Nell",
                member_class="patient",
                applied_on=date(2026, 11, 2),
                patient_id=patient.id,
                consent_bylaws=True,
                consent_data=True,
                consent_risk=True,
            ),
        )
    assert member.register_no == 1
    with database.uow() as uow:
        total, _page = panel.first_screen(uow, fred, PanelQuery())
        day = today.summary(uow, fred)
    assert total == 6 and day.members is not None and day.members.awaiting_approval == 1
    # the new patient is now on Dr Bo's panel, and so visible to Dr Bo's login only
    assert count(clinic.as_login("dr.bo"), "SELECT count(*) FROM patient") == 3
    assert count(clinic.as_login("dr.ada"), "SELECT count(*) FROM patient") == 3
    _chain_intact(clinic)


def test_a_manager_closes_revenue_approves_members_and_keeps_staff(clinic: Clinic) -> None:
    database, mona = clinic.sign_in("mona")
    _fred_db, fred = clinic.sign_in("fred")
    with _fred_db.uow() as uow:
        applicant = enrolment.enrol(
            uow,
            fred,
            EnrolRequest(
                family_name="Member",
                given_names="Mo",
                member_class="worker",
                applied_on=date(2026, 11, 2),
                consent_bylaws=True,
                consent_data=True,
                consent_risk=True,
            ),
        )
    with database.uow() as uow:
        enrolment.approve(uow, mona, applicant.id, date(2026, 11, 20), "minute 7")
    with database.uow() as uow:
        revenue.set_lines(uow, mona, "2026-10", [Line("member_fees", "", Decimal("900.00"))])
    with database.uow() as uow:
        staff = training.add_staff(uow, mona, "Nia New", [Role.FRONT_DESK], date(2026, 11, 1))
    assert staff.name == "Nia New"
    with database.uow() as uow:
        day = today.summary(uow, mona)
    assert day.revenue is not None and day.panel is not None and day.panel.patients == 5
    _chain_intact(clinic)


def test_an_administrator_manages_users_settings_and_the_audit_trail(
    clinic: Clinic, tmp_path: Path
) -> None:
    database, root = clinic.sign_in("root")
    with database.uow() as uow:
        users.add_user(uow, root, "dr.cy", "Dr Cy", [Role.CLINICIAN], PASSWORD)
    with database.uow() as uow:
        users.set_roles(uow, root, "dr.bo", [Role.CLINICIAN, Role.MANAGER])
    with database.uow() as uow:
        settings.update(uow, root, inactivity_lock_minutes=5)
    with database.uow() as uow:
        assert audit.verify(uow, root).ok
    with database.uow() as uow:
        rows = audit.export_csv(uow, root, tmp_path / "audit.csv")
    assert rows > 10
    # an administrator's login reads the trail but cannot rewrite it (test_pg_roles.py)
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_event")).scalar_one() > rows
    _chain_intact(clinic)


def test_a_managers_login_syncs_with_the_hub_and_a_clinicians_cannot(
    clinic: Clinic, hub: HubProcess, member: Member
) -> None:
    """The scheduled `clinicdesk sync` and the window's background sync need a login that
    may keep the federation tables: a manager's (or an administrator's)."""
    sessions: list[requests.Session] = []

    def client(hub_url: str, _clinic_id: str, api_key: str) -> HubClient:
        session = requests.Session()
        session.trust_env = False  # the hub is on 127.0.0.1, whatever proxy is set
        sessions.append(session)
        return HubClient(hub_url, api_key, session=session)

    with clinic.owner.uow() as uow:
        federation_link.connect(uow, clinic.admin, hub.base_url, member.clinic_id)
    credentials.store_api_key(hub.base_url, member.clinic_id, member.api_key)
    try:
        with pytest.raises(StorageError, match="refused"):
            SyncEngine(clinic.as_login("dr.ada"), client).run_once()
        report = SyncEngine(clinic.as_login("mona"), client).run_once()
    finally:
        for session in sessions:
            session.close()
    assert report.errors == [] and report.exit_code == 0
    assert report.pulled["standards"] > 0
    with clinic.owner.uow(read_only=True) as uow:
        assert federation_link.link_status(uow).last_sync_at is not None
    _chain_intact(clinic)


def test_a_manager_imports_fhir_and_front_desk_runs_the_attribution_rule(clinic: Clinic) -> None:
    folder = FHIR_FIXTURES / "synthea_bundles" / "smart_generated_sample_data_2019"
    two_files = sorted(folder.glob("*.json"))[:2]  # written together, audited together
    database, mona = clinic.sign_in("mona")
    report = patient_import.import_fhir(database, mona, two_files)
    assert report.errors == [] and report.patients_created == 2 and report.events > 0
    fred_db, fred = clinic.sign_in("fred")
    with fred_db.uow() as uow:
        result = attribution.run_attribution(uow, fred)
    assert result is not None
    # what the import wrote stays out of the clinicians' sight until it is on a panel
    assert count(clinic.as_login("dr.ada"), "SELECT count(*) FROM clinical_event") == 0
    assert count(clinic.owner, "SELECT count(*) FROM clinical_event") > 0
    _chain_intact(clinic)
