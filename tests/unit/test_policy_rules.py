"""The policy acknowledgement rules (clinicdesk.domain.policies): who a policy applies to,
due / late / acknowledged as of any date, and what a new version does."""

from __future__ import annotations

import json
from datetime import date

import pytest

from clinicdesk.domain.policies import (
    AckFact,
    PolicyRuleError,
    PolicyState,
    PolicyVersion,
    check_acknowledgement,
    count_states,
    policy_status,
    version_of,
)
from clinicdesk.domain.standards import PolicyStandard, parse_standard_json


def version(
    number: int,
    start: date,
    end: date | None = None,
    *,
    roles: frozenset[str] = frozenset(),
    within: int = 30,
) -> PolicyVersion:
    return PolicyVersion(
        policy_id="policy.x",
        version=number,
        title="Policy X",
        effective_from=start,
        effective_to=end,
        everyone=not roles,
        roles=roles,
        within_days=within,
    )


V1 = version(1, date(2025, 1, 1), date(2025, 7, 1))
V2 = version(2, date(2025, 7, 1))
BOTH = (V1, V2)
STAFF_START = date(2024, 6, 1)


def state(acks: list[AckFact], day: date, **kwargs: object) -> PolicyState:
    roles = kwargs.get("roles", ("clinician",))
    start = kwargs.get("start", STAFF_START)
    end = kwargs.get("end")
    assert isinstance(start, date)
    assert end is None or isinstance(end, date)
    return policy_status(BOTH, roles, start, end, acks, day).state  # type: ignore[arg-type]


def test_due_until_the_last_day_then_late() -> None:
    # 30 days from 1 January: 30 January is the last day in time, late from the 31st
    status = policy_status(BOTH, ("clinician",), STAFF_START, None, [], date(2025, 1, 30))
    assert status.state is PolicyState.DUE
    assert status.due_by == date(2025, 1, 30)
    assert state([], date(2025, 1, 31)) is PolicyState.LATE
    assert state([], date(2024, 12, 31)) is PolicyState.NOT_APPLICABLE  # not in force yet


def test_an_acknowledgement_counts_from_its_day_and_keeps_its_lateness() -> None:
    acks = [AckFact(1, date(2025, 2, 10))]
    assert state(acks, date(2025, 2, 9)) is PolicyState.LATE
    status = policy_status(BOTH, ("clinician",), STAFF_START, None, acks, date(2025, 2, 10))
    assert status.state is PolicyState.ACKNOWLEDGED
    assert status.acknowledged_on == date(2025, 2, 10)
    assert status.on_time is False
    on_time = policy_status(
        BOTH, ("clinician",), STAFF_START, None, [AckFact(1, date(2025, 1, 30))], date(2025, 3, 1)
    )
    assert on_time.on_time is True


def test_a_new_version_needs_a_new_acknowledgement() -> None:
    acks = [AckFact(1, date(2025, 1, 5))]
    assert state(acks, date(2025, 6, 30)) is PolicyState.ACKNOWLEDGED
    # version 2 takes effect on 1 July: the old acknowledgement no longer counts
    status = policy_status(BOTH, ("clinician",), STAFF_START, None, acks, date(2025, 7, 1))
    assert status.state is PolicyState.DUE
    assert status.version == V2
    assert status.due_by == date(2025, 7, 30)
    assert state(acks, date(2025, 7, 31)) is PolicyState.LATE
    both = [*acks, AckFact(2, date(2025, 8, 2))]
    assert state(both, date(2025, 8, 2)) is PolicyState.ACKNOWLEDGED
    # as of a day in version 1's time, version 1's acknowledgement still tells the story
    assert state(both, date(2025, 3, 1)) is PolicyState.ACKNOWLEDGED
    # an acknowledgement of version 2 does not count for version 1's days
    assert state([AckFact(2, date(2025, 7, 2))], date(2025, 3, 1)) is PolicyState.LATE


def test_a_newcomer_has_the_days_from_their_start() -> None:
    start = date(2025, 3, 10)
    status = policy_status(BOTH, ("front_desk",), start, None, [], date(2025, 3, 10))
    assert status.state is PolicyState.DUE and status.due_by == date(2025, 4, 8)
    assert state([], date(2025, 4, 9), start=start) is PolicyState.LATE
    assert state([], date(2025, 3, 9), start=start) is PolicyState.NOT_APPLICABLE
    # someone who left is no longer counted
    assert state([], date(2025, 5, 1), end=date(2025, 5, 1)) is PolicyState.NOT_APPLICABLE


def test_roles_decide_who_a_policy_applies_to() -> None:
    managers = (version(1, date(2025, 1, 1), roles=frozenset({"manager", "admin"})),)
    day = date(2025, 3, 1)
    assert policy_status(managers, ("clinician",), STAFF_START, None, [], day).state is (
        PolicyState.NOT_APPLICABLE
    )
    assert policy_status(managers, ("manager",), STAFF_START, None, [], day).state is (
        PolicyState.LATE
    )
    # everyone includes a person without any job role
    assert policy_status(BOTH, (), STAFF_START, None, [], day).state is PolicyState.LATE


def test_only_the_version_in_force_can_be_acknowledged_by_whom_it_applies_to() -> None:
    day = date(2025, 8, 1)
    assert check_acknowledgement(BOTH, ("clinician",), STAFF_START, None, 2, day) == V2
    with pytest.raises(PolicyRuleError, match=r"Version 1 .* acknowledge version 2"):
        check_acknowledgement(BOTH, ("clinician",), STAFF_START, None, 1, day)
    with pytest.raises(PolicyRuleError, match="No version"):
        check_acknowledgement(BOTH, ("clinician",), STAFF_START, None, 1, date(2024, 1, 1))
    managers = (version(1, date(2025, 1, 1), roles=frozenset({"manager"})),)
    with pytest.raises(PolicyRuleError, match="does not apply"):
        check_acknowledgement(managers, ("clinician",), STAFF_START, None, 1, day)
    with pytest.raises(PolicyRuleError, match="not on staff"):
        check_acknowledgement(BOTH, ("clinician",), STAFF_START, date(2025, 8, 1), 2, day)


def test_counts_by_state() -> None:
    counts = count_states(
        [PolicyState.DUE, PolicyState.LATE, PolicyState.LATE, PolicyState.NOT_APPLICABLE]
        + [PolicyState.ACKNOWLEDGED] * 3
    )
    assert (counts.acknowledged, counts.due, counts.late, counts.applicable) == (3, 1, 2, 6)


def test_a_document_becomes_a_version_with_its_rule_or_the_default() -> None:
    base = {
        "id": "policy.x",
        "version": 3,
        "kind": "policy",
        "title": "Policy X",
        "body": "Text",
        "effective_from": "2025-01-01",
        "effective_to": "2026-01-01",
    }
    old = parse_standard_json(json.dumps(base))
    assert isinstance(old, PolicyStandard)
    made = version_of(old, retired_on=date(2025, 6, 1))
    assert made.everyone and made.within_days == 30
    assert made.effective_to == date(2025, 6, 1)  # the retirement ends it sooner
    ruled = parse_standard_json(
        json.dumps(base | {"rule": {"acknowledged_by": ["front_desk"], "within_days": 7}})
    )
    assert isinstance(ruled, PolicyStandard)
    made = version_of(ruled, retired_on=date(2027, 1, 1))
    assert made.roles == frozenset({"front_desk"}) and not made.everyone
    assert made.effective_to == date(2026, 1, 1)
