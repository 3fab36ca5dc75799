"""Coded concepts a published standard refers to (SNOMED CT, LOINC, ICD-10, CVX, RxNorm):
the code systems, each system's code form and check digit, and concept sets."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable

from pydantic import (
    Field,
    model_validator,
)

from clinicdesk.domain.documents import DocumentModel, require_unique
from clinicdesk.i18n import _


class CodeSystem(enum.StrEnum):
    """The code systems a standard may use, by their FHIR URIs."""

    SNOMED_CT = "http://snomed.info/sct"
    LOINC = "http://loinc.org"
    ICD_10_CM = "http://hl7.org/fhir/sid/icd-10-cm"
    CVX = "http://hl7.org/fhir/sid/cvx"
    RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
    CPT = "http://www.ama-assn.org/go/cpt"


_CODE_FORMS: dict[CodeSystem, re.Pattern[str]] = {
    CodeSystem.SNOMED_CT: re.compile(r"[1-9]\d{5,17}"),
    CodeSystem.LOINC: re.compile(r"\d{1,7}-\d"),
    CodeSystem.ICD_10_CM: re.compile(r"[A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?"),
    CodeSystem.CVX: re.compile(r"\d{1,3}"),
    CodeSystem.RXNORM: re.compile(r"\d{1,8}"),
    CodeSystem.CPT: re.compile(r"\d{4}[0-9A-Z]"),
}
_ICD_10_CM_PREFIX = re.compile(r"[A-Z]\d[0-9A-Z](\.[0-9A-Z]{0,3})?")

# Verhoeff tables: the check digit of every SNOMED CT identifier.
_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)


def _verhoeff_permutations() -> tuple[tuple[int, ...], ...]:
    """Row i is the generating permutation applied i times."""
    step = (1, 5, 7, 6, 2, 8, 3, 0, 9, 4)
    rows = [tuple(range(10))]
    for _row in range(7):
        rows.append(tuple(rows[-1][step[j]] for j in range(10)))
    return tuple(rows)


_VERHOEFF_P = _verhoeff_permutations()


def _verhoeff_valid(digits: str) -> bool:
    check = 0
    for position, digit in enumerate(reversed(digits)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[position % 8][int(digit)]]
    return check == 0


def _luhn_check_digit(digits: str) -> int:
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return (10 - total % 10) % 10


def code_problem(system: CodeSystem, code: str) -> str | None:
    """Why `code` cannot be a code of `system`, or None when it is well formed.

    Catches typing slips: SNOMED CT identifiers carry a Verhoeff check digit and a
    concept partition, LOINC codes a mod-10 check digit after the hyphen."""
    if not _CODE_FORMS[system].fullmatch(code):
        return f"{code!r} is not written like a {system.name} code"
    if system is CodeSystem.SNOMED_CT:
        if code[-3:-1] not in ("00", "10"):
            return f"{code!r} is a SNOMED CT identifier but not of a concept"
        if not _verhoeff_valid(code):
            return f"{code!r} fails the SNOMED CT check digit: is it mistyped?"
    if system is CodeSystem.LOINC:
        number, check = code.split("-")
        if _luhn_check_digit(number) != int(check):
            return f"{code!r} fails the LOINC check digit: is it mistyped?"
    return None


def _icd10_key(code: str) -> str:
    return code.replace(".", "").upper()


class Code(DocumentModel):
    code: str = Field(min_length=1, max_length=40)
    display: str = Field(min_length=1, max_length=300)


class ConceptSet(DocumentModel):
    """Codes of one system. A recorded code matches when the systems are equal and the
    code is listed, or (ICD-10-CM only, where codes are hierarchical) starts with a listed
    prefix. ICD-10-CM codes are compared without their dot, so "E11.9" and "E119" are the
    same code; every other system compares codes exactly."""

    system: CodeSystem
    codes: tuple[Code, ...] = ()
    prefixes: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> ConceptSet:
        if not self.codes and not self.prefixes:
            raise ValueError(f"the concept set for {self.system} lists no codes")
        for entry in self.codes:
            problem = code_problem(self.system, entry.code)
            if problem:
                raise ValueError(problem)
        require_unique((entry.code for entry in self.codes), "the code")
        if self.prefixes:
            if self.system is not CodeSystem.ICD_10_CM:
                raise ValueError("code prefixes are allowed only for ICD-10-CM")
            for prefix in self.prefixes:
                if not _ICD_10_CM_PREFIX.fullmatch(prefix):
                    raise ValueError(
                        _(
                            "{prefix!r} is not an ICD-10-CM category such as 'E11' or 'E11.3'"
                        ).format(prefix=prefix)
                    )
            require_unique(self.prefixes, "the prefix")
        return self

    def matches(self, system: str, code: str) -> bool:
        if system != self.system.value:
            return False
        if self.system is CodeSystem.ICD_10_CM:
            key = _icd10_key(code)
            return any(_icd10_key(entry.code) == key for entry in self.codes) or any(
                key.startswith(_icd10_key(prefix)) for prefix in self.prefixes
            )
        return any(entry.code == code for entry in self.codes)


def check_concept_list(sets: tuple[ConceptSet, ...], where: str) -> None:
    if not sets:
        raise ValueError(_("{where} needs at least one concept set").format(where=where))
    require_unique((concept_set.system.value for concept_set in sets), f"{where}: the system")


def concepts_match(sets: Iterable[ConceptSet], system: str, code: str) -> bool:
    return any(concept_set.matches(system, code) for concept_set in sets)
