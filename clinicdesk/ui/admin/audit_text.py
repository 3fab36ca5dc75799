"""What an audit event says, in words: the action as a phrase and the details as short
"what: value" pairs instead of raw JSON. Unknown actions (a newer program's) fall back to
their code made readable, so nothing is ever hidden."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

# Action code -> phrase. Translated when shown (see action_text).
_ACTIONS: dict[str, object] = {  # QT_TRANSLATE_NOOP returns its text
    "anchors.contract.add": QT_TRANSLATE_NOOP("AuditText", "Added an anchor contract"),
    "anchors.enrolments.view": QT_TRANSLATE_NOOP(
        "AuditText", "Viewed who an anchor contract covers"
    ),
    "anchors.invoice.export": QT_TRANSLATE_NOOP("AuditText", "Exported an anchor invoice"),
    "anchors.invoice.view": QT_TRANSLATE_NOOP("AuditText", "Viewed an anchor invoice"),
    "anchors.invoice.void": QT_TRANSLATE_NOOP("AuditText", "Voided an anchor invoice"),
    "anchors.invoices.issue": QT_TRANSLATE_NOOP("AuditText", "Issued anchor invoices"),
    "anchors.invoices.run": QT_TRANSLATE_NOOP("AuditText", "Ran the month's anchor invoices"),
    "anchors.org.add": QT_TRANSLATE_NOOP("AuditText", "Added an anchor organisation"),
    "anchors.payment.record": QT_TRANSLATE_NOOP("AuditText", "Recorded an anchor payment"),
    "anchors.proposal.export": QT_TRANSLATE_NOOP("AuditText", "Made an anchor proposal"),
    "anchors.roster.import": QT_TRANSLATE_NOOP("AuditText", "Imported an anchor roster"),
    "anchors.roster.review": QT_TRANSLATE_NOOP("AuditText", "Decided a held roster row"),
    "anchors.roster_review.view": QT_TRANSLATE_NOOP("AuditText", "Viewed the held roster rows"),
    "attribution.reassign": QT_TRANSLATE_NOOP("AuditText", "Moved patients to another clinician"),
    "attribution.run": QT_TRANSLATE_NOOP("AuditText", "Attributed patients to clinicians"),
    "audit.export": QT_TRANSLATE_NOOP("AuditText", "Exported the audit trail"),
    "audit.key.create": QT_TRANSLATE_NOOP("AuditText", "Made the audit key"),
    "audit.key.export": QT_TRANSLATE_NOOP("AuditText", "Exported a copy of the audit key"),
    "audit.verify": QT_TRANSLATE_NOOP("AuditText", "Verified the audit chain"),
    "auth.lock": QT_TRANSLATE_NOOP("AuditText", "Screen locked"),
    "auth.sign_in": QT_TRANSLATE_NOOP("AuditText", "Signed in"),
    "auth.sign_in_failed": QT_TRANSLATE_NOOP("AuditText", "Sign-in failed"),
    "auth.sign_in_refused": QT_TRANSLATE_NOOP("AuditText", "Sign-in refused"),
    "auth.sign_out": QT_TRANSLATE_NOOP("AuditText", "Signed out"),
    "auth.token_refused": QT_TRANSLATE_NOOP("AuditText", "Command-line token refused"),
    "auth.token_sign_in": QT_TRANSLATE_NOOP("AuditText", "Signed in with a token"),
    "auth.unlock": QT_TRANSLATE_NOOP("AuditText", "Screen unlocked"),
    "auth.unlock_failed": QT_TRANSLATE_NOOP("AuditText", "Unlock failed"),
    "caregaps.evaluate": QT_TRANSLATE_NOOP("AuditText", "Ran care gaps"),
    "clinic.create": QT_TRANSLATE_NOOP("AuditText", "Set up the clinic"),
    "database.backup": QT_TRANSLATE_NOOP("AuditText", "Backed up the database"),
    "database.grant_login": QT_TRANSLATE_NOOP("AuditText", "Gave an account its database login"),
    "database.provision_roles": QT_TRANSLATE_NOOP("AuditText", "Set up the database roles"),
    "demo.patients": QT_TRANSLATE_NOOP("AuditText", "Made demo patients"),
    "demo.revenue": QT_TRANSLATE_NOOP("AuditText", "Made demo revenue"),
    "dividend.allocate": QT_TRANSLATE_NOOP("AuditText", "Allocated a dividend"),
    "dividend.notices": QT_TRANSLATE_NOOP("AuditText", "Made dividend notices"),
    "dividend.view": QT_TRANSLATE_NOOP("AuditText", "Viewed a dividend"),
    "federation.connect": QT_TRANSLATE_NOOP("AuditText", "Connected to the federation"),
    "federation.disconnect": QT_TRANSLATE_NOOP("AuditText", "Disconnected from the federation"),
    "federation.outbox.discard": QT_TRANSLATE_NOOP("AuditText", "Discarded an outbox message"),
    "federation.outbox.retry": QT_TRANSLATE_NOOP("AuditText", "Retried an outbox message"),
    "member.approve": QT_TRANSLATE_NOOP("AuditText", "Approved a member"),
    "member.certificate": QT_TRANSLATE_NOOP("AuditText", "Made a share certificate"),
    "member.certificate_verify": QT_TRANSLATE_NOOP("AuditText", "Checked a share certificate"),
    "member.demo": QT_TRANSLATE_NOOP("AuditText", "Made demo members"),
    "member.enrol": QT_TRANSLATE_NOOP("AuditText", "Enrolled a member"),
    "member.export": QT_TRANSLATE_NOOP("AuditText", "Exported members"),
    "member.import": QT_TRANSLATE_NOOP("AuditText", "Imported members"),
    "member.leave": QT_TRANSLATE_NOOP("AuditText", "Recorded a member leaving"),
    "member.register": QT_TRANSLATE_NOOP("AuditText", "Printed the member register"),
    "member.view": QT_TRANSLATE_NOOP("AuditText", "Viewed a member"),
    "member.voters": QT_TRANSLATE_NOOP("AuditText", "Listed the voters"),
    "member_class.define": QT_TRANSLATE_NOOP("AuditText", "Defined a member class"),
    "members.certificate_secret": QT_TRANSLATE_NOOP("AuditText", "Set the certificate key"),
    "members.voting_rule": QT_TRANSLATE_NOOP("AuditText", "Changed the voting rule"),
    "outreach.export": QT_TRANSLATE_NOOP("AuditText", "Exported an outreach list"),
    "outreach.view": QT_TRANSLATE_NOOP("AuditText", "Viewed an outreach list"),
    "panel.capacity": QT_TRANSLATE_NOOP("AuditText", "Set a panel capacity"),
    "patient.caregaps.view": QT_TRANSLATE_NOOP("AuditText", "Viewed a patient's care gaps"),
    "patient.edit": QT_TRANSLATE_NOOP("AuditText", "Edited a patient"),
    "patient.register": QT_TRANSLATE_NOOP("AuditText", "Registered a patient"),
    "patient.view": QT_TRANSLATE_NOOP("AuditText", "Viewed a patient"),
    "patients.import": QT_TRANSLATE_NOOP("AuditText", "Imported patients"),
    "policy.acknowledge": QT_TRANSLATE_NOOP("AuditText", "Acknowledged a policy"),
    "policy.status_export": QT_TRANSLATE_NOOP("AuditText", "Exported the policy acknowledgements"),
    "revenue.amend": QT_TRANSLATE_NOOP("AuditText", "Amended a month's revenue"),
    "revenue.import": QT_TRANSLATE_NOOP("AuditText", "Imported revenue lines"),
    "revenue.lines.set": QT_TRANSLATE_NOOP("AuditText", "Entered revenue"),
    "revenue.lines.anchor_invoices": QT_TRANSLATE_NOOP("AuditText", "Revenue from anchor payments"),
    "revenue.lock": QT_TRANSLATE_NOOP("AuditText", "Locked a month"),
    "revenue.receipt": QT_TRANSLATE_NOOP("AuditText", "Received the federation's receipt"),
    "revenue.standards": QT_TRANSLATE_NOOP("AuditText", "Used the contribution standards"),
    "revenue.statement.export": QT_TRANSLATE_NOOP("AuditText", "Saved a revenue statement"),
    "revenue.submit": QT_TRANSLATE_NOOP("AuditText", "Submitted a month"),
    "revenue.unlock": QT_TRANSLATE_NOOP("AuditText", "Unlocked a month"),
    "revenue.year_summary.export": QT_TRANSLATE_NOOP("AuditText", "Saved a year summary"),
    "settings.update": QT_TRANSLATE_NOOP("AuditText", "Changed clinic settings"),
    "share_class.define": QT_TRANSLATE_NOOP("AuditText", "Defined a share class"),
    "staff.add": QT_TRANSLATE_NOOP("AuditText", "Added staff"),
    "staff.end": QT_TRANSLATE_NOOP("AuditText", "Ended a staff record"),
    "staff.update": QT_TRANSLATE_NOOP("AuditText", "Changed a staff record"),
    "token.create": QT_TRANSLATE_NOOP("AuditText", "Made a command-line token"),
    "token.revoke": QT_TRANSLATE_NOOP("AuditText", "Revoked a command-line token"),
    "training.certificate": QT_TRANSLATE_NOOP("AuditText", "Made a training certificate"),
    "training.certificate_secret": QT_TRANSLATE_NOOP(
        "AuditText", "Set the training certificate key"
    ),
    "training.certificate_verify": QT_TRANSLATE_NOOP("AuditText", "Checked a training certificate"),
    "training.complete": QT_TRANSLATE_NOOP("AuditText", "Recorded training"),
    "training.evidence_view": QT_TRANSLATE_NOOP("AuditText", "Viewed training evidence"),
    "training.matrix_export": QT_TRANSLATE_NOOP("AuditText", "Exported the training matrix"),
    "training.quiz": QT_TRANSLATE_NOOP("AuditText", "Took a course quiz"),
    "training.reminder_offsets": QT_TRANSLATE_NOOP("AuditText", "Changed training reminders"),
    "training.requirement_add": QT_TRANSLATE_NOOP(
        "AuditText", "Added a local training requirement"
    ),
    "training.requirement_end": QT_TRANSLATE_NOOP(
        "AuditText", "Ended a local training requirement"
    ),
    "training.revoke": QT_TRANSLATE_NOOP("AuditText", "Revoked training"),
    "training.transcript_export": QT_TRANSLATE_NOOP("AuditText", "Exported a training transcript"),
    "training.transcript_view": QT_TRANSLATE_NOOP("AuditText", "Viewed a training transcript"),
    "user.add": QT_TRANSLATE_NOOP("AuditText", "Added a user"),
    "user.disable": QT_TRANSLATE_NOOP("AuditText", "Disabled a user"),
    "user.enable": QT_TRANSLATE_NOOP("AuditText", "Enabled a user"),
    "user.locked_out": QT_TRANSLATE_NOOP("AuditText", "Account locked after failed sign-ins"),
    "user.password_change": QT_TRANSLATE_NOOP("AuditText", "Changed own password"),
    "user.password_reset": QT_TRANSLATE_NOOP("AuditText", "Reset a password"),
    "user.rename": QT_TRANSLATE_NOOP("AuditText", "Renamed a user"),
    "user.language": QT_TRANSLATE_NOOP("AuditText", "Chose their language"),
    "user.roles": QT_TRANSLATE_NOOP("AuditText", "Changed a user's roles"),
}


def known_actions() -> frozenset[str]:
    return frozenset(_ACTIONS)


def action_text(action: str) -> str:
    phrase = _ACTIONS.get(action)
    if phrase is not None:
        return QCoreApplication.translate("AuditText", str(phrase))
    readable = action.replace("_", " ").replace(".", ": ", 1).replace(".", " ")
    return readable[:1].upper() + readable[1:]


def _value_text(value: Any) -> str:
    if isinstance(value, dict) and set(value) == {"from", "to"}:
        return f"{_value_text(value['from'])} → {_value_text(value['to'])}"
    if isinstance(value, dict):
        return ", ".join(f"{k} {_value_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_value_text(v) for v in value) or "—"
    if value is None:
        return "—"
    if value is True:
        return QCoreApplication.translate("AuditText", "yes")
    if value is False:
        return QCoreApplication.translate("AuditText", "no")
    return str(value)


def details_text(details: str) -> str:
    """`{"fields": ["phone"], "from": 3}` -> "fields: phone · from: 3"."""
    if details in ("", "{}"):
        return ""
    try:
        data = json.loads(details)
    except ValueError:
        return details
    if not isinstance(data, dict):
        return _value_text(data)
    return " · ".join(f"{key.replace('_', ' ')}: {_value_text(v)}" for key, v in data.items())
