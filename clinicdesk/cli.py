"""The command line: the GUI by default, sub-commands for headless work.

The CLI and the GUI are two doors into the same services. Known errors print their
message (and what to do) to stderr and exit with the error's code; bugs print a
traceback and exit 70.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from clinicdesk import __version__
from clinicdesk.errors import ValidationError, run_command

if TYPE_CHECKING:
    from clinicdesk.db.unit_of_work import Database
    from clinicdesk.domain.roles import Principal
    from clinicdesk.services.patient_import import ImportReport


def _cli_principal() -> Principal:
    from clinicdesk.domain.roles import system_principal

    try:
        who = getpass.getuser()
    except Exception:  # getuser raises several kinds where no name is known
        who = "unknown"
    return system_principal(f"cli:{who}")


def _read_password(args: argparse.Namespace, prompt: str = "Password: ") -> str:
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise ValidationError("No password arrived on standard input.")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise ValidationError(
            "No terminal to ask for a password.", hint="Pass --password-stdin and pipe it in."
        )
    first = getpass.getpass(prompt)
    second = getpass.getpass("Again: ")
    if first != second:
        raise ValidationError("The two passwords differ.")
    return first


@contextmanager
def _database(args: argparse.Namespace, *, upgrade: bool = True) -> Iterator[Database]:
    """The database named by --db (or the defaults), upgraded unless told otherwise, and
    closed afterwards."""
    from clinicdesk.app import open_database

    db = open_database(args.db, upgrade=upgrade)
    try:
        yield db
    finally:
        db.dispose()


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, indent=2, default=str, ensure_ascii=False)
    sys.stdout.write("\n")


# --- db ------------------------------------------------------------------------------


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from clinicdesk.db import migrate

    with _database(args, upgrade=False) as db:
        before = migrate.upgrade(db)
        after = migrate.status(db)
    if before.current == after.current:
        print(f"The database is up to date (schema {after.current}).")
    else:
        print(f"Upgraded the database from {before.current or 'empty'} to {after.current}.")
    return 0


def cmd_db_check(args: argparse.Namespace) -> int:
    from clinicdesk.db import migrate

    with _database(args, upgrade=False) as db:
        problems = migrate.check(db)
    if problems:
        print("The database schema does not match this version of ClinicDesk:", file=sys.stderr)
        for line in problems:
            print(f"  - {line}", file=sys.stderr)
        return 1
    print(f"The database schema matches the program (schema {migrate.head_revision()}).")
    return 0


def cmd_db_backup(args: argparse.Namespace) -> int:
    from clinicdesk.services import maintenance

    with _database(args) as db:
        target = maintenance.backup(db, _cli_principal(), Path(args.to))
    print(f"Backup written to {target}")
    return 0


# --- setup and users -------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from clinicdesk.services import setup

    password = _read_password(args, "Password for the administrator: ")
    with _database(args) as db, db.uow() as uow:
        setup.initialise(uow, args.clinic_name, args.admin, args.admin_name or "", password)
    print(f"Created clinic “{args.clinic_name}” with administrator {args.admin}.")
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    from clinicdesk.services import users

    password = _read_password(args)
    with _database(args) as db, db.uow() as uow:
        info = users.add_user(
            uow,
            _cli_principal(),
            args.username,
            args.display_name or args.username,
            args.role,
            password,
            must_change_password=args.must_change_password,
        )
    print(f"Added {info.username} ({info.roles_label}).")
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    from clinicdesk.services import users

    with _database(args) as db, db.uow() as uow:
        rows = users.list_users(uow, _cli_principal())
    if args.json:
        _print_json(
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
        print(f"{u.username:<24} {u.display_name:<30} {u.roles_label:<30} {state}")
    return 0


def cmd_users_disable(args: argparse.Namespace) -> int:
    from clinicdesk.services import users

    with _database(args) as db, db.uow() as uow:
        users.set_active(uow, _cli_principal(), args.username, False)
    print(f"Disabled {args.username}.")
    return 0


def cmd_users_enable(args: argparse.Namespace) -> int:
    from clinicdesk.services import users

    with _database(args) as db, db.uow() as uow:
        users.set_active(uow, _cli_principal(), args.username, True)
    print(f"Enabled {args.username}.")
    return 0


def cmd_users_set_password(args: argparse.Namespace) -> int:
    from clinicdesk.services import users

    password = _read_password(args, f"New password for {args.username}: ")
    with _database(args) as db, db.uow() as uow:
        users.reset_password(
            uow,
            _cli_principal(),
            args.username,
            password,
            must_change_password=args.must_change_password,
        )
    print(f"Set a new password for {args.username}.")
    return 0


# --- audit -------------------------------------------------------------------------------


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from clinicdesk.services import audit

    with _database(args) as db, db.uow() as uow:
        result = audit.verify(uow, _cli_principal())
    if args.json:
        _print_json(
            {
                "ok": result.ok,
                "checked": result.checked,
                "broken_seq": result.broken_seq,
                "problem": result.problem,
            }
        )
    else:
        print(result.message, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


# --- federation -------------------------------------------------------------------------------


def _read_api_key(args: argparse.Namespace) -> str:
    if args.api_key_stdin:
        line = sys.stdin.readline()
        if not line.strip():
            raise ValidationError("No API key arrived on standard input.")
        return line.strip()
    if not sys.stdin.isatty():
        raise ValidationError(
            "No terminal to ask for the API key.", hint="Pass --api-key-stdin and pipe it in."
        )
    return getpass.getpass("Federation API key: ").strip()


def cmd_federation_connect(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from clinicdesk.federation.client import check_ca_bundle, check_hub_url
    from clinicdesk.local_settings import load_local_settings, save_local_settings
    from clinicdesk.services import federation_link

    hub_url = check_hub_url(args.hub)
    ca_bundle = check_ca_bundle(args.ca_bundle) if args.ca_bundle else None
    key = _read_api_key(args)
    with _database(args) as db:
        done = federation_link.connect_with_key(
            db, _cli_principal(), hub_url, args.clinic_id, key, ca_bundle=ca_bundle
        )
    if ca_bundle is not None:
        save_local_settings(replace(load_local_settings(), federation_ca_bundle=ca_bundle))
        print(f"This computer trusts {ca_bundle} for the hub's certificate.")
    print(f"Connected to {done.link.hub_url} as “{done.clinic_name}” ({done.link.clinic_id}).")
    return 0


def cmd_federation_disconnect(args: argparse.Namespace) -> int:
    from clinicdesk.services import federation_link

    with _database(args) as db, db.uow() as uow:
        done = federation_link.disconnect_and_forget(uow, _cli_principal())
    if done.previous is None:
        print("This clinic was not connected to a federation hub.")
        return 0
    if done.keyring_note:
        print(f"clinicdesk: note: {done.keyring_note}", file=sys.stderr)
    said = "; its API key was removed from the keyring" if done.key_removed else ""
    print(f"Disconnected from {done.previous.hub_url}{said}.")
    return 0


def cmd_federation_status(args: argparse.Namespace) -> int:
    from clinicdesk.services import federation_link

    with _database(args) as db, db.uow(read_only=True) as uow:
        status = federation_link.link_status(uow)
    if args.json:
        _print_json(status.as_json())
        return 0
    if not status.connected:
        print("Not connected to a federation hub.")
    else:
        print(f"Connected to {status.hub_url} as clinic {status.clinic_id}.")
    print(f"Last sync: {status.last_sync_at or 'never'}")
    for name, cursor in status.cursors.items():
        if cursor.last_error:
            print(f"Last error receiving {name} ({cursor.last_error_at}): {cursor.last_error}")
    outbox = status.outbox
    print(
        f"Outbox: {status.waiting} waiting, {outbox.get('dead', 0)} stopped, "
        f"{outbox.get('sent', 0)} sent"
    )
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from clinicdesk.services.sync import SyncEngine

    with _database(args) as db:
        report = SyncEngine(db).run_once()
    if args.json:
        _print_json(report.as_json())
    else:
        pulled = ", ".join(f"{count} {name}" for name, count in report.pulled.items())
        print(f"Received {pulled}; sent {report.pushed}.")
        print(f"Waiting: {report.pending}; stopped (need a person): {report.dead}.")
        for line in report.errors:
            print(f"clinicdesk: {line}", file=sys.stderr)
    return report.exit_code


# --- revenue -------------------------------------------------------------------------------


def _print_period(info: object) -> None:
    from clinicdesk.domain.revenue import CATEGORY_NAMES
    from clinicdesk.services.revenue import PeriodInfo

    assert isinstance(info, PeriodInfo)
    print(f"{info.period}: {info.status_label}")
    for line in info.lines:
        name = CATEGORY_NAMES[line.category] + (f" / {line.label}" if line.label else "")
        print(f"  {name:<50} {line.amount:>14,.2f}")
    print(f"  {'Total revenue':<50} {info.total:>14,.2f}")
    if info.contribution is not None:
        print(
            f"  Contribution: {info.contribution:,.2f} = {info.contributable_base:,.2f} x "
            f"{info.rate} ({info.rate_standard_id} v{info.rate_standard_version})"
        )
    if info.due_on is not None:
        print(f"  Due on {info.due_on.isoformat()}" + (" (overdue)" if info.overdue else ""))
    for sub in info.submissions:
        receipt = (
            f"receipt {sub.receipt_id} at {sub.received_at}"
            if sub.receipt_id
            else f"waiting to send ({sub.outbox_state})"
        )
        delta = f", delta {sub.delta:+,.2f}" if sub.sequence else ""
        print(f"  {sub.kind_label}: {sub.amount:,.2f}{delta}; {receipt}")


def _show_or_json(args: argparse.Namespace, info: object) -> int:
    if getattr(args, "json", False):
        _print_json(info.as_json())  # type: ignore[attr-defined]
    else:
        _print_period(info)
    return 0


def cmd_revenue_set(args: argparse.Namespace) -> int:
    from clinicdesk.services import revenue

    lines = revenue.parse_lines(args.line)
    with _database(args) as db, db.uow() as uow:
        info = revenue.set_lines(uow, _cli_principal(), args.period, lines)
    return _show_or_json(args, info)


def cmd_revenue_import(args: argparse.Namespace) -> int:
    from clinicdesk.domain.revenue import CATEGORY_NAMES
    from clinicdesk.services import revenue

    try:
        data = Path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError(f"Could not read {args.file}: {error}") from error
    mapping = revenue.ColumnMapping(
        category=args.category_column, amount=args.amount_column, label=args.label_column
    )
    with _database(args) as db:
        with db.uow() as uow:
            preview = revenue.preview_csv(uow, _cli_principal(), args.period, data, mapping)
        print(f"{args.file}: {preview.rows_read} rows for {preview.period}")
        for code, amount in preview.totals.items():
            print(f"  {CATEGORY_NAMES[code]:<50} {amount:>14,.2f}")
        print(f"  {'Total revenue':<50} {preview.total:>14,.2f}")
        for problem in preview.problems:
            print(f"clinicdesk: {problem}", file=sys.stderr)
        if args.preview:
            print("Preview only: nothing was stored.")
            return 0 if preview.ok else 2
        with db.uow() as uow:
            info = revenue.import_csv(uow, _cli_principal(), args.period, data, mapping)
    print(f"Imported {len(info.lines)} lines into {info.period}.")
    return 0


def cmd_revenue_lock(args: argparse.Namespace) -> int:
    from clinicdesk.services import revenue

    with _database(args) as db, db.uow() as uow:
        info = revenue.lock(uow, _cli_principal(), args.period)
    return _show_or_json(args, info)


def cmd_revenue_submit(args: argparse.Namespace) -> int:
    from clinicdesk.services import revenue

    with _database(args) as db, db.uow() as uow:
        info = revenue.submit(uow, _cli_principal(), args.period)
    _show_or_json(args, info)
    if not args.json:
        print("Queued for the federation; it goes out with the next `clinicdesk sync`.")
    return 0


def cmd_revenue_amend(args: argparse.Namespace) -> int:
    from clinicdesk.services import revenue

    lines = revenue.parse_lines(args.line)
    with _database(args) as db, db.uow() as uow:
        info = revenue.amend(uow, _cli_principal(), args.period, lines, args.reason)
    return _show_or_json(args, info)


def cmd_revenue_show(args: argparse.Namespace) -> int:
    from clinicdesk.services import revenue

    with _database(args) as db, db.uow(read_only=True) as uow:
        info = revenue.show(uow, _cli_principal(), args.period)
    return _show_or_json(args, info)


def cmd_revenue_status(args: argparse.Namespace) -> int:
    from clinicdesk.services import revenue

    with _database(args) as db, db.uow(read_only=True) as uow:
        months = revenue.month_statuses(uow, _cli_principal(), months=args.months)
    if args.json:
        _print_json([m.as_json() for m in months])
        return 0
    for m in months:
        due = m.due_on.isoformat() if m.due_on else "—"
        amount = f"{m.contribution:,.2f}" if m.contribution is not None else ""
        print(f"{m.period}  {m.status_label:<40} due {due:<10} {amount:>12}")
    overdue = [m.period for m in months if m.overdue]
    if overdue:
        print(f"Overdue: {', '.join(overdue)}", file=sys.stderr)
    return 0


def cmd_report_revenue_statement(args: argparse.Namespace) -> int:
    from clinicdesk.services import revenue

    target = Path(args.out)
    with _database(args) as db, db.uow() as uow:
        pdf = revenue.export_statement(uow, _cli_principal(), args.period)
    try:
        target.write_bytes(pdf)
    except OSError as error:
        raise ValidationError(f"Could not write {target}: {error.strerror or error}") from error
    print(f"Statement for {args.period} written to {target}")
    return 0


def cmd_report_revenue_year(args: argparse.Namespace) -> int:
    from clinicdesk.services import revenue

    target = Path(args.out)
    with _database(args) as db, db.uow() as uow:
        pdf = revenue.export_year_summary(uow, _cli_principal(), args.year)
    try:
        target.write_bytes(pdf)
    except OSError as error:
        raise ValidationError(f"Could not write {target}: {error.strerror or error}") from error
    print(f"Summary for {args.year} written to {target}")
    return 0


# --- import ----------------------------------------------------------------------------------


def _print_import_report(report: ImportReport, as_json: bool) -> int:
    if as_json:
        _print_json(report.as_json())
    else:
        print(report.summary())
        for reason, count in sorted(report.skipped.items()):
            print(f"  skipped {count:>6}  {reason}")
        for note, count in sorted(report.notes.items()):
            print(f"  note    {count:>6}  {note}")
        for problem in report.problems:
            print(f"clinicdesk: {problem.file}: {problem.message}", file=sys.stderr)
    for error in report.errors:
        print(f"clinicdesk: {error.file}: {error.message}", file=sys.stderr)
    return report.exit_code


def cmd_import_fhir(args: argparse.Namespace) -> int:
    from clinicdesk.services import patient_import

    with _database(args) as db:
        report = patient_import.import_fhir(
            db, _cli_principal(), [Path(p) for p in args.paths], dry_run=args.dry_run
        )
    return _print_import_report(report, args.json)


def cmd_import_synthea_csv(args: argparse.Namespace) -> int:
    from clinicdesk.services import patient_import

    with _database(args) as db:
        report = patient_import.import_synthea_csv(
            db, _cli_principal(), Path(args.folder), dry_run=args.dry_run
        )
    return _print_import_report(report, args.json)


def _parse_map(pairs: Sequence[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, sep, field = pair.partition("=")
        if not sep or not column.strip() or not field.strip():
            raise ValidationError(
                f"--map {pair!r} is not COLUMN=FIELD.",
                hint="For example: --map Surname=family_name",
            )
        mapping[column.strip()] = field.strip()
    return mapping


def cmd_import_csv(args: argparse.Namespace) -> int:
    from clinicdesk.services import patient_import

    mapping = _parse_map(args.map or [])
    with _database(args) as db:
        report = patient_import.import_patients_csv(
            db, _cli_principal(), Path(args.file), mapping=mapping, dry_run=args.dry_run
        )
    return _print_import_report(report, args.json)


# --- members ----------------------------------------------------------------------------------


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date (YYYY-MM-DD)") from None


def cmd_members_import(args: argparse.Namespace) -> int:
    from clinicdesk.services import members

    with _database(args) as db, db.uow() as uow:
        report = members.import_csv(uow, _cli_principal(), Path(args.file), commit=not args.dry_run)
    for line in report.errors:
        print(f"clinicdesk: {line}", file=sys.stderr)
    if report.errors:
        print("Nothing was imported.", file=sys.stderr)
        return 2
    span = (
        f" (register numbers {report.first_register_no}–{report.last_register_no})"
        if report.first_register_no is not None
        else ""
    )
    verb = "Imported" if report.committed else "Would import (dry run, nothing stored)"
    print(f"{verb} {report.members} members and {report.entries} ledger entries{span}.")
    return 0


def _money_arg(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"“{text}” is not an amount") from None
    if not value.is_finite():
        raise argparse.ArgumentTypeError(f"“{text}” is not an amount")
    return value


def cmd_members_dividend(args: argparse.Namespace) -> int:
    from clinicdesk.reports.members import patronage_notices_pdf
    from clinicdesk.services import members

    if args.notices and not args.record:
        raise ValidationError(
            "Notices are printed for a recorded dividend.",
            hint="Add --record, or leave out --notices to preview.",
        )
    from clinicdesk.services.setup import clinic_info

    with _database(args) as db, db.uow() as uow:
        clinic = clinic_info(uow)
        info = members.allocate_dividend(
            uow,
            _cli_principal(),
            args.title or f"Patronage dividend {args.year}",
            args.year,
            args.surplus,
            args.basis,
            threshold=args.threshold,
            declared_on=args.declared_on,
            approval_ref=args.approval,
            record=args.record,
        )
    if args.notices:
        patronage_notices_pdf(info, clinic.name if clinic else "", Path(args.notices))
    if args.json:
        _print_json(
            {
                "id": info.id,
                "recorded": info.id is not None,
                "surplus": str(info.surplus),
                "total": str(info.total),
                "rule": info.rounding_rule,
                "parts": [
                    {"register_no": n, "name": name, "basis": str(b), "amount": str(a)}
                    for n, name, b, a in info.parts
                ],
                "below_threshold": info.below_threshold,
            }
        )
        return 0
    for number, name, basis, amount in info.parts:
        print(f"{number:>6} {name:<40} {basis:>12} {amount:>12}")
    state = f"Recorded as allocation {info.id}" if info.id else "Preview only (add --record)"
    print(f"{state}: {info.total} to {len(info.parts)} members. {info.rounding_rule}")
    return 0


def cmd_members_list(args: argparse.Namespace) -> int:
    from clinicdesk.services import members

    as_of = args.as_of or date.today()
    with _database(args) as db, db.uow() as uow:
        register = members.register_as_of(
            uow, _cli_principal(), as_of, include_former=True, purpose="list"
        )
    if args.json:
        _print_json({"as_of": as_of.isoformat(), "members": [x.as_json() for x in register.lines]})
        return 0
    for x in register.lines:
        print(
            f"{x.register_no:>6} {x.name:<40} {x.member_class:<10} {x.status.value:<10} "
            f"{x.shares:>5} {x.paid_up:>12}"
        )
    return 0


def cmd_members_register(args: argparse.Namespace) -> int:
    from clinicdesk.reports.members import register_pdf
    from clinicdesk.services import members

    with _database(args) as db, db.uow() as uow:
        register = members.register_as_of(uow, _cli_principal(), args.as_of, purpose="pdf")
    out = register_pdf(register, Path(args.out))
    print(f"Register as of {args.as_of.isoformat()} ({len(register.lines)} members): {out}")
    return 0


def cmd_members_voters(args: argparse.Namespace) -> int:
    from clinicdesk.reports.members import register_pdf
    from clinicdesk.services import members

    purpose = "pdf" if args.out else "json" if args.json else "list"
    with _database(args) as db, db.uow() as uow:
        voters = members.voters_as_of(uow, _cli_principal(), args.as_of, purpose=purpose)
    if args.out:
        register_pdf(voters, Path(args.out), voters=True)
    if args.json:
        _print_json(
            {
                "as_of": args.as_of.isoformat(),
                "rule": voters.voting_rule,
                "voters": [
                    {"register_no": x.register_no, "name": x.name, "member_class": x.member_class}
                    for x in voters.lines
                ],
            }
        )
    elif not args.out:
        for x in voters.lines:
            print(f"{x.register_no:>6} {x.name}")
    else:
        print(f"Voter list as of {args.as_of.isoformat()} ({len(voters.lines)}): {args.out}")
    return 0


def cmd_members_export(args: argparse.Namespace) -> int:
    from clinicdesk.services import members

    with _database(args) as db, db.uow() as uow:
        rows = members.export_csv(uow, _cli_principal(), Path(args.out), args.as_of)
    print(f"Wrote {rows} members to {args.out}")
    return 0


def cmd_members_certificate(args: argparse.Namespace) -> int:
    from clinicdesk.reports.members import certificate_pdf
    from clinicdesk.services import members

    actor = _cli_principal()
    with _database(args) as db:
        with db.uow(read_only=True) as uow:
            member = members.find_member(uow, actor, args.register_no)
        with db.uow() as uow:
            cert = members.issue_certificate(
                uow, actor, member.id, args.share_class, args.as_of or date.today()
            )
    certificate_pdf(cert, Path(args.out))
    print(f"Certificate {cert.code} written to {args.out}")
    return 0


def cmd_members_verify(args: argparse.Namespace) -> int:
    from clinicdesk.services import members

    with _database(args) as db, db.uow() as uow:
        check = members.verify_certificate(uow, _cli_principal(), args.code)
    print(
        f"Genuine: member {check.register_no} ({check.name}) held {check.shares} class "
        f"{check.share_class} shares on {check.as_of.isoformat()}."
    )
    if not check.matches_ledger:
        print(
            f"But the ledger now says {check.held_then} on that date (corrected since).",
            file=sys.stderr,
        )
        return 1
    print(f"The ledger agrees; the member holds {check.held_now} such shares today.")
    return 0


# --- care gaps and outreach ----------------------------------------------------------------


def _as_of(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            f"{text!r} is not a date.", hint="Write the date as YYYY-MM-DD, e.g. 2025-06-30."
        ) from None


def cmd_caregaps(args: argparse.Namespace) -> int:
    from clinicdesk.services import caregaps

    with _database(args) as db, db.uow() as uow:
        summary = caregaps.evaluate_clinic(
            uow, _cli_principal(), as_of=_as_of(args.as_of), clinician=args.clinician
        )
    if args.json:
        _print_json(
            {
                "as_of": summary.as_of.isoformat(),
                "clinician": summary.clinician,
                "patients": summary.patients,
                "results": summary.results,
                "standards": [
                    {
                        "id": c.standard_id,
                        "version": c.version,
                        "title": c.title,
                        "eligible": c.eligible,
                        "met": c.met,
                        "open": c.open,
                        "excluded": c.excluded,
                        "due_soon": c.due_soon,
                        "due": c.due,
                        "overdue": c.overdue,
                    }
                    for c in summary.standards
                ],
            }
        )
        return 0
    scope = f"panel of {summary.clinician}" if summary.clinician else "whole clinic"
    print(f"Care gaps as of {summary.as_of}, {scope}: {summary.patients} active patients.")
    print(f"{'standard':<42} {'version':>7} {'eligible':>9} {'met':>8} {'open':>8} {'excluded':>9}")
    for c in summary.standards:
        print(
            f"{c.standard_id:<42} {c.version:>7} {c.eligible:>9} {c.met:>8} {c.open:>8} "
            f"{c.excluded:>9}"
        )
    if not summary.standards:
        print("No care-gap standard is in force on that date.")
    return 0


def cmd_outreach(args: argparse.Namespace) -> int:
    from clinicdesk.services import outreach

    with _database(args) as db, db.uow() as uow:
        count = outreach.export_outreach(
            uow, _cli_principal(), args.standard, Path(args.out), clinician=args.clinician
        )
    print(f"Wrote {count} patient(s) with {args.standard} open to {args.out}.")
    return 0


# --- demo and self-test ----------------------------------------------------------------------


def cmd_demo_create(args: argparse.Namespace) -> int:
    from clinicdesk.services import demo, setup

    with _database(args) as db:
        with db.uow() as uow:
            if setup.is_initialised(uow):
                raise ValidationError(
                    "The database already holds a clinic.",
                    hint="Point --db at a new, empty database for the demo.",
                )
        with db.uow() as uow:
            count = demo.DEMO_PATIENTS if args.patients is None else args.patients
            summary = demo.create(uow, seed=args.seed, patients=count)
    print(f"Demo clinic “{summary.clinic_name}” created in {db.description}.")
    print(f"Patients: {summary.patients}")
    print(f"Users: {', '.join(summary.usernames)}; password for all: {summary.password}")
    return 0


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("give 0 or more")
    return value


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def cmd_attribution_run(args: argparse.Namespace) -> int:
    from clinicdesk.services import attribution

    with _database(args) as db, db.uow() as uow:
        result = attribution.run_attribution(uow, _cli_principal(), as_of=args.as_of)
    if args.json:
        _print_json(result.as_json())
        return 0
    print(
        f"Attribution as of {result.as_of.isoformat()}: {result.considered} patients with "
        f"recent visits; {result.assigned} newly attributed, {result.changed} moved, "
        f"{result.unchanged} unchanged, {result.kept_manual} kept (manual), "
        f"{result.kept_future} kept (attributed after that date)."
    )
    return 0


def cmd_self_test(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from clinicdesk.ui.selftest import run_self_test

    return run_self_test(verbose=args.verbose)


def cmd_gui(args: argparse.Namespace) -> int:
    if args.demo and args.db:
        # Refused here, on the terminal, before any window: only a demo clinic opens
        # without a password.
        from clinicdesk.errors import PermissionDenied
        from clinicdesk.services import demo

        with _database(args) as db, db.uow(read_only=True) as uow:
            if not demo.is_demo(uow):
                raise PermissionDenied(
                    "--demo with --db opens only a demo clinic made by `clinicdesk demo "
                    "create`; this database is a real clinic.",
                    hint="Leave out --demo and sign in with your user name and password.",
                )
    from clinicdesk.ui.application import run_gui

    return run_gui(db_url=args.db, demo=args.demo)


# --- parser --------------------------------------------------------------------------------


def _add_db(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # Sub-commands suppress the default so they do not overwrite a --db given before them.
    parser.add_argument(
        "--db",
        default=None if top else argparse.SUPPRESS,
        metavar="URL",
        help="database address: sqlite:///FILE or postgresql+psycopg://USER@HOST/DB "
        "(default: CLINICDESK_DB_URL, then Settings, then the file in your data folder)",
    )


def _add_password_stdin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clinicdesk",
        description="ClinicDesk: office software for a cooperative clinic. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"ClinicDesk {__version__}")
    _add_db(parser, top=True)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throw-away demo clinic, signed in as its manager (with --db: a demo "
        "clinic made by `demo create`, kept)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], help_text: str, group: object = sub
    ) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = group.add_parser(name, help=help_text, description=help_text)  # type: ignore[attr-defined]
        p.set_defaults(handler=handler)
        _add_db(p)
        return p

    db = sub.add_parser("db", help="database upkeep: upgrade, check, backup")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    command("upgrade", cmd_db_upgrade, "bring the database schema up to date", db_sub)
    command("check", cmd_db_check, "check that the schema matches this program", db_sub)
    backup = command("backup", cmd_db_backup, "write a consistent copy of the database", db_sub)
    backup.add_argument("--to", required=True, metavar="FILE", help="the new backup file")

    init = command("init", cmd_init, "create the clinic and its first administrator")
    init.add_argument("--clinic-name", required=True)
    init.add_argument("--admin", required=True, metavar="USERNAME")
    init.add_argument("--admin-name", metavar="DISPLAY_NAME")
    _add_password_stdin(init)

    users = sub.add_parser("users", help="user accounts")
    users_sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = command("add", cmd_users_add, "add a user account", users_sub)
    add.add_argument("username")
    add.add_argument("--display-name", metavar="NAME")
    add.add_argument(
        "--role",
        action="append",
        required=True,
        help="admin, manager, clinician or front_desk (repeat for several)",
    )
    add.add_argument(
        "--no-must-change-password",
        dest="must_change_password",
        action="store_false",
        help="do not ask the user to choose a new password at first sign-in",
    )
    _add_password_stdin(add)
    lst = command("list", cmd_users_list, "list user accounts", users_sub)
    lst.add_argument("--json", action="store_true")
    dis = command("disable", cmd_users_disable, "disable a user account", users_sub)
    dis.add_argument("username")
    ena = command("enable", cmd_users_enable, "enable a disabled account", users_sub)
    ena.add_argument("username")
    pw = command("set-password", cmd_users_set_password, "set a user's password", users_sub)
    pw.add_argument("username")
    pw.add_argument(
        "--must-change-password",
        action="store_true",
        help="ask the user to choose a new password at next sign-in",
    )
    _add_password_stdin(pw)

    aud = sub.add_parser("audit", help="the audit trail")
    aud_sub = aud.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    ver = command("verify", cmd_audit_verify, "check the audit trail's hash chain", aud_sub)
    ver.add_argument("--json", action="store_true")

    fed = sub.add_parser("federation", help="the link with the federation hub")
    fed_sub = fed.add_subparsers(dest="federation_command", metavar="ACTION", required=True)
    conn = command(
        "connect", cmd_federation_connect, "link this clinic to a federation hub", fed_sub
    )
    conn.add_argument("--hub", required=True, metavar="URL", help="the hub's address")
    conn.add_argument("--clinic-id", required=True, metavar="ID", help="the federation's id")
    conn.add_argument(
        "--api-key-stdin",
        action="store_true",
        help="read the API key from the first line of standard input",
    )
    conn.add_argument(
        "--ca-bundle",
        metavar="FILE",
        help="a PEM file of the federation's own certificate authority (kept for this "
        "computer; CLINICDESK_FEDERATION_CA_BUNDLE overrides it for scheduled runs)",
    )
    command(
        "disconnect",
        cmd_federation_disconnect,
        "unlink this clinic from its hub and remove the API key",
        fed_sub,
    )
    fst = command("status", cmd_federation_status, "show the link and the outbox", fed_sub)
    fst.add_argument("--json", action="store_true")
    syn = command("sync", cmd_sync, "one full sync with the federation hub")
    syn.add_argument("--json", action="store_true")

    rev = sub.add_parser("revenue", help="monthly revenue and the contribution to the federation")
    rev_sub = rev.add_subparsers(dest="revenue_command", metavar="ACTION", required=True)

    def period_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--period", required=True, metavar="YYYY-MM", help="the month")

    line_help = "CATEGORY=AMOUNT or CATEGORY/SUB-LINE=AMOUNT (repeat for several)"
    rset = command("set", cmd_revenue_set, "replace a draft month's revenue lines", rev_sub)
    period_arg(rset)
    rset.add_argument("--line", action="append", required=True, help=line_help)
    rset.add_argument("--json", action="store_true")
    rimp = command(
        "import", cmd_revenue_import, "replace a draft month's lines from a CSV file", rev_sub
    )
    period_arg(rimp)
    rimp.add_argument("file", metavar="FILE.csv")
    rimp.add_argument("--category-column", default="category", metavar="NAME")
    rimp.add_argument("--amount-column", default="amount", metavar="NAME")
    rimp.add_argument("--label-column", default="label", metavar="NAME")
    rimp.add_argument("--preview", action="store_true", help="show the totals, store nothing")
    rlock = command(
        "lock", cmd_revenue_lock, "freeze a month and compute its contribution", rev_sub
    )
    period_arg(rlock)
    rlock.add_argument("--json", action="store_true")
    rsub = command("submit", cmd_revenue_submit, "queue a locked month for the federation", rev_sub)
    period_arg(rsub)
    rsub.add_argument("--json", action="store_true")
    ramd = command("amend", cmd_revenue_amend, "correct a submitted month", rev_sub)
    period_arg(ramd)
    ramd.add_argument("--line", action="append", required=True, help=line_help)
    ramd.add_argument(
        "--reason",
        default="revenue_corrected",
        help="revenue_corrected, late_revenue, category_corrected, rate_corrected or other",
    )
    ramd.add_argument("--json", action="store_true")
    rshow = command("show", cmd_revenue_show, "one month with its submissions", rev_sub)
    period_arg(rshow)
    rshow.add_argument("--json", action="store_true")
    rst = command("status", cmd_revenue_status, "every month: status, due date, overdue", rev_sub)
    rst.add_argument("--months", type=int, metavar="N", help="only the last N months")
    rst.add_argument("--json", action="store_true")

    rep = sub.add_parser("report", help="printable reports (PDF)")
    rep_sub = rep.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    rstm = command(
        "revenue-statement", cmd_report_revenue_statement, "a month's revenue statement", rep_sub
    )
    period_arg(rstm)
    rstm.add_argument("--out", required=True, metavar="FILE.pdf")
    ryear = command(
        "revenue-year", cmd_report_revenue_year, "the year's revenue summary for the board", rep_sub
    )
    ryear.add_argument("--year", required=True, type=int, metavar="YYYY")
    ryear.add_argument("--out", required=True, metavar="FILE.pdf")
    imp = sub.add_parser("import", help="import patients and their clinical data")
    imp_sub = imp.add_subparsers(dest="import_command", metavar="FORMAT", required=True)
    fh = command(
        "fhir",
        cmd_import_fhir,
        "import FHIR R4 Bundles, resources or Bulk Data NDJSON (files or folders)",
        imp_sub,
    )
    fh.add_argument("paths", nargs="+", metavar="PATH")
    sy = command(
        "synthea-csv", cmd_import_synthea_csv, "import a Synthea CSV export folder", imp_sub
    )
    sy.add_argument("folder", metavar="DIR")
    cs = command("csv", cmd_import_csv, "import a practice-management patient list (CSV)", imp_sub)
    cs.add_argument("--kind", required=True, choices=["patients"], help="what the rows are")
    cs.add_argument("file", metavar="FILE")
    cs.add_argument(
        "--map",
        action="append",
        metavar="COLUMN=FIELD",
        help="read COLUMN as FIELD (mrn, family_name, given_names, birth_date, sex, phone, "
        "email, address, deceased_on); repeat for several",
    )
    for p in (fh, sy, cs):
        p.add_argument(
            "--dry-run", action="store_true", help="report what would change; write nothing"
        )
        p.add_argument("--json", action="store_true", help="print the report as JSON")
    mem = sub.add_parser("members", help="the member register")
    mem_sub = mem.add_subparsers(dest="members_command", metavar="ACTION", required=True)
    imp = command("import", cmd_members_import, "import a legacy register from a CSV file", mem_sub)
    imp.add_argument("file", metavar="FILE.csv")
    imp.add_argument("--dry-run", action="store_true", help="check and report; store nothing")
    mls = command("list", cmd_members_list, "list the members (as of a date)", mem_sub)
    mls.add_argument("--json", action="store_true")
    mls.add_argument("--as-of", type=_date_arg, metavar="DATE", help="default: today")
    reg = command("register", cmd_members_register, "print the register as of a date", mem_sub)
    reg.add_argument("--as-of", type=_date_arg, required=True, metavar="DATE")
    reg.add_argument("--out", required=True, metavar="FILE.pdf")
    vot = command("voters", cmd_members_voters, "the voter list as of a date", mem_sub)
    vot.add_argument("--as-of", type=_date_arg, required=True, metavar="DATE")
    vot.add_argument("--json", action="store_true")
    vot.add_argument("--out", metavar="FILE.pdf")
    exp = command("export", cmd_members_export, "the register as CSV", mem_sub)
    exp.add_argument("--as-of", type=_date_arg, required=True, metavar="DATE")
    exp.add_argument("--out", required=True, metavar="FILE.csv")
    cer = command("certificate", cmd_members_certificate, "print a share certificate", mem_sub)
    cer.add_argument("register_no", type=int, metavar="NUMBER")
    cer.add_argument("--class", dest="share_class", default="A", metavar="CODE")
    cer.add_argument("--as-of", type=_date_arg, metavar="DATE", help="default: today")
    cer.add_argument("--out", required=True, metavar="FILE.pdf")
    vfy = command("verify", cmd_members_verify, "check a share certificate's code", mem_sub)
    vfy.add_argument("code")
    div = command(
        "dividend",
        cmd_members_dividend,
        "allocate a patronage dividend (preview by default)",
        mem_sub,
    )
    div.add_argument("--year", type=int, required=True)
    div.add_argument("--surplus", type=_money_arg, required=True, metavar="AMOUNT")
    div.add_argument("--basis", choices=["paid_capital", "visits"], default="paid_capital")
    div.add_argument("--threshold", type=_money_arg, default=Decimal("0.00"), metavar="BASIS")
    div.add_argument("--title")
    div.add_argument("--declared-on", type=_date_arg, metavar="DATE")
    div.add_argument("--approval", metavar="REF", help="the meeting that declared it")
    div.add_argument("--record", action="store_true", help="store the allocation")
    div.add_argument("--notices", metavar="FILE.pdf", help="print the members' notices")
    div.add_argument("--json", action="store_true")
    gaps = command(
        "caregaps",
        cmd_caregaps,
        "evaluate every care-gap standard in force and print the counts per standard",
    )
    gaps.add_argument("--clinician", metavar="USER", help="only this clinician's panel")
    gaps.add_argument("--as-of", metavar="DATE", help="evaluate as of this day (default today)")
    gaps.add_argument("--json", action="store_true")
    out = command(
        "outreach",
        cmd_outreach,
        "export the patients with one care gap open, from the last care-gap run",
    )
    out.add_argument("--standard", required=True, metavar="ID", help="e.g. care-gap.lipid-panel")
    out.add_argument("--clinician", metavar="USER", help="only this clinician's panel")
    out.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="FILE.csv (spreadsheet) or FILE.pdf (call sheet)",
    )

    dem = sub.add_parser("demo", help="demo data")
    dem_sub = dem.add_subparsers(dest="demo_command", metavar="ACTION", required=True)
    create = command(
        "create", cmd_demo_create, "fill an empty database with a demo clinic", dem_sub
    )
    create.add_argument("--seed", type=int, default=1, help="same seed, same clinic")
    create.add_argument(
        "--patients",
        type=_non_negative_int,
        default=None,
        metavar="N",
        help="how many demo patients (default: a small clinic of a few hundred)",
    )

    att = sub.add_parser("attribution", help="attribute patients to clinicians")
    att_sub = att.add_subparsers(dest="attribution_command", metavar="ACTION", required=True)
    att_run = command(
        "run",
        cmd_attribution_run,
        "attribute every active patient to the clinician they saw most in 18 months",
        att_sub,
    )
    att_run.add_argument(
        "--as-of", type=_iso_date, default=None, metavar="DATE", help="YYYY-MM-DD (today)"
    )
    att_run.add_argument("--json", action="store_true")

    st = sub.add_parser(
        "self-test",
        help="open the window offscreen on a temporary database, sign in, visit every area",
    )
    st.set_defaults(handler=cmd_self_test)

    # Listed here for --help; `main` hands `clinicdesk hub …` to clinicdesk.hub.cli before
    # parsing, so the window's start-up never imports the hub's command table.
    from clinicdesk import cli_training

    cli_training.register(sub, command, _date_arg)
    sub.add_parser("hub", help="run and administer a federation hub (clinicdesk hub --help)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["hub"]:
        from clinicdesk.hub.cli import main as hub_main

        return hub_main(arguments[1:])
    parser = build_parser()
    args = parser.parse_args(arguments)
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", cmd_gui)
    from clinicdesk.app import configure_logging

    configure_logging(verbose=args.verbose, to_file=handler is cmd_gui)
    return run_command("clinicdesk", lambda: handler(args))
