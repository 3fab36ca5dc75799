"""Training completions and revocations recorded through the services reach a real hub
exactly once, whatever the network does (answers lost after the hub committed, resets,
5xx, corrupted answers, a line that is down); the hub then reports the federation-wide
completion rate from the clinic's census. The clinic runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import create_engine, select

from clinicdesk.db.models import OutboxMessage
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.hub.models import HubClinic, HubTrainingCensus, HubTrainingCompletion
from clinicdesk.services import sync, training
from tests.helpers.clinic import add_staff
from tests.helpers.faults import Fault
from tests.helpers.hub import HubProcess, admin_json
from tests.helpers.hub_fixtures import add_member
from tests.integration.federation.test_exactly_once import (
    REFUSED,
    Step,
    connect,
    push_through_faults,
)

TODAY = date.today()
HH = "training.hand-hygiene"
PRIVACY = "training.patient-privacy-basics"

PLANS: dict[str, list[Step]] = {
    "answers-lost": [Fault.DROP_AFTER_FORWARD, Fault.DROP_AFTER_FORWARD, Fault.CORRUPT_BODY],
    "mixed": [
        REFUSED,
        Fault.RESET,
        Fault.STATUS_500,
        Fault.DROP_AFTER_FORWARD,
        Fault.STATUS_503,
        Fault.TRUNCATED,
        Fault.DROP_AFTER_FORWARD,
    ],
}


@pytest.mark.parametrize("plan", sorted(PLANS))
def test_completions_and_revocations_reach_the_hub_exactly_once(
    hub: HubProcess, db: Database, admin: Principal, plan: str
) -> None:
    manager = add_staff(db, admin, "manager", "Mara Manager", "manager")
    add_staff(db, admin, "dr.reyes", "Ana Reyes", "clinician")
    add_staff(db, admin, "desk", "Dee Desk", "front_desk")
    with db.uow() as uow:
        training.add_staff(uow, manager, "Olu Bakare", [Role.FRONT_DESK], date(2025, 1, 1))
    recorded = []
    with db.uow() as uow:
        recorded.append(
            training.record_completion(uow, manager, "dr.reyes", HH, TODAY - timedelta(days=5))
        )
    with db.uow() as uow:
        recorded.append(
            training.record_completion(uow, manager, "desk", HH, TODAY - timedelta(days=3))
        )
    with db.uow() as uow:
        recorded.append(training.record_completion(uow, manager, "dr.reyes", PRIVACY, TODAY))
    with db.uow() as uow:
        revoked = training.revoke_completion(uow, manager, recorded[1].id, "Wrong person")
    member = add_member(hub, "Training Push Co-op")
    connect(db, admin, hub, member)

    push_through_faults(hub, db, PLANS[plan], max_attempts=2)

    with db.uow(read_only=True) as uow:
        states = uow.session.execute(
            select(OutboxMessage.state).where(OutboxMessage.kind == sync.TRAINING_COMPLETIONS)
        ).scalars()
        assert sorted(states) == ["sent"] * 4
        # and, beside them, each day's policy counts: all sent too
        assert set(uow.session.execute(select(OutboxMessage.state)).scalars()) == {"sent"}
    engine = create_engine(hub.db_url)
    try:
        with engine.connect() as conn:
            clinic_pk = conn.execute(
                select(HubClinic.id).where(HubClinic.clinic_id == member.clinic_id)
            ).scalar_one()
            held = conn.execute(
                select(
                    HubTrainingCompletion.completion_id,
                    HubTrainingCompletion.requirement_id,
                    HubTrainingCompletion.revoked_on,
                ).where(HubTrainingCompletion.clinic_pk == clinic_pk)
            ).all()
            census = {
                row.requirement_id: (row.applicable, row.current)
                for row in conn.execute(
                    select(HubTrainingCensus).where(HubTrainingCensus.clinic_pk == clinic_pk)
                )
            }
    finally:
        engine.dispose()
    assert sorted(c.completion_id for c in held) == sorted(r.uuid for r in recorded)
    revoked_on = {c.completion_id: c.revoked_on for c in held}
    assert revoked_on == {
        recorded[0].uuid: None,
        recorded[1].uuid: revoked.completed_on,
        recorded[2].uuid: None,
    }
    # Hand hygiene applies to the clinician and both front-desk people (the census of the
    # last completion of it, before the revocation): two of three current.
    assert census[HH] == (3, 2)
    assert census[PRIVACY][1] == 1

    report_rows = {
        r["requirement_id"]: r for r in admin_json(hub.db_url, "training-report", "--json")
    }
    assert report_rows[HH]["clinics"] >= 1
    assert report_rows[HH]["completions_received"] >= 2 and report_rows[HH]["revoked"] >= 1
    assert report_rows["training.basic-life-support"]["title"].startswith("Basic life support")
