"""`clinicdesk schedule`: the scheduled sync registered with this computer's own scheduler.

Three schedulers, one per kind of computer, each run as the account that runs ClinicDesk
(never root or an administrator): a systemd *user* timer (Linux with a user session
manager), a crontab line (Linux or Unix without one) and a Task Scheduler task
(Windows). Each runs `clinicdesk sync --json` every so many minutes; the API key comes
from the account's keyring or from `CLINICDESK_FEDERATION_API_KEY` in the account's
`federation.env` (installer/README.md), which this module reads the path of but never
writes: it holds a secret.

The files it writes are generated here, not copied from installer/scheduler/, because
they name this computer's program and folders; those templates stay for an IT volunteer
who installs by hand.
"""

from __future__ import annotations

import os
import random
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from clinicdesk.errors import ConfigurationError, ValidationError
from clinicdesk.i18n import _
from clinicdesk.paths import PRIVATE_FILE_MODE, config_dir, log_dir

# Minutes a sync may be apart: divisors of an hour or of a day, so that every scheduler
# can say "every N minutes" the same way (cron's */N and systemd's calendar steps only
# repeat evenly on those).
INTERVALS = (15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440)
DEFAULT_INTERVAL = 180
UNIT = "clinicdesk-sync"
CRON_MARK = "# clinicdesk-sync: clinicdesk schedule"
TASK_NAME = "\\ClinicDesk\\Federation sync"
KINDS = ("systemd", "cron", "task-scheduler")
_SCHEDULER_TIMEOUT = 60


@dataclass(frozen=True)
class SyncCommand:
    """What the scheduler runs: the program with its arguments, and the variables it
    needs set (never a secret)."""

    argv: tuple[str, ...]
    environment: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ScheduleStatus:
    kind: str
    installed: bool
    every_minutes: int | None = None
    command: str | None = None
    where: str | None = None
    last_run: str | None = None
    next_run: str | None = None
    env_file: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "installed": self.installed,
            "every_minutes": self.every_minutes,
            "command": self.command,
            "where": self.where,
            "last_run": self.last_run,
            "next_run": self.next_run,
            "env_file": self.env_file,
        }


def check_interval(minutes: int) -> int:
    if minutes not in INTERVALS:
        raise ValidationError(
            _("A sync every {minutes} minutes cannot be scheduled the same way everywhere.").format(
                minutes=minutes
            ),
            hint=_("Choose one of {intervals} minutes.").format(
                intervals=", ".join(str(m) for m in INTERVALS)
            ),
        )
    return minutes


def env_file() -> Path:
    """Where a scheduled run finds CLINICDESK_FEDERATION_API_KEY (and CLINICDESK_TOKEN,
    CLINICDESK_DB_URL) when no keyring is open to it; the person writes it, mode 0600."""
    return config_dir() / "federation.env"


def sync_log() -> Path:
    """Where the cron line appends each run's JSON report (systemd keeps it in the journal,
    Task Scheduler in its history)."""
    return log_dir() / "sync.log"


def sync_command(db_url: str | None = None) -> SyncCommand:
    """This program's sync: the frozen executable, or this Python with `-m clinicdesk`.
    CLINICDESK_HOME goes along (a portable install keeps everything under it); a database
    address given here goes on the command line, unless it holds a password."""
    program = (
        (sys.executable,) if getattr(sys, "frozen", False) else (sys.executable, "-m", "clinicdesk")
    )
    argv: tuple[str, ...] = (*program, "sync", "--json")
    if db_url:
        if re.match(r"^[a-z0-9+]+://[^/@]*:[^/@]*@", db_url):
            raise ValidationError(
                _(
                    "The database address holds a password, which a scheduler's file would keep "
                    "in plain text."
                ),
                hint=_(
                    "Put CLINICDESK_DB_URL=… in {path} (mode 0600) and schedule without --db."
                ).format(path=env_file()),
            )
        argv = (*program, "--db", db_url, "sync", "--json")
    environment = {}
    home = os.environ.get("CLINICDESK_HOME")
    if home:
        environment["CLINICDESK_HOME"] = str(Path(home).resolve())
    return SyncCommand(argv, environment)


def detect() -> str:
    """The scheduler of this computer: Task Scheduler on Windows, the systemd user manager
    where one answers, else cron."""
    if os.name == "nt":
        return "task-scheduler"
    if (
        shutil.which("systemctl")
        and _run(["systemctl", "--user", "show-environment"]).returncode == 0
    ):
        return "systemd"
    if shutil.which("crontab"):
        return "cron"
    raise ConfigurationError(
        _("This computer has neither a systemd user session nor cron to run a scheduled sync."),
        hint=_(
            "Install cron (Debian: apt install cron), or run `clinicdesk sync` from the "
            "scheduler you use; installer/README.md shows the line."
        ),
    )


