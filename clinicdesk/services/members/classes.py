"""Member classes, share classes and the voting rule."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import func, select

from clinicdesk.db.models import Setting
from clinicdesk.db.models_members import MemberClass, ShareClass, ShareEvent
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain import members as rules
from clinicdesk.domain.members import MemberRuleError, VotingRule
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _
from clinicdesk.services import audit, requires
from clinicdesk.services.members.common import (
    DEFAULT_MEMBER_CLASSES,
    DEFAULT_SHARE_CLASSES,
    VOTING_RULE_KEY,
    _invalid,
    _share_class_info,
    _share_classes,
    ensure_defaults,
)
from clinicdesk.services.members.results import MemberClassInfo, ShareClassInfo


@requires(Permission.VIEW_MEMBERS)
def list_member_classes(uow: UnitOfWork, actor: Principal) -> list[MemberClassInfo]:
    rows = uow.session.execute(select(MemberClass).order_by(MemberClass.code)).scalars().all()
    if not rows:
        return [MemberClassInfo(c, n, o) for c, n, o in DEFAULT_MEMBER_CLASSES]
    return [MemberClassInfo(r.code, r.name, r.is_organisation) for r in rows]


@requires(Permission.VIEW_MEMBERS)
def list_share_classes(uow: UnitOfWork, actor: Principal) -> list[ShareClassInfo]:
    rows = _share_classes(uow)
    if not rows:
        return [
            ShareClassInfo(c, n, p, m, tuple(e.split(",")))
            for c, n, p, m, e in DEFAULT_SHARE_CLASSES
        ]
    return [_share_class_info(r) for r in rows.values()]


@requires(Permission.MANAGE_MEMBERS)
def define_member_class(
    uow: UnitOfWork, actor: Principal, code: str, name: str, *, is_organisation: bool = False
) -> MemberClassInfo:
    ensure_defaults(uow)
    key = code.strip().lower()
    if not key.isidentifier() or len(key) > 32:
        raise ValidationError(
            _("“{code}” cannot be a member class code.").format(code=code), field="code"
        )
    row = uow.session.get(MemberClass, key)
    if row is None:
        row = MemberClass(code=key, name=name.strip() or key, is_organisation=is_organisation)
        uow.session.add(row)
    else:
        row.name, row.is_organisation = name.strip() or key, is_organisation
    audit.record(uow, actor, "member_class.define", "member_class", key, {"name": row.name})
    uow.commit()
    return MemberClassInfo(row.code, row.name, row.is_organisation)


@requires(Permission.MANAGE_MEMBERS)
def define_share_class(
    uow: UnitOfWork,
    actor: Principal,
    code: str,
    name: str,
    unit_price: Decimal,
    min_holding: int,
    eligible_member_classes: Sequence[str],
) -> ShareClassInfo:
    """Add a share class, or change one that nobody holds yet (a price change on shares
    already issued would rewrite history)."""
    ensure_defaults(uow)
    key = code.strip().upper()
    if not key.isalnum() or len(key) > 16:
        raise ValidationError(
            _("“{code}” cannot be a share class code.").format(code=code), field="code"
        )
    try:
        rules._money(unit_price, "unit price", allow_zero=True)
    except MemberRuleError as error:
        raise _invalid(error) from None
    if min_holding < 0:
        raise ValidationError(_("The minimum holding cannot be negative."), field="min_holding")
    known = {r.code for r in uow.session.execute(select(MemberClass)).scalars()}
    eligible = [c.strip().lower() for c in eligible_member_classes if c.strip()]
    unknown = [c for c in eligible if c not in known]
    if unknown or not eligible:
        raise ValidationError(
            _("Unknown member classes: {classes}.").format(classes=", ".join(unknown))
            if unknown
            else _("Name who may hold this class."),
            field="eligible_member_classes",
        )
    row = _share_classes(uow).get(key)
    if row is None:
        row = ShareClass(code=key)
        uow.session.add(row)
    else:
        used = uow.session.execute(
            select(func.count(ShareEvent.id)).where(ShareEvent.share_class_id == row.id)
        ).scalar_one()
        if used and Decimal(row.unit_price) != unit_price:
            raise ValidationError(
                _("Shares of class {key} have been issued, so its price cannot change.").format(
                    key=key
                ),
                hint=_("Define a new share class and convert holdings to it."),
            )
    row.name = name.strip() or key
    row.unit_price = unit_price
    row.min_holding = min_holding
    row.eligible_member_classes = ",".join(eligible)
    uow.flush()
    audit.record(
        uow,
        actor,
        "share_class.define",
        "share_class",
        key,
        {"unit_price": str(unit_price), "min_holding": min_holding, "eligible": eligible},
    )
    uow.commit()
    return _share_class_info(row)


@requires(Permission.MANAGE_MEMBERS)
def set_voting_rule(uow: UnitOfWork, actor: Principal, rule: VotingRule) -> VotingRule:
    value: dict[str, object] = {
        "require_paid_minimum": rule.require_paid_minimum,
        "min_days_approved": rule.min_days_approved,
    }
    row = uow.session.get(Setting, VOTING_RULE_KEY)
    if row is None:
        uow.session.add(Setting(key=VOTING_RULE_KEY, value=value, updated_by=actor.username))
    else:
        row.value, row.updated_by = value, actor.username
    audit.record(uow, actor, "members.voting_rule", "setting", VOTING_RULE_KEY, value)
    uow.commit()
    return rule
