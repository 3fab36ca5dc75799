"""Share certificates: issue a signed code, and verify one."""

from __future__ import annotations

from datetime import date

from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain import members as rules
from clinicdesk.domain.members import MemberRuleError
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ValidationError
from clinicdesk.i18n import _
from clinicdesk.i18n.formatting import format_date
from clinicdesk.services import audit, requires
from clinicdesk.services.members.common import (
    CERTIFICATE_KEY,
    _by_register_no,
    _entries_for,
    _get_member,
    _invalid,
    _name,
    _share_classes,
    _today,
)
from clinicdesk.services.members.ledger import _share_class
from clinicdesk.services.members.results import Certificate, CertificateCheck
from clinicdesk.services.settings import clinic_secret


def _certificate_secret(uow: UnitOfWork, *, create: bool) -> bytes | None:
    return clinic_secret(uow, CERTIFICATE_KEY, create=create)


@requires(Permission.MANAGE_MEMBERS)
def issue_certificate(
    uow: UnitOfWork, actor: Principal, member_id: int, share_class: str, as_of: date
) -> Certificate:
    member = _get_member(uow, member_id)
    classes = _share_classes(uow)
    row = _share_class(classes, share_class)
    entries = _entries_for(uow, [member.id])[member.id]
    holding = rules.holdings(entries, as_of).get(row.code)
    if holding is None or holding.shares == 0:
        raise ValidationError(
            _("Member {register_no} held no class {code} shares on {as_of}.").format(
                register_no=member.register_no, code=row.code, as_of=format_date(as_of)
            ),
            field="share_class",
        )
    secret = _certificate_secret(uow, create=True)
    assert secret is not None
    facts = rules.CertificateFacts(member.register_no, row.code, holding.shares, as_of)
    code = rules.certificate_code(secret, facts)
    audit.record(uow, actor, "member.certificate", "member", member.register_no, {"code": code})
    uow.commit()
    from clinicdesk.services.setup import clinic_info

    clinic = clinic_info(uow)
    return Certificate(
        member.register_no,
        _name(member),
        row.code,
        row.name,
        holding.shares,
        holding.paid,
        as_of,
        code,
        clinic.name if clinic else "",
    )


@requires(Permission.VIEW_MEMBERS)
def verify_certificate(uow: UnitOfWork, actor: Principal, code: str) -> CertificateCheck:
    """Check a certificate code: genuine (the HMAC) and what the ledger says."""
    secret = _certificate_secret(uow, create=False)
    if secret is None:
        raise ValidationError(_("This clinic has issued no share certificates."), field="code")
    try:
        facts = rules.parse_certificate_code(secret, code)
    except MemberRuleError as error:
        raise _invalid(error) from None
    member = _by_register_no(uow, facts.register_no)
    entries = _entries_for(uow, [member.id])[member.id]
    then = rules.holdings(entries, facts.as_of).get(facts.share_class)
    now = rules.holdings(entries, _today()).get(facts.share_class)
    audit.record(uow, actor, "member.certificate_verify", "member", member.register_no)
    uow.commit()
    return CertificateCheck(
        facts.register_no,
        _name(member),
        facts.share_class,
        facts.shares,
        facts.as_of,
        then.shares if then else 0,
        now.shares if now else 0,
    )
