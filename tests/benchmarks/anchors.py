"""invoice_run (DESIGN §9): the monthly invoice run for 50 contracts x 2,000 enrolled people
(a twentieth of them joining or leaving mid-month, some dependants, some contracts with
age bands, a minimum fee or the whole-month rule), as the Invoices tab or `clinicdesk
anchors invoices run` does it — the service call `anchors.run_invoices` in its own unit of
work, for a month not invoiced yet — against hand-written SQL in the same run that reads
the same enrolments with their people for the month and writes the same number of
invoices and lines (each at the plain rate) in one transaction.

Each repetition invoices a month of its own (the service for one, the baseline for
another), so both always write 50 invoices and 100,000 lines. Generating the clinic is
not timed; CLINICDESK_BENCH_DB_URL runs it on another (empty) database instead of a
temporary SQLite file."""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from tests.benchmarks.run import REPO, Metric

CONTRACTS = 50
PEOPLE = 2_000
START = date(2020, 1, 1)

BASELINE_READ = """
SELECT e.contract_id, e.patient_id, e.start_on, e.end_on, e.dependant,
       p.given_names, p.family_name, p.birth_date, c.pmpm
FROM anchor_enrolment e
JOIN patient p ON p.id = e.patient_id
JOIN anchor_contract c ON c.id = e.contract_id
WHERE e.start_on <= :last AND (e.end_on IS NULL OR e.end_on >= :first)
"""
BASELINE_INVOICE = """
INSERT INTO anchor_invoice (uuid, number, contract_id, period, sequence, kind, status,
                            total, created_at, created_by, version)
VALUES (:uuid, :number, :contract_id, :period, 0, 'invoice', 'draft', :total, :now,
        'baseline', 1)
"""
BASELINE_LINE = """
INSERT INTO anchor_invoice_line (invoice_id, line_key, description, first_day, last_day,
                                 days, rate, amount)
VALUES (:invoice_id, :line_key, :description, :first_day, :last_day, :days, :rate, :amount)
"""


def generate(url: str, seed: int = 11) -> dict[str, int]:
    """An empty database filled with the organisations, contracts, people and enrolments."""
    sys.path.insert(0, str(REPO))
    from sqlalchemy import insert, select

    from clinicdesk.db.models_anchors import AnchorContract, AnchorEnrolment, AnchorOrganisation
    from clinicdesk.db.models_clinical import Patient
    from clinicdesk.domain.names import name_key
    from clinicdesk.services import setup

    rng = random.Random(seed)
    db = open_db(url)
    try:
        with db.uow() as uow:
            setup.initialise(uow, "Benchmark Co-op", "root", "Root", "pw-123456789")
        with db.uow() as uow:
            uow.session.execute(
                insert(AnchorOrganisation),
                [
                    {
                        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        "name": f"Organisation {n:02d}",
                        "kind": rng.choice(("employer", "coop", "school_district")),
                        "created_by": "benchmark",
                        "version": 1,
                    }
                    for n in range(CONTRACTS)
                ],
            )
            orgs = list(uow.session.execute(select(AnchorOrganisation.id)).scalars())
            uow.session.execute(
                insert(AnchorContract),
                [
                    {
                        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        "reference": f"C-{n:02d}",
                        "organisation_id": org,
                        "pmpm": Decimal(rng.choice(("65.00", "80.00", "95.50"))),
                        "age_bands": [[0, 17, "40.00"], [65, None, "120.00"]]
                        if n % 3 == 0
                        else None,
                        "start_on": START,
                        "covered_services": "Primary care",
                        "dependants_rule": rng.choice(("billed", "free", "excluded")),
                        "proration_rule": "mid_month" if n % 4 == 0 else "days",
                        "minimum_fee": Decimal("500.00") if n % 5 == 0 else Decimal("0.00"),
                        "payment_days": 30,
                        "created_by": "benchmark",
                        "version": 1,
                    }
                    for n, org in enumerate(orgs)
                ],
            )
            uow.commit()
        with db.uow() as uow:
            contracts = list(uow.session.execute(select(AnchorContract.id)).scalars())
        for index, contract_id in enumerate(contracts):
            people = []
            for n in range(PEOPLE):
                family, given = f"Family{index:02d}x{n:04d}", rng.choice(("Ada", "Bo", "Cy", "Di"))
                people.append(
                    {
                        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        "mrn": f"B{index:02d}{n:05d}",
                        "family_name": family,
                        "given_names": given,
                        "name_key": name_key(family, given),
                        "birth_date": date(1940, 1, 1) + timedelta(days=rng.randint(0, 30000)),
                        "sex": "unknown",
                        "status": "active",
                        "open_gaps": 0,
                        "version": 1,
                    }
                )
            with db.uow() as uow:
                ids = list(
                    uow.session.execute(insert(Patient).returning(Patient.id), people).scalars()
                )
                rows = []
                for pid in ids:
                    start, end = START, None
                    if rng.random() < 0.05:  # joins or leaves mid-month, some time
                        start = START + timedelta(days=rng.randint(0, 2500))
                    if rng.random() < 0.05:
                        end = start + timedelta(days=rng.randint(10, 2500))
                    rows.append(
                        {
                            "contract_id": contract_id,
                            "patient_id": pid,
                            "start_on": start,
                            "end_on": end,
                            "dependant": rng.random() < 0.2,
                            "created_by": "benchmark",
                        }
                    )
                uow.session.execute(insert(AnchorEnrolment), rows)
                uow.commit()
        return {"contracts": len(contracts), "enrolments": len(contracts) * PEOPLE}
    finally:
        db.dispose()


