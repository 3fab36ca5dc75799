"""Panel queries on a real database (services/panel): who may see which panel, sorting
on every column with a stable order across pages, and every filter."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.errors import PermissionDenied, ValidationError
from clinicdesk.services import attribution, panel
from clinicdesk.services.panel import DueStatus, Match, PanelQuery, SortKey
from tests.helpers.clinic import (
    ICD10,
    SNOMED,
    add_staff,
    event,
    forget_gaps,
    gap,
    register,
    set_cached,
)

TODAY = date(2026, 11, 27)


@pytest.fixture
def clinic(db: Database, admin: Principal) -> dict[str, object]:
    """Two clinicians; Quinn's panel of six, Rossi's of two, one unattributed patient."""
    quinn = add_staff(db, admin, "dr.quinn", "Dr Rosa Quinn")
    rossi = add_staff(db, admin, "dr.rossi", "Dr Marco Rossi")
    desk = add_staff(db, admin, "desk", "Front Desk", "front_desk")
    assert quinn.user_id is not None and rossi.user_id is not None
    people = [
        # mrn, family, given, birth, sex, clinician, last visit, open gaps, next due
        (
            "Q-001",
            "Núñez",
            "José",
            date(1950, 6, 1),
            "male",
            quinn,
            date(2026, 10, 1),
            2,
            date(2026, 12, 1),
        ),
        ("Q-002", "Nunes", "Ana", date(1990, 2, 2), "female", quinn, date(2026, 3, 3), 0, None),
        ("Q-003", "Okafor", "Esi", date(1975, 1, 1), "female", quinn, None, 1, date(2026, 1, 15)),
        (
            "Q-004",
            "Okafor",
            "Olu",
            date(2010, 7, 7),
            "male",
            quinn,
            date(2026, 10, 1),
            1,
            date(2027, 2, 1),
        ),
        ("Q-005", "Quinn", "Ben", None, "unknown", quinn, date(2025, 1, 1), 0, None),
        (
            "Q-006",
            "Adeyemi",
            "Amara",
            date(1961, 11, 27),
            "female",
            quinn,
            date(2026, 11, 1),
            3,
            date(2026, 11, 30),
        ),
        ("R-001", "Rossi", "Marco", date(1980, 1, 1), "male", rossi, None, 0, None),
        ("R-002", "Nakamura", "Mei", date(1945, 5, 5), "female", rossi, None, 0, None),
        ("U-001", "Unattributed", "Una", date(2000, 1, 1), "other", None, None, 0, None),
    ]
    ids: dict[str, int] = {}
    for mrn, family, given, birth, sex, doctor, *_cached in people:
        info = register(db, admin, mrn, family, given, birth, sex)
        ids[mrn] = info.id
        if doctor is not None:
            assert doctor.user_id is not None
            with db.uow() as uow:
                attribution.reassign(
                    uow, admin, info.id, doctor.user_id, "panel test", on=date(2026, 1, 1)
                )
    inactive = register(db, admin, "Q-099", "Gone", "Away", status="inactive")
    with db.uow() as uow:
        attribution.reassign(uow, admin, inactive.id, quinn.user_id, "test", on=date(2026, 1, 1))
    ids["Q-099"] = inactive.id
    forget_gaps(db)  # the results and panel columns are the tests' own
    for mrn, _family, _given, _birth, _sex, _doctor, last, open_gaps, due in people:
        set_cached(db, ids[mrn], last_visit_on=last, open_gaps=open_gaps, next_due_on=due)
    return {"quinn": quinn, "rossi": rossi, "desk": desk, "ids": ids}


def _mrns(db: Database, actor: Principal, query: PanelQuery, limit: int = 100) -> list[str]:
    query = replace(query, today=TODAY)
    with db.uow(read_only=True) as uow:
        total, first = panel.first_screen(uow, actor, query, limit=limit)
        assert total == panel.count(uow, actor, query)
    assert len(first.rows) == min(total, limit)
    return [r.mrn for r in first.rows]


def test_a_clinician_sees_their_own_panel_and_no_other(
    db: Database, clinic: dict[str, object]
) -> None:
    quinn, rossi = clinic["quinn"], clinic["rossi"]
    assert isinstance(quinn, Principal) and isinstance(rossi, Principal)
    assert _mrns(db, quinn, PanelQuery()) == ["Q-006", "Q-002", "Q-001", "Q-003", "Q-004", "Q-005"]
    assert _mrns(db, quinn, PanelQuery(clinician_id=quinn.user_id))[0] == "Q-006"
    with db.uow(read_only=True) as uow, pytest.raises(PermissionDenied, match="own panel"):
        panel.first_screen(uow, quinn, PanelQuery(clinician_id=rossi.user_id))


def test_front_desk_and_managers_see_any_panel_or_everyone(
    db: Database, admin: Principal, clinic: dict[str, object]
) -> None:
    desk, rossi = clinic["desk"], clinic["rossi"]
    assert isinstance(desk, Principal) and isinstance(rossi, Principal)
    assert _mrns(db, desk, PanelQuery(clinician_id=rossi.user_id)) == ["R-002", "R-001"]
    everyone = _mrns(db, admin, PanelQuery())
    assert len(everyone) == 9 and "U-001" in everyone and "Q-099" not in everyone
    with_inactive = _mrns(db, admin, PanelQuery(statuses=("active", "inactive")))
    assert "Q-099" in with_inactive


def test_sort_on_every_column_both_ways_with_empty_values_last(
    db: Database, clinic: dict[str, object]
) -> None:
    quinn = clinic["quinn"]
    assert isinstance(quinn, Principal)

    def order(sort: SortKey, descending: bool = False) -> list[str]:
        return _mrns(db, quinn, PanelQuery(sort=sort, descending=descending))

    assert order(SortKey.MRN) == ["Q-001", "Q-002", "Q-003", "Q-004", "Q-005", "Q-006"]
    assert order(SortKey.MRN, True) == ["Q-006", "Q-005", "Q-004", "Q-003", "Q-002", "Q-001"]
    # Age: youngest first; no birth date last either way.
    assert order(SortKey.AGE) == ["Q-004", "Q-002", "Q-003", "Q-006", "Q-001", "Q-005"]
    assert order(SortKey.AGE, True) == ["Q-001", "Q-006", "Q-003", "Q-002", "Q-004", "Q-005"]
    # Ties (the two visits on 2026-10-01) are broken by id, in the sort's direction.
    assert order(SortKey.LAST_VISIT) == ["Q-005", "Q-002", "Q-001", "Q-004", "Q-006", "Q-003"]
    assert order(SortKey.LAST_VISIT, True) == ["Q-006", "Q-004", "Q-001", "Q-002", "Q-005", "Q-003"]
    assert order(SortKey.OPEN_GAPS, True) == ["Q-006", "Q-001", "Q-004", "Q-003", "Q-005", "Q-002"]
    assert order(SortKey.NEXT_DUE) == ["Q-003", "Q-006", "Q-001", "Q-004", "Q-002", "Q-005"]
    assert order(SortKey.SEX) == ["Q-002", "Q-003", "Q-006", "Q-001", "Q-004", "Q-005"]
    assert order(SortKey.NAME, True) == ["Q-005", "Q-004", "Q-003", "Q-001", "Q-002", "Q-006"]


@pytest.mark.parametrize("sort", list(SortKey))
def test_pages_join_up_exactly(
    db: Database, admin: Principal, clinic: dict[str, object], sort: SortKey
) -> None:
    for descending in (False, True):
        query = PanelQuery(sort=sort, descending=descending, today=TODAY)
        whole = _mrns(db, admin, query)
        with db.uow(read_only=True) as uow:
            pages = [panel.page(uow, admin, query, offset, 2).rows for offset in range(0, 10, 2)]
        assert [r.mrn for rows in pages for r in rows] == whole


def test_prefix_filter_on_folded_name_or_mrn(db: Database, clinic: dict[str, object]) -> None:
    quinn = clinic["quinn"]
    assert isinstance(quinn, Principal)

    def find(text: str, match: Match = Match.PREFIX) -> list[str]:
        return _mrns(db, quinn, PanelQuery(text=text, match=match))

    assert find("nu") == ["Q-002", "Q-001"]  # Nunes, Núñez: accents folded
    assert find("NÚÑEZ") == ["Q-001"]
    assert find("okafor e") == ["Q-003"]
    assert find("Okafor, Olu") == ["Q-004"]
    assert find("q-00") == ["Q-006", "Q-002", "Q-001", "Q-003", "Q-004", "Q-005"]
    assert find("Q-003") == ["Q-003"]
    assert find("ben") == []  # a prefix of the name key "quinn ben", not inside it
    assert find("ben", Match.CONTAINS) == ["Q-005"]
    assert find("afo", Match.CONTAINS) == ["Q-003", "Q-004"]
    assert find("-004", Match.CONTAINS) == ["Q-004"]
    assert find("100%_") == []
    # Rossi's patients never leak into Quinn's search.
    assert find("rossi") == [] and find("R-0") == []


def test_gap_and_due_filters_read_care_gap_results(db: Database, clinic: dict[str, object]) -> None:
    quinn, ids = clinic["quinn"], clinic["ids"]
    assert isinstance(quinn, Principal) and isinstance(ids, dict)
    hba1c, flu = "care-gap.diabetes-hba1c-test", "care-gap.influenza-vaccine"
    gap(db, ids["Q-001"], hba1c, "overdue")
    gap(db, ids["Q-001"], flu, "met")
    gap(db, ids["Q-003"], hba1c, "due")
    gap(db, ids["Q-004"], flu, "due_soon")
    gap(db, ids["Q-006"], flu, "due")

    def find(**kw: object) -> list[str]:
        return _mrns(db, quinn, PanelQuery(**kw))  # type: ignore[arg-type]

    assert find(gap=hba1c) == ["Q-001", "Q-003"]
    # Open = due soon, due or overdue (caregaps.open_gap), as outreach lists them; met is not.
    assert find(gap=flu) == ["Q-006", "Q-004"]
    assert find(due=DueStatus.OVERDUE) == ["Q-001"]
    assert find(due=DueStatus.DUE) == ["Q-006", "Q-003"]
    assert find(due=DueStatus.DUE_SOON) == ["Q-004"]
    assert find(due=DueStatus.ANY_OPEN) == ["Q-006", "Q-001", "Q-003", "Q-004"]
    assert find(gap=flu, due=DueStatus.DUE_SOON) == ["Q-004"]
    with db.uow(read_only=True) as uow:
        choices = panel.gap_choices(uow, quinn)
        by_standard = panel.open_gaps_by_standard(uow, quinn)
    assert [(c.key, c.label) for c in choices] == [
        (hba1c, "HbA1c test for people with diabetes"),
        (flu, "Yearly influenza vaccine"),
    ]
    assert [(c.key, n) for c, n in by_standard] == [(hba1c, 2), (flu, 2)]


def test_age_band_and_condition_filters(db: Database, clinic: dict[str, object]) -> None:
    quinn, ids = clinic["quinn"], clinic["ids"]
    assert isinstance(quinn, Principal) and isinstance(ids, dict)
    # Q-006 turns 65 on TODAY exactly; Q-004 is 16.
    assert _mrns(db, quinn, PanelQuery(min_age=65)) == ["Q-006", "Q-001"]
    assert _mrns(db, quinn, PanelQuery(max_age=64)) == ["Q-002", "Q-003", "Q-004"]
    assert _mrns(db, quinn, PanelQuery(min_age=18, max_age=64)) == ["Q-002", "Q-003"]
    event(db, ids["Q-001"], "condition", SNOMED, "44054006", date(2015, 1, 1))
    event(db, ids["Q-003"], "condition", ICD10, "E11.9", date(2016, 1, 1))
    event(db, ids["Q-004"], "condition", ICD10, "E119", date(2016, 1, 1))
    event(db, ids["Q-006"], "condition", SNOMED, "38341003", date(2016, 1, 1))
    event(db, ids["Q-002"], "observation", SNOMED, "44054006", date(2016, 1, 1))  # not a condition
    assert _mrns(db, quinn, PanelQuery(condition="diabetes")) == ["Q-001", "Q-003", "Q-004"]
    assert _mrns(db, quinn, PanelQuery(condition="hypertension")) == ["Q-006"]
    assert _mrns(db, quinn, PanelQuery(condition=f"{SNOMED}|44054006")) == ["Q-001"]
    assert _mrns(db, quinn, PanelQuery(condition="diabetes", min_age=18)) == ["Q-001", "Q-003"]
    with db.uow(read_only=True) as uow, pytest.raises(ValidationError, match="condition"):
        panel.count(uow, quinn, PanelQuery(condition="nonsense"))


def test_a_panel_as_of_a_past_day(
    db: Database, admin: Principal, clinic: dict[str, object]
) -> None:
    quinn, rossi, ids = clinic["quinn"], clinic["rossi"], clinic["ids"]
    assert isinstance(quinn, Principal) and isinstance(rossi, Principal) and isinstance(ids, dict)
    assert rossi.user_id is not None
    with db.uow() as uow:
        attribution.reassign(uow, admin, ids["Q-001"], rossi.user_id, "moved", on=date(2026, 6, 1))
    assert "Q-001" not in _mrns(db, quinn, PanelQuery())
    past = _mrns(db, quinn, PanelQuery(as_of=date(2026, 5, 31)))
    assert "Q-001" in past and len(past) == 6
    assert _mrns(db, quinn, PanelQuery(as_of=date(2025, 12, 31))) == []
    assert "Q-001" in _mrns(
        db, admin, PanelQuery(clinician_id=rossi.user_id, as_of=date(2026, 6, 1))
    )
