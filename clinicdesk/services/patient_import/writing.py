"""Writing one file's records in batches: one query per batch finds the existing rows,
then bulk inserts and updates, so the cost per patient does not depend on the size of the
clinic. Patients are found again by their source identifiers or MRN, encounters and events
by `external_id`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import zip_longest
from typing import Any, cast

from sqlalchemy import (
    Date,
    Table,
    and_,
    bindparam,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy import cast as cast_
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from clinicdesk.db.models import User
from clinicdesk.db.models_clinical import ClinicalEvent, Encounter, Patient, PatientIdentifier
from clinicdesk.domain.names import fold, name_key
from clinicdesk.domain.roles import Role, decode_roles
from clinicdesk.interop.records import EncounterRecord, EventRecord, Mapped, PatientRecord, Record
from clinicdesk.services.patient_import.report import MAX_PROBLEMS, Tally

BATCH = 500
# Caches of source key -> row id are per file and cleared past this size, so memory
# stays flat on a file with 100,000 patients (a miss costs one batched query).
_CACHE_LIMIT = 20_000


# The statements a batch runs, built once: SQLAlchemy then finds each compiled form in its
# cache without building and keying a new statement per batch (a file is often one
# patient, so that cost was paid per patient). IN lists expand at execution.
_PATIENT = cast(Table, Patient.__table__)
_IDENTIFIER = cast(Table, PatientIdentifier.__table__)
_ENCOUNTER = cast(Table, Encounter.__table__)
_EVENT = cast(Table, ClinicalEvent.__table__)
_MRNS_TAKEN = select(_PATIENT.c.mrn, _PATIENT.c.id).where(
    _PATIENT.c.mrn.in_(bindparam("mrns", expanding=True))
)
# RETURNING in any order (in parameter order SQLite would insert row by row); new rows
# are told apart by their MRN, which is unique.
_INSERT_PATIENTS = insert(_PATIENT).returning(_PATIENT.c.id, _PATIENT.c.mrn)
_INSERT_IDENTIFIERS = insert(_IDENTIFIER)
_INSERT_ENCOUNTERS = insert(_ENCOUNTER).returning(_ENCOUNTER.c.id, _ENCOUNTER.c.external_id)
_INSERT_EVENTS = insert(_EVENT)
_EXISTING = {
    model: select(model.__table__.c.id, model.__table__.c.external_id).where(
        model.__table__.c.external_id.in_(bindparam("ids", expanding=True))
    )
    for model in (Encounter, ClinicalEvent)
}
# The visits and the events of a batch already in the clinic, in one query.
_EXISTING_BOTH = union_all(
    select(literal("encounter"), _ENCOUNTER.c.id, _ENCOUNTER.c.external_id).where(
        _ENCOUNTER.c.external_id.in_(bindparam("encounters", expanding=True))
    ),
    select(literal("event"), _EVENT.c.id, _EVENT.c.external_id).where(
        _EVENT.c.external_id.in_(bindparam("events", expanding=True))
    ),
)
_last_visit_statements: dict[str, Any] = {}


def _last_visits_statement(dialect: str) -> Any:
    """One UPDATE for a batch of patients: each visited patient's last visit is the day
    of their latest encounter; a row whose day changes gets a new version (and updated_at,
    by its onupdate), as the ORM writes a versioned row; RETURNING names those rows."""
    statement = _last_visit_statements.get(dialect)
    if statement is None:
        latest = (
            select(func.max(_ENCOUNTER.c.start_at))
            .where(_ENCOUNTER.c.patient_id == _PATIENT.c.id)
            .scalar_subquery()
        )
        # SQLite keeps a DateTime as ISO text and a Date as its first ten characters
        day = func.date(latest) if dialect == "sqlite" else cast_(latest, Date)
        statement = (
            update(_PATIENT)
            .where(
                _PATIENT.c.id.in_(bindparam("ids", expanding=True)),
                _PATIENT.c.last_visit_on.is_distinct_from(day),
            )
            .values(last_visit_on=day, version=_PATIENT.c.version + 1)
            .returning(_PATIENT.c.id)
        )
        _last_visit_statements[dialect] = statement
    return statement


_owner_statements: dict[int, Any] = {}


def _owners_statement(systems: int) -> Any:
    """The owners of identifiers in `systems` systems: (system s<i> and value in v<i>)
    or …, each arm a seek on the (system, value) index."""
    statement = _owner_statements.get(systems)
    if statement is None:
        statement = select(
            _IDENTIFIER.c.system, _IDENTIFIER.c.value, _IDENTIFIER.c.patient_id
        ).where(
            or_(
                *(
                    and_(
                        _IDENTIFIER.c.system == bindparam(f"s{i}"),
                        _IDENTIFIER.c.value.in_(bindparam(f"v{i}", expanding=True)),
                    )
                    for i in range(systems)
                )
            )
        )
        _owner_statements[systems] = statement
    return statement


def generated_mrn(key: tuple[str, str]) -> str:
    """A stable MRN for a patient whose source gives none: the same source id always
    gets the same MRN, so a re-import does not change it."""
    digest = hashlib.sha1(f"{key[0]}|{key[1]}".encode()).hexdigest()[:10].upper()
    return f"IMP-{digest}"


class Clinicians:
    """The clinic's active clinicians by practitioner key: read once per import, on first
    use, and shared by the files' writers (one query, not one per file)."""

    def __init__(self) -> None:
        self._by_key: dict[str, int] | None = None

    def find(self, session: Session, practitioner: str | None) -> int | None:
        """The clinician user a visit's practitioner names, matched on the folded name
        without a "Dr" title or Synthea's numeric suffixes; None when nobody matches."""
        if not practitioner:
            return None
        if self._by_key is None:
            rows = session.execute(
                select(User.id, User.display_name, User.roles).where(User.active.is_(True))
            )
            self._by_key = {
                practitioner_key(display): user_id
                for user_id, display, roles in rows
                if Role.CLINICIAN in decode_roles(roles)
            }
        return self._by_key.get(practitioner_key(practitioner))


