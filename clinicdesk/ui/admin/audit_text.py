"""What an audit event says, in words: the action as a phrase and the details as short
"what: value" pairs instead of raw JSON. Unknown actions (a newer program's) fall back to
their code made readable, so nothing is ever hidden."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("AuditText", text)


# Action code -> phrase. Translated when shown (see action_text).
_ACTIONS = {
    "anchors.contract.add": "Added an anchor contract",
    "anchors.enrolments.view": "Viewed who an anchor contract covers",
    "anchors.invoice.export": "Exported an anchor invoice",
    "anchors.invoice.view": "Viewed an anchor invoice",
    "anchors.invoice.void": "Voided an anchor invoice",
    "anchors.invoices.issue": "Issued anchor invoices",
    "anchors.invoices.run": "Ran the month's anchor invoices",
    "anchors.org.add": "Added an anchor organisation",
    "anchors.payment.record": "Recorded an anchor payment",
    "anchors.proposal.export": "Made an anchor proposal",
    "anchors.roster.import": "Imported an anchor roster",
    "anchors.roster.review": "Decided a held roster row",
    "anchors.roster_review.view": "Viewed the held roster rows",
    "attribution.reassign": "Moved patients to another clinician",
    "attribution.run": "Attributed patients to clinicians",
    "audit.export": "Exported the audit trail",
    "audit.key.create": "Made the audit key",
    "audit.key.export": "Exported a copy of the audit key",
    "audit.verify": "Verified the audit chain",
    "auth.lock": "Screen locked",
    "auth.sign_in": "Signed in",
    "auth.sign_in_failed": "Sign-in failed",
    "auth.sign_in_refused": "Sign-in refused",
    "auth.sign_out": "Signed out",
    "auth.token_refused": "Command-line token refused",
    "auth.token_sign_in": "Signed in with a token",
    "auth.unlock": "Screen unlocked",
    "auth.unlock_failed": "Unlock failed",
    "caregaps.evaluate": "Ran care gaps",
    "clinic.create": "Set up the clinic",
    "database.backup": "Backed up the database",
    "database.grant_login": "Gave an account its database login",
    "database.provision_roles": "Set up the database roles",
    "demo.patients": "Made demo patients",
    "demo.revenue": "Made demo revenue",
    "dividend.allocate": "Allocated a dividend",
    "dividend.notices": "Made dividend notices",
    "dividend.view": "Viewed a dividend",
    "federation.connect": "Connected to the federation",
    "federation.disconnect": "Disconnected from the federation",
    "federation.outbox.discard": "Discarded an outbox message",
    "federation.outbox.retry": "Retried an outbox message",
    "member.approve": "Approved a member",
    "member.certificate": "Made a share certificate",
    "member.certificate_verify": "Checked a share certificate",
    "member.demo": "Made demo members",
    "member.enrol": "Enrolled a member",
    "member.export": "Exported members",
    "member.import": "Imported members",
    "member.leave": "Recorded a member leaving",
    "member.register": "Printed the member register",
    "member.view": "Viewed a member",
    "member.voters": "Listed the voters",
    "member_class.define": "Defined a member class",
    "members.certificate_secret": "Set the certificate key",
    "members.voting_rule": "Changed the voting rule",
    "outreach.export": "Exported an outreach list",
    "outreach.view": "Viewed an outreach list",
    "panel.capacity": "Set a panel capacity",
    "patient.caregaps.view": "Viewed a patient's care gaps",
    "patient.edit": "Edited a patient",
    "patient.register": "Registered a patient",
    "patient.view": "Viewed a patient",
    "patients.import": "Imported patients",
    "policy.acknowledge": "Acknowledged a policy",
    "policy.status_export": "Exported the policy acknowledgements",
    "revenue.amend": "Amended a month's revenue",
    "revenue.import": "Imported revenue lines",
    "revenue.lines.set": "Entered revenue",
    "revenue.lines.anchor_invoices": "Revenue from anchor payments",
    "revenue.lock": "Locked a month",
    "revenue.receipt": "Received the federation's receipt",
    "revenue.standards": "Used the contribution standards",
    "revenue.statement.export": "Saved a revenue statement",
    "revenue.submit": "Submitted a month",
    "revenue.unlock": "Unlocked a month",
    "revenue.year_summary.export": "Saved a year summary",
    "settings.update": "Changed clinic settings",
    "share_class.define": "Defined a share class",
    "staff.add": "Added staff",
    "staff.end": "Ended a staff record",
    "staff.update": "Changed a staff record",
    "token.create": "Made a command-line token",
    "token.revoke": "Revoked a command-line token",
    "training.certificate": "Made a training certificate",
    "training.certificate_secret": "Set the training certificate key",
    "training.certificate_verify": "Checked a training certificate",
    "training.complete": "Recorded training",
    "training.evidence_view": "Viewed training evidence",
    "training.matrix_export": "Exported the training matrix",
    "training.quiz": "Took a course quiz",
    "training.reminder_offsets": "Changed training reminders",
    "training.requirement_add": "Added a local training requirement",
    "training.requirement_end": "Ended a local training requirement",
    "training.revoke": "Revoked training",
    "training.transcript_export": "Exported a training transcript",
    "training.transcript_view": "Viewed a training transcript",
    "user.add": "Added a user",
    "user.disable": "Disabled a user",
    "user.enable": "Enabled a user",
    "user.locked_out": "Account locked after failed sign-ins",
    "user.password_change": "Changed own password",
    "user.password_reset": "Reset a password",
    "user.rename": "Renamed a user",
    "user.language": "Chose their language",
    "user.roles": "Changed a user's roles",
}


def known_actions() -> frozenset[str]:
    return frozenset(_ACTIONS)


def action_text(action: str) -> str:
    phrase = _ACTIONS.get(action)
    if phrase is not None:
        return _t(phrase)
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
        return _t("yes")
    if value is False:
        return _t("no")
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
