"""`clinicdesk anchors …`: anchor organisations, their contracts, roster imports, the
monthly invoices, payments and the savings proposal."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clinicdesk.cli._common import cli_principal, database, print_json, write_file
from clinicdesk.cli._parsing import Subparsers, add_json, command, date_arg, group
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _

if TYPE_CHECKING:
    from clinicdesk.services.anchors import ContractInfo, InvoiceInfo


def _money(text: str, what: str) -> Any:
    from clinicdesk.domain.money import MoneyError, parse_money

    try:
        return parse_money(text)
    except MoneyError as error:
        raise ValidationError(_("The {what}: {error}").format(what=what, error=error)) from None


def _plain(value: object) -> object:
    """A result as JSON-ready values (dataclasses, enums and tuples unpacked)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "value") and type(value).__module__.startswith("clinicdesk"):
        return value.value  # an enum
    return value


# --- organisations and contracts ---------------------------------------------------------


def cmd_org_add(args: argparse.Namespace) -> int:
    from clinicdesk.services import anchors

    data = anchors.OrganisationInput(
        name=args.name,
        kind=anchors.OrganisationKind(args.kind),
        contact_name=args.contact_name or "",
        contact_email=args.contact_email or "",
        contact_phone=args.contact_phone or "",
        address=(args.address or "").replace("\\n", "\n"),
        sites=tuple(args.site or ()),
        member_register_no=args.member,
    )
    with database(args) as db, db.uow() as uow:
        info = anchors.add_organisation(uow, cli_principal(), data)
    if args.json:
        print_json(_plain(info))
    else:
        print(_("Added {name} ({label}).").format(name=info.name, label=info.kind.label))
    return 0


def cmd_org_list(args: argparse.Namespace) -> int:
    from clinicdesk.services import anchors

    with database(args) as db, db.uow(read_only=True) as uow:
        orgs = anchors.list_organisations(uow, cli_principal())
    if args.json:
        print_json(_plain(orgs))
        return 0
    for org in orgs:
        member = f", member {org.member_register_no}" if org.member_register_no else ""
        print(
            _("{name:<40} {label:<16} {contracts} contracts{member}").format(
                name=org.name, label=org.kind.label, contracts=org.contracts, member=member
            )
        )
    if not orgs:
        print(_("No anchor organisations yet: `clinicdesk anchors org add NAME --kind KIND`."))
    return 0


def _print_contract(info: ContractInfo) -> None:
    end = info.end_on.isoformat() if info.end_on else "open-ended"
    print(
        _("{reference}: {organisation}, {start_on} to {end}").format(
            reference=info.reference,
            organisation=info.organisation,
            start_on=info.start_on.isoformat(),
            end=end,
        )
    )
    print(f"  PMPM {info.pmpm:,.2f}" + "".join(f"; ages {b}" for b in info.bands))
    print(f"  Proration: {info.proration.label}; {info.dependants.label}")
    print(f"  Minimum monthly fee {info.minimum_fee:,.2f}; payment within {info.payment_days} days")
    if info.covered_services:
        print(f"  Covers: {info.covered_services}")
    if info.clinician:
        print(f"  New patients go to {info.clinician}")
    print(f"  Enrolled: {info.enrolled}")


def cmd_contract_add(args: argparse.Namespace) -> int:
    from clinicdesk.domain.anchors import AnchorRuleError, parse_band
    from clinicdesk.services import anchors

    try:
        bands = tuple(parse_band(text) for text in args.band or ())
    except AnchorRuleError as error:
        raise ValidationError(str(error)) from None
    data = anchors.ContractInput(
        organisation=args.org,
        reference=args.reference,
        pmpm=_money(args.pmpm, "PMPM rate"),
        start_on=args.start,
        end_on=args.end,
        proration=anchors.ProrationRule(args.proration),
        dependants=anchors.DependantsRule(args.dependants),
        minimum_fee=_money(args.minimum_fee, "minimum monthly fee"),
        bands=bands,
        covered_services=args.services or "",
        payment_days=args.payment_days,
        clinician=args.clinician,
    )
    with database(args) as db, db.uow() as uow:
        info = anchors.add_contract(uow, cli_principal(), data)
    if args.json:
        print_json(_plain(info))
    else:
        _print_contract(info)
    return 0


