"""Demo patients at any scale: a deterministic, realistic primary-care population.

Ages and sexes follow a typical practice; conditions (SNOMED CT, some ICD-10-CM) follow
age-dependent prevalence; visits spread over two years go mostly to each patient's own
clinician; observations (HbA1c, blood pressure, UACR, cholesterol, PHQ-9), procedures,
immunizations (CVX) and statins are dated so that each shipped care-gap standard is met
for some patients and open, due soon or excluded for others.

Rows are written with Core bulk inserts in batches (100,000 patients take well under a
minute on SQLite); the attribution rule runs at the end. Care-gap results are not
computed here: that is the care-gap engine's run.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select, text

from clinicdesk.db.models import utcnow
from clinicdesk.db.models_clinical import (
    Attribution,
    ClinicalEvent,
    Encounter,
    PanelCapacity,
    Patient,
)
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.names import name_key
from clinicdesk.interop.fhir import CVX, ICD10, LOINC, RXNORM, SNOMED
from clinicdesk.services.attribution import AttributionRunResult, apply_rule
from clinicdesk.services.demo_names import (
    PATIENT_FAMILY_NAMES,
    PATIENT_GIVEN_FEMALE,
    PATIENT_GIVEN_MALE,
)

BATCH = 5000
FIT_DISPLAY = "Hemoglobin.gastrointestinal.lower [Presence] in Stool by Immunoassay --1st specimen"


# (lowest age, highest age, weight): a practice's age mix
AGE_BANDS = ((0, 4, 5), (5, 17, 14), (18, 39, 28), (40, 64, 33), (65, 79, 14), (80, 97, 6))


@dataclass(frozen=True)
class DemoPatientsSummary:
    patients: int
    encounters: int
    events: int
    attribution: AttributionRunResult | None


def _years_ago(today: date, years: float) -> date:
    return today - timedelta(days=round(years * 365.25))


class _Writer:
    """Buffers rows per table and writes them with executemany in batches."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.buffers: dict[Any, list[dict[str, Any]]] = {}
        self.counts: dict[str, int] = {}

    def add(self, table: Any, row: dict[str, Any]) -> None:
        self.buffers.setdefault(table, []).append(row)

    def flush(self) -> None:
        # Patients first: the others refer to them.
        order = sorted(self.buffers, key=lambda t: 0 if t.name == "patient" else 1)
        for table in order:
            rows = self.buffers[table]
            if rows:
                self.uow.session.execute(insert(table), rows)
                self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)
        self.buffers = {}


def _next_id(uow: UnitOfWork, column: Any) -> int:
    return int(uow.session.execute(select(func.coalesce(func.max(column), 0))).scalar_one()) + 1