def install(kind: str, command: SyncCommand, minutes: int) -> ScheduleStatus:
    check_interval(minutes)
    _scheduler(kind).install(command, minutes)
    return status(kind)


def remove(kind: str) -> bool:
    """Take the scheduled sync out; False when there was none."""
    return _scheduler(kind).remove()


def status(kind: str) -> ScheduleStatus:
    return _scheduler(kind).status()


@dataclass(frozen=True)
class _Scheduler:
    install: Callable[[SyncCommand, int], None]
    remove: Callable[[], bool]
    status: Callable[[], ScheduleStatus]


def _scheduler(kind: str) -> _Scheduler:
    schedulers = {
        "systemd": _Scheduler(_install_systemd, _remove_systemd, _systemd_status),
        "cron": _Scheduler(_install_cron, _remove_cron, _cron_status),
        "task-scheduler": _Scheduler(_install_task, _remove_task, _task_status),
    }
    if kind not in schedulers:
        raise ValidationError(
            _("Unknown scheduler “{kind}”.").format(kind=kind),
            hint=_("One of {kinds}.").format(kinds=", ".join(KINDS)),
        )
    return schedulers[kind]


# --- generated files ----------------------------------------------------------------------


def _spread(minutes: int) -> int:
    """A minute within the interval (at most the hour) for this computer's runs, so that
    the federation's clinics do not all call the hub at the same second."""
    return random.randrange(min(minutes, 60))


