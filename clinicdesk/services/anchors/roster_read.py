"""Reading an organisation's census (CSV, any column order, columns recognised by name
or mapped like the patient import) and matching its rows to patients (rules in
roster.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select

from clinicdesk.db.models_anchors import AnchorOrganisation
from clinicdesk.db.models_clinical import Patient, PatientIdentifier
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.names import fold, name_key
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _
from clinicdesk.interop import csv_safe, values
from clinicdesk.services.anchors.types import RosterPerson
from clinicdesk.services.identifiers import anchor_system

ROSTER_FIELDS = ("identifier", "family_name", "given_names", "birth_date", "sex", "relationship")
_SYNONYMS = {
    "identifier": {
        "identifier", "id", "employeeid", "employeenumber", "employeeno", "memberid",
        "membernumber", "staffid", "staffnumber", "personid", "payrollnumber", "studentid",
    },
    "family_name": {"familyname", "family", "lastname", "last", "surname"},
    "given_names": {"givennames", "givenname", "given", "firstname", "first", "forename"},
    "birth_date": {"birthdate", "dateofbirth", "dob", "born"},
    "sex": {"sex", "gender"},
    "relationship": {"relationship", "relation", "dependant", "dependent", "covered", "type"},
}  # fmt: skip
_DEPENDANT = {"dependant", "dependent", "spouse", "partner", "child", "yes", "y", "true", "1"}
_HOLDER = {"", "employee", "self", "member", "primary", "holder", "no", "n", "false", "0"}
_SEX = {
    "f": "female",
    "female": "female",
    "m": "male",
    "male": "male",
    "o": "other",
    "other": "other",
    "x": "other",
    "": "unknown",
    "u": "unknown",
    "unknown": "unknown",
}
MAX_PROBLEMS_SHOWN = 10


def _fold_header(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def column_mapping(columns: Sequence[str], overrides: Mapping[str, str]) -> dict[str, str]:
    """field -> column: the overrides (COLUMN=FIELD) first, then columns named by a
    known synonym. The name fields and the birth date are required."""
    unknown = sorted(set(overrides.values()) - set(ROSTER_FIELDS))
    if unknown:
        raise ValidationError(
            _("Cannot map a column to {unknown}: the fields are {fields}.").format(
                unknown=", ".join(unknown), fields=", ".join(ROSTER_FIELDS)
            )
        )
    absent = sorted(set(overrides) - set(columns))
    if absent:
        raise ValidationError(
            _("The file has no column {absent}; its columns are {columns}.").format(
                absent=", ".join(absent), columns=", ".join(columns)
            )
        )
    mapping = {field_: column for column, field_ in overrides.items()}
    for column in columns:
        for field_, names in _SYNONYMS.items():
            if field_ not in mapping and _fold_header(column) in names:
                mapping[field_] = column
    needed = [f for f in ("family_name", "given_names", "birth_date") if f not in mapping]
    if needed:
        raise ValidationError(
            _("The file has no column for {needed} (columns: {columns}).").format(
                needed=", ".join(needed), columns=", ".join(columns)
            ),
            hint=_("Name them with --map COLUMN=FIELD, e.g. --map Surname=family_name."),
        )
    return mapping


def read_roster(
    data: str, overrides: Mapping[str, str] | None = None
) -> tuple[list[RosterPerson], list[str]]:
    """The census rows and every problem found (a row with a problem is not used)."""
    text = data.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    try:
        dialect: Any = csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv_safe.strict_rows(io.StringIO(text), dialect))
    except csv_safe.CsvShapeError as error:
        raise ValidationError(
            _("The file {error}").format(error=error),
            hint=_("Nothing was imported; correct the file and import it again."),
        ) from None
    if not rows:
        raise ValidationError(_("The file is empty."))
    header = [h.strip() for h in rows[0][1]]
    mapping = column_mapping(header, overrides or {})
    at = {f: header.index(c) for f, c in mapping.items()}
    people: list[RosterPerson] = []
    problems: list[str] = []
    for line, cells in rows[1:]:

        def get(field_: str, cells: list[str] = cells) -> str:
            return cells[at[field_]].strip() if field_ in at else ""

        family, given = get("family_name"), get("given_names")
        if not family and not given:
            problems.append(_("Line {line}: no name.").format(line=line))
            continue
        try:
            birth, _problem = values.parse_date(get("birth_date"))
        except values.BadValue as error:
            problems.append(
                _("Line {line}: the birth date {error}.").format(line=line, error=error)
            )
            continue
        relation = get("relationship").lower()
        if relation not in _DEPENDANT | _HOLDER:
            problems.append(
                _(
                    "Line {line}: “{relationship}” is not a relationship (employee or "
                    "dependant, spouse, child)."
                ).format(line=line, relationship=get("relationship"))
            )
            continue
        sex = get("sex").lower()
        people.append(
            RosterPerson(
                line=line,
                family_name=family[:200],
                given_names=given[:200],
                birth_date=birth,
                identifier=get("identifier")[:200],
                dependant=relation in _DEPENDANT,
                sex=_SEX.get(sex, "unknown"),
            )
        )
    seen: dict[str, int] = {}
    for person in people:
        if person.identifier:
            if person.identifier in seen:
                problems.append(
                    _("Line {line}: the identifier {identifier} is also on line {other}.").format(
                        line=person.line,
                        identifier=person.identifier,
                        other=seen[person.identifier],
                    )
                )
            seen.setdefault(person.identifier, person.line)
    return people, problems


def system_of(org: AnchorOrganisation) -> str:
    return anchor_system(org.uuid)


def display(person: RosterPerson) -> str:
    return f"{person.given_names} {person.family_name}".strip()


class Matcher:
    """Finds each census row's patient (see the module's rules) with a few queries."""

    def __init__(self, uow: UnitOfWork, org: AnchorOrganisation, people: list[RosterPerson]):
        session = uow.session
        ids = [p.identifier for p in people if p.identifier]
        self.by_identifier: dict[str, int] = {}
        for chunk in chunks(ids, 500):
            for value, patient_id in session.execute(
                select(PatientIdentifier.value, PatientIdentifier.patient_id).where(
                    PatientIdentifier.system == system_of(org), PatientIdentifier.value.in_(chunk)
                )
            ):
                self.by_identifier[value] = patient_id
        keys = sorted({name_key(p.family_name, p.given_names) for p in people})
        births = sorted({p.birth_date for p in people if p.birth_date})
        self.patients: dict[int, tuple[str, date | None, str, str, str]] = {}
        for chunk in chunks(keys, 500):
            self._load(uow, Patient.name_key.in_(chunk))
        for dates in chunks(births, 500):
            self._load(uow, Patient.birth_date.in_(dates))
        self.by_key: dict[str, list[int]] = {}
        self.by_birth: dict[date, list[int]] = {}
        for pid, (key, birth, *_rest) in self.patients.items():
            self.by_key.setdefault(key, []).append(pid)
            if birth is not None:
                self.by_birth.setdefault(birth, []).append(pid)

    def _load(self, uow: UnitOfWork, where: Any) -> None:
        for pid, key, birth, family, given, mrn in uow.session.execute(
            select(
                Patient.id,
                Patient.name_key,
                Patient.birth_date,
                Patient.family_name,
                Patient.given_names,
                Patient.mrn,
            ).where(where)
        ):
            self.patients[pid] = (key, birth, fold(family), fold(given), mrn)

    def match(self, person: RosterPerson) -> tuple[int | None, tuple[int, ...]]:
        """(certain patient, ()) or (None, candidates) — no candidates: a new person."""
        if person.identifier and person.identifier in self.by_identifier:
            return self.by_identifier[person.identifier], ()
        key = name_key(person.family_name, person.given_names)
        same_name = self.by_key.get(key, [])
        exact = [pid for pid in same_name if self.patients[pid][1] == person.birth_date]
        if len(exact) == 1 and person.birth_date is not None:
            return exact[0], ()
        family, given = fold(person.family_name), fold(person.given_names)
        near = set(same_name)
        if person.birth_date is not None:
            near |= {
                pid
                for pid in self.by_birth.get(person.birth_date, [])
                if self.patients[pid][2] == family or self.patients[pid][3] == given
            }
        return None, tuple(sorted(near))


def chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