def open_db(url: str):  # type: ignore[no-untyped-def]
    from clinicdesk.app import open_database

    return open_database(url)


def _month(n: int) -> tuple[str, date, date]:
    year, month = 2021 + n // 12, n % 12 + 1
    first = date(year, month, 1)
    last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    return f"{year:04d}-{month:02d}", first, last


def invoice_run_metric() -> Metric:
    sys.path.insert(0, str(REPO))
    from sqlalchemy import text

    from clinicdesk.domain.roles import system_principal
    from clinicdesk.services import anchors

    folder = Path(tempfile.mkdtemp(prefix="clinicdesk-bench-anchors-"))
    url = os.environ.get("CLINICDESK_BENCH_DB_URL") or f"sqlite:///{folder / 'clinic.sqlite3'}"
    counts = generate(url)
    db = open_db(url)
    actor = system_principal("benchmark")
    months = iter(range(0, 200, 2))  # the service's months; the baseline takes the next ones
    baseline_numbers = iter(range(10_000_000, 20_000_000, CONTRACTS))

    def service() -> float:
        period, _first, _last = _month(next(months))
        start = time.perf_counter()
        with db.uow() as uow:
            result = anchors.run_invoices(uow, actor, period)
        elapsed = (time.perf_counter() - start) * 1000
        metric.extra.update(
            {
                "backend": db.engine.dialect.name,
                "generated": counts,
                "invoices": len(result.created),
                "month_total": str(result.total),
            }
        )
        return elapsed

    baseline_month = iter(range(1, 200, 2))

    def hand_written_sql() -> float:
        period, first, last = _month(next(baseline_month))
        number = next(baseline_numbers)
        start = time.perf_counter()
        with db.engine.begin() as conn:
            # sqlite3 binds no Decimal: the text a Numeric column's own processor would send
            money = str if conn.dialect.name == "sqlite" else Decimal
            rows = conn.execute(text(BASELINE_READ), {"first": first, "last": last}).all()
            by_contract: dict[int, list[tuple[object, ...]]] = {}
            for row in rows:  # SQLite gives the rate back as a float
                by_contract.setdefault(row[0], []).append((*row[:8], Decimal(str(row[8]))))
            lines = 0
            for offset, (contract_id, people) in enumerate(sorted(by_contract.items())):
                invoice_id = conn.execute(
                    text(BASELINE_INVOICE + " RETURNING id"),
                    {
                        "uuid": str(uuid.uuid4()),
                        "number": number + offset,
                        "contract_id": contract_id,
                        "period": period,
                        "total": money(sum((p[8] for p in people), Decimal("0.00"))),  # type: ignore[misc]
                        "now": first,
                    },
                ).scalar_one()
                conn.execute(
                    text(BASELINE_LINE),
                    [
                        {
                            "invoice_id": invoice_id,
                            "line_key": str(p[1]),
                            "description": f"{p[5]} {p[6]}",
                            "first_day": first,
                            "last_day": last,
                            "days": (last - first).days + 1,
                            "rate": money(p[8]),  # type: ignore[arg-type]
                            "amount": money(p[8]),  # type: ignore[arg-type]
                        }
                        for p in people
                    ],
                )
                lines += len(people)
        elapsed = (time.perf_counter() - start) * 1000
        metric.extra["baseline_lines"] = lines
        return elapsed

    def close() -> None:
        db.dispose()
        shutil.rmtree(folder, ignore_errors=True)

    metric = Metric("invoice_run", "ms", 3.0, service, hand_written_sql, close=close)
    return metric
