"""The window on a server with ClinicDesk roles: the workstation starts on the gate login,
and signing in switches to the user's own login (their roles' rights on the server);
signing out goes back to the gate. PostgreSQL only; the test server uses trust
authentication, so the login's password is not checked by the server here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import text
from sqlalchemy.engine import make_url

from clinicdesk.app import open_database
from clinicdesk.db import roles as server_roles
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.passwords import ScryptCost
from clinicdesk.domain.roles import Principal
from clinicdesk.ui.application import Shell
from clinicdesk.ui.messages import MessageBridge
from clinicdesk.ui.tasks import TaskRunner
from clinicdesk.ui.ui_state import UiState
from tests.security.pg_clinic import PASSWORD, Clinic, drop_roles, new_prefix

pytestmark = pytest.mark.gui


@pytest.fixture
def backend() -> str:
    """Database roles exist only on the server: these tests run on PostgreSQL."""
    return "postgresql"


@pytest.fixture
def clinic(
    db: Database, db_url: str, admin: Principal, password_cost: ScryptCost
) -> Iterator[Clinic]:
    prefix = new_prefix()
    try:
        made = Clinic.build(db, db_url, prefix, admin, password_cost)
        try:
            yield made
        finally:
            made.close()
    finally:
        drop_roles(prefix)


def test_signing_in_switches_the_window_to_the_users_own_login(
    qtbot: Any, clinic: Clinic, tmp_path: Path
) -> None:
    shown: list[str] = []
    bugs: list[Any] = []
    messages = MessageBridge()
    messages.show_box = lambda _parent, _icon, title, text: shown.append(f"{title}: {text}")
    runner = TaskRunner(messages.error, bugs.append)
    ui_state = UiState(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    gate_url = make_url(clinic.url).set(username=server_roles.gate_name(clinic.prefix))
    gate = open_database(gate_url.render_as_string(hide_password=False), password_cost=clinic.cost)
    shell = Shell(messages=messages, runner=runner, ui_state=ui_state, lock_timeout_ms=0)
    try:
        shell.start(gate)
        dialog = shell.sign_in_dialog
        assert dialog is not None and dialog.isVisible(), shown
        qtbot.keyClicks(dialog.username_edit, "dr.ada")
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: shell.window is not None and shell.window.isVisible())
        window = shell.window
        assert window is not None
        login = server_roles.login_name(clinic.prefix, "dr.ada")
        assert window.ctx.db is not gate and window.ctx.db.url.username == login
        qtbot.waitUntil(lambda: not runner.busy)
        with qtbot.waitSignal(shell.signed_out):
            window.sign_out_action.trigger()
        qtbot.waitUntil(lambda: not runner.busy)
        assert shell.db is gate
        assert shell.sign_in_dialog is not None and shell.sign_in_dialog.isVisible()
    finally:
        shell.shutdown()
        runner.cancel_all()
        runner.wait_for_all()
        gate.dispose()
    assert shown == [] and bugs == []
    with clinic.owner.engine.connect() as conn:
        actions = conn.execute(
            text("SELECT action FROM audit_event WHERE actor_name = 'dr.ada' ORDER BY seq")
        ).scalars()
        assert list(actions) == ["auth.sign_in", "auth.sign_out"]
