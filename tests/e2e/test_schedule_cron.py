"""`clinicdesk schedule` on this Linux computer, which has cron and no systemd user
session: install writes one line into the account's real crontab (keeping every other
line), status reads it back, the line itself — run as cron runs it, with a bare
environment — syncs with a real hub using the key from the account's federation.env, and
remove takes the line out again. The account's crontab is restored afterwards."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from clinicdesk.app import open_database
from clinicdesk.services import federation_link, setup
from clinicdesk.services.schedule import CRON_MARK
from tests.helpers.cli import CliResult, run_cli
from tests.helpers.hub import HubProcess
from tests.helpers.hub_fixtures import Member

NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
SOMEONE_ELSES = ["# the account's own line", "0 1 * * * true"]


def _crontab() -> list[str]:
    done = subprocess.run(["crontab", "-l"], capture_output=True, text=True, check=False)
    return done.stdout.splitlines() if done.returncode == 0 else []


@pytest.fixture
def crontab() -> Iterator[None]:
    """The account's crontab with two lines of its own; put back as it was afterwards."""
    assert shutil.which("crontab"), ".ci/run installs cron for crontab"
    before = subprocess.run(["crontab", "-l"], capture_output=True, text=True, check=False)
    subprocess.run(["crontab", "-"], input="\n".join(SOMEONE_ELSES) + "\n", text=True, check=True)
    try:
        yield
    finally:
        if before.returncode == 0:
            subprocess.run(["crontab", "-"], input=before.stdout, text=True, check=True)
        else:
            subprocess.run(["crontab", "-r"], capture_output=True, check=False)


def _schedule(home: Path, *args: str) -> CliResult:
    return run_cli(home, "schedule", *args, env=NO_KEYRING)


def test_install_status_run_and_remove_with_cron(
    crontab: None, tmp_path: Path, hub: HubProcess, member: Member
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    db = open_database(url)
    try:
        with db.uow() as uow:
            admin = setup.initialise(
                uow, "Cron Clinic", "root", "Root", "pw-cron-1234", audit_key=False
            )
        with db.uow() as uow:
            federation_link.connect(uow, admin, hub.base_url, member.clinic_id)
    finally:
        db.dispose()

    assert _schedule(home, "install", "--every", "30", "--db", url).returncode == 0
    again = _schedule(home, "install", "--every", "60", "--db", url)
    assert again.returncode == 0, again
    assert "every 60 minutes (cron: crontab)" in again.stdout
    lines = _crontab()
    ours = [line for line in lines if line.endswith(CRON_MARK)]
    assert len(ours) == 1  # installing again replaced the line
    assert [line for line in lines if not line.endswith(CRON_MARK)] == SOMEONE_ELSES
    fields = ours[0].split(maxsplit=5)
    assert fields[1:5] == ["*/1", "*", "*", "*"] and 0 <= int(fields[0]) < 60

    status = _schedule(home, "status", "--json").json()
    assert (status["installed"], status["kind"], status["every_minutes"]) == (True, "cron", 60)
    assert status["last_run"] is None

    # The key where a run without a keyring finds it, as installer/README.md says.
    env_file = Path(status["env_file"])
    assert env_file == home / "config" / "federation.env"
    env_file.write_text(
        f"CLINICDESK_FEDERATION_API_KEY={member.api_key}\n"
        f"PYTHON_KEYRING_BACKEND={NO_KEYRING['PYTHON_KEYRING_BACKEND']}\n",
        encoding="utf-8",
    )
    env_file.chmod(0o600)
    # The line as cron runs it: through /bin/sh, in a bare environment.
    ran = subprocess.run(
        ["/bin/sh", "-c", fields[5]],
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ran.returncode == 0, (ran.stdout, ran.stderr, (home / "logs" / "sync.log").read_text())
    report = json.loads((home / "logs" / "sync.log").read_text(encoding="utf-8"))
    assert report["hub_reachable"] is True and report["errors"] == []
    assert report["pulled"]["standards"] > 0
    assert oct(os.stat(home / "logs" / "sync.log").st_mode & 0o777) == oct(0o600)
    log = (home / "logs" / "clinicdesk.log").read_text(encoding="utf-8")
    # (what it sent: the day's policy counts, if any policy is in force)
    assert re.search(r"sync finished with exit code 0: sent \d+, received \d+ standards", log)
    assert _schedule(home, "status", "--json").json()["last_run"] == "}"  # the report's end

    removed = _schedule(home, "remove")
    assert removed.returncode == 0 and "was removed (cron)" in removed.stdout
    assert _crontab() == SOMEONE_ELSES
    assert "No scheduled sync was installed" in _schedule(home, "remove").stdout
    assert _schedule(home, "status", "--json").json()["installed"] is False
