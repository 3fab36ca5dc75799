"""The federation tables and the services over them, on SQLite and PostgreSQL: pulled
standards and course versions, cursors that move only with their batch, and the outbox."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from clinicdesk.app import open_database
from clinicdesk.db import migrate, outbox
from clinicdesk.db.models import AuditEvent, CourseVersion, OutboxMessage, Standard, utcnow
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role, system_principal
from clinicdesk.domain.translations import in_language
from clinicdesk.errors import ConflictError, PermissionDenied, ValidationError
from clinicdesk.federation.packages import build_package, load_standards, sha256_hex
from clinicdesk.federation.schemas import (
    CareGapRule,
    CareGapStandard,
    ContributionRateRule,
    ContributionRateStandard,
    CoursesPage,
    CourseVersionInfo,
    PolicyStandard,
    StandardDocument,
    StandardKind,
    StandardRetirement,
    StandardsPage,
    TrainingCompletion,
    TrainingCompletionsSubmission,
)
from clinicdesk.services import federation_store as store
from clinicdesk.services import users
from tests.conftest import ADMIN_PASSWORD
from tests.helpers import old_schema

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
DEFAULTS = load_standards(RESOURCES / "standards")
DAY = date(2026, 6, 1)


def _default(standard_id: str) -> StandardDocument:
    [document] = [d for d in DEFAULTS if d.id == standard_id]
    return document


RATE = _default("contribution-rate.federation")
CRC = _default("care-gap.colorectal-cancer-screening")
POLICY = next(d for d in DEFAULTS if d.kind is StandardKind.POLICY)


def _page(
    *documents: StandardDocument,
    retirements: tuple[StandardRetirement, ...] = (),
    cursor: str = "c-1",
) -> StandardsPage:
    return StandardsPage(
        upserts=documents, retirements=retirements, next_cursor=cursor, has_more=False
    )


def _rate_v2() -> StandardDocument:
    assert isinstance(RATE, ContributionRateStandard)
    rule = RATE.rule.model_copy(update={"rate": RATE.rule.rate * 2})
    return ContributionRateStandard.model_validate(
        {
            **RATE.model_dump(),
            "version": 2,
            "title": "Monthly contribution: 6 %",
            "effective_from": date(2026, 1, 1),
            "rule": rule.model_dump(),
        }
    )


def _standard_rows(db: Database) -> list[tuple[object, ...]]:
    with db.uow(read_only=True) as uow:
        rows = uow.session.execute(
            select(
                Standard.standard_id,
                Standard.version,
                Standard.kind,
                Standard.title,
                Standard.body,
                Standard.rule,
                Standard.effective_from,
                Standard.effective_to,
                Standard.retired_on,
                Standard.received_at,
            ).order_by(Standard.standard_id, Standard.version)
        ).all()
    return [tuple(row) for row in rows]


def _cursor(db: Database, resource: str) -> str | None:
    with db.uow(read_only=True) as uow:
        return outbox.get_cursor(uow, resource)


def _audit(db: Database, action: str) -> list[tuple[str, str, str]]:
    with db.uow(read_only=True) as uow:
        rows = uow.session.execute(
            select(AuditEvent.actor_name, AuditEvent.entity_id, AuditEvent.details)
            .where(AuditEvent.action == action)
            .order_by(AuditEvent.seq)
        ).all()
    return [(str(name), str(entity), str(details)) for name, entity, details in rows]


# --- standards --------------------------------------------------------------------------


def test_applying_a_standards_page_twice_changes_nothing(db: Database) -> None:
    page = _page(RATE, CRC, POLICY, cursor="after-first")
    with db.uow() as uow:
        first = store.apply_standards_page(uow, page)
        uow.commit()
    assert (first.added, first.updated, first.unchanged) == (3, 0, 0)
    rows = _standard_rows(db)
    assert [(r[0], r[1]) for r in rows] == sorted([(d.id, d.version) for d in (RATE, CRC, POLICY)])
    policy_row = next(r for r in rows if r[0] == POLICY.id)
    assert isinstance(POLICY, PolicyStandard) and POLICY.rule is not None
    assert policy_row[5] == POLICY.rule.model_dump(mode="json")  # who acknowledges, by when
    assert _cursor(db, "standards") == "after-first"

    with db.uow() as uow:
        again = store.apply_standards_page(uow, page)
        uow.commit()
    assert (again.added, again.updated, again.unchanged, again.changed) == (0, 0, 3, False)
    assert _standard_rows(db) == rows  # not even received_at moved


def test_a_newer_version_keeps_the_old_one_and_wins_from_its_date(
    db: Database, admin: Principal
) -> None:
    with db.uow() as uow:
        store.apply_standards_page(uow, _page(RATE, cursor="1"))
        uow.commit()
    with db.uow() as uow:
        store.apply_standards_page(uow, _page(_rate_v2(), cursor="2"))
        uow.commit()
    with db.uow(read_only=True) as uow:
        [before] = store.standards_in_force(uow, StandardKind.CONTRIBUTION_RATE, date(2025, 12, 31))
        [after] = store.standards_in_force(uow, StandardKind.CONTRIBUTION_RATE, date(2026, 1, 1))
        history = store.standard_history(uow, admin, RATE.id)
        [summary] = store.list_standards(uow, admin, StandardKind.CONTRIBUTION_RATE)
    # Both versions are effective in 2026 (v1 is open-ended): the newest one wins.
    assert (before.version, after.version) == (1, 2)
    assert isinstance(after, ContributionRateStandard)
    assert str(after.rule.rate) == "0.0600"
    assert [h.version for h in history] == [2, 1]
    assert history[1].title == RATE.title
    with db.uow(read_only=True) as uow:
        rules = store.standard_rules(uow, admin, RATE.id)
    assert sorted(rules) == [1, 2]
    assert (rules[1]["rate"], rules[2]["rate"]) == ("0.0300", "0.0600")
    assert (summary.version, summary.version_count, summary.title) == (
        2,
        2,
        "Monthly contribution: 6 %",
    )


def test_standards_in_force_are_the_typed_documents(db: Database) -> None:
    with db.uow() as uow:
        store.apply_standards_page(uow, _page(RATE, CRC, POLICY))
        uow.commit()
    with db.uow(read_only=True) as uow:
        [gap] = store.standards_in_force(uow, StandardKind.CARE_GAP, DAY)
        [rate] = store.standards_in_force(uow, StandardKind.CONTRIBUTION_RATE, DAY)
        [policy] = store.standards_in_force(uow, StandardKind.POLICY, DAY)
        assert store.standards_in_force(uow, StandardKind.CARE_GAP, date(2024, 12, 31)) == []
    assert isinstance(gap, CareGapStandard) and isinstance(gap.rule, CareGapRule)
    assert isinstance(rate, ContributionRateStandard)
    assert isinstance(rate.rule, ContributionRateRule)
    assert isinstance(policy, PolicyStandard)
    # What comes back is what was published, to the last Decimal.
    assert gap == CRC and rate == RATE and policy == POLICY
    assert str(rate.rule.rate) == "0.0300"


def test_a_retirement_hides_the_standard_from_its_date(db: Database, admin: Principal) -> None:
    with db.uow() as uow:
        store.apply_standards_page(uow, _page(CRC, RATE, _rate_v2(), cursor="1"))
        uow.commit()
    retire_all = StandardRetirement(id=CRC.id, retired_on=date(2026, 7, 1))
    retire_v2 = StandardRetirement(id=RATE.id, version=2, retired_on=date(2026, 7, 1))
    page = _page(retirements=(retire_all, retire_v2), cursor="2")
    with db.uow() as uow:
        result = store.apply_standards_page(uow, page)
        uow.commit()
    assert result.retired == 2
    with db.uow() as uow:
        assert store.apply_standards_page(uow, page).retired == 0  # idempotent
        uow.commit()
    with db.uow(read_only=True) as uow:
        assert [s.id for s in store.standards_in_force(uow, StandardKind.CARE_GAP, DAY)] == [CRC.id]
        assert store.standards_in_force(uow, StandardKind.CARE_GAP, date(2026, 7, 1)) == []
        [rate] = store.standards_in_force(uow, StandardKind.CONTRIBUTION_RATE, date(2026, 7, 1))
        history = store.standard_history(uow, admin, CRC.id)
    assert rate.version == 1  # v2 retired: the older version applies again
    assert [h.retired_on for h in history] == [date(2026, 7, 1)]


def test_the_cursor_is_stored_only_when_the_batch_commits(db: Database) -> None:
    with db.uow() as uow:
        store.apply_standards_page(uow, _page(RATE, cursor="first"))
        uow.commit()
    with db.uow() as uow:
        store.apply_standards_page(uow, _page(CRC, cursor="second"))
        assert outbox.get_cursor(uow, "standards") == "second"
        # no commit: the batch is rolled back, and its cursor with it
    assert _cursor(db, "standards") == "first"
    assert [r[0] for r in _standard_rows(db)] == [RATE.id]

    with db.uow() as uow:
        outbox.record_sync_error(uow, "standards", "The hub did not answer.")
        uow.commit()
    with db.uow(read_only=True) as uow:
        assert outbox.get_cursor(uow, "standards") == "first"
        row = uow.session.execute(
            text("SELECT last_error FROM sync_cursor WHERE resource = 'standards'")
        ).scalar_one()
    assert row == "The hub did not answer."
    assert _cursor(db, "courses") is None


def test_load_default_standards_loads_every_shipped_file_once(
    db: Database, admin: Principal
) -> None:
    shipped = sorted(p.stem for p in (RESOURCES / "standards").glob("*.json"))
    assert len(shipped) == len(DEFAULTS) >= 20
    with db.uow() as uow:
        first = store.load_default_standards(uow)
        uow.commit()
    assert first.added == len(shipped)
    rows = _standard_rows(db)
    with db.uow() as uow:
        again = store.load_default_standards(uow)
        uow.commit()
    assert (again.added, again.updated, again.unchanged) == (0, 0, len(shipped))
    assert _standard_rows(db) == rows
    with db.uow(read_only=True) as uow:
        listed = store.list_standards(uow, admin)
        gaps = store.standards_in_force(uow, StandardKind.CARE_GAP, DAY)
    assert sorted(s.standard_id for s in listed) == shipped
    assert len(gaps) == sum(1 for d in DEFAULTS if d.kind is StandardKind.CARE_GAP) == 15
    assert all(isinstance(g, CareGapStandard) for g in gaps)


def test_default_standards_are_not_loaded_over_the_hubs(db: Database) -> None:
    with db.uow() as uow:
        store.apply_standards_page(uow, _page(RATE))
        uow.commit()
    with db.uow() as uow:
        assert store.load_default_standards(uow) == store.ApplyResult()
        uow.commit()
    assert len(_standard_rows(db)) == 1


# --- courses ----------------------------------------------------------------------------


# The shipped course's version, from its manifest (a changed course is a new version).
HH_VERSION: int = json.loads(
    (RESOURCES / "courses" / "hand-hygiene" / "course.json").read_text(encoding="utf-8")
)["version"]


@pytest.fixture(scope="module")
def hand_hygiene() -> bytes:
    return build_package(RESOURCES / "courses" / "hand-hygiene")


def _course_page(data: bytes, *, sha: str | None = None, cursor: str = "k-1") -> CoursesPage:
    info = CourseVersionInfo(
        course_id="hand-hygiene",
        version=HH_VERSION,
        title="Hand hygiene",
        package_url=f"/v1/courses/hand-hygiene/versions/{HH_VERSION}/package",
        sha256=sha or sha256_hex(data),
        size_bytes=len(data),
        published_at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC),
    )
    return CoursesPage(versions=(info,), next_cursor=cursor, has_more=False)


def test_a_course_package_is_stored_only_when_its_checksum_matches(
    db: Database, hand_hygiene: bytes
) -> None:
    with db.uow() as uow:
        assert store.apply_courses_page(uow, _course_page(hand_hygiene)).added == 1
        uow.commit()
    assert _cursor(db, "courses") == "k-1"
    with db.uow(read_only=True) as uow:
        [todo] = store.courses_to_download(uow)
    assert (todo.course_id, todo.version, todo.sha256) == (
        "hand-hygiene",
        HH_VERSION,
        sha256_hex(hand_hygiene),
    )

    with db.uow(read_only=True) as uow:
        [entry] = store.list_course_versions(uow, system_principal("test"))
    assert (entry.course_id, entry.version, entry.downloaded) == ("hand-hygiene", HH_VERSION, False)

    tampered = hand_hygiene.replace(b"Hand hygiene", b"Hand hygienX", 1)
    assert tampered != hand_hygiene
    with db.uow() as uow, pytest.raises(ValidationError, match="checksum"):
        store.store_package(uow, "hand-hygiene", HH_VERSION, tampered, etag='"x"')
    with db.uow(read_only=True) as uow:
        assert store.course_package(uow, "hand-hygiene", HH_VERSION) is None
        assert len(store.courses_to_download(uow)) == 1

    with db.uow() as uow:
        store.store_package(uow, "hand-hygiene", HH_VERSION, hand_hygiene, etag='"abc"')
        uow.commit()
    with db.uow(read_only=True) as uow:
        assert store.course_package(uow, "hand-hygiene", HH_VERSION) == hand_hygiene
        assert store.courses_to_download(uow) == []
        row = uow.session.execute(select(CourseVersion)).scalar_one()
        assert (row.etag, row.minutes, row.roles) == ('"abc"', 20, ["clinician", "front_desk"])
        assert row.published_at == datetime(2026, 1, 5, 9, 30)  # naive UTC
        assert row.downloaded_at is not None
        [entry] = store.list_course_versions(uow, system_principal("test"))
    # The manifest's words in other languages are kept beside the title, for the list.
    assert in_language(entry, "title", "es") == "Higiene de manos"
    assert in_language(entry, "title", "en") == entry.title == "Hand hygiene"

    # The same page again keeps the package; a changed checksum drops it.
    with db.uow() as uow:
        assert store.apply_courses_page(uow, _course_page(hand_hygiene)).unchanged == 1
        store.apply_courses_page(uow, _course_page(hand_hygiene, sha="0" * 64, cursor="k-2"))
        uow.commit()
    with db.uow(read_only=True) as uow:
        assert store.course_package(uow, "hand-hygiene", HH_VERSION) is None
        [entry] = store.list_course_versions(uow, system_principal("test"))
    assert entry.translations is None
    with db.uow() as uow, pytest.raises(ValidationError):
        store.store_package(uow, "hand-hygiene", HH_VERSION, hand_hygiene)


# --- outbox -----------------------------------------------------------------------------


def _completions() -> TrainingCompletionsSubmission:
    return TrainingCompletionsSubmission(
        completions=(
            TrainingCompletion(
                completion_id=uuid.uuid4(),
                staff_ref=uuid.uuid4(),
                course_id="hand-hygiene",
                course_version=1,
                completed_on=date(2026, 5, 4),
                certificate_code="HH-2026-0001",
            ),
        )
    )


def _enqueue(db: Database, aggregate: str, key: str | None = None) -> store.OutboxInfo:
    with db.uow() as uow:
        info = store.enqueue(uow, "training_completions", aggregate, _completions(), key)
        uow.commit()
    return info


def _due(db: Database, now: datetime | None = None) -> list[int]:
    with db.uow(read_only=True) as uow:
        return [m.id for m in outbox.due_messages(uow, now or utcnow() + timedelta(seconds=1), 50)]


def test_enqueue_stores_the_exact_body_and_needs_the_callers_commit(db: Database) -> None:
    payload = _completions()
    with db.uow() as uow:
        store.enqueue(uow, "training_completions", "training:2026-05", payload)
    with db.uow(read_only=True) as uow:
        assert uow.session.execute(select(func.count(OutboxMessage.id))).scalar_one() == 0

    info = _enqueue(db, "training:2026-05")
    assert info.state is store.OutboxState.PENDING and info.attempts == 0
    assert str(uuid.UUID(info.idempotency_key)) == info.idempotency_key
    with db.uow(read_only=True) as uow:
        row = uow.session.get(OutboxMessage, info.id)
        assert row is not None
        stored = row.payload
    assert TrainingCompletionsSubmission.model_validate(stored).completions[0].course_id == (
        "hand-hygiene"
    )
    assert isinstance(stored, dict) and stored["completions"][0]["completed_on"] == "2026-05-04"


def test_idempotency_keys_are_unique(db: Database) -> None:
    _enqueue(db, "training:a", key="key-1")
    with db.uow() as uow, pytest.raises(ConflictError, match="key-1"):
        store.enqueue(uow, "training_completions", "training:b", _completions(), "key-1")
    generated = {_enqueue(db, "training:c").idempotency_key for _ in range(3)}
    assert len(generated) == 3


def test_one_aggregate_goes_out_in_order(db: Database) -> None:
    first = _enqueue(db, "contribution:2026-10")
    second = _enqueue(db, "contribution:2026-10")
    other = _enqueue(db, "contribution:2026-11")
    assert _due(db) == [first.id, other.id]
    # Not yet due before it was created.
    assert _due(db, first.created_at - timedelta(seconds=1)) == []

    with db.uow() as uow:
        outbox.mark_failed(uow, first.id, "timeout", utcnow() + timedelta(minutes=5), 5)
        uow.commit()
    assert _due(db) == [other.id]  # the first waits, and holds its aggregate back
    assert _due(db, utcnow() + timedelta(minutes=6)) == [first.id, other.id]

    with db.uow() as uow:
        sent = outbox.mark_sent(uow, first.id, {"receipt_id": "r-1"})
        uow.commit()
    assert sent.state is store.OutboxState.SENT and sent.response == {"receipt_id": "r-1"}
    assert _due(db) == [second.id, other.id]
    with db.uow(read_only=True) as uow:
        counts = outbox.outbox_counts(uow)
    assert counts[store.OutboxState.SENT] == 1
    assert counts[store.OutboxState.PENDING] == 2
    assert counts[store.OutboxState.DEAD] == 0


def test_dead_after_max_attempts_then_retry_and_discard_are_audited(
    db: Database, admin: Principal
) -> None:
    message = _enqueue(db, "contribution:2026-10")
    later = _enqueue(db, "contribution:2026-10")
    for attempt in range(1, 4):
        with db.uow() as uow:
            info = outbox.mark_failed(uow, message.id, f"HTTP 503 #{attempt}", utcnow(), 3)
            uow.commit()
        assert info.attempts == attempt
    assert info.state is store.OutboxState.DEAD and info.last_error == "HTTP 503 #3"
    assert _due(db) == []  # dead: shown to a person, and the aggregate waits

    with db.uow() as uow:
        retried = store.retry(uow, admin, message.id)
    assert (retried.state, retried.attempts) == (store.OutboxState.PENDING, 0)
    assert _due(db) == [message.id]
    with db.uow() as uow, pytest.raises(ConflictError):
        store.retry(uow, admin, message.id)  # pending: nothing to retry

    with db.uow() as uow:
        outbox.mark_failed(uow, message.id, "HTTP 422", utcnow(), 1)
        uow.commit()
    with db.uow() as uow, pytest.raises(ValidationError):
        store.discard(uow, admin, message.id, "   ")
    with db.uow() as uow:
        gone = store.discard(uow, admin, message.id, "Submitted by phone instead")
    assert gone.state is store.OutboxState.DISCARDED
    assert _due(db) == [later.id]  # no longer holds the aggregate back
    with db.uow(read_only=True) as uow:
        listed = store.list_outbox(uow, admin, [store.OutboxState.DISCARDED])
    assert [(m.id, m.discarded_reason) for m in listed] == [
        (message.id, "Submitted by phone instead")
    ]

    [retry_event] = _audit(db, "federation.outbox.retry")
    [discard_event] = _audit(db, "federation.outbox.discard")
    assert retry_event[:2] == ("root", message.uuid) and '"from":"dead"' in retry_event[2]
    assert discard_event[:2] == ("root", message.uuid)
    assert "Submitted by phone instead" in discard_event[2]


def test_a_clinician_may_not_see_or_touch_the_outbox(db: Database, admin: Principal) -> None:
    message = _enqueue(db, "contribution:2026-10")
    with db.uow() as uow:
        outbox.mark_failed(uow, message.id, "boom", utcnow(), 1)
        uow.commit()
    with db.uow() as uow:
        clinician = users.add_user(
            uow, admin, "okafor", "Dr Olu Okafor", [Role.CLINICIAN], "okafor-password-1"
        )
    actor = Principal(clinician.id, "okafor", "Dr Olu Okafor", frozenset({Role.CLINICIAN}))
    with db.uow() as uow:
        with pytest.raises(PermissionDenied):
            store.retry(uow, actor, message.id)
        with pytest.raises(PermissionDenied):
            store.discard(uow, actor, message.id, "no")
        with pytest.raises(PermissionDenied):
            store.list_outbox(uow, actor)
    manager = Principal(None, "mgr", "Manager", frozenset({Role.MANAGER}))
    with db.uow() as uow:
        assert store.retry(uow, manager, message.id).state is store.OutboxState.PENDING
    assert _audit(db, "federation.outbox.discard") == []
    assert [e[0] for e in _audit(db, "federation.outbox.retry")] == ["mgr"]


# --- migration --------------------------------------------------------------------------


def test_upgrading_to_0016_reads_the_stored_packages_translations(
    db_url: str, hand_hygiene: bytes
) -> None:
    db = open_database(db_url, upgrade=False)
    try:
        migrate.upgrade(db, target="0015", via_migrations=True)
        with db.engine.begin() as conn:
            for course_id, package in (("hand-hygiene", hand_hygiene), ("broken", b"not a zip")):
                conn.execute(
                    text(
                        "INSERT INTO course_version (course_id, version, title, sha256,"
                        " package, received_at) VALUES (:c, 3, 'Hand hygiene', :s, :p, :r)"
                    ),
                    {"c": course_id, "s": sha256_hex(package), "p": package, "r": utcnow()},
                )
            conn.execute(
                text(
                    "INSERT INTO course_version (course_id, version, title, sha256, received_at)"
                    " VALUES ('listed', 1, 'Listed only', :s, :r)"
                ),
                {"s": "0" * 64, "r": utcnow()},
            )

        migrate.upgrade(db)

        assert migrate.check(db) == []
        with db.uow(read_only=True) as uow:
            entries = store.list_course_versions(uow, system_principal("test"))
        by_id = {entry.course_id: entry for entry in entries}
        assert in_language(by_id["hand-hygiene"], "title", "es") == "Higiene de manos"
        assert by_id["broken"].translations is None  # unreadable: left for the program
        assert by_id["listed"].translations is None
    finally:
        db.dispose()


def test_upgrading_from_0001_keeps_the_data_and_matches_the_models(db_url: str) -> None:
    db = open_database(db_url, upgrade=False)
    try:
        migrate.upgrade(db, target="0001", via_migrations=True)
        assert migrate.status(db).current == "0001"
        admin = old_schema.initialise(db, "Old Clinic", "root", "Root", ADMIN_PASSWORD)
        old_schema.add_account(db, admin, "okafor", "Dr Olu Okafor", Role.CLINICIAN, "pw-okafor-1")

        before = migrate.upgrade(db)

        assert before.state is migrate.SchemaState.BEHIND
        assert migrate.status(db).current == migrate.head_revision() == migrate.MODELS_REVISION
        assert migrate.check(db) == []
        with db.uow(read_only=True) as uow:
            names = [u.username for u in users.list_users(uow, system_principal("t"))]
        assert names == ["okafor", "root"]
        _enqueue(db, "contribution:2026-10")
        with db.uow() as uow:
            store.load_default_standards(uow)
            uow.commit()
        assert len(_standard_rows(db)) == len(DEFAULTS)
    finally:
        db.dispose()
