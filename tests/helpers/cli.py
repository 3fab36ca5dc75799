"""Run the real command line in a child process, as a person or a scheduler would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring

from clinicdesk.services.audit_key import KEYRING_SERVICE

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class CliResult:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    def __str__(self) -> str:  # what pytest shows when an assertion about it fails
        return (
            f"clinicdesk {' '.join(self.args)} -> exit {self.returncode}\n"
            f"--- stdout ---\n{self.stdout}--- stderr ---\n{self.stderr}"
        )


def audit_key_file(home: Path) -> str | None:
    """The clinic's audit key from this test's in-memory keyring, as the 0600 key file a
    headless server is given (a child process has no keyring of its own); None when the
    test's keyring holds no audit key (or several)."""
    store = getattr(keyring.get_keyring(), "store", None)
    if not isinstance(store, dict):
        return None
    keys = [text for (service, _), text in store.items() if service == KEYRING_SERVICE]
    if len(keys) != 1:
        return None
    home.mkdir(parents=True, exist_ok=True)
    path = home / "audit-key.json"
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(keys[0])
    return str(path)


def cli_env(home: Path) -> dict[str, str]:
    """The child's environment: its own CLINICDESK_HOME, no CLINICDESK_DB_URL, and the
    clinic's audit key file when the test made a keyed clinic in this process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLINICDESK_")}
    env["CLINICDESK_HOME"] = str(home)
    env["PYTHONWARNINGS"] = "error"
    key_file = audit_key_file(home)
    if key_file is not None:
        env["CLINICDESK_AUDIT_KEY_FILE"] = key_file
    return env


@dataclass(frozen=True)
class SignIn:
    """A ClinicDesk user the child signs in as: `--user NAME --password-stdin` before the
    command, the password as the first line of standard input."""

    username: str
    password: str


# The `admin` fixture's administrator (tests/conftest.py), as most CLI tests sign in.
ROOT = SignIn("root", "admin-password-1")


def run_cli(
    home: Path,
    *args: str,
    stdin: str | None = None,
    timeout: float = 60,
    env: dict[str, str] | None = None,
    preexec_fn: Callable[[], None] | None = None,
    user: SignIn | None = None,
) -> CliResult:
    """`python -m clinicdesk ARGS` with `home` as CLINICDESK_HOME (plus `env`), signed in
    as `user` when given (required on PostgreSQL for every command that reads or changes
    clinic data; on SQLite without it the command runs as the OS account)."""
    sign_in = ("--user", user.username, "--password-stdin") if user is not None else ()
    if user is not None:
        stdin = f"{user.password}\n{stdin or ''}"
    command: Sequence[str] = [sys.executable, "-m", "clinicdesk", *sign_in, *args]
    completed = subprocess.run(
        command,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        env={**cli_env(home), **(env or {})},
        cwd=REPO_ROOT,
        timeout=timeout,
        preexec_fn=preexec_fn,
        check=False,
    )
    return CliResult(tuple(args), completed.returncode, completed.stdout, completed.stderr)


def run_cli_as(user: SignIn, home: Path, *args: str, **options: Any) -> CliResult:
    """`run_cli` signed in as `user`."""
    return run_cli(home, *args, user=user, **options)
