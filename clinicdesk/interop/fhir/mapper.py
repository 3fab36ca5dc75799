"""Mapping one resource to ClinicDesk's records (or a reason to skip it), with the small
per-file index that resolves `urn:uuid:` references."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any, NamedTuple

from clinicdesk.interop import values
from clinicdesk.interop.fhir.elements import (
    address_text,
    as_list,
    clip,
    coding,
    has_value,
    human_name,
    is_mrn,
    period_end,
    period_start,
    set_value,
    status_of,
    text_of,
)
from clinicdesk.interop.records import (
    EncounterRecord,
    EventRecord,
    Mapped,
    PatientRecord,
    Record,
)

PATIENT_SYSTEM = "fhir:Patient"  # PatientIdentifier.system of a FHIR Patient's id


_ANIMAL = "http://hl7.org/fhir/StructureDefinition/patient-animal"


MAPPED_TYPES = (
    "Patient",
    "Encounter",
    "Condition",
    "Observation",
    "Procedure",
    "Immunization",
    "MedicationRequest",
)


# The types whose resources `Mapper.index` and `Mapper.map` read beyond their type and
# id. Of any other type they read `resourceType` (the skip reason) and `id` (the index:
# what a reference to it names), so a reader may hand such a resource over as those two
# alone ({"resourceType": ..., "id": ...}, its id a non-blank string) and get the same
# index and the same skip: source.py does, for the claims and explanations of benefit
# that are half of a Synthea bundle.
READS_WHOLE = frozenset((*MAPPED_TYPES, "Practitioner", "Medication"))


class _Unset:
    """An argument not given (`Mapper._event`'s visit: None is a value)."""


_UNSET = _Unset()


class Item(NamedTuple):
    """One resource read from a file (a tuple: one is made per resource)."""

    resource: dict[str, Any]
    full_url: str | None


class Mapper:
    """Maps the resources of one file; keeps the file's small reference index."""

    def __init__(self) -> None:
        self.full_urls: dict[str, tuple[str, str]] = {}
        self.practitioners: dict[tuple[str, str], str] = {}
        self.medications: dict[tuple[str, str], tuple[str, str, str | None]] = {}
        # the resource `index` saw last, with its URL and id: `map` of that resource,
        # which comes next as the reader hands it over, need not work the id out again
        self._indexed: tuple[dict[str, Any], str | None, str] | None = None

    # references

    def index(self, resource: dict[str, Any], full_url: str | None) -> None:
        rtype = resource["resourceType"]
        rid = self.resource_id(resource, full_url)
        self._indexed = (resource, full_url, rid)
        if full_url:
            self.full_urls[full_url] = (rtype, rid)
        if rtype == "Practitioner":
            name = human_name(resource.get("name"))
            if name:  # "given family", as a display names a person
                family, given = name
                self.practitioners[(rtype, rid)] = " ".join(p for p in (given, family) if p)
        elif rtype == "Medication":
            coded = coding(resource.get("code"))
            if coded:
                self.medications[(rtype, rid)] = coded

    @staticmethod
    def resource_id(resource: dict[str, Any], full_url: str | None) -> str:
        rid = text_of(resource.get("id"))
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
        if not isinstance(reference, dict):
            return None
        ref = reference.get("reference")
        if not isinstance(ref, str):
            return None
        ref = ref.strip()
        if not ref or ref[0] == "#" or "?" in ref:
            return None
        known = self.full_urls.get(ref)  # the usual case: an entry of the same Bundle
        if known:
            return known
        if ref.startswith(("urn:uuid:", "urn:oid:")):
            return None, ref.split(":", 2)[2]
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
        if rtype not in _MAPPERS:
            reason = _NOT_IMPORTED.get(rtype)
            if reason is None:
                reason = f"{rtype}: not imported (ClinicDesk keeps no {rtype})"
                if len(_NOT_IMPORTED) < 1000:  # types a source names: a few dozen
                    _NOT_IMPORTED[rtype] = reason
            return Mapped(skipped=reason)
        indexed = self._indexed
        if indexed is not None and indexed[0] is resource and indexed[1] == item.full_url:
            rid = indexed[2]  # what resource_id makes of the same resource and URL
        else:
            rid = self.resource_id(resource, item.full_url)
        if rtype == "Patient":
            return self._patient(resource, rid)
        if status_of(resource.get("status")) == "entered-in-error":
            return Mapped(skipped=f"{rtype}: entered in error")
        patient = self.patient_ref(resource)
        if patient is None:
            return Mapped(skipped=f"{rtype}: no reference to a patient")
        try:
            mapped: Mapped = _MAPPERS[rtype](self, resource, rid, patient)
            return mapped
        except values.BadValue as error:
            return Mapped(skipped=f"{rtype}: {error}")

    def _patient(self, resource: dict[str, Any], rid: str) -> Mapped:
        notes: list[str] = []
        if any(
            isinstance(e, dict) and e.get("url") == _ANIMAL
            for e in as_list(resource.get("extension"))
        ):
            return Mapped(skipped="Patient: not a person (patient-animal extension)")
        name = human_name(resource.get("name"))
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
        gender = text_of(resource.get("gender"))
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
        for ident in as_list(resource.get("identifier")):
            if not isinstance(ident, dict):
                continue
            system, value = text_of(ident.get("system")), text_of(ident.get("value"))
            if value is None:
                continue
            if mrn is None and is_mrn(ident):
                mrn, mrn_system = value, system
            if system and (system, value) not in identifiers and system != PATIENT_SYSTEM:
                identifiers.append((clip(system, 200) or system, clip(value, 200) or value))
        phone = email = None
        for telecom in as_list(resource.get("telecom")):
            if not isinstance(telecom, dict):
                continue
            if telecom.get("system") == "phone" and phone is None:
                phone = text_of(telecom.get("value"))
            elif telecom.get("system") == "email" and email is None:
                email = text_of(telecom.get("value"))
        record = PatientRecord(
            key=(PATIENT_SYSTEM, rid),
            mrn=clip(mrn, 64),
            family_name=clip(family, 200) or "",
            given_names=clip(given, 200) or "",
            birth_date=birth_date,
            sex=sex,
            phone=clip(phone, 64),
            email=clip(email, 200),
            address=address_text(resource.get("address")),
            deceased_on=deceased_on,
            deceased=deceased,
            identifiers=identifiers,
            mrn_system=clip(system, 200) if (system := mrn_system) else None,
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
            coded_class = coding(klass)
            klass_code = coded_class[1] if coded_class else None
        else:
            klass_code = text_of(klass.get("code")) if isinstance(klass, dict) else text_of(klass)
        coded = None
        for concept in as_list(resource.get("type")):
            coded = coding(concept)
            if coded:
                break
        practitioners: list[str] = []
        for participant in as_list(resource.get("participant")):
            if not isinstance(participant, dict):
                continue
            individual = participant.get("individual") or participant.get("actor")
            if not isinstance(individual, dict):
                continue
            target = self.target(individual)
            name = text_of(individual.get("display"))
            if name is None and target is not None:
                name = self.practitioners.get(("Practitioner", target[1]))
            if name is None:
                name = text_of(individual.get("reference"))
            if name and name not in practitioners:
                practitioners.append(name)
        record = EncounterRecord(
            external_id=f"fhir:Encounter/{rid}",
            patient_ref=patient,
            start_at=start_at,
            end_at=end_at,
            encounter_class=clip(klass_code, 40),
            system=clip(coded[0], 200) if coded else None,
            code=clip(coded[1], 40) if coded else None,
            display=clip(coded[2], 300) if coded else None,
            practitioner=clip("; ".join(practitioners), 300) if practitioners else None,
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
        ended: Any = None,
        encounter_ref: str | _Unset | None = _UNSET,
    ) -> EventRecord:
        occurred_on, _partial = values.parse_date(occurred)
        values.check_date(occurred_on, "date")
        system, code, display = coded
        if len(code) > 40:
            raise values.BadValue("code longer than 40 characters")
        event = EventRecord(
            external_id=external_id,
            patient_ref=patient,
            kind=kind,
            system=clip(system, 200) or system,
            code=code,
            display=clip(display, 300),
            occurred_on=occurred_on,
            status=clip(status, 32),
            encounter_ref=(
                self.encounter_ref(resource) if isinstance(encounter_ref, _Unset) else encounter_ref
            ),
        )
        if ended:
            event.ended_on, _ = values.parse_date(ended)
        return event

    def _condition(self, resource: dict[str, Any], rid: str, patient: tuple[str, str]) -> Mapped:
        coded = coding(resource.get("code"))
        if coded is None:
            return Mapped(skipped="Condition: no coded condition")
        onset = (
            resource.get("onsetDateTime")
            or period_start(resource.get("onsetPeriod"))
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
            status=status_of(resource.get("clinicalStatus")),
            ended=resource.get("abatementDateTime") or period_end(resource.get("abatementPeriod")),
        )
        return Mapped(records=[event])

    def _observation(self, resource: dict[str, Any], rid: str, patient: tuple[str, str]) -> Mapped:
        status = status_of(resource.get("status"))
        if status == "cancelled":
            return Mapped(skipped="Observation: cancelled")
        effective = (
            resource.get("effectiveDateTime")
            or period_start(resource.get("effectivePeriod"))
            or resource.get("effectiveInstant")
            or resource.get("issued")
        )
        if effective is None:
            return Mapped(skipped="Observation: no date")
        coded = coding(resource.get("code"))
        records: list[Record] = []
        notes: list[str] = []
        valued = has_value(resource)
        components = as_list(resource.get("component"))
        if coded is not None and (valued or not components):
            if not valued and resource.get("dataAbsentReason"):
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
            set_value(event, resource)  # BadValue: the whole observation is skipped
            records.append(event)
        seen: dict[str, int] = {}
        # the visit of each component's event: the observation's, worked out once
        encounter = self.encounter_ref(resource) if components else None
        for component in components:
            part = coding(component.get("code")) if isinstance(component, dict) else None
            if part is None:
                notes.append("Observation: a component without a code was left out")
                continue
            if component.get("dataAbsentReason") and not has_value(component):
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
                encounter_ref=encounter,
            )
            try:
                set_value(event, component)
            except values.BadValue as error:
                notes.append(f"Observation: component left out: {error}")
                continue
            records.append(event)
        if not records:
            if coded is None:
                return Mapped(skipped="Observation: no coded observation")
            return Mapped(skipped="Observation: no component with a value")
        return Mapped(records=records, notes=notes)

    def _procedure(self, resource: dict[str, Any], rid: str, patient: tuple[str, str]) -> Mapped:
        status = status_of(resource.get("status"))
        if status == "not-done":
            return Mapped(skipped="Procedure: not done")
        coded = coding(resource.get("code"))
        if coded is None:
            return Mapped(skipped="Procedure: no coded procedure")
        performed = (
            resource.get("performedDateTime")
            or period_start(resource.get("performedPeriod"))
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
            ended=period_end(resource.get("performedPeriod")),
        )
        return Mapped(records=[event])

    def _immunization(self, resource: dict[str, Any], rid: str, patient: tuple[str, str]) -> Mapped:
        status = status_of(resource.get("status"))
        if status == "not-done" or resource.get("notGiven") is True:  # notGiven: STU3
            return Mapped(skipped="Immunization: not given")
        coded = coding(resource.get("vaccineCode"))
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
        coded = coding(resource.get("medicationCodeableConcept"))
        if coded is None and isinstance(resource.get("medicationReference"), dict):
            ref = text_of(resource["medicationReference"].get("reference")) or ""
            if ref.startswith("#"):
                for contained in as_list(resource.get("contained")):
                    if isinstance(contained, dict) and contained.get("id") == ref[1:]:
                        coded = coding(contained.get("code"))
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
            status=status_of(resource.get("status")),
            ended=period_end((resource.get("dispenseRequest") or {}).get("validityPeriod")),
        )
        return Mapped(records=[event])


# A mapped type's method (the Patient's takes no patient reference: `map` calls it).
_MAPPERS: dict[str, Any] = {
    "Patient": Mapper._patient,
    "Encounter": Mapper._encounter,
    "Condition": Mapper._condition,
    "Observation": Mapper._observation,
    "Procedure": Mapper._procedure,
    "Immunization": Mapper._immunization,
    "MedicationRequest": Mapper._medicationrequest,
}
# The skip reason of each type not imported, made once.
_NOT_IMPORTED: dict[str, str] = {}