def systemd_units(command: SyncCommand, minutes: int, *, offset: int = 0) -> dict[str, str]:
    """The service and timer files, by name."""
    check_interval(minutes)
    if minutes < 60:
        calendar = f"*-*-* *:{offset % minutes:02d}/{minutes}:00"
    elif minutes < 1440:
        calendar = f"*-*-* 00/{minutes // 60}:{offset:02d}:00"
    else:
        calendar = f"*-*-* 03:{offset:02d}:00"
    environment = "".join(
        f"Environment={_systemd_quote(f'{name}={value}')}\n"
        for name, value in sorted(command.environment.items())
    )
    service = (
        "# Written by `clinicdesk schedule install`; `clinicdesk schedule remove` takes it out.\n"
        "[Unit]\n"
        "Description=ClinicDesk: sync with the federation hub\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"EnvironmentFile=-{_systemd_escape(str(env_file()))}\n"
        f"{environment}"
        f"ExecStart={' '.join(_systemd_quote(a) for a in command.argv)}\n"
        "# 2: the run worked but items are still pending or stopped (see installer/README.md)\n"
        "SuccessExitStatus=2\n"
        "Nice=10\n"
        "IOSchedulingClass=idle\n"
        "TimeoutStartSec=1h\n"
    )
    timer = (
        "# Written by `clinicdesk schedule install`.\n"
        "[Unit]\n"
        f"Description=ClinicDesk: sync with the federation hub every {minutes} minutes\n\n"
        "[Timer]\n"
        f"OnCalendar={calendar}\n"
        f"RandomizedDelaySec={max(1, min(10, minutes // 3))}min\n"
        "Persistent=true\n"
        f"Unit={UNIT}.service\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return {f"{UNIT}.service": service, f"{UNIT}.timer": timer}


def cron_line(command: SyncCommand, minutes: int, *, offset: int = 0) -> str:
    """One crontab line: the environment file read if there is one, the report appended
    to sync_log(), and CRON_MARK at the end so that the line can be found again."""
    check_interval(minutes)
    if minutes < 60:
        when = f"{offset % minutes}-59/{minutes} * * * *"
    elif minutes < 1440:
        when = f"{offset} */{minutes // 60} * * *"
    else:
        when = f"{offset} 3 * * *"
    env = shlex.quote(str(env_file()))
    log = shlex.quote(str(sync_log()))
    exports = "".join(
        f"{name}={shlex.quote(value)} " for name, value in sorted(command.environment.items())
    )
    # umask 077: the report file and whatever the run creates are the account's alone.
    script = (
        f"umask 077; set -a; [ -r {env} ] && . {env}; set +a; "
        f"{exports}exec {' '.join(shlex.quote(a) for a in command.argv)} >>{log} 2>&1"
    )
    # cron gives % a meaning of its own (a newline); the command holds none but a path might.
    return f"{when} /bin/sh -c {shlex.quote(script).replace('%', chr(92) + '%')} {CRON_MARK}"


def task_xml(command: SyncCommand, minutes: int, *, offset: int = 0) -> str:
    """A Task Scheduler task for the signed-in account (InteractiveToken: it runs while the
    person is logged on, with their Credential Manager, where the API key is)."""
    check_interval(minutes)
    program, *arguments = command.argv
    repetition = (
        f"      <Repetition>\n        <Interval>PT{minutes}M</Interval>\n"
        "        <Duration>P1D</Duration>\n"
        "        <StopAtDurationEnd>false</StopAtDurationEnd>\n      </Repetition>\n"
        if minutes < 1440
        else ""
    )
    variables = "".join(f"set {name}={value}&& " for name, value in command.environment.items())
    if variables:  # cmd.exe sets them, then runs the program
        arguments = ["/c", f"{variables}{subprocess.list2cmdline([program, *arguments])}"]
        program = "cmd.exe"
    return (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">\n'
        "  <RegistrationInfo>\n    <Author>ClinicDesk</Author>\n"
        "    <Description>ClinicDesk: sync with the federation hub "
        f"(clinicdesk schedule, every {minutes} minutes).</Description>\n"
        f"    <URI>{escape(TASK_NAME)}</URI>\n  </RegistrationInfo>\n"
        "  <Triggers>\n    <CalendarTrigger>\n"
        f"      <StartBoundary>2025-01-01T{3 if minutes >= 1440 else 0:02d}:{offset:02d}:00"
        "</StartBoundary>\n"
        "      <Enabled>true</Enabled>\n      <RandomDelay>PT10M</RandomDelay>\n"
        f"{repetition}"
        "      <ScheduleByDay>\n        <DaysInterval>1</DaysInterval>\n      </ScheduleByDay>\n"
        "    </CalendarTrigger>\n  </Triggers>\n"
        '  <Principals>\n    <Principal id="Author">\n'
        "      <LogonType>InteractiveToken</LogonType>\n"
        "      <RunLevel>LeastPrivilege</RunLevel>\n    </Principal>\n  </Principals>\n"
        "  <Settings>\n"
        "    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>\n"
        "    <StartWhenAvailable>true</StartWhenAvailable>\n"
        "    <RunOnlyIfNetworkAvailable>true</RunOnlyIfNetworkAvailable>\n"
        "    <ExecutionTimeLimit>PT1H</ExecutionTimeLimit>\n"
        "    <Priority>7</Priority>\n  </Settings>\n"
        '  <Actions Context="Author">\n    <Exec>\n'
        f"      <Command>{escape(program)}</Command>\n"
        f"      <Arguments>{escape(subprocess.list2cmdline(arguments))}</Arguments>\n"
        "    </Exec>\n  </Actions>\n</Task>\n"
    )


def _systemd_escape(text: str) -> str:
    return text.replace("%", "%%")


def _systemd_quote(text: str) -> str:
    """One word of a systemd command line or Environment= setting."""
    text = _systemd_escape(text)
    if re.fullmatch(r"[A-Za-z0-9_./:=+@,-]+", text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- the schedulers -----------------------------------------------------------------------


def _run(argv: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            argv, input=stdin, capture_output=True, text=True, timeout=_SCHEDULER_TIMEOUT
        )
    except FileNotFoundError:
        raise ConfigurationError(
            _("This computer has no {program}.").format(program=argv[0])
        ) from None
    except subprocess.TimeoutExpired:
        raise ConfigurationError(
            _("{program} did not answer within a minute.").format(program=argv[0])
        ) from None


def _checked(argv: list[str], stdin: str | None = None) -> str:
    done = _run(argv, stdin)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip() or f"exit code {done.returncode}"
        raise ConfigurationError(
            _("`{argv}` failed: {said}").format(argv=" ".join(argv), said=said)
        )
    return done.stdout


def _systemd_folder() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def _install_systemd(command: SyncCommand, minutes: int) -> None:
    folder = _systemd_folder()
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in systemd_units(command, minutes, offset=_spread(minutes)).items():
        (folder / name).write_text(text, encoding="utf-8")
    _checked(["systemctl", "--user", "daemon-reload"])
    _checked(["systemctl", "--user", "enable", "--now", f"{UNIT}.timer"])


def _remove_systemd() -> bool:
    folder = _systemd_folder()
    files = [folder / f"{UNIT}.service", folder / f"{UNIT}.timer"]
    if not any(f.exists() for f in files):
        return False
    _run(["systemctl", "--user", "disable", "--now", f"{UNIT}.timer"])
    for f in files:
        f.unlink(missing_ok=True)
    _checked(["systemctl", "--user", "daemon-reload"])
    return True


def _systemd_status() -> ScheduleStatus:
    timer = _systemd_folder() / f"{UNIT}.timer"
    if not timer.exists():
        return ScheduleStatus("systemd", False, env_file=str(env_file()))
    text = timer.read_text(encoding="utf-8")
    every = re.search(r"every (\d+) minutes", text)
    shown = _run(
        ["systemctl", "--user", "show", f"{UNIT}.timer", "-p", "NextElapseUSecRealtime",
         "-p", "LastTriggerUSec"]
    )  # fmt: skip
    values = dict(line.split("=", 1) for line in shown.stdout.splitlines() if "=" in line)
    service = (_systemd_folder() / f"{UNIT}.service").read_text(encoding="utf-8")
    exec_line = re.search(r"^ExecStart=(.*)$", service, re.MULTILINE)
    return ScheduleStatus(
        "systemd",
        True,
        every_minutes=int(every[1]) if every else None,
        command=exec_line[1] if exec_line else None,
        where=str(timer),
        last_run=values.get("LastTriggerUSec") or None,
        next_run=values.get("NextElapseUSecRealtime") or None,
        env_file=str(env_file()),
    )


def _crontab() -> list[str]:
    done = _run(["crontab", "-l"])
    if done.returncode != 0:
        if "no crontab" in done.stderr.lower():
            return []
        raise ConfigurationError(
            _("`crontab -l` failed: {error}").format(error=done.stderr.strip())
        )
    return done.stdout.splitlines()


def _install_cron(command: SyncCommand, minutes: int) -> None:
    log = sync_log()  # its folder is made private; the file too, before cron appends to it
    os.close(os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE_MODE))
    if os.name == "posix":
        log.chmod(PRIVATE_FILE_MODE)
    kept = [line for line in _crontab() if not line.endswith(CRON_MARK)]
    line = cron_line(command, minutes, offset=_spread(minutes))
    _checked(["crontab", "-"], "\n".join([*kept, line]) + "\n")


def _remove_cron() -> bool:
    lines = _crontab()
    kept = [line for line in lines if not line.endswith(CRON_MARK)]
    if len(kept) == len(lines):
        return False
    _checked(["crontab", "-"], "\n".join(kept) + "\n" if kept else "")
    return True


def _cron_status() -> ScheduleStatus:
    ours = [line for line in _crontab() if line.endswith(CRON_MARK)]
    if not ours:
        return ScheduleStatus("cron", False, env_file=str(env_file()))
    line = ours[-1]
    fields = line.split(maxsplit=5)
    minute, hour = fields[0], fields[1]
    if "/" in minute:
        every = int(minute.split("/")[1])
    elif hour.startswith("*/"):
        every = int(hour[2:]) * 60
    else:
        every = 1440
    return ScheduleStatus(
        "cron",
        True,
        every_minutes=every,
        command=line,
        where="crontab",
        last_run=_last_line(sync_log()),
        env_file=str(env_file()),
    )


def _last_line(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 4096))
            lines = handle.read().decode("utf-8", "replace").strip().splitlines()
    except FileNotFoundError:
        return None
    return lines[-1] if lines else None


