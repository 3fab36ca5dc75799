"""A clinic that runs in Spanish hears its services in Spanish: refusals, hints and results
made by real service calls on a real database, with the catalogue compiled from
resources/translations (installer/translations.py, as the build does)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from clinicdesk import i18n
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal, Role
from clinicdesk.errors import PermissionDenied, ValidationError
from clinicdesk.services import audit, auth, patients, users
from clinicdesk.services.patients.types import PatientInput

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "staff-password-1"


@pytest.fixture
def spanish(fresh_catalogues: Path) -> Iterator[None]:
    """Messages in Spanish from a catalogue compiled now (a source checkout need not hold
    one); English again afterwards."""
    assert i18n.set_language("es") == "es"
    yield
    i18n.set_language("en")


def test_a_validation_error_and_its_hint_are_spanish(
    db: Database, admin: Principal, spanish: None
) -> None:
    with db.uow() as uow, pytest.raises(ValidationError) as info:
        users.add_user(uow, admin, "no sirve", "No Sirve", [Role.CLINICIAN], PASSWORD)
    assert info.value.message == "“no sirve” no puede ser un nombre de usuario."
    assert info.value.hint == (
        "Use de 2 a 63 letras, dígitos, puntos, guiones o guiones bajos, empezando por una "
        "letra o un dígito."
    )
    assert info.value.field == "username"  # what the window highlights stays a field name


def test_a_permission_refusal_is_spanish(db: Database, admin: Principal, spanish: None) -> None:
    with db.uow() as uow:
        users.add_user(uow, admin, "okafor", "Esi Okafor", [Role.CLINICIAN], PASSWORD)
    with db.uow() as uow:
        clinician = auth.sign_in(uow, "okafor", PASSWORD)
    with db.uow() as uow, pytest.raises(PermissionDenied) as info:
        users.list_users(uow, clinician)
    assert info.value.message == "Esi Okafor no puede gestionar usuarios."
    assert info.value.hint == "Pida a un administrador que dé a su cuenta el rol que lo permite."


def test_dates_in_a_refusal_are_written_the_spanish_way(
    db: Database, admin: Principal, spanish: None
) -> None:
    born = date(date.today().year + 1, 12, 3)
    with db.uow() as uow, pytest.raises(ValidationError) as info:
        patients.register_patient(uow, admin, PatientInput("B-1", "Okafor", "Esi", born))
    assert info.value.message == (f"La fecha de nacimiento 3 dic {born.year} está en el futuro.")


def test_a_result_for_people_is_spanish_with_its_plural(
    db: Database, admin: Principal, spanish: None
) -> None:
    with db.uow() as uow:
        result = audit.verify(uow, admin)
    assert result.ok
    assert result.message.startswith(
        f"Registro de auditoría intacto: {result.checked} eventos, todos los enlaces verificados."
    )
    with db.uow() as uow, pytest.raises(ValidationError, match=r"^Indique el apellido"):
        patients.register_patient(uow, admin, PatientInput("B-2", " ", "Esi", None))
