"""The FHIR reader's pieces without a database: incremental JSON, dates and values, and
the mapping of single resources (including STU3 shapes and component panels)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from clinicdesk.interop import jsonstream, values
from clinicdesk.interop.fhir import Item, Mapper
from clinicdesk.interop.records import EncounterRecord, EventRecord, PatientRecord


def _stream(text: str) -> list[tuple[str, Any]]:
    return list(jsonstream.stream_document(io.StringIO(text)))


@pytest.mark.parametrize("chunk", [1, 7, 64 * 1024])
def test_stream_document_yields_entries_one_by_one(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(jsonstream, "CHUNK", chunk)
    document = {
        "resourceType": "Bundle",
        "total": 12345,
        "entry": [{"resource": {"id": str(i), "value": 1.25 * i}} for i in range(5)],
        "meta": {"tag": [1, 2]},
    }
    items = _stream(json.dumps(document, indent=1))
    assert items[0] == ("field", ("resourceType", "Bundle"))
    assert items[1] == ("field", ("total", 12345))  # a number cut by a chunk is not trusted
    entries = [value for kind, value in items if kind == "entry"]
    assert [e["resource"]["id"] for e in entries] == ["0", "1", "2", "3", "4"]
    assert entries[1]["resource"]["value"] == Decimal("1.25")  # never float
    assert items[-1] == ("field", ("meta", {"tag": [1, 2]}))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"entry": [{"a": 1}, {"b": ', "malformed JSON"),
        ('{"resourceType": "Bundle"} {"x": 1}', "more data after the end"),
        ('{"a" 1}', "expected ':'"),
    ],
)
def test_stream_document_reports_malformed_json(text: str, fragment: str) -> None:
    with pytest.raises(jsonstream.FormatError, match=fragment):
        _stream(text)


def test_dates_with_offsets_partial_and_absurd() -> None:
    assert values.parse_date("2012") == (date(2012, 1, 1), True)
    assert values.parse_date("2012-05") == (date(2012, 5, 1), True)
    assert values.parse_date("2021-03-04T23:30:00+13:00") == (date(2021, 3, 4), False)
    assert values.parse_datetime("2021-03-04T23:30:00+13:00") == (
        datetime(2021, 3, 4, 10, 30),
        False,
    )
    assert values.parse_datetime("2019-04-26T21:35:55-04:00")[0] == datetime(2019, 4, 27, 1, 35, 55)
    assert values.parse_datetime("2015-02-07T13:28:17.239+02:00")[0] == datetime(
        2015, 2, 7, 11, 28, 17, 239000
    )
    assert values.parse_datetime("2020-01-01Z" if False else "2020-01-01T00:00:00Z")[0] == datetime(
        2020, 1, 1
    )
    for bad in ("", "January 2012", "2021-02-30", "2021-13-01T00:00:00Z"):
        with pytest.raises(values.BadValue):
            values.parse_datetime(bad)
    with pytest.raises(values.BadValue, match="before 1880"):
        values.check_date(date(1879, 12, 31), "birth date")
    with pytest.raises(values.BadValue, match="in the future"):
        values.check_date(date(2999, 1, 1), "birth date")


def test_decimals_are_rounded_to_six_places_and_checked() -> None:
    assert values.to_decimal(Decimal("171.69724114831362")) == Decimal("171.697241")
    assert values.to_decimal("12") == Decimal("12")
    for bad in ("abc", "NaN", "1e13", None, True):
        with pytest.raises(values.BadValue):
            values.to_decimal(bad)
    values.check_quantity(Decimal("-2.5"), "mmol/L")  # base excess can be negative
    with pytest.raises(values.BadValue, match="negative"):
        values.check_quantity(Decimal("-1"), "kg")
    with pytest.raises(values.BadValue, match="above 100"):
        values.check_quantity(Decimal("101"), "%")


def _map(resource: dict[str, Any], mapper: Mapper | None = None) -> Any:
    mapper = mapper or Mapper()
    mapper.index(resource, None)
    return mapper.map(Item(resource, None))


def test_patient_mapping() -> None:
    mapped = _map(
        {
            "resourceType": "Patient",
            "id": "p1",
            "identifier": [
                {
                    "type": {"coding": [{"system": "http://hl7.org/fhir/v2/0203", "code": "MR"}]},
                    "system": "urn:example:mrn",
                    "value": "M-77",
                },
                {"system": "http://hl7.org/fhir/sid/us-ssn", "value": "999-12-3456"},
            ],
            "name": [
                {"use": "maiden", "family": "Old"},
                {"use": "official", "family": "O'Keefe54", "given": ["Kenneth671"]},
            ],
            "gender": "male",
            "birthDate": "1961-07",
            "deceasedDateTime": "2020-02-02T10:00:00-05:00",
            "telecom": [{"system": "phone", "value": "555-1234"}],
            "address": [{"line": ["1 Main St"], "city": "Boston", "postalCode": "02115"}],
        }
    )
    (patient,) = mapped.records
    assert isinstance(patient, PatientRecord)
    assert (patient.family_name, patient.given_names) == ("O'Keefe", "Kenneth")
    assert (patient.mrn, patient.mrn_system) == ("M-77", "urn:example:mrn")
    assert patient.birth_date == date(1961, 7, 1)
    assert mapped.notes == ["Patient: birth date without day, taken as the first"]
    assert patient.deceased and patient.deceased_on == date(2020, 2, 2)
    assert patient.phone == "555-1234" and patient.address == "1 Main St, Boston, 02115"
    assert ("http://hl7.org/fhir/sid/us-ssn", "999-12-3456") in patient.identifiers


def test_blood_pressure_panel_becomes_one_event_per_component() -> None:
    mapper = Mapper()
    mapper.index({"resourceType": "Patient", "id": "p"}, "urn:uuid:abc")
    mapped = _map(
        {
            "resourceType": "Observation",
            "id": "bp",
            "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
            "subject": {"reference": "urn:uuid:abc"},
            "encounter": {"reference": "Encounter/e1"},
            "effectiveDateTime": "2020-05-05T10:00:00Z",
            "component": [
                {
                    "code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                    "valueQuantity": {"value": 120, "unit": "mm[Hg]"},
                },
                {
                    "code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
                    "valueQuantity": {"value": 80, "unit": "mm[Hg]"},
                },
            ],
        },
        mapper,
    )
    events = mapped.records
    assert [(e.code, e.value, e.unit) for e in events] == [
        ("8480-6", Decimal("120"), "mm[Hg]"),
        ("8462-4", Decimal("80"), "mm[Hg]"),
    ]
    assert all(isinstance(e, EventRecord) for e in events)
    assert events[0].patient_ref == ("fhir:Patient", "p")
    assert events[0].external_id == "fhir:Observation/bp#8480-6"
    assert events[0].encounter_ref == "fhir:Encounter/e1"


def test_stu3_immunization_and_conditional_practitioner() -> None:
    immunization = _map(
        {
            "resourceType": "Immunization",
            "id": "i1",
            "status": "completed",
            "notGiven": False,
            "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "08"}]},
            "patient": {"reference": "Patient/p"},
            "date": "2019-04-26T21:35:55-04:00",
        }
    )
    assert immunization.records[0].occurred_on == date(2019, 4, 26)
    assert immunization.notes == ["Immunization: STU3 `date` read as the date given"]
    refused = _map(
        {
            "resourceType": "Immunization",
            "id": "i2",
            "notGiven": True,
            "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "08"}]},
            "patient": {"reference": "Patient/p"},
            "date": "2019-04-26",
        }
    )
    assert refused.skipped == "Immunization: not given"
    encounter = _map(
        {
            "resourceType": "Encounter",
            "id": "e",
            "class": {"code": "AMB"},
            "subject": {"reference": "Patient/p/_history/2"},
            "period": {"start": "2021-01-01T09:00:00+12:00"},
            "participant": [
                {
                    "individual": {
                        "reference": "Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|99",
                        "display": "Dr. Ana Ruiz",
                    }
                }
            ],
        }
    )
    (record,) = encounter.records
    assert isinstance(record, EncounterRecord)
    assert record.patient_ref == ("fhir:Patient", "p")
    assert record.start_at == datetime(2020, 12, 31, 21, 0)
    assert record.practitioner == "Dr. Ana Ruiz" and record.encounter_class == "AMB"
