"""The navigation areas, in the order DESIGN §7 gives. An area is listed only once it has
real content; each says which principals may see it (services enforce the same rule).

Area modules are imported when the window is built, not at import time of this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from clinicdesk.domain.roles import Principal
from clinicdesk.ui.context import AppContext


@dataclass(frozen=True)
class AreaSpec:
    key: str
    title: str  # English, marked for the MainWindow context: translated where shown
    visible_to: Callable[[Principal], bool]
    factory: Callable[[AppContext], QWidget]
    shortcut: str = ""


def _today(ctx: AppContext) -> QWidget:
    from clinicdesk.ui.today.view import TodayView

    return TodayView(ctx)


def _account(ctx: AppContext) -> QWidget:
    from clinicdesk.ui.account.view import AccountView

    return AccountView(ctx)


def _panel(ctx: AppContext) -> QWidget:
    from clinicdesk.ui.panel.view import PanelView

    return PanelView(ctx)


def _federation(ctx: AppContext) -> QWidget:
    from clinicdesk.ui.federation.view import FederationView

    return FederationView(ctx)


def _members(ctx: AppContext) -> QWidget:
    from clinicdesk.ui.members.view import MembersView

    return MembersView(ctx)


def _anchors(ctx: AppContext) -> QWidget:
    from clinicdesk.ui.anchors.view import AnchorsView

    return AnchorsView(ctx)


def _training(ctx: AppContext) -> QWidget:
    from clinicdesk.ui.training.view import TrainingView

    return TrainingView(ctx)


def _revenue(ctx: AppContext) -> QWidget:
    from clinicdesk.ui.revenue.view import RevenueView

    return RevenueView(ctx)


def _admin(ctx: AppContext) -> QWidget:
    from clinicdesk.ui.admin.view import AdminView

    return AdminView(ctx)


def all_areas() -> list[AreaSpec]:
    from clinicdesk.domain.roles import Permission

    return [
        AreaSpec(
            "today",
            str(QT_TRANSLATE_NOOP("MainWindow", "Today")),
            lambda p: p.user_id is not None,
            _today,
            "Ctrl+0",
        ),
        AreaSpec(
            "account",
            str(QT_TRANSLATE_NOOP("MainWindow", "My account")),
            lambda p: p.user_id is not None,
            _account,
            "Ctrl+1",
        ),
        AreaSpec(
            "panel",
            str(QT_TRANSLATE_NOOP("MainWindow", "Panel")),
            lambda p: p.can(Permission.VIEW_PATIENTS),
            _panel,
            "Ctrl+2",
        ),
        AreaSpec(
            "members",
            str(QT_TRANSLATE_NOOP("MainWindow", "Members")),
            lambda p: p.can(Permission.VIEW_MEMBERS),
            _members,
            "Ctrl+4",
        ),
        AreaSpec(
            "anchors",
            str(QT_TRANSLATE_NOOP("MainWindow", "Anchors")),
            lambda p: p.can(Permission.VIEW_ANCHORS),
            _anchors,
            "Ctrl+6",
        ),
        AreaSpec(
            "training",
            str(QT_TRANSLATE_NOOP("MainWindow", "Training")),
            lambda p: p.user_id is not None and p.can(Permission.VIEW_OWN_TRAINING),
            _training,
            "Ctrl+5",
        ),
        AreaSpec(
            "revenue",
            str(QT_TRANSLATE_NOOP("MainWindow", "Revenue")),
            lambda p: p.can(Permission.VIEW_REVENUE),
            _revenue,
            "Ctrl+7",
        ),
        AreaSpec(
            "federation",
            str(QT_TRANSLATE_NOOP("MainWindow", "Federation")),
            lambda p: p.can(Permission.VIEW_FEDERATION),
            _federation,
            "Ctrl+8",
        ),
        AreaSpec(
            "admin",
            str(QT_TRANSLATE_NOOP("MainWindow", "Admin")),
            lambda p: p.can(Permission.MANAGE_USERS) or p.can(Permission.VIEW_AUDIT),
            _admin,
            "Ctrl+9",
        ),
    ]


def areas_for(principal: Principal) -> list[AreaSpec]:
    return [area for area in all_areas() if area.visible_to(principal)]
