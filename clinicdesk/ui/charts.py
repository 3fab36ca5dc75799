"""Chart pieces every QtCharts view shares, so each reads the same way:

- counts on integer ticks (1, 2, 5, 10, 20 … apart), money on round ones;
- a month axis that labels every n-th month (24 labels side by side are all "…");
- a tooltip with the full name and value over a bar, for a category label the chart had
  to shorten;
- colours from the palette, so a chart is at home in light and dark.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtGui import QBrush, QColor, QCursor, QPalette
from PySide6.QtWidgets import QApplication, QToolTip

from clinicdesk.i18n.formatting import format_number
from clinicdesk.ui import theme


def nice_step(top: float, ticks: int = 5) -> float:
    """A 1-2-5 step (…, 1, 2, 5, 10, 20, 50 …) that covers 0..top in about `ticks`
    intervals; never below 1, so counts get whole-number ticks."""
    raw = max(top, 1.0) / max(ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= raw and (factor != 2.5 or magnitude >= 10):
            return max(1.0, step)
    return max(1.0, 10 * magnitude)


def value_axis(top: float, ticks: int = 5) -> QValueAxis:
    """0 to a round number at or above `top`, ticks on whole round numbers."""
    step = nice_step(top, ticks)
    axis = QValueAxis()
    axis.setRange(0, step * max(1, math.ceil(max(top, 1.0) / step)))
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setLabelFormat("%d")
    return axis


def label_every(count: int, room_px: int, label_px: int) -> int:
    """Label every n-th of `count` categories so labels `label_px` wide fit `room_px`;
    one of 1, 2, 3, 4, 6, 12 (months: quarters, half-years, years line up)."""
    if count <= 0:
        return 1
    for every in (1, 2, 3, 4, 6, 12):
        if math.ceil(count / every) * label_px <= room_px:
            return every
    return 12


def month_axis(months: Sequence[str], every: int) -> QCategoryAxis:
    """An x axis for bars at 0..n-1 with a label under every `every`-th month, counted
    from the newest (so the current month is always named). Attach bar series to it
    like a value axis."""
    axis = QCategoryAxis()
    axis.setRange(-0.5, max(len(months), 1) - 0.5)
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setGridLineVisible(False)
    last = len(months) - 1
    for index, month in enumerate(months):
        if (last - index) % every == 0:
            axis.append(month, index)
    return axis


_CUTS = (" — ", " (", ", ", " for ", " in ", " with ")


def short_label(text: str, limit: int = 30) -> str:
    """A long category name cut where its words allow ("Yearly glucose test for people
    with prediabetes" -> "Yearly glucose test"), never mid-word; the tooltip has the
    whole name. Short names are left alone."""
    if len(text) <= limit:
        return text
    cuts = [text.find(cut) for cut in _CUTS]
    best = min((i for i in cuts if 8 <= i <= limit), default=-1)
    if best > 0:
        return text[:best]
    head = text[: limit - 1].rsplit(" ", 1)[0]
    return head + "…"


def unique_labels(labels: Sequence[str]) -> list[str]:
    """Category axes need distinct labels: a repeat gets an invisible suffix."""
    seen: set[str] = set()
    result = []
    for label in labels:
        while label in seen:
            label += "\u200b"
        seen.add(label)
        result.append(label)
    return result


def show_bar_tooltips(series: QAbstractBarSeries, names: Sequence[str], unit: str = "") -> None:
    """Hovering a bar shows its category's full name and its value."""
    names = list(names)

    def hovered(status: bool, index: int, bar_set: QBarSet) -> None:
        if not status or not 0 <= index < len(names):
            QToolTip.hideText()
            return
        value = bar_set.at(index)
        number = Decimal(int(value)) if float(value).is_integer() else Decimal(f"{value:.2f}")
        shown = format_number(number)
        QToolTip.showText(
            QCursor.pos(), f"{names[index]}\n{bar_set.label()}: {shown}{unit}".rstrip()
        )

    series.hovered.connect(hovered)


def style_chart(chart: QChart) -> None:
    """Background, text and grid from the palette (QtCharts' own themes ignore it)."""
    palette = QApplication.palette()
    chart.setBackgroundBrush(QBrush(palette.color(QPalette.ColorRole.Base)))
    text = palette.color(QPalette.ColorRole.Text)
    chart.setTitleBrush(QBrush(text))
    chart.legend().setLabelColor(text)
    for axis in chart.axes():
        axis.setLabelsColor(text)
        axis.setTitleBrush(QBrush(text))
        axis.setGridLineColor(QColor(palette.color(QPalette.ColorRole.Mid)))


def draft_color() -> QColor:
    """Bars for figures that are not final yet: grey, lighter or darker by scheme."""
    return QColor("#8a8f98") if theme.is_dark(QApplication.palette()) else QColor("#b8bcc4")


def prepare_view(view: QChartView) -> None:
    view.setBackgroundBrush(QBrush(QApplication.palette().color(QPalette.ColorRole.Window)))
