"""The care-gap engine: one `care_gap` standard, one patient, one as-of date.

The evaluation follows `resources/standards/README.md` ("How a care gap is evaluated")
step by step. It runs in two stages so that the clinic-wide run
(`clinicdesk.services.caregaps`) can do the first stage in SQL and share the second:

1. `gather(rule, patient, as_of)` reduces a patient's coded events to the few facts the
   rule looks at (`GapFacts`): age, sex, status, whether an eligible condition is
   active, the latest date of each exclusion in its window, and for each way to close the
   gap the date it was last met (with, for a control measure, whether the most recent
   result met the threshold).
2. `decide(standard, facts, as_of)` turns those facts into a `GapResult`: the state, the
   due date, the last time the gap was worked on, the way that closes it, and an
   explanation in plain words.

This module imports the pydantic models of `clinicdesk.federation.schemas` (the standard
documents themselves) and nothing else of ours; it stays free of the database, the
services and Qt, which the import-linter contracts check.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from clinicdesk.domain.codes import CodeSystem, ConceptSet, concepts_match
from clinicdesk.domain.standards import (
    CareGapRule,
    CareGapStandard,
    EventKind,
    SatisfyingEvent,
    ValueThreshold,
)
from clinicdesk.i18n import N_, _

OVERDUE_AFTER_DAYS = 90
"""An open gap is *due* for this many days from its due date, then *overdue*. A gap that
was never closed (no way ever applied) is overdue at once."""

ACTIVE = "active"


class GapState(enum.StrEnum):
    MET = "met"
    DUE_SOON = "due_soon"
    DUE = "due"
    OVERDUE = "overdue"
    NOT_APPLICABLE = "not_applicable"
    EXCLUDED = "excluded"

    @property
    def label(self) -> str:
        return _(_STATE_LABELS[self])

    @property
    def is_open(self) -> bool:
        """Counted as an open gap on the panel and in summaries: due soon, due, overdue."""
        return self in OPEN_STATES


_STATE_LABELS = {
    GapState.MET: N_("Met"),
    GapState.DUE_SOON: N_("Due soon"),
    GapState.DUE: N_("Due"),
    GapState.OVERDUE: N_("Overdue"),
    GapState.NOT_APPLICABLE: N_("Not applicable"),
    GapState.EXCLUDED: N_("Excluded"),
}

OPEN_STATES = frozenset({GapState.DUE_SOON, GapState.DUE, GapState.OVERDUE})
"""An open care gap: due soon, due or overdue. The one definition; queries use it through
`services.caregaps.open_gap`, so the panel's count and filter, outreach and Today agree."""
OPEN_STATE_VALUES: tuple[str, ...] = tuple(sorted(state.value for state in OPEN_STATES))
APPLICABLE_STATES = frozenset({GapState.MET, *OPEN_STATES})
"""Eligible and not excluded: the states that carry a due date."""


# --- facts in ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """A coded clinical event as the engine sees it. `occurred_on` is onset / effective /
    performed / given / started; `ended_on` is abatement or a medication's end."""

    kind: str
    system: str
    code: str
    occurred_on: date
    ended_on: date | None = None
    value: Decimal | None = None
    unit: str | None = None


@dataclass(frozen=True)
class PatientFacts:
    birth_date: date | None
    sex: str
    status: str = ACTIVE
    events: tuple[Event, ...] = ()


@dataclass(frozen=True)
class WayFacts:
    """One way to close the gap. `last_on`: the date of the most recent counting event
    (for a medication, the last day it was active up to the as-of date). `meets`: for a
    way with a value threshold, whether the most recent result met it (None otherwise)."""

    last_on: date | None
    meets: bool | None = None


@dataclass(frozen=True)
class GapFacts:
    """What one rule needs to know about one patient on the as-of date."""

    birth_date: date | None
    sex: str
    status: str
    has_condition: bool
    exclusions: tuple[date | None, ...]
    """Per exclusion of the rule: the latest matching date in its window, or None."""
    ways: tuple[WayFacts, ...]


# --- result out -------------------------------------------------------------------------


@dataclass(frozen=True)
class GapResult:
    standard_id: str
    standard_version: int
    state: GapState
    due_on: date | None
    """When the gap opens (or opened). None when it never will (a once-in-a-lifetime way
    is met) or when it was never closed."""
    last_done_on: date | None
    """The most recent event of any way, even one that did not close the gap."""
    satisfied_by: str | None
    """The label of the way that keeps the gap closed (met or due soon)."""
    explanation: str


