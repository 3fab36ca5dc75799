"""`clinicdesk federation …` and `clinicdesk sync`: the link with the federation hub and
the scheduled sync."""

from __future__ import annotations

import argparse
import getpass
import logging
import sys

from clinicdesk.cli._common import cli_principal, database, print_json
from clinicdesk.cli._parsing import Subparsers, add_json, command, group
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _


def _read_api_key(args: argparse.Namespace) -> str:
    if args.api_key_stdin:
        line = sys.stdin.readline()
        if not line.strip():
            raise ValidationError(_("No API key arrived on standard input."))
        return line.strip()
    if not sys.stdin.isatty():
        raise ValidationError(
            _("No terminal to ask for the API key."), hint=_("Pass --api-key-stdin and pipe it in.")
        )
    return getpass.getpass("Federation API key: ").strip()


def cmd_federation_connect(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from clinicdesk.federation.address import check_ca_bundle, check_hub_url
    from clinicdesk.local_settings import load_local_settings, save_local_settings
    from clinicdesk.services import federation_link

    hub_url = check_hub_url(args.hub)
    ca_bundle = check_ca_bundle(args.ca_bundle) if args.ca_bundle else None
    key = _read_api_key(args)
    with database(args) as db:
        done = federation_link.connect_with_key(
            db, cli_principal(), hub_url, args.clinic_id, key, ca_bundle=ca_bundle
        )
    if ca_bundle is not None:
        save_local_settings(replace(load_local_settings(), federation_ca_bundle=ca_bundle))
        print(
            _("This computer trusts {ca_bundle} for the hub's certificate.").format(
                ca_bundle=ca_bundle
            )
        )
    print(
        _("Connected to {hub_url} as “{clinic_name}” ({clinic_id}).").format(
            hub_url=done.link.hub_url, clinic_name=done.clinic_name, clinic_id=done.link.clinic_id
        )
    )
    return 0


def cmd_federation_disconnect(args: argparse.Namespace) -> int:
    from clinicdesk.services import federation_link

    with database(args) as db, db.uow() as uow:
        done = federation_link.disconnect_and_forget(uow, cli_principal())
    if done.previous is None:
        print(_("This clinic was not connected to a federation hub."))
        return 0
    if done.keyring_note:
        print(f"clinicdesk: note: {done.keyring_note}", file=sys.stderr)
    said = "; its API key was removed from the keyring" if done.key_removed else ""
    print(_("Disconnected from {hub_url}{said}.").format(hub_url=done.previous.hub_url, said=said))
    return 0


def cmd_federation_status(args: argparse.Namespace) -> int:
    from clinicdesk.services import federation_link

    with database(args) as db, db.uow(read_only=True) as uow:
        status = federation_link.link_status(uow)
    if args.json:
        print_json(status.as_json())
        return 0
    if not status.connected:
        print(_("Not connected to a federation hub."))
    else:
        print(
            _("Connected to {hub_url} as clinic {clinic_id}.").format(
                hub_url=status.hub_url, clinic_id=status.clinic_id
            )
        )
    print(_("Last sync: {value}").format(value=status.last_sync_at or "never"))
    for name, cursor in status.cursors.items():
        if cursor.last_error:
            print(
                _("Last error receiving {name} ({last_error_at}): {last_error}").format(
                    name=name, last_error_at=cursor.last_error_at, last_error=cursor.last_error
                )
            )
    outbox = status.outbox
    print(
        _("Outbox: {waiting} waiting, {outbox} stopped, {outbox2} sent").format(
            waiting=status.waiting, outbox=outbox.get("dead", 0), outbox2=outbox.get("sent", 0)
        )
    )
    if status.update_available:
        from clinicdesk import __version__

        where = f": {status.client_download}" if status.client_download else ""
        print(
            _(
                "ClinicDesk {update_available} is available (this computer runs {version__}){where}"
            ).format(update_available=status.update_available, version__=__version__, where=where)
        )
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from clinicdesk.services.sync import SyncEngine

    with database(args) as db:
        report = SyncEngine(db).run_once()
    # One line per run in the log file, for whoever looks after a scheduled sync.
    logging.getLogger(__name__).info(
        "sync finished with exit code %d: sent %d, received %s, waiting %d, stopped %d, "
        "%d error(s)",
        report.exit_code,
        report.pushed,
        ", ".join(f"{count} {name}" for name, count in report.pulled.items()) or "nothing",
        report.pending,
        report.dead,
        len(report.errors),
    )
    if args.json:
        print_json(report.as_json())
    else:
        pulled = ", ".join(f"{count} {name}" for name, count in report.pulled.items())
        print(_("Received {pulled}; sent {pushed}.").format(pulled=pulled, pushed=report.pushed))
        print(
            _("Waiting: {pending}; stopped (need a person): {dead}.").format(
                pending=report.pending, dead=report.dead
            )
        )
        for line in report.errors:
            print(f"clinicdesk: {line}", file=sys.stderr)
    return report.exit_code


def register(subparsers: Subparsers) -> None:
    actions = group(subparsers, "federation", "the link with the federation hub")
    connect = command(
        actions, "connect", cmd_federation_connect, "link this clinic to a federation hub"
    )
    connect.add_argument("--hub", required=True, metavar="URL", help=_("the hub's address"))
    connect.add_argument("--clinic-id", required=True, metavar="ID", help=_("the federation's id"))
    connect.add_argument(
        "--api-key-stdin",
        action="store_true",
        help=_("read the API key from the first line of standard input"),
    )
    connect.add_argument(
        "--ca-bundle",
        metavar="FILE",
        help=_(
            "a PEM file of the federation's own certificate authority "
            "(kept for this computer; CLINICDESK_FEDERATION_CA_BUNDLE "
            "overrides it for scheduled runs)"
        ),
    )
    command(
        actions,
        "disconnect",
        cmd_federation_disconnect,
        "unlink this clinic from its hub and remove the API key",
    )
    add_json(command(actions, "status", cmd_federation_status, "show the link and the outbox"))
    sync = command(subparsers, "sync", cmd_sync, "one full sync with the federation hub")
    add_json(sync)
    sync.set_defaults(log_to_file=True)  # a line per run in the log, scheduled or not