def cmd_contract_show(args: argparse.Namespace) -> int:
    from clinicdesk.services import anchors

    with database(args) as db, db.uow(read_only=True) as uow:
        info = anchors.show_contract(uow, cli_principal(), args.reference, as_of=args.as_of)
    if args.json:
        print_json(_plain(info))
    else:
        _print_contract(info)
    return 0


# --- rosters -----------------------------------------------------------------------------


def _mapping(pairs: list[str] | None) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs or ():
        column, sep, field_ = pair.partition("=")
        if not sep:
            raise ValidationError(_("“{pair}” is not COLUMN=FIELD.").format(pair=pair))
        mapping[column.strip()] = field_.strip()
    return mapping


def cmd_roster_import(args: argparse.Namespace) -> int:
    from clinicdesk.services import anchors

    try:
        data = Path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError(
            _("Could not read {file}: {error}").format(file=args.file, error=error)
        ) from error
    with database(args) as db, db.uow() as uow:
        result = anchors.import_roster(
            uow,
            cli_principal(),
            args.org,
            data,
            contract=args.contract,
            effective_on=args.effective,
            mapping=_mapping(args.map),
            dry_run=args.dry_run,
        )
    if args.json:
        print_json({**_plain(result), "summary": result.summary})  # type: ignore[dict-item]
        return 0
    verb = "Would change" if result.dry_run else "Changed"
    counts = ", ".join(f"{n} {action}" for action, n in result.summary.items())
    print(
        _("{verb} {contract} from {effective_on}: {counts}.").format(
            verb=verb,
            contract=result.contract,
            effective_on=result.effective_on.isoformat(),
            counts=counts,
        )
    )
    for change in result.changes:
        if change.action != "keep":
            where = f"line {change.line}" if change.line else "not on the roster"
            extra = f" — {change.detail}" if change.detail else ""
            print(f"  {change.action:<7} {change.name} ({where}){extra}")
    if result.count("review"):
        print(_("Uncertain matches wait for review: `clinicdesk anchors roster review`."))
    if result.dry_run:
        print(_("Dry run: nothing was stored."))
    return 0


def cmd_roster_review(args: argparse.Namespace) -> int:
    from clinicdesk.services import anchors

    with database(args) as db, db.uow() as uow:
        reviews = anchors.pending_reviews(uow, cli_principal(), contract=args.contract)
    if args.json:
        print_json(_plain(reviews))
        return 0
    for review in reviews:
        person = review.person
        born = person.birth_date.isoformat() if person.birth_date else "no birth date"
        print(f"#{review.id} {review.contract}: {person.given_names} {person.family_name}, {born}")
        for c in review.candidates:
            cborn = c.birth_date.isoformat() if c.birth_date else "no birth date"
            print(f"    patient {c.patient_id}: {c.name} ({c.mrn}), {cborn}")
    if not reviews:
        print(_("No roster rows wait for review."))
    return 0


def cmd_roster_resolve(args: argparse.Namespace) -> int:
    from clinicdesk.services import anchors

    if (args.patient is None) == (not args.new):
        raise ValidationError(_("Give either --patient ID (one of the candidates) or --new."))
    with database(args) as db, db.uow() as uow:
        change = anchors.resolve_review(uow, cli_principal(), args.id, args.patient)
    print(
        _("{name}: patient {patient_id}, {detail}; {action}.").format(
            name=change.name,
            patient_id=change.patient_id,
            detail=change.detail,
            action=change.action,
        )
    )
    return 0


# --- invoices and payments ---------------------------------------------------------------


def _print_invoice(info: InvoiceInfo) -> None:
    kind = "Credit note" if info.credit_note else "Invoice"
    print(
        _("{kind} {number}: {organisation}, {contract}, {period}").format(
            kind=kind,
            number=info.number,
            organisation=info.organisation,
            contract=info.contract,
            period=info.period,
        )
    )
    print(f"  {info.state.value.replace('_', ' ')}; total {info.total:,.2f}", end="")
    if not info.credit_note:
        print(
            f", credited {info.credited:,.2f}, paid {info.paid:,.2f}, balance {info.balance:,.2f}"
        )
    else:
        print(f" (corrects {info.credits})")
    if info.due_on:
        print(f"  Issued {info.issued_on}, due {info.due_on}")
    for line in info.lines:
        print(f"  {line.description:<50} {line.days:>3} days {line.amount:>12,.2f}")
    for p in info.payments:
        print(f"  paid {p.amount:,.2f} on {p.paid_on} {p.reference}")


