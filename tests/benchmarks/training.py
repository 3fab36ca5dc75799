"""training_matrix (DESIGN §9): the compliance matrix for 200 staff x 20 requirements (the
five shipped federation requirements and fifteen local ones), with two to three years of
completions and a few revocations, as the Training area opens it — the service call
`training.compliance_matrix` in its own unit of work — against hand-written SQL that reads
the same staff and, per person and requirement, the completion that counts on the day.
Generating the clinic is not timed; CLINICDESK_BENCH_DB_URL runs it on another (empty)
database instead of a temporary SQLite file."""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from tests.benchmarks.run import REPO, Metric

STAFF = 200
LOCAL_REQUIREMENTS = 15
AS_OF = date(2026, 6, 15)

BASELINE_STAFF = "SELECT id, user_id, name, job_roles, start_on, end_on FROM staff"
BASELINE_COUNTED = """
SELECT staff_id, requirement_id, id, completed_on, expires_on, kind, certificate_code
FROM (
    SELECT c.staff_id, c.requirement_id, c.id, c.completed_on, c.expires_on, c.kind,
           c.certificate_code,
           ROW_NUMBER() OVER (
               PARTITION BY c.staff_id, c.requirement_id
               ORDER BY c.completed_on DESC, c.id DESC
           ) AS position
    FROM training_completion c
    WHERE c.kind <> 'revocation' AND c.completed_on <= :day
      AND NOT EXISTS (
          SELECT 1 FROM training_completion r
          WHERE r.revokes_id = c.id AND r.completed_on <= :day
      )
) counted
WHERE position = 1
"""


def generate(url: str, seed: int = 7) -> dict[str, int]:
    """An empty database filled with the clinic: staff, requirements, completions."""
    sys.path.insert(0, str(REPO))
    from sqlalchemy import insert, select

    from clinicdesk.app import open_database
    from clinicdesk.db.models_training import LocalRequirement, Staff, TrainingCompletion
    from clinicdesk.domain.roles import Role, encode_roles, system_principal
    from clinicdesk.domain.training import expiry_on
    from clinicdesk.services import setup, training
    from clinicdesk.services.training.requirements import requirements_on

    rng = random.Random(seed)
    db = open_database(url)
    try:
        with db.uow() as uow:
            setup.initialise(uow, "Benchmark Co-op", "root", "Root", "pw-123456789")
        roles = list(Role)
        with db.uow() as uow:
            uow.session.execute(
                insert(LocalRequirement),
                [
                    {
                        "requirement_id": f"local.requirement-{n:02d}",
                        "version": 1,
                        "title": f"Local requirement {n}",
                        "body": f"Local requirement {n}",
                        "roles": encode_roles(rng.sample(roles, rng.randint(1, 3))),
                        "course_id": f"local-course-{n:02d}",
                        "recurrence_months": rng.choice((12, 24, 36, None)),
                        "grace_days": rng.choice((0, 14, 30, 90)),
                        "effective_from": date(2024, 1, 1),
                        "created_by": "benchmark",
                    }
                    for n in range(1, LOCAL_REQUIREMENTS + 1)
                ],
            )
            uow.session.execute(
                insert(Staff),
                [
                    {
                        "ref": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        "name": f"Person {n:03d}",
                        "job_roles": encode_roles(rng.sample(roles, rng.randint(1, 2))),
                        "start_on": date(2018, 1, 1) + timedelta(days=rng.randint(0, 3000)),
                        "end_on": AS_OF + timedelta(days=rng.randint(-400, 400))
                        if rng.random() < 0.1
                        else None,
                        "version": 1,
                    }
                    for n in range(STAFF)
                ],
            )
            uow.commit()
        actor = system_principal("benchmark")
        with db.uow() as uow:
            requirements = requirements_on(uow, AS_OF)
            people = training.list_staff(uow, actor, include_ended=True)
        rows: list[dict[str, object]] = []
        for person in people:
            for requirement in requirements:
                if not set(person.job_roles) & set(requirement.roles):
                    continue
                done = AS_OF - timedelta(days=rng.randint(0, 900))
                for _ in range(rng.choice((0, 1, 2, 2, 3))):
                    rows.append(
                        {
                            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                            "staff_id": person.id,
                            "kind": rng.choice(("in_app", "outside_certificate")),
                            "requirement_id": requirement.requirement_id,
                            "requirement_version": requirement.version,
                            "requirement_local": requirement.local,
                            "course_id": requirement.course_id,
                            "completed_on": done,
                            "expires_on": expiry_on(done, requirement.recurrence_months),
                            "certificate_code": f"TC{len(rows) + 1:06d}-BENCH",
                            "recorded_by": "benchmark",
                        }
                    )
                    done -= timedelta(days=rng.randint(300, 700))
        with db.uow() as uow:
            uow.session.execute(insert(TrainingCompletion), rows)
            uow.commit()
        with db.uow() as uow:
            held = uow.session.execute(
                select(
                    TrainingCompletion.id,
                    TrainingCompletion.staff_id,
                    TrainingCompletion.requirement_id,
                    TrainingCompletion.completed_on,
                )
            ).all()
            revoked = rng.sample(held, len(held) // 50)
            uow.session.execute(
                insert(TrainingCompletion),
                [
                    {
                        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        "staff_id": staff_id,
                        "kind": "revocation",
                        "requirement_id": requirement_id,
                        "requirement_version": 1,
                        "requirement_local": False,
                        "course_id": "revoked",
                        "completed_on": done + timedelta(days=rng.randint(1, 200)),
                        "revokes_id": cid,
                        "reason": "benchmark",
                        "recorded_by": "benchmark",
                    }
                    for cid, staff_id, requirement_id, done in revoked
                ],
            )
            uow.commit()
        return {
            "staff": len(people),
            "requirements": len(requirements),
            "completions": len(rows),
            "revocations": len(revoked),
        }
    finally:
        db.dispose()


def training_matrix_metric() -> Metric:
    sys.path.insert(0, str(REPO))
    from sqlalchemy import text

    from clinicdesk.app import open_database
    from clinicdesk.domain.roles import system_principal
    from clinicdesk.services import training

    folder = Path(tempfile.mkdtemp(prefix="clinicdesk-bench-training-"))
    url = os.environ.get("CLINICDESK_BENCH_DB_URL") or f"sqlite:///{folder / 'clinic.sqlite3'}"
    counts = generate(url)
    db = open_database(url)
    actor = system_principal("benchmark")

    def service() -> float:
        start = time.perf_counter()
        with db.uow(read_only=True) as uow:  # as the Training area reads it
            matrix = training.compliance_matrix(uow, actor, AS_OF)
        elapsed = (time.perf_counter() - start) * 1000
        metric.extra.update(
            {
                "backend": db.engine.dialect.name,
                "generated": counts,
                "rows": len(matrix.rows),
                "cells": sum(len(r.cells) for r in matrix.rows),
                "counts": {s.value: n for s, n in matrix.counts.items()},
            }
        )
        return elapsed

    def hand_written_sql() -> float:
        start = time.perf_counter()
        with db.engine.connect() as conn:
            staff = conn.execute(text(BASELINE_STAFF)).all()
            counted = conn.execute(text(BASELINE_COUNTED), {"day": AS_OF}).all()
        elapsed = (time.perf_counter() - start) * 1000
        metric.extra["baseline_rows"] = len(staff) + len(counted)
        return elapsed

    def close() -> None:
        db.dispose()
        shutil.rmtree(folder, ignore_errors=True)

    metric = Metric("training_matrix", "ms", 3.0, service, hand_written_sql, close=close)
    return metric
