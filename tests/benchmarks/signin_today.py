"""signin_to_today (DESIGN §9): from the moment the sign-in dialog has accepted the
password (scrypt has said yes) until the Today screen has painted its data, on the
100,000-patient demo clinic (tests/benchmarks/panel.py makes or reuses it), against the
service calls that span makes timed alone in a fresh process: the rest of sign-in
(`auth.sign_in` less its password check, which records the session) plus
`describe_session` and `today.summary`.

Each run starts the real program (`clinicdesk --db URL`, no --demo) in a child process
whose driver, like a person, types the demo manager's name and password once the
dialog has been on screen for TYPING_MS (the start-up imports the rest of the program
meanwhile) and presses Enter. `extra` says when those imports were done (after the
dialog was shown), and the first-frame time of each run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.benchmarks.run import REPO, Metric

# A person takes about two seconds to type a user name and a password.
TYPING_MS = 2000

_APP_CHILD = r"""
import json, sys, time
started = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtTest import QTest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from clinicdesk.cli import main
from clinicdesk.domain import passwords

url, username, password, typing_ms = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
times = {}
real_verify = passwords.verify_password


def verify(candidate, stored):
    ok = real_verify(candidate, stored)
    if ok and "accepted" not in times:
        times["accepted"] = time.perf_counter()
    return ok


passwords.verify_password = verify  # services.auth calls it through the module
app = QApplication(sys.argv[:1])


class Watch(QObject):
    # The sign-in dialog's first paint, and the first paint of Today's heading once it
    # has its text (set when the summary arrives).
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            name = watched.objectName()
            window = watched.window().objectName() if hasattr(watched, "window") else ""
            if window == "signInDialog" and "shown" not in times:
                times["shown"] = time.perf_counter()
                QTimer.singleShot(typing_ms, type_in)
            elif name == "todayHeading" and watched.text() and "today" not in times:
                times["today"] = time.perf_counter()
                QTimer.singleShot(0, leave)
        return False


def type_in():
    dialog = next(w for w in app.topLevelWidgets() if w.objectName() == "signInDialog")
    QTest.keyClicks(dialog.username_edit, username)
    QTest.keyClicks(dialog.password_edit, password)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def leave():
    start = app.findChild(QObject, "quickStart")
    times["ready_ms"] = getattr(start, "ready_ms", None)
    for widget in app.topLevelWidgets():
        if widget.objectName() == "mainWindow":
            widget.confirm_close = lambda: True
            widget.close()


watch = Watch()
app.installEventFilter(watch)
code = main(["--db", url])  # the program as `clinicdesk --db URL` runs it
print(json.dumps({
    "code": code,
    "shown_ms": (times["shown"] - started) * 1000,
    "ready_ms": times.get("ready_ms"),
    "span_ms": (times["today"] - times["accepted"]) * 1000,
}))
"""

_BASELINE_CHILD = r"""
import json, sys, time
from clinicdesk.app import open_database
from clinicdesk.domain import passwords
from clinicdesk.services import auth, today
from clinicdesk.ui.signin import describe_session

url, username, password = sys.argv[1:4]
db = open_database(url, upgrade=False)
checking = []
real_verify = passwords.verify_password


def verify(candidate, stored):
    began = time.perf_counter()
    try:
        return real_verify(candidate, stored)
    finally:
        checking.append(time.perf_counter() - began)


passwords.verify_password = verify
began = time.perf_counter()
with db.uow() as uow:
    principal = auth.sign_in(uow, username, password)
describe_session(db, principal)
with db.uow() as uow:
    today.summary(uow, principal)
elapsed = time.perf_counter() - began - sum(checking)
db.dispose()
print(json.dumps({"ms": elapsed * 1000}))
"""


def signin_to_today_metric() -> Metric:
    from clinicdesk.services.demo import DEMO_MANAGER, DEMO_PASSWORD
    from tests.benchmarks import panel

    url = f"sqlite:///{panel.panel_db()}"
    home = Path(tempfile.mkdtemp(prefix="clinicdesk-bench-signin-"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CLINICDESK_HOME=str(home))
    env.pop("CLINICDESK_DB_URL", None)
    env.pop("CLINICDESK_EXIT_WHEN_SHOWN", None)
    extra: dict[str, Any] = {"typing_ms": TYPING_MS, "ready_ms": [], "shown_ms": []}

    def child(script: str, *args: str) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, "-c", script, *args],
            env=env, cwd=REPO, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"signin_to_today child failed: {done.stdout}\n{done.stderr}")
        figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return figures

    def run() -> float:
        figures = child(_APP_CHILD, url, DEMO_MANAGER, DEMO_PASSWORD, str(TYPING_MS))
        if figures["code"] != 0:
            raise RuntimeError(f"the program exited {figures['code']}")
        ready = figures["ready_ms"]
        extra["ready_ms"].append(round(ready, 1) if ready is not None else None)
        extra["shown_ms"].append(round(figures["shown_ms"], 1))
        return float(figures["span_ms"])

    def baseline() -> float:
        return float(child(_BASELINE_CHILD, url, DEMO_MANAGER, DEMO_PASSWORD)["ms"])

    metric = Metric("signin_to_today", "ms", 3.0, run, baseline)
    metric.extra = extra
    return metric
