"""Training on real databases (SQLite and PostgreSQL): staff, recording and revoking
completions with the bad input refused and nothing stored, roles, the audit trail, the
outbox message written with the completion, the quiz, the matrix as of a past date,
certificates verified, and the documents read back with pypdf."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from clinicdesk.db.models import AuditEvent, OutboxMessage
from clinicdesk.db.models_training import Staff, TrainingCompletion, TrainingEvidence
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role, system_principal
from clinicdesk.domain.training import CompletionKind, TrainingState
from clinicdesk.domain.translations import in_language
from clinicdesk.errors import NotFoundError, PermissionDenied, ValidationError
from clinicdesk.federation.schemas import TrainingCompletionsSubmission
from clinicdesk.services import federation_store, sync, training
from tests.helpers.clinic import add_staff

PDF = b"%PDF-1.4\n% evidence\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TODAY = date.today()
HH = "training.hand-hygiene"
PRIVACY = "training.patient-privacy-basics"
BLS = "training.basic-life-support"


@pytest.fixture
def manager(db: Database, admin: Principal) -> Principal:
    return add_staff(db, admin, "manager", "Mara Manager", "manager")


@pytest.fixture
def clinician(db: Database, admin: Principal) -> Principal:
    return add_staff(db, admin, "dr.reyes", "Ana Reyes", "clinician")


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _count(db: Database, model: type) -> int:
    with db.uow(read_only=True) as uow:
        return int(uow.session.execute(select(func.count()).select_from(model)).scalar_one())


def _start(db: Database, manager: Principal, who: str, on: date) -> None:
    with db.uow() as uow:
        training.update_staff(uow, manager, who, start_on=on)


def test_every_user_is_staff_and_staff_without_login_are_added_and_ended(
    db: Database, manager: Principal, clinician: Principal
) -> None:
    with db.uow() as uow:
        cleaner = training.add_staff(
            uow,
            manager,
            "  Olu   Bakare ",
            [Role.FRONT_DESK],
            date(2024, 3, 1),
            job_title="Cleaner",
        )
    assert cleaner.name == "Olu Bakare" and cleaner.username is None
    with db.uow() as uow:
        people = training.list_staff(uow, manager)
    assert {p.name for p in people} == {"Root Admin", "Mara Manager", "Ana Reyes", "Olu Bakare"}
    refs = {p.ref for p in people}
    assert len(refs) == 4 and all(len(r) == 36 for r in refs)
    reyes = next(p for p in people if p.username == "dr.reyes")
    assert reyes.job_roles == (Role.CLINICIAN,)
    with db.uow() as uow:
        ended = training.end_staff(uow, manager, cleaner.id, TODAY)
    assert ended.end_on == TODAY
    with db.uow() as uow:
        assert "Olu Bakare" not in {p.name for p in training.list_staff(uow, manager)}
        assert "Olu Bakare" in {
            p.name for p in training.list_staff(uow, manager, include_ended=True)
        }
        with pytest.raises(ValidationError, match="after the start date"):
            training.end_staff(uow, manager, cleaner.id, date(2024, 2, 1))
        with pytest.raises(NotFoundError):
            training.find_staff(uow, manager, "nobody")
    with db.uow() as uow:
        actions = list(
            uow.session.execute(
                select(AuditEvent.action).where(AuditEvent.action.like("staff.%"))
            ).scalars()
        )
    assert actions == ["staff.add", "staff.end"]


def test_record_stores_expiry_code_evidence_outbox_and_audit(
    db: Database, manager: Principal, clinician: Principal
) -> None:
    _start(db, manager, "dr.reyes", date(2024, 1, 10))
    done = date(2024, 2, 29)
    with db.uow() as uow:
        info = training.record_completion(
            uow,
            manager,
            "dr.reyes",
            BLS,
            done,
            provider="American Heart Association",
            external_code="AHA-778812",
            evidence=PDF,
            evidence_name="bls-card.pdf",
        )
    assert info.kind is CompletionKind.OUTSIDE_CERTIFICATE
    assert info.expires_on == date(2026, 2, 28)  # 24 months from a leap day, clamped
    assert info.requirement_id == BLS and info.requirement_version == 1
    assert info.certificate_code and info.certificate_code.startswith(f"TC{info.id:06d}-20240229-")
    assert (info.evidence_name, info.evidence_type) == ("bls-card.pdf", "application/pdf")
    with db.uow() as uow:
        assert training.completion_evidence(uow, manager, info.id) == (
            "bls-card.pdf",
            "application/pdf",
            PDF,
        )
        ref = uow.session.execute(select(Staff.ref).where(Staff.id == info.staff_id)).scalar_one()
        [(kind, key, payload)] = uow.session.execute(
            select(OutboxMessage.kind, OutboxMessage.idempotency_key, OutboxMessage.payload)
        ).all()
        actor_name, details = uow.session.execute(
            select(AuditEvent.actor_name, AuditEvent.details).where(
                AuditEvent.action == "training.complete"
            )
        ).one()
    assert kind == sync.TRAINING_COMPLETIONS
    assert key == f"training-completion:{info.uuid}"
    body = TrainingCompletionsSubmission.model_validate(payload)
    [sent] = body.completions
    assert str(sent.staff_ref) == ref and str(sent.completion_id) == info.uuid
    assert sent.requirement is not None and sent.requirement.id == BLS
    assert (sent.completed_on, sent.expires_on) == (done, date(2026, 2, 28))
    [census] = body.census
    assert (census.requirement_id, census.applicable) == (BLS, 1)
    text = str(payload)
    assert "Reyes" not in text and "dr.reyes" not in text and "AHA-778812" not in text
    assert str(info.id) in details and actor_name == "manager"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"completed_on": TODAY + timedelta(days=1)}, "in the future"),
        ({"evidence": b"GIF89a" + b"\x00" * 10}, "not a PDF, PNG or JPEG"),
        ({"evidence": PDF + b"\x00" * (5 * 1024 * 1024)}, "the limit is 5 MB"),
        ({"requirement_id": "training.underwater-basket-weaving"}, "not in force"),
        ({"requirement_id": "training.fire-safety-and-emergency", "staff": 999}, "No one on"),
        ({"staff": "dr.reyes", "requirement_id": "training.nope"}, "not in force"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    db: Database, manager: Principal, clinician: Principal, change: dict, message: str
) -> None:
    args: dict = {
        "staff": "dr.reyes",
        "requirement_id": HH,
        "completed_on": TODAY - timedelta(days=3),
        "evidence": PNG,
    }
    args.update(change)
    with db.uow() as uow, pytest.raises((ValidationError, NotFoundError), match=message):
        training.record_completion(
            uow,
            manager,
            args["staff"],
            args["requirement_id"],
            args["completed_on"],
            evidence=args["evidence"],
            evidence_name="x",
        )
    assert _count(db, TrainingCompletion) == 0
    assert _count(db, TrainingEvidence) == 0
    assert _count(db, OutboxMessage) == 0


def test_a_requirement_for_other_roles_is_refused(
    db: Database, manager: Principal, clinician: Principal
) -> None:
    with db.uow() as uow, pytest.raises(ValidationError, match="does not apply"):
        training.record_completion(uow, manager, "manager", BLS, TODAY)
    assert _count(db, TrainingCompletion) == 0


def test_revoke_appends_a_row_queues_it_and_the_code_cannot_be_recorded_again(
    db: Database, manager: Principal, clinician: Principal
) -> None:
    with db.uow() as uow:
        first = training.record_completion(
            uow, manager, "dr.reyes", BLS, TODAY - timedelta(days=10), external_code="AHA-1"
        )
    with db.uow() as uow:
        assert training.compliance_matrix(uow, manager).cell(first.staff_id, BLS).state is (
            TrainingState.VALID
        )
        revocation = training.revoke_completion(uow, manager, first.id, "Card was forged")
    assert revocation.kind is CompletionKind.REVOCATION and revocation.revokes_id == first.id
    with db.uow() as uow:
        cell = training.compliance_matrix(uow, manager).cell(first.staff_id, BLS)
        assert cell is not None and cell.state is TrainingState.IN_GRACE
        check = training.verify_certificate(uow, manager, first.certificate_code or "")
        assert (check.genuine, check.status) == (True, "revoked")
        assert "Card was forged" in check.message
        with pytest.raises(ValidationError, match="already revoked"):
            training.revoke_completion(uow, manager, first.id, "again")
        with pytest.raises(ValidationError, match="revoked"):
            training.record_completion(uow, manager, "dr.reyes", BLS, TODAY, external_code="AHA-1")
        messages = uow.session.execute(
            select(OutboxMessage.idempotency_key, OutboxMessage.payload).order_by(OutboxMessage.id)
        ).all()
    assert [key.split(":")[0] for key, _payload in messages] == [
        "training-completion",
        "training-revocation",
    ]
    revoked = TrainingCompletionsSubmission.model_validate(messages[1][1]).revocations
    assert [str(r.completion_id) for r in revoked] == [first.uuid]
    with db.uow() as uow:
        ledger = training.list_completions(uow, manager, "dr.reyes")
    assert [c.kind for c in ledger] == [
        CompletionKind.REVOCATION,
        CompletionKind.OUTSIDE_CERTIFICATE,
    ]
    assert ledger[1].revoked_on == TODAY


def test_verify_refuses_forged_and_malformed_codes(
    db: Database, manager: Principal, clinician: Principal
) -> None:
    with db.uow() as uow:
        info = training.record_completion(uow, manager, "dr.reyes", HH, TODAY)
    code = info.certificate_code or ""
    with db.uow() as uow:
        good = training.verify_certificate(uow, clinician, code.lower())
        assert (good.genuine, good.status, good.staff_name) == (True, "valid", "Ana Reyes")
        forged = code[:-1] + ("A" if code[-1] != "A" else "B")
        assert training.verify_certificate(uow, clinician, forged).status == "not_genuine"
        with pytest.raises(ValidationError, match="not a ClinicDesk training certificate"):
            training.verify_certificate(uow, clinician, "HELLO")


def test_roles_staff_see_their_own_managers_everyone_admins_configure(
    db: Database, admin: Principal, manager: Principal, clinician: Principal
) -> None:
    with db.uow() as uow:
        mine = training.my_training(uow, clinician)
        assert mine.staff.username == "dr.reyes"
        for call in (
            lambda: training.compliance_matrix(uow, clinician),
            lambda: training.record_completion(uow, clinician, "dr.reyes", HH, TODAY),
            lambda: training.list_completions(uow, clinician, "manager"),
            lambda: training.transcript(uow, clinician, "manager"),
            lambda: training.add_staff(uow, clinician, "X", [Role.CLINICIAN], TODAY),
            lambda: training.set_reminder_offsets(uow, manager, [30]),
            lambda: training.add_local_requirement(
                uow,
                manager,
                "local.x",
                "X",
                [Role.CLINICIAN],
                course_id="x",
                recurrence_months=12,
                grace_days=0,
                effective_from=TODAY,
            ),
        ):
            with pytest.raises(PermissionDenied):
                call()
        assert training.transcript(uow, clinician).staff.username == "dr.reyes"
    with db.uow() as uow:
        assert training.set_reminder_offsets(uow, admin, [7, 45]) == (45, 7)
    with db.uow() as uow:
        assert training.reminder_offsets(uow, clinician) == (45, 7)
        with pytest.raises(ValidationError):
            training.set_reminder_offsets(uow, admin, [0])


def test_local_requirement_applies_and_new_versions_keep_old_expiry(
    db: Database, admin: Principal, manager: Principal, clinician: Principal
) -> None:
    _start(db, manager, "dr.reyes", date(2023, 1, 1))
    with db.uow() as uow:
        local = training.add_local_requirement(
            uow,
            admin,
            "local.manual-handling",
            "Manual handling",
            [Role.CLINICIAN],
            course_id="manual-handling",
            recurrence_months=36,
            grace_days=30,
            effective_from=date(2024, 1, 1),
        )
    assert local.local and local.version == 1
    with db.uow() as uow:
        old = training.record_completion(
            uow, manager, "dr.reyes", "local.manual-handling", date(2024, 6, 1)
        )
    assert old.expires_on == date(2027, 6, 1)
    with db.uow() as uow:
        training.add_local_requirement(
            uow,
            admin,
            "local.manual-handling",
            "Manual handling",
            [Role.CLINICIAN],
            course_id="manual-handling",
            recurrence_months=12,
            grace_days=30,
            effective_from=date(2025, 1, 1),
        )
    with db.uow() as uow:
        new = training.record_completion(
            uow, manager, "dr.reyes", "local.manual-handling", date(2025, 2, 1)
        )
        ledger = training.list_completions(uow, manager, "dr.reyes")
        messages = uow.session.execute(select(OutboxMessage.id)).all()
    assert (new.requirement_version, new.expires_on) == (2, date(2026, 2, 1))
    assert {c.id: c.expires_on for c in ledger}[old.id] == date(2027, 6, 1)  # never recomputed
    assert messages == []  # a local requirement is the clinic's own: nothing for the hub


def test_matrix_as_of_a_past_date_and_states(
    db: Database, admin: Principal, manager: Principal, clinician: Principal
) -> None:
    _start(db, manager, "dr.reyes", date(2025, 1, 10))
    _start(db, manager, "manager", date(2025, 1, 10))
    with db.uow() as uow:
        newcomer = training.add_staff(uow, manager, "Nia New", [Role.FRONT_DESK], TODAY)
        training.record_completion(uow, manager, "dr.reyes", HH, date(2025, 3, 1))
        training.record_completion(uow, manager, "dr.reyes", PRIVACY, date(2025, 3, 1))
    with db.uow() as uow:
        then = training.compliance_matrix(uow, manager, date(2025, 12, 20))
    reyes = next(r for r in then.rows if r.staff.username == "dr.reyes")
    assert "Nia New" not in {r.staff.name for r in then.rows}  # not on staff yet
    states = {c.requirement_id: c for c in reyes.cells}
    assert states[HH].state is TrainingState.EXPIRING and states[HH].days_left == 71
    assert states[HH].reminder_offset == 90
    assert states[BLS].state is TrainingState.MISSING  # 90 days' grace long gone
    assert states["training.bloodborne-pathogens"].state is TrainingState.MISSING
    manager_row = next(r for r in then.rows if r.staff.username == "manager")
    assert {c.requirement_id: c.state for c in manager_row.cells}[BLS] is (
        TrainingState.NOT_APPLICABLE
    )
    with db.uow() as uow:
        earlier = training.compliance_matrix(uow, manager, date(2025, 2, 1))
        now = training.compliance_matrix(uow, manager, roles=[Role.FRONT_DESK])
        expired_only = training.compliance_matrix(
            uow, manager, date(2026, 6, 1), states=[TrainingState.EXPIRED]
        )
    cell = earlier.cell(reyes.staff.id, HH)
    assert cell is not None and cell.state is TrainingState.MISSING  # 14 days' grace gone
    cell = earlier.cell(reyes.staff.id, BLS)
    assert cell is not None and cell.state is TrainingState.IN_GRACE  # until 2025-04-10
    assert cell.due_on == date(2025, 4, 10)
    assert [r.staff.name for r in now.rows] == ["Nia New"]
    assert now.cell(newcomer.id, HH).state is TrainingState.IN_GRACE  # type: ignore[union-attr]
    assert [r.staff.username for r in expired_only.rows] == ["dr.reyes"]
    assert expired_only.counts[TrainingState.EXPIRED] == 2


def test_a_clinic_not_connected_reads_the_shipped_requirements_without_storing_them(
    db: Database, manager: Principal
) -> None:
    from clinicdesk.db import outbox
    from clinicdesk.db.models import Standard
    from clinicdesk.federation.schemas import StandardKind
    from clinicdesk.services.federation_store import shipped_standards

    shipped = {
        d.id
        for d in shipped_standards()
        if d.kind == StandardKind.TRAINING_REQUIREMENT and d.in_force_on(TODAY)
    }
    assert {HH, PRIVACY, BLS} <= shipped
    with db.uow() as uow:  # a writable unit of work, committed: still nothing stored
        matrix = training.compliance_matrix(uow, manager)
        uow.commit()
    assert {r.requirement_id for r in matrix.requirements} == shipped
    assert _count(db, Standard) == 0
    with db.uow() as uow:  # connected, and the hub sent no training requirements
        outbox.set_cursor(uow, outbox.STANDARDS, "0")
        uow.commit()
    with db.uow(read_only=True) as uow:
        connected = training.compliance_matrix(uow, manager)
    assert connected.requirements == ()


def test_the_player_reads_a_course_title_and_summary_in_the_language_spoken(
    db: Database, clinician: Principal
) -> None:
    """The shipped course carries Spanish; its sections are English for now."""
    from clinicdesk import i18n

    with db.uow() as uow:
        training.install_shipped_courses(uow)
        uow.commit()
    i18n.set_language("es")
    try:
        with db.uow() as uow:
            content = training.course_content(uow, clinician, "hand-hygiene")
    finally:
        i18n.set_language("en")
    assert content.title == "Higiene de manos"
    assert content.summary.startswith("Cuándo limpiarse las manos")
    with db.uow(read_only=True) as uow:
        listed = federation_store.list_course_versions(uow, system_principal("test"))
    titles = {entry.course_id: in_language(entry, "title", "es") for entry in listed}
    assert titles["hand-hygiene"] == "Higiene de manos"  # the course list, without the package


def test_quiz_fail_then_pass_records_completions_with_a_certificate(
    db: Database, manager: Principal, clinician: Principal
) -> None:
    with db.uow() as uow:
        assert training.install_shipped_courses(uow) == 2
        uow.commit()
    with db.uow() as uow:
        content = training.course_content(uow, clinician, "hand-hygiene")
        assert content.title == "Hand hygiene"
        assert len(content.sections) >= 5 and len(content.questions) >= 5
        assert content.pass_mark_percent == 80
        assert all(not hasattr(q, "answer") for q in content.questions)
        progress = training.save_progress(
            uow,
            clinician,
            "hand-hygiene",
            current_section=2,
            sections_read=["01-why-hands-matter.md"],
        )
    assert progress.current_section == 2 and progress.sections_read == ("01-why-hands-matter.md",)
    from clinicdesk.federation.packages import build_package, open_package
    from clinicdesk.services.training.courses import shipped_courses_dir

    manifest = open_package(build_package(shipped_courses_dir() / "hand-hygiene")).manifest
    quiz = manifest.quiz
    assert quiz is not None
    right = {q.id: q.answer for q in quiz.questions}
    wrong_two = dict(right)
    for q in quiz.questions[:2]:
        wrong_two[q.id] = next(o for o in q.options if o != q.answer)
    with db.uow() as uow:
        failed = training.submit_quiz(uow, clinician, "hand-hygiene", wrong_two)
    assert not failed.passed and failed.completions == () and len(failed.wrong) == 2
    assert _count(db, TrainingCompletion) == 0
    with db.uow() as uow:
        passed = training.submit_quiz(uow, clinician, "hand-hygiene", right)
    assert passed.passed and passed.score_percent == 100
    assert passed.completion is not None and passed.completion.kind is CompletionKind.IN_APP
    assert (
        passed.completion.requirement_id == HH
        and passed.completion.course_version == manifest.version
    )
    assert passed.certificate_code == passed.completion.certificate_code
    with db.uow() as uow:
        mine = training.my_training(uow, clinician)
        pdf = training.certificate_pdf(uow, clinician, passed.completion.id)
        progress = training.get_progress(uow, clinician, "hand-hygiene")
        assert _count(db, OutboxMessage) == 1
    assert {i.requirement.requirement_id: i.status.state for i in mine.items}[HH] is (
        TrainingState.VALID
    )
    assert progress.quiz_passed and progress.last_score_percent == 100
    text = _pdf_text(pdf)
    assert "Ana Reyes" in text and (passed.certificate_code or "") in text
    assert "training verify" in text


def test_matrix_csv_and_pdf_exports_and_transcript(
    db: Database, manager: Principal, clinician: Principal, tmp_path: Path
) -> None:
    with db.uow() as uow:
        training.add_staff(uow, manager, "=HYPERLINK(evil)", [Role.FRONT_DESK], date(2024, 1, 1))
        training.record_completion(uow, manager, "dr.reyes", HH, TODAY - timedelta(days=30))
    with db.uow() as uow:
        people = training.export_matrix(uow, manager, tmp_path / "m.csv")
        training.export_matrix(uow, manager, tmp_path / "m.pdf", date(2025, 6, 1))
        transcript = training.transcript_pdf(uow, manager, "dr.reyes")
        with pytest.raises(ValidationError, match="Cannot tell"):
            training.export_matrix(uow, manager, tmp_path / "m.txt")
    csv_text = (tmp_path / "m.csv").read_text()
    assert people == 4
    assert "'=HYPERLINK(evil)" in csv_text and ",=HYPERLINK" not in csv_text
    assert "dr.reyes" not in csv_text and "Ana Reyes" in csv_text
    pdf = PdfReader(str(tmp_path / "m.pdf"))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert pdf.pages[0].mediabox.width > pdf.pages[0].mediabox.height  # landscape
    assert "Training compliance as of Jun 1, 2025" in text
    assert f"Page 1 of {len(pdf.pages)}" in text
    assert "Missing 3 · In grace 0" in text  # the one on staff then started 2024-01-01
    assert "Missing\ndue Jan 31, 2025" in text  # the state in words, not only a colour
    transcript_text = _pdf_text(transcript)
    assert "Training transcript: Ana Reyes" in transcript_text and "Hand hygiene" in transcript_text
    with db.uow() as uow:
        exports = list(
            uow.session.execute(
                select(AuditEvent.action).where(AuditEvent.action.like("training.%export"))
            ).scalars()
        )
    assert exports == [
        "training.matrix_export",
        "training.matrix_export",
        "training.transcript_export",
    ]


def test_today_summary_and_expiring_soon(
    db: Database, manager: Principal, clinician: Principal
) -> None:
    _start(db, manager, "dr.reyes", date(2024, 1, 1))
    with db.uow() as uow:
        training.record_completion(uow, manager, "dr.reyes", HH, TODAY - timedelta(days=340))
    with db.uow() as uow:
        mine = training.today_summary(uow, clinician)
        clinic = training.today_summary(uow, manager)
        soon = training.expiring_soon(uow, manager, within_days=30)
    assert mine.clinic_expired is None
    own = {i.requirement.requirement_id: i.status.state for i in mine.own}
    assert own[HH] is TrainingState.EXPIRING and own[BLS] is TrainingState.MISSING
    assert clinic.clinic_expiring == 1 and (clinic.clinic_missing or 0) >= 3
    assert any(
        i.requirement.requirement_id == HH and i.status.state is TrainingState.EXPIRING
        for i in soon
    )


def test_a_newcomer_in_grace_sees_the_training_due_on_today(
    db: Database, manager: Principal, clinician: Principal
) -> None:
    _start(db, manager, "dr.reyes", TODAY - timedelta(days=3))
    with db.uow() as uow:
        mine = training.today_summary(uow, clinician)
    own = {i.requirement.requirement_id: i.status for i in mine.own}
    assert own[HH].state is TrainingState.IN_GRACE
    assert own[HH].due_on == TODAY - timedelta(days=3) + timedelta(days=14)  # grace_days 14
    with db.uow() as uow:
        training.record_completion(uow, manager, "dr.reyes", HH, TODAY)
    with db.uow() as uow:
        after = training.today_summary(uow, clinician)
    assert HH not in {i.requirement.requirement_id for i in after.own}


def test_upgrade_from_0006_with_users_makes_them_staff(db_url: str) -> None:
    from clinicdesk.app import open_database
    from clinicdesk.db import migrate
    from clinicdesk.services import audit
    from tests.helpers import old_schema

    db = open_database(db_url, upgrade=False)
    try:
        migrate.upgrade(db, target="0006", via_migrations=True)
        admin = old_schema.initialise(db, "Old Clinic", "root", "Root", "pw-123456789")
        old_schema.add_account(db, admin, "okafor", "Dr Olu Okafor", Role.CLINICIAN, "pw-okafor-1")
        before = migrate.ensure_current(db)
        assert before.current == "0006"
        assert migrate.status(db).current == migrate.MODELS_REVISION
        assert migrate.check(db) == []
        with db.uow(read_only=True) as uow:
            staff = uow.session.execute(
                select(Staff.user_id, Staff.name, Staff.job_roles, Staff.start_on).order_by(
                    Staff.user_id
                )
            ).all()
            assert audit.verify_chain(uow).ok
        assert [(name, roles, start) for _uid, name, roles, start in staff] == [
            ("Root", "admin", TODAY),
            ("Dr Olu Okafor", "clinician", TODAY),
        ]
        with db.uow() as uow:
            info = training.record_completion(uow, admin, "okafor", HH, TODAY)
        assert info.staff_name == "Dr Olu Okafor"
        with db.uow() as uow:
            assert len(training.list_staff(uow, admin)) == 2  # no second row for anyone
    finally:
        db.dispose()


def test_the_demo_clinic_has_a_realistic_mix_of_training(db_url: str) -> None:
    from clinicdesk.app import open_database
    from clinicdesk.domain.roles import system_principal
    from clinicdesk.services import demo

    db = open_database(db_url)
    try:
        with db.uow() as uow:
            demo.create(uow, seed=2, patients=0, revenue_months=0)
        actor = system_principal("test")
        with db.uow() as uow:
            matrix = training.compliance_matrix(uow, actor)
            people = training.list_staff(uow, actor)
            pending = uow.session.execute(
                select(func.count()).select_from(OutboxMessage).where(OutboxMessage.state != "sent")
            ).scalar_one()
        with db.uow() as uow:
            newcomer = next(p for p in people if p.start_on > TODAY - timedelta(days=30))
            progress = training.list_completions(uow, actor, newcomer.id)
    finally:
        db.dispose()
    assert len(people) >= 10 and sum(p.username is None for p in people) == 2
    for state in (
        TrainingState.VALID,
        TrainingState.EXPIRING,
        TrainingState.EXPIRED,
        TrainingState.MISSING,
        TrainingState.IN_GRACE,
        TrainingState.NOT_APPLICABLE,
    ):
        assert matrix.counts[state] > 0, state
    kinds = {c.kind for row in matrix.rows for c in row.cells if c.kind}
    assert kinds == {CompletionKind.IN_APP, CompletionKind.OUTSIDE_CERTIFICATE}
    assert pending == 0 and progress == []
