"""Backups (services/maintenance) and the SQLite copy taken before an upgrade, on real
databases. The command line's `db backup` is covered in tests/e2e/test_cli.py."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from clinicdesk.app import open_database
from clinicdesk.db import migrate
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.errors import StorageError, ValidationError
from clinicdesk.services import audit, maintenance, setup, users
from tests.conftest import ADMIN_PASSWORD

# Characters that mean something in a URI; a folder may well be called like this.
AWKWARD_FOLDER = "Clinic #2 50% (new) ?"


def _usernames(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT username FROM app_user ORDER BY username")]
    finally:
        conn.close()


def test_sqlite_backup_from_and_to_an_awkwardly_named_folder(tmp_path: Path) -> None:
    folder = tmp_path / AWKWARD_FOLDER.replace("?", "")  # "?" cannot be in a sqlite:/// URL
    folder.mkdir()
    source = folder / "clinic.sqlite3"
    db = open_database(f"sqlite:///{source}")
    try:
        with db.uow() as uow:
            admin = setup.initialise(uow, "Awkward Clinic", "root", "Root", ADMIN_PASSWORD)
        with db.uow() as uow:
            users.add_user(uow, admin, "okafor", "Okafor", [Role.CLINICIAN], "okafor-password-1")
        target = folder / "backup #1.sqlite3"
        assert maintenance.backup(db, admin, target) == target
    finally:
        db.dispose()
    assert _usernames(target) == ["okafor", "root"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]  # no stray files
    copy = open_database(f"sqlite:///{target}", upgrade=False)
    try:
        assert migrate.status(copy).state is migrate.SchemaState.CURRENT
        with copy.uow() as uow:
            assert audit.verify_chain(uow).ok
    finally:
        copy.dispose()


def test_backup_refuses_an_existing_file_and_a_missing_folder(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    existing = tmp_path / "existing.bak"
    existing.write_bytes(b"precious")
    with pytest.raises(ValidationError, match="already exists"):
        maintenance.backup(db, admin, existing)
    assert existing.read_bytes() == b"precious"
    with pytest.raises(ValidationError, match="does not exist"):
        maintenance.backup(db, admin, tmp_path / "missing" / "x.bak")
    with db.uow() as uow:
        assert audit.count_events(uow, admin, audit.AuditFilter(action="database.backup")) == 0


def test_backup_writes_a_file_and_an_audit_event(
    db: Database, admin: Principal, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "nightly.bak"
    target.parent.mkdir()
    maintenance.backup(db, admin, target)
    data = target.read_bytes()
    assert [p.name for p in target.parent.iterdir()] == ["nightly.bak"]
    if db.is_sqlite:
        assert data.startswith(b"SQLite format 3\x00")
        assert data[18:20] == b"\x01\x01"  # rollback journal, not WAL: one self-contained file
        target.parent.chmod(0o555)  # readable where nothing can be written
        try:
            assert _usernames(target) == ["root"]
        finally:
            target.parent.chmod(0o755)
    else:
        assert data.startswith(b"PGDMP")
    with db.uow() as uow:
        [event] = audit.list_events(uow, admin, audit.AuditFilter(action="database.backup"))
    assert event.actor_name == "root" and event.details == '{"file":"nightly.bak"}'


def test_postgresql_backup_without_pg_dump_says_so(
    db: Database, admin: Principal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite backups need no outside program")
    real_which = shutil.which
    monkeypatch.setattr(
        shutil, "which", lambda name, *a, **k: None if name == "pg_dump" else real_which(name)
    )
    target = tmp_path / "pg.bak"
    with pytest.raises(StorageError, match="need the pg_dump program"):
        maintenance.backup(db, admin, target)
    assert list(tmp_path.iterdir()) == []  # neither the file nor a partial one


def test_pre_upgrade_copy_in_an_awkwardly_named_folder_holds_the_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy taken before an upgrade is what a failed upgrade restores: it must be the
    real database, wherever the file lives."""
    folder = tmp_path / AWKWARD_FOLDER.replace("?", "")
    folder.mkdir()
    path = folder / "clinic.sqlite3"
    db = open_database(f"sqlite:///{path}")
    try:
        with db.uow() as uow:
            setup.initialise(uow, "Awkward Clinic", "root", "Root", ADMIN_PASSWORD)
    finally:
        db.dispose()
    migrations = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__py*"))
    (migrations / "versions" / "0002_test_only.py").write_text(
        f'revision = "9999"\ndown_revision = "{migrate.MODELS_REVISION}"\nbranch_labels = None\n'
        "depends_on = None\n\n\ndef upgrade() -> None:\n    pass\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", migrations)
    db = open_database(f"sqlite:///{path}")
    db.dispose()
    [copy] = list(folder.glob("clinic.before-upgrade-*.sqlite3"))
    assert _usernames(copy) == ["root"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([folder.name, "migrations"])
