"""Per-user sign-in tokens for scheduled command-line runs.

A scheduler (cron, a systemd timer, Task Scheduler) cannot type a password, and a password
kept in a file would open every command the person may run. A token is the narrower
thing: it belongs to one user, acts with that user's roles (the services' own guards still
apply), opens only the commands of its scopes, ends on a fixed day and can be revoked.

- The secret is shown once, at creation; the database keeps only its SHA-256. A token is
  32 random bytes, so a fast hash is enough: nobody can search that space, which is what
  a slow password hash guards against.
- A scope names a scheduled job: `sync` (the default: `clinicdesk sync` and `federation
  status`), `import` (patient imports from an export folder) and `backup` (`db backup`).
  Creating or using a scope needs the permission its job needs, checked against the
  user's roles of the day; a token can never do what its user cannot.
- Password lockout does not stop a token (five wrong passwords typed by someone else must
  not stop the clinic's sync); a disabled account does.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from clinicdesk.db.models import User, UserToken, utcnow
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import AuthenticationError, NotFoundError, PermissionDenied, ValidationError
from clinicdesk.i18n import N_, _
from clinicdesk.i18n.formatting import format_date, format_datetime
from clinicdesk.services import audit
from clinicdesk.services.users import find_user, principal_of

TOKEN_PREFIX = "cdt_"
DEFAULT_DAYS = 365
MAX_DAYS = 730
# A run with a token this close to its end says so (on stderr), so the scheduler's log
# warns before the runs start failing.
RENEW_WITHIN = timedelta(days=14)


@dataclass(frozen=True)
class Scope:
    name: str
    commands: tuple[str, ...]  # "sync", "federation status": the command as typed
    permission: Permission | None  # what the user must hold to create or use it
    summary: str  # marked N_(), translated where shown


SCOPES: dict[str, Scope] = {
    scope.name: scope
    for scope in (
        Scope(
            "sync",
            ("sync", "federation status"),
            Permission.MANAGE_FEDERATION,
            N_("the scheduled sync with the federation hub"),
        ),
        Scope(
            "import",
            ("import fhir", "import synthea-csv", "import csv"),
            Permission.IMPORT_PATIENTS,
            N_("scheduled patient imports from an export folder"),
        ),
        Scope(
            "backup",
            ("db backup",),
            Permission.BACKUP_DATABASE,
            N_("scheduled database backups"),
        ),
    )
}


@dataclass(frozen=True)
class TokenInfo:
    id: int
    username: str
    label: str
    hint: str
    scopes: tuple[str, ...]
    created_at: datetime
    created_by: str
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    def state(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= now else "active"

    def as_json(self, now: datetime) -> dict[str, object]:
        return {
            "id": self.id,
            "user": self.username,
            "label": self.label,
            "hint": self.hint,
            "scopes": list(self.scopes),
            "state": self.state(now),
            "created_at": self.created_at,
            "created_by": self.created_by,
            "expires_at": self.expires_at,
            "revoked_at": self.revoked_at,
            "last_used_at": self.last_used_at,
        }


@dataclass(frozen=True)
class NewToken:
    secret: str  # shown once; never stored
    info: TokenInfo


@dataclass(frozen=True)
class TokenSignIn:
    principal: Principal
    token: TokenInfo
    commands: frozenset[str]  # what this run may do

    def allows(self, command: str) -> bool:
        return command in self.commands


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.strip().encode("utf-8")).hexdigest()


def parse_scopes(names: list[str] | None) -> tuple[str, ...]:
    if not names:
        return ("sync",)
    chosen: set[str] = set()
    for name in names:
        key = name.strip().lower()
        if key not in SCOPES:
            raise ValidationError(
                _("“{name}” is not a token scope.").format(name=name),
                field="scope",
                hint=_("Scopes are: {scopes}.").format(scopes=", ".join(SCOPES)),
            )
        chosen.add(key)
    return tuple(sorted(chosen))


def _info(row: UserToken, username: str) -> TokenInfo:
    return TokenInfo(
        id=row.id,
        username=username,
        label=row.label,
        hint=row.hint,
        scopes=tuple(s for s in row.scopes.split(",") if s),
        created_at=row.created_at,
        created_by=row.created_by,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
        last_used_at=row.last_used_at,
    )


def _holds(owner: Principal, scope: Scope) -> bool:
    return scope.permission is None or owner.can(scope.permission)


def _check_scopes_allowed(owner: Principal, scopes: tuple[str, ...]) -> None:
    for name in scopes:
        if not _holds(owner, SCOPES[name]):
            raise PermissionDenied(
                _(
                    "{username} may not run {summary}, so a token with the "
                    "scope “{name}” would open nothing."
                ).format(username=owner.username, summary=_(SCOPES[name].summary), name=name),
                hint=_(
                    "Give the token to an account whose role does that job "
                    "(a manager's, or a dedicated account for the scheduler)."
                ),
            )


def _owner(uow: UnitOfWork, actor: Principal, for_user: str | None) -> User:
    """Whose token: one's own, or (with MANAGE_USERS) another user's."""
    if for_user is None:
        if actor.user_id is None:
            raise ValidationError(
                _("Say whose token this is."),
                hint=_("Sign in as that user (--user NAME) or name them with --for NAME."),
            )
        user = uow.session.get(User, actor.user_id)
    else:
        user = find_user(uow, for_user)
        if user is None:
            raise NotFoundError(_("There is no user named “{for_user}”.").format(for_user=for_user))
    if user is None:
        raise NotFoundError(_("This account no longer exists."))
    if user.id != actor.user_id and not actor.can(Permission.MANAGE_USERS):
        raise PermissionDenied(
            _("Only an administrator can make or revoke another user's token."),
            hint=_("Leave out --for to work with your own tokens."),
        )
    return user


def create_token(
    uow: UnitOfWork,
    actor: Principal,
    *,
    for_user: str | None = None,
    label: str = "",
    days: int = DEFAULT_DAYS,
    scopes: list[str] | None = None,
) -> NewToken:
    """A new token; its secret is in the result and nowhere else."""
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            _("A token lasts 1 to {max_days} days, not {days}.").format(
                max_days=MAX_DAYS, days=days
            ),
            field="expires",
            hint=_("Make a new token before the old one ends; revoke the old one then."),
        )
    chosen = parse_scopes(scopes)
    user = _owner(uow, actor, for_user)
    if not user.active:
        raise ValidationError(
            _("{username}'s account is disabled; enable it first.").format(username=user.username)
        )
    _check_scopes_allowed(principal_of(user), chosen)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    row = UserToken(
        user_id=user.id,
        label=(label.strip() or "scheduled run")[:100],
        token_hash=hash_token(secret),
        hint=secret[: len(TOKEN_PREFIX) + 6],
        scopes=",".join(chosen),
        created_at=now,
        created_by=actor.username[:100],
        expires_at=now + timedelta(days=days),
    )
    uow.session.add(row)
    uow.flush()
    audit.record(
        uow,
        actor,
        "token.create",
        "user",
        user.username,
        {
            "token": row.id,
            "label": row.label,
            "scopes": row.scopes,
            "expires_at": row.expires_at.isoformat(timespec="seconds"),
        },
    )
    uow.commit()
    return NewToken(secret=secret, info=_info(row, user.username))


def list_tokens(
    uow: UnitOfWork, actor: Principal, *, for_user: str | None = None, everyone: bool = False
) -> list[TokenInfo]:
    query = select(UserToken, User.username).join(User, User.id == UserToken.user_id)
    if everyone:
        if not actor.can(Permission.MANAGE_USERS):
            raise PermissionDenied(_("Only an administrator can list everyone's tokens."))
    else:
        query = query.where(UserToken.user_id == _owner(uow, actor, for_user).id)
    rows = uow.session.execute(query.order_by(UserToken.id)).all()
    return [_info(row, username) for row, username in rows]


def revoke_token(uow: UnitOfWork, actor: Principal, token_id: int) -> TokenInfo:
    """Revoke one token (one's own, or anyone's for an administrator). Revoking twice is
    harmless: the first revocation's time stands."""
    row = uow.session.get(UserToken, token_id)
    owner = uow.session.get(User, row.user_id) if row is not None else None
    if row is None or owner is None:
        raise NotFoundError(
            _("There is no token number {token_id}.").format(token_id=token_id),
            hint=_("`clinicdesk users token list` shows the numbers."),
        )
    _owner(uow, actor, owner.username)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record(uow, actor, "token.revoke", "user", owner.username, {"token": row.id})
    uow.commit()
    return _info(row, owner.username)


