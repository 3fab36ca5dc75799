"""CSV input: a Synthea CSV export (one table per file) and a practice-management
system's patient list with a column mapping. Rows are streamed with the csv module.

Synthea writes no quoting at all (it strips commas from its text), empty strings for
missing values, `YYYY-MM-DD` dates and `YYYY-MM-DDThh:mm:ssZ` times. Its rows have no
ids except patients and encounters, so an event's `external_id` is a digest of the whole
row: the same row imported again is the same event.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from clinicdesk.interop import csv_safe, values
from clinicdesk.interop.fhir import CVX, LOINC, RXNORM, SNOMED, SourceError
from clinicdesk.interop.records import EncounterRecord, EventRecord, Mapped, PatientRecord

SYNTHEA_SYSTEM = "synthea:Patient"
MRN_SYSTEM = "clinicdesk:mrn"
# The tables read, in the order they are imported (patients first: the rest refer to them).
SYNTHEA_TABLES = (
    "patients",
    "encounters",
    "conditions",
    "observations",
    "procedures",
    "immunizations",
    "medications",
)
_SYSTEMS = {"snomed-ct": SNOMED, "snomed": SNOMED, "rxnorm": RXNORM, "loinc": LOINC, "cvx": CVX}
_SUFFIX = re.compile(r"^(\D*\D)\d+$")


def _open_rows(path: Path) -> Iterator[dict[str, str]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise SourceError(f"cannot be read: {error.strerror or error}") from None
    try:
        with handle:
            reader = csv_safe.StrictDictReader(handle)
            if not reader.fieldnames:
                raise SourceError("is empty: a CSV file needs a header line.")
            for _line, row in reader:
                yield {k: v.strip() for k, v in row.items()}
    except UnicodeDecodeError:
        raise SourceError("is not UTF-8 text; save the CSV file as UTF-8.") from None
    except csv_safe.CsvShapeError as error:
        raise SourceError(str(error)) from None


def header(path: Path) -> list[str]:
    """The header line's column names; a name given twice is refused."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = next(csv.reader(handle), [])
        csv_safe.check_header(first)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise SourceError(f"cannot be read as CSV ({error}).") from None
    except csv_safe.CsvShapeError as error:
        raise SourceError(str(error)) from None
    return [name.strip() for name in first]


def _name(part: str) -> str:
    return " ".join((m[1] if (m := _SUFFIX.match(p)) else p) for p in part.split())


def _digest(table: str, row: Mapping[str, str]) -> str:
    text = "\x1f".join(f"{k}={v}" for k, v in sorted(row.items()))
    return f"synthea:{table}:{hashlib.sha1(text.encode('utf-8')).hexdigest()[:32]}"


def _required(row: Mapping[str, str], *columns: str) -> str | None:
    missing = [c for c in columns if not row.get(c)]
    return ", ".join(missing) if missing else None


