"""The Standards tab: the latest version of every standard, and for the one selected its
text, its rule in words and what changed from the version before."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.domain.roles import Role
from clinicdesk.federation.schemas import StandardKind
from clinicdesk.i18n import formatting
from clinicdesk.services import federation_store
from clinicdesk.services.federation_store import (
    StandardSummary,
    StandardVersionInfo,
    standard_rules,
)
from clinicdesk.ui.actions import make_action
from clinicdesk.ui.admin.roles import role_label
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.safe_text import SafeTextBrowser
from clinicdesk.ui.standard_text import standard_text, standard_title
from clinicdesk.ui.table_views import ListTab
from clinicdesk.ui.tables import Column, RowTableModel
from clinicdesk.ui.widgets import add_action_buttons, set_accessible

# A new key since the title became the first column: a layout saved for the old order
# would give the id's width to the title.
HEADER_KEY = "federation/standards-by-title"


def kind_text(kind: StandardKind) -> str:
    return {
        StandardKind.CARE_GAP: QCoreApplication.translate("StandardRule", "Care gap"),
        StandardKind.TRAINING_REQUIREMENT: QCoreApplication.translate(
            "StandardRule", "Training requirement"
        ),
        StandardKind.CONTRIBUTION_RATE: QCoreApplication.translate(
            "StandardRule", "Contribution rate"
        ),
        StandardKind.FUND_ALLOCATION: QCoreApplication.translate("StandardRule", "Fund allocation"),
        StandardKind.POLICY: QCoreApplication.translate("StandardRule", "Policy"),
    }.get(StandardKind(kind), str(kind))


def _percent(fraction: object) -> str:
    try:
        return formatting.format_percent(Decimal(str(fraction)))
    except InvalidOperation:
        return str(fraction)


def _number(value: object) -> str:
    """A rule's threshold as the person's language writes numbers (8.0 -> '8.0', '8,0')."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return str(value)
    try:
        return formatting.format_number(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


def _roles_text(codes: Any) -> str:
    """Role codes as people read them ('front_desk' -> 'Front desk'); an unknown code (a
    newer hub's) as it is, made readable."""
    names = []
    for code in codes:
        try:
            names.append(role_label(Role.parse(str(code))))
        except ValueError:
            names.append(str(code).replace("_", " "))
    return ", ".join(names)


def _concepts(sets: Any) -> str:
    names: list[str] = []
    for concept_set in sets or ():
        names.extend(
            code.get("display", code.get("code", "")) for code in concept_set.get("codes", ())
        )
        names.extend(f"{prefix}…" for prefix in concept_set.get("prefixes", ()))
    return ", ".join(name for name in names if name)


def _care_gap(rule: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    who = rule.get("eligibility", {})
    ages = (who.get("min_age_years"), who.get("max_age_years"))
    if ages[0] is not None and ages[1] is not None:
        text = QCoreApplication.translate("StandardRule", "Patients aged {low} to {high}").format(
            low=ages[0], high=ages[1]
        )
    elif ages[0] is not None:
        text = QCoreApplication.translate("StandardRule", "Patients aged {low} or more").format(
            low=ages[0]
        )
    elif ages[1] is not None:
        text = QCoreApplication.translate("StandardRule", "Patients aged up to {high}").format(
            high=ages[1]
        )
    else:
        text = QCoreApplication.translate("StandardRule", "Patients of any age")
    if who.get("sex"):
        text += QCoreApplication.translate("StandardRule", " (sex: {sex})").format(sex=who["sex"])
    conditions = _concepts(who.get("conditions"))
    if conditions:
        text += QCoreApplication.translate("StandardRule", " with {conditions}").format(
            conditions=conditions
        )
    lines.append(text + ".")
    for event in rule.get("satisfied_by", ()):
        text = QCoreApplication.translate("StandardRule", "Closed by: {label}").format(
            label=event.get("label", "")
        )
        if event.get("interval_months"):
            text += QCoreApplication.translate(
                "StandardRule", ", within the last {n} months"
            ).format(n=event["interval_months"])
        value = event.get("value")
        if value:
            text += QCoreApplication.translate(
                "StandardRule", ", with a result {cmp} {value} {unit}"
            ).format(
                cmp=value.get("comparator", ""),
                value=_number(value.get("value", "")),
                unit=value.get("unit", ""),
            )
        lines.append(text + ".")
    for exclusion in rule.get("exclusions", ()):
        text = QCoreApplication.translate("StandardRule", "Not counted: {label}").format(
            label=exclusion.get("label", "")
        )
        if exclusion.get("within_months"):
            text += QCoreApplication.translate("StandardRule", " (in the last {n} months)").format(
                n=exclusion["within_months"]
            )
        lines.append(text + ".")
    if rule.get("due_soon_days") is not None:
        lines.append(
            QCoreApplication.translate("StandardRule", "Shown as due soon {n} days ahead.").format(
                n=rule["due_soon_days"]
            )
        )
    return lines


def _training(rule: dict[str, Any]) -> list[str]:
    roles = _roles_text(rule.get("roles", ()))
    text = QCoreApplication.translate(
        "StandardRule",
        "Staff with the roles {roles} complete the course {course} within {days} days",
    ).format(
        roles=roles or QCoreApplication.translate("StandardRule", "(none)"),
        course=rule.get("course_id", ""),
        days=rule.get("grace_days", 0),
    )
    if rule.get("recurrence_months"):
        text += QCoreApplication.translate("StandardRule", ", then again every {n} months").format(
            n=rule["recurrence_months"]
        )
    return [text + "."]


def _contribution(rule: dict[str, Any]) -> list[str]:
    categories = ", ".join(
        str(c).replace("_", " ") for c in rule.get("contributable_categories", ())
    )
    return [
        QCoreApplication.translate(
            "StandardRule", "The clinic contributes {rate} of its {categories} revenue."
        ).format(rate=_percent(rule.get("rate", "")), categories=categories),
        QCoreApplication.translate(
            "StandardRule", "Due on day {day} of the following month."
        ).format(day=rule.get("due_day", "")),
    ]


def _fund(rule: dict[str, Any]) -> list[str]:
    parts = [
        QCoreApplication.translate("StandardRule", "{part}: {share}").format(
            part=str(share.get("part", "")).replace("_", " "),
            share=_percent(share.get("fraction", "")),
        )
        for share in rule.get("parts", ())
    ]
    return [
        QCoreApplication.translate(
            "StandardRule", "The fund is shared out as follows: {parts}."
        ).format(parts="; ".join(parts))
    ]


def _policy(rule: dict[str, Any]) -> list[str]:
    who = rule.get("acknowledged_by")
    days = rule.get("within_days", "")
    if who == "everyone":
        text = QCoreApplication.translate(
            "StandardRule", "Everyone on staff reads and acknowledges it within {days} days."
        )
        return [text.format(days=days)]
    return [
        QCoreApplication.translate(
            "StandardRule",
            "Staff with the roles {roles} read and acknowledge it within {days} days.",
        ).format(roles=_roles_text(who or ()), days=days)
    ]


def summarise_rule(kind: StandardKind, rule: Any) -> str:
    """The rule of a standard, in a few plain sentences (Markdown)."""
    kind = StandardKind(kind)
    if kind == StandardKind.POLICY and not isinstance(rule, dict):
        rule = {"acknowledged_by": "everyone", "within_days": 30}  # published before rules
    if not isinstance(rule, dict):
        return QCoreApplication.translate(
            "StandardRule", "There is no rule for ClinicDesk to apply; the text says what to do."
        )
    try:
        if kind == StandardKind.CARE_GAP:
            lines = _care_gap(rule)
        elif kind == StandardKind.TRAINING_REQUIREMENT:
            lines = _training(rule)
        elif kind == StandardKind.CONTRIBUTION_RATE:
            lines = _contribution(rule)
        elif kind == StandardKind.FUND_ALLOCATION:
            lines = _fund(rule)
        elif kind == StandardKind.POLICY:
            lines = _policy(rule)
        else:
            lines = []
    except (AttributeError, TypeError):
        lines = []
    if not lines:
        return QCoreApplication.translate(
            "StandardRule", "This rule cannot be summarised; its full form is in the changes view."
        )
    return "\n".join(f"- {line}" for line in lines)


def rule_json(rule: Any) -> str:
    return (
        json.dumps(rule, indent=2, sort_keys=True, ensure_ascii=False) if rule is not None else ""
    )


def _span(version: StandardVersionInfo) -> str:
    start = formatting.format_date(version.effective_from)
    return f"{start} – {formatting.format_date(version.effective_to)}"


def version_diff(
    older: StandardVersionInfo | None, older_rule: Any, newer: StandardVersionInfo, newer_rule: Any
) -> str:
    """A unified diff of the body and the rule between two versions ('' for the first)."""
    if older is None:
        return ""
    name = QCoreApplication.translate("StandardRule", "{id} version {version}")
    old_name = name.format(id=older.standard_id, version=older.version)
    new_name = name.format(id=newer.standard_id, version=newer.version)
    chunks: list[str] = []
    for label, before, after in (
        (QCoreApplication.translate("StandardRule", "title"), older.title, newer.title),
        (QCoreApplication.translate("StandardRule", "body"), older.body, newer.body),
        (
            QCoreApplication.translate("StandardRule", "rule"),
            rule_json(older_rule),
            rule_json(newer_rule),
        ),
        (
            QCoreApplication.translate("StandardRule", "in force"),
            _span(older),
            _span(newer),
        ),
    ):
        chunks.extend(
            difflib.unified_diff(
                before.splitlines(),
                after.splitlines(),
                f"{old_name} ({label})",
                f"{new_name} ({label})",
                lineterm="",
            )
        )
    return "\n".join(chunks)


@dataclass(frozen=True)
class StandardDetail:
    history: list[StandardVersionInfo]  # newest first
    rules: dict[int, Any]


class StandardsTableModel(RowTableModel):
    def __init__(self, parent: Any = None) -> None:
        columns = [
            # what a person reads first; the hub's id, for a support call, last
            Column(self.tr("Title"), lambda s: standard_title(s.standard_id, s.version, s.title)),
            Column(self.tr("Kind"), lambda s: kind_text(s.kind)),
            Column(self.tr("Version"), lambda s: s.version, align=Qt.AlignmentFlag.AlignRight),
            Column(
                self.tr("Effective from"),
                lambda s: s.effective_from,
                sort_key=lambda s: s.effective_from,
            ),
            Column(
                self.tr("Effective to"),
                self._until,
                sort_key=lambda s: s.retired_on or s.effective_to,
            ),
            Column(
                self.tr("Versions"), lambda s: s.version_count, align=Qt.AlignmentFlag.AlignRight
            ),
            Column(self.tr("Id"), lambda s: s.standard_id),
        ]
        super().__init__(columns, key=lambda s: s.standard_id, parent=parent)

    def _until(self, summary: StandardSummary) -> object:
        if summary.retired_on is not None:
            return self.tr("retired {date}").format(date=formatting.format_date(summary.retired_on))
        return summary.effective_to  # a day, written as the person's language writes it


class StandardsTab(ListTab):
    """Loads the list when first shown; the detail of a standard when it is selected."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            StandardsTableModel,
            federation_store.list_standards,
            table_name=self.tr("Standards"),
            table_description=self.tr(
                "Standards received from the federation, with their kind and version"
            ),
            filter_placeholder=self.tr("Filter standards…"),
            filter_name=self.tr("Filter standards"),
            header_key=HEADER_KEY,
            watches=frozenset({"standard"}),
            parent=parent,
        )
        self.detail: StandardDetail | None = None
        self._wanted: str | None = None
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        self.count_label = QLabel(self)

        self.version_box = QComboBox(self)
        set_accessible(
            self.version_box,
            self.tr("Version"),
            self.tr("Which version of the chosen standard to show"),
        )
        self.version_box.currentIndexChanged.connect(self._on_version_box_current_index_changed)
        version_label = QLabel(self.tr("&Version:"), self)
        version_label.setBuddy(self.version_box)
        self.heading = QLabel(self)
        self.heading.setObjectName("standardHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # the hub's title, as written
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # The hub's Markdown: shown without loading anything; links ask first.
        self.body = SafeTextBrowser(self)
        self.body.setObjectName("standardBody")
        set_accessible(
            self.body,
            self.tr("Standard text"),
            self.tr("The full text of the chosen standard version"),
        )
        self.rule = SafeTextBrowser(self)
        self.rule.setObjectName("standardRule")
        set_accessible(
            self.rule,
            self.tr("Rule in words"),
            self.tr("What the standard checks, in plain words"),
        )
        self.diff = QPlainTextEdit(self)
        self.diff.setObjectName("standardDiff")
        set_accessible(
            self.diff,
            self.tr("Changes from the previous version"),
            self.tr("What changed in the text since the previous version"),
        )
        self.diff.setReadOnly(True)
        self.diff.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.detail_tabs = QTabWidget(self)
        self.detail_tabs.setAccessibleName(self.tr("Standard details"))
        self.detail_tabs.addTab(self.body, self.tr("Te&xt"))
        self.detail_tabs.addTab(self.rule, self.tr("Ru&le"))
        self.detail_tabs.addTab(self.diff, self.tr("Chang&es"))

        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        add_action_buttons(self, bar, [("refresh", self.refresh_action)])
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        version_row = QHBoxLayout()
        version_row.addWidget(self.heading, 1)
        version_row.addWidget(version_label)
        version_row.addWidget(self.version_box)
        right_layout.addLayout(version_row)
        right_layout.addWidget(self.detail_tabs, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([500, 500])
        ctx.ui_state.persist_splitter("federation/standards", splitter)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        for signal in (
            self.model.modelReset,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_count)
        self.setTabOrder(self.filter, self.table)
        self._show_detail(None)

    def rows_loaded(self, rows: list[Any]) -> None:
        selected = self.table.current_row_object()
        if selected is not None:
            self._load_detail(selected.standard_id)

    def selected_standard(self) -> StandardSummary | None:
        return self.table.current_row_object()

    def _on_selection_changed(self, *_args: Any) -> None:
        summary = self.selected_standard()
        if summary is None:
            self._wanted = None
            self._show_detail(None)
            return
        self._load_detail(summary.standard_id)

    def _load_detail(self, standard_id: str) -> None:
        self._wanted = standard_id
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> StandardDetail:
            with db.uow(read_only=True) as uow:
                history = federation_store.standard_history(uow, actor, standard_id)
                return StandardDetail(history, standard_rules(uow, actor, standard_id))

        self.ctx.runner.run(work, self._on_detail_loaded, parent=self)

    def _on_detail_loaded(self, detail: StandardDetail) -> None:
        if not shiboken6.isValid(self) or not detail.history:
            return
        if detail.history[0].standard_id != self._wanted:
            return  # another standard was selected meanwhile
        self._show_detail(detail)

    def _show_detail(self, detail: StandardDetail | None) -> None:
        self.detail = detail
        self.version_box.blockSignals(True)
        self.version_box.clear()
        if detail is not None:
            for info in detail.history:
                self.version_box.addItem(str(info.version), info.version)
        self.version_box.blockSignals(False)
        self.version_box.setEnabled(detail is not None and len(detail.history) > 1)
        self._show_version(0)

    def _on_version_box_current_index_changed(self, index: int) -> None:
        self._show_version(index)

    def _show_version(self, index: int) -> None:
        detail = self.detail
        if detail is None or not 0 <= index < len(detail.history):
            self.heading.setText(self.tr("Select a standard to read it."))
            self.body.clear()
            self.rule.clear()
            self.diff.clear()
            return
        info = detail.history[index]
        older = detail.history[index + 1] if index + 1 < len(detail.history) else None
        self.heading.setText(
            self.tr("{title} — version {version}, {kind}").format(
                title=standard_title(info.standard_id, info.version, info.title),
                version=info.version,
                kind=kind_text(info.kind),
            )
        )
        self.body.setMarkdown(standard_text(info.standard_id, info.version, "body", info.body))
        rule = detail.rules.get(info.version)
        self.rule.setMarkdown(summarise_rule(info.kind, rule))
        if older is None:
            self.diff.setPlainText(self.tr("This is the first version: nothing to compare with."))
        else:
            text = version_diff(older, detail.rules.get(older.version), info, rule)
            self.diff.setPlainText(
                text
                or self.tr("Version {old} and version {new} are the same.").format(
                    old=older.version, new=info.version
                )
            )

    def _update_count(self, *_args: Any) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if shown == total:
            self.count_label.setText(self.tr("%n standards", "", total))
        else:
            self.count_label.setText(
                self.tr("{shown} of %n standards", "", total).format(shown=shown)
            )
