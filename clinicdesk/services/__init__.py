"""Use cases. Each public service takes a unit of work (or the database) and the
Principal it acts for, checks that principal's permission before anything else, writes
the audit trail, and returns plain dataclasses.

`requires` records every guarded service in SERVICE_PERMISSIONS so that a test can call
each one as a principal without the permission and see it refused.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import PermissionDenied
from clinicdesk.i18n import N_, _

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C")

SERVICE_PERMISSIONS: dict[str, tuple[Callable[..., Any], Permission]] = {}

# What each permission lets a person do, as the refusal says it (“… may not {words}.”).
_PERMISSION_WORDS = {
    Permission.MANAGE_USERS: N_("manage users"),
    Permission.VIEW_AUDIT: N_("view the audit trail"),
    Permission.EXPORT_AUDIT: N_("export the audit trail"),
    Permission.MANAGE_SETTINGS: N_("change clinic settings"),
    Permission.VIEW_SETTINGS: N_("view clinic settings"),
    Permission.BACKUP_DATABASE: N_("back up the database"),
    Permission.VIEW_FEDERATION: N_("view the federation link"),
    Permission.MANAGE_FEDERATION: N_("retry or discard messages to the federation"),
    Permission.VIEW_PATIENTS: N_("view patient records"),
    Permission.VIEW_ALL_PANELS: N_("view other clinicians' panels"),
    Permission.EDIT_PATIENTS: N_("register or edit patients"),
    Permission.ATTRIBUTE_PATIENTS: N_("attribute patients to clinicians"),
    Permission.IMPORT_PATIENTS: N_("import patient data"),
    Permission.EXPORT_OUTREACH: N_("export outreach lists"),
    Permission.VIEW_MEMBERS: N_("view the member register"),
    Permission.ENROL_MEMBERS: N_("enrol members"),
    Permission.MANAGE_MEMBERS: N_("approve members or record share operations"),
    Permission.VIEW_REVENUE: N_("view the clinic's revenue and contributions"),
    Permission.MANAGE_REVENUE: N_("close, submit or amend a month's revenue"),
    Permission.VIEW_OWN_TRAINING: N_("see or take their own training"),
    Permission.VIEW_TRAINING: N_("see the staff's training"),
    Permission.RECORD_TRAINING: N_("record or revoke training completions"),
    Permission.MANAGE_STAFF: N_("add staff or record that they left"),
    Permission.CONFIGURE_TRAINING: N_("configure training requirements and reminders"),
    Permission.VIEW_ANCHORS: N_("see the anchor organisations, contracts and invoices"),
    Permission.MANAGE_ANCHORS: N_("change anchor contracts, rosters, invoices or payments"),
    Permission.ACKNOWLEDGE_POLICIES: N_("acknowledge the federation's policies"),
    Permission.VIEW_POLICY_STATUS: N_("see who has acknowledged the policies"),
}


def ensure_permission(actor: Principal, permission: Permission) -> None:
    if not isinstance(actor, Principal):
        raise TypeError(f"services need a Principal, got {type(actor).__name__}")
    if not actor.can(permission):
        words = _PERMISSION_WORDS.get(permission)
        words = _(words) if words else permission.value.replace("_", " ")
        log.info("Refused %s to %s", permission.value, actor.username)
        raise PermissionDenied(
            _("{label} may not {words}.").format(label=actor.label, words=words),
            hint=_("Ask an administrator to give your account the role that allows it."),
        )


def requires(
    permission: Permission,
) -> Callable[
    [Callable[Concatenate[C, Principal, P], R]], Callable[Concatenate[C, Principal, P], R]
]:
    """Guard a service `fn(ctx, actor, ...)`: the actor's permission is checked first."""

    def decorate(
        fn: Callable[Concatenate[C, Principal, P], R],
    ) -> Callable[Concatenate[C, Principal, P], R]:
        @functools.wraps(fn)
        def guarded(ctx: C, actor: Principal, /, *args: P.args, **kwargs: P.kwargs) -> R:
            ensure_permission(actor, permission)
            return fn(ctx, actor, *args, **kwargs)

        guarded.required_permission = permission  # type: ignore[attr-defined]
        SERVICE_PERMISSIONS[f"{fn.__module__}.{fn.__qualname__}"] = (guarded, permission)
        return guarded

    return decorate
