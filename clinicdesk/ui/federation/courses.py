"""The Courses tab: the catalogue of course versions and an offline reader for a stored
package (ui/course_reader: Qt's own rich text, images served from the package)."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from clinicdesk.domain.roles import Permission
from clinicdesk.domain.translations import in_language
from clinicdesk.errors import NotFoundError
from clinicdesk.federation.packages import CoursePackage, open_package, section_title
from clinicdesk.services import ensure_permission, federation_store
from clinicdesk.services.federation_store import CourseEntry, list_course_versions
from clinicdesk.ui.actions import make_action
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.course_reader import PackageBrowser
from clinicdesk.ui.table_views import ListTab
from clinicdesk.ui.tables import Column, RowTableModel
from clinicdesk.ui.widgets import add_action_buttons, set_accessible

HEADER_KEY = "federation/courses"


class CoursesTableModel(RowTableModel):
    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column(self.tr("Title"), lambda c: in_language(c, "title")),
            Column(self.tr("Course"), lambda c: c.course_id),
            Column(self.tr("Version"), lambda c: c.version, align=Qt.AlignmentFlag.AlignRight),
            Column(
                self.tr("Minutes"),
                lambda c: c.minutes if c.minutes is not None else "",
                sort_key=lambda c: c.minutes,
                align=Qt.AlignmentFlag.AlignRight,
            ),
            Column(
                self.tr("Downloaded"),
                lambda c: self.tr("Yes") if c.downloaded else self.tr("No"),
                sort_key=lambda c: c.downloaded,
            ),
        ]
        super().__init__(columns, key=lambda c: (c.course_id, c.version), parent=parent)


class CoursesTab(ListTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            CoursesTableModel,
            list_course_versions,
            table_name=self.tr("Courses"),
            table_description=self.tr("Course versions received from the federation"),
            filter_placeholder=self.tr("Filter courses…"),
            filter_name=self.tr("Filter courses"),
            header_key=HEADER_KEY,
            watches=frozenset({"course_version"}),
            parent=parent,
        )
        self.package: CoursePackage | None = None
        self.table.activated.connect(lambda _index: self.open_selected())

        self.open_action = make_action(self, self.tr("O&pen"), self.open_selected, "Ctrl+O")
        self.refresh_action = make_action(
            self, self.tr("Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        self.table.addAction(self.open_action)
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        self.buttons = add_action_buttons(
            self, bar, [("open", self.open_action), ("refresh", self.refresh_action)]
        )

        self.title = QLabel(self.tr("Open a downloaded course to read it here."), self)
        self.title.setObjectName("courseTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # the hub's title, as written
        self.title.setWordWrap(True)
        self.sections = QListWidget(self)
        set_accessible(
            self.sections,
            self.tr("Course sections"),
            self.tr("The sections of the chosen course, in reading order"),
        )
        self.sections.currentRowChanged.connect(self._on_sections_current_row_changed)
        self.reader = PackageBrowser(self)
        self.reader.setObjectName("courseReader")
        set_accessible(
            self.reader,
            self.tr("Course section text"),
            self.tr("The text of the chosen course section"),
        )

        catalogue = QWidget(self)
        catalogue_layout = QVBoxLayout(catalogue)
        catalogue_layout.setContentsMargins(0, 0, 0, 0)
        catalogue_layout.addLayout(bar)
        catalogue_layout.addWidget(self.table, 1)
        reader_split = QSplitter(Qt.Orientation.Horizontal, self)
        reader_split.addWidget(self.sections)
        reader_split.addWidget(self.reader)
        reader_split.setSizes([200, 600])
        reader_split.setChildrenCollapsible(False)
        ctx.ui_state.persist_splitter("federation/course-reader", reader_split)
        reading = QWidget(self)
        reading_layout = QVBoxLayout(reading)
        reading_layout.setContentsMargins(0, 0, 0, 0)
        reading_layout.addWidget(self.title)
        reading_layout.addWidget(reader_split, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(catalogue)
        splitter.addWidget(reading)
        splitter.setSizes([200, 500])
        splitter.setChildrenCollapsible(False)
        ctx.ui_state.persist_splitter("federation/courses", splitter)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.setTabOrder(self.filter, self.table)
        self.setTabOrder(self.table, self.sections)
        self.setTabOrder(self.sections, self.reader)

    def selected_course(self) -> CourseEntry | None:
        return self.table.current_row_object()

    def open_selected(self) -> None:
        entry = self.selected_course()
        if entry is not None:
            self.open_course(entry.course_id, entry.version)

    def open_course(self, course_id: str, version: int) -> None:
        db, actor = self.ctx.db, self.ctx.principal

        def work(_progress: Any) -> CoursePackage:
            with db.uow(read_only=True) as uow:
                ensure_permission(actor, Permission.VIEW_FEDERATION)
                data = federation_store.course_package(uow, course_id, version)
            if data is None:
                raise NotFoundError(
                    QCoreApplication.translate(
                        "CoursesTab",
                        "Version {version} of the course {course} is not downloaded yet.",
                    ).format(version=version, course=course_id),
                    hint=QCoreApplication.translate(
                        "CoursesTab", "Sync with the federation (F9) to download it."
                    ),
                )
            return open_package(data, expected_course_id=course_id, expected_version=version)

        self.ctx.runner.run(work, self._on_package_opened, parent=self)

    def _on_package_opened(self, package: CoursePackage) -> None:
        if not shiboken6.isValid(self):
            return
        self.package = package
        manifest = package.manifest
        self.title.setText(
            self.tr("{title} (version {version}, about {minutes} minutes)").format(
                title=in_language(manifest, "title"),
                version=manifest.version,
                minutes=manifest.minutes,
            )
        )
        self.sections.blockSignals(True)
        self.sections.clear()
        for name, text in package.sections():
            item = QListWidgetItem(section_title(name, text), self.sections)
            item.setData(Qt.ItemDataRole.UserRole, name)
        self.sections.blockSignals(False)
        self.sections.setCurrentRow(0)

    def _on_sections_current_row_changed(self, row: int) -> None:
        item = self.sections.item(row)
        if item is None or self.package is None:
            self.reader.clear()
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        self.reader.show_section(self.package.files, name, self.package.section_text(name))
