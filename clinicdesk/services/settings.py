"""Clinic-wide settings, typed. Stored per key in the `setting` table so that a later
area adds a field here without a migration."""

from __future__ import annotations

import re
import secrets
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any

from sqlalchemy import select

from clinicdesk.db.models import Clinic, Setting
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.revenue import Period, RevenueInputError
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import N_, _
from clinicdesk.services import audit, requires

MIN_SYNC_INTERVAL_MINUTES = 5
MAX_SYNC_INTERVAL_MINUTES = 24 * 60


@dataclass(frozen=True)
class ClinicSettings:
    # Minutes without keyboard or mouse before the window locks; 0 turns locking off.
    inactivity_lock_minutes: int = 10
    # Minutes between background syncs with the federation hub while someone is signed
    # in; 0 syncs only on "Sync now" (the OS scheduler may still run `clinicdesk sync`).
    sync_interval_minutes: int = 30
    # The month (YYYY-MM) the clinic joined the federation: contributions are due from it
    # on, so earlier months are never listed as not entered or overdue. Empty: the month
    # the clinic was set up (`joined_month`).
    federation_joined: str = ""
    # The ISO 4217 code of the clinic's currency, printed beside amounts on statements.
    currency: str = "USD"
    # The clinic's postal address and how to pay it (bank, reference to quote), printed
    # on the invoices sent to anchor organisations; several lines each.
    billing_address: str = ""
    payment_instructions: str = ""

    def validate(self) -> None:
        if not 0 <= self.inactivity_lock_minutes <= 240:
            raise ValidationError(
                _("The inactivity lock must be between 0 (off) and 240 minutes."),
                field="inactivity_lock_minutes",
            )
        if self.sync_interval_minutes != 0 and not (
            MIN_SYNC_INTERVAL_MINUTES <= self.sync_interval_minutes <= MAX_SYNC_INTERVAL_MINUTES
        ):
            raise ValidationError(
                _(
                    "The sync interval must be 0 (only when asked) or between "
                    "{min_minutes} and {max_minutes} minutes."
                ).format(
                    min_minutes=MIN_SYNC_INTERVAL_MINUTES,
                    max_minutes=MAX_SYNC_INTERVAL_MINUTES,
                ),
                field="sync_interval_minutes",
                hint=_("Every few hours is plenty: standards and courses change rarely."),
            )
        if self.federation_joined:
            try:
                Period.parse(self.federation_joined)
            except RevenueInputError as error:
                raise ValidationError(
                    _("The month the clinic joined the federation: {error}").format(error=error),
                    field="federation_joined",
                ) from None
        for name, text in (
            ("billing_address", self.billing_address),
            ("payment_instructions", self.payment_instructions),
        ):
            if len(text) > MAX_INVOICE_TEXT:
                raise ValidationError(
                    _("The text printed on invoices is {max_chars} characters at most.").format(
                        max_chars=MAX_INVOICE_TEXT
                    ),
                    field=name,
                )
        if not _CURRENCY.fullmatch(self.currency):
            raise ValidationError(
                _("“{currency}” is not a currency code.").format(currency=self.currency),
                field="currency",
                hint=_("Use the three capital letters of ISO 4217, for example USD, CAD or EUR."),
            )


_CURRENCY = re.compile(r"[A-Z]{3}")
MAX_INVOICE_TEXT = 1000


_FIELDS = {f.name: f for f in fields(ClinicSettings)}
_TYPE_WORDS: dict[type, str] = {int: N_("a whole number"), bool: N_("yes or no"), str: N_("text")}


def load(uow: UnitOfWork) -> ClinicSettings:
    """Read without a permission check: every signed-in session needs its lock time."""
    stored = {
        row.key: row.value
        for row in uow.session.execute(
            select(Setting).where(Setting.key.in_(list(_FIELDS)))
        ).scalars()
    }
    values: dict[str, Any] = {}
    defaults = ClinicSettings()
    for name in _FIELDS:
        if name in stored:
            wanted = type(getattr(defaults, name))
            value = stored[name]
            values[name] = value if isinstance(value, wanted) else getattr(defaults, name)
    return replace(defaults, **values)


