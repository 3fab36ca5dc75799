"""`clinicdesk revenue …` and `clinicdesk report …`: the monthly revenue, the contribution
to the federation, and the printed statements."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clinicdesk.cli._common import cli_principal, database, print_json, write_file
from clinicdesk.cli._parsing import Subparsers, add_json, command, group
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _

if TYPE_CHECKING:
    from clinicdesk.db.unit_of_work import UnitOfWork
    from clinicdesk.domain.roles import Principal
    from clinicdesk.services.revenue import PeriodInfo


def _print_period(info: PeriodInfo) -> None:
    from clinicdesk.domain.revenue import CATEGORY_NAMES

    print(_("{period}: {status_label}").format(period=info.period, status_label=info.status_label))
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


def _show_or_json(args: argparse.Namespace, info: PeriodInfo) -> int:
    if args.json:
        print_json(info.as_json())
    else:
        _print_period(info)
    return 0


def cmd_revenue_set(args: argparse.Namespace) -> int:
    from clinicdesk.services import revenue

    lines = revenue.parse_lines(args.line)
    with database(args) as db, db.uow() as uow:
        info = revenue.set_lines(uow, cli_principal(), args.period, lines)
    return _show_or_json(args, info)


def cmd_revenue_import(args: argparse.Namespace) -> int:
    from clinicdesk.domain.revenue import CATEGORY_NAMES
    from clinicdesk.services import revenue

    try:
        data = Path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError(
            _("Could not read {file}: {error}").format(file=args.file, error=error)
        ) from error
    mapping = revenue.ColumnMapping(
        category=args.category_column, amount=args.amount_column, label=args.label_column
    )
    with database(args) as db:
        with db.uow() as uow:
            preview = revenue.preview_csv(uow, cli_principal(), args.period, data, mapping)
        print(
            _("{file}: {rows_read} rows for {period}").format(
                file=args.file, rows_read=preview.rows_read, period=preview.period
            )
        )
        for code, amount in preview.totals.items():
            print(f"  {CATEGORY_NAMES[code]:<50} {amount:>14,.2f}")
        print(f"  {'Total revenue':<50} {preview.total:>14,.2f}")
        for problem in preview.problems:
            print(f"clinicdesk: {problem}", file=sys.stderr)
        if args.preview:
            print(_("Preview only: nothing was stored."))
            return 0 if preview.ok else 2
        with db.uow() as uow:
            info = revenue.import_csv(uow, cli_principal(), args.period, data, mapping)
    print(
        _("Imported {lines} lines into {period}.").format(lines=len(info.lines), period=info.period)
    )
    return 0


def cmd_revenue_lock(args: argparse.Namespace) -> int:
    from clinicdesk.services import revenue

    with database(args) as db, db.uow() as uow:
        info = revenue.lock(uow, cli_principal(), args.period, unfinished_ok=args.unfinished)
    return _show_or_json(args, info)


def cmd_revenue_unlock(args: argparse.Namespace) -> int:
    from clinicdesk.services import revenue

    with database(args) as db, db.uow() as uow:
        info = revenue.unlock(uow, cli_principal(), args.period)
    return _show_or_json(args, info)


def cmd_revenue_submit(args: argparse.Namespace) -> int:
    from clinicdesk.services import revenue

    with database(args) as db, db.uow() as uow:
        info = revenue.submit(uow, cli_principal(), args.period)
    _show_or_json(args, info)
    if not args.json:
        print(_("Queued for the federation; it goes out with the next `clinicdesk sync`."))
    return 0


def cmd_revenue_amend(args: argparse.Namespace) -> int:
    from clinicdesk.services import revenue

    lines = revenue.parse_lines(args.line)
    with database(args) as db, db.uow() as uow:
        info = revenue.amend(uow, cli_principal(), args.period, lines, args.reason)
    return _show_or_json(args, info)


def cmd_revenue_show(args: argparse.Namespace) -> int:
    from clinicdesk.services import revenue

    with database(args) as db, db.uow(read_only=True) as uow:
        info = revenue.show(uow, cli_principal(), args.period)
    return _show_or_json(args, info)


def cmd_revenue_status(args: argparse.Namespace) -> int:
    from clinicdesk.services import revenue

    with database(args) as db, db.uow(read_only=True) as uow:
        months = revenue.month_statuses(uow, cli_principal(), months=args.months)
    if args.json:
        print_json([m.as_json() for m in months])
        return 0
    for m in months:
        due = m.due_on.isoformat() if m.due_on else "—"
        amount = f"{m.contribution:,.2f}" if m.contribution is not None else ""
        print(
            _("{period}  {status_label:<40} due {due:<10} {amount:>12}").format(
                period=m.period, status_label=m.status_label, due=due, amount=amount
            )
        )
    overdue = [m.period for m in months if m.overdue]
    if overdue:
        print(_("Overdue: {value}").format(value=", ".join(overdue)), file=sys.stderr)
    return 0


def _write_report(
    args: argparse.Namespace, export: Callable[[UnitOfWork, Principal, Any], bytes], of: Any
) -> Path:
    target = Path(args.out)
    with database(args) as db, db.uow() as uow:
        pdf = export(uow, cli_principal(), of)
    write_file(target, pdf)
    return target


def cmd_report_revenue_statement(args: argparse.Namespace) -> int:
    from clinicdesk.services import revenue

    target = _write_report(args, revenue.export_statement, args.period)
    print(_("Statement for {period} written to {target}").format(period=args.period, target=target))
    return 0


def cmd_report_revenue_year(args: argparse.Namespace) -> int:
    from clinicdesk.services import revenue

    target = _write_report(args, revenue.export_year_summary, args.year)
    print(_("Summary for {year} written to {target}").format(year=args.year, target=target))
    return 0


def _add_period(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--period", required=True, metavar="YYYY-MM", help=_("the month"))
    return parser


_LINE_HELP = "CATEGORY=AMOUNT or CATEGORY/SUB-LINE=AMOUNT (repeat for several)"


def register(subparsers: Subparsers) -> None:
    actions = group(subparsers, "revenue", "monthly revenue and the contribution to the federation")
    rset = _add_period(
        command(actions, "set", cmd_revenue_set, "replace a draft month's revenue lines")
    )
    rset.add_argument("--line", action="append", required=True, help=_LINE_HELP)
    add_json(rset)
    rimp = _add_period(
        command(
            actions, "import", cmd_revenue_import, "replace a draft month's lines from a CSV file"
        )
    )
    rimp.add_argument("file", metavar="FILE.csv")
    rimp.add_argument("--category-column", default="category", metavar="NAME")
    rimp.add_argument("--amount-column", default="amount", metavar="NAME")
    rimp.add_argument("--label-column", default="label", metavar="NAME")
    rimp.add_argument("--preview", action="store_true", help=_("show the totals, store nothing"))
    rlock = _add_period(
        command(actions, "lock", cmd_revenue_lock, "freeze a month and compute its contribution")
    )
    rlock.add_argument(
        "--unfinished",
        action="store_true",
        help=_("lock this month although it is not over yet (its revenue is complete)"),
    )
    add_json(rlock)
    add_json(
        _add_period(
            command(
                actions,
                "unlock",
                cmd_revenue_unlock,
                "take a locked month not yet submitted back to a draft",
            )
        )
    )
    add_json(
        _add_period(
            command(
                actions, "submit", cmd_revenue_submit, "queue a locked month for the federation"
            )
        )
    )
    ramd = _add_period(command(actions, "amend", cmd_revenue_amend, "correct a submitted month"))
    ramd.add_argument("--line", action="append", required=True, help=_LINE_HELP)
    ramd.add_argument(
        "--reason",
        default="revenue_corrected",
        help=_("revenue_corrected, late_revenue, category_corrected, rate_corrected or other"),
    )
    add_json(ramd)
    add_json(
        _add_period(command(actions, "show", cmd_revenue_show, "one month with its submissions"))
    )
    rst = command(actions, "status", cmd_revenue_status, "every month: status, due date, overdue")
    rst.add_argument("--months", type=int, metavar="N", help=_("only the last N months"))
    add_json(rst)

    reports = group(subparsers, "report", "printable reports (PDF)", metavar="REPORT")
    rstm = _add_period(
        command(
            reports,
            "revenue-statement",
            cmd_report_revenue_statement,
            "a month's revenue statement",
        )
    )
    rstm.add_argument("--out", required=True, metavar="FILE.pdf")
    ryear = command(
        reports,
        "revenue-year",
        cmd_report_revenue_year,
        "the year's revenue summary for the board",
    )
    ryear.add_argument("--year", required=True, type=int, metavar="YYYY")
    ryear.add_argument("--out", required=True, metavar="FILE.pdf")
