"""The GUI through its real doors, in child processes: `clinicdesk self-test`,
`clinicdesk --demo` and `clinicdesk --db URL` with the start-up benchmark's exit hook."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from clinicdesk.ui.launch import SHOWN_MARKER

pytestmark = pytest.mark.gui

REPO_ROOT = Path(__file__).resolve().parents[2]


def child_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLINICDESK_")}
    env["CLINICDESK_HOME"] = str(tmp_path / "home")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["TMPDIR"] = str(tmp_path / "tmp")
    (tmp_path / "tmp").mkdir()
    env.update(extra)
    return env


def run(
    args: list[str], env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clinicdesk", *args],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
    )


def test_self_test_passes(tmp_path: Path):
    result = run(["self-test"], child_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("self-test: passed")
    assert all(line.startswith("self-test: ok") for line in lines[:-1])
    for step in ("sign in as admin", "open area “Admin”", "lock", "unlock", "sign out"):
        assert any(step in line for line in lines), step
    assert "Traceback" not in result.stderr
    # The self-test's clinic lived in a temporary folder, now gone.
    assert list((tmp_path / "tmp").iterdir()) == []


def test_demo_shows_the_main_window_and_exits_when_asked(tmp_path: Path):
    result = run(["--demo"], child_env(tmp_path, CLINICDESK_EXIT_WHEN_SHOWN="1"))

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [SHOWN_MARKER]
    assert "Traceback" not in result.stderr
    # The throw-away demo folder is removed on exit; the log file stays.
    assert list((tmp_path / "tmp").iterdir()) == []
    log = (tmp_path / "home" / "logs" / "clinicdesk.log").read_text(encoding="utf-8")
    assert "ClinicDesk" in log and " ERROR " not in log


def test_a_kept_demo_clinic_opens_signed_in_and_a_real_one_is_refused(tmp_path: Path):
    env = child_env(tmp_path, CLINICDESK_EXIT_WHEN_SHOWN="1")
    demo_url = f"sqlite:///{tmp_path / 'kept-demo.sqlite3'}"
    made = run(["demo", "create", "--db", demo_url, "--patients", "20"], env)
    assert made.returncode == 0, made.stdout + made.stderr

    opened = run(["--demo", "--db", demo_url], env)
    assert opened.returncode == 0, opened.stdout + opened.stderr
    assert opened.stdout.splitlines() == [SHOWN_MARKER]
    assert (tmp_path / "kept-demo.sqlite3").exists()  # kept: it was not a throw-away

    real_url = f"sqlite:///{tmp_path / 'real.sqlite3'}"
    init = run(
        ["init", "--db", real_url, "--clinic-name", "Real Co-op", "--admin", "root",
         "--password-stdin"],
        env,
        stdin="a-long-password-1\n",
    )  # fmt: skip
    assert init.returncode == 0, init.stdout + init.stderr
    refused = run(["--demo", "--db", real_url], env)
    assert refused.returncode != 0
    assert "opens only a demo clinic" in refused.stderr
    assert SHOWN_MARKER not in refused.stdout


def test_self_test_on_xcb_names_missing_libraries_or_the_missing_display(tmp_path: Path):
    """The real check on this machine: whatever `ldd` says is missing is named with the
    apt command; with every library present and no display, it says there is none. Either
    way Qt is never started (no "could not load the Qt platform plugin" abort)."""
    from clinicdesk.ui import platform_libs

    env = child_env(tmp_path)
    env.pop("DISPLAY", None)
    env.pop("QT_QPA_PLATFORM", None)
    result = run(["self-test", "--platform", "xcb"], env)
    check = platform_libs.check_platform("xcb")
    assert result.returncode == 6, result.stdout + result.stderr
    assert "Qt platform plugin" not in result.stderr
    if check.missing:
        for soname in check.missing:
            assert f"  {soname}\n" in result.stderr
        family = platform_libs.os_family()
        assert platform_libs.install_command(check.missing, family) in result.stderr
    else:
        assert "finds every library it needs" in result.stdout
        assert "no X display" in result.stderr and "xvfb-run" in result.stderr


# What the first frame must not wait for (DESIGN §9): the storage layer, the schema
# tool, the federation's data classes, the icon font.
HEAVY = ("sqlalchemy", "alembic", "pydantic", "qtawesome")

# The real program (`python -m clinicdesk` runs the same main) that also prints, when it
# exits, which modules it had loaded: with the marker it exits as soon as the first
# window has been painted, so that is what the first frame imported.
_MODULES_AT_EXIT = """
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted(sys.modules)), flush=True))
from clinicdesk.cli import main
sys.exit(main(sys.argv[1:]))
"""


def loaded_at_first_frame(args: list[str], env: dict[str, str]) -> tuple[list[str], set[str]]:
    result = subprocess.run(
        [sys.executable, "-c", _MODULES_AT_EXIT, *args],
        env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    *lines, modules = result.stdout.splitlines()
    return lines, set(json.loads(modules))


def test_the_sign_in_dialog_is_painted_before_the_heavy_modules_are_imported(tmp_path: Path):
    env = child_env(tmp_path, CLINICDESK_EXIT_WHEN_SHOWN="1")
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    init = run(
        ["init", "--db", url, "--clinic-name", "Real Co-op", "--admin", "root",
         "--password-stdin"],
        env,
        stdin="a-long-password-1\n",
    )  # fmt: skip
    assert init.returncode == 0, init.stdout + init.stderr

    lines, modules = loaded_at_first_frame(["--db", url], env)

    assert lines == [SHOWN_MARKER]
    assert "clinicdesk.ui.signin" in modules  # the sign-in dialog was what was shown
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert heavy == []
    # Nor the window, the areas, the services or the command table.
    ours = {m for m in modules if m.startswith("clinicdesk.")}
    assert not {m for m in ours if m.startswith(("clinicdesk.services", "clinicdesk.ui.today"))}
    assert not ours & {
        "clinicdesk.ui.main_window",
        "clinicdesk.ui.application",
        "clinicdesk.cli.users",
    }


def test_a_new_database_takes_the_full_start_to_the_first_run_dialog(tmp_path: Path):
    """No clinic yet: the full path makes the schema and shows the first-run dialog, and
    the marker still says when that first window was painted."""
    env = child_env(tmp_path, CLINICDESK_EXIT_WHEN_SHOWN="1")
    path = tmp_path / "new.sqlite3"

    lines, modules = loaded_at_first_frame(["--db", f"sqlite:///{path}"], env)

    assert lines == [SHOWN_MARKER]
    assert "clinicdesk.ui.first_run" in modules and "sqlalchemy" in modules
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)


def test_what_the_start_imports_on_a_worker_thread_has_no_qt(tmp_path: Path):
    """ui/launch.py imports these off the UI thread while the person types: Qt objects
    must never be made there, so none of them may import Qt."""
    from clinicdesk.ui.launch import BACKGROUND_MODULES

    script = (
        "import importlib, sys\n"
        "for name in sys.argv[1:]: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *BACKGROUND_MODULES],
        env=child_env(tmp_path), cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
