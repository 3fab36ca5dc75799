"""`clinicdesk init` and `clinicdesk users …`: the clinic's first administrator and the
user accounts."""

from __future__ import annotations

import argparse
import sys

from clinicdesk.cli._common import cli_principal, database, print_json, read_password
from clinicdesk.cli._parsing import Subparsers, add_json, add_password_stdin, command, group
from clinicdesk.i18n import _


def cmd_init(args: argparse.Namespace) -> int:
    from clinicdesk.services import setup

    password = read_password(args, "Password for the administrator: ")
    from clinicdesk.services import audit

    # No one signs in: there is no user yet, and `initialise` refuses a database that
    # already has a clinic.
    with database(args, sign_in=False) as db:
        with db.uow() as uow:
            setup.initialise(uow, args.clinic_name, args.admin, args.admin_name or "", password)
        with db.uow(read_only=True) as uow:
            keyed = audit.keyed_from(uow) is not None
    print(
        _("Created clinic “{clinic_name}” with administrator {admin}.").format(
            clinic_name=args.clinic_name, admin=args.admin
        )
    )
    if not keyed:
        print(
            _(
                "This computer has no keyring and no "
                "CLINICDESK_AUDIT_KEY_FILE, so the audit trail is not sealed "
                "with a key yet: run `clinicdesk audit key create` where one "
                "is."
            )
        )
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    from clinicdesk.services import users

    password = read_password(args)
    with database(args) as db, db.uow() as uow:
        info = users.add_user(
            uow,
            cli_principal(),
            args.username,
            args.display_name or args.username,
            args.role,
            password,
            must_change_password=args.must_change_password,
        )
    print(
        _("Added {username} ({roles_label}).").format(
            username=info.username, roles_label=info.roles_label
        )
    )
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    from clinicdesk.services import users

    with database(args) as db, db.uow() as uow:
        rows = users.list_users(uow, cli_principal())
    if args.json:
        print_json(
            [
                {
                    "username": u.username,
                    "display_name": u.display_name,
                    "roles": sorted(r.value for r in u.roles),
                    "active": u.active,
                    "locked_until": u.locked_until,
                    "last_sign_in_at": u.last_sign_in_at,
                }
                for u in rows
            ]
        )
        return 0
    for u in rows:
        state = "active" if u.active else "disabled"
        print(
            _("{username:<24} {display_name:<30} {roles_label:<30} {state}").format(
                username=u.username,
                display_name=u.display_name,
                roles_label=u.roles_label,
                state=state,
            )
        )
    return 0


def _set_active(args: argparse.Namespace, active: bool) -> int:
    from clinicdesk.services import users

    with database(args) as db, db.uow() as uow:
        users.set_active(uow, cli_principal(), args.username, active)
    print(
        _("{value} {username}.").format(
            value="Enabled" if active else "Disabled", username=args.username
        )
    )
    return 0


def cmd_users_disable(args: argparse.Namespace) -> int:
    return _set_active(args, False)


def cmd_users_enable(args: argparse.Namespace) -> int:
    return _set_active(args, True)


def cmd_users_set_password(args: argparse.Namespace) -> int:
    from clinicdesk.services import users

    password = read_password(args, f"New password for {args.username}: ")
    with database(args) as db, db.uow() as uow:
        users.reset_password(
            uow,
            cli_principal(),
            args.username,
            password,
            must_change_password=args.must_change_password,
        )
    print(_("Set a new password for {username}.").format(username=args.username))
    return 0


def cmd_users_passwd(args: argparse.Namespace) -> int:
    from clinicdesk.cli import _signin
    from clinicdesk.services import auth

    # Signed in here rather than by `database`, which refuses a user who must choose a
    # new password: this is the one command such a user may run.
    username = _signin.named_user(args)
    current = _signin.read_sign_in_password(args, username)
    password = read_password(args, "New password: ")
    with database(args, sign_in=False) as db:
        with db.uow() as uow:
            actor = auth.sign_in(uow, username, current)
        with db.uow() as uow:
            auth.change_own_password(uow, actor, current, password)
    print(_("Changed the password of {username}.").format(username=actor.username))
    return 0


def cmd_token_create(args: argparse.Namespace) -> int:
    from clinicdesk.cli import _signin
    from clinicdesk.services import tokens

    with database(args) as db:
        if args.keyring:
            _signin.check_keyring()  # before a token exists that nobody could see
        with db.uow() as uow:
            made = tokens.create_token(
                uow,
                cli_principal(),
                for_user=args.for_user,
                label=args.label or "",
                days=args.expires,
                scopes=args.scope,
            )
        if args.keyring:
            try:
                _signin.store_token_in_keyring(db, made.secret)
            except Exception:
                with db.uow() as uow:  # unseen and unkept: it must not stay valid
                    tokens.revoke_token(uow, cli_principal(), made.info.id)
                raise
    info = made.info
    if args.json:
        shown = info.as_json(info.created_at)
        if not args.keyring:
            shown["token"] = made.secret
        print_json(shown)
        return 0
    scopes = ", ".join(info.scopes)
    print(
        _(
            "Token {id} for {username} ({label}; scopes: {scopes}; expires {expires_at:%Y-%m-%d})."
        ).format(
            id=info.id,
            username=info.username,
            label=info.label,
            scopes=scopes,
            expires_at=info.expires_at,
        )
    )
    if args.keyring:
        print(_("Kept in this computer's keyring for this database; it is not shown."))
    else:
        print(made.secret)
        print(
            _(
                "This is the only time the token is shown. Give it to the "
                "scheduled run as CLINICDESK_TOKEN (in a file only that "
                "account can read)."
            ),
            file=sys.stderr,
        )
    return 0