class SyntheaTable:
    """One table of a Synthea CSV export."""

    def __init__(self, path: Path, table: str, providers: dict[str, str]) -> None:
        self.path = path
        self.table = table
        self.providers = providers

    def rows(self) -> Iterator[Mapped]:
        mapper = getattr(self, f"_{self.table}")
        for row in _open_rows(self.path):
            try:
                yield mapper(row)
            except values.BadValue as error:
                yield Mapped(skipped=f"{self.table}.csv row: {error}")

    def _patients(self, row: dict[str, str]) -> Mapped:
        if not row.get("Id"):
            return Mapped(skipped="patients.csv row: no Id")
        family, given = _name(row.get("LAST", "")), _name(row.get("FIRST", ""))
        if row.get("MIDDLE"):
            given = f"{given} {_name(row['MIDDLE'])}".strip()
        if not family and not given:
            return Mapped(skipped="patients.csv row: no name")
        notes = []
        birth = None
        if row.get("BIRTHDATE"):
            birth, _ = values.parse_date(row["BIRTHDATE"])
            values.check_date(birth, "birth date")
        else:
            notes.append("patients.csv row: no birth date")
        sex = {"M": "male", "F": "female"}.get(row.get("GENDER", "").upper(), "unknown")
        if sex == "unknown":
            notes.append("patients.csv row: no sex (GENDER)")
        deceased_on = None
        if row.get("DEATHDATE"):
            deceased_on, _ = values.parse_date(row["DEATHDATE"])
        identifiers = [
            (system, row[column])
            for column, system in (
                ("SSN", "http://hl7.org/fhir/sid/us-ssn"),
                ("DRIVERS", "urn:oid:2.16.840.1.113883.4.3.25"),
                ("PASSPORT", "http://hl7.org/fhir/sid/passport-USA"),
            )
            if row.get(column)
        ]
        address = (
            ", ".join(row[c] for c in ("ADDRESS", "CITY", "STATE", "ZIP") if row.get(c)) or None
        )
        record = PatientRecord(
            key=(SYNTHEA_SYSTEM, row["Id"]),
            mrn=None,
            family_name=family[:200],
            given_names=given[:200],
            birth_date=birth,
            sex=sex,
            address=address,
            deceased_on=deceased_on,
            deceased=deceased_on is not None,
            identifiers=identifiers,
        )
        return Mapped(records=[record], notes=notes)

    def _encounters(self, row: dict[str, str]) -> Mapped:
        missing = _required(row, "Id", "START", "PATIENT")
        if missing:
            return Mapped(skipped=f"encounters.csv row: no {missing}")
        start_at, _ = values.parse_datetime(row["START"])
        values.check_date(start_at.date(), "encounter date")
        end_at = values.parse_datetime(row["STOP"])[0] if row.get("STOP") else None
        record = EncounterRecord(
            external_id=f"synthea:Encounter/{row['Id']}",
            patient_ref=(SYNTHEA_SYSTEM, row["PATIENT"]),
            start_at=start_at,
            end_at=end_at,
            encounter_class=row.get("ENCOUNTERCLASS", "")[:40] or None,
            system=SNOMED if row.get("CODE") else None,
            code=row.get("CODE", "")[:40] or None,
            display=row.get("DESCRIPTION", "")[:300] or None,
            practitioner=(self.providers.get(row.get("PROVIDER", "")) or None),
        )
        return Mapped(records=[record])

    def _event(self, row: dict[str, str], kind: str, system: str, date_column: str) -> Mapped:
        missing = _required(row, date_column, "PATIENT", "CODE")
        if missing:
            return Mapped(skipped=f"{self.table}.csv row: no {missing}")
        if row.get("SYSTEM"):
            system = _SYSTEMS.get(row["SYSTEM"].lower(), row["SYSTEM"])
        occurred_on, _ = values.parse_date(row[date_column])
        values.check_date(occurred_on, "date")
        if len(row["CODE"]) > 40:
            return Mapped(skipped=f"{self.table}.csv row: code longer than 40 characters")
        event = EventRecord(
            external_id=_digest(self.table, row),
            patient_ref=(SYNTHEA_SYSTEM, row["PATIENT"]),
            kind=kind,
            system=system,
            code=row["CODE"],
            display=row.get("DESCRIPTION", "")[:300] or None,
            occurred_on=occurred_on,
            encounter_ref=f"synthea:Encounter/{row['ENCOUNTER']}" if row.get("ENCOUNTER") else None,
        )
        if row.get("STOP") and date_column == "START":
            event.ended_on, _ = values.parse_date(row["STOP"])
        return Mapped(records=[event])

    def _conditions(self, row: dict[str, str]) -> Mapped:
        return self._event(row, "condition", SNOMED, "START")

    def _procedures(self, row: dict[str, str]) -> Mapped:
        return self._event(row, "procedure", SNOMED, "START")

    def _immunizations(self, row: dict[str, str]) -> Mapped:
        return self._event(row, "immunization", CVX, "DATE")

    def _medications(self, row: dict[str, str]) -> Mapped:
        return self._event(row, "medication", RXNORM, "START")

    def _observations(self, row: dict[str, str]) -> Mapped:
        mapped = self._event(row, "observation", LOINC, "DATE")
        if mapped.skipped or not row.get("VALUE"):
            return mapped
        event = mapped.records[0]
        assert isinstance(event, EventRecord)
        if row.get("TYPE", "numeric") == "numeric":
            try:
                event.value = values.to_decimal(row["VALUE"])
            except values.BadValue:
                event.value_text = row["VALUE"][:300]
            else:
                event.unit = row.get("UNITS", "")[:40] or None
                values.check_quantity(event.value, event.unit)
        else:
            event.value_text = row["VALUE"][:300]
        return mapped


def synthea_tables(folder: Path) -> list[SyntheaTable]:
    """The tables of a Synthea export folder that ClinicDesk reads, in import order."""
    providers: dict[str, str] = {}
    providers_csv = folder / "providers.csv"
    if providers_csv.is_file():
        for row in _open_rows(providers_csv):
            if row.get("Id") and row.get("NAME"):
                providers[row["Id"]] = _name(row["NAME"])[:300]
    return [
        SyntheaTable(folder / f"{table}.csv", table, providers)
        for table in SYNTHEA_TABLES
        if (folder / f"{table}.csv").is_file()
    ]