def _task_file() -> Path:
    return config_dir() / f"{UNIT}.xml"


def _install_task(command: SyncCommand, minutes: int) -> None:
    path = _task_file()
    path.write_text(task_xml(command, minutes, offset=_spread(minutes)), encoding="utf-16")
    _checked(["schtasks", "/Create", "/XML", str(path), "/TN", TASK_NAME, "/F"])


def _remove_task() -> bool:
    if _run(["schtasks", "/Query", "/TN", TASK_NAME]).returncode != 0:
        return False
    _checked(["schtasks", "/Delete", "/TN", TASK_NAME, "/F"])
    _task_file().unlink(missing_ok=True)
    return True


def _task_status() -> ScheduleStatus:
    done = _run(["schtasks", "/Query", "/TN", TASK_NAME, "/FO", "LIST", "/V"])
    if done.returncode != 0:
        return ScheduleStatus("task-scheduler", False, env_file=str(env_file()))
    values = dict(
        (k.strip(), v.strip())
        for k, _, v in (line.partition(":") for line in done.stdout.splitlines())
    )
    every = None
    if _task_file().exists():
        found = re.search(r"PT(\d+)M", _task_file().read_text(encoding="utf-16"))
        every = int(found[1]) if found else 1440
    return ScheduleStatus(
        "task-scheduler",
        True,
        every_minutes=every,
        command=values.get("Task To Run"),
        where=TASK_NAME,
        last_run=values.get("Last Run Time"),
        next_run=values.get("Next Run Time"),
        env_file=str(env_file()),
    )
