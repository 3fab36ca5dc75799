"""The Revenue area in Spanish, from the translations as compiled now: headers, categories
and months in Spanish, amounts shown as Spanish writes them (12.345,60), and the amounts a
person edits kept in the money parser's own form, so that what the dialog shows is read
back to the same value."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from clinicdesk.services import revenue
from clinicdesk.ui import language
from clinicdesk.ui.revenue.dialogs import LinesDialog
from tests.gui.test_revenue_area import LAST_MONTH, current_dialog, joined_months_ago, open_view
from tests.helpers.gui_context import gui_harness

pytestmark = pytest.mark.gui


@pytest.fixture
def spanish(fresh_catalogues):
    """Spanish from the translation sources as they are now."""
    language.install("es")


def test_the_month_in_spanish_reads_back_what_it_shows(qtbot, db, admin, tmp_path, spanish):
    joined_months_ago(db, admin)
    with db.uow() as uow:
        lines = revenue.parse_lines(["member_fees=12345.60", "grants=800"])
        revenue.set_lines(uow, admin, LAST_MONTH, lines)
        uow.commit()
    with gui_harness(db, admin, tmp_path) as harness:
        view = open_view(qtbot, harness)
        qtbot.waitUntil(lambda: view.current is not None, timeout=10_000)
        harness.wait_idle(qtbot)
        assert view.figures["total"].text() == "13.145,60"
        assert " de 20" in view.title.text()  # "noviembre de 2026"
        # the rate standard by its Spanish title
        assert "Cuota mensual al fondo de la federación" in view.figures["rate"].text()
        assert view.figures["rate"].toolTip().endswith("versión 1")
        header = view.lines_model.headerData(0, Qt.Orientation.Horizontal)
        assert header == "Categoría"
        assert view.lines_model.index(0, 2).data() == "12.345,60"

        # The dialog shows the amounts to edit as the parser reads them, and saving
        # them unchanged keeps the month's figures.
        view.edit_lines()
        dialog: LinesDialog = current_dialog(qtbot, view)
        assert dialog.windowTitle().startswith("Ingresos de ")
        assert dialog.amount_text("member_fees") == "12345.60"
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.dialog is None, timeout=10_000)
        harness.wait_idle(qtbot)
        assert not harness.errors
        assert view.current.total == Decimal("13145.60")
