"""Every guarded service refuses a principal without its permission before it touches
anything, and lets one with the permission through.

The services are discovered, not listed: every module under clinicdesk.services is
imported, so a service added later is covered without touching this file.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest

import clinicdesk.services
from clinicdesk.domain.roles import ROLE_PERMISSIONS, Permission, Principal, Role
from clinicdesk.errors import PermissionDenied
from clinicdesk.services import SERVICE_PERMISSIONS


def _import_all_services() -> list[str]:
    names = []
    for module in pkgutil.walk_packages(
        clinicdesk.services.__path__, prefix=f"{clinicdesk.services.__name__}."
    ):
        importlib.import_module(module.name)
        names.append(module.name)
    return names


SERVICE_MODULES = _import_all_services()
GUARDED = sorted(SERVICE_PERMISSIONS.items())


class Touched(Exception):
    """Raised by a Sentinel when a service uses it: proof the call got past the guard."""


class Sentinel:
    """Stands in for the unit of work, the database and every further argument."""

    def __init__(self, name: str, log: list[str]) -> None:
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_log", log)

    def _touch(self, what: str) -> Touched:
        self._log.append(f"{self._name}.{what}")
        return Touched(f"{self._name}.{what}")

    def __getattr__(self, name: str) -> Any:
        raise self._touch(name)

    def __setattr__(self, name: str, value: object) -> None:
        raise self._touch(name)

    def __enter__(self) -> Any:
        raise self._touch("__enter__")

    def __exit__(self, *exc: object) -> None:
        raise self._touch("__exit__")

    def __call__(self, *args: object, **kwargs: object) -> Any:
        raise self._touch("__call__")

    def __iter__(self) -> Any:
        raise self._touch("__iter__")

    def __bool__(self) -> bool:
        raise self._touch("__bool__")

    def __fspath__(self) -> str:
        raise self._touch("__fspath__")

    def __str__(self) -> str:
        raise self._touch("__str__")


def _call(fn: Callable[..., Any], actor: Principal, log: list[str]) -> Any:
    """Call `fn(ctx, actor, ...)` with a sentinel for the context and every required
    further argument."""
    params = list(inspect.signature(fn).parameters.values())
    assert len(params) >= 2, f"{fn.__qualname__} does not take (ctx, actor, ...)"
    args: list[object] = []
    kwargs: dict[str, object] = {}
    for param in params[2:]:
        if param.default is not inspect.Parameter.empty:
            continue
        if param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD):
            args.append(Sentinel(param.name, log))
        elif param.kind is param.KEYWORD_ONLY:
            kwargs[param.name] = Sentinel(param.name, log)
    return fn(Sentinel("ctx", log), actor, *args, **kwargs)


def _principal(roles: frozenset[Role]) -> Principal:
    name = "+".join(sorted(r.value for r in roles)) or "no-role"
    return Principal(user_id=41, username=name, display_name=f"Test {name}", roles=roles)


# Each single role, and a person with no role at all.
ROLE_SETS = [frozenset({role}) for role in Role] + [frozenset()]

REFUSALS = [
    pytest.param(fn, permission, roles, id=f"{name}-{_principal(roles).username}")
    for name, (fn, permission) in GUARDED
    for roles in ROLE_SETS
    if not any(permission in ROLE_PERMISSIONS[r] for r in roles)
]
ALLOWED = [
    pytest.param(fn, permission, roles, id=f"{name}-{_principal(roles).username}")
    for name, (fn, permission) in GUARDED
    for roles in ROLE_SETS
    if any(permission in ROLE_PERMISSIONS[r] for r in roles)
]


def test_discovery_found_the_service_modules() -> None:
    for area in ("audit", "auth", "users", "settings", "setup", "maintenance", "demo"):
        assert f"clinicdesk.services.{area}" in SERVICE_MODULES


def test_the_registry_covers_the_guarded_areas() -> None:
    assert GUARDED, "no guarded service registered"
    modules = {name.rsplit(".", 1)[0] for name, _ in GUARDED}
    for area in ("users", "audit", "settings", "maintenance"):
        assert f"clinicdesk.services.{area}" in modules, area
    # Spot checks that known services are guarded with the right permission.
    expected = {
        "clinicdesk.services.users.add_user": Permission.MANAGE_USERS,
        "clinicdesk.services.users.set_active": Permission.MANAGE_USERS,
        "clinicdesk.services.audit.verify": Permission.VIEW_AUDIT,
        "clinicdesk.services.audit.export_csv": Permission.EXPORT_AUDIT,
        "clinicdesk.services.settings.update": Permission.MANAGE_SETTINGS,
        "clinicdesk.services.settings.get": Permission.VIEW_SETTINGS,
        "clinicdesk.services.maintenance.backup": Permission.BACKUP_DATABASE,
    }
    for name, permission in expected.items():
        assert SERVICE_PERMISSIONS[name][1] is permission, name


def test_the_registered_function_is_the_one_the_module_exports() -> None:
    for name, (fn, permission) in GUARDED:
        module_name, attr = name.rsplit(".", 1)
        exported = getattr(importlib.import_module(module_name), attr)
        assert exported is fn, name
        assert fn.required_permission is permission


def test_every_permission_is_held_by_some_role_and_refused_to_some() -> None:
    for _name, (_fn, permission) in GUARDED:
        holders = [r for r in Role if permission in ROLE_PERMISSIONS[r]]
        assert holders, permission
    assert REFUSALS and ALLOWED


@pytest.mark.parametrize(("fn", "permission", "roles"), REFUSALS)
def test_refused_before_anything_is_touched(
    fn: Callable[..., Any], permission: Permission, roles: frozenset[Role]
) -> None:
    log: list[str] = []
    actor = _principal(roles)
    with pytest.raises(PermissionDenied) as info:
        _call(fn, actor, log)
    assert log == [], f"{fn.__qualname__} used {log} before checking the permission"
    assert actor.label in info.value.message
    assert info.value.exit_code == 4


@pytest.mark.parametrize(("fn", "permission", "roles"), ALLOWED)
def test_allowed_roles_get_past_the_guard(
    fn: Callable[..., Any], permission: Permission, roles: frozenset[Role]
) -> None:
    log: list[str] = []
    with pytest.raises(Exception) as info:  # any error but a refusal
        _call(fn, _principal(roles), log)
    assert not isinstance(info.value, PermissionDenied), info.value
    assert log, f"{fn.__qualname__} failed with {info.value!r} without using its arguments"


def test_a_non_principal_is_a_bug_not_a_refusal() -> None:
    fn, _permission = SERVICE_PERMISSIONS["clinicdesk.services.users.list_users"]
    with pytest.raises(TypeError):
        fn(Sentinel("ctx", []), "admin")
