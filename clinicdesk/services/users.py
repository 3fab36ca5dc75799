"""User accounts: add, list, disable, reset passwords, change roles, and the records a
signed-in person sees of themselves."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from clinicdesk.db.models import User, new_uuid, utcnow
from clinicdesk.db.models_training import Staff
from clinicdesk.db.roles import server_calls
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain import passwords
from clinicdesk.domain.roles import Permission, Principal, Role, decode_roles, encode_roles
from clinicdesk.errors import ConflictError, NotFoundError, ValidationError
from clinicdesk.i18n import LANGUAGES, _
from clinicdesk.services import audit, requires

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    roles: frozenset[Role]
    active: bool
    locked_until: datetime | None
    last_sign_in_at: datetime | None
    must_change_password: bool
    version: int
    language: str | None = None  # None: as the operating system says

    @property
    def roles_label(self) -> str:
        return ", ".join(r.label for r in sorted(self.roles, key=lambda r: list(Role).index(r)))


def to_info(user: User) -> UserInfo:
    return UserInfo(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=decode_roles(user.roles),
        active=user.active,
        locked_until=user.locked_until,
        last_sign_in_at=user.last_sign_in_at,
        must_change_password=user.must_change_password,
        version=user.version,
        language=user.language,
    )


def principal_of(user: User) -> Principal:
    return Principal(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=decode_roles(user.roles),
    )


def normalise_username(username: str) -> str:
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise ValidationError(
            _("“{username}” cannot be a user name.").format(username=username),
            field="username",
            hint=_(
                "Use 2 to 63 letters, digits, dots, dashes or underscores, starting with a "
                "letter or digit."
            ),
        )
    return name


def check_password(password: str) -> None:
    problem = passwords.password_problem(password)
    if problem:
        raise ValidationError(problem, field="password")


def _roles(roles: Iterable[Role | str]) -> frozenset[Role]:
    parsed: set[Role] = set()
    for role in roles:
        try:
            parsed.add(role if isinstance(role, Role) else Role.parse(role))
        except ValueError as error:
            raise ValidationError(str(error), field="roles") from None
    if not parsed:
        raise ValidationError(_("Give the user at least one role."), field="roles")
    return frozenset(parsed)


def find_user(uow: UnitOfWork, username: str) -> User | None:
    name = username.strip().lower()
    return uow.session.execute(select(User).where(User.username == name)).scalar_one_or_none()


def _get(uow: UnitOfWork, username: str) -> User:
    user = find_user(uow, username)
    if user is None:
        raise NotFoundError(_("There is no user named “{username}”.").format(username=username))
    return user


def _check_version(user: User, expected_version: int | None) -> None:
    if expected_version is not None and user.version != expected_version:
        raise ConflictError(
            _("The account “{username}” was changed by someone else meanwhile.").format(
                username=user.username
            ),
            hint=_("Your change was not saved. Look at the account again and redo it."),
        )


def _active_admins(uow: UnitOfWork) -> list[User]:
    users = uow.session.execute(select(User).where(User.active.is_(True))).scalars()
    return [u for u in users if Role.ADMIN in decode_roles(u.roles)]


def create_user_row(
    uow: UnitOfWork,
    username: str,
    display_name: str,
    roles: Iterable[Role | str],
    password: str,
    *,
    must_change_password: bool = False,
    password_hash: str | None = None,
) -> User:
    """Insert a user without a permission check: for first-run setup and the demo."""
    name = normalise_username(username)
    role_set = _roles(roles)
    display = display_name.strip() or name
    if password_hash is None:
        check_password(password)
        password_hash = passwords.hash_password(password, uow.password_cost)
    exists = uow.session.execute(
        select(func.count(User.id)).where(User.username == name)
    ).scalar_one()
    if exists:
        raise ValidationError(
            _("The user name “{name}” is already taken.").format(name=name), field="username"
        )
    user = User(
        username=name,
        display_name=display,
        roles=encode_roles(role_set),
        password_hash=password_hash,
        active=True,
        must_change_password=must_change_password,
        failed_attempts=0,
    )
    uow.session.add(user)
    uow.flush()
    # Every user is staff (training): the row is made with the account, in its transaction.
    uow.session.add(
        Staff(
            ref=new_uuid(),
            user_id=user.id,
            name=display,
            job_roles=user.roles,
            start_on=(user.created_at or utcnow()).date(),
        )
    )
    uow.flush()
    return user


@requires(Permission.MANAGE_USERS)
def add_user(
    uow: UnitOfWork,
    actor: Principal,
    username: str,
    display_name: str,
    roles: Iterable[Role | str],
    password: str,
    *,
    must_change_password: bool = True,
) -> UserInfo:
    user = create_user_row(
        uow, username, display_name, roles, password, must_change_password=must_change_password
    )
    server_calls.mirror_user(uow.session, user.username, password)  # its database login
    audit.record(
        uow,
        actor,
        "user.add",
        "user",
        user.username,
        {"roles": user.roles, "display_name": user.display_name},
    )
    uow.commit()
    return to_info(user)


@requires(Permission.MANAGE_USERS)
def list_users(
    uow: UnitOfWork, actor: Principal, *, include_inactive: bool = True
) -> list[UserInfo]:
    query = select(User).order_by(User.username)
    if not include_inactive:
        query = query.where(User.active.is_(True))
    return [to_info(u) for u in uow.session.execute(query).scalars()]


@requires(Permission.MANAGE_USERS)
def set_active(
    uow: UnitOfWork,
    actor: Principal,
    username: str,
    active: bool,
    *,
    expected_version: int | None = None,
) -> UserInfo:
    user = _get(uow, username)
    _check_version(user, expected_version)
    if user.active == active:
        return to_info(user)
    if not active:
        if actor.user_id == user.id:
            raise ValidationError(
                _("You cannot disable your own account."),
                hint=_("Ask another administrator to do it."),
            )
        if Role.ADMIN in decode_roles(user.roles) and len(_active_admins(uow)) <= 1:
            raise ValidationError(
                _("This is the last active administrator, so it cannot be disabled."),
                hint=_("Give another user the administrator role first."),
            )
    user.active = active
    if active:
        user.failed_attempts = 0
        user.locked_until = None
    server_calls.mirror_user(uow.session, user.username)
    audit.record(uow, actor, "user.enable" if active else "user.disable", "user", user.username)
    uow.commit()
    return to_info(user)


@requires(Permission.MANAGE_USERS)
def reset_password(
    uow: UnitOfWork,
    actor: Principal,
    username: str,
    new_password: str,
    *,
    must_change_password: bool = True,
) -> UserInfo:
    """Set a new password for someone (they change it at next sign-in by default); this
    also lifts a lockout."""
    user = _get(uow, username)
    check_password(new_password)
    user.password_hash = passwords.hash_password(new_password, uow.password_cost)
    user.must_change_password = must_change_password
    user.failed_attempts = 0
    user.locked_until = None
    server_calls.mirror_user(uow.session, user.username, new_password)
    audit.record(
        uow,
        actor,
        "user.password_reset",
        "user",
        user.username,
        {"must_change_password": must_change_password},
    )
    uow.commit()
    return to_info(user)


@requires(Permission.MANAGE_USERS)
def set_roles(
    uow: UnitOfWork,
    actor: Principal,
    username: str,
    roles: Iterable[Role | str],
    *,
    expected_version: int | None = None,
) -> UserInfo:
    user = _get(uow, username)
    _check_version(user, expected_version)
    new_roles = _roles(roles)
    old_roles = decode_roles(user.roles)
    if new_roles == old_roles:
        return to_info(user)
    if (
        Role.ADMIN in old_roles
        and Role.ADMIN not in new_roles
        and user.active
        and len(_active_admins(uow)) <= 1
    ):
        raise ValidationError(
            _(
                "This is the last active administrator, so the administrator role cannot be "
                "taken away."
            ),
            hint=_("Give another user the administrator role first."),
        )
    user.roles = encode_roles(new_roles)
    server_calls.mirror_user(uow.session, user.username)
    audit.record(
        uow,
        actor,
        "user.roles",
        "user",
        user.username,
        {"from": encode_roles(old_roles), "to": user.roles},
    )
    uow.commit()
    return to_info(user)


@requires(Permission.MANAGE_USERS)
def set_display_name(
    uow: UnitOfWork,
    actor: Principal,
    username: str,
    display_name: str,
    *,
    expected_version: int | None = None,
) -> UserInfo:
    user = _get(uow, username)
    _check_version(user, expected_version)
    name = display_name.strip()
    if not name:
        raise ValidationError(_("The display name cannot be empty."), field="display_name")
    old = user.display_name
    user.display_name = name
    audit.record(uow, actor, "user.rename", "user", user.username, {"from": old, "to": name})
    uow.commit()
    return to_info(user)


def own_account(uow: UnitOfWork, actor: Principal) -> UserInfo:
    """The signed-in person's own record (My account): needs no permission, only an
    account of one's own."""
    user = uow.session.get(User, actor.user_id) if actor.user_id is not None else None
    if user is None:
        raise NotFoundError(
            _("This account no longer exists."), hint=_("Sign in again with another account.")
        )
    return to_info(user)


def set_own_language(uow: UnitOfWork, actor: Principal, language: str | None) -> UserInfo:
    """The language ClinicDesk speaks to the signed-in person from their next window on
    (None: as the computer's operating system says). Needs only an account of one's own."""
    if language is not None and language not in LANGUAGES:
        raise ValidationError(
            _("ClinicDesk does not speak {language}. Choose one of: {choices}.").format(
                language=language, choices=", ".join(sorted(LANGUAGES))
            ),
            field="language",
        )
    user = uow.session.get(User, actor.user_id) if actor.user_id is not None else None
    if user is None:
        raise NotFoundError(
            _("This account no longer exists."), hint=_("Sign in again with another account.")
        )
    if user.language != language:
        audit.record(
            uow, actor, "user.language", "user", user.username, {"to": language or "system"}
        )
        user.language = language
        uow.commit()
    return to_info(user)
