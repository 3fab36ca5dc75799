"""Server-enforced roles on a shared PostgreSQL database (DESIGN §10): provisioning the
group roles, grants and policies, and giving a user a database login of their rights.

Both are run by the database owner (`clinicdesk db provision-roles`, `clinicdesk db
grant-login`): making roles needs the owner's CREATEROLE, which no application login
holds. Both are permission changes, so both are audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from clinicdesk.db import roles as server_roles
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.passwords import verify_password
from clinicdesk.domain.roles import Permission, Principal, Role, decode_roles
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _
from clinicdesk.services import audit, requires
from clinicdesk.services.members.common import CERTIFICATE_KEY as MEMBER_CERTIFICATES
from clinicdesk.services.members.common import ensure_defaults as ensure_member_defaults
from clinicdesk.services.settings import clinic_secret
from clinicdesk.services.training.completions import CERTIFICATE_KEY as TRAINING_CERTIFICATES
from clinicdesk.services.users import find_user


@requires(Permission.MANAGE_USERS)
def provision_roles(
    uow: UnitOfWork,
    actor: Principal,
    prefix: str = server_roles.DEFAULT_PREFIX,
    *,
    gate_password: str | None = None,
) -> server_roles.ProvisionResult:
    # What the services otherwise make on first use, whoever comes first (certificate
    # secrets, the default member and share classes), made now by the owner: once roles
    # are enforced, only the roles that keep those tables may insert into them.
    for key in (TRAINING_CERTIFICATES, MEMBER_CERTIFICATES):
        clinic_secret(uow, key, create=True)
    ensure_member_defaults(uow)
    result = server_roles.provision(uow.session.connection(), prefix, gate_password=gate_password)
    audit.record(
        uow,
        actor,
        "database.provision_roles",
        "database",
        result.schema,
        {
            "prefix": prefix,
            "groups": list(result.groups),
            "logins": result.logins_synced,
            "gate_password_set": gate_password is not None,
        },
    )
    uow.commit()
    return result


@dataclass(frozen=True)
class LoginInfo:
    username: str
    login: str
    roles: tuple[Role, ...]
    can_log_in: bool
    password_set: bool


@requires(Permission.MANAGE_USERS)
def grant_login(
    uow: UnitOfWork,
    actor: Principal,
    username: str,
    *,
    password: str | None = None,
    prefix: str | None = None,
) -> LoginInfo:
    """Give `username` a login that holds their roles' rights and no more, or bring it up
    to date. `password` must be the user's ClinicDesk password: the sign-in dialog's
    credentials are the connection's, so the server checks them too."""
    connection = uow.session.connection()
    stored_prefix = server_roles.provisioned_prefix(connection)
    if stored_prefix is None:
        raise ValidationError(
            _("This database has no ClinicDesk roles yet."),
            hint=_("Run `clinicdesk db provision-roles` as the database owner first."),
        )
    if prefix is not None and prefix != stored_prefix:
        raise ValidationError(
            _("This database's roles use the prefix {stored_prefix}, not {prefix}.").format(
                stored_prefix=stored_prefix, prefix=prefix
            ),
            hint=_("Leave out --prefix, or pass --prefix {stored_prefix}.").format(
                stored_prefix=stored_prefix
            ),
        )
    user = find_user(uow, username)
    if user is None:
        raise ValidationError(
            _("There is no user named “{username}”.").format(username=username),
            hint=_("Add the account first (`clinicdesk users add`), then give it a login."),
        )
    if password is not None and not verify_password(password, user.password_hash):
        raise ValidationError(
            _("That is not {username}'s ClinicDesk password.").format(username=user.username),
            hint=_(
                "A login's password is the user's ClinicDesk password, so that signing in "
                "opens the database as them. Type the password they sign in with."
            ),
        )
    roles = tuple(sorted(decode_roles(user.roles)))
    login = server_roles.sync_login(
        connection, stored_prefix, user.username, roles, active=user.active, password=password
    )
    audit.record(
        uow,
        actor,
        "database.grant_login",
        "user",
        user.id,
        {
            "login": login,
            "roles": [role.value for role in roles],
            "can_log_in": user.active,
            "password_set": password is not None,
        },
    )
    uow.commit()
    return LoginInfo(user.username, login, roles, user.active, password is not None)
