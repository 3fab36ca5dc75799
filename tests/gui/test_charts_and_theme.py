"""Charts read well (whole-number ticks, a month axis that names every n-th month, a
draft month drawn as draft, long category names cut at a word with the whole name in a
tooltip) and the theme follows a forced light or dark scheme with icons in the palette's
text colour."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCharts import QCategoryAxis, QLineSeries, QStackedBarSeries, QValueAxis
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from clinicdesk.services.revenue import MonthStatus, PeriodStatus
from clinicdesk.ui import charts, theme
from clinicdesk.ui.revenue.chart import RevenueChart

pytestmark = pytest.mark.gui


def test_value_axes_tick_on_whole_round_numbers() -> None:
    for top, upper, step in ((73, 80, 20), (3, 3, 1), (39_511, 40_000, 10_000), (0, 1, 1)):
        axis = charts.value_axis(top)
        assert (axis.min(), axis.max(), axis.tickInterval()) == (0, upper, step), top
        assert axis.tickType() == QValueAxis.TickType.TicksDynamic
        assert axis.labelFormat() == "%d"
    assert charts.nice_step(1157) == 250


def test_month_axis_names_every_nth_month_ending_with_the_newest() -> None:
    months = [f"{2025 + (i // 12)}-{i % 12 + 1:02d}" for i in range(24)]
    assert charts.label_every(24, 560, 64) == 3
    assert charts.label_every(24, 2000, 64) == 1
    assert charts.label_every(24, 100, 64) == 12
    axis = charts.month_axis(months, 3)
    assert isinstance(axis, QCategoryAxis)
    assert axis.categoriesLabels() == months[2::3]
    assert axis.categoriesLabels()[-1] == "2026-12"


def test_long_category_names_are_cut_at_a_word_and_kept_apart() -> None:
    assert charts.short_label("Yearly influenza vaccine") == "Yearly influenza vaccine"
    assert charts.short_label("Yearly glucose test for people with prediabetes") == (
        "Yearly glucose test"
    )
    assert charts.short_label("Yearly depression screening, adults 18 and over") == (
        "Yearly depression screening"
    )
    cut = charts.short_label("Tetanus and diphtheria booster every ten years")
    assert cut.endswith("…") and len(cut) <= 30 and not cut[:-1].endswith(" ")
    assert len(set(charts.unique_labels(["HbA1c test", "HbA1c test"]))) == 2


def _month(period: str, status: PeriodStatus, total: str | None, contribution: str | None):
    return MonthStatus(
        period=period,
        status=status,
        status_label=status.value,
        total=Decimal(total) if total else None,
        contribution=Decimal(contribution) if contribution else None,
        due_on=date(2027, 1, 15),
        overdue=False,
        receipt_id=None,
    )


def test_a_draft_month_is_drawn_as_draft_without_a_contribution(qtbot: Any) -> None:
    months = [
        _month(f"2025-{m:02d}", PeriodStatus.ACKNOWLEDGED, "38000.00", "1140.00")
        for m in range(1, 13)
    ] + [
        _month(f"2026-{m:02d}", PeriodStatus.ACKNOWLEDGED, "39000.00", "1170.00")
        for m in range(1, 12)
    ]
    months.append(_month("2026-12", PeriodStatus.DRAFT, "24803.11", None))
    view = RevenueChart()
    qtbot.addWidget(view)
    view.resize(640, 420)
    view.show()
    qtbot.waitExposed(view)
    view.set_months(months)
    chart = view.chart()
    bars = next(s for s in chart.series() if isinstance(s, QStackedBarSeries))
    final, draft = bars.barSets()
    assert final.at(23) == 0 and draft.at(23) == pytest.approx(24803.11)
    assert final.at(0) == pytest.approx(38000) and draft.at(0) == 0
    assert "draft" in draft.label()
    line = next(s for s in chart.series() if isinstance(s, QLineSeries))
    assert [p.x() for p in line.points()] == list(range(23))  # no point for the draft
    assert min(p.y() for p in line.points()) > 0
    assert view.drafts == ["2026-12"]
    axis = next(a for a in chart.axes(Qt.Orientation.Horizontal))
    labels = axis.categoriesLabels()
    assert 2 <= len(labels) <= 12 and labels[-1] == "2026-12"
    assert view.label_every >= 2


@pytest.fixture
def restored_look(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    style, palette = qapp.style().name(), QPalette(qapp.palette())
    try:
        yield
    finally:
        monkeypatch.delenv(theme.SCHEME_ENV, raising=False)
        for controller in qapp.findChildren(theme.ThemeController):
            controller.setParent(None)
            controller.deleteLater()
        if hasattr(qapp.styleHints(), "unsetColorScheme"):
            qapp.styleHints().unsetColorScheme()  # the forced scheme, Qt 6.8+
        qapp.setStyle(style)
        qapp.setPalette(palette)


def _ink(image: QImage) -> QColor:
    """The most opaque pixel's colour: the glyph's."""
    best = QColor(0, 0, 0, 0)
    for x in range(image.width()):
        for y in range(image.height()):
            color = image.pixelColor(x, y)
            if color.alpha() > best.alpha():
                best = color
    return best


def test_a_forced_dark_scheme_gives_a_dark_palette_and_light_icons(
    qapp: QApplication, restored_look: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(theme.SCHEME_ENV, "dark")
    controller = theme.install(qapp)
    assert controller.scheme == Qt.ColorScheme.Dark and controller.is_dark()
    assert qapp.style().name().lower() == "fusion"
    icon = theme.icon("refresh")
    dark_ink = _ink(icon.pixmap(QSize(24, 24)).toImage())
    assert dark_ink.lightness() > 160
    # Crisp at 200 %: drawn at 48 device pixels, not scaled up from 24.
    hidpi = icon.pixmap(QSize(24, 24), 2.0)
    assert hidpi.width() == 48 and hidpi.devicePixelRatio() == 2.0

    monkeypatch.setenv(theme.SCHEME_ENV, "light")
    controller.apply()
    assert controller.scheme == Qt.ColorScheme.Light and not controller.is_dark()
    assert _ink(icon.pixmap(QSize(24, 24)).toImage()).lightness() < 100
    assert theme.icon("no such action").isNull()


def test_the_sidebar_lists_areas_with_icons(
    qtbot: Any, fake_areas: Any, make_window, sqlite_db, sqlite_admin
) -> None:
    window = make_window(sqlite_db, sqlite_admin)
    assert "QListWidget#navigation" in window.nav.styleSheet()
    items = [window.nav.item(row) for row in range(window.nav.count())]
    assert [item.text() for item in items] == ["Today", "Notes", "Users"]
    assert not items[0].icon().isNull()  # "today" has an icon; the fake areas do not


def test_every_area_has_an_icon_in_the_sidebar() -> None:
    from clinicdesk.ui import areas, theme

    missing = [spec.key for spec in areas.all_areas() if spec.key not in theme.ICONS]
    assert missing == []
