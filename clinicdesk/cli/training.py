"""`clinicdesk training …`: the compliance status, recording outside certificates, the
matrix as PDF or CSV, staff without a login, and checking a certificate's code."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from clinicdesk.cli._common import cli_principal, database, print_json
from clinicdesk.cli._parsing import Subparsers, add_json, command, date_arg, group
from clinicdesk.errors import StorageError, ValidationError
from clinicdesk.i18n import _


def cmd_training_status(args: argparse.Namespace) -> int:
    from clinicdesk.services import training

    with database(args) as db, db.uow() as uow:
        matrix = training.compliance_matrix(uow, cli_principal(), args.as_of)
    if args.json:
        print_json(
            {
                "as_of": matrix.as_of.isoformat(),
                "reminder_offsets": list(matrix.reminder_offsets),
                "counts": {s.value: n for s, n in matrix.counts.items()},
                "requirements": [
                    {
                        "id": r.requirement_id,
                        "version": r.version,
                        "title": r.title,
                        "roles": [role.value for role in r.roles],
                        "recurrence_months": r.recurrence_months,
                        "grace_days": r.grace_days,
                        "local": r.local,
                    }
                    for r in matrix.requirements
                ],
                "staff": [
                    {
                        "id": row.staff.id,
                        "name": row.staff.name,
                        "username": row.staff.username,
                        "job_roles": [role.value for role in row.staff.job_roles],
                        "cells": {
                            c.requirement_id: {
                                "state": c.state.value,
                                "completed_on": c.completed_on,
                                "expires_on": c.expires_on,
                                "due_on": c.due_on,
                                "days_left": c.days_left,
                            }
                            for c in row.cells
                        },
                    }
                    for row in matrix.rows
                ],
            }
        )
        return 0
    print(
        _("Training as of {as_of}: {rows} staff").format(
            as_of=matrix.as_of.isoformat(), rows=len(matrix.rows)
        )
    )
    for requirement in matrix.requirements:
        states: dict[str, int] = {}
        for row in matrix.rows:
            cell = matrix.cell(row.staff.id, requirement.requirement_id)
            if cell is not None:
                states[cell.state.label] = states.get(cell.state.label, 0) + 1
        summary = ", ".join(f"{label} {n}" for label, n in sorted(states.items()))
        print(f"  {requirement.requirement_id} v{requirement.version}: {summary}")
    due = [(row.staff.name, c) for row in matrix.rows for c in row.cells if c.state.needs_action]
    for name, cell in sorted(due, key=lambda d: (d[1].due_on or date.min, d[0])):
        when = f" ({cell.due_on.isoformat()})" if cell.due_on else ""
        print(f"  ! {name}: {cell.requirement_id} {cell.state.label.lower()}{when}")
    return 0


def cmd_training_record(args: argparse.Namespace) -> int:
    from clinicdesk.services import training

    evidence = name = None
    if args.evidence:
        path = Path(args.evidence)
        try:
            if path.stat().st_size > training.MAX_EVIDENCE_BYTES:
                raise ValidationError(
                    _("The evidence file {name} is larger than {value} MB.").format(
                        name=path.name, value=training.MAX_EVIDENCE_BYTES // (1024 * 1024)
                    ),
                    field="evidence",
                )
            evidence = path.read_bytes()
        except OSError as error:
            raise StorageError(
                _("Could not read {path}: {value}.").format(
                    path=path, value=error.strerror or error
                )
            ) from error
        name = path.name
    with database(args) as db, db.uow() as uow:
        info = training.record_completion(
            uow,
            cli_principal(),
            args.staff,
            args.requirement,
            args.on,
            provider=args.provider,
            external_code=args.certificate,
            evidence=evidence,
            evidence_name=name,
        )
    until = f", valid until {info.expires_on.isoformat()}" if info.expires_on else ""
    print(
        _(
            "Recorded {requirement_id} v{requirement_version} for "
            "{staff_name} on {completed_on}{until}. Verification code: "
            "{certificate_code}"
        ).format(
            requirement_id=info.requirement_id,
            requirement_version=info.requirement_version,
            staff_name=info.staff_name,
            completed_on=info.completed_on.isoformat(),
            until=until,
            certificate_code=info.certificate_code,
        )
    )
    return 0


def cmd_training_matrix(args: argparse.Namespace) -> int:
    from clinicdesk.services import training

    with database(args) as db, db.uow() as uow:
        people = training.export_matrix(uow, cli_principal(), Path(args.out), args.as_of)
    print(
        _("Wrote the training matrix ({people} staff) to {out}").format(people=people, out=args.out)
    )
    return 0


def _staff_json(person: Any) -> dict[str, object]:
    return {
        "id": person.id,
        "ref": person.ref,
        "name": person.name,
        "username": person.username,
        "job_roles": [r.value for r in person.job_roles],
        "job_title": person.job_title,
        "start_on": person.start_on,
        "end_on": person.end_on,
    }


def cmd_training_staff_list(args: argparse.Namespace) -> int:
    from clinicdesk.services import training

    with database(args) as db, db.uow() as uow:
        people = training.list_staff(uow, cli_principal(), include_ended=args.all)
    if args.json:
        print_json([_staff_json(p) for p in people])
        return 0
    for p in people:
        roles = ",".join(r.value for r in p.job_roles) or "-"
        login = p.username or "(no login)"
        left = f" left {p.end_on.isoformat()}" if p.end_on else ""
        print(
            _("{id:>5} {name:<32} {login:<16} {roles:<28} from {start_on}{left}").format(
                id=p.id, name=p.name, login=login, roles=roles, start_on=p.start_on, left=left
            )
        )
    return 0


def cmd_training_staff_add(args: argparse.Namespace) -> int:
    from clinicdesk.domain.roles import Role
    from clinicdesk.services import training

    try:
        roles = [Role.parse(r) for r in args.role]
    except ValueError as error:
        raise ValidationError(str(error), field="role") from None
    with database(args) as db, db.uow() as uow:
        person = training.add_staff(
            uow,
            cli_principal(),
            args.name,
            roles,
            args.start or date.today(),
            job_title=args.title,
        )
    print(
        _("Added {name} (staff {id}), on staff from {start_on}.").format(
            name=person.name, id=person.id, start_on=person.start_on
        )
    )
    return 0


def cmd_training_staff_end(args: argparse.Namespace) -> int:
    from clinicdesk.services import training

    with database(args) as db, db.uow() as uow:
        person = training.end_staff(uow, cli_principal(), args.staff, args.on)
    print(
        _("{name} is on staff until {end_on} (the first day no longer).").format(
            name=person.name, end_on=person.end_on
        )
    )
    return 0


def cmd_training_verify(args: argparse.Namespace) -> int:
    from clinicdesk.services import training

    with database(args) as db, db.uow() as uow:
        check = training.verify_certificate(uow, cli_principal(), args.code)
    if not check.genuine:
        print(_("Not genuine: {message}").format(message=check.message), file=sys.stderr)
        return 1
    print(
        _(
            "{message} {staff_name}: {requirement_title} "
            "({requirement_id}), completed {completed_on}."
        ).format(
            message=check.message,
            staff_name=check.staff_name,
            requirement_title=check.requirement_title,
            requirement_id=check.requirement_id,
            completed_on=check.completed_on,
        )
    )
    return 0 if check.status == "valid" else 1


def register(subparsers: Subparsers) -> None:
    actions = group(subparsers, "training", "staff training: status, records, the matrix")
    status = command(actions, "status", cmd_training_status, "everyone's training state")
    status.add_argument("--as-of", type=date_arg, metavar="DATE", help=_("default: today"))
    add_json(status)
    record = command(
        actions, "record", cmd_training_record, "record training done elsewhere (a certificate)"
    )
    record.add_argument("staff", metavar="USER|STAFF_ID")
    record.add_argument("--requirement", required=True, metavar="ID")
    record.add_argument("--on", type=date_arg, required=True, metavar="DATE")
    record.add_argument("--certificate", metavar="CODE", help=_("the provider's certificate code"))
    record.add_argument("--provider", metavar="NAME")
    record.add_argument("--evidence", metavar="FILE", help=_("a PDF, PNG or JPEG of at most 5 MB"))
    matrix = command(actions, "matrix", cmd_training_matrix, "the compliance matrix as PDF or CSV")
    matrix.add_argument("--out", required=True, metavar="FILE.pdf|FILE.csv")
    matrix.add_argument("--as-of", type=date_arg, metavar="DATE", help=_("default: today"))
    staff = group(actions, "staff", "staff, with or without a login")
    listing = command(staff, "list", cmd_training_staff_list, "everyone on staff")
    listing.add_argument("--all", action="store_true", help=_("also those who left"))
    add_json(listing)
    add = command(staff, "add", cmd_training_staff_add, "add someone without a login")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", action="append", default=[], metavar="ROLE", help=_("job role"))
    add.add_argument("--title", metavar="TEXT", help=_("job title, e.g. Cleaner"))
    add.add_argument("--start", type=date_arg, metavar="DATE", help=_("default: today"))
    end = command(staff, "end", cmd_training_staff_end, "record that someone left")
    end.add_argument("staff", metavar="USER|STAFF_ID")
    end.add_argument("--on", type=date_arg, required=True, metavar="DATE")
    verify = command(actions, "verify", cmd_training_verify, "check a training certificate's code")
    verify.add_argument("code")
