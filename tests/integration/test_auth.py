"""Sign-in, lockout, screen unlock and one's own password on a real database
(services/auth)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from clinicdesk.app import open_database
from clinicdesk.db.models import AuditEvent, User, utcnow
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.passwords import STRONG_COST, ScryptCost
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.errors import (
    AccountLocked,
    AuthenticationError,
    PermissionDenied,
    ValidationError,
)
from clinicdesk.services import audit, auth, setup, users
from tests.conftest import ADMIN_PASSWORD

PASSWORD = "clinician-password-1"


@pytest.fixture
def clinician(db: Database, admin: Principal) -> Principal:
    with db.uow() as uow:
        users.add_user(uow, admin, "okafor", "Dr Olu Okafor", [Role.CLINICIAN], PASSWORD)
    with db.uow() as uow:
        return auth.sign_in(uow, "okafor", PASSWORD)


def _actions(db: Database) -> list[tuple[str, str, str]]:
    with db.uow() as uow:
        rows = uow.session.execute(
            select(AuditEvent.action, AuditEvent.actor_name, AuditEvent.entity_id).order_by(
                AuditEvent.seq
            )
        ).all()
    return [(action, actor, entity) for action, actor, entity in rows]


def _user_row(db: Database, username: str) -> tuple[int, object, object]:
    with db.uow() as uow:
        user = uow.session.execute(select(User).where(User.username == username)).scalar_one()
        return user.failed_attempts, user.locked_until, user.last_sign_in_at


def _sign_in_error(db: Database, username: str, password: str) -> AuthenticationError:
    with db.uow() as uow, pytest.raises(AuthenticationError) as info:
        auth.sign_in(uow, username, password)
    return info.value


def test_sign_in_writes_the_audit_trail(db: Database, admin: Principal) -> None:
    before = utcnow()
    with db.uow() as uow:
        who = auth.sign_in(uow, " ROOT ", ADMIN_PASSWORD)
    assert who == admin
    assert _actions(db)[-1] == ("auth.sign_in", "root", "root")
    attempts, locked_until, last = _user_row(db, "root")
    assert attempts == 0 and locked_until is None
    assert isinstance(last, type(before)) and last >= before - timedelta(seconds=1)
    with db.uow() as uow:
        assert audit.verify(uow, admin).ok


def test_unknown_user_and_wrong_password_look_the_same(db: Database, admin: Principal) -> None:
    unknown = _sign_in_error(db, "nobody", ADMIN_PASSWORD)
    wrong = _sign_in_error(db, "root", "not-the-password")
    blank = _sign_in_error(db, "   ", ADMIN_PASSWORD)
    for error in (unknown, wrong, blank):
        assert type(error) is AuthenticationError
        assert str(error) == str(unknown)
        assert error.message == auth.WRONG_CREDENTIALS
    assert "nobody" not in str(unknown)
    failures = [a for a in _actions(db) if a[0] == "auth.sign_in_failed"]
    assert failures == [
        ("auth.sign_in_failed", "nobody", "nobody"),
        ("auth.sign_in_failed", "root", "root"),
        ("auth.sign_in_failed", "(blank)", ""),
    ]


def test_five_wrong_passwords_lock_the_account(db: Database, clinician: Principal) -> None:
    for attempt in range(1, 5):
        error = _sign_in_error(db, "okafor", f"wrong-{attempt}")
        assert type(error) is AuthenticationError
        assert _user_row(db, "okafor")[0] == attempt
    before = utcnow()
    fifth = _sign_in_error(db, "okafor", "wrong-5")
    assert isinstance(fifth, AccountLocked)
    assert "locked" in fifth.message and "5 minutes" in str(fifth)
    _attempts, locked_until, _last = _user_row(db, "okafor")
    assert isinstance(locked_until, type(before))
    assert (
        timedelta(minutes=4, seconds=58) < locked_until - before <= timedelta(minutes=5, seconds=1)
    )
    # While locked, even the right password is refused — and that is audited too.
    right = _sign_in_error(db, "okafor", PASSWORD)
    assert isinstance(right, AccountLocked)
    actions = [a[0] for a in _actions(db)]
    assert actions[-3:] == ["auth.sign_in_failed", "user.locked_out", "auth.sign_in_refused"]
    assert actions.count("auth.sign_in_failed") == 5


def test_lock_expires(db: Database, clinician: Principal) -> None:
    for attempt in range(5):
        _sign_in_error(db, "okafor", f"wrong-{attempt}")
    assert isinstance(_sign_in_error(db, "okafor", PASSWORD), AccountLocked)
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE app_user SET locked_until = :past WHERE username = 'okafor'"),
            {"past": utcnow() - timedelta(seconds=1)},
        )
    with db.uow() as uow:
        assert auth.sign_in(uow, "okafor", PASSWORD).username == "okafor"
    attempts, locked_until, _last = _user_row(db, "okafor")
    assert attempts == 0 and locked_until is None
    # A fresh count: four more failures do not lock again.
    for attempt in range(4):
        assert type(_sign_in_error(db, "okafor", f"again-{attempt}")) is AuthenticationError


def test_a_right_password_resets_the_failure_count(db: Database, clinician: Principal) -> None:
    for attempt in range(4):
        _sign_in_error(db, "okafor", f"wrong-{attempt}")
    with db.uow() as uow:
        auth.sign_in(uow, "okafor", PASSWORD)
    assert _user_row(db, "okafor")[0] == 0
    assert type(_sign_in_error(db, "okafor", "wrong-again")) is AuthenticationError


def test_disabled_user_cannot_sign_in(db: Database, admin: Principal, clinician: Principal) -> None:
    with db.uow() as uow:
        users.set_active(uow, admin, "okafor", False)
    error = _sign_in_error(db, "okafor", PASSWORD)
    assert type(error) is AuthenticationError
    assert error.message == auth.WRONG_CREDENTIALS  # nothing tells that the account exists


def test_unlock_session(db: Database, admin: Principal, clinician: Principal) -> None:
    with db.uow() as uow:
        auth.lock_session(uow, clinician)
    with db.uow() as uow, pytest.raises(AuthenticationError, match="password is not correct"):
        auth.unlock_session(uow, clinician, "wrong-password")
    assert _user_row(db, "okafor")[0] == 1
    with db.uow() as uow:
        assert auth.unlock_session(uow, clinician, PASSWORD) == clinician
    assert _user_row(db, "okafor")[0] == 0
    actions = [a[0] for a in _actions(db)]
    assert actions[-3:] == ["auth.lock", "auth.unlock_failed", "auth.unlock"]
    # An account disabled meanwhile ends the session instead of unlocking it.
    with db.uow() as uow:
        users.set_active(uow, admin, "okafor", False)
    with db.uow() as uow, pytest.raises(PermissionDenied, match="disabled"):
        auth.unlock_session(uow, clinician, PASSWORD)


def test_unlock_failures_lock_the_account(db: Database, clinician: Principal) -> None:
    for attempt in range(4):
        with db.uow() as uow, pytest.raises(AuthenticationError) as info:
            auth.unlock_session(uow, clinician, f"wrong-{attempt}")
        assert type(info.value) is AuthenticationError
    with db.uow() as uow, pytest.raises(AccountLocked):
        auth.unlock_session(uow, clinician, "wrong-5")
    with db.uow() as uow, pytest.raises(AccountLocked):
        auth.unlock_session(uow, clinician, PASSWORD)


def test_change_own_password(db: Database, clinician: Principal) -> None:
    with db.uow() as uow, pytest.raises(AuthenticationError, match="current password"):
        auth.change_own_password(uow, clinician, "wrong-current", "brand-new-password")
    with db.uow() as uow, pytest.raises(ValidationError, match="must differ"):
        auth.change_own_password(uow, clinician, PASSWORD, PASSWORD)
    with db.uow() as uow, pytest.raises(ValidationError, match="at least 8"):
        auth.change_own_password(uow, clinician, PASSWORD, "short")
    with db.uow() as uow:
        assert auth.must_change_password(uow, clinician)
        auth.change_own_password(uow, clinician, PASSWORD, "brand-new-password")
    with db.uow() as uow:
        assert not auth.must_change_password(uow, clinician)
    assert type(_sign_in_error(db, "okafor", PASSWORD)) is AuthenticationError
    with db.uow() as uow:
        assert auth.sign_in(uow, "okafor", "brand-new-password") == clinician
    assert ("user.password_change", "okafor", "okafor") in _actions(db)


def test_sign_out_is_audited(db: Database, clinician: Principal) -> None:
    with db.uow() as uow:
        auth.sign_out(uow, clinician)
    assert _actions(db)[-1] == ("auth.sign_out", "okafor", "okafor")


def test_the_program_stores_passwords_at_the_strong_cost(db_url: str) -> None:
    """The suite lowers the scrypt cost (`password_cost`); a database opened the way the
    program opens it (`open_database` without the test's cost: the window, every command)
    stores and checks passwords at the strong cost."""
    database = open_database(db_url)
    try:
        assert database.password_cost == STRONG_COST == ScryptCost(n=2**15, r=8, p=1)
        with database.uow() as uow:
            first = setup.initialise(uow, "Strong Clinic", "root", "Root", ADMIN_PASSWORD)
        with database.uow() as uow:
            users.reset_password(uow, first, "root", "another-password-2")
        with database.uow() as uow:
            stored = uow.session.execute(select(User.password_hash)).scalar_one()
        assert stored.startswith("scrypt$32768$8$1$")
        with database.uow() as uow:
            assert auth.sign_in(uow, "root", "another-password-2") == first
    finally:
        database.dispose()


def test_the_suite_stores_passwords_at_its_own_low_cost(
    db: Database, admin: Principal, password_cost: ScryptCost
) -> None:
    assert password_cost.n < STRONG_COST.n
    with db.uow() as uow:
        stored = uow.session.execute(select(User.password_hash)).scalar_one()
    assert stored.startswith(f"scrypt${password_cost.n}${password_cost.r}${password_cost.p}$")
