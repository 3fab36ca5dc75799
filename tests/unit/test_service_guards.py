"""Every public service function that acts for someone (takes an `actor`) checks that
person's permission — with `@requires`, or by calling `ensure_permission(actor, …)` itself
— or is on the allow-list below, each entry with the reason it is open.

The services are discovered, not listed: a new service taking an actor fails this test
until it is guarded or, with a reason, allowed.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import sys
from collections.abc import Callable
from typing import Any

import clinicdesk.services

OPEN_TO_EVERY_SIGNED_IN_USER = "every signed-in person may do this for their own session"

ALLOWED_UNGUARDED: dict[str, str] = {
    # Self-service: anyone signed in manages their own tokens; another person's tokens
    # need MANAGE_USERS, checked by tokens._owner (tests/security/test_cli_signin.py).
    "clinicdesk.services.tokens.create_token": "one's own token; another's needs MANAGE_USERS",
    "clinicdesk.services.tokens.list_tokens": "one's own tokens; everyone's needs MANAGE_USERS",
    "clinicdesk.services.tokens.revoke_token": "one's own token; another's needs MANAGE_USERS",
    # Checks that guarded services call after their own @requires.
    "clinicdesk.services.attribution.check_panel_access": (
        "a check: raises PermissionDenied unless the actor may open that clinician's panel"
    ),
    "clinicdesk.services.patients.reading.check_may_see": (
        "a check: raises PermissionDenied unless the patient is in the actor's panel"
    ),
    "clinicdesk.services.revenue.results.allowed_actions": (
        "a question, not a use case: which of a month's actions the actor's roles allow, "
        "for the screen to offer; every action itself is guarded"
    ),
    # Training engine steps, called only by the guarded training services.
    "clinicdesk.services.training.completions.add_completion": (
        "appends the completion of a guarded use case (record, quiz, demo) in its "
        "transaction; not a use case of its own"
    ),
    "clinicdesk.services.training.staff.actor_staff": (
        "finds the signed-in person's own staff record; every caller is a guarded service"
    ),
    # Policy engine steps.
    "clinicdesk.services.policies.status.add_acknowledgement": (
        "appends the acknowledgement of the guarded `acknowledge` (and the demo's history) "
        "in its transaction; not a use case of its own"
    ),
    "clinicdesk.services.policies.status.awaiting": (
        "Today's list of the person's own policies: checks ACKNOWLEDGE_POLICIES itself and "
        "returns nothing without it, since Today shows whatever its reader may see"
    ),
    # The audit trail records what guarded services (and refused sign-ins) did.
    "clinicdesk.services.audit.record": (
        "writes the audit event of the caller's own, already guarded, action in its "
        "transaction; not a use case of its own"
    ),
    "clinicdesk.services.audit.record_many": (
        "writes the audit events of the caller's own, already guarded, action (an import's "
        "files) in its transaction, as record does; not a use case of its own"
    ),
    "clinicdesk.services.audit.start_keying": (
        "makes the audit key inside a use case that is allowed to: the first-run set-up "
        "(before any account exists) and audit.create_key (guarded)"
    ),
    # One's own session and account.
    "clinicdesk.services.auth.sign_out": OPEN_TO_EVERY_SIGNED_IN_USER,
    "clinicdesk.services.auth.lock_session": OPEN_TO_EVERY_SIGNED_IN_USER,
    "clinicdesk.services.auth.unlock_session": (
        "every signed-in person may unlock their own locked window with their password"
    ),
    "clinicdesk.services.auth.change_own_password": (
        "every signed-in person may change their own password (the current one is checked)"
    ),
    "clinicdesk.services.auth.must_change_password": (
        "every signed-in person may ask whether their own password must be changed"
    ),
    "clinicdesk.services.users.own_account": ("every signed-in user may read their own account"),
    "clinicdesk.services.federation_store.standard_words": (
        "the federation's published words of its standards, which every area shows"
    ),
    "clinicdesk.services.users.set_own_language": (
        "every signed-in user may choose the language ClinicDesk speaks to them"
    ),
    "clinicdesk.services.today.summary": (
        "every signed-in user has a Today screen; each of its parts is built only when "
        "actor.can() the permission of that part"
    ),
    # The panel's query plan: scoped to the actor (check_panel_access), executed by no one
    # here; the guarded panel services run it.
    "clinicdesk.services.panel.statements.plan": (
        "builds (never runs) the panel's statements, limited to what the actor may see"
    ),
    "clinicdesk.services.panel.statements.resolve_clinician": (
        "decides whose panel the actor asked for, refusing another's without the permission"
    ),
}

_ENSURES_ACTOR = re.compile(r"\bensure_permission\(\s*actor\b")


def _service_functions_taking_an_actor() -> dict[str, Callable[..., Any]]:
    for module in pkgutil.walk_packages(
        clinicdesk.services.__path__, prefix=f"{clinicdesk.services.__name__}."
    ):
        importlib.import_module(module.name)
    found: dict[str, Callable[..., Any]] = {}
    for name, module in sorted(sys.modules.items()):
        if name != "clinicdesk.services" and not name.startswith("clinicdesk.services."):
            continue
        for attr, fn in vars(module).items():
            if attr.startswith("_") or not inspect.isfunction(fn):
                continue
            # Defined here (a guarded function keeps its module through functools.wraps).
            if fn.__module__ != name or fn is clinicdesk.services.ensure_permission:
                continue  # elsewhere's, or the guard itself
            if "actor" in inspect.signature(fn).parameters:
                found[f"{name}.{attr}"] = fn
    return found


SERVICES = _service_functions_taking_an_actor()


def _guarded(fn: Callable[..., Any]) -> bool:
    if getattr(fn, "required_permission", None) is not None:
        return True
    return bool(_ENSURES_ACTOR.search(inspect.getsource(fn)))


def test_discovery_finds_guarded_and_open_services() -> None:
    assert "clinicdesk.services.users.add_user" in SERVICES
    assert "clinicdesk.services.users.own_account" in SERVICES
    assert len(SERVICES) > 50


def test_every_service_taking_an_actor_is_guarded_or_allowed_with_a_reason() -> None:
    unguarded = sorted(
        name for name, fn in SERVICES.items() if not _guarded(fn) and name not in ALLOWED_UNGUARDED
    )
    assert unguarded == [], (
        "These services act for someone without checking their permission: guard them "
        "with @requires(Permission.…) or ensure_permission(actor, …), or add them to "
        f"ALLOWED_UNGUARDED with the reason they are open: {unguarded}"
    )


def test_the_allow_list_holds_only_open_services_that_exist() -> None:
    stale = sorted(
        name for name in ALLOWED_UNGUARDED if name not in SERVICES or _guarded(SERVICES[name])
    )
    assert stale == [], f"remove from ALLOWED_UNGUARDED (gone, or guarded now): {stale}"
    assert all(reason.strip() for reason in ALLOWED_UNGUARDED.values())