class Writer:
    """Writes one file's records in batches within the caller's transaction."""

    def __init__(
        self, session: Session, tally: Tally, clinicians: Clinicians | None = None
    ) -> None:
        self.session = session
        self.tally = tally
        self.pending: list[tuple[int, Record]] = []  # (resource number, record)
        self.patient_ids: dict[tuple[str, str], int | None] = {}
        self.encounter_ids: dict[str, int] = {}
        self.visited: set[int] = set()
        self._resource = 0
        self._clinicians = clinicians if clinicians is not None else Clinicians()

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
        encounters = [(n, r) for n, r in batch if isinstance(r, EncounterRecord)]
        events = [(n, r) for n, r in batch if isinstance(r, EventRecord)]
        known_encounters, known_events = self._existing_rows(
            [r.external_id for _, r in encounters], [r.external_id for _, r in events]
        )
        self._encounters(encounters, known_encounters, written, refused)
        self._events(events, known_events, written, refused)
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
        self.patient_ids.update(self._owners(wanted))
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
        if len(self.patient_ids) > _CACHE_LIMIT:
            self.patient_ids.clear()
        # One query finds who owns every key and identifier of the batch; the keys'
        # owners are the patients already known.
        identifier_owner = self._identifier_owners(batch)
        for _, record in batch:
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
        for chunk in _chunks(sorted(wanted_mrns), 500):
            for mrn, pid in self.session.execute(_MRNS_TAKEN, {"mrns": list(chunk)}):
                taken[mrn] = pid
        # The same person under another source id: found by the clinic's own MRN (a
        # practice-management list) or by the source's MRN identifier (system + value).
        extra = {_same_person(r, taken, identifier_owner) for _, r in batch} - {None}
        for chunk in _chunks(sorted(i for i in extra if i not in rows), 500):
            for p in self.session.execute(select(Patient).where(Patient.id.in_(chunk))).scalars():
                rows[p.id] = p
        # New patients are built as unsaved rows (so `_apply` fills them as it fills an
        # existing one), then written with one INSERT for the batch.
        new_rows: list[tuple[int, PatientRecord, Patient]] = []
        new_in_batch: dict[tuple[str, str], Patient] = {}
        identifiers: list[dict[str, Any]] = []
        for number, record in batch:
            pid = self.patient_ids.get(record.key)
            row = rows.get(pid) if pid else None
            if row is not None:
                _apply(row, record)
                self.tally.updated += 1
                written(number)
                self._add_identifiers(row.id, record, identifier_owner, identifiers)
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
                self._add_identifiers(row.id, _with_key(record), identifier_owner, identifiers)
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
            taken[mrn] = -1
            new_in_batch[record.key] = row
            if mr_key:
                new_in_batch[mr_key] = row
            new_rows.append((number, record, row))
        if new_rows:
            ids_by_mrn: dict[str, int] = {
                mrn: row_id
                for row_id, mrn in self.session.execute(
                    _INSERT_PATIENTS, [_new_patient_values(row) for _, _, row in new_rows]
                )
            }
            for number, record, row in new_rows:
                patient_id = ids_by_mrn[row.mrn]
                self.patient_ids[record.key] = patient_id
                self.tally.created += 1
                written(number)
                identifiers.append(
                    {"patient_id": patient_id, "system": record.key[0], "value": record.key[1]}
                )
                identifier_owner[record.key] = patient_id
                self._add_identifiers(patient_id, record, identifier_owner, identifiers)
        if identifiers:
            self.session.execute(_INSERT_IDENTIFIERS, identifiers)
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
        for chunk in _chunks(groups, 500):
            systems: dict[str, list[str]] = {}
            for system, value in chunk:
                systems.setdefault(system, []).append(value)
            params: dict[str, Any] = {}
            for i, (system, values_) in enumerate(systems.items()):
                params[f"s{i}"] = system
                params[f"v{i}"] = values_
            statement = _owners_statement(len(systems))
            for system, value, pid in self.session.execute(statement, params):
                owners[(system, value)] = pid
        return owners

    def _add_identifiers(
        self,
        patient_id: int,
        record: PatientRecord,
        owners: dict[tuple[str, str], int],
        rows: list[dict[str, Any]],
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
            rows.append({"patient_id": patient_id, "system": pair[0], "value": pair[1]})
            owners[pair] = patient_id

    def _problem(self, message: str) -> None:
        if len(self.tally.problems) < MAX_PROBLEMS:
            self.tally.problems.append(message)

    # encounters

    def _existing_rows(
        self, encounter_ids: Sequence[str], event_ids: Sequence[str]
    ) -> tuple[dict[str, int], dict[str, int]]:
        """{external id: row id} of the visits and of the events already written."""
        encounters: dict[str, int] = {}
        events: dict[str, int] = {}
        if not encounter_ids and not event_ids:
            return encounters, events
        for encounter_chunk, event_chunk in zip_longest(
            _chunks(sorted(set(encounter_ids)), 500),
            _chunks(sorted(set(event_ids)), 500),
            fillvalue=(),
        ):
            params = {"encounters": list(encounter_chunk), "events": list(event_chunk)}
            for table, row_id, external_id in self.session.execute(_EXISTING_BOTH, params):
                (encounters if table == "encounter" else events)[external_id] = row_id
        return encounters, events

    def _encounters(
        self,
        batch: list[tuple[int, EncounterRecord]],
        existing: dict[str, int],
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
            self.tally.events += 1
            written(number)
        if updates:
            self.session.execute(update(Encounter), list(updates.values()))
        if inserts:
            for row_id, external_id in self.session.execute(_INSERT_ENCOUNTERS, inserts):
                if external_id is not None:
                    self.encounter_ids[external_id] = row_id
        for row in updates.values():
            self.encounter_ids[row["external_id"]] = row["id"]
        if len(self.encounter_ids) > _CACHE_LIMIT:
            self.encounter_ids.clear()

    def _existing(self, model: Any, external_ids: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(sorted(set(external_ids)), 500):
            for row_id, external_id in self.session.execute(_EXISTING[model], {"ids": list(chunk)}):
                found[external_id] = row_id
        return found

    # events

    def _events(
        self,
        batch: list[tuple[int, EventRecord]],
        existing: dict[str, int],
        written: Callable[[int], None],
        refused: Callable[[int, str], None],
    ) -> None:
        if not batch:
            return
        self._lookup_patients(r.patient_ref for _, r in batch)
        wanted = {r.encounter_ref for _, r in batch if r.encounter_ref} - set(self.encounter_ids)
        self.encounter_ids.update(self._existing(Encounter, sorted(wanted)))
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
            self.session.execute(_INSERT_EVENTS, inserts)

    # the panel's cached last visit

    def update_last_visits(self) -> None:
        if not self.visited:
            return
        visited, self.visited = sorted(self.visited), set()
        self.session.flush()
        statement = _last_visits_statement(self.session.get_bind().dialect.name)
        for chunk in _chunks(visited, 500):
            for (patient_id,) in self.session.execute(statement, {"ids": list(chunk)}):
                # a row loaded earlier in this file is read afresh
                cached = self.session.identity_map.get(identity_key(Patient, patient_id))
                if cached is not None:
                    self.session.expire(cached)


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


_NEW_PATIENT_FIELDS = (
    "mrn",
    "status",
    "open_gaps",
    "family_name",
    "given_names",
    "name_key",
    "birth_date",
    "sex",
    "phone",
    "email",
    "address",
    "deceased_on",
)


def _new_patient_values(row: Patient) -> dict[str, Any]:
    """The columns of an unsaved row that `_apply` filled (the rest take their defaults)."""
    return {name: getattr(row, name) for name in _NEW_PATIENT_FIELDS}


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


def practitioner_key(name: str) -> str:
    """ "Dr. Trinidad33 Shanahan87" and "Dr Trinidad Shanahan" give the same key."""
    words = fold("".join(ch for ch in name if not ch.isdigit())).replace(".", " ").split()
    if words and words[0] in ("dr", "doctor"):
        words = words[1:]
    return " ".join(words)
