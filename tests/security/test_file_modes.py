"""Every file and folder ClinicDesk creates is its owner's alone on POSIX: folders 0700,
files 0600 — even under a umask that would let every account read them (022, the usual
one). Each test creates the thing the way the program does and reads its mode."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from clinicdesk import paths
from clinicdesk.app import log_file_handler, open_database
from clinicdesk.cli._common import write_file as cli_write_file
from clinicdesk.db import migrate
from clinicdesk.local_settings import LocalSettings, save_local_settings
from clinicdesk.services import audit, federation_store, files, maintenance, outreach
from clinicdesk.services.audit import AuditFilter

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")

FLU = "care-gap.influenza-vaccine"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    """The usual umask: whatever a program creates without care is readable by all."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_the_data_config_and_log_folders_are_0700(isolated_home: Path):
    for folder in (paths.data_dir(), paths.config_dir(), paths.log_dir()):
        assert mode(folder) == 0o700, folder
    # A folder an older version made readable by all is tightened when next used.
    paths.data_dir().chmod(0o755)
    assert mode(paths.data_dir()) == 0o700


def test_the_default_database_and_its_wal_and_shm_are_0600():
    db = open_database()  # the embedded default in the data folder
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM app_user"))
            path = paths.default_database_path()
            for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                assert name.exists() and mode(name) == 0o600, name
    finally:
        db.dispose()
    assert mode(paths.data_dir()) == 0o700


def test_a_database_file_named_with_db_is_created_0600(tmp_path: Path):
    path = tmp_path / "elsewhere.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    assert mode(path) == 0o600


def test_backups_are_0600(db, admin, tmp_path: Path):
    target = tmp_path / "backups" / "clinic.backup"
    target.parent.mkdir()
    maintenance.backup(db, admin, target)
    assert mode(target) == 0o600


def test_the_copy_before_an_upgrade_is_0600(tmp_path: Path):
    path = tmp_path / "clinic.sqlite3"
    db = open_database(f"sqlite:///{path}", upgrade=False)
    try:
        migrate.upgrade(db, target="0006", via_migrations=True)
    finally:
        db.dispose()
    path.chmod(0o644)  # an old database readable by all: its copy is private all the same
    open_database(f"sqlite:///{path}").dispose()
    [copy] = path.parent.glob("clinic.before-upgrade-*.sqlite3")
    assert mode(copy) == 0o600
    assert sqlite3.connect(copy).execute("SELECT version_num FROM alembic_version").fetchone()


def test_the_settings_file_is_0600():
    save_local_settings(LocalSettings(database_url="sqlite:///x.sqlite3"))
    settings = paths.config_dir() / "settings.json"
    assert mode(settings) == 0o600


def test_the_log_file_is_0600_also_after_it_rotates():
    paths.log_file().write_text("from an older version\n")
    paths.log_file().chmod(0o644)
    handler = log_file_handler()
    try:
        handler.emit(logging.LogRecord("t", logging.INFO, __file__, 1, "one", None, None))
        assert mode(paths.log_file()) == 0o600  # tightened
        handler.doRollover()
        handler.emit(logging.LogRecord("t", logging.INFO, __file__, 1, "two", None, None))
    finally:
        handler.close()
    rotated = Path(f"{paths.log_file()}.1")
    assert "one" in rotated.read_text() and "two" in paths.log_file().read_text()
    assert mode(rotated) == 0o600 and mode(paths.log_file()) == 0o600


def test_exported_pdfs_and_csvs_are_0600(db, admin, tmp_path: Path):
    with db.uow() as uow:
        federation_store.load_default_standards(uow)
        uow.commit()
    exports = tmp_path / "exports"
    exports.mkdir()
    replaced = exports / "outreach.csv"
    replaced.write_text("an older export readable by all\n")
    assert mode(replaced) == 0o644
    with db.uow() as uow:
        outreach.export_outreach(uow, admin, FLU, replaced)
        outreach.export_outreach(uow, admin, FLU, exports / "outreach.pdf")
        audit.export_csv(uow, admin, exports / "audit.csv", AuditFilter())
        uow.commit()
    files.write_file(exports / "statement.pdf", b"%PDF-1.4 ...")
    cli_write_file(exports / "cli.pdf", b"%PDF-1.4 ...")
    from clinicdesk.ui.tables import write_csv  # the GUI's table export

    write_csv(exports / "table.csv", ["a"], [["1"]])
    written = sorted(exports.iterdir())
    assert [p.name for p in written] == [
        "audit.csv",
        "cli.pdf",
        "outreach.csv",
        "outreach.pdf",
        "statement.pdf",
        "table.csv",
    ]
    assert {p.name: mode(p) for p in written} == {p.name: 0o600 for p in written}