def generate(
    uow: UnitOfWork,
    count: int,
    clinician_ids: list[int],
    *,
    seed: int = 1,
    today: date | None = None,
    actor_name: str = "demo",
    progress: Callable[[int, int], None] | None = None,
) -> DemoPatientsSummary:
    """Add `count` patients with their clinical history; the caller commits."""
    if count <= 0 or not clinician_ids:
        return DemoPatientsSummary(0, 0, 0, None)
    today = today or date.today()
    rng = random.Random(f"demo-patients:{seed}")
    patient_t = Patient.__table__
    encounter_t = Encounter.__table__
    event_t = ClinicalEvent.__table__
    attribution_t = Attribution.__table__
    session = uow.session

    # Capacities: a share of the population each, with room to grow, not all equal.
    shares = [rng.uniform(0.7, 1.3) for _ in clinician_ids]
    total_share = sum(shares)
    for clinician_id, share in zip(clinician_ids, shares, strict=True):
        capacity = max(50, round(count * share / total_share * rng.uniform(1.0, 1.25), -1))
        existing = session.get(PanelCapacity, clinician_id)
        if existing is None:
            session.add(PanelCapacity(clinician_id=clinician_id, capacity=int(capacity)))
        else:
            existing.capacity = int(capacity)
    session.flush()

    writer = _Writer(uow)
    patient_id = _next_id(uow, Patient.id)
    encounter_id = _next_id(uow, Encounter.id)
    first_number = patient_id
    now = utcnow()
    band_weights = [b[2] for b in AGE_BANDS]
    events = encounters = 0

    for index in range(count):
        pid = patient_id + index
        lo, hi, _w = rng.choices(AGE_BANDS, band_weights)[0]
        age = rng.randint(lo, hi)
        birth = today - timedelta(days=age * 365 + rng.randint(0, 364))
        roll = rng.random()
        sex = (
            "female"
            if roll < 0.51
            else "male"
            if roll < 0.995
            else rng.choice(("other", "unknown"))
        )
        given_pool = (
            PATIENT_GIVEN_FEMALE
            if sex == "female"
            else PATIENT_GIVEN_MALE
            if sex == "male"
            else PATIENT_GIVEN_FEMALE + PATIENT_GIVEN_MALE
        )
        family = rng.choice(PATIENT_FAMILY_NAMES)
        given = rng.choice(given_pool)
        if rng.random() < 0.3:
            given = f"{given} {rng.choice(given_pool)}"
        status_roll = rng.random()
        status = (
            "active"
            if status_roll < 0.95
            else "inactive"
            if status_roll < 0.97
            else "transferred"
            if status_roll < 0.985
            else "deceased"
        )
        deceased_on = today - timedelta(days=rng.randint(1, 700)) if status == "deceased" else None
        home = rng.choices(clinician_ids, shares)[0]

        # -- visits over the last two years (none for some: they stay unattributed)
        chronic = []
        if age >= 18:
            dm_p = 0.04 if age < 45 else 0.14 if age < 65 else 0.25
            if rng.random() < dm_p:
                chronic.append("diabetes")
            elif rng.random() < 0.10:
                chronic.append("prediabetes")
            htn_p = 0.08 if age < 40 else 0.30 if age < 60 else 0.55
            if rng.random() < htn_p:
                chronic.append("hypertension")
            if rng.random() < 0.08:
                chronic.append("depression")
            if age >= 40 and rng.random() < 0.25:
                chronic.append("hyperlipidemia")
        elif rng.random() < 0.003:
            chronic.append("diabetes")
        if rng.random() < 0.08:
            chronic.append("asthma")

        if status != "active" or rng.random() < 0.05:
            n_visits = rng.randint(0, 1)
            window_days = 730
            window_end = today - timedelta(days=rng.randint(400, 700))
        else:
            n_visits = rng.randint(1, 3) + 2 * len(chronic) + (1 if age < 5 or age > 70 else 0)
            window_days = 730
            window_end = deceased_on or today
        visit_days = sorted(
            window_end - timedelta(days=rng.randint(0, window_days)) for _ in range(n_visits)
        )
        last_visit = None
        for day in visit_days:
            clinician = home if rng.random() < 0.8 else rng.choice(clinician_ids)
            follow_up = bool(chronic) and rng.random() < 0.6
            writer.add(
                encounter_t,
                {
                    "id": encounter_id,
                    "patient_id": pid,
                    "external_id": None,
                    "start_at": datetime.combine(
                        day, time(8 + rng.randint(0, 9), 15 * rng.randint(0, 3))
                    ),
                    "end_at": None,
                    "encounter_class": "AMB",
                    "system": SNOMED,
                    "code": "390906007" if follow_up else "185349003",
                    "display": "Follow-up encounter" if follow_up else "Encounter for check up",
                    "clinician_id": clinician,
                    "practitioner": None,
                },
            )
            encounter_id += 1
            encounters += 1
            last_visit = day

        def event(
            kind: str,
            system: str,
            code: str,
            display: str,
            on: date,
            value: Decimal | None = None,
            unit: str | None = None,
            ended_on: date | None = None,
            pid: int = pid,
        ) -> None:
            nonlocal events
            writer.add(
                event_t,
                {
                    "patient_id": pid,
                    "encounter_id": None,
                    "external_id": None,
                    "kind": kind,
                    "system": system,
                    "code": code,
                    "display": display,
                    "occurred_on": on,
                    "ended_on": ended_on,
                    "value": value,
                    "unit": unit,
                    "value_text": None,
                    "status": "final" if kind == "observation" else None,
                },
            )
            events += 1

        def done_within(interval_months: int, chance: float) -> date | None:
            """A last-done date: within the interval with `chance`, else older (or none)."""
            if rng.random() < chance:
                return today - timedelta(days=rng.randint(0, max(1, interval_months * 30 - 1)))
            if rng.random() < 0.5:
                return today - timedelta(
                    days=rng.randint(interval_months * 31, interval_months * 31 + 400)
                )
            return None

        def onset(birth: date = birth) -> date:
            return max(birth, today - timedelta(days=rng.randint(200, 4000)))

        for condition in chronic:
            if condition == "diabetes":
                if rng.random() < 0.85:
                    event(
                        "condition",
                        SNOMED,
                        "44054006",
                        "Diabetes mellitus type 2 (disorder)",
                        onset(),
                    )
                else:
                    event(
                        "condition",
                        ICD10,
                        "E11.9",
                        "Type 2 diabetes mellitus without complications",
                        onset(),
                    )
                for _ in range(rng.randint(0, 2)):
                    on = done_within(6, 0.65)
                    if on is not None and on >= birth:
                        hba1c = Decimal(str(round(rng.gauss(7.4, 1.2), 1)))
                        event(
                            "observation",
                            LOINC,
                            "4548-4",
                            "Hemoglobin A1c/Hemoglobin.total in Blood",
                            on,
                            max(hba1c, Decimal("4.8")),
                            "%",
                        )
                on = done_within(12, 0.5)
                if on is not None:
                    event(
                        "observation",
                        LOINC,
                        "9318-7",
                        "Albumin/Creatinine [Mass Ratio] in Urine",
                        on,
                        Decimal(rng.randint(5, 120)),
                        "mg/g",
                    )
                on = done_within(12, 0.55)
                if on is not None:
                    event(
                        "procedure",
                        SNOMED,
                        "36228007",
                        "Ophthalmic examination and evaluation (procedure)",
                        on,
                    )
                if 40 <= age <= 75 and rng.random() < 0.65:
                    started = today - timedelta(days=rng.randint(30, 2000))
                    stopped = (
                        None
                        if rng.random() < 0.85
                        else today - timedelta(days=rng.randint(400, 800))
                    )
                    if stopped is not None and stopped < started:
                        stopped = None
                    event("medication", RXNORM, "83367", "atorvastatin", started, ended_on=stopped)
            elif condition == "prediabetes":
                event("condition", SNOMED, "15777000", "Prediabetes (finding)", onset())
                on = done_within(12, 0.5)
                if on is not None:
                    event(
                        "observation",
                        LOINC,
                        "4548-4",
                        "Hemoglobin A1c/Hemoglobin.total in Blood",
                        on,
                        Decimal(str(round(rng.uniform(5.7, 6.4), 1))),
                        "%",
                    )
            elif condition == "hypertension":
                if rng.random() < 0.9:
                    event(
                        "condition",
                        SNOMED,
                        "38341003",
                        "Hypertensive disorder, systemic arterial (disorder)",
                        onset(),
                    )
                else:
                    event("condition", ICD10, "I10", "Essential (primary) hypertension", onset())
                on = done_within(6, 0.7)
                if on is not None:
                    event(
                        "observation",
                        LOINC,
                        "8480-6",
                        "Systolic blood pressure",
                        on,
                        Decimal(rng.randint(112, 165)),
                        "mm[Hg]",
                    )
                    event(
                        "observation",
                        LOINC,
                        "8462-4",
                        "Diastolic blood pressure",
                        on,
                        Decimal(rng.randint(68, 100)),
                        "mm[Hg]",
                    )
            elif condition == "depression":
                event("condition", SNOMED, "35489007", "Depressive disorder (disorder)", onset())
            elif condition == "hyperlipidemia":
                event("condition", SNOMED, "55822004", "Hyperlipidemia (disorder)", onset())
            elif condition == "asthma":
                event("condition", SNOMED, "195967001", "Asthma (disorder)", onset())

        # -- preventive care, so each standard is met for some and open for others
        if age >= 12 and "depression" not in chronic:
            on = done_within(12, 0.45)
            if on is not None:
                event(
                    "observation",
                    LOINC,
                    "44249-1",
                    "PHQ-9 quick depression assessment panel",
                    on,
                    Decimal(rng.randint(0, 9)),
                    "{score}",
                )
        if 40 <= age <= 75:
            on = done_within(60, 0.6)
            if on is not None:
                event(
                    "observation",
                    LOINC,
                    "2093-3",
                    "Cholesterol [Mass/volume] in Serum or Plasma",
                    on,
                    Decimal(rng.randint(140, 260)),
                    "mg/dL",
                )
        if age >= 1:
            on = done_within(12, 0.5)
            if on is not None:
                event(
                    "immunization",
                    CVX,
                    "140",
                    "Influenza, seasonal, injectable, preservative free",
                    on,
                )
        if age >= 65 and rng.random() < 0.7:
            event(
                "immunization",
                CVX,
                "133",
                "Pneumococcal conjugate PCV 13",
                today - timedelta(days=rng.randint(30, 3000)),
            )
        if age >= 19:
            on = done_within(120, 0.6)
            if on is not None and on >= birth:
                event("immunization", CVX, "115", "Tdap", on)
        if sex == "female" and 40 <= age <= 74:
            on = done_within(24, 0.65)
            if on is not None:
                event("procedure", SNOMED, "71651007", "Mammography (procedure)", on)
        if sex == "female" and 21 <= age <= 65:
            on = done_within(36, 0.6)
            if on is not None:
                event(
                    "observation",
                    LOINC,
                    "10524-7",
                    "Microscopic observation [Identifier] in Cervix by Cyto stain",
                    on,
                )
        if 45 <= age <= 75:
            if rng.random() < 0.5:
                on = done_within(120, 0.85)
                if on is not None:
                    event("procedure", SNOMED, "73761001", "Colonoscopy (procedure)", on)
            elif rng.random() < 0.3:
                on = done_within(12, 0.5)
                if on is not None:
                    event(
                        "observation",
                        LOINC,
                        "57905-2",
                        FIT_DISPLAY,
                        on,
                    )
        if age >= 75 and rng.random() < 0.01:
            event(
                "procedure",
                SNOMED,
                "385763009",
                "Hospice care (regime/therapy)",
                today - timedelta(days=rng.randint(10, 300)),
            )

        writer.add(
            patient_t,
            {
                "id": pid,
                "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "mrn": f"MRN{first_number + index:07d}",
                "family_name": family,
                "given_names": given,
                "name_key": name_key(family, given),
                "birth_date": birth,
                "sex": sex,
                "phone": f"+1-555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
                if rng.random() < 0.9
                else None,
                "email": None,
                "address": None,
                "status": status,
                "deceased_on": deceased_on,
                "clinician_id": None,
                "last_visit_on": last_visit,
                "open_gaps": 0,
                "next_due_on": None,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            },
        )
        # A few patients chose their clinician themselves: the rule leaves them be.
        if status == "active" and rng.random() < 0.01:
            chosen = rng.choice(clinician_ids)
            writer.add(
                attribution_t,
                {
                    "patient_id": pid,
                    "clinician_id": chosen,
                    "start_on": today - timedelta(days=rng.randint(30, 600)),
                    "end_on": None,
                    "source": "manual",
                    "reason": "Patient asked for this clinician",
                    "created_at": now,
                    "created_by": actor_name,
                },
            )
            patient_row = writer.buffers[patient_t][-1]
            patient_row["clinician_id"] = chosen

        if (index + 1) % BATCH == 0:
            writer.flush()
            if progress is not None:
                progress(index + 1, count)
    writer.flush()
    if uow.dialect == "postgresql":
        for table in ("patient", "encounter"):
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            )
    result = apply_rule(uow, actor_name, today)
    return DemoPatientsSummary(count, encounters, events, result)