# --- dates ------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """Calendar months later (earlier when negative), clamped to the end of the month:
    31 January + 1 month = 28 or 29 February."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def age_on(birth_date: date, day: date) -> int:
    """Whole years on `day`: the birthday counts from its own date (29 February birthdays
    from 1 March in common years)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def latest_birth_date(min_age: int, as_of: date) -> date:
    """The latest birth date of someone at least `min_age` years old on `as_of`."""
    year = as_of.year - min_age
    last = calendar.monthrange(year, as_of.month)[1]
    return date(year, as_of.month, min(as_of.day, last))


def earliest_birth_date(max_age: int, as_of: date) -> date:
    """The earliest birth date of someone at most `max_age` years old on `as_of`."""
    return latest_birth_date(max_age + 1, as_of) + timedelta(days=1)


def effective_on(event: Event, as_of: date) -> date:
    """The date an event counts on. A medication counts on every day from its start to its
    end (open-ended without one), so it counts on its last active day up to `as_of`."""
    if event.kind != EventKind.MEDICATION.value:
        return event.occurred_on
    last = as_of if event.ended_on is None or event.ended_on >= as_of else event.ended_on
    return max(last, event.occurred_on)


# --- stage 1: gather --------------------------------------------------------------------


def condition_active(event: Event, as_of: date) -> bool:
    """Onset on or before `as_of` and not resolved before it."""
    return event.occurred_on <= as_of and (event.ended_on is None or event.ended_on >= as_of)


def _matches(event: Event, kind: EventKind, sets: Sequence[ConceptSet]) -> bool:
    return event.kind == kind.value and concepts_match(sets, event.system, event.code)


def gather(rule: CareGapRule, patient: PatientFacts, as_of: date) -> GapFacts:
    """Reduce the patient's events to the facts `decide` needs (README steps 1-3)."""
    events = [event for event in patient.events if event.occurred_on <= as_of]
    has_condition = any(
        _matches(event, EventKind.CONDITION, rule.eligibility.conditions)
        and condition_active(event, as_of)
        for event in events
    )
    exclusions: list[date | None] = []
    for exclusion in rule.exclusions:
        after = (
            add_months(as_of, -exclusion.within_months)
            if exclusion.within_months is not None
            else None
        )
        dates = [
            effective_on(event, as_of)
            for event in events
            if _matches(event, exclusion.event_kind, exclusion.concepts)
        ]
        dates = [day for day in dates if after is None or day > after]
        exclusions.append(max(dates, default=None))
    ways = tuple(_way_facts(way, patient.birth_date, events, as_of) for way in rule.satisfied_by)
    return GapFacts(
        birth_date=patient.birth_date,
        sex=patient.sex,
        status=patient.status,
        has_condition=has_condition,
        exclusions=tuple(exclusions),
        ways=ways,
    )


def _way_facts(
    way: SatisfyingEvent, birth_date: date | None, events: Iterable[Event], as_of: date
) -> WayFacts:
    counting: list[tuple[date, Event]] = []
    for event in events:
        if not _matches(event, way.event_kind, way.concepts):
            continue
        day = effective_on(event, as_of)
        if way.min_age_years is not None and (
            birth_date is None or age_on(birth_date, day) < way.min_age_years
        ):
            continue
        counting.append((day, event))
    if not counting:
        return WayFacts(None, None if way.value is None else False)
    last_on = max(day for day, _ in counting)
    if way.value is None:
        return WayFacts(last_on)
    threshold = way.value
    meets = all(
        event.value is not None
        and event.unit is not None
        and threshold.accepts(event.value, event.unit)
        for day, event in counting
        if day == last_on
    )
    return WayFacts(last_on, meets)


# --- stage 2: decide --------------------------------------------------------------------

_FOREVER = date.max


@dataclass(frozen=True)
class _Way:
    label: str
    interval_months: int | None
    threshold: ValueThreshold | None
    code: str  # "LOINC 4548-4"

    @property
    def what(self) -> str:
        return f"{self.label} ({self.code})"


