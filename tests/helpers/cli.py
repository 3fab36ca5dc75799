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


def cli_env(home: Path) -> dict[str, str]:
    """The child's environment: its own CLINICDESK_HOME and no CLINICDESK_DB_URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLINICDESK_")}
    env["CLINICDESK_HOME"] = str(home)
    env["PYTHONWARNINGS"] = "error"
    return env


def run_cli(
    home: Path,
    *args: str,
    stdin: str | None = None,
    timeout: float = 60,
    env: dict[str, str] | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> CliResult:
    """`python -m clinicdesk ARGS` with `home` as CLINICDESK_HOME (plus `env`)."""
    command: Sequence[str] = [sys.executable, "-m", "clinicdesk", *args]
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
