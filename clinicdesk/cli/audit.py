"""`clinicdesk audit …`: verify the audit trail (against the hub's copy of its head when
the clinic is connected) and look after the clinic's audit key."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from clinicdesk.cli._common import cli_principal, database, print_json
from clinicdesk.cli._parsing import Subparsers, add_json, command, group
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from clinicdesk.services import audit_anchor

    with database(args) as db:
        result = audit_anchor.verify_trail(db, cli_principal())
    if args.json:
        print_json(
            {
                "ok": result.ok,
                "checked": result.checked,
                "broken_seq": result.broken_seq,
                "problem": result.problem,
                "keyed_from": result.keyed_from,
                "hub": result.hub_note,
            }
        )
    else:
        print(result.message, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def cmd_audit_key_create(args: argparse.Namespace) -> int:
    from clinicdesk.services import audit

    with database(args) as db, db.uow() as uow:
        key = audit.create_key(uow, cli_principal())
    print(
        _(
            "Made the clinic's audit key, kept in {where}; events from "
            "{from_seq} on are sealed with it. Keep a copy in a safe "
            "place (`clinicdesk audit key export --to FILE`): without it "
            "the trail can no longer be verified or added to."
        ).format(where=key.where, from_seq=key.from_seq)
    )
    return 0


def cmd_audit_key_export(args: argparse.Namespace) -> int:
    from clinicdesk.services import audit

    target = Path(args.to)
    with database(args) as db, db.uow() as uow:
        text = audit.export_key(uow, cli_principal())
    try:
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise ValidationError(
            _("Could not make {target}: {value}.").format(
                target=target, value=error.strerror or error
            ),
            hint=_(
                "Name a new file in a folder you can write; an existing file is never replaced."
            ),
        ) from None
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    print(
        _("Wrote a copy of the audit key to {target} (readable only by you).").format(target=target)
    )
    return 0


def cmd_audit_key_install(args: argparse.Namespace) -> int:
    from clinicdesk.services import audit_key

    source = Path(args.from_file)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise ValidationError(
            _("Could not read {source}: {value}.").format(
                source=source, value=error.strerror or error
            )
        ) from None
    key = audit_key.save_key(audit_key.import_text(text, str(source)))
    print(
        _("Installed the audit key of clinic {clinic_uuid} in {where}.").format(
            clinic_uuid=key.clinic_uuid, where=key.where
        )
    )
    return 0


def register(subparsers: Subparsers) -> None:
    actions = group(subparsers, "audit", "the audit trail")
    add_json(
        command(
            actions,
            "verify",
            cmd_audit_verify,
            "check the audit trail's keyed chain, and the hub's copy of its head",
        )
    )
    key_group = group(actions, "key", "the clinic's audit key (kept outside the database)")
    command(key_group, "create", cmd_audit_key_create, "seal the trail with a new key from now on")
    export = command(key_group, "export", cmd_audit_key_export, "write a copy of the key (0600)")
    export.add_argument("--to", required=True, metavar="FILE", help=_("a new file"))
    install = command(
        key_group, "install", cmd_audit_key_install, "keep a copy of the key in this keyring"
    )
    install.add_argument("--from", dest="from_file", required=True, metavar="FILE")