class Judge:
    """Stage 2 for one standard on one as-of date, made ready to decide many patients:
    everything that does not depend on the patient (words, windows, bounds) is worked
    out once, and interval arithmetic is remembered per date. `decide(standard, facts,
    as_of)` is the one-off form."""

    def __init__(self, standard: CareGapStandard, as_of: date) -> None:
        rule = standard.rule
        eligibility = rule.eligibility
        self.standard_id = standard.id
        self.version = standard.version
        self.as_of = as_of
        self.in_force = standard.in_force_on(as_of)
        self.min_age = eligibility.min_age_years
        self.max_age = eligibility.max_age_years
        self.sex = eligibility.sex.value if eligibility.sex is not None else None
        self.needs_condition = bool(eligibility.conditions)
        self.population = population(rule)
        self.condition = condition_words(eligibility.conditions) if eligibility.conditions else ""
        self.tail = f"; {cadence(rule)}."
        self.due_soon = timedelta(days=rule.due_soon_days)
        self.overdue_after = timedelta(days=OVERDUE_AFTER_DAYS)
        self.exclusions = tuple(
            (
                exclusion.label,
                f", within the last {months_words(exclusion.within_months)}"
                if exclusion.within_months is not None
                else "",
            )
            for exclusion in rule.exclusions
        )
        self.ways = tuple(
            _Way(
                way.label,
                way.interval_months,
                way.value,
                code_words(way.concepts),
            )
            for way in rule.satisfied_by
        )
        self._stops: dict[tuple[date, int], date] = {}

    def _result(
        self,
        state: GapState,
        text: str,
        due_on: date | None = None,
        last_done_on: date | None = None,
        satisfied_by: str | None = None,
    ) -> GapResult:
        return GapResult(
            self.standard_id, self.version, state, due_on, last_done_on, satisfied_by, text
        )

    def not_applicable(self, facts: GapFacts) -> str | None:
        """Why the standard does not apply to the patient, or None when it does."""
        if not self.in_force:
            return f"the standard version {self.version} is not in force on {self.as_of}"
        if facts.status != ACTIVE:
            return f"not an active patient ({facts.status})"
        if self.min_age is not None or self.max_age is not None:
            if facts.birth_date is None:
                return f"birth date unknown; the standard is for {self.population}"
            age = age_on(facts.birth_date, self.as_of)
            too_young = self.min_age is not None and age < self.min_age
            too_old = self.max_age is not None and age > self.max_age
            if too_young or too_old:
                return f"aged {age}; the standard is for {self.population}"
        if self.sex is not None and facts.sex != self.sex:
            return f"sex recorded as {facts.sex}; the standard is for {self.population}"
        if self.needs_condition and not facts.has_condition:
            return f"no active {self.condition}"
        return None

    def stops_on(self, way: _Way, facts: WayFacts) -> date | None:
        """The first day the way no longer keeps the gap closed; `date.max` for ever;
        None when it never applied. A control result that misses the threshold stops it
        on its own date (a newer bad result cancels an older good one)."""
        last_on = facts.last_on
        if last_on is None:
            return None
        if way.threshold is not None and not facts.meets:
            return last_on
        if way.interval_months is None:
            return _FOREVER
        key = (last_on, way.interval_months)
        stop = self._stops.get(key)
        if stop is None:
            stop = self._stops[key] = add_months(last_on, way.interval_months)
        return stop

    def decide(self, facts: GapFacts) -> GapResult:
        """The state from the gathered facts (README steps 1, 2 and 4)."""
        reason = self.not_applicable(facts)
        if reason is not None:
            return self._result(GapState.NOT_APPLICABLE, f"Not applicable: {reason}.")
        last_done_on: date | None = None
        for way_facts in facts.ways:
            if way_facts.last_on is not None and (
                last_done_on is None or way_facts.last_on > last_done_on
            ):
                last_done_on = way_facts.last_on
        for (label, window), excluded_on in zip(self.exclusions, facts.exclusions, strict=True):
            if excluded_on is not None:
                return self._result(
                    GapState.EXCLUDED,
                    f"Excluded: {label} recorded on {excluded_on}{window}.",
                    last_done_on=last_done_on,
                )

        best: int | None = None
        best_stop: date | None = None
        for index, way in enumerate(self.ways):
            stop = self.stops_on(way, facts.ways[index])
            if stop is not None and (best_stop is None or stop > best_stop):
                best, best_stop = index, stop
        as_of = self.as_of
        if best is not None and best_stop is not None and best_stop > as_of:
            way = self.ways[best]
            what = f"{way.label} on {facts.ways[best].last_on}"
            if best_stop == _FOREVER:
                return self._result(
                    GapState.MET, f"Met: {what}{self.tail}", None, last_done_on, way.label
                )
            state = GapState.DUE_SOON if as_of >= best_stop - self.due_soon else GapState.MET
            return self._result(
                state,
                f"{state.label}: {what}, due again on {best_stop}{self.tail}",
                best_stop,
                last_done_on,
                way.label,
            )

        missing = "; ".join(
            _open_way_words(way, way_facts)
            for way, way_facts in zip(self.ways, facts.ways, strict=True)
        )
        if best_stop is None:
            return self._result(
                GapState.OVERDUE, f"Overdue: {missing}{self.tail}", None, last_done_on
            )
        state = GapState.OVERDUE if as_of >= best_stop + self.overdue_after else GapState.DUE
        return self._result(
            state,
            f"{state.label} since {best_stop}: {missing}{self.tail}",
            best_stop,
            last_done_on,
        )


