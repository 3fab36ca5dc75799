"""Sign-in, sign-out, screen lock and one's own password.

A wrong password and an unknown user name give the same message and take the same time.
Five wrong passwords in a row lock the account for five minutes.
"""

from __future__ import annotations

from sqlalchemy import select

from clinicdesk.db.models import User, utcnow
from clinicdesk.db.roles import server_calls
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain import lockout, passwords
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import (
    AccountLocked,
    AuthenticationError,
    PermissionDenied,
    ValidationError,
)
from clinicdesk.i18n import N_, _, ngettext
from clinicdesk.services import audit
from clinicdesk.services.users import check_password, find_user, principal_of

WRONG_CREDENTIALS = N_("The user name or password is not correct.")


def _locked_error(user: User) -> AccountLocked:
    assert user.locked_until is not None
    minutes = lockout.minutes_left(user.locked_until, utcnow())
    return AccountLocked(
        _("This account is locked after {attempts} wrong passwords.").format(
            attempts=lockout.MAX_FAILED_ATTEMPTS
        ),
        hint=ngettext(
            "Try again in {minutes} minute, or ask an administrator to reset the password.",
            "Try again in {minutes} minutes, or ask an administrator to reset the password.",
            minutes,
        ).format(minutes=minutes),
    )


def _register_failure(uow: UnitOfWork, user: User, action: str) -> None:
    now = utcnow()
    user.failed_attempts, user.locked_until = lockout.after_failure(user.failed_attempts, now)
    details: dict[str, object] = {"attempts": user.failed_attempts}
    if user.locked_until is not None:
        details["locked_until"] = user.locked_until.isoformat(timespec="seconds")
    audit.record(uow, principal_of(user), action, "user", user.username, details)
    if user.locked_until is not None:
        audit.record(uow, principal_of(user), "user.locked_out", "user", user.username)


def sign_in(uow: UnitOfWork, username: str, password: str) -> Principal:
    """The principal for a correct user name and password; otherwise AuthenticationError
    (after the failure is stored and audited)."""
    user = find_user(uow, username) if username.strip() else None
    if user is None or not user.active:
        passwords.verify_password(password, passwords.dummy_hash(uow.password_cost))
        audit.record(
            uow,
            None,
            "auth.sign_in_failed",
            "user",
            username.strip().lower()[:64],
            {"reason": "unknown or disabled user"},
            actor_name=username.strip().lower()[:100] or "(blank)",
        )
        uow.commit()
        raise AuthenticationError(_(WRONG_CREDENTIALS), hint=_("Check the spelling and Caps Lock."))
    now = utcnow()
    if lockout.is_locked(user.locked_until, now):
        audit.record(
            uow,
            principal_of(user),
            "auth.sign_in_refused",
            "user",
            user.username,
            {"reason": "locked"},
        )
        uow.commit()
        raise _locked_error(user)
    if not passwords.verify_password(password, user.password_hash):
        _register_failure(uow, user, "auth.sign_in_failed")
        uow.commit()
        if user.locked_until is not None:
            raise _locked_error(user)
        raise AuthenticationError(_(WRONG_CREDENTIALS), hint=_("Check the spelling and Caps Lock."))
    user.failed_attempts = 0
    user.locked_until = None
    user.last_sign_in_at = now
    principal = principal_of(user)
    audit.record(uow, principal, "auth.sign_in", "user", user.username)
    uow.commit()
    return principal


def sign_out(uow: UnitOfWork, actor: Principal) -> None:
    audit.record(uow, actor, "auth.sign_out", "user", actor.username)
    uow.commit()


def lock_session(uow: UnitOfWork, actor: Principal, *, reason: str = "inactivity") -> None:
    audit.record(uow, actor, "auth.lock", "user", actor.username, {"reason": reason})
    uow.commit()


def unlock_session(uow: UnitOfWork, actor: Principal, password: str) -> Principal:
    """Check the password of the person whose window is locked. A disabled account or a
    changed role set ends the session instead (PermissionDenied)."""
    user = uow.session.execute(select(User).where(User.id == actor.user_id)).scalar_one_or_none()
    if user is None or not user.active:
        raise PermissionDenied(
            _("This account has been disabled or removed since you signed in."),
            hint=_("Sign in again with another account."),
        )
    if lockout.is_locked(user.locked_until, utcnow()):
        raise _locked_error(user)
    if not passwords.verify_password(password, user.password_hash):
        _register_failure(uow, user, "auth.unlock_failed")
        uow.commit()
        if user.locked_until is not None:
            raise _locked_error(user)
        raise AuthenticationError(_("The password is not correct."), hint=_("Check Caps Lock."))
    user.failed_attempts = 0
    principal = principal_of(user)
    audit.record(uow, principal, "auth.unlock", "user", user.username)
    uow.commit()
    return principal


def change_own_password(uow: UnitOfWork, actor: Principal, current: str, new: str) -> None:
    user = uow.session.execute(select(User).where(User.id == actor.user_id)).scalar_one_or_none()
    if user is None or not user.active:
        raise PermissionDenied(_("This account has been disabled or removed."))
    if not passwords.verify_password(current, user.password_hash):
        raise AuthenticationError(_("The current password is not correct."))
    if current == new:
        raise ValidationError(_("The new password must differ from the current one."))
    check_password(new)
    user.password_hash = passwords.hash_password(new, uow.password_cost)
    user.must_change_password = False
    server_calls.set_own_password(uow.session, user.id, user.username, new)  # its login
    audit.record(uow, actor, "user.password_change", "user", user.username)
    uow.commit()


def must_change_password(uow: UnitOfWork, actor: Principal) -> bool:
    user = uow.session.get(User, actor.user_id) if actor.user_id is not None else None
    return bool(user and user.must_change_password)
