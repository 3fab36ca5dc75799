"""FHIR R4 data types read leniently: strings, lists, CodeableConcepts, statuses,
periods, values, identifiers, names and addresses."""

from __future__ import annotations

import re
from operator import methodcaller
from typing import Any

from clinicdesk.domain.codes import CodeSystem
from clinicdesk.interop import values
from clinicdesk.interop.records import EventRecord

SNOMED = CodeSystem.SNOMED_CT.value
LOINC = CodeSystem.LOINC.value
CVX = CodeSystem.CVX.value
RXNORM = CodeSystem.RXNORM.value
ICD10 = CodeSystem.ICD_10_CM.value
_PREFERRED = (SNOMED, LOINC, CVX, RXNORM, ICD10, "http://hl7.org/fhir/sid/icd-10")
_MRN_TYPE_SYSTEMS = {
    "http://terminology.hl7.org/CodeSystem/v2-0203",
    "http://hl7.org/fhir/v2/0203",  # STU3
}
_SYNTHEA_SUFFIX = re.compile(r"^(\D*\D)\d+$")
_STARTS_WITH_VALUE = methodcaller("startswith", "value")


def text_of(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    return None


def as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def coding(concept: Any) -> tuple[str, str, str | None] | None:
    """(system, code, display) of a CodeableConcept, preferring the standard systems."""
    if not isinstance(concept, dict):
        return None
    listed = concept.get("coding")
    if isinstance(listed, list) and len(listed) == 1:  # the usual case: one coding
        only = listed[0]
        if isinstance(only, dict):
            # text_of, inline: this runs for every coded resource
            system, code = only.get("system"), only.get("code")
            system = system.strip() if isinstance(system, str) else None
            code = code.strip() if isinstance(code, str) else None
            if system and code:
                return system, code, text_of(only.get("display")) or text_of(concept.get("text"))
        return None
    codings = [
        c
        for c in as_list(concept.get("coding"))
        if isinstance(c, dict) and text_of(c.get("system")) and text_of(c.get("code"))
    ]
    if not codings:
        return None
    codings.sort(key=lambda c: _PREFERRED.index(c["system"]) if c["system"] in _PREFERRED else 99)
    best = codings[0]
    display = text_of(best.get("display")) or text_of(concept.get("text"))
    return best["system"].strip(), best["code"].strip(), display


def status_of(value: Any) -> str | None:
    """R4 CodeableConcept status or the STU3 bare string."""
    if isinstance(value, str):
        return value.strip() or None
    coded = coding(value)
    if coded:
        return coded[1]
    if isinstance(value, dict):
        return text_of(value.get("text"))
    return None


def clip(text: str | None, size: int) -> str | None:
    return text if text is None or len(text) <= size else text[: size - 1] + "…"


def strip_suffix(part: str) -> str:
    """Synthea's numeric name suffixes ("Lindsay928") are noise to a person."""
    match = _SYNTHEA_SUFFIX.match(part)
    return match[1] if match else part


def period_start(period: Any) -> Any:
    return period.get("start") if isinstance(period, dict) else None


def period_end(period: Any) -> Any:
    return period.get("end") if isinstance(period, dict) else None


def has_value(element: dict[str, Any]) -> bool:
    # map, not a generator: an observation has a dozen keys, and this runs for each
    return any(map(_STARTS_WITH_VALUE, element))


def set_value(event: EventRecord, element: dict[str, Any]) -> None:
    """valueQuantity -> value + unit; coded, string, boolean, dateTime -> value_text.
    Raises BadValue for an absurd quantity."""
    if "valueQuantity" in element:
        quantity = element["valueQuantity"] or {}
        if quantity.get("value") is None:
            return
        value = values.to_decimal(quantity.get("value"))
        unit = text_of(quantity.get("unit")) or text_of(quantity.get("code"))
        values.check_quantity(value, text_of(quantity.get("code")) or unit)
        event.value, event.unit = value, clip(unit, 40)
    elif "valueCodeableConcept" in element:
        coded = coding(element["valueCodeableConcept"])
        text = (
            (coded[2] or coded[1])
            if coded
            else text_of((element["valueCodeableConcept"] or {}).get("text"))
        )
        event.value_text = clip(text, 300)
    elif "valueString" in element:
        event.value_text = clip(text_of(element["valueString"]), 300)
    elif "valueBoolean" in element:
        event.value_text = "true" if element["valueBoolean"] else "false"
    elif "valueInteger" in element:
        event.value = values.to_decimal(element["valueInteger"])
    elif "valueDateTime" in element:
        event.value_text = clip(text_of(element["valueDateTime"]), 300)
    elif "valueSampledData" in element:
        event.value_text = "(sampled data, not kept)"
    elif "valueRange" in element or "valueRatio" in element or "valuePeriod" in element:
        event.value_text = "(range/ratio/period, not kept)"


def is_mrn(identifier: dict[str, Any]) -> bool:
    kind = identifier.get("type")
    if not isinstance(kind, dict):
        return False
    return any(
        isinstance(c, dict)
        and c.get("code") == "MR"
        and (c.get("system") in _MRN_TYPE_SYSTEMS or c.get("system") is None)
        for c in as_list(kind.get("coding"))
    )


def human_name(names: Any) -> tuple[str, str] | None:
    """(family, given) from the official (or usual, or first current) HumanName."""
    candidates = [n for n in as_list(names) if isinstance(n, dict)]
    candidates = [n for n in candidates if n.get("use") not in ("old", "maiden")] or candidates
    if not candidates:
        return None
    rank = {"official": 0, "usual": 1}
    candidates.sort(key=lambda n: rank.get(n.get("use") or "", 2))
    for name in candidates:
        family_raw = name.get("family")
        if isinstance(family_raw, list):  # STU2-style
            family_raw = " ".join(str(f) for f in family_raw)
        family = text_of(family_raw) or ""
        given = " ".join(
            strip_suffix(g.strip()) for g in as_list(name.get("given")) if isinstance(g, str)
        ).strip()
        family = " ".join(strip_suffix(p) for p in family.split())
        if not family and not given:
            text = text_of(name.get("text"))
            if text:
                parts = text.split()
                family, given = parts[-1], " ".join(parts[:-1])
        if family or given:
            return family, given
    return None


def address_text(addresses: Any) -> str | None:
    for address in as_list(addresses):
        if not isinstance(address, dict):
            continue
        text = text_of(address.get("text"))
        if text:
            return text
        parts = [str(line) for line in as_list(address.get("line")) if isinstance(line, str)]
        parts += [
            str(address[k])
            for k in ("city", "state", "postalCode", "country")
            if isinstance(address.get(k), str) and address[k].strip()
        ]
        if parts:
            return ", ".join(parts)
    return None
