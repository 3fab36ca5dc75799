"""Every area fits a 1280×720 screen for every role, with an office desktop's font (11 pt,
wider than Qt's offscreen default of 9 pt): showing an area never makes the window wider
or taller than the screen, and no area asks for more than the screen.

Two clinics: the demo clinic (two years of revenue, members, patients, training) and a
brand-new clinic (nothing entered yet, so Revenue lists every month as not entered)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from clinicdesk.app import open_database
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.services import auth, demo, setup, users
from tests.conftest import ADMIN_PASSWORD

pytestmark = [pytest.mark.gui, pytest.mark.slow]

SCREEN_WIDTH, SCREEN_HEIGHT = 1280, 720
# A window manager's title bar and frame take this much of the screen's height.
FRAME_HEIGHT = 40
DESKTOP_POINT_SIZE = 11.0
ROLES = ("admin", "manager", "clinician", "front_desk")


@pytest.fixture(scope="module")
def clinics(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Database]]:
    folder: Path = tmp_path_factory.mktemp("fits")
    made: dict[str, Database] = {}
    demo_db = open_database(f"sqlite:///{folder / 'demo.sqlite3'}")
    with demo_db.uow() as uow:
        demo.create(uow, seed=1, patients=40)
    made["demo"] = demo_db
    new_db = open_database(f"sqlite:///{folder / 'new.sqlite3'}")
    with new_db.uow() as uow:
        # No audit key: this module's clinics outlive one test's keyring, and the layout
        # is the point here, not the seal.
        admin = setup.initialise(
            uow,
            "Brand-new Cooperative Clinic",
            "admin",
            "Ada Min",
            ADMIN_PASSWORD,
            audit_key=False,
        )
    for username, role in (("manager", "manager"), ("dr.new", "clinician"), ("desk", "front_desk")):
        with new_db.uow() as uow:
            users.add_user(
                uow,
                admin,
                username,
                username.title(),
                [role],
                ADMIN_PASSWORD,
                must_change_password=False,
            )
    made["new"] = new_db
    try:
        yield made
    finally:
        for database in made.values():
            database.dispose()


USERNAMES = {
    "demo": {"admin": "admin", "manager": "manager", "clinician": None, "front_desk": None},
    "new": {"admin": "admin", "manager": "manager", "clinician": "dr.new", "front_desk": "desk"},
}


def _principal(db: Database, clinic: str, role: str) -> Principal:
    with db.uow() as uow:
        if clinic == "new":
            principal = auth.sign_in(uow, USERNAMES["new"][role], ADMIN_PASSWORD)
            uow.commit()
            return principal
        admin = demo.sign_in_demo_user(uow, "admin")
        accounts = users.list_users(uow, admin)
    with db.uow() as uow:
        username = USERNAMES["demo"][role] or next(
            a.username for a in accounts if a.roles == frozenset({Role(role)})
        )
        return demo.sign_in_demo_user(uow, username)


@pytest.fixture
def desktop_font(qapp: QApplication) -> Iterator[None]:
    font = qapp.font()
    bigger = qapp.font()
    bigger.setPointSizeF(DESKTOP_POINT_SIZE)
    qapp.setFont(bigger)
    try:
        yield
    finally:
        qapp.setFont(font)


@pytest.mark.parametrize("clinic", ["demo", "new"])
@pytest.mark.parametrize("role", ROLES)
def test_every_area_fits_1280_by_720(
    qtbot: Any,
    clinics: dict[str, Database],
    clinic: str,
    role: str,
    desktop_font: None,
    make_window: Callable[..., Any],
    runner: Any,
) -> None:
    db = clinics[clinic]
    window = make_window(db, _principal(db, clinic, role))
    window.resize(SCREEN_WIDTH, SCREEN_HEIGHT - FRAME_HEIGHT)
    assert window.area_keys(), "every role sees some area"
    too_big: list[str] = []
    for key in window.area_keys():
        page = window.show_area(key) or window.area_widget(key)
        qtbot.waitUntil(lambda: not runner.busy, timeout=15_000)
        qtbot.wait(30)  # results reach the area and its layout settles
        page = window.area_widget(key)
        assert page is not None and key not in window.area_failures, key
        minimum, hint = window.minimumSizeHint(), page.sizeHint()
        page_minimum = page.minimumSizeHint()
        if minimum.width() > SCREEN_WIDTH or minimum.height() > SCREEN_HEIGHT - FRAME_HEIGHT:
            too_big.append(f"{key}: window needs at least {minimum.width()}×{minimum.height()}")
        if window.width() > SCREEN_WIDTH or window.height() > SCREEN_HEIGHT - FRAME_HEIGHT:
            too_big.append(f"{key}: window grew to {window.width()}×{window.height()}")
        if page_minimum.width() > window.stack.width():
            too_big.append(
                f"{key}: area needs {page_minimum.width()} px, has {window.stack.width()}"
            )
        if hint.width() > SCREEN_WIDTH or hint.height() > SCREEN_HEIGHT:
            too_big.append(f"{key}: area asks for {hint.width()}×{hint.height()}")
    assert not too_big, f"{clinic} clinic, {role}: " + "; ".join(too_big)