def decide(standard: CareGapStandard, facts: GapFacts, as_of: date) -> GapResult:
    """The state on `as_of` from the gathered facts: `Judge` for a single patient."""
    return Judge(standard, as_of).decide(facts)


def evaluate(standard: CareGapStandard, patient: PatientFacts, as_of: date) -> GapResult:
    """One standard for one patient on `as_of`."""
    return decide(standard, gather(standard.rule, patient, as_of), as_of)


# --- words ------------------------------------------------------------------------------

_SYSTEM_NAMES = {
    CodeSystem.SNOMED_CT: "SNOMED",
    CodeSystem.LOINC: "LOINC",
    CodeSystem.ICD_10_CM: "ICD-10-CM",
    CodeSystem.CVX: "CVX",
    CodeSystem.RXNORM: "RxNorm",
    CodeSystem.CPT: "CPT",
}


def code_words(sets: Sequence[ConceptSet]) -> str:
    """The first code of a concept list, e.g. "LOINC 4548-4": what a reader looks up."""
    first = sets[0]
    code = first.codes[0].code if first.codes else first.prefixes[0]
    return f"{_SYSTEM_NAMES[first.system]} {code}"


def condition_words(sets: Sequence[ConceptSet]) -> str:
    """ "diabetes mellitus type 2 (SNOMED 44054006)": the first code's display without its
    SNOMED semantic tag, then the code."""
    first = sets[0]
    display = first.codes[0].display if first.codes else first.prefixes[0]
    if display.endswith(")") and " (" in display:
        display = display[: display.rindex(" (")]
    if display[:1].isupper() and not display[1:2].isupper():
        display = display[0].lower() + display[1:]
    return f"{display} ({code_words(sets)})"


def months_words(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return "year" if years == 1 else f"{years} years"
    return "month" if months == 1 else f"{months} months"


def population(rule: CareGapRule) -> str:
    eligibility = rule.eligibility
    who = {"female": "women", "male": "men"}.get(
        eligibility.sex.value if eligibility.sex else "", "patients"
    )
    low, high = eligibility.min_age_years, eligibility.max_age_years
    if low is not None and high is not None:
        who += f" aged {low} to {high}"
    elif low is not None:
        who += f" aged {low} or over"
    elif high is not None:
        who += f" aged {high} or under"
    if eligibility.conditions:
        who += f" with {condition_words(eligibility.conditions)}"
    return who


def cadence(rule: CareGapRule) -> str:
    """ "due every 6 months for patients aged 18 or over with diabetes (SNOMED 44054006)"."""
    intervals = {way.interval_months for way in rule.satisfied_by}
    if len(intervals) == 1:
        (interval,) = intervals
        how = "needed once" if interval is None else f"due every {months_words(interval)}"
        return f"{how} for {population(rule)}"
    return f"for {population(rule)}"


def _open_way_words(way: _Way, facts: WayFacts) -> str:
    if facts.last_on is None:
        return f"no {way.what} on record"
    threshold = way.threshold
    if threshold is not None and not facts.meets:
        return (
            f"{way.label}: the result of {facts.last_on} ({way.code}) "
            f"does not meet {threshold.comparator} {threshold.value} {threshold.unit}"
        )
    assert way.interval_months is not None  # a once-only way that applied is current
    return f"no {way.what} within {months_words(way.interval_months)} (last on {facts.last_on})"