def cmd_invoices_run(args: argparse.Namespace) -> int:
    from clinicdesk.services import anchors

    with database(args) as db:
        with db.uow() as uow:
            result = anchors.run_invoices(uow, cli_principal(), args.period, contract=args.contract)
        issued: list[str] = []
        if args.issue:
            with db.uow() as uow:
                issued = anchors.issue_invoices(uow, cli_principal(), args.period)
    if args.json:
        print_json({**_plain(result), "issued": issued})  # type: ignore[dict-item]
        return 0
    print(
        _(
            "{period}: {created} new, {updated} brought up to date, "
            "{unchanged} unchanged, {credit_notes} credit notes; "
            "{total:,.2f} for the month."
        ).format(
            period=result.period,
            created=len(result.created),
            updated=len(result.updated),
            unchanged=len(result.unchanged),
            credit_notes=len(result.credit_notes),
            total=result.total,
        )
    )
    for number in result.created + result.updated + result.credit_notes:
        print(f"  {number}")
    if result.not_billed:
        print(
            f"{len(result.not_billed)} people were enrolled for {result.period} after its "
            "invoice was issued and are not billed for it: "
            + ", ".join(result.not_billed[:10])
            + (" …" if len(result.not_billed) > 10 else ""),
            file=sys.stderr,
        )
    if issued:
        print(_("Issued {issued}.").format(issued=len(issued)))
    return 0


def cmd_invoices_issue(args: argparse.Namespace) -> int:
    from clinicdesk.services import anchors

    if not args.period and not args.number:
        raise ValidationError(_("Give --period YYYY-MM or the invoice numbers to issue."))
    with database(args) as db, db.uow() as uow:
        issued = anchors.issue_invoices(uow, cli_principal(), args.period, numbers=args.number)
    print(f"Issued {len(issued)}: {', '.join(issued)}" if issued else "Nothing to issue.")
    return 0


def cmd_invoices_list(args: argparse.Namespace) -> int:
    from clinicdesk.services import anchors

    states = [anchors.InvoiceState(s) for s in args.state or ()]
    with database(args) as db, db.uow(read_only=True) as uow:
        infos = anchors.list_invoices(
            uow, cli_principal(), period=args.period, organisation=args.org, states=states
        )
    if args.json:
        print_json(_plain(infos))
        return 0
    for i in infos:
        print(
            _(
                "{number:<11} {period} {organisation:<30} {value:<12} "
                "{total:>12,.2f} {value2:>12,.2f}"
            ).format(
                number=i.number,
                period=i.period,
                organisation=i.organisation,
                value=i.state.value,
                total=i.total,
                value2=i.balance if not i.credit_note else 0,
            )
        )
    return 0


def cmd_invoice_show(args: argparse.Namespace) -> int:
    from clinicdesk.services import anchors

    with database(args) as db, db.uow() as uow:
        info = anchors.show_invoice(uow, cli_principal(), args.number)
    if args.json:
        print_json(_plain(info))
    else:
        _print_invoice(info)
    return 0


def cmd_invoice_pdf(args: argparse.Namespace) -> int:
    from clinicdesk.services import anchors

    with database(args) as db, db.uow() as uow:
        pdf = anchors.export_invoice_pdf(uow, cli_principal(), args.number)
    write_file(Path(args.out), pdf)
    print(_("Wrote {out}.").format(out=args.out))
    return 0


def cmd_invoice_void(args: argparse.Namespace) -> int:
    from clinicdesk.services import anchors

    with database(args) as db, db.uow() as uow:
        info = anchors.void_invoice(uow, cli_principal(), args.number, args.reason)
    print(_("{number} is void; its number is not used again.").format(number=info.number))
    return 0


def cmd_payment_record(args: argparse.Namespace) -> int:
    from clinicdesk.services import anchors

    with database(args) as db, db.uow() as uow:
        payment = anchors.record_payment(
            uow,
            cli_principal(),
            args.number,
            args.amount,
            args.date or date.today(),
            args.reference or "",
        )
    if args.json:
        print_json(_plain(payment))
        return 0
    print(
        _("Recorded {amount:,.2f} against {invoice_number} on {paid_on}.").format(
            amount=payment.amount, invoice_number=payment.invoice_number, paid_on=payment.paid_on
        )
    )
    if payment.revenue_note:
        print(payment.revenue_note)
    return 0


