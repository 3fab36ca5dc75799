"""The hub stays out of the desktop program's way: it never imports Qt, and its command
group can be registered without FastAPI or uvicorn (the optional extra `hub`)."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers.hub import REPO_ROOT, hub_env

PROBE = """
import sys
import clinicdesk.hub.cli
light = {"fastapi", "uvicorn", "starlette"} & set(sys.modules)
import clinicdesk.hub.app, clinicdesk.hub.service, clinicdesk.hub.db
clinicdesk.hub.app.create_app(None).openapi()
qt = {m for m in sys.modules if m.startswith(("PySide6", "shiboken6", "clinicdesk.ui"))}
print(sorted(light), sorted(qt))
"""


def test_no_qt_and_no_server_packages_until_needed() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        env=hub_env(),
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[] []"
