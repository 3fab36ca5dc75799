"""Importing patients and their clinical facts: FHIR R4 files and folders, Synthea CSV
exports, and practice-management CSV files with a column mapping.

    report = import_fhir(db, actor, [Path("export/")], dry_run=False,
                         progress=lambda done, total, text: ..., cancelled=lambda: False)

Guarantees:
- each file is its own transaction: a file that fails (malformed JSON, not FHIR, a
  database error) is rolled back whole, reported in `errors`, and the next file goes on;
- idempotent: patients are found again by their source identifier (PatientIdentifier
  system + value), encounters and events by `external_id`; a second import updates;
- a dry run does the same work in one transaction with a savepoint per file and rolls it
  all back, so its report is what the real import would say and nothing is written;
- cancelling (checked between batches) rolls back the current file; files already
  imported stay, and the report says `cancelled`;
- every committed file is audited ("patients.import", with its counts);
- every resource read is accounted for: `imported + sum(skipped) == resources` over the
  files that imported.

Writes go in batches (one query per batch to find existing rows, bulk inserts and
updates), so the cost per patient does not depend on the size of the clinic.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from clinicdesk.db.models import User
from clinicdesk.db.models_clinical import ClinicalEvent, Encounter, Patient, PatientIdentifier
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.names import fold, name_key
from clinicdesk.domain.roles import Permission, Principal, Role, decode_roles
from clinicdesk.errors import ClinicDeskError, ValidationError
from clinicdesk.interop import csvfiles, fhir
from clinicdesk.interop.records import EncounterRecord, EventRecord, Mapped, PatientRecord, Record
from clinicdesk.services import attribution, audit, caregaps, requires

BATCH = 500
# Caches of source key -> row id are per file and cleared past this size, so memory
# stays flat on a file with 100,000 patients (a miss costs one batched query).
_CACHE_LIMIT = 20_000
_MAX_PROBLEMS = 500

ProgressCallback = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]


@dataclass(frozen=True)
class FileError:
    file: str
    message: str


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do).

    `as_json()` is the `--json` output: files, patients_created, patients_updated,
    events, skipped {reason: count}, errors [{file, message}], plus resources (read in
    the files that imported), imported (of those, how many became rows), notes {caveat:
    count} and problems [{file, message}] (patient-level issues, the first 500).
    """

    files: int = 0
    patients_created: int = 0
    patients_updated: int = 0
    events: int = 0  # encounters and clinical events written (new or updated)
    skipped: dict[str, int] = field(default_factory=dict)
    errors: list[FileError] = field(default_factory=list)
    resources: int = 0
    imported: int = 0
    notes: dict[str, int] = field(default_factory=dict)
    problems: list[FileError] = field(default_factory=list)
    dry_run: bool = False
    cancelled: bool = False
    # Patients the attribution rule gave a clinician (or moved) after the import.
    attributed: int = 0

    @property
    def exit_code(self) -> int:
        return 1 if self.errors or self.cancelled else 0

    @property
    def accounted(self) -> bool:
        return self.imported + sum(self.skipped.values()) == self.resources

    def as_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "patients_created": self.patients_created,
            "patients_updated": self.patients_updated,
            "events": self.events,
            "skipped": dict(sorted(self.skipped.items())),
            "errors": [{"file": e.file, "message": e.message} for e in self.errors],
            "resources": self.resources,
            "imported": self.imported,
            "notes": dict(sorted(self.notes.items())),
            "problems": [{"file": p.file, "message": p.message} for p in self.problems],
            "dry_run": self.dry_run,
            "cancelled": self.cancelled,
            "attributed": self.attributed,
        }

    def summary(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        text = (
            f"{verb} {self.files} file(s): {self.patients_created} new patient(s), "
            f"{self.patients_updated} updated, {self.events} visit(s) and event(s); "
            f"{sum(self.skipped.values())} of {self.resources} record(s) skipped"
        )
        if self.errors:
            text += f"; {len(self.errors)} file(s) could not be imported"
        if self.cancelled:
            text += "; cancelled before the end"
        if self.attributed:
            text += f"; {self.attributed} patient(s) attributed to a clinician by their visits"
        return text + "."


@dataclass
class _Tally:
    """One file's counts; merged into the report only when the file is kept."""

    created: int = 0
    updated: int = 0
    events: int = 0
    resources: int = 0
    imported: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def merge_into(self, report: ImportReport, file: str) -> None:
        report.files += 1
        report.patients_created += self.created
        report.patients_updated += self.updated
        report.events += self.events
        report.resources += self.resources
        report.imported += self.imported
        for key, count in self.skipped.items():
            report.skipped[key] = report.skipped.get(key, 0) + count
        for key, count in self.notes.items():
            report.notes[key] = report.notes.get(key, 0) + count
        for message in self.problems:
            if len(report.problems) < _MAX_PROBLEMS:
                report.problems.append(FileError(file, message))


# --- the writer -----------------------------------------------------------------------------


def generated_mrn(key: tuple[str, str]) -> str:
    """A stable MRN for a patient whose source gives none: the same source id always
    gets the same MRN, so a re-import does not change it."""
    digest = hashlib.sha1(f"{key[0]}|{key[1]}".encode()).hexdigest()[:10].upper()
    return f"IMP-{digest}"


class _Writer:
    """Writes one file's records in batches within the caller's transaction."""

    def __init__(self, session: Session, tally: _Tally) -> None:
        self.session = session
        self.tally = tally
        self.pending: list[tuple[int, Record]] = []  # (resource number, record)
        self.patient_ids: dict[tuple[str, str], int | None] = {}
        self.encounter_ids: dict[str, int] = {}
        self.visited: set[int] = set()
        self._resource = 0
        self._clinicians: dict[str, int] | None = None

    def clinician_for(self, practitioner: str | None) -> int | None:
        """The clinician user a visit's practitioner names, matched on the folded name
        without a "Dr" title or Synthea's numeric suffixes; None when nobody matches."""
        if not practitioner:
            return None
        if self._clinicians is None:
            rows = self.session.execute(
                select(User.id, User.display_name, User.roles).where(User.active.is_(True))
            )
            self._clinicians = {
                practitioner_key(display): user_id
                for user_id, display, roles in rows
                if Role.CLINICIAN in decode_roles(roles)
            }
        return self._clinicians.get(practitioner_key(practitioner))

    def add(self, mapped: Mapped) -> None:
        self.tally.resources += 1
        for note in mapped.notes:
            self.tally.notes[note] += 1
        if mapped.skipped is not None:
            self.tally.skipped[mapped.skipped] += 1
            return
        self._resource += 1
        for record in mapped.records:
            self.pending.append((self._resource, record))
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        # A resource counts as imported when at least one of its records was written,
        # and as skipped (with the first reason) when none was.
        outcome: dict[int, str | None] = {}

        def written(number: int) -> None:
            outcome[number] = None

        def refused(number: int, reason: str) -> None:
            outcome.setdefault(number, reason)

        self._patients([(n, r) for n, r in batch if isinstance(r, PatientRecord)], written, refused)
        self._encounters(
            [(n, r) for n, r in batch if isinstance(r, EncounterRecord)], written, refused
        )
        self._events([(n, r) for n, r in batch if isinstance(r, EventRecord)], written, refused)
        for reason in outcome.values():
            if reason is None:
                self.tally.imported += 1
            else:
                self.tally.skipped[reason] += 1
        if len(self.visited) >= BATCH:
            self.update_last_visits()

    def finish(self) -> None:
        self.flush()
        self.update_last_visits()

    # patients

    def _lookup_patients(self, keys: Iterable[tuple[str, str]]) -> None:
        if len(self.patient_ids) > _CACHE_LIMIT:
            self.patient_ids.clear()  # before deciding what to fetch: a miss re-queries
        wanted = [k for k in set(keys) if k not in self.patient_ids]
        by_system: dict[str, list[str]] = {}
        for system, value in wanted:
            by_system.setdefault(system, []).append(value)
        for system, values_ in by_system.items():
            for chunk in _chunks(values_, 500):
                rows = self.session.execute(
                    select(PatientIdentifier.value, PatientIdentifier.patient_id).where(
                        PatientIdentifier.system == system, PatientIdentifier.value.in_(chunk)
                    )
                )
                for value, patient_id in rows:
                    self.patient_ids[(system, value)] = patient_id
        for key in wanted:
            self.patient_ids.setdefault(key, None)

    def _patients(
        self,
        batch: list[tuple[int, PatientRecord]],
        written: Callable[[int], None],
        refused: Callable[[int, str], None],
    ) -> None:
        if not batch:
            return
        self._lookup_patients(r.key for _, r in batch)
        existing_ids = {pid for _, r in batch if (pid := self.patient_ids.get(r.key))}
        rows = {
            p.id: p
            for chunk in _chunks(sorted(existing_ids), 500)
            for p in self.session.execute(select(Patient).where(Patient.id.in_(chunk))).scalars()
        }
        wanted_mrns = {r.mrn for _, r in batch if r.mrn} | {generated_mrn(r.key) for _, r in batch}
        taken: dict[str, int] = {}
        for chunk in _chunks(sorted(wanted_mrns), 500):
            for mrn, pid in self.session.execute(
                select(Patient.mrn, Patient.id).where(Patient.mrn.in_(chunk))
            ):
                taken[mrn] = pid
        identifier_owner = self._identifier_owners(batch)
        # The same person under another source id: found by the clinic's own MRN (a
        # practice-management list) or by the source's MRN identifier (system + value).
        extra = {_same_person(r, taken, identifier_owner) for _, r in batch} - {None}
        for chunk in _chunks(sorted(i for i in extra if i not in rows), 500):
            for p in self.session.execute(select(Patient).where(Patient.id.in_(chunk))).scalars():
                rows[p.id] = p
        new_rows: list[tuple[int, PatientRecord, Patient]] = []
        new_in_batch: dict[tuple[str, str], Patient] = {}
        for number, record in batch:
            pid = self.patient_ids.get(record.key)
            row = rows.get(pid) if pid else None
            if row is not None:
                _apply(row, record)
                self.tally.updated += 1
                written(number)
                self._add_identifiers(row.id, record, identifier_owner)
                continue
            mr_key: tuple[str, str] | None = (
                (record.mrn_system, record.mrn) if record.mrn_system and record.mrn else None
            )
            repeat = new_in_batch.get(record.key) or (new_in_batch.get(mr_key) if mr_key else None)
            if repeat is not None:  # the same patient twice in one batch: the last wins
                _apply(repeat, record)
                self.tally.updated += 1
                written(number)
                continue
            same = _same_person(record, taken, identifier_owner)
            if same is not None and same in rows:
                row = rows[same]
                _apply(row, record)
                self.tally.updated += 1
                written(number)
                self.patient_ids[record.key] = row.id
                self._add_identifiers(row.id, _with_key(record), identifier_owner)
                continue
            mrn = record.mrn or generated_mrn(record.key)
            if mrn in taken:
                if record.match_mrn or generated_mrn(record.key) in taken:
                    refused(number, "Patient: duplicate MRN (another patient already has it)")
                    self._problem(
                        f"Patient {record.key[1]}: MRN {mrn} already belongs to another patient"
                    )
                    continue
                self.tally.notes[
                    "Patient: MRN already used by another patient; given a generated one"
                ] += 1
                self._problem(
                    f"Patient {record.key[1]}: MRN {mrn} "
                    f"(from {record.mrn_system or 'the source'}) already belongs to another "
                    f"patient; imported as {generated_mrn(record.key)}"
                )
                mrn = generated_mrn(record.key)
            row = Patient(mrn=mrn, status="active", open_gaps=0)
            _apply(row, record)
            self.session.add(row)
            taken[mrn] = -1
            new_in_batch[record.key] = row
            if mr_key:
                new_in_batch[mr_key] = row
            new_rows.append((number, record, row))
        if new_rows:
            self.session.flush()
        for number, record, row in new_rows:
            self.patient_ids[record.key] = row.id
            self.tally.created += 1
            written(number)
            self.session.add(
                PatientIdentifier(patient_id=row.id, system=record.key[0], value=record.key[1])
            )
            identifier_owner[record.key] = row.id
            self._add_identifiers(row.id, record, identifier_owner)
        self.session.flush()

    def _identifier_owners(
        self, batch: list[tuple[int, PatientRecord]]
    ) -> dict[tuple[str, str], int]:
        by_system: dict[str, set[str]] = {}
        for _, record in batch:
            for system, value in [record.key, *record.identifiers]:
                by_system.setdefault(system, set()).add(value)
        owners: dict[tuple[str, str], int] = {}
        for system, values_ in by_system.items():  # (system, value) is indexed
            for chunk in _chunks(sorted(values_), 500):
                for value, pid in self.session.execute(
                    select(PatientIdentifier.value, PatientIdentifier.patient_id).where(
                        PatientIdentifier.system == system, PatientIdentifier.value.in_(chunk)
                    )
                ):
                    owners[(system, value)] = pid
        return owners

    def _add_identifiers(
        self, patient_id: int, record: PatientRecord, owners: dict[tuple[str, str], int]
    ) -> None:
        for pair in record.identifiers:
            owner = owners.get(pair)
            if owner == patient_id:
                continue
            if owner is not None:
                self.tally.notes["Patient: identifier already belongs to another patient"] += 1
                self._problem(
                    f"Patient {record.key[1]}: identifier {pair[0]}|{pair[1]} already "
                    "belongs to another patient; not added"
                )
                continue
            self.session.add(
                PatientIdentifier(patient_id=patient_id, system=pair[0], value=pair[1])
            )
            owners[pair] = patient_id

    def _problem(self, message: str) -> None:
        if len(self.tally.problems) < _MAX_PROBLEMS:
            self.tally.problems.append(message)

    # encounters

    def _encounters(
        self,
        batch: list[tuple[int, EncounterRecord]],
        written: Callable[[int], None],
        refused: Callable[[int, str], None],
    ) -> None:
        if not batch:
            return
        self._lookup_patients(r.patient_ref for _, r in batch)
        existing = self._existing(Encounter, [r.external_id for _, r in batch])
        inserts: list[dict[str, Any]] = []
        updates: dict[int, dict[str, Any]] = {}
        for number, record in batch:
            pid = self.patient_ids.get(record.patient_ref)
            if pid is None:
                refused(number, "Encounter: its patient is not in this import or the clinic")
                continue
            values_ = {
                "patient_id": pid,
                "external_id": record.external_id,
                "start_at": record.start_at,
                "end_at": record.end_at,
                "encounter_class": record.encounter_class,
                "system": record.system,
                "code": record.code,
                "display": record.display,
                "practitioner": record.practitioner,
                "clinician_id": self.clinician_for(record.practitioner),
            }
            _upsert(existing, inserts, updates, values_)
            self.visited.add(pid)
            self.tally.events += 1
            written(number)
        if updates:
            self.session.execute(update(Encounter), list(updates.values()))
        if inserts:
            for row_id, external_id in self.session.execute(
                insert(Encounter).returning(Encounter.id, Encounter.external_id), inserts
            ):
                if external_id is not None:
                    self.encounter_ids[external_id] = row_id
        for row in updates.values():
            self.encounter_ids[row["external_id"]] = row["id"]
        if len(self.encounter_ids) > _CACHE_LIMIT:
            self.encounter_ids.clear()

    def _existing(self, model: Any, external_ids: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(sorted(set(external_ids)), 500):
            for row_id, external_id in self.session.execute(
                select(model.id, model.external_id).where(model.external_id.in_(chunk))
            ):
                found[external_id] = row_id
        return found

    # events

    def _events(
        self,
        batch: list[tuple[int, EventRecord]],
        written: Callable[[int], None],
        refused: Callable[[int, str], None],
    ) -> None:
        if not batch:
            return
        self._lookup_patients(r.patient_ref for _, r in batch)
        wanted = {r.encounter_ref for _, r in batch if r.encounter_ref} - set(self.encounter_ids)
        self.encounter_ids.update(self._existing(Encounter, sorted(wanted)))
        existing = self._existing(ClinicalEvent, [r.external_id for _, r in batch])
        inserts: list[dict[str, Any]] = []
        updates: dict[int, dict[str, Any]] = {}
        for number, record in batch:
            pid = self.patient_ids.get(record.patient_ref)
            if pid is None:
                refused(
                    number,
                    f"{_source_type(record)}: its patient is not in this import or the clinic",
                )
                continue
            values_ = {
                "patient_id": pid,
                "encounter_id": self.encounter_ids.get(record.encounter_ref or ""),
                "external_id": record.external_id,
                "kind": record.kind,
                "system": record.system,
                "code": record.code,
                "display": record.display,
                "occurred_on": record.occurred_on,
                "ended_on": record.ended_on,
                "value": record.value,
                "unit": record.unit,
                "value_text": record.value_text,
                "status": record.status,
            }
            _upsert(existing, inserts, updates, values_)
            self.tally.events += 1
            written(number)
        if updates:
            self.session.execute(update(ClinicalEvent), list(updates.values()))
        if inserts:
            self.session.execute(insert(ClinicalEvent), inserts)

    # the panel's cached last visit

    def update_last_visits(self) -> None:
        if not self.visited:
            return
        visited, self.visited = sorted(self.visited), set()
        self.session.flush()
        for chunk in _chunks(visited, 500):
            latest = self.session.execute(
                select(Encounter.patient_id, func.max(Encounter.start_at))
                .where(Encounter.patient_id.in_(chunk))
                .group_by(Encounter.patient_id)
            ).all()
            for patient in self.session.execute(
                select(Patient).where(Patient.id.in_([pid for pid, _ in latest]))
            ).scalars():
                last = dict(latest)[patient.id]
                day = last.date() if last is not None else None
                if patient.last_visit_on != day:
                    patient.last_visit_on = day
        self.session.flush()


def _same_person(
    record: PatientRecord, taken: dict[str, int], owners: dict[tuple[str, str], int]
) -> int | None:
    if record.mrn and record.match_mrn:
        return taken.get(record.mrn)
    if record.mrn and record.mrn_system:
        return owners.get((record.mrn_system, record.mrn))
    return None


def _with_key(record: PatientRecord) -> PatientRecord:
    """The record with its own key among its identifiers (to add it when missing)."""
    return PatientRecord(**{**record.__dict__, "identifiers": [record.key, *record.identifiers]})


def _source_type(record: EventRecord) -> str:
    return {
        "condition": "Condition",
        "observation": "Observation",
        "procedure": "Procedure",
        "immunization": "Immunization",
        "medication": "MedicationRequest",
    }.get(record.kind, record.kind)


def _upsert(
    existing: dict[str, int],
    inserts: list[dict[str, Any]],
    updates: dict[int, dict[str, Any]],
    values_: dict[str, Any],
) -> None:
    """Queue an insert, or an update of the row with the same external id. A source that
    repeats a resource in one batch: the last copy is what stays."""
    external_id = values_["external_id"]
    if external_id in existing:
        row_id = existing[external_id]
        if row_id < 0:  # queued for insert in this batch
            inserts[-row_id - 1] = values_
        else:
            updates[row_id] = {"id": row_id, **values_}
        return
    inserts.append(values_)
    existing[external_id] = -len(inserts)


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _apply(row: Patient, record: PatientRecord) -> None:
    row.family_name = record.family_name
    row.given_names = record.given_names
    row.name_key = name_key(record.family_name, record.given_names)
    # A source that says nothing about the birth date or sex does not erase what the
    # clinic already knows.
    if record.birth_date is not None or row.id is None:
        row.birth_date = record.birth_date
    if record.sex != "unknown" or row.id is None:
        row.sex = record.sex
    if record.phone is not None:
        row.phone = record.phone
    if record.email is not None:
        row.email = record.email
    if record.address is not None:
        row.address = record.address
    if record.deceased:
        row.status = "deceased"
        row.deceased_on = record.deceased_on


# --- running an import ----------------------------------------------------------------------


Reader = Callable[[], Iterator[Mapped]]


@dataclass(frozen=True)
class _Unit:
    """One transaction's worth of input: a file (or a CSV table) and how to read it."""

    label: str
    read: Reader


class _Stop(Exception):
    pass


def _run(
    db: Database,
    actor: Principal,
    units: Sequence[_Unit],
    report: ImportReport,
    *,
    kind: str,
    progress: ProgressCallback | None,
    cancelled: CancelCheck | None,
) -> ImportReport:
    total = len(units)

    def check() -> None:
        if cancelled is not None and cancelled():
            raise _Stop

    def import_unit(session: Session, unit: _Unit) -> _Tally:
        tally = _Tally()
        writer = _Writer(session, tally)
        for count, mapped in enumerate(unit.read(), start=1):
            writer.add(mapped)
            if count % BATCH == 0:
                check()
        writer.finish()
        check()
        return tally

    try:
        if report.dry_run:
            with db.uow() as uow:
                for index, unit in enumerate(units):
                    check()
                    if progress:
                        progress(index, total, unit.label)
                    savepoint = uow.session.begin_nested()
                    try:
                        tally = import_unit(uow.session, unit)
                    except _Stop:
                        savepoint.rollback()
                        raise
                    except (ClinicDeskError, fhir.SourceError, OSError, DBAPIError) as error:
                        savepoint.rollback()
                        report.errors.append(FileError(unit.label, _message(error)))
                        continue
                    savepoint.commit()
                    tally.merge_into(report, unit.label)
                # the whole dry run is rolled back when the unit of work ends
        else:
            for index, unit in enumerate(units):
                check()
                if progress:
                    progress(index, total, unit.label)
                try:
                    with db.uow() as uow:
                        tally = import_unit(uow.session, unit)
                        audit.record(
                            uow,
                            actor,
                            f"patients.import.{kind}",
                            "import",
                            _clip(Path(unit.label).name, 64),
                            {
                                "file": unit.label,
                                "patients_created": tally.created,
                                "patients_updated": tally.updated,
                                "events": tally.events,
                                "resources": tally.resources,
                                "skipped": sum(tally.skipped.values()),
                            },
                        )
                        uow.commit()
                except (ClinicDeskError, fhir.SourceError, OSError) as error:
                    report.errors.append(FileError(unit.label, _message(error)))
                    continue
                tally.merge_into(report, unit.label)
    except _Stop:
        report.cancelled = True
    if not report.dry_run and (report.patients_created or report.patients_updated or report.events):
        _attribute_after_import(db, actor, report)
    if progress:
        progress(total, total, "")
    return report


def _attribute_after_import(db: Database, actor: Principal, report: ImportReport) -> None:
    """New visits may change who a patient's clinician is, and new results the care gaps:
    the attribution rule (never overriding a manual attribution) and the clinic-wide
    care-gap run follow the files, each in its own transaction, so an import that was
    already committed is never undone by them."""
    with db.uow() as uow:
        result = attribution.apply_rule(uow, actor.username, date.today())
        if result.assigned or result.changed:
            audit.record(uow, actor, "attribution.run", "clinic", "", result.as_json())
        uow.commit()
    report.attributed = result.assigned + result.changed
    # and new results may open or close care gaps: the panel shows them at once
    with db.uow() as uow:
        caregaps.evaluate_clinic(uow, actor)


def practitioner_key(name: str) -> str:
    """ "Dr. Trinidad33 Shanahan87" and "Dr Trinidad Shanahan" give the same key."""
    words = fold("".join(ch for ch in name if not ch.isdigit())).replace(".", " ").split()
    if words and words[0] in ("dr", "doctor"):
        words = words[1:]
    return " ".join(words)


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _message(error: BaseException) -> str:
    if isinstance(error, ClinicDeskError):
        return str(error).replace("\n", " ")
    if isinstance(error, DBAPIError):
        return f"the database refused a row: {error.orig}"
    if isinstance(error, OSError):
        return f"cannot be read: {error.strerror or error}"
    return str(error)


def _fhir_unit(path: Path) -> _Unit:
    def read() -> Iterator[Mapped]:
        source = fhir.FhirSource(path)
        for item in source.resources():
            yield source.mapper.map(item)

    return _Unit(str(path), read)


def _check_paths(paths: Sequence[Path]) -> None:
    if not paths:
        raise ValidationError("Name at least one file or folder to import.")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise ValidationError(
            f"Not found: {', '.join(missing)}.",
            hint="Check the path; name FHIR files, NDJSON files or folders holding them.",
        )


@requires(Permission.IMPORT_PATIENTS)
def import_fhir(
    db: Database,
    actor: Principal,
    paths: Sequence[Path],
    *,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportReport:
    """Import FHIR R4 Bundles (any type), single resources and Bulk Data NDJSON from
    files and folders (walked; non-JSON files inside folders are ignored)."""
    paths = [Path(p) for p in paths]
    _check_paths(paths)
    files, _ignored = fhir.expand(paths)
    report = ImportReport(dry_run=dry_run)
    return _run(
        db,
        actor,
        [_fhir_unit(p) for p in files],
        report,
        kind="fhir",
        progress=progress,
        cancelled=cancelled,
    )


def plan_fhir(paths: Sequence[Path]) -> list[Path]:
    """The files an import of `paths` would read, in the order it reads them."""
    return fhir.expand([Path(p) for p in paths])[0]


@requires(Permission.IMPORT_PATIENTS)
def import_synthea_csv(
    db: Database,
    actor: Principal,
    folder: Path,
    *,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportReport:
    """Import a Synthea CSV export folder: patients, encounters, conditions,
    observations, procedures, immunizations, medications (each table one transaction,
    in that order; other tables are not read)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValidationError(
            f"{folder} is not a folder.",
            hint="Name the folder Synthea wrote its CSV files to (patients.csv, …).",
        )
    tables = csvfiles.synthea_tables(folder)
    if not tables:
        raise ValidationError(
            f"{folder} holds none of the Synthea tables ClinicDesk reads "
            f"({', '.join(t + '.csv' for t in csvfiles.SYNTHEA_TABLES)}).",
            hint="Export with Synthea's CSV exporter (exporter.csv.export = true).",
        )
    units = [_Unit(str(table.path), table.rows) for table in tables]
    return _run(
        db,
        actor,
        units,
        ImportReport(dry_run=dry_run),
        kind="synthea_csv",
        progress=progress,
        cancelled=cancelled,
    )


@requires(Permission.IMPORT_PATIENTS)
def import_patients_csv(
    db: Database,
    actor: Principal,
    path: Path,
    *,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportReport:
    """Import a practice-management patient list. `mapping` is {COLUMN: FIELD} for
    columns whose names are not recognised (fields: csvfiles.PATIENT_FIELDS). A patient
    is found again by MRN, so a second import of the list updates."""
    path = Path(path)
    _check_paths([path])
    try:
        columns = csvfiles.header(path)
        chosen = csvfiles.column_mapping(columns, mapping or {})
    except fhir.SourceError as error:
        raise ValidationError(
            f"{path.name} {error}", hint="Fields: " + ", ".join(csvfiles.PATIENT_FIELDS)
        ) from None
    unit = _Unit(str(path), lambda: csvfiles.patient_rows(path, chosen))
    return _run(
        db,
        actor,
        [unit],
        ImportReport(dry_run=dry_run),
        kind="csv",
        progress=progress,
        cancelled=cancelled,
    )