@requires(Permission.VIEW_SETTINGS)
def get(uow: UnitOfWork, actor: Principal) -> ClinicSettings:
    return load(uow)


@requires(Permission.MANAGE_SETTINGS)
def update(uow: UnitOfWork, actor: Principal, **changes: Any) -> ClinicSettings:
    unknown = set(changes) - set(_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown setting: {unknown}.").format(unknown=", ".join(sorted(unknown)))
        )
    defaults = ClinicSettings()
    for name, value in changes.items():
        wanted = type(getattr(defaults, name))
        # Exact types: True is not a number of minutes, and 5.0 would not load back.
        if type(value) is not wanted:
            raise ValidationError(
                _("The setting {name} needs {kind}.").format(
                    name=name,
                    kind=_(_TYPE_WORDS[wanted]) if wanted in _TYPE_WORDS else wanted.__name__,
                ),
                field=name,
            )
    if changes.get("federation_joined"):  # "" goes back to the month of set-up
        return set_federation_joined(uow, actor, changes.pop("federation_joined"), extra=changes)
    return _store(uow, actor, changes)


@requires(Permission.MANAGE_REVENUE)
def set_federation_joined(
    uow: UnitOfWork,
    actor: Principal,
    month: str,
    *,
    today: date | None = None,
    extra: dict[str, Any] | None = None,
) -> ClinicSettings:
    """The month the clinic joined the federation (YYYY-MM), set by whoever runs the
    monthly close (a manager) as well as by an administrator; not after this month.
    `extra`: other settings saved with it (from `update`, already checked)."""
    try:
        joined = Period.parse(month, today=today or date.today())
    except RevenueInputError as error:
        raise ValidationError(
            _("The month the clinic joined the federation: {error}").format(error=error),
            field="federation_joined",
        ) from None
    return _store(uow, actor, {**(extra or {}), "federation_joined": str(joined)})


def joined_month(uow: UnitOfWork, *, today: date | None = None) -> Period:
    """The first month whose contribution is due: the stored setting, else the month the
    clinic was set up (else, before set-up, this month)."""
    stored = load(uow).federation_joined
    if stored:
        return Period.parse(stored)
    created = uow.session.execute(
        select(Clinic.created_at).order_by(Clinic.id).limit(1)
    ).scalar_one_or_none()
    return Period.of(created.date() if created is not None else (today or date.today()))


def _store(uow: UnitOfWork, actor: Principal, changes: dict[str, Any]) -> ClinicSettings:
    """Validate, store what changed, audit it and commit (callers checked permissions)."""
    current = load(uow)
    new = replace(current, **changes)
    new.validate()
    old_values = asdict(current)
    diff: dict[str, object] = {
        k: {"from": old_values[k], "to": v} for k, v in asdict(new).items() if old_values[k] != v
    }
    for key in diff:
        row = uow.session.get(Setting, key)
        value = getattr(new, key)
        if row is None:
            uow.session.add(Setting(key=key, value=value, updated_by=actor.username))
        else:
            row.value = value
            row.updated_by = actor.username
    if diff:
        audit.record(uow, actor, "settings.update", "settings", "clinic", diff)
    uow.commit()
    return new


def clinic_secret(uow: UnitOfWork, key: str, *, create: bool) -> bytes | None:
    """Engine-internal. A random 32-byte secret of this clinic kept under `key` (the key of
    certificate codes), made on first use when `create`; None when missing and not made."""
    row = uow.session.get(Setting, key)
    if row is None:
        if not create:
            return None
        row = Setting(key=key, value=secrets.token_hex(32), updated_by="system")
        uow.session.add(row)
        uow.flush()
    return bytes.fromhex(str(row.value))
