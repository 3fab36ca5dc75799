"""FHIR R4 input: Bundles of any type, single resources and Bulk Data NDJSON, streamed.

    for source in fhir_sources(paths):          # files, folders; detected by content
        for item in source.resources():          # one resource at a time
            mapped = source.mapper.map(item)     # -> PatientRecord / EncounterRecord /
                                                 #    EventRecord(s), or a skip reason

Memory: a Bundle's `entry` array is decoded one entry at a time (jsonstream), NDJSON
one line at a time. Per file the mapper keeps a small index (fullUrl -> type/id, and the
names of practitioners and codes of medications seen in the file) so that `urn:uuid:`
references resolve; nothing is kept across files. References to patients in other
files (Bulk Data: Observation.ndjson -> Patient/<id>) are resolved by the importer
against the database, which is why Patient files are read first.

Not-quite-R4 input (Synthea 2.2's early exporter: STU3 `Immunization.date`, `notGiven`,
`context` instead of `encounter`, bare-string statuses, `assertedDate`) is read where it
maps sensibly; anything else is skipped with a reason.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from clinicdesk.interop import values
from clinicdesk.interop.jsonstream import FormatError, stream_document, stream_lines
from clinicdesk.interop.records import EncounterRecord, EventRecord, Mapped, PatientRecord

PATIENT_SYSTEM = "fhir:Patient"  # PatientIdentifier.system of a FHIR Patient's id

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
CVX = "http://hl7.org/fhir/sid/cvx"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
ICD10 = "http://hl7.org/fhir/sid/icd-10-cm"
_PREFERRED = (SNOMED, LOINC, CVX, RXNORM, ICD10, "http://hl7.org/fhir/sid/icd-10")
_MRN_TYPE_SYSTEMS = {
    "http://terminology.hl7.org/CodeSystem/v2-0203",
    "http://hl7.org/fhir/v2/0203",  # STU3
}
_ANIMAL = "http://hl7.org/fhir/StructureDefinition/patient-animal"
_SYNTHEA_SUFFIX = re.compile(r"^(\D*\D)\d+$")

MAPPED_TYPES = (
    "Patient",
    "Encounter",
    "Condition",
    "Observation",
    "Procedure",
    "Immunization",
    "MedicationRequest",
)
_FILE_ORDER = {"Patient": 0, "Bundle": 1, "Encounter": 2}


class SourceError(Exception):
    """A file that cannot be imported at all; the message says why and what to do."""


@dataclass(frozen=True)
class Item:
    resource: dict[str, Any]
    full_url: str | None


# --- files ------------------------------------------------------------------------------


def expand(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """(files to read, files ignored). Folders are walked; inside a folder, files that are
    not JSON (a README, CSV) are ignored rather than errors. Patient files come first,
    then bundles and encounters, then the rest, so that cross-file references resolve."""
    files: list[Path] = []
    ignored: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if name.startswith("."):
                        continue
                    child = Path(root) / name
                    (files if _looks_like_json(child) else ignored).append(child)
        else:
            files.append(path)
    files.sort(key=lambda p: (_FILE_ORDER.get(_first_resource_type(p) or "", 3), str(p)))
    return files, ignored


def _head(path: Path, size: int = 4096) -> str:
    try:
        with path.open("rb") as handle:
            return handle.read(size).decode("utf-8-sig", errors="replace")
    except OSError:
        return ""


def _looks_like_json(path: Path) -> bool:
    return _head(path, 64).lstrip().startswith("{")


_RESOURCE_TYPE = re.compile(r'"resourceType"\s*:\s*"([A-Za-z]+)"')


def _first_resource_type(path: Path) -> str | None:
    match = _RESOURCE_TYPE.search(_head(path))
    return match[1] if match else None


class FhirSource:
    """One file: a Bundle (any type), a single resource, or NDJSON."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.mapper = Mapper()

    def resources(self) -> Iterator[Item]:
        try:
            handle = self.path.open(encoding="utf-8-sig", newline="")
        except OSError as error:
            raise SourceError(f"cannot be read: {error.strerror or error}") from None
        try:
            with handle:
                yield from self._read(handle)
        except UnicodeDecodeError:
            raise SourceError("is not UTF-8 text; FHIR JSON must be UTF-8.") from None
        except FormatError as error:
            raise SourceError(f"is not valid JSON ({error}).") from None

    def _read(self, handle: Any) -> Iterator[Item]:
        start = handle.read(1)
        while start and start in " \t\r\n":
            start = handle.read(1)
        if start != "{":
            raise SourceError(
                "is not FHIR JSON: it does not start with a JSON object. Export the data "
                "as FHIR R4 JSON (a Bundle, a resource, or Bulk Data NDJSON)."
            )
        handle.seek(0)
        # One JSON document (a Bundle streamed entry by entry, or one resource), or
        # NDJSON: a first object with more objects on the following lines.
        fields: dict[str, Any] = {}
        saw_entry = False
        for kind, value in stream_document(handle, allow_more=True):
            if kind == "field":
                key, field_value = value
                fields[key] = field_value
            elif kind == "entry":
                if not saw_entry and fields.get("resourceType", "Bundle") != "Bundle":
                    raise SourceError(_not_fhir("has an `entry` list but is not a Bundle"))
                saw_entry = True
                yield from self._entry(value)
            else:  # "more": NDJSON
                if saw_entry:
                    _check_bundle(fields)
                else:
                    yield from self._items(fields, None, where="line 1")
                for number, line_value in stream_lines(handle, value.lstrip("\r\n"), 2):
                    yield from self._items(line_value, None, where=f"line {number}")
                return
        if saw_entry:
            _check_bundle(fields)
            return
        yield from self._items(fields, None, where="the file")

    def _items(self, value: Any, full_url: str | None, *, where: str) -> Iterator[Item]:
        if not isinstance(value, dict) or not isinstance(value.get("resourceType"), str):
            raise SourceError(_not_fhir(f"{where} has no resourceType"))
        if value["resourceType"] == "Bundle":
            for entry in value.get("entry") or []:
                yield from self._entry(entry)
            return
        self.mapper.index(value, full_url)
        yield Item(value, full_url)

    def _entry(self, entry: Any) -> Iterator[Item]:
        if not isinstance(entry, dict):
            raise SourceError(_not_fhir("a Bundle entry is not a JSON object"))
        resource = entry.get("resource")
        if resource is None:  # a DELETE/GET request or a bare response: nothing to import
            return
        full_url = entry.get("fullUrl") if isinstance(entry.get("fullUrl"), str) else None
        yield from self._items(resource, full_url, where="a Bundle entry")


