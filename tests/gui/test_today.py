"""The Today area: a manager sees the months to close (overdue first) and the clinic's
gaps, a clinician only their panel; each section's button opens its area."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from clinicdesk.i18n.formatting import format_month
from clinicdesk.services import attribution, revenue, settings
from tests.helpers.clinic import add_staff, forget_gaps, gap, register, set_cached

pytestmark = pytest.mark.gui


def _month_before(day: date, months: int) -> str:
    year, month = day.year, day.month - months
    while month < 1:
        year, month = year - 1, month + 12
    return f"{year:04d}-{month:02d}"


def _month_name(period: str) -> str:
    return format_month(int(period[:4]), int(period[5:]))


def test_a_manager_sees_what_to_close_and_goes_to_revenue(
    qtbot, sqlite_db, sqlite_admin, make_window
):
    db, admin = sqlite_db, sqlite_admin
    overdue = _month_before(date.today(), 3)  # due on the 15th two months ago
    with db.uow() as uow:  # the clinic joined the federation that month
        settings.set_federation_joined(uow, admin, overdue)
    with db.uow() as uow:
        revenue.set_lines(uow, admin, overdue, revenue.parse_lines(["member_fees=1200.00"]))
    patient = register(db, admin, "T-1", "Okafor", "Esi")
    forget_gaps(db)  # the result below is the test's own
    gap(db, patient.id, "care-gap.influenza-vaccine", "overdue", due_on=date.today())
    set_cached(db, patient.id, open_gaps=1)

    window = make_window(db, admin)
    view = window.show_area("today")
    qtbot.waitUntil(lambda: view.summary is not None)
    assert view.revenue.isVisible()
    # every month since the clinic joined is still to submit, and past its due date
    # (named as people write them: "October 2026")
    names = [_month_name(_month_before(date.today(), n)) for n in (1, 2, 3)]
    due_last_month = date.today().day > 15
    months = ", ".join(names if due_last_month else names[1:])
    assert f"Overdue: {months} —" in view.revenue.text.text()
    assert view.panel.isVisible()
    assert (
        view.panel.text.text()
    ) == "The clinic: 1 patient, 1 with open care gaps, 1 gaps overdue."
    assert not view.nothing.isVisible()
    qtbot.mouseClick(view.revenue.button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.area_widget("revenue")
    # Revenue lists every month Today asked about.
    area = window.area_widget("revenue")
    qtbot.waitUntil(lambda: area.months_model.rowCount() == 4)
    assert {_month_before(date.today(), n) for n in (1, 2, 3)} <= {
        m.period for m in area.months_model.rows()
    }


def test_a_clinician_sees_only_their_panel(qtbot, sqlite_db, sqlite_admin, make_window):
    db, admin = sqlite_db, sqlite_admin
    quinn = add_staff(db, admin, "dr.quinn", "Dr Rosa Quinn")
    mine = register(db, admin, "Q-1", "Okafor", "Esi")
    register(db, admin, "R-1", "Rossi", "Lia")
    with db.uow() as uow:
        attribution.reassign(uow, admin, mine.id, quinn.user_id, "new patient")
    set_cached(db, mine.id, open_gaps=2, next_due_on=date.today() - timedelta(days=3))

    window = make_window(db, quinn)
    view = window.show_area("today")
    qtbot.waitUntil(lambda: view.summary is not None)
    assert view.summary.revenue is None and not view.revenue.isVisible()
    assert not view.members.isVisible() and not view.federation.isVisible()
    assert view.panel.text.text().startswith("Your panel: 1 patient, 1 with open care gaps")
    qtbot.mouseClick(view.panel.button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.area_widget("panel")


def test_applicants_waiting_lead_to_the_member_list_filtered_to_them(
    qtbot, sqlite_db, sqlite_admin, make_window
):
    from clinicdesk.services import members
    from clinicdesk.services.members import EnrolRequest

    db, admin = sqlite_db, sqlite_admin
    today = date.today()
    ids = []
    for family in ("Adeyemi", "Brandt", "Castro"):
        with db.uow() as uow:
            row = members.enrol(
                uow,
                admin,
                EnrolRequest(
                    family, "Sam", "patient", today, consent_bylaws=True, consent_data=True
                ),
            )
        ids.append(row.id)
    with db.uow() as uow:
        members.approve(uow, admin, ids[0], today, "Board minute 7")

    window = make_window(db, admin)
    view = window.show_area("today")
    qtbot.waitUntil(lambda: view.summary is not None)
    assert view.members.text.text() == "2 applicants wait for the board's approval."
    qtbot.mouseClick(view.members.button, Qt.MouseButton.LeftButton)
    listing = window.area_widget("members")
    assert window.stack.currentWidget() is listing
    assert listing.status_filter.currentText() == "Applicants"
    qtbot.waitUntil(lambda: listing.model.rowCount() == 2)
    names = {listing.model.index(r, 1).data() for r in range(2)}
    assert names == {"Brandt, Sam", "Castro, Sam"}
    # Back to everyone: the approved member is there too.
    listing.status_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: listing.model.rowCount() == 3)


def test_a_new_clinic_gets_a_first_weeks_checklist_that_leads_to_each_area(
    qtbot, sqlite_db, sqlite_admin, make_window
):
    db, admin = sqlite_db, sqlite_admin
    window = make_window(db, admin)
    view = window.show_area("today")
    qtbot.waitUntil(lambda: view.summary is not None)
    checklist = view.checklist
    assert checklist.isVisible()
    keys = [step.key for step in view.summary.setup]
    assert keys == ["connect", "users", "patients", "members", "revenue", "training"]
    assert not any(step.done for step in view.summary.setup)
    assert not view.nothing.isVisible()  # a new clinic has things to do
    # on a wide screen, in line with the boxes under it, not the width of the screen
    window.resize(1920, 1000)
    qtbot.waitUntil(lambda: view.federation.isVisible() and view.width() > 1500)
    assert checklist.width() == view.federation.width() < view.width() - 400

    # Adding a colleague ticks that step (Today reads afresh when shown).
    add_staff(db, admin, "dr.quinn", "Dr Rosa Quinn")
    window.show_area("panel")
    window.show_area("today")
    qtbot.waitUntil(lambda: any(s.key == "users" and s.done for s in view.summary.setup))
    assert "users" not in checklist.buttons
    qtbot.mouseClick(checklist.buttons["members"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.area_widget("members")


def test_a_clinician_sees_no_setup_steps_and_an_old_clinic_none_at_all(
    qtbot, sqlite_db, sqlite_admin, make_window
):
    from datetime import datetime

    from sqlalchemy import update

    from clinicdesk.db.models import Clinic
    from clinicdesk.services import today

    db, admin = sqlite_db, sqlite_admin
    clinician = add_staff(db, admin, "dr.quinn", "Dr Rosa Quinn")
    with db.uow() as uow:
        assert today.summary(uow, clinician).setup == ()  # none of the steps is theirs
        assert today.summary(uow, admin).setup != ()
    with db.uow() as uow:
        uow.session.execute(update(Clinic).values(created_at=datetime(2020, 1, 1)))
        uow.commit()
    with db.uow() as uow:
        assert today.summary(uow, admin).setup == ()  # an established clinic


def test_a_manager_is_told_of_a_newer_release_the_hub_published(
    qtbot, sqlite_db, sqlite_admin, make_window
):
    from clinicdesk import __version__
    from clinicdesk.db import outbox
    from clinicdesk.services import federation_link

    db, admin = sqlite_db, sqlite_admin
    with db.uow() as uow:
        federation_link.connect(uow, admin, "https://hub.example.org", "clinic-7")
    with db.uow() as uow:  # what a sync keeps when the hub publishes a release
        outbox.set_cursor(
            uow, outbox.CLIENT_RELEASE, "99.0.0", etag="https://downloads.example.org/cd/"
        )
        uow.commit()

    window = make_window(db, admin)
    view = window.show_area("today")
    qtbot.waitUntil(lambda: view.summary is not None)
    assert view.federation.isVisible()
    assert view.federation.text.text() == (
        f"ClinicDesk 99.0.0 is available; this computer runs {__version__}.\n"
        "Download: https://downloads.example.org/cd/"
    )


def test_overdue_anchor_invoices_lead_to_the_invoice_list_filtered_to_them(
    qtbot, sqlite_db, sqlite_admin, make_window
):
    from decimal import Decimal

    from clinicdesk.domain.anchors import OrganisationKind
    from clinicdesk.services import anchors

    db, admin = sqlite_db, sqlite_admin
    start = date.today() - timedelta(days=120)
    with db.uow() as uow:
        anchors.add_organisation(
            uow, admin, anchors.OrganisationInput("Valley Farms", OrganisationKind.COOP)
        )
    with db.uow() as uow:
        anchors.add_contract(
            uow,
            admin,
            anchors.ContractInput(
                "Valley Farms", "VF", Decimal("90.00"), start, minimum_fee=Decimal("500.00")
            ),
        )
    month = _month_before(date.today(), 3)
    with db.uow() as uow:
        anchors.run_invoices(uow, admin, month)
    with db.uow() as uow:
        anchors.issue_invoices(uow, admin, month, today=date.today() - timedelta(days=45))

    window = make_window(db, admin)
    view = window.show_area("today")
    qtbot.waitUntil(lambda: view.summary is not None)
    assert view.anchors.text.text() == "1 anchor invoice overdue: 500.00 unpaid."
    qtbot.mouseClick(view.anchors.button, Qt.MouseButton.LeftButton)
    area = window.area_widget("anchors")
    assert window.stack.currentWidget() is area
    assert area.tabs.currentWidget() is area.invoices
    assert area.invoices.filter.text() == "overdue"
    qtbot.waitUntil(lambda: area.invoices.proxy.rowCount() == 1)