def cmd_ageing(args: argparse.Namespace) -> int:
    from clinicdesk.domain.anchors import AGEING_BUCKETS
    from clinicdesk.services import anchors

    with database(args) as db, db.uow(read_only=True) as uow:
        rows = anchors.ageing(uow, cli_principal())
    if args.json:
        print_json([{"organisation": r.organisation, **r.buckets, "total": r.total} for r in rows])
        return 0
    print(f"{'Organisation':<30}" + "".join(f"{b:>12}" for b in AGEING_BUCKETS) + f"{'total':>12}")
    for r in rows:
        cells = "".join(f"{r.buckets[b]:>12,.2f}" for b in AGEING_BUCKETS)
        print(f"{r.organisation:<30}{cells}{r.total:>12,.2f}")
    return 0


def cmd_proposal(args: argparse.Namespace) -> int:
    from clinicdesk.domain.anchors import ProposalInput, proposal
    from clinicdesk.services import anchors

    inputs = ProposalInput(
        employees=args.employees,
        current_spend=_money(args.current_spend, "current spend"),
        pmpm=_money(args.pmpm, "PMPM rate"),
        wrap_cost=_money(args.wrap_cost, "wrap-around plan cost"),
    )
    with database(args) as db, db.uow() as uow:
        pdf = anchors.export_proposal_pdf(uow, cli_principal(), inputs, args.prepared_for)
    write_file(Path(args.out), pdf)
    result = proposal(inputs)
    if args.json:
        print_json(_plain(result))
    else:
        print(
            _(
                "Yearly saving {saving_yearly:,.2f} "
                "({saving_per_employee_yearly:,.2f} per employee). Wrote "
                "{out}."
            ).format(
                saving_yearly=result.saving_yearly,
                saving_per_employee_yearly=result.saving_per_employee_yearly,
                out=args.out,
            )
        )
    return 0


