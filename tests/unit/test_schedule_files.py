"""What `clinicdesk schedule install` writes for each scheduler: systemd units that
`systemd-analyze verify` accepts and that name this program, a cron line whose interval
and command are right, and a Task Scheduler task that is well formed."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from clinicdesk.errors import ValidationError
from clinicdesk.services import schedule

TASK_NS = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
COMMAND = schedule.SyncCommand(
    (sys.executable, "-m", "clinicdesk", "sync", "--json"),
    {"CLINICDESK_HOME": "/srv/clinic desk/100%"},
)


@pytest.mark.parametrize(
    ("minutes", "calendar"),
    [(15, "*-*-* *:07/15:00"), (60, "*-*-* 00/1:07:00"), (180, "*-*-* 00/3:07:00"),
     (1440, "*-*-* 03:07:00")],
)  # fmt: skip
def test_the_timer_runs_at_the_interval(minutes: int, calendar: str) -> None:
    timer = schedule.systemd_units(COMMAND, minutes, offset=7)["clinicdesk-sync.timer"]
    assert f"OnCalendar={calendar}" in timer.splitlines()
    assert "Persistent=true" in timer.splitlines()


def test_the_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    assert analyze is not None, ".ci/run installs systemd for systemd-analyze"
    for name, text in schedule.systemd_units(COMMAND, 30, offset=5).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    service = (tmp_path / "clinicdesk-sync.service").read_text(encoding="utf-8")
    # This Python, -m clinicdesk; the folder with a space quoted and % doubled for systemd.
    assert f"ExecStart={sys.executable} -m clinicdesk sync --json" in service
    assert 'Environment="CLINICDESK_HOME=/srv/clinic desk/100%%"' in service
    done = subprocess.run(
        [analyze, "verify", "clinicdesk-sync.service", "clinicdesk-sync.timer"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("minutes", "when"),
    [(20, "7-59/20 * * * *"), (120, "7 */2 * * *"), (1440, "7 3 * * *")],
)
def test_the_cron_line_runs_at_the_interval(minutes: int, when: str) -> None:
    line = schedule.cron_line(COMMAND, minutes, offset=7)
    assert line.startswith(when + " /bin/sh -c ")
    assert line.endswith(schedule.CRON_MARK)
    # cron turns a bare % into a newline: the one in the folder name is escaped.
    assert "100\\%" in line and "100%" not in line.replace("100\\%", "")
    assert f"{sys.executable} -m clinicdesk sync --json" in line


def test_the_task_is_well_formed_and_repeats_at_the_interval() -> None:
    task = ET.fromstring(schedule.task_xml(COMMAND, 30, offset=4).split("\n", 1)[1])
    find = lambda path: task.findtext(path, namespaces=TASK_NS)  # noqa: E731
    assert find("t:Triggers/t:CalendarTrigger/t:Repetition/t:Interval") == "PT30M"
    assert find("t:Triggers/t:CalendarTrigger/t:StartBoundary") == "2025-01-01T00:04:00"
    assert find("t:Principals/t:Principal/t:LogonType") == "InteractiveToken"
    assert find("t:Settings/t:MultipleInstancesPolicy") == "IgnoreNew"
    # CLINICDESK_HOME is set by cmd.exe before the program runs.
    assert find("t:Actions/t:Exec/t:Command") == "cmd.exe"
    arguments = find("t:Actions/t:Exec/t:Arguments") or ""
    assert "set CLINICDESK_HOME=/srv/clinic desk/100%&&" in arguments
    assert "-m clinicdesk sync --json" in arguments
    daily = ET.fromstring(schedule.task_xml(COMMAND, 1440).split("\n", 1)[1])
    assert daily.find("t:Triggers/t:CalendarTrigger/t:Repetition", TASK_NS) is None


@pytest.mark.parametrize("minutes", [0, 7, 45, 90, 2880])
def test_an_interval_every_scheduler_cannot_keep_is_refused(minutes: int) -> None:
    with pytest.raises(ValidationError, match="Choose one of 15, 20, 30"):
        schedule.check_interval(minutes)


def test_a_database_address_with_a_password_stays_out_of_the_scheduler() -> None:
    with pytest.raises(ValidationError, match="holds a password") as refused:
        schedule.sync_command("postgresql+psycopg://clinic:secret@db.local/clinic")
    assert "CLINICDESK_DB_URL" in (refused.value.hint or "")
    named = schedule.sync_command("postgresql+psycopg://clinic@db.local/clinic")
    assert named.argv[-4:] == (
        "--db",
        "postgresql+psycopg://clinic@db.local/clinic",
        "sync",
        "--json",
    )
