"""Schema migrations on both back-ends: from empty, on a current database, from an older
revision that holds data, and the refusals (newer program's schema, foreign tables,
failed upgrades that must leave the database as it was)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import exc, inspect, text

from clinicdesk.app import open_database
from clinicdesk.db import migrate
from clinicdesk.db.engine import make_engine, sqlite_path
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role, system_principal
from clinicdesk.errors import StorageError
from clinicdesk.services import audit, auth, setup, users
from tests.conftest import ADMIN_PASSWORD

OUR_TABLES = {
    "alembic_version",
    "anchor_contract",
    "anchor_enrolment",
    "anchor_invoice",
    "anchor_invoice_counter",
    "anchor_invoice_line",
    "anchor_organisation",
    "anchor_payment",
    "anchor_roster_review",
    "app_user",
    "attribution",
    "audit_event",
    "audit_head",
    "care_gap_result",
    "care_gap_run",
    "clinic",
    "clinical_event",
    "course_version",
    "dividend_allocation",
    "dividend_share",
    "encounter",
    "member",
    "member_class",
    "member_register_counter",
    "outbox_message",
    "panel_capacity",
    "patient",
    "patient_identifier",
    "policy_acknowledgement",
    "revenue_line",
    "revenue_period",
    "revenue_submission",
    "setting",
    "share_class",
    "share_event",
    "staff",
    "standard",
    "sync_cursor",
    "training_completion",
    "training_course_progress",
    "user_token",
    "training_evidence",
    "training_local_requirement",
}

# The test-only revision goes on top of whatever the shipped head is.
TEST_REVISION = "9999"

REVISION_0002 = '''"""test-only revision: a column on a table with data, and a new table"""
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("nickname", sa.String(50), nullable=True))
    op.create_table("probe", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("UPDATE app_user SET nickname = 'nick-' || username")
    {extra}
'''


@pytest.fixture
def later_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the shipped migrations plus a test-only revision 0002 on top of head;
    `later_revision.write(extra)` sets what 0002 does after its normal steps."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)
    yield folder


def _write_0002(folder: Path, head: str, extra: str = "") -> None:
    source = REVISION_0002.replace("{down}", head).replace("{extra}", extra or "pass")
    (folder / "versions" / "0002_test_only.py").write_text(source, encoding="utf-8")


def _tables(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def _version(db: Database) -> list[str]:
    with db.engine.connect() as conn:
        return list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def _roster(db: Database) -> list[tuple[str, str, bool]]:
    with db.uow() as uow:
        return [
            (u.username, u.display_name, u.active)
            for u in users.list_users(uow, system_principal("t"))
        ]


def _copies(db: Database) -> list[Path]:
    path = sqlite_path(db.url)
    if path is None:
        return []
    return sorted(path.parent.glob(f"{path.stem}.before-upgrade-*{path.suffix}"))


def _sqlite_dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _with_data(db: Database, admin: Principal) -> None:
    with db.uow() as uow:
        users.add_user(uow, admin, "okafor", "Dr Olu Okafor", [Role.CLINICIAN], "okafor-password-1")


# --- from empty, and when current ------------------------------------------------------------


def test_upgrade_from_empty_reaches_head_and_matches_the_models(db_url: str) -> None:
    db = open_database(db_url, upgrade=False)
    try:
        before = migrate.status(db)
        assert (before.state, before.current) == (migrate.SchemaState.EMPTY, None)
        assert before.head == migrate.head_revision() == migrate.MODELS_REVISION
        assert _tables(db) == set()
        returned = migrate.upgrade(db)
        assert returned == before  # upgrade returns the state it started from
        after = migrate.status(db)
        assert (after.state, after.current) == (migrate.SchemaState.CURRENT, after.head)
        assert _tables(db) == OUR_TABLES
        assert migrate.check(db) == []
        with db.engine.connect() as conn:
            head = conn.execute(text("SELECT id, last_seq, last_hash FROM audit_head")).all()
        assert [tuple(r) for r in head] == [(1, 0, "0" * 64)]
        assert _copies(db) == []  # nothing to keep a copy of
    finally:
        db.dispose()


def test_open_database_upgrades_by_default(db_url: str) -> None:
    db = open_database(db_url)
    try:
        assert migrate.status(db).state is migrate.SchemaState.CURRENT
        assert _version(db) == [migrate.head_revision()]
    finally:
        db.dispose()


def test_check_reports_an_unmigrated_database(db_url: str) -> None:
    db = open_database(db_url, upgrade=False)
    try:
        [problem] = migrate.check(db)
        assert "clinicdesk db upgrade" in problem
    finally:
        db.dispose()


def test_ensure_current_on_a_current_database_changes_nothing(
    db: Database, admin: Principal
) -> None:
    _with_data(db, admin)
    roster = _roster(db)
    path = sqlite_path(db.url)
    dump = _sqlite_dump(path) if path else None
    state = migrate.ensure_current(db)
    assert (state.state, state.current) == (migrate.SchemaState.CURRENT, state.head)
    assert migrate.upgrade(db).state is migrate.SchemaState.CURRENT
    assert _roster(db) == roster
    assert _version(db) == [state.head]
    assert _copies(db) == []
    if path:
        assert _sqlite_dump(path) == dump
    with db.uow() as uow:
        assert audit.verify_chain(uow).ok


# --- from an older revision that holds data -----------------------------------------------------


def test_upgrade_from_an_older_revision_keeps_the_data(
    db: Database, admin: Principal, later_revision: Path
) -> None:
    _with_data(db, admin)
    roster = _roster(db)
    path = sqlite_path(db.url)
    dump_before = _sqlite_dump(path) if path else None
    _write_0002(later_revision, head=migrate.MODELS_REVISION)
    behind = migrate.status(db)
    assert (behind.state, behind.current, behind.head) == (
        migrate.SchemaState.BEHIND,
        migrate.MODELS_REVISION,
        TEST_REVISION,
    )

    before = migrate.ensure_current(db)

    assert before.state is migrate.SchemaState.BEHIND
    assert _version(db) == [TEST_REVISION]
    assert {"probe", "app_user"} <= _tables(db)
    assert _roster(db) == roster
    with db.engine.connect() as conn:
        nicknames = conn.execute(text("SELECT nickname FROM app_user ORDER BY username")).all()
    assert [n for (n,) in nicknames] == ["nick-okafor", "nick-root"]
    with db.uow() as uow:
        assert audit.verify_chain(uow).ok
        assert auth.sign_in(uow, "okafor", "okafor-password-1").username == "okafor"
    # The models do not know the test-only column and table: check says so.
    problems = "\n".join(migrate.check(db))
    assert "probe" in problems and "nickname" in problems
    if path is not None:
        [copy] = _copies(db)
        assert _sqlite_dump(copy) == dump_before  # the copy is the database before
    else:
        assert _copies(db) == []


def test_a_failing_migration_leaves_the_database_as_it_was(
    db: Database, admin: Principal, later_revision: Path, expected_warnings: list[str]
) -> None:
    expected_warnings.append("Upgrade failed; restored")
    _with_data(db, admin)
    roster = _roster(db)
    path = sqlite_path(db.url)
    dump_before = _sqlite_dump(path) if path else None
    _write_0002(
        later_revision,
        head=migrate.MODELS_REVISION,
        extra='op.execute("SELECT * FROM no_such_table")',
    )

    with pytest.raises(StorageError) as info:
        migrate.ensure_current(db)

    assert "could not be upgraded" in info.value.message
    assert "left as it was" in (info.value.hint or "")
    assert _version(db) == [migrate.MODELS_REVISION]
    assert "probe" not in _tables(db)
    assert _roster(db) == roster
    with db.engine.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("app_user")}
    assert "nickname" not in columns
    if path is not None:
        assert _sqlite_dump(path) == dump_before
        assert len(_copies(db)) == 1


def test_disk_full_during_a_sqlite_upgrade_restores_the_copy(
    tmp_path: Path,
    later_revision: Path,
    monkeypatch: pytest.MonkeyPatch,
    expected_warnings: list[str],
) -> None:
    expected_warnings.append("Upgrade failed; restored")
    path = tmp_path / "clinic.sqlite3"
    db = open_database(f"sqlite:///{path}")
    try:
        with db.uow() as uow:
            setup.initialise(uow, "Full Disk Clinic", "root", "Root", ADMIN_PASSWORD)
    finally:
        db.dispose()
    dump_before = _sqlite_dump(path)
    _write_0002(later_revision, head=migrate.MODELS_REVISION)

    def half_written_upgrade(db: Database, target: str) -> None:
        # Something gets written and committed before the disk fills up.
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_event"))
            conn.execute(text("UPDATE app_user SET display_name = 'half-written'"))
        raise exc.OperationalError(
            "INSERT INTO probe ...", {}, sqlite3.OperationalError("database or disk is full")
        )

    monkeypatch.setattr(migrate, "_run_upgrade", half_written_upgrade)
    with pytest.raises(StorageError) as info:
        open_database(f"sqlite:///{path}")

    message = str(info.value)
    assert "disk is full" in message
    assert "left as it was before the upgrade" in message
    assert _sqlite_dump(path) == dump_before
    copies = sorted(tmp_path.glob("clinic.before-upgrade-*.sqlite3"))
    assert len(copies) == 1
    assert _sqlite_dump(copies[0]) == dump_before
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


# --- refusals ---------------------------------------------------------------------------------


def test_a_database_from_a_newer_program_is_refused_and_left_alone(
    db: Database, admin: Principal, db_url: str
) -> None:
    _with_data(db, admin)
    roster = _roster(db)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    db.dispose()

    with pytest.raises(StorageError) as info:
        open_database(db_url)
    assert "newer version of ClinicDesk" in info.value.message
    assert "ffff_future" in info.value.message
    assert "not changed" in (info.value.hint or "")

    state = migrate.status(db)
    assert (state.state, state.current) == (migrate.SchemaState.AHEAD, "ffff_future")
    with pytest.raises(StorageError, match="newer version"):
        migrate.upgrade(db)
    assert _version(db) == ["ffff_future"]
    assert _roster(db) == roster
    assert _copies(db) == []


def test_a_database_with_foreign_tables_is_refused_and_left_alone(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE inventory (sku VARCHAR(20) PRIMARY KEY, qty INTEGER)"))
            conn.execute(text("INSERT INTO inventory VALUES ('A-1', 3)"))
    finally:
        engine.dispose()

    with pytest.raises(StorageError) as info:
        open_database(db_url)
    assert "not ClinicDesk's" in info.value.message
    assert "Nothing was changed" in (info.value.hint or "")

    db = open_database(db_url, upgrade=False)
    try:
        assert migrate.status(db).state is migrate.SchemaState.FOREIGN
        assert _tables(db) == {"inventory"}
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT sku, qty FROM inventory")).all() == [("A-1", 3)]
        assert "upgrade" in migrate.check(db)[0]
    finally:
        db.dispose()


# --- the two ways to a new database ---------------------------------------------------------


def test_models_revision_is_the_shipped_head() -> None:
    # A new migration must move MODELS_REVISION along with the models it changes.
    assert migrate.MODELS_REVISION == migrate.head_revision() == migrate._alembic_head()


@pytest.mark.parametrize("via_migrations", [True, False], ids=["migrations", "from-models"])
def test_both_ways_to_a_new_database_give_the_same_schema(
    db_url: str, via_migrations: bool
) -> None:
    db = open_database(db_url, upgrade=False)
    try:
        migrate.upgrade(db, via_migrations=via_migrations)
        assert migrate.status(db).state is migrate.SchemaState.CURRENT
        assert migrate.check(db) == []
        assert _tables(db) == OUR_TABLES
        with db.uow() as uow:
            admin = setup.initialise(uow, "Clinic", "root", "Root", ADMIN_PASSWORD)
        with db.uow() as uow:
            result = audit.verify(uow, admin)
        assert result.ok and result.checked == 2
    finally:
        db.dispose()


def test_opening_a_new_or_current_database_does_not_import_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    code = (
        "import sys\n"
        "from clinicdesk.app import open_database\n"
        f"open_database({url!r}).dispose()\n"
        f"open_database({url!r}).dispose()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"
