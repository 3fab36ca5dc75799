"""Every control a person can reach has a name a screen reader announces, and every
input and view says what it is for — for each role, in each area and each of its tabs,
on the demo clinic (full of data, so every list and chart is shown)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QTabWidget

from clinicdesk.app import open_database
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.services import demo, users
from tests.gui.a11y import missing_names

pytestmark = [pytest.mark.gui, pytest.mark.slow]

ROLES = ("admin", "manager", "clinician", "front_desk")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    folder: Path = tmp_path_factory.mktemp("a11y")
    database = open_database(f"sqlite:///{folder / 'demo.sqlite3'}")
    with database.uow() as uow:
        demo.create(uow, seed=1, patients=40)
    try:
        yield database
    finally:
        database.dispose()


def demo_principal(db: Database, role: str) -> Principal:
    """A demo account that has exactly `role` (the admin and manager by name)."""
    with db.uow() as uow:
        admin = demo.sign_in_demo_user(uow, "admin")
    if role in ("admin", "manager"):
        username = role
    else:
        with db.uow() as uow:
            accounts = users.list_users(uow, admin)
        username = next(a.username for a in accounts if a.roles == frozenset({Role(role)}))
    with db.uow() as uow:
        return demo.sign_in_demo_user(uow, username)


def screens(qtbot: Any, window: Any, runner: Any) -> Iterator[str]:
    """Every area, and within it every tab of its tab widgets, as shown."""
    for key in window.area_keys():
        area = window.show_area(key)
        qtbot.waitUntil(lambda: not runner.busy, timeout=15_000)
        qtbot.wait(30)
        yield key
        for tabs in area.findChildren(QTabWidget) if area is not None else []:
            if not tabs.isVisible():
                continue
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                qtbot.waitUntil(lambda: not runner.busy, timeout=15_000)
                qtbot.wait(30)
                yield f"{key} › {tabs.tabText(index).replace('&', '')}"
            tabs.setCurrentIndex(0)


@pytest.mark.parametrize("role", ROLES)
def test_every_control_has_a_name_and_every_input_a_description(
    qtbot: Any, demo_db: Database, make_window: Callable[..., Any], runner: Any, role: str
) -> None:
    window = make_window(demo_db, demo_principal(demo_db, role))
    problems: dict[str, None] = {}
    for screen in screens(qtbot, window, runner):
        for problem in missing_names(window):
            problems.setdefault(f"{screen}: {problem}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
