"""The PDFs in Spanish (issue 17), read back with pypdf: the revenue statement and the
member register made while the language is Spanish say everything in Spanish, write
amounts, dates, months and rates as Spanish writes them, and leave no English label."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from clinicdesk import i18n
from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from clinicdesk.services import members, revenue
from clinicdesk.services.members import EnrolRequest

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 5, 20)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def spanish(fresh_catalogues: Path) -> Iterator[None]:
    """Spanish from the catalogues as they are in the source tree (compiled here, so the
    test does not depend on an earlier `translations.py compile`)."""
    assert i18n.set_language("es") == "es"
    yield
    i18n.set_language("en")


def _no_english(text: str, labels: tuple[str, ...]) -> None:
    left = [label for label in labels if label in text]
    assert not left, left


def test_the_statement_in_spanish(db: Database, admin: Principal, spanish: None) -> None:
    lines = [
        "member_fees=12000.00",
        "anchor_contracts/City schools=4000.50",
        "fee_for_service=1999.99",
        "grants=800.00",
    ]
    with db.uow() as uow:
        revenue.set_lines(uow, admin, "2026-03", revenue.parse_lines(lines), today=TODAY)
    with db.uow() as uow:
        revenue.lock(uow, admin, "2026-03", today=TODAY)
    with db.uow() as uow:
        revenue.submit(uow, admin, "2026-03", today=TODAY)
    with db.uow() as uow:
        pdf = revenue.export_statement(uow, admin, "2026-03")
    text = _text(pdf)
    for expected in (
        "Estado de cuenta de ingresos de marzo de 2026",
        "Ingresos por categoría",
        "Subpartida",
        "Sujeto a cuota",
        "Ingresos totales",
        "Cuota al fondo de la federación",
        "Base de la cuota",
        "Tasa de la cuota",
        "Cuota mensual al fondo de la federación: 3 %",
        "(contribution-rate.federation, versión 1)",
        "Distribución del fondo",
        "Tecnología compartida",
        "Dividendo a los socios",
        "Envíos, rectificaciones y comprobantes",
        "Firma — Gerente de la clínica",
        "Firma — Tesorería",
        "Nombre y fecha:",
        "Generado el",
        "Página 1 de 1",
        # Spanish numbers: `.` groups thousands, `,` is the decimal mark
        "12.000,00",
        "4.000,50",
        "18.000,49",  # the contributable base: member fees, anchor contracts, fee for service
        "540,01",  # 3 % of it
        "abr 2026",  # due in April, written the Spanish way
    ):
        assert expected in text, expected
    assert "3\u00a0%" in text or "3 %" in text  # CLDR's Spanish percent: a space before %
    _no_english(
        text,
        (
            "Revenue statement",
            "Revenue by category",
            "Sub-line",
            "Contributable",
            "Total revenue",
            "Contribution",
            "Fund allocation",
            "Shared technology",
            "Submissions",
            "Signature",
            "Name and date",
            "Generated at",
            "Page 1",
            "Due on",
            "12,000.00",
        ),
    )


def _enrol(db: Database, admin: Principal, family: str, shares: int, paid: str) -> None:
    with db.uow() as uow:
        row = members.enrol(
            uow,
            admin,
            EnrolRequest(
                family, "Iñigo", "patient", date(2020, 1, 6), consent_bylaws=True, consent_data=True
            ),
        )
    with db.uow() as uow:
        members.approve(uow, admin, row.id, date(2020, 2, 1), "Junta 2020/1")
    with db.uow() as uow:
        members.subscribe(uow, admin, row.id, "A", shares, date(2020, 2, 1))
    with db.uow() as uow:
        members.pay(uow, admin, row.id, "A", Decimal(paid), date(2020, 3, 1))


def test_the_member_register_in_spanish(
    db: Database, admin: Principal, spanish: None, tmp_path: Path
) -> None:
    _enrol(db, admin, "Muñoz", 4, "100.00")
    _enrol(db, admin, "Peña", 480, "12000.00")
    out = tmp_path / "registro.pdf"
    with db.uow() as uow:
        members.write_register_pdf(uow, admin, date(2023, 9, 30), out)
    text = _text(out.read_bytes())
    for expected in (
        "Registro de socios al 30 sept 2023",
        "Las tenencias, el capital pagado y el estado se derivan del libro de aportaciones",
        "un socio, un voto",
        "Muñoz, Iñigo",  # accents and ñ print as they are
        "Peña, Iñigo",
        "Clase",
        "Solicitud",
        "Aprobación",
        "Tenencias",
        "Aportaciones",
        "paciente",
        "activo",
        "6 ene 2020",  # applied
        "1 feb 2020",  # approved
        "A: 4 (100,00 pagado)",
        "A: 480 (12.000,00 pagado)",
        "sí",
        "Socios en la lista: 2. Aportaciones: 484. Capital pagado: 12.100,00.",
        "Página 1 de 1",
    ):
        assert expected in text, expected
    _no_english(
        text,
        (
            "Member register",
            "Holdings",
            "paid-up",
            "Paid-up",
            "Applied",
            "Approved",
            "Shares",
            "Members listed",
            "patient",
            "2023-09-30",
            "Page 1",
        ),
    )


def test_training_and_policy_pdfs_name_the_standards_in_spanish(
    db: Database, admin: Principal, spanish: None, tmp_path: Path
) -> None:
    """The federation's requirements and policies carry Spanish titles (shipped here,
    since this clinic has not synced): the inspection copies use them, and the matrix's
    filter line is Spanish too."""
    from clinicdesk.domain.roles import Role
    from clinicdesk.services import policies, training

    with db.uow() as uow:
        training.export_matrix(uow, admin, tmp_path / "matrix.pdf", roles=[Role.CLINICIAN])
    with db.uow() as uow:
        policies.export_overview(uow, admin, tmp_path / "policies.pdf")
    matrix = _text((tmp_path / "matrix.pdf").read_bytes())
    assert "Higiene de manos, cada año" in matrix, matrix
    assert "funciones: " in matrix
    _no_english(matrix, ("Hand hygiene", "every year", "roles:"))
    overview = _text((tmp_path / "policies.pdf").read_bytes())
    assert "Envío y corrección de las cuotas mensuales" in overview, overview
    _no_english(overview, ("Submitting and correcting",))