def register(subparsers: Subparsers) -> None:
    from clinicdesk.domain.anchors import (
        DependantsRule,
        InvoiceState,
        OrganisationKind,
        ProrationRule,
    )

    area = group(subparsers, "anchors", "anchor organisations, contracts, rosters and invoices")

    org = group(area, "org", "organisations paying per member per month")
    oadd = command(org, "add", cmd_org_add, "add an organisation")
    oadd.add_argument("name")
    oadd.add_argument("--kind", required=True, choices=[k.value for k in OrganisationKind])
    oadd.add_argument("--contact-name")
    oadd.add_argument("--contact-email")
    oadd.add_argument("--contact-phone")
    oadd.add_argument("--address", help=_("its postal address (\\n between lines)"))
    oadd.add_argument("--site", action="append", help=_("a division or site (repeat)"))
    oadd.add_argument("--member", type=int, metavar="REGISTER_NO", help=_("its anchor membership"))
    add_json(oadd)
    add_json(command(org, "list", cmd_org_list, "every organisation"))

    contract = group(area, "contract", "direct-care contracts")
    cadd = command(contract, "add", cmd_contract_add, "add a contract to an organisation")
    cadd.add_argument("--org", required=True, help=_("the organisation's name"))
    cadd.add_argument("--reference", required=True, help=_("the contract's own reference"))
    cadd.add_argument("--pmpm", required=True, metavar="AMOUNT", help=_("per member per month"))
    cadd.add_argument("--start", required=True, type=date_arg, metavar="YYYY-MM-DD")
    cadd.add_argument("--end", type=date_arg, metavar="YYYY-MM-DD")
    cadd.add_argument(
        "--proration",
        default=ProrationRule.DAYS.value,
        choices=[r.value for r in ProrationRule],
        help=_("days: by days enrolled; mid_month: whole month if enrolled on or before the 15th"),
    )
    cadd.add_argument(
        "--dependants",
        default=DependantsRule.BILLED.value,
        choices=[r.value for r in DependantsRule],
    )
    cadd.add_argument("--minimum-fee", default="0.00", metavar="AMOUNT")
    cadd.add_argument(
        "--band", action="append", metavar="AGES=RATE", help=_("e.g. 0-17=40.00, 65+=120")
    )
    cadd.add_argument("--services", help=_("the covered services, as the contract says them"))
    cadd.add_argument("--payment-days", type=int, default=30, metavar="N")
    cadd.add_argument(
        "--clinician", metavar="USER", help=_("new patients from the roster go to them")
    )
    add_json(cadd)
    cshow = command(contract, "show", cmd_contract_show, "one contract and who it covers")
    cshow.add_argument("reference")
    cshow.add_argument("--as-of", type=date_arg, metavar="YYYY-MM-DD")
    add_json(cshow)

    roster = group(area, "roster", "census imports and the review of uncertain matches")
    rimp = command(roster, "import", cmd_roster_import, "diff a census CSV against the enrolments")
    rimp.add_argument("org", metavar="ORG")
    rimp.add_argument("file", metavar="FILE.csv")
    rimp.add_argument(
        "--contract", metavar="REFERENCE", help=_("when the organisation has several")
    )
    rimp.add_argument("--effective", type=date_arg, metavar="YYYY-MM-DD", help=_("default today"))
    rimp.add_argument("--map", action="append", metavar="COLUMN=FIELD")
    rimp.add_argument("--dry-run", action="store_true", help=_("show the changes, store nothing"))
    add_json(rimp)
    rrev = command(roster, "review", cmd_roster_review, "rows waiting for a person to decide")
    rrev.add_argument("--contract", metavar="REFERENCE")
    add_json(rrev)
    rres = command(roster, "resolve", cmd_roster_resolve, "decide a held row")
    rres.add_argument("id", type=int)
    rres.add_argument("--patient", type=int, metavar="ID", help=_("the candidate it is"))
    rres.add_argument("--new", action="store_true", help=_("a new patient"))

    invoices = group(area, "invoices", "the monthly invoices")
    irun = command(invoices, "run", cmd_invoices_run, "make or update a month's invoices")
    irun.add_argument("--period", required=True, metavar="YYYY-MM")
    irun.add_argument("--contract", metavar="REFERENCE")
    irun.add_argument("--issue", action="store_true", help=_("and issue the month's drafts"))
    add_json(irun)
    iiss = command(invoices, "issue", cmd_invoices_issue, "issue drafts (a month's, or by number)")
    iiss.add_argument("number", nargs="*")
    iiss.add_argument("--period", metavar="YYYY-MM")
    ilist = command(invoices, "list", cmd_invoices_list, "invoices and credit notes")
    ilist.add_argument("--period", metavar="YYYY-MM")
    ilist.add_argument("--org")
    ilist.add_argument("--state", action="append", choices=[s.value for s in InvoiceState])
    add_json(ilist)

    invoice = group(area, "invoice", "one invoice or credit note")
    ishow = command(invoice, "show", cmd_invoice_show, "its lines and payments")
    ishow.add_argument("number")
    add_json(ishow)
    ipdf = command(invoice, "pdf", cmd_invoice_pdf, "the PDF to send")
    ipdf.add_argument("number")
    ipdf.add_argument("--out", required=True, metavar="FILE.pdf")
    ivoid = command(invoice, "void", cmd_invoice_void, "void one with no payments")
    ivoid.add_argument("number")
    ivoid.add_argument("--reason", required=True)

    payment = group(area, "payment", "money received")
    prec = command(payment, "record", cmd_payment_record, "a payment against an issued invoice")
    prec.add_argument("number")
    prec.add_argument("--amount", required=True)
    prec.add_argument("--date", type=date_arg, metavar="YYYY-MM-DD", help=_("default today"))
    prec.add_argument("--reference", help=_("the bank's or the payer's reference"))
    add_json(prec)

    add_json(command(area, "ageing", cmd_ageing, "what each organisation owes, by days late"))

    prop = command(area, "proposal", cmd_proposal, "the savings proposal PDF for an employer")
    prop.add_argument("--employees", required=True, type=int, metavar="N")
    prop.add_argument(
        "--current-spend", required=True, metavar="AMOUNT", help=_("per employee per month today")
    )
    prop.add_argument("--pmpm", required=True, metavar="AMOUNT")
    prop.add_argument(
        "--wrap-cost",
        required=True,
        metavar="AMOUNT",
        help=_("wrap-around plan per employee per month"),
    )
    prop.add_argument("--for", dest="prepared_for", required=True, metavar="EMPLOYER")
    prop.add_argument("--out", required=True, metavar="FILE.pdf")
    add_json(prop)
