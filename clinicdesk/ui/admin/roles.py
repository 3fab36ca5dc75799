"""Role names as people read them, and a group of role check boxes."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QVBoxLayout, QWidget

from clinicdesk.domain.roles import Role

# Marked for lupdate here; the domain keeps its own English labels for the CLI.
_ROLE_TEXT: dict[Role, str] = {
    Role.ADMIN: str(QT_TRANSLATE_NOOP("Role", "Administrator")),
    Role.MANAGER: str(QT_TRANSLATE_NOOP("Role", "Clinic manager")),
    Role.CLINICIAN: str(QT_TRANSLATE_NOOP("Role", "Clinician")),
    Role.FRONT_DESK: str(QT_TRANSLATE_NOOP("Role", "Front desk")),
}


def role_label(role: Role) -> str:
    return QCoreApplication.translate("Role", _ROLE_TEXT[role])


def roles_text(roles: Iterable[Role]) -> str:
    order = list(Role)
    return ", ".join(role_label(r) for r in sorted(roles, key=order.index))


class RoleChecks(QGroupBox):
    """One check box per role, in the order the domain lists them."""

    changed = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        self.boxes: dict[Role, QCheckBox] = {}
        for role in Role:
            box = QCheckBox(role_label(role), self)
            box.setAccessibleName(role_label(role))
            box.setObjectName(f"role_{role.value}")
            box.toggled.connect(self.changed)
            layout.addWidget(box)
            self.boxes[role] = box

    def selected(self) -> frozenset[Role]:
        return frozenset(role for role, box in self.boxes.items() if box.isChecked())

    def set_selected(self, roles: Iterable[Role]) -> None:
        wanted = set(roles)
        for role, box in self.boxes.items():
            box.setChecked(role in wanted)
