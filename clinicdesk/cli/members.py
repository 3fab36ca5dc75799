"""`clinicdesk members …`: the member register, its printed forms, share certificates and
the patronage dividend."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from clinicdesk.cli._common import cli_principal, database, print_json
from clinicdesk.cli._parsing import Subparsers, add_json, command, date_arg, group
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _


def _money_arg(text: str) -> Decimal:
    """An amount by the one money rule (domain/money); the sign is left to the service."""
    from clinicdesk.domain.money import MoneyError, parse_money

    try:
        return parse_money(text, allow_negative=True)
    except MoneyError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def cmd_members_import(args: argparse.Namespace) -> int:
    from clinicdesk.services import members

    with database(args) as db, db.uow() as uow:
        report = members.import_csv(uow, cli_principal(), Path(args.file), commit=not args.dry_run)
    for line in report.errors:
        print(f"clinicdesk: {line}", file=sys.stderr)
    if report.errors:
        print(
            _("Nothing was imported. Correct the lines named above and import the file again."),
            file=sys.stderr,
        )
        return 2
    span = (
        f" (register numbers {report.first_register_no}–{report.last_register_no})"
        if report.first_register_no is not None
        else ""
    )
    verb = "Imported" if report.committed else "Would import (dry run, nothing stored)"
    print(
        _("{verb} {members} members and {entries} ledger entries{span}.").format(
            verb=verb, members=report.members, entries=report.entries, span=span
        )
    )
    return 0


def cmd_members_dividend(args: argparse.Namespace) -> int:
    from clinicdesk.services import members

    if args.notices and not args.record:
        raise ValidationError(
            _("Notices are printed for a recorded dividend."),
            hint=_("Add --record, or leave out --notices to preview."),
        )
    with database(args) as db, db.uow() as uow:
        info = members.allocate_dividend(
            uow,
            cli_principal(),
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
            members.write_dividend_notices(uow, cli_principal(), info, Path(args.notices))
    if args.json:
        print_json(
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
        print(
            _("{number:>6} {name:<40} {basis:>12} {amount:>12}").format(
                number=number, name=name, basis=basis, amount=amount
            )
        )
    state = f"Recorded as allocation {info.id}" if info.id else "Preview only (add --record)"
    print(
        _("{state}: {total} to {parts} members. {rounding_rule}").format(
            state=state, total=info.total, parts=len(info.parts), rounding_rule=info.rounding_rule
        )
    )
    return 0


def cmd_members_list(args: argparse.Namespace) -> int:
    from clinicdesk.services import members

    as_of = args.as_of or date.today()
    with database(args) as db, db.uow() as uow:
        register = members.register_as_of(
            uow, cli_principal(), as_of, include_former=True, purpose="list"
        )
    if args.json:
        print_json({"as_of": as_of.isoformat(), "members": [x.as_json() for x in register.lines]})
        return 0
    for x in register.lines:
        print(
            _(
                "{register_no:>6} {name:<40} {member_class:<10} {value:<10} "
                "{shares:>5} {paid_up:>12}"
            ).format(
                register_no=x.register_no,
                name=x.name,
                member_class=x.member_class,
                value=x.status.value,
                shares=x.shares,
                paid_up=x.paid_up,
            )
        )
    return 0


def cmd_members_register(args: argparse.Namespace) -> int:
    from clinicdesk.services import members

    out = Path(args.out)
    with database(args) as db, db.uow() as uow:
        register = members.write_register_pdf(uow, cli_principal(), args.as_of, out)
    print(
        _("Register as of {as_of} ({lines} members): {out}").format(
            as_of=args.as_of.isoformat(), lines=len(register.lines), out=out
        )
    )
    return 0


def cmd_members_voters(args: argparse.Namespace) -> int:
    from clinicdesk.services import members

    with database(args) as db, db.uow() as uow:
        actor = cli_principal()
        if args.out:
            voters = members.write_register_pdf(uow, actor, args.as_of, Path(args.out), voters=True)
        else:
            purpose = "json" if args.json else "list"
            voters = members.voters_as_of(uow, actor, args.as_of, purpose=purpose)
    if args.json:
        print_json(
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
            print(_("{register_no:>6} {name}").format(register_no=x.register_no, name=x.name))
    else:
        print(
            _("Voter list as of {as_of} ({lines}): {out}").format(
                as_of=args.as_of.isoformat(), lines=len(voters.lines), out=args.out
            )
        )
    return 0


def cmd_members_export(args: argparse.Namespace) -> int:
    from clinicdesk.services import members

    with database(args) as db, db.uow() as uow:
        rows = members.export_csv(uow, cli_principal(), Path(args.out), args.as_of)
    print(_("Wrote {rows} members to {out}").format(rows=rows, out=args.out))
    return 0


def cmd_members_certificate(args: argparse.Namespace) -> int:
    from clinicdesk.services import members

    with database(args) as db:
        actor = cli_principal()
        with db.uow(read_only=True) as uow:
            member = members.find_member(uow, actor, args.register_no)
        with db.uow() as uow:
            cert = members.write_certificate_pdf(
                uow, actor, member.id, args.share_class, args.as_of or date.today(), Path(args.out)
            )
    print(_("Certificate {code} written to {out}").format(code=cert.code, out=args.out))
    return 0


def cmd_members_verify(args: argparse.Namespace) -> int:
    from clinicdesk.services import members

    with database(args) as db, db.uow() as uow:
        check = members.verify_certificate(uow, cli_principal(), args.code)
    print(
        _(
            "Genuine: member {register_no} ({name}) held {shares} class "
            "{share_class} shares on {as_of}."
        ).format(
            register_no=check.register_no,
            name=check.name,
            shares=check.shares,
            share_class=check.share_class,
            as_of=check.as_of.isoformat(),
        )
    )
    if not check.matches_ledger:
        print(
            _("But the ledger now says {held_then} on that date (corrected since).").format(
                held_then=check.held_then
            ),
            file=sys.stderr,
        )
        return 1
    print(
        _("The ledger agrees; the member holds {held_now} such shares today.").format(
            held_now=check.held_now
        )
    )
    return 0


def register(subparsers: Subparsers) -> None:
    actions = group(subparsers, "members", "the member register")
    imp = command(actions, "import", cmd_members_import, "import a legacy register from a CSV file")
    imp.add_argument("file", metavar="FILE.csv")
    imp.add_argument("--dry-run", action="store_true", help=_("check and report; store nothing"))
    mls = command(actions, "list", cmd_members_list, "list the members (as of a date)")
    add_json(mls)
    mls.add_argument("--as-of", type=date_arg, metavar="DATE", help=_("default: today"))
    reg = command(actions, "register", cmd_members_register, "print the register as of a date")
    reg.add_argument("--as-of", type=date_arg, required=True, metavar="DATE")
    reg.add_argument("--out", required=True, metavar="FILE.pdf")
    vot = command(actions, "voters", cmd_members_voters, "the voter list as of a date")
    vot.add_argument("--as-of", type=date_arg, required=True, metavar="DATE")
    add_json(vot)
    vot.add_argument("--out", metavar="FILE.pdf")
    exp = command(actions, "export", cmd_members_export, "the register as CSV")
    exp.add_argument("--as-of", type=date_arg, required=True, metavar="DATE")
    exp.add_argument("--out", required=True, metavar="FILE.csv")
    cer = command(actions, "certificate", cmd_members_certificate, "print a share certificate")
    cer.add_argument("register_no", type=int, metavar="NUMBER")
    cer.add_argument("--class", dest="share_class", default="A", metavar="CODE")
    cer.add_argument("--as-of", type=date_arg, metavar="DATE", help=_("default: today"))
    cer.add_argument("--out", required=True, metavar="FILE.pdf")
    command(actions, "verify", cmd_members_verify, "check a share certificate's code").add_argument(
        "code"
    )
    div = command(
        actions,
        "dividend",
        cmd_members_dividend,
        "allocate a patronage dividend (preview by default)",
    )
    div.add_argument("--year", type=int, required=True)
    div.add_argument("--surplus", type=_money_arg, required=True, metavar="AMOUNT")
    div.add_argument("--basis", choices=["paid_capital", "visits"], default="paid_capital")
    div.add_argument("--threshold", type=_money_arg, default=Decimal("0.00"), metavar="BASIS")
    div.add_argument("--title")
    div.add_argument("--declared-on", type=date_arg, metavar="DATE")
    div.add_argument("--approval", metavar="REF", help=_("the meeting that declared it"))
    div.add_argument("--record", action="store_true", help=_("store the allocation"))
    div.add_argument("--notices", metavar="FILE.pdf", help=_("print the members' notices"))
    add_json(div)
