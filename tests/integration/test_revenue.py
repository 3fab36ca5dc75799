"""The revenue services on SQLite and PostgreSQL: entering, importing, locking,
submitting and amending a month; refusals with nothing stored; audit events; the status
listing; the statement PDF read back with pypdf; the schema upgrade from 0002 with data."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pypdf
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from sqlalchemy import func, select

from clinicdesk.db import migrate, outbox
from clinicdesk.db.models import AuditEvent, OutboxMessage
from clinicdesk.db.models_revenue import ContributionSubmissionRow, RevenueLine, RevenuePeriod
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.revenue import Period
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.errors import ConfigurationError, ConflictError, PermissionDenied, ValidationError
from clinicdesk.federation.schemas import ContributionReceipt, ContributionSubmission
from clinicdesk.services import audit, revenue, settings, sync, users
from clinicdesk.services import federation_store as store
from clinicdesk.services.revenue import ColumnMapping, PeriodStatus

TODAY = date(2026, 5, 20)
LINES = [
    "member_fees=12000.00",
    "anchor_contracts/City schools=4000.50",
    "anchor_contracts/Harbour port=500.00",
    "fee_for_service=1999.99",
    "grants=800.00",
]
# base 18500.49 x 3 % = 555.0147 -> 555.01


def _set(db: Database, actor: Principal, period: str = "2026-03", lines: list[str] = LINES):
    with db.uow() as uow:
        return revenue.set_lines(uow, actor, period, revenue.parse_lines(lines), today=TODAY)


def _close(db: Database, actor: Principal, period: str = "2026-03") -> revenue.PeriodInfo:
    _set(db, actor, period)
    with db.uow() as uow:
        revenue.lock(uow, actor, period, today=TODAY)
    with db.uow() as uow:
        return revenue.submit(uow, actor, period, today=TODAY)


def _count(db: Database, model: type) -> int:
    with db.uow(read_only=True) as uow:
        return int(uow.session.execute(select(func.count()).select_from(model)).scalar_one())


def _actions(db: Database) -> list[str]:
    with db.uow(read_only=True) as uow:
        return list(
            uow.session.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars()
        )


def test_a_month_from_draft_to_submitted(db: Database, admin: Principal) -> None:
    draft = _set(db, admin)
    assert draft.status is PeriodStatus.DRAFT
    assert draft.contribution == Decimal("555.01")  # a preview under the rate in force
    assert draft.totals["anchor_contracts"] == Decimal("4500.50")
    assert _count(db, OutboxMessage) == 0

    with db.uow() as uow:
        locked = revenue.lock(uow, admin, "2026-03", today=TODAY)
    assert locked.status is PeriodStatus.LOCKED
    assert (locked.contributable_base, locked.rate) == (Decimal("18500.49"), Decimal("0.0300"))
    assert (locked.rate_standard_id, locked.rate_standard_version) == (
        "contribution-rate.federation",
        1,
    )
    assert locked.contribution == Decimal("555.01")
    assert locked.allocation is not None
    assert sum(locked.allocation.values()) == locked.contribution
    assert locked.due_on == date(2026, 4, 15)
    # The shipped standard the month was computed with is now stored.
    with db.uow(read_only=True) as uow:
        assert revenue.rate_in_force(uow, revenue.parse_period("2026-03")) is not None
        assert store.standards_in_force(uow, "contribution_rate", date(2026, 3, 1))

    with pytest.raises(ConflictError, match="no longer be changed"):
        _set(db, admin, lines=["member_fees=1.00"])

    with db.uow() as uow:
        submitted = revenue.submit(uow, admin, "2026-03", today=TODAY)
    assert submitted.status is PeriodStatus.SUBMITTED
    assert submitted.status_label == "submitted — waiting to send"
    [original] = submitted.submissions
    assert (original.sequence, original.amount, original.delta) == (
        0,
        Decimal("555.01"),
        Decimal("555.01"),
    )
    assert original.outbox_state == "pending" and original.receipt_id is None
    with db.uow(read_only=True) as uow:
        [message] = store.list_outbox(uow, admin)
    assert message.kind == sync.CONTRIBUTION == revenue.CONTRIBUTION_KIND
    assert message.aggregate_key == "contribution:2026-03"
    assert message.idempotency_key == original.idempotency_key
    payload = ContributionSubmission.model_validate(message.payload)
    assert payload.amount == Decimal("555.01") and payload.sequence == 0
    assert payload.revenue_by_category["other"] == Decimal("0.00")

    with pytest.raises(ConflictError, match="already submitted"), db.uow() as uow:
        revenue.submit(uow, admin, "2026-03", today=TODAY)
    assert _count(db, ContributionSubmissionRow) == 1 and _count(db, OutboxMessage) == 1
    assert [a for a in _actions(db) if a.startswith("revenue.")] == [
        "revenue.lines.set",
        "revenue.lock",
        "revenue.submit",
    ]


def test_an_amendment_restates_the_month_and_keeps_the_original(
    db: Database, admin: Principal
) -> None:
    _close(db, admin)
    with db.uow() as uow:
        amended = revenue.amend(
            uow,
            admin,
            "2026-03",
            revenue.parse_lines(["member_fees=12500.00", "other/Interest=12.00"]),
            "late_revenue",
            today=TODAY,
        )
    original, amendment = amended.submissions
    assert amendment.sequence == 1 and amendment.amendment_reason == "late_revenue"
    assert amendment.amount == Decimal("570.01")  # 19000.49 x 3 %
    assert amendment.delta == Decimal("15.00")
    assert original.amount + amendment.delta == amendment.amount
    assert amended.revision == 1
    assert amended.totals["other"] == Decimal("12.00")
    assert amended.totals["anchor_contracts"] == Decimal("4500.50")  # kept
    # The original's lines and submission are untouched.
    assert {line.category: line.amount for line in amended.original_lines}["member_fees"] == (
        Decimal("12000.00")
    )
    assert original.amount == Decimal("555.01")
    with db.uow(read_only=True) as uow:
        revisions = uow.session.execute(
            select(RevenueLine.revision, func.count()).group_by(RevenueLine.revision)
        ).all()
        messages = store.list_outbox(uow, admin)
    assert dict(revisions) == {0: 5, 1: 6}
    bodies = sorted(
        (ContributionSubmission.model_validate(m.payload) for m in messages),
        key=lambda b: b.sequence,
    )
    assert [(b.sequence, b.amount) for b in bodies] == [
        (0, Decimal("555.01")),
        (1, Decimal("570.01")),
    ]
    assert bodies[1].amendment_reason == "late_revenue"

    with pytest.raises(ValidationError, match="nothing to amend"), db.uow() as uow:
        revenue.amend(uow, admin, "2026-03", revenue.parse_lines(["member_fees=12500"]))
    assert "revenue.amend" in _actions(db)


def test_receipts_are_stored_and_the_month_acknowledged(db: Database, admin: Principal) -> None:
    closed = _close(db, admin)
    with db.uow(read_only=True) as uow:
        [message] = store.list_outbox(uow, admin)
    receipt = ContributionReceipt(
        receipt_id="r-123",
        received_at=datetime(2026, 4, 2, 9, 30, tzinfo=UTC),
        period="2026-03",
        sequence=0,
        amount=closed.contribution,
    )
    with db.uow() as uow:
        outbox.mark_sent(uow, message.id, receipt)
        assert revenue.record_receipt(uow, message.id, receipt)
        assert not revenue.record_receipt(uow, message.id + 999, receipt)
        uow.commit()
    with db.uow() as uow:
        info = revenue.show(uow, admin, "2026-03")
    assert info.status is PeriodStatus.ACKNOWLEDGED
    assert info.submissions[0].receipt_id == "r-123"
    assert info.submissions[0].received_at == datetime(2026, 4, 2, 9, 30)
    with db.uow() as uow:
        amended = revenue.amend(uow, admin, "2026-03", revenue.parse_lines(["grants=0"]), "other")
    assert amended.status is PeriodStatus.SUBMITTED  # until the amendment's receipt arrives
    assert amended.submissions[1].delta == Decimal("0.00")  # grants are not contributable


@pytest.mark.parametrize(
    ("period", "lines", "error", "words"),
    [
        ("2026-03", ["member_fees=-5"], ValidationError, "negative"),
        ("2026-03", ["member_fees=abc"], ValidationError, "not an amount"),
        ("2026-03", ["member_fees=1.005"], ValidationError, "two decimals"),
        ("2026-03", ["donations=5"], ValidationError, "not a revenue category"),
        ("2026-06", ["member_fees=5"], ValidationError, "future"),
        ("2026-3", ["member_fees=5"], ValidationError, "YYYY-MM"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(
    db: Database, admin: Principal, period: str, lines: list[str], error: type, words: str
) -> None:
    with pytest.raises(error, match=words):
        _set(db, admin, period, lines)
    assert _count(db, RevenuePeriod) == 0 and _count(db, RevenueLine) == 0


def test_a_month_with_no_rate_in_force_cannot_be_locked(db: Database, admin: Principal) -> None:
    # The shipped rate applies from 2025-01; December 2024 has none.
    _set(db, admin, "2024-12", ["member_fees=100.00"])
    no_rate = "No contribution-rate standard is in force"
    with pytest.raises(ConfigurationError, match=no_rate), db.uow() as uow:
        revenue.lock(uow, admin, "2024-12", today=TODAY)
    with db.uow() as uow:
        info = revenue.show(uow, admin, "2024-12")
    assert info.status is PeriodStatus.DRAFT and info.contribution is None
    # Once the clinic pulls from its hub, the shipped defaults no longer apply.
    with db.uow() as uow:
        outbox.set_cursor(uow, outbox.STANDARDS, "c1")
        uow.commit()
    _set(db, admin, "2026-02", ["member_fees=100.00"])
    with pytest.raises(ConfigurationError), db.uow() as uow:
        revenue.lock(uow, admin, "2026-02", today=TODAY)


CSV_REORDERED = (
    "\ufeffAmount;Description;Account\n"
    "1200.00;Monthly dues;Member fees\n"
    "300.00;Late dues;member_fees\n"
    "250.25;;fee_for_service\n"
    "\n"
    "99.99;Bank interest;other\n"
)


def test_csv_import_with_any_column_order_and_a_mapping(db: Database, admin: Principal) -> None:
    mapping = ColumnMapping(category="account", amount="AMOUNT", label="description")
    with db.uow() as uow:
        preview = revenue.preview_csv(uow, admin, "2026-03", CSV_REORDERED, mapping, today=TODAY)
    assert preview.ok and preview.rows_read == 4
    assert preview.totals["member_fees"] == Decimal("1500.00")
    assert preview.total == Decimal("1850.24")
    assert _count(db, RevenuePeriod) == 0  # a preview stores nothing
    with db.uow() as uow:
        info = revenue.import_csv(uow, admin, "2026-03", CSV_REORDERED, mapping, today=TODAY)
    assert info.total == Decimal("1850.24")
    assert [(line.category, line.label) for line in info.lines] == [
        ("member_fees", "Late dues"),
        ("member_fees", "Monthly dues"),
        ("fee_for_service", ""),
        ("other", "Bank interest"),
    ]
    assert "revenue.import" in _actions(db)


def test_a_csv_with_any_bad_row_is_refused_whole(db: Database, admin: Principal) -> None:
    bad = "category,amount\nmember_fees,100\ndonations,5\nfee_for_service,-3\ngrants,1.234\n"
    with db.uow() as uow:
        preview = revenue.preview_csv(uow, admin, "2026-03", bad, today=TODAY)
    assert not preview.ok
    assert [p.split(":")[0] for p in preview.problems] == ["Row 3", "Row 4", "Row 5"]
    with pytest.raises(ValidationError, match=r"Row 3: .*donations") as info, db.uow() as uow:
        revenue.import_csv(uow, admin, "2026-03", bad, today=TODAY)
    assert "Nothing was stored" in (info.value.hint or "")
    with pytest.raises(ValidationError, match="no column “amount”"), db.uow() as uow:
        revenue.import_csv(uow, admin, "2026-03", "category,total\nother,1\n", today=TODAY)
    assert _count(db, RevenuePeriod) == 0 and _count(db, RevenueLine) == 0


def test_status_lists_due_dates_and_overdue_months(db: Database, admin: Principal) -> None:
    with db.uow() as uow:  # the clinic was set up "now", after TODAY: say when it joined
        settings.set_federation_joined(uow, admin, "2026-02", today=TODAY)
    _close(db, admin, "2026-02")
    _set(db, admin, "2026-03")
    with db.uow() as uow:
        months = revenue.month_statuses(uow, admin, today=TODAY)
    # This month is listed too (not yet due), so a new clinic sees where to start.
    assert [m.period for m in months] == ["2026-05", "2026-04", "2026-03", "2026-02"]
    by = {m.period: m for m in months}
    assert by["2026-05"].status is PeriodStatus.NONE and not by["2026-05"].overdue
    # April was due on 15 May; on 20 May it is overdue though nothing was entered.
    assert by["2026-04"].status is PeriodStatus.NONE and by["2026-04"].overdue
    assert by["2026-04"].due_on == date(2026, 5, 15)
    assert by["2026-04"].status_label == "not entered (overdue)"
    assert by["2026-03"].status is PeriodStatus.DRAFT and by["2026-03"].overdue
    assert by["2026-03"].due_on == date(2026, 4, 15)
    assert by["2026-02"].status is PeriodStatus.SUBMITTED and not by["2026-02"].overdue
    assert by["2026-02"].status_label == "submitted — waiting to send"
    assert by["2026-02"].contribution == Decimal("555.01")
    assert by["2026-03"].total == Decimal("19300.49") and by["2026-04"].total is None
    with db.uow() as uow:
        last_year = revenue.month_statuses(uow, admin, today=TODAY, months=12)
    # The last 12 months, but none before the clinic joined.
    assert [m.period for m in last_year] == ["2026-05", "2026-04", "2026-03", "2026-02"]


def test_clinicians_and_front_desk_are_refused(db: Database, admin: Principal) -> None:
    for role in (Role.CLINICIAN, Role.FRONT_DESK):
        with db.uow() as uow:
            users.add_user(uow, admin, f"u-{role.value}", "U", [role], "password-12345")
        outsider = Principal(None, f"u-{role.value}", "U", frozenset({role}))
        with pytest.raises(PermissionDenied), db.uow() as uow:
            revenue.month_statuses(uow, outsider)
        with pytest.raises(PermissionDenied):
            _set(db, outsider)
    assert _count(db, RevenuePeriod) == 0


def test_the_statement_pdf_carries_the_figures(db: Database, admin: Principal) -> None:
    _close(db, admin)
    with db.uow() as uow:
        revenue.amend(
            uow, admin, "2026-03", revenue.parse_lines(["member_fees=12500"]), "late_revenue"
        )
    with db.uow() as uow:
        pdf = revenue.export_statement(uow, admin, "2026-03")
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    for expected in (
        "Test Cooperative Clinic",
        "Revenue statement for March 2026",
        "City schools",
        "4,000.50",
        "12,500.00",
        "19,000.49",  # contributable base after the amendment
        "3%",
        # the rate standard by its title for the reader, by id and version for an auditor
        "Monthly contribution to the federation fund: 3 %",
        "(contribution-rate.federation, version 1)",
        "570.01",
        "Shared technology",
        "199.51",  # 35 % of 570.01 = 199.5035
        "original",
        "555.01",
        "amendment 1",
        "late revenue",
        "+15.00",
        "waiting to send",
        "Generated at",
    ):
        assert expected in text, expected
    assert _actions(db)[-1] == "revenue.statement.export"
    with db.uow() as uow:
        assert audit.verify_chain(uow).ok


def test_a_long_sub_line_wraps_in_its_column_of_the_statement(
    db: Database, admin: Principal
) -> None:
    long_label = "Riverside School District (anchor invoices)"
    _set(db, admin, "2026-03", [f"anchor_contracts/{long_label}=1260.00", "member_fees=500"])
    with db.uow() as uow:
        revenue.lock(uow, admin, "2026-03", today=TODAY)
    with db.uow() as uow:
        pdf = revenue.export_statement(uow, admin, "2026-03")
    # where each piece of text starts on the page, and how wide it is in its font
    runs: list[tuple[str, float, float]] = []

    def seen(text: str, _cm: object, tm: list[float], font: object, size: float) -> None:
        if text.strip():
            name = str(font["/BaseFont"]).lstrip("/") if font else "Helvetica"
            runs.append((text.strip(), tm[4], tm[4] + stringWidth(text.strip(), name, size)))

    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    page.extract_text(visitor_text=seen)
    words = " ".join(text for text, _start, _end in runs)
    assert all(word in words for word in long_label.split())
    flag_start = min(start for text, start, _end in runs if text == "yes")
    label_end = max(end for text, _start, end in runs if "Riverside" in text or "invoices" in text)
    assert label_end <= flag_start  # the label ends before the Contributable column


def test_a_draft_has_no_statement(db: Database, admin: Principal) -> None:
    _set(db, admin)
    with pytest.raises(ConflictError, match="draft"), db.uow() as uow:
        revenue.export_statement(uow, admin, "2026-03")


def test_upgrade_from_0002_with_data_then_revenue_works(db_url: str) -> None:
    from clinicdesk.app import open_database
    from clinicdesk.services import setup
    from tests.helpers import old_schema

    db = open_database(db_url, upgrade=False)
    try:
        migrate.upgrade(db, target="0002", via_migrations=True)
        admin = old_schema.initialise(db, "Old Clinic", "root", "Root", "pw-123456789")
        before = migrate.ensure_current(db)
        assert before.current == "0002"
        # The standards through today's model, so after the upgrade (the ORM knows only the
        # newest schema; the clinic, its administrator and its audit trail are the old data).
        with db.uow() as uow:
            store.load_default_standards(uow)
            uow.commit()
        assert migrate.status(db).current == migrate.MODELS_REVISION == migrate.head_revision()
        assert migrate.check(db) == []
        with db.uow() as uow:
            assert setup.clinic_info(uow) is not None
            assert audit.verify_chain(uow).ok
        _close(db, admin)
        with db.uow() as uow:
            assert revenue.show(uow, admin, "2026-03").contribution == Decimal("555.01")
    finally:
        db.dispose()


def test_the_demo_clinic_has_24_months_of_revenue(db_url: str) -> None:
    from clinicdesk.app import open_database
    from clinicdesk.domain.roles import system_principal
    from clinicdesk.services import demo

    db = open_database(db_url)
    try:
        with db.uow() as uow:
            demo.create(uow, seed=4)
        actor = system_principal("t")
        with db.uow(read_only=True) as uow:
            months = revenue.month_statuses(uow, actor)
            waiting = store.list_outbox(uow, actor, [store.OutboxState.PENDING])
            assert audit.verify_chain(uow).ok
            amended = [
                info
                for info in (revenue.show(uow, actor, m.period) for m in months)
                if len(info.submissions) > 1
            ]
    finally:
        db.dispose()
    # The months since the clinic joined: 2025-01, when the federation's first rate came
    # into force (the demo's 24 months reach back before it), to this one.
    oldest = Period.of(date.today()).previous()
    for _ in range(23):
        oldest = oldest.previous()
    assert months[-1].period == max("2025-01", str(oldest))
    assert len(months) >= 2
    statuses = [m.status for m in months]
    assert statuses[0] is PeriodStatus.DRAFT  # this month
    assert statuses[1] is PeriodStatus.SUBMITTED  # last month, waiting to send
    assert statuses.count(PeriodStatus.ACKNOWLEDGED) >= 15
    assert len(waiting) == 1
    [month] = amended
    original, amendment = month.submissions
    assert amendment.delta == Decimal("55.20")  # 3 % of 1840.00
    assert original.amount + amendment.delta == amendment.amount == month.contribution
    assert amendment.receipt_id and month.status is PeriodStatus.ACKNOWLEDGED


def test_the_yearly_summary_pdf(db: Database, admin: Principal) -> None:
    _close(db, admin, "2026-02")
    _close(db, admin, "2026-03")
    with db.uow() as uow:
        revenue.amend(uow, admin, "2026-03", revenue.parse_lines(["member_fees=12500"]), "other")
    _set(db, admin, "2026-04", ["grants=10"])
    with db.uow() as uow:
        pdf = revenue.export_year_summary(uow, admin, 2026, today=TODAY)
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    for expected in (
        "Revenue and contributions, 2026",
        "February 2026",
        "March 2026",
        "555.01",
        "570.01",
        "1,125.02",  # the year's contributions: 555.01 + 570.01
        "Months not entered: January 2026",
        # April is still a draft: the board is told its figures are not final
        "Still drafts, so their figures may change until they are locked: April 2026.",
        "Member dividend",
        "112.50",  # 10 % of 1,125.02 split month by month: 55.50 + 57.00
    ):
        assert expected in text, expected
    assert _actions(db)[-1] == "revenue.year_summary.export"
    with pytest.raises(ValidationError), db.uow() as uow:
        revenue.export_year_summary(uow, admin, 2027, today=TODAY)


def test_two_workstations_submitting_at_once_make_one_submission(
    db: Database, db_url: str, admin: Principal
) -> None:
    import threading

    from clinicdesk.app import open_database
    from clinicdesk.errors import ClinicDeskError

    _set(db, admin)
    with db.uow() as uow:
        revenue.lock(uow, admin, "2026-03", today=TODAY)
    stations = [open_database(db_url), open_database(db_url)]
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def station(other: Database) -> None:
        start.wait()
        try:
            with other.uow() as uow:
                outcomes.append(revenue.submit(uow, admin, "2026-03", today=TODAY))
        except ClinicDeskError as error:
            outcomes.append(error)

    threads = [threading.Thread(target=station, args=(s,)) for s in stations]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        for other in stations:
            other.dispose()
    assert len(outcomes) == 2
    assert sum(isinstance(o, revenue.PeriodInfo) for o in outcomes) == 1, outcomes
    assert _count(db, ContributionSubmissionRow) == 1 and _count(db, OutboxMessage) == 1
