"""What a care-gap run and its readers return: plain dataclasses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute

from clinicdesk.domain.caregaps import OPEN_STATE_VALUES, OPEN_STATES, GapState


def open_gap(state: InstrumentedAttribute[str] | ColumnElement[str]) -> ColumnElement[bool]:
    """The one test of an open care gap in a query (`GapState.is_open`: due soon, due or
    overdue): the panel's filter and dashboard, outreach and the cached open-gap count
    all mean the same gaps by it."""
    return state.in_(OPEN_STATE_VALUES)


@dataclass(frozen=True)
class StandardCounts:
    """One standard over the patients evaluated. `eligible` = met + open + excluded;
    `open` = due soon + due + overdue."""

    standard_id: str
    version: int
    title: str
    eligible: int
    met: int
    open: int
    excluded: int
    due_soon: int
    due: int
    overdue: int

    @classmethod
    def of(
        cls, standard_id: str, version: int, title: str, tally: Mapping[GapState, int]
    ) -> StandardCounts:
        """The counts from a tally of results by state."""
        open_count = sum(tally[state] for state in OPEN_STATES)
        return cls(
            standard_id=standard_id,
            version=version,
            title=title,
            eligible=tally[GapState.MET] + open_count + tally[GapState.EXCLUDED],
            met=tally[GapState.MET],
            open=open_count,
            excluded=tally[GapState.EXCLUDED],
            due_soon=tally[GapState.DUE_SOON],
            due=tally[GapState.DUE],
            overdue=tally[GapState.OVERDUE],
        )


@dataclass(frozen=True)
class EvaluationSummary:
    as_of: date
    clinician: str | None
    """The clinician whose panel was evaluated; None for the whole clinic."""
    patients: int
    """Active patients in scope."""
    results: int
    """Results of the run (patients to whom a standard applies): the rows stored after it."""
    standards: tuple[StandardCounts, ...]
    inserted: int = 0
    """Result rows written because they were new, …"""
    updated: int = 0
    """… because they differed from the stored result, …"""
    deleted: int = 0
    """… or deleted (no longer applicable, or the standard no longer in force)."""
    panel_written: int = 0
    """Patients whose panel columns (open gaps, next due) changed and were written."""

    @property
    def written(self) -> int:
        """Result rows whose content this run wrote; 0 when nothing changed."""
        return self.inserted + self.updated + self.deleted


@dataclass(frozen=True)
class PatientGap:
    """One care gap of one patient, for the patient detail view."""

    standard_id: str
    standard_version: int
    title: str
    state: GapState
    due_on: date | None
    last_done_on: date | None
    explanation: str
    as_of: date


@dataclass(frozen=True)
class MonthCount:
    period: str
    """"YYYY-MM"."""
    count: int
