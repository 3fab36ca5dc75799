"""Writing one file's (or several files') records in batches: one query per batch finds
the existing rows, then bulk inserts and updates, so the cost per patient does not depend on
the size of the clinic. Patients are found again by their source identifiers or MRN,
encounters and events by `external_id`. The statements are built in `statements`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import zip_longest
from typing import Any, cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from clinicdesk.db import id_lists
from clinicdesk.db.models_clinical import ClinicalEvent, Encounter, Patient
from clinicdesk.i18n import _
from clinicdesk.interop.records import EncounterRecord, EventRecord, Mapped, PatientRecord, Record
from clinicdesk.services.patient_import import statements
from clinicdesk.services.patient_import.clinicians import Clinicians
from clinicdesk.services.patient_import.report import MAX_PROBLEMS, Tally

# Records held before they are written: a batch costs about eight statements whatever its
# size, so a transaction of ten one-patient files (about a thousand resources) is written
# in one batch rather than three; memory stays bounded by this count.
BATCH = 2000


class SharedRows(Exception):
    """Files written together name the same patient, visit or event: written one after
    another they could differ (a later file's patient found by an earlier file's visit),
    so the caller writes them one by one."""


# Caches of source key -> row id are per file and cleared past this size, so memory
# stays flat on a file with 100,000 patients (a miss costs one batched query).
_CACHE_LIMIT = 20_000
# Keys remembered of files written together (to find files that share a row), at most.
_CLAIM_LIMIT = 50_000


# The runs after an import (attribution, care gaps) look only at the patients it wrote, up
# to this many; past it they look at the whole clinic, which then costs about the same per
# patient, and the set of ids stays small.
TOUCHED_LIMIT = 20_000


class Touched:
    """The patients an import wrote: created or changed, given visits or events, or holding
    before it a visit or event it changed. No one else's care gaps or attribution can have
    changed by the import."""

    def __init__(self) -> None:
        self._ids: set[int] | None = set()

    def add(self, ids: Iterable[int]) -> None:
        if self._ids is None:
            return
        self._ids.update(ids)
        if len(self._ids) > TOUCHED_LIMIT:
            self._ids = None

    @property
    def counting(self) -> bool:
        return self._ids is not None

    @property
    def patients(self) -> frozenset[int] | None:
        """None when there were more than TOUCHED_LIMIT: look at the whole clinic."""
        return None if self._ids is None else frozenset(self._ids)


def generated_mrn(key: tuple[str, str]) -> str:
    """A stable MRN for a patient whose source gives none: the same source id always
    gets the same MRN, so a re-import does not change it."""
    digest = hashlib.sha1(f"{key[0]}|{key[1]}".encode()).hexdigest()[:10].upper()
    return f"IMP-{digest}"


class Writer:
    """Writes records in batches within the caller's transaction: one file's, or several
    files' one after another (`start_file` names the tally each file's records count in,
    so a batch may hold the records of several files)."""

    def __init__(
        self,
        session: Session,
        tally: Tally,
        clinicians: Clinicians | None = None,
        touched: Touched | None = None,
    ) -> None:
        self.session = session
        self.tally = tally
        self.pending: list[tuple[int, Record]] = []  # (resource number, record)
        # the tally of each pending resource's file (by resource number)
        self._tallies: dict[int, Tally] = {}
        # with several files: the file (its tally) that named each row's key first
        self._named_by: dict[tuple[str, str], Tally] | None = None
        self.patient_ids: dict[tuple[str, str], int | None] = {}
        self.encounter_ids: dict[str, int] = {}
        self.visited: set[int] = set()
        self._resource = 0
        self._clinicians = clinicians if clinicians is not None else Clinicians()
        self.touched = touched if touched is not None else Touched()
        self._dialect = session.get_bind().dialect.name
        # Work that needs no database (reading the next files) done while the server
        # runs the batch's insert of events, the longest statement (PostgreSQL)
        self.while_waiting: Callable[[], object] | None = None

    def add(self, mapped: Mapped) -> None:
        tally = self.tally
        tally.resources += 1
        if mapped.notes:
            for note in mapped.notes:
                tally.notes[note] += 1
        if mapped.skipped is not None:
            tally.skipped[mapped.skipped] += 1
            return
        self._resource = number = self._resource + 1
        self._tallies[number] = tally
        records = mapped.records
        if self._named_by is not None:
            self._claim(records)
        pending = self.pending
        if len(records) == 1:  # the usual case
            pending.append((number, records[0]))
        else:
            pending.extend([(number, record) for record in records])
        if len(pending) >= BATCH:
            self.flush()

    def start_file(self, tally: Tally) -> None:
        """What `add` reads from now on counts in `tally`: the next of several files
        written together, which must not name one another's rows (SharedRows). No file
        is to be started once `claims_full`."""
        if self._named_by is None:
            self._named_by = {}
        self.tally = tally

    @property
    def claims_full(self) -> bool:
        """The files written together named _CLAIM_LIMIT keys: the rest of the current
        file is only checked against the files before it (memory stays flat on a big
        file), so no further file may join them."""
        return self._named_by is not None and len(self._named_by) >= _CLAIM_LIMIT

    def _claim(self, records: list[Record]) -> None:
        named_by = cast(dict[tuple[str, str], Tally], self._named_by)
        tally = self.tally
        for record in records:
            keys: tuple[tuple[str, str], ...]
            if isinstance(record, EventRecord):
                encounter = record.encounter_ref
                keys = (
                    (("row", record.external_id), record.patient_ref, ("row", encounter))
                    if encounter
                    else (("row", record.external_id), record.patient_ref)
                )
            elif isinstance(record, EncounterRecord):
                keys = (("row", record.external_id), record.patient_ref)
            else:
                keys = (record.key, *record.identifiers)
                if record.mrn:
                    keys += (("mrn", record.mrn),)
            if len(named_by) < _CLAIM_LIMIT:
                for key in keys:
                    if named_by.setdefault(key, tally) is not tally:
                        raise SharedRows(key)
            else:
                for key in keys:
                    if named_by.get(key, tally) is not tally:
                        raise SharedRows(key)

    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        tallies, self._tallies = self._tallies, {}
        # A resource counts as imported when at least one of its records was written,
        # and as skipped (with the first reason) when none was.
        outcome: dict[int, str | None] = {}

        def written(number: int) -> None:
            outcome[number] = None

        def refused(number: int, reason: str) -> None:
            outcome.setdefault(number, reason)

        self._patients(
            [(n, r) for n, r in batch if isinstance(r, PatientRecord)], tallies, written, refused
        )
        encounters = [(n, r) for n, r in batch if isinstance(r, EncounterRecord)]
        events = [(n, r) for n, r in batch if isinstance(r, EventRecord)]
        # On PostgreSQL the events' insert itself finds those already in the clinic
        # (statements.insert_new_events)
        known_encounters, known_events = self._existing_rows(
            [r.external_id for _, r in encounters],
            [r.external_id for _, r in events] if self._dialect != "postgresql" else [],
        )
        self._encounters(encounters, known_encounters, tallies, written, refused)
        self._events(events, known_events, tallies, written, refused)
        for number, reason in outcome.items():
            if reason is None:
                tallies[number].imported += 1
            else:
                tallies[number].skipped[reason] += 1
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
        self.patient_ids.update(self._owners(wanted))
        for key in wanted:
            self.patient_ids.setdefault(key, None)

    def _patients(
        self,
        batch: list[tuple[int, PatientRecord]],
        tallies: dict[int, Tally],
        written: Callable[[int], None],
        refused: Callable[[int, str], None],
    ) -> None:
        if not batch:
            return
        if len(self.patient_ids) > _CACHE_LIMIT:
            self.patient_ids.clear()
        # One query finds who owns every key and identifier of the batch; the keys'
        # owners are the patients already known.
        identifier_owner = self._identifier_owners(batch)
        for _number, record in batch:
            if record.key not in self.patient_ids:
                self.patient_ids[record.key] = identifier_owner.get(record.key)
        existing_ids = {pid for _, r in batch if (pid := self.patient_ids.get(r.key))}
        rows = {
            p.id: p
            for chunk in _chunks(sorted(existing_ids), 500)
            for p in self.session.execute(select(Patient).where(Patient.id.in_(chunk))).scalars()
        }
        wanted_mrns = {r.mrn for _, r in batch if r.mrn} | {generated_mrn(r.key) for _, r in batch}
        taken: dict[str, int] = {}
        for chunk in _chunks(sorted(wanted_mrns), statements.LOOKUP_CHUNK[self._dialect]):
            for mrn, pid in self.session.execute(
                statements.mrns_taken(self._dialect),
                {"mrns": statements.listed(chunk, self._dialect)},
            ):
                taken[mrn] = pid
        # The same person under another source id: found by the clinic's own MRN (a
        # practice-management list) or by the source's MRN identifier (system + value).
        extra = {_same_person(r, taken, identifier_owner) for _, r in batch} - {None}
        for chunk in _chunks(sorted(i for i in extra if i not in rows), 500):
            for p in self.session.execute(select(Patient).where(Patient.id.in_(chunk))).scalars():
                rows[p.id] = p
        # New patients are built as plain column values, then written with one INSERT
        # for the batch.
        new_rows: list[tuple[int, PatientRecord, dict[str, Any]]] = []
        new_in_batch: dict[tuple[str, str], dict[str, Any]] = {}
        identifiers: list[tuple[int, str, str]] = []  # statements.IDENTIFIER_COLUMNS
        for number, record in batch:
            tally = tallies[number]
            pid = self.patient_ids.get(record.key)
            row = rows.get(pid) if pid else None
            if row is not None:
                statements.apply(row, record)
                self.touched.add((row.id,))
                tally.updated += 1
                written(number)
                self._add_identifiers(row.id, record, identifier_owner, identifiers, tally)
                continue
            mr_key: tuple[str, str] | None = (
                (record.mrn_system, record.mrn) if record.mrn_system and record.mrn else None
            )
            repeat = new_in_batch.get(record.key) or (new_in_batch.get(mr_key) if mr_key else None)
            if repeat is not None:
                # the same patient twice in one batch: the last wins where it says
                # something, as it would were the two in different batches
                repeat.update(statements.changes(record, new=False))
                tally.updated += 1
                written(number)
                continue
            same = _same_person(record, taken, identifier_owner)
            if same is not None and same in rows:
                row = rows[same]
                statements.apply(row, record)
                self.touched.add((row.id,))
                tally.updated += 1
                written(number)
                self.patient_ids[record.key] = row.id
                self._add_identifiers(
                    row.id, _with_key(record), identifier_owner, identifiers, tally
                )
                continue
            mrn = record.mrn or generated_mrn(record.key)
            if mrn in taken:
                if record.match_mrn or generated_mrn(record.key) in taken:
                    refused(number, "Patient: duplicate MRN (another patient already has it)")
                    _problem(
                        tally,
                        _("Patient {key}: MRN {mrn} already belongs to another patient").format(
                            key=record.key[1], mrn=mrn
                        ),
                    )
                    continue
                tally.notes[
                    "Patient: MRN already used by another patient; given a generated one"
                ] += 1
                _problem(
                    tally,
                    _(
                        "Patient {key}: MRN {mrn} (from {source}) already belongs to another "
                        "patient; imported as {generated}"
                    ).format(
                        key=record.key[1],
                        mrn=mrn,
                        source=record.mrn_system or _("the source"),
                        generated=generated_mrn(record.key),
                    ),
                )
                mrn = generated_mrn(record.key)
            values = statements.new_patient_values(mrn, record)
            taken[mrn] = -1
            new_in_batch[record.key] = values
            if mr_key:
                new_in_batch[mr_key] = values
            new_rows.append((number, record, values))
        if new_rows:
            ids_by_mrn: dict[str, int] = {
                mrn: row_id
                for row_id, mrn in statements.insert_patients(
                    self.session, [values for _, _, values in new_rows]
                )
            }
            for number, record, values in new_rows:
                patient_id = ids_by_mrn[values["mrn"]]
                self.touched.add((patient_id,))
                self.patient_ids[record.key] = patient_id
                tallies[number].created += 1
                written(number)
                identifiers.append((patient_id, record.key[0], record.key[1]))
                identifier_owner[record.key] = patient_id
                self._add_identifiers(
                    patient_id, record, identifier_owner, identifiers, tallies[number]
                )
        if identifiers:
            statements.insert_identifiers(self.session, identifiers)
        self.session.flush()

    def _identifier_owners(
        self, batch: list[tuple[int, PatientRecord]]
    ) -> dict[tuple[str, str], int]:
        return self._owners(
            pair for _, record in batch for pair in [record.key, *record.identifiers]
        )

    def _owners(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """The patient each (system, value) identifier belongs to, where one does: one
        query per chunk, each system's values an IN list (system + value is indexed)."""
        by_system: dict[str, set[str]] = {}
        for system, value in pairs:
            by_system.setdefault(system, set()).add(value)
        owners: dict[tuple[str, str], int] = {}
        groups = [(s, v) for s, values_ in sorted(by_system.items()) for v in sorted(values_)]
        for chunk in _chunks(groups, statements.LOOKUP_CHUNK[self._dialect]):
            systems: dict[str, list[str]] = {}
            for system, value in chunk:
                systems.setdefault(system, []).append(value)
            params: dict[str, Any] = {}
            for i, (system, values_) in enumerate(systems.items()):
                params[f"s{i}"] = system
                params[f"v{i}"] = statements.listed(values_, self._dialect)
            statement = statements.owners_statement(len(systems), self._dialect)
            for system, value, pid in self.session.execute(statement, params):
                owners[(system, value)] = pid
        return owners

    def _add_identifiers(
        self,
        patient_id: int,
        record: PatientRecord,
        owners: dict[tuple[str, str], int],
        rows: list[tuple[int, str, str]],
        tally: Tally,
    ) -> None:
        for pair in record.identifiers:
            owner = owners.get(pair)
            if owner == patient_id:
                continue
            if owner is not None:
                tally.notes["Patient: identifier already belongs to another patient"] += 1
                _problem(
                    tally,
                    _(
                        "Patient {key}: identifier {system}|{value} already "
                        "belongs to another patient; not added"
                    ).format(key=record.key[1], system=pair[0], value=pair[1]),
                )
                continue
            rows.append((patient_id, pair[0], pair[1]))
            owners[pair] = patient_id

    # encounters

    def _existing_rows(
        self, encounter_ids: Sequence[str], event_ids: Sequence[str]
    ) -> tuple[dict[str, int], dict[str, int]]:
        """{external id: row id} of the visits and of the events already written."""
        encounters: dict[str, int] = {}
        events: dict[str, int] = {}
        if not encounter_ids and not event_ids:
            return encounters, events
        # each list is one parameter (an array, a JSON array): one query per BATCH ids
        for encounter_chunk, event_chunk in zip_longest(
            _chunks(sorted(set(encounter_ids)), BATCH),
            _chunks(sorted(set(event_ids)), BATCH),
            fillvalue=(),
        ):
            found = statements.existing_both(self.session, list(encounter_chunk), list(event_chunk))
            for table, row_id, external_id in found:
                (encounters if table == "encounter" else events)[external_id] = row_id
        return encounters, events

    def _encounters(
        self,
        batch: list[tuple[int, EncounterRecord]],
        existing: dict[str, int],
        tallies: dict[int, Tally],
        written: Callable[[int], None],
        refused: Callable[[int, str], None],
    ) -> None:
        if not batch:
            return
        self._lookup_patients(r.patient_ref for _, r in batch)
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
                "clinician_id": self._clinicians.find(self.session, record.practitioner),
            }
            _upsert(existing, inserts, updates, values_)
            self.visited.add(pid)
            self.touched.add((pid,))
            tallies[number].events += 1
            written(number)
        if updates:
            self._touch_holders(Encounter, updates)
            self.session.execute(update(Encounter), list(updates.values()))
        if inserts:
            for row_id, external_id in statements.insert_encounters(self.session, inserts):
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
                statements.EXISTING[model, self._dialect], {"ids": list(chunk)}
            ):
                found[external_id] = row_id
        return found

    # events

    def _events(
        self,
        batch: list[tuple[int, EventRecord]],
        existing: dict[str, int],
        tallies: dict[int, Tally],
        written: Callable[[int], None],
        refused: Callable[[int, str], None],
    ) -> None:
        if not batch:
            return
        self._lookup_patients(r.patient_ref for _, r in batch)
        wanted = {r.encounter_ref for _, r in batch if r.encounter_ref} - set(self.encounter_ids)
        self.encounter_ids.update(self._existing(Encounter, sorted(wanted)))
        # Each event is one tuple of statements.EVENT_COLUMNS (what the bulk insert sends),
        # made straight from the record; an update takes it as a dict.
        inserts: list[tuple[Any, ...]] = []
        updates: dict[int, dict[str, Any]] = {}
        patient_ids = self.patient_ids
        encounter_ids = self.encounter_ids
        for number, record in batch:
            pid = patient_ids.get(record.patient_ref)
            if pid is None:
                refused(
                    number,
                    f"{_source_type(record)}: its patient is not in this import or the clinic",
                )
                continue
            external_id = record.external_id
            row = (
                pid,
                encounter_ids.get(record.encounter_ref or ""),
                external_id,
                record.kind,
                record.system,
                record.code,
                record.display,
                record.occurred_on,
                record.ended_on,
                record.value,
                record.unit,
                record.value_text,
                record.status,
            )
            # as _upsert: a resource repeated in one batch keeps its last copy
            row_id = existing.get(external_id)
            if row_id is None:
                inserts.append(row)
                existing[external_id] = -len(inserts)
            elif row_id < 0:  # queued for insert in this batch
                inserts[-row_id - 1] = row
            else:
                named = dict(zip(statements.EVENT_COLUMNS, row, strict=True))
                updates[row_id] = {"id": row_id, **named}
            tallies[number].events += 1
            written(number)
        self.touched.add(row[0] for row in inserts)
        if updates:
            self._touch_holders(ClinicalEvent, updates)
            self.touched.add(row["patient_id"] for row in updates.values())
            self.session.execute(update(ClinicalEvent), list(updates.values()))
        if inserts and self._dialect == "postgresql":
            self._insert_new_events(inserts)
        elif inserts:
            statements.insert_events(self.session, inserts)

    def _insert_new_events(self, rows: list[tuple[Any, ...]]) -> None:
        """PostgreSQL: insert the events the clinic does not hold yet; update the rest
        (found by the insert), as `_events` updates the events it found beforehand."""
        taken = statements.insert_new_events(self.session, rows, self.while_waiting)
        if not taken:
            return
        ids = self._existing(ClinicalEvent, sorted(taken))
        updates = [
            {"id": ids[row[2]], **dict(zip(statements.EVENT_COLUMNS, row, strict=True))}
            for row in rows
            if row[2] in taken and row[2] in ids
        ]
        if updates:
            self._touch_holders(ClinicalEvent, {row["id"]: row for row in updates})
            self.session.execute(update(ClinicalEvent), updates)
        # (one deleted since the insert met it: written as new)
        gone = [row for row in rows if row[2] in taken and row[2] not in ids]
        if gone:
            statements.insert_events(self.session, gone)

    def _touch_holders(self, model: Any, updates: dict[int, dict[str, Any]]) -> None:
        """The patients holding the rows about to be updated count as written: a visit or
        event that moves to another patient changes the one it leaves too."""
        if not self.touched.counting:
            return
        table = model.__table__
        for chunk in _chunks(sorted(updates), BATCH):
            self.touched.add(
                self.session.execute(
                    select(table.c.patient_id)
                    .where(id_lists.among(table.c.id, chunk, self._dialect))
                    .distinct()
                ).scalars()
            )

    # the panel's cached last visit

    def update_last_visits(self) -> None:
        if not self.visited:
            return
        visited, self.visited = sorted(self.visited), set()
        self.session.flush()
        statement = statements.last_visits_statement(self._dialect)
        for chunk in _chunks(visited, 500):
            for (patient_id,) in self.session.execute(statement, {"ids": list(chunk)}):
                # a row loaded earlier in this file is read afresh
                cached = self.session.identity_map.get(identity_key(Patient, patient_id))
                if cached is not None:
                    self.session.expire(cached)


def _problem(tally: Tally, message: str) -> None:
    if len(tally.problems) < MAX_PROBLEMS:
        tally.problems.append(message)


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
