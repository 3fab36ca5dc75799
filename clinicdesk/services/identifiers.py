"""What a patient identifier's system means to a person: the record shows each of a
patient's other identifiers by a name (the anchor organisation whose roster gave it, a
system ClinicDesk writes, a well-known national one), not by the system's own text."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from clinicdesk.db.models_anchors import AnchorOrganisation
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.i18n import N_, _

# An anchor organisation's roster identifies its people under "anchor:<its uuid>".
ANCHOR_PREFIX = "anchor:"

_NAMED = {
    "fhir:Patient": N_("FHIR patient id"),
    "synthea:Patient": N_("Synthea patient id"),
    "clinicdesk:mrn": N_("MRN in an imported patient list"),
    "http://hl7.org/fhir/sid/us-ssn": N_("US Social Security number"),
    "http://hl7.org/fhir/sid/us-medicare": N_("US Medicare number"),
    "https://github.com/synthetichealth/synthea": N_("Synthea id"),
}


def anchor_system(organisation_uuid: str) -> str:
    """The identifier system of an anchor organisation's roster."""
    return f"{ANCHOR_PREFIX}{organisation_uuid}"


def labels(uow: UnitOfWork, systems: Iterable[str]) -> dict[str, str]:
    """Each system's name for a person: an anchor roster's as "<organisation> roster",
    the systems in _NAMED by their names, any other (a hospital's own URI, say) as it
    is written, which is what its owner would recognise."""
    wanted = set(systems)
    rosters = {s.removeprefix(ANCHOR_PREFIX): s for s in wanted if s.startswith(ANCHOR_PREFIX)}
    named: dict[str, str] = {}
    if rosters:
        rows = uow.session.execute(
            select(AnchorOrganisation.uuid, AnchorOrganisation.name).where(
                AnchorOrganisation.uuid.in_(sorted(rosters))
            )
        )
        for uuid, name in rows:
            named[rosters[uuid]] = _("{organisation} roster").format(organisation=name)
    return {s: named.get(s) or (_(_NAMED[s]) if s in _NAMED else s) for s in wanted}
