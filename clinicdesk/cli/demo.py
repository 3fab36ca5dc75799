"""`clinicdesk demo create`: fill an empty database with a demo clinic."""

from __future__ import annotations

import argparse

from clinicdesk.cli._common import database
from clinicdesk.cli._parsing import Subparsers, command, group
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _


def cmd_demo_create(args: argparse.Namespace) -> int:
    from clinicdesk.services import demo, setup

    with database(args, sign_in=False) as db:
        with db.uow() as uow:
            if setup.is_initialised(uow):
                raise ValidationError(
                    _("The database already holds a clinic."),
                    hint=_("Point --db at a new, empty database for the demo."),
                )
        with db.uow() as uow:
            count = demo.DEMO_PATIENTS if args.patients is None else args.patients
            summary = demo.create(uow, seed=args.seed, patients=count)
    print(
        _("Demo clinic “{clinic_name}” created in {description}.").format(
            clinic_name=summary.clinic_name, description=db.description
        )
    )
    print(_("Patients: {patients}").format(patients=summary.patients))
    print(
        _("Users: {value}; password for all: {password}").format(
            value=", ".join(summary.usernames), password=summary.password
        )
    )
    return 0


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a whole number").format(text=text)
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError("give 0 or more")
    return value


def register(subparsers: Subparsers) -> None:
    actions = group(subparsers, "demo", "demo data")
    create = command(
        actions, "create", cmd_demo_create, "fill an empty database with a demo clinic"
    )
    create.add_argument("--seed", type=int, default=1, help=_("same seed, same clinic"))
    create.add_argument(
        "--patients",
        type=_non_negative_int,
        default=None,
        metavar="N",
        help=_("how many demo patients (default: a small clinic of a few hundred)"),
    )
