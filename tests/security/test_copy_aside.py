"""The copy a SQLite database gets before an upgrade: a failure while copying (a full
disk) leaves no empty or half copy that could later be taken for a good one, and the
database is unchanged; old copies are pruned to the newest five. (PostgreSQL upgrades
run in one transaction and make no copy.)"""

from __future__ import annotations

import errno
import hashlib
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from clinicdesk.app import open_database
from clinicdesk.db import migrate
from clinicdesk.errors import StorageError

OLD = "0006"


def old_database(path: Path) -> Path:
    """A SQLite file at schema 0006, as the release before this one left it."""
    db = open_database(f"sqlite:///{path}", upgrade=False)
    try:
        migrate.upgrade(db, target=OLD, via_migrations=True)
    finally:
        db.dispose()
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "before-upgrade" in p.name)


def revision(path: Path) -> str | None:
    db = open_database(f"sqlite:///{path}", upgrade=False)
    try:
        return migrate.status(db).current
    finally:
        db.dispose()


@pytest.mark.skipif(os.name != "posix", reason="file size limits are POSIX")
def test_a_full_disk_during_the_copy_leaves_no_file_and_the_database_as_it_was(
    tmp_path: Path,
):
    path = old_database(tmp_path / "clinic.sqlite3")
    before = digest(path)
    assert path.stat().st_size > 128 * 1024

    def small_disk() -> None:
        # A real write failure: the process may not write any file past 64 KiB (EFBIG,
        # as a full disk fails a write), so the copy breaks off half way.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    result = subprocess.run(
        [sys.executable, "-m", "clinicdesk", "db", "upgrade", "--db", f"sqlite:///{path}"],
        preexec_fn=small_disk,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 5, result.stderr
    assert "Could not copy the database aside" in result.stderr
    assert "The database was not changed" in result.stderr
    assert leftovers(tmp_path) == []  # no 0-byte, no partial copy
    assert digest(path) == before
    assert revision(path) == OLD


def test_a_copy_that_fails_half_way_is_removed(tmp_path: Path, monkeypatch):
    path = old_database(tmp_path / "clinic.sqlite3")
    real_backup = migrate.backup_sqlite_file

    def backup_then_disk_full(source: Path, destination: Path) -> None:
        real_backup(source, destination)
        with destination.open("r+b") as handle:  # half the pages are there
            handle.truncate(destination.stat().st_size // 2)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(migrate, "backup_sqlite_file", backup_then_disk_full)
    with pytest.raises(StorageError) as refused:
        open_database(f"sqlite:///{path}")
    assert "No space left on device" in refused.value.message
    assert leftovers(tmp_path) == []
    assert revision(path) == OLD


def test_old_copies_are_pruned_to_the_newest_five(tmp_path: Path):
    path = old_database(tmp_path / "clinic.sqlite3")
    older = [tmp_path / f"clinic.before-upgrade-2026010{day}-120000.sqlite3" for day in range(1, 8)]
    for copy in older:
        copy.write_bytes(b"an older copy")
    killed = tmp_path / ".clinic.before-upgrade-20260108-120000.sqlite3.partial"
    killed.write_bytes(b"half a copy left by a killed program")
    other = tmp_path / "other.before-upgrade-20200101-000000.sqlite3"  # another database's
    other.write_bytes(b"not ours")

    open_database(f"sqlite:///{path}").dispose()

    assert revision(path) == migrate.MODELS_REVISION
    kept = leftovers(tmp_path)
    assert len([name for name in kept if name.startswith("clinic.")]) == 5
    assert [p.name for p in older[3:]] == kept[:4]  # the newest four older ones
    newest = tmp_path / kept[4]
    assert newest.name.startswith("clinic.before-upgrade-") and newest not in older
    assert revision(newest) == OLD  # the new copy is the database before the upgrade
    assert not killed.exists()
    assert other.exists()