# --- a practice-management patient list ------------------------------------------------

PATIENT_FIELDS = (
    "mrn",
    "family_name",
    "given_names",
    "birth_date",
    "sex",
    "phone",
    "email",
    "address",
    "deceased_on",
)
_SYNONYMS = {
    "mrn": {"mrn", "medicalrecordnumber", "chartnumber", "chart", "patientnumber", "patientid"},
    "family_name": {"familyname", "family", "lastname", "last", "surname"},
    "given_names": {"givennames", "givenname", "given", "firstname", "first", "forename"},
    "birth_date": {"birthdate", "dateofbirth", "dob", "born"},
    "sex": {"sex", "gender"},
    "phone": {"phone", "telephone", "phonenumber", "mobile"},
    "email": {"email", "emailaddress", "mail"},
    "address": {"address", "streetaddress"},
    "deceased_on": {"deceasedon", "dateofdeath", "deathdate", "died"},
}
_SEX = {
    "f": "female", "female": "female", "w": "female",
    "m": "male", "male": "male",
    "o": "other", "other": "other", "x": "other",
    "u": "unknown", "unknown": "unknown", "": "unknown",
}  # fmt: skip


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def column_mapping(columns: list[str], overrides: Mapping[str, str]) -> dict[str, str]:
    """field -> column: the overrides (COLUMN=FIELD) first, then columns whose names
    are a known synonym. Raises SourceError naming what is missing."""
    unknown = sorted(set(overrides.values()) - set(PATIENT_FIELDS))
    if unknown:
        raise SourceError(
            f"cannot map to {', '.join(unknown)}: the fields are {', '.join(PATIENT_FIELDS)}."
        )
    absent = sorted(set(overrides) - set(columns))
    if absent:
        raise SourceError(
            f"has no column {', '.join(absent)}; its columns are {', '.join(columns)}."
        )
    mapping = {field_: column for column, field_ in overrides.items()}
    for column in columns:
        for field_, names in _SYNONYMS.items():
            if field_ not in mapping and _fold(column) in names:
                mapping[field_] = column
    needed = [f for f in ("mrn", "family_name", "given_names") if f not in mapping]
    if needed:
        raise SourceError(
            f"has no column for {', '.join(needed)} (columns: {', '.join(columns)}). "
            "Name them with --map COLUMN=FIELD, e.g. --map Surname=family_name."
        )
    return mapping


def patient_rows(path: Path, mapping: Mapping[str, str]) -> Iterator[Mapped]:
    for number, row in enumerate(_open_rows(path), start=2):
        try:
            yield _patient_row(row, mapping, number)
        except values.BadValue as error:
            yield Mapped(skipped=f"patient row: {error}")


def _patient_row(row: Mapping[str, str], mapping: Mapping[str, str], number: int) -> Mapped:
    def get(field_: str) -> str:
        column = mapping.get(field_)
        return row.get(column, "") if column else ""

    mrn = get("mrn")
    if not mrn:
        return Mapped(skipped="patient row: no MRN")
    family, given = get("family_name"), get("given_names")
    if not family and not given:
        return Mapped(skipped="patient row: no name")
    notes: list[str] = []
    birth = None
    if get("birth_date"):
        birth, _ = values.parse_date(get("birth_date"))
        values.check_date(birth, "birth date")
    else:
        notes.append("patient row: no birth date")
    sex_text = get("sex").strip().lower()
    if sex_text not in _SEX:
        raise values.BadValue(f"sex {get('sex')!r} is not one of F, M, other, unknown")
    if not sex_text:
        notes.append("patient row: no sex")
    deceased_on = values.parse_date(get("deceased_on"))[0] if get("deceased_on") else None
    record = PatientRecord(
        key=(MRN_SYSTEM, mrn[:200]),
        mrn=mrn[:64],
        family_name=family[:200],
        given_names=given[:200],
        birth_date=birth,
        sex=_SEX[sex_text],
        phone=get("phone")[:64] or None,
        email=get("email")[:200] or None,
        address=get("address") or None,
        deceased_on=deceased_on,
        deceased=deceased_on is not None,
        match_mrn=True,
    )
    return Mapped(records=[record], notes=notes)