def _refused(uow: UnitOfWork, row: UserToken | None, reason: str) -> None:
    audit.record(
        uow,
        None,
        "auth.token_refused",
        "user_token",
        row.id if row is not None else "",
        {"reason": reason},
        actor_name="(token)",
    )
    uow.commit()


def sign_in_with_token(uow: UnitOfWork, secret: str) -> TokenSignIn:
    """The principal of a valid token and the commands it opens; AuthenticationError for
    an unknown, revoked or expired token or a disabled account (each audited)."""
    what_to_do = _(
        "Create a new one with `clinicdesk users token create` and give it to the scheduler."
    )
    row = uow.session.execute(
        select(UserToken).where(UserToken.token_hash == hash_token(secret))
    ).scalar_one_or_none()
    if row is None:
        _refused(uow, None, "unknown")
        raise AuthenticationError(
            _("This sign-in token is not known to this clinic's database."),
            hint=_("Check that the whole token was copied and that --db names the right database.")
            + " "
            + what_to_do,
        )
    user = uow.session.get(User, row.user_id)
    now = utcnow()
    if row.revoked_at is not None:
        _refused(uow, row, "revoked")
        raise AuthenticationError(
            _("This sign-in token (number {number}) was revoked on {moment} UTC.").format(
                number=row.id, moment=format_datetime(row.revoked_at)
            ),
            hint=what_to_do,
        )
    if row.expires_at <= now:
        _refused(uow, row, "expired")
        raise AuthenticationError(
            _("This sign-in token (number {number}) expired on {day} UTC.").format(
                number=row.id, day=format_date(row.expires_at.date())
            ),
            hint=what_to_do,
        )
    if user is None or not user.active:
        _refused(uow, row, "account disabled")
        raise AuthenticationError(
            _("The account this sign-in token belongs to is disabled."),
            hint=_("An administrator can enable it again (`clinicdesk users enable`)."),
        )
    principal = principal_of(user)
    scopes = tuple(s for s in row.scopes.split(",") if s in SCOPES)
    usable = [s for s in scopes if _holds(principal, SCOPES[s])]
    row.last_used_at = now
    audit.record(
        uow,
        principal,
        "auth.token_sign_in",
        "user",
        user.username,
        {"token": row.id, "scopes": ",".join(usable)},
    )
    uow.commit()
    commands = frozenset(c for s in usable for c in SCOPES[s].commands)
    return TokenSignIn(principal, _info(row, user.username), commands)


def scope_refusal(signed_in: TokenSignIn, command: str) -> PermissionDenied:
    """The error for a command outside the token's scopes."""
    opened = ", ".join(f"`clinicdesk {c}`" for c in sorted(signed_in.commands)) or _("nothing")
    return PermissionDenied(
        _(
            "This sign-in token (scopes: {scopes}) does not "
            "open `clinicdesk {command}`; it opens {opened}."
        ).format(
            scopes=", ".join(signed_in.token.scopes) or _("none"), command=command, opened=opened
        ),
        hint=_("Sign in as a person for this command: clinicdesk --user NAME …"),
    )