def _check_bundle(fields: dict[str, Any]) -> None:
    if fields.get("resourceType") != "Bundle":
        raise SourceError(_not_fhir("has an `entry` list but is not a Bundle"))


def _not_fhir(what: str) -> str:
    return (
        f"is not FHIR: {what}. Export the data as FHIR R4 JSON (a Bundle, a resource, "
        "or Bulk Data NDJSON)."
    )


# --- mapping ------------------------------------------------------------------------------


def _str(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _coding(concept: Any) -> tuple[str, str, str | None] | None:
    """(system, code, display) of a CodeableConcept, preferring the standard systems."""
    if not isinstance(concept, dict):
        return None
    codings = [
        c
        for c in _list(concept.get("coding"))
        if isinstance(c, dict) and _str(c.get("system")) and _str(c.get("code"))
    ]
    if not codings:
        return None
    codings.sort(key=lambda c: _PREFERRED.index(c["system"]) if c["system"] in _PREFERRED else 99)
    best = codings[0]
    display = _str(best.get("display")) or _str(concept.get("text"))
    return best["system"].strip(), best["code"].strip(), display


def _status(value: Any) -> str | None:
    """R4 CodeableConcept status or the STU3 bare string."""
    if isinstance(value, str):
        return value.strip() or None
    coded = _coding(value)
    if coded:
        return coded[1]
    if isinstance(value, dict):
        return _str(value.get("text"))
    return None


def _clip(text: str | None, size: int) -> str | None:
    return text if text is None or len(text) <= size else text[: size - 1] + "…"


def _strip_suffix(part: str) -> str:
    """Synthea's numeric name suffixes ("Lindsay928") are noise to a person."""
    match = _SYNTHEA_SUFFIX.match(part)
    return match[1] if match else part


class Mapper:
    """Maps the resources of one file; keeps the file's small reference index."""

    def __init__(self) -> None:
        self.full_urls: dict[str, tuple[str, str]] = {}
        self.practitioners: dict[tuple[str, str], str] = {}
        self.medications: dict[tuple[str, str], tuple[str, str, str | None]] = {}

    # references

    def index(self, resource: dict[str, Any], full_url: str | None) -> None:
        rtype = resource["resourceType"]
        rid = self.resource_id(resource, full_url)
        if full_url:
            self.full_urls[full_url] = (rtype, rid)
        if rtype == "Practitioner":
            name = _human_name(resource.get("name"))
            if name:  # "given family", as a display names a person
                family, given = name
                self.practitioners[(rtype, rid)] = " ".join(p for p in (given, family) if p)
        elif rtype == "Medication":
            coded = _coding(resource.get("code"))
            if coded:
                self.medications[(rtype, rid)] = coded

    @staticmethod
    def resource_id(resource: dict[str, Any], full_url: str | None) -> str:
        rid = _str(resource.get("id"))
        if rid:
            return rid
        if full_url and full_url.startswith("urn:uuid:"):
            return full_url[len("urn:uuid:") :]
        if full_url:
            return full_url.rstrip("/").rsplit("/", 1)[-1]
        digest = hashlib.sha1(
            json.dumps(resource, sort_keys=True, default=str).encode("utf-8")
        ).hexdigest()
        return f"sha1-{digest[:32]}"

    def target(self, reference: Any) -> tuple[str | None, str] | None:
        """(type or None, id) of a Reference; None for contained, conditional or
        display-only references (those name nothing this import can find)."""
        ref = _str(reference.get("reference")) if isinstance(reference, dict) else None
        if ref is None or ref.startswith("#") or "?" in ref:
            return None
        if ref.startswith("urn:uuid:") or ref.startswith("urn:oid:"):
            known = self.full_urls.get(ref)
            if known:
                return known
            return None, ref.split(":", 2)[2]
        known = self.full_urls.get(ref)
        if known:
            return known
        parts = [p for p in ref.split("/_history/")[0].split("/") if p]
        if len(parts) >= 2:
            return parts[-2], parts[-1]
        return None

    def patient_ref(self, resource: dict[str, Any]) -> tuple[str, str] | None:
        for field in ("subject", "patient"):
            target = self.target(resource.get(field))
            if target and target[0] in (None, "Patient"):
                return PATIENT_SYSTEM, target[1]
        return None

    def encounter_ref(self, resource: dict[str, Any]) -> str | None:
        for field in ("encounter", "context"):  # `context`: STU3
            target = self.target(resource.get(field))
            if target and target[0] in (None, "Encounter"):
                return f"fhir:Encounter/{target[1]}"
        return None

    # resources

    def map(self, item: Item) -> Mapped:
        resource = item.resource
        rtype = resource["resourceType"]
        if rtype not in MAPPED_TYPES:
            return Mapped(skipped=f"{rtype}: not imported (ClinicDesk keeps no {rtype})")
        rid = self.resource_id(resource, item.full_url)
        if rtype == "Patient":
            return self._patient(resource, rid)
        if _status(resource.get("status")) == "entered-in-error":
            return Mapped(skipped=f"{rtype}: entered in error")
        patient = self.patient_ref(resource)
        if patient is None:
            return Mapped(skipped=f"{rtype}: no reference to a patient")
        try:
            if rtype == "Encounter":
                return self._encounter(resource, rid, patient)
            mapped: Mapped = getattr(self, f"_{rtype.lower()}")(resource, rid, patient)
            return mapped
        except values.BadValue as error:
            return Mapped(skipped=f"{rtype}: {error}")

    def _patient(self, resource: dict[str, Any], rid: str) -> Mapped:
        notes: list[str] = []
        if any(
            isinstance(e, dict) and e.get("url") == _ANIMAL
            for e in _list(resource.get("extension"))
        ):
            return Mapped(skipped="Patient: not a person (patient-animal extension)")
        name = _human_name(resource.get("name"))
        if name is None:
            return Mapped(skipped="Patient: no name")
        family, given = name
        if not family:
            notes.append("Patient: no family name")
        birth_date: date | None = None
        raw_birth = resource.get("birthDate")
        if raw_birth is None:
            notes.append("Patient: no birth date")
        else:
            try:
                birth_date, partial = values.parse_date(raw_birth)
                values.check_date(birth_date, "birth date")
            except values.BadValue as error:
                return Mapped(skipped=f"Patient: {error}")
            if partial:
                notes.append("Patient: birth date without day, taken as the first")
        gender = _str(resource.get("gender"))
        sex = gender if gender in ("female", "male", "other", "unknown") else "unknown"
        if gender is None:
            notes.append("Patient: no sex (gender)")
        deceased_on: date | None = None
        deceased = resource.get("deceasedBoolean") is True
        if resource.get("deceasedDateTime") is not None:
            deceased = True
            try:
                deceased_on, _partial = values.parse_date(resource["deceasedDateTime"])
                values.check_date(deceased_on, "date of death")
            except values.BadValue as error:
                deceased_on = None
                notes.append(f"Patient: {error}; date of death left empty")
        mrn: str | None = None
        mrn_system: str | None = None
        identifiers: list[tuple[str, str]] = []
        for ident in _list(resource.get("identifier")):
            if not isinstance(ident, dict):
                continue
            system, value = _str(ident.get("system")), _str(ident.get("value"))
            if value is None:
                continue
            if mrn is None and _is_mrn(ident):
                mrn, mrn_system = value, system
            if system and (system, value) not in identifiers and system != PATIENT_SYSTEM:
                identifiers.append((_clip(system, 200) or system, _clip(value, 200) or value))
        phone = email = None
        for telecom in _list(resource.get("telecom")):
            if not isinstance(telecom, dict):
                continue
            if telecom.get("system") == "phone" and phone is None:
                phone = _str(telecom.get("value"))
            elif telecom.get("system") == "email" and email is None:
                email = _str(telecom.get("value"))
        record = PatientRecord(
            key=(PATIENT_SYSTEM, rid),
            mrn=_clip(mrn, 64),
            family_name=_clip(family, 200) or "",
            given_names=_clip(given, 200) or "",
            birth_date=birth_date,
            sex=sex,
            phone=_clip(phone, 64),
            email=_clip(email, 200),
            address=_address(resource.get("address")),
            deceased_on=deceased_on,
            deceased=deceased,
            identifiers=identifiers,
            mrn_system=_clip(system, 200) if (system := mrn_system) else None,
        )
        return Mapped(records=[record], notes=notes)

    def _encounter(self, resource: dict[str, Any], rid: str, patient: tuple[str, str]) -> Mapped:
        raw_period = resource.get("period")
        period: dict[str, Any] = raw_period if isinstance(raw_period, dict) else {}
        if not period.get("start"):
            return Mapped(skipped="Encounter: no start date")
        start_at, _ = values.parse_datetime(period["start"])
        values.check_date(start_at.date(), "encounter date")
        end_at = None
        if period.get("end"):
            end_at, _ = values.parse_datetime(period["end"])
        klass = resource.get("class")
        if isinstance(klass, list):  # R5 / some servers
            klass = klass[0] if klass else None
        if isinstance(klass, dict) and "coding" in klass:
            coded_class = _coding(klass)
            klass_code = coded_class[1] if coded_class else None
        else:
            klass_code = _str(klass.get("code")) if isinstance(klass, dict) else _str(klass)
        coded = None
        for concept in _list(resource.get("type")):
            coded = _coding(concept)
            if coded:
                break
        practitioners: list[str] = []
        for participant in _list(resource.get("participant")):
            if not isinstance(participant, dict):
                continue
            individual = participant.get("individual") or participant.get("actor")
            if not isinstance(individual, dict):
                continue
            target = self.target(individual)
            name = _str(individual.get("display"))
            if name is None and target is not None:
                name = self.practitioners.get(("Practitioner", target[1]))
            if name is None:
                name = _str(individual.get("reference"))
            if name and name not in practitioners:
                practitioners.append(name)
        record = EncounterRecord(
            external_id=f"fhir:Encounter/{rid}",
            patient_ref=patient,
            start_at=start_at,
            end_at=end_at,
            encounter_class=_clip(klass_code, 40),
            system=_clip(coded[0], 200) if coded else None,
            code=_clip(coded[1], 40) if coded else None,
            display=_clip(coded[2], 300) if coded else None,
            practitioner=_clip("; ".join(practitioners), 300) if practitioners else None,
        )
        return Mapped(records=[record])

    def _event(
        self,
        resource: dict[str, Any],
        external_id: str,
        patient: tuple[str, str],
        kind: str,
        coded: tuple[str, str, str | None],
        occurred: Any,
        *,
        status: str | None = None,
    ) -> EventRecord:
        occurred_on, _partial = values.parse_date(occurred)
        values.check_date(occurred_on, "date")
        system, code, display = coded
        if len(code) > 40:
            raise values.BadValue("code longer than 40 characters")
        return EventRecord(
            external_id=external_id,
            patient_ref=patient,
            kind=kind,
            system=_clip(system, 200) or system,
            code=code,
            display=_clip(display, 300),
            occurred_on=occurred_on,
            status=_clip(status, 32),
            encounter_ref=self.encounter_ref(resource),
        )

    def _condition(self, resource: dict[str, Any], rid: str, patient: tuple[str, str]) -> Mapped:
        coded = _coding(resource.get("code"))
        if coded is None:
            return Mapped(skipped="Condition: no coded condition")
        onset = (
            resource.get("onsetDateTime")
            or _period_start(resource.get("onsetPeriod"))
            or resource.get("recordedDate")
            or resource.get("assertedDate")  # STU3
        )
        if onset is None:
            return Mapped(skipped="Condition: no onset or recorded date")
        event = self._event(
            resource,
            f"fhir:Condition/{rid}",
            patient,
            "condition",
            coded,
            onset,
            status=_status(resource.get("clinicalStatus")),
        )
        abatement = resource.get("abatementDateTime") or _period_end(
            resource.get("abatementPeriod")
        )
        if abatement:
            event.ended_on, _ = values.parse_date(abatement)
        return Mapped(records=[event])

    def _observation(self, resource: dict[str, Any], rid: str, patient: tuple[str, str]) -> Mapped:
        status = _status(resource.get("status"))
        if status == "cancelled":
            return Mapped(skipped="Observation: cancelled")
        effective = (
            resource.get("effectiveDateTime")
            or _period_start(resource.get("effectivePeriod"))
            or resource.get("effectiveInstant")
            or resource.get("issued")
        )
        if effective is None:
            return Mapped(skipped="Observation: no date")
        coded = _coding(resource.get("code"))
        records: list[EventRecord] = []
        notes: list[str] = []
        has_value = _has_value(resource)
        components = _list(resource.get("component"))
        if coded is not None and (has_value or not components):
            if not has_value and resource.get("dataAbsentReason"):
                return Mapped(skipped="Observation: no value (dataAbsentReason)")
            event = self._event(
                resource,
                f"fhir:Observation/{rid}",
                patient,
                "observation",
                coded,
                effective,
                status=status,
            )
            _set_value(event, resource)  # BadValue: the whole observation is skipped
            records.append(event)
        seen: dict[str, int] = {}
        for component in components:
            part = _coding(component.get("code")) if isinstance(component, dict) else None
            if part is None:
                notes.append("Observation: a component without a code was left out")
                continue
            if component.get("dataAbsentReason") and not _has_value(component):
                notes.append("Observation: a component without a value was left out")
                continue
            suffix = part[1] if part[1] not in seen else f"{part[1]}.{seen[part[1]] + 1}"
            seen[part[1]] = seen.get(part[1], 0) + 1
            event = self._event(
                resource,
                f"fhir:Observation/{rid}#{suffix}",
                patient,
                "observation",
                part,
                effective,
                status=status,
            )
            try:
                _set_value(event, component)
            except values.BadValue as error:
                notes.append(f"Observation: component left out: {error}")
                continue
            records.append(event)
        if not records:
            if coded is None:
                return Mapped(skipped="Observation: no coded observation")
            return Mapped(skipped="Observation: no component with a value")
        return Mapped(records=list(records), notes=notes)

    def _procedure(self, resource: dict[str, Any], rid: str, patient: tuple[str, str]) -> Mapped:
        status = _status(resource.get("status"))
        if status == "not-done":
            return Mapped(skipped="Procedure: not done")
        coded = _coding(resource.get("code"))
        if coded is None:
            return Mapped(skipped="Procedure: no coded procedure")
        performed = (
            resource.get("performedDateTime")
            or _period_start(resource.get("performedPeriod"))
            or resource.get("performedString")
        )
        if performed is None:
            return Mapped(skipped="Procedure: no date performed")
        event = self._event(
            resource,
            f"fhir:Procedure/{rid}",
            patient,
            "procedure",
            coded,
            performed,
            status=status,
        )
        end = _period_end(resource.get("performedPeriod"))
        if end:
            event.ended_on, _ = values.parse_date(end)
        return Mapped(records=[event])

    def _immunization(self, resource: dict[str, Any], rid: str, patient: tuple[str, str]) -> Mapped:
        status = _status(resource.get("status"))
        if status == "not-done" or resource.get("notGiven") is True:  # notGiven: STU3
            return Mapped(skipped="Immunization: not given")
        coded = _coding(resource.get("vaccineCode"))
        if coded is None:
            return Mapped(skipped="Immunization: no coded vaccine")
        given = (
            resource.get("occurrenceDateTime")
            or resource.get("occurrenceString")
            or resource.get("date")  # STU3
        )
        if given is None:
            return Mapped(skipped="Immunization: no date given")
        notes = (
            ["Immunization: STU3 `date` read as the date given"]
            if (resource.get("occurrenceDateTime") is None and resource.get("date"))
            else []
        )
        event = self._event(
            resource,
            f"fhir:Immunization/{rid}",
            patient,
            "immunization",
            coded,
            given,
            status=status,
        )
        return Mapped(records=[event], notes=notes)

    def _medicationrequest(
        self, resource: dict[str, Any], rid: str, patient: tuple[str, str]
    ) -> Mapped:
        coded = _coding(resource.get("medicationCodeableConcept"))
        if coded is None and isinstance(resource.get("medicationReference"), dict):
            ref = _str(resource["medicationReference"].get("reference")) or ""
            if ref.startswith("#"):
                for contained in _list(resource.get("contained")):
                    if isinstance(contained, dict) and contained.get("id") == ref[1:]:
                        coded = _coding(contained.get("code"))
            else:
                target = self.target(resource["medicationReference"])
                if target:
                    coded = self.medications.get(("Medication", target[1]))
            if coded is None:
                return Mapped(skipped="MedicationRequest: medication reference not found")
        if coded is None:
            return Mapped(skipped="MedicationRequest: no coded medication")
        authored = resource.get("authoredOn")
        if authored is None:
            return Mapped(skipped="MedicationRequest: no date authored")
        event = self._event(
            resource,
            f"fhir:MedicationRequest/{rid}",
            patient,
            "medication",
            coded,
            authored,
            status=_status(resource.get("status")),
        )
        validity = (resource.get("dispenseRequest") or {}).get("validityPeriod")
        end = _period_end(validity)
        if end:
            event.ended_on, _ = values.parse_date(end)
        return Mapped(records=[event])


def _period_start(period: Any) -> Any:
    return period.get("start") if isinstance(period, dict) else None


def _period_end(period: Any) -> Any:
    return period.get("end") if isinstance(period, dict) else None


def _has_value(element: dict[str, Any]) -> bool:
    return any(key.startswith("value") for key in element)


def _set_value(event: EventRecord, element: dict[str, Any]) -> None:
    """valueQuantity -> value + unit; coded, string, boolean, dateTime -> value_text.
    Raises BadValue for an absurd quantity."""
    if "valueQuantity" in element:
        quantity = element["valueQuantity"] or {}
        if quantity.get("value") is None:
            return
        value = values.to_decimal(quantity.get("value"))
        unit = _str(quantity.get("unit")) or _str(quantity.get("code"))
        values.check_quantity(value, _str(quantity.get("code")) or unit)
        event.value, event.unit = value, _clip(unit, 40)
    elif "valueCodeableConcept" in element:
        coded = _coding(element["valueCodeableConcept"])
        text = (
            (coded[2] or coded[1])
            if coded
            else _str((element["valueCodeableConcept"] or {}).get("text"))
        )
        event.value_text = _clip(text, 300)
    elif "valueString" in element:
        event.value_text = _clip(_str(element["valueString"]), 300)
    elif "valueBoolean" in element:
        event.value_text = "true" if element["valueBoolean"] else "false"
    elif "valueInteger" in element:
        event.value = values.to_decimal(element["valueInteger"])
    elif "valueDateTime" in element:
        event.value_text = _clip(_str(element["valueDateTime"]), 300)
    elif "valueSampledData" in element:
        event.value_text = "(sampled data, not kept)"
    elif "valueRange" in element or "valueRatio" in element or "valuePeriod" in element:
        event.value_text = "(range/ratio/period, not kept)"


def _is_mrn(identifier: dict[str, Any]) -> bool:
    kind = identifier.get("type")
    if not isinstance(kind, dict):
        return False
    return any(
        isinstance(c, dict)
        and c.get("code") == "MR"
        and (c.get("system") in _MRN_TYPE_SYSTEMS or c.get("system") is None)
        for c in _list(kind.get("coding"))
    )


def _human_name(names: Any) -> tuple[str, str] | None:
    """(family, given) from the official (or usual, or first current) HumanName."""
    candidates = [n for n in _list(names) if isinstance(n, dict)]
    candidates = [n for n in candidates if n.get("use") not in ("old", "maiden")] or candidates
    if not candidates:
        return None
    rank = {"official": 0, "usual": 1}
    candidates.sort(key=lambda n: rank.get(n.get("use") or "", 2))
    for name in candidates:
        family_raw = name.get("family")
        if isinstance(family_raw, list):  # STU2-style
            family_raw = " ".join(str(f) for f in family_raw)
        family = _str(family_raw) or ""
        given = " ".join(
            _strip_suffix(g.strip()) for g in _list(name.get("given")) if isinstance(g, str)
        ).strip()
        family = " ".join(_strip_suffix(p) for p in family.split())
        if not family and not given:
            text = _str(name.get("text"))
            if text:
                parts = text.split()
                family, given = parts[-1], " ".join(parts[:-1])
        if family or given:
            return family, given
    return None


def _address(addresses: Any) -> str | None:
    for address in _list(addresses):
        if not isinstance(address, dict):
            continue
        text = _str(address.get("text"))
        if text:
            return text
        parts = [str(line) for line in _list(address.get("line")) if isinstance(line, str)]
        parts += [
            str(address[k])
            for k in ("city", "state", "postalCode", "country")
            if isinstance(address.get(k), str) and address[k].strip()
        ]
        if parts:
            return ", ".join(parts)
    return None