def cmd_token_list(args: argparse.Namespace) -> int:
    from clinicdesk.db.conventions import utcnow
    from clinicdesk.services import tokens

    with database(args) as db, db.uow(read_only=True) as uow:
        rows = tokens.list_tokens(uow, cli_principal(), for_user=args.for_user, everyone=args.all)
    now = utcnow()
    if args.json:
        print_json([t.as_json(now) for t in rows])
        return 0
    for t in rows:
        used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
        print(
            _(
                "{id:>4}  {username:<20} {label:<24} {value:<14} {t:<8} "
                "expires {expires_at:%Y-%m-%d}  last used {used}  {hint}…"
            ).format(
                id=t.id,
                username=t.username,
                label=t.label,
                value=",".join(t.scopes),
                t=t.state(now),
                expires_at=t.expires_at,
                used=used,
                hint=t.hint,
            )
        )
    if not rows:
        print(_("No tokens."))
    return 0


def cmd_token_revoke(args: argparse.Namespace) -> int:
    from clinicdesk.services import tokens

    with database(args) as db, db.uow() as uow:
        info = tokens.revoke_token(uow, cli_principal(), args.id)
    print(
        _("Revoked token {id} of {username} ({label}).").format(
            id=info.id, username=info.username, label=info.label
        )
    )
    return 0


def _register_tokens(actions: Subparsers) -> None:
    tokens = group(actions, "token", "sign-in tokens for scheduled runs (clinicdesk sync)")
    create = command(tokens, "create", cmd_token_create, "make a token; it is shown once")
    create.add_argument(
        "--for",
        dest="for_user",
        metavar="NAME",
        help=_("another user's token (administrators); default: the signed-in user"),
    )
    create.add_argument("--label", metavar="TEXT", help=_("what the token is for"))
    create.add_argument(
        "--expires",
        type=int,
        default=365,
        metavar="DAYS",
        help=_("days until it stops working (1 to 730; default 365)"),
    )
    create.add_argument(
        "--scope",
        action="append",
        metavar="SCOPE",
        help=_(
            "sync (default: clinicdesk sync, federation status), import "
            "(import fhir, synthea-csv, csv) or backup (db backup); "
            "repeat for several"
        ),
    )
    create.add_argument(
        "--keyring",
        action="store_true",
        help=_("keep it in this computer's keyring for this database instead of printing it"),
    )
    add_json(create)
    listing = command(tokens, "list", cmd_token_list, "list tokens (never their secrets)")
    listing.add_argument("--for", dest="for_user", metavar="NAME", help=_("another user's tokens"))
    listing.add_argument("--all", action="store_true", help=_("everyone's tokens (administrators)"))
    add_json(listing)
    revoke = command(tokens, "revoke", cmd_token_revoke, "stop a token working, at once")
    revoke.add_argument("id", type=int, metavar="NUMBER", help=_("as `users token list` shows"))


def register(subparsers: Subparsers) -> None:
    init = command(subparsers, "init", cmd_init, "create the clinic and its first administrator")
    init.add_argument("--clinic-name", required=True)
    init.add_argument("--admin", required=True, metavar="USERNAME")
    init.add_argument("--admin-name", metavar="DISPLAY_NAME")
    add_password_stdin(init)

    actions = group(subparsers, "users", "user accounts")
    add = command(actions, "add", cmd_users_add, "add a user account")
    add.add_argument("username")
    add.add_argument("--display-name", metavar="NAME")
    add.add_argument(
        "--role",
        action="append",
        required=True,
        help=_("admin, manager, clinician or front_desk (repeat for several)"),
    )
    add.add_argument(
        "--no-must-change-password",
        dest="must_change_password",
        action="store_false",
        help=_("do not ask the user to choose a new password at first sign-in"),
    )
    add_password_stdin(add)
    add_json(command(actions, "list", cmd_users_list, "list user accounts"))
    command(actions, "disable", cmd_users_disable, "disable a user account").add_argument(
        "username"
    )
    command(actions, "enable", cmd_users_enable, "enable a disabled account").add_argument(
        "username"
    )
    password = command(actions, "set-password", cmd_users_set_password, "set a user's password")
    password.add_argument("username")
    password.add_argument(
        "--must-change-password",
        action="store_true",
        help=_("ask the user to choose a new password at next sign-in"),
    )
    add_password_stdin(password)
    passwd = command(
        actions,
        "passwd",
        cmd_users_passwd,
        "change your own password (clinicdesk --user NAME users passwd)",
    )
    add_password_stdin(passwd)
    _register_tokens(actions)
