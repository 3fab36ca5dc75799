"""The member register: enrol and approve members, record share operations on the
append-only ledger, read the register, voters and holdings as of any date, record
patronage dividends, export and import the register, and issue share certificates.

Front desk enrol applicants (ENROL_MEMBERS); managers approve them and record share
operations and dividends (MANAGE_MEMBERS); both may look (VIEW_MEMBERS); clinicians may
not. Every view of one member, every change and every export is in the audit trail. The
paged list used for filter-as-you-type is not audited per keystroke: opening a member
is.

One module per part (results, classes, enrolment, ledger, register, dividends,
certificates, documents, csv_io); this package is the area's API, so callers write
`members.enrol(...)` whichever module does the work.
"""

from __future__ import annotations

from clinicdesk.services.members.certificates import issue_certificate, verify_certificate
from clinicdesk.services.members.classes import (
    define_member_class,
    define_share_class,
    list_member_classes,
    list_share_classes,
    set_voting_rule,
)
from clinicdesk.services.members.common import (
    CERTIFICATE_KEY,
    DEFAULT_MEMBER_CLASSES,
    DEFAULT_SHARE_CLASSES,
    VOTING_RULE_KEY,
    display_name,
    ensure_defaults,
    voting_rule,
)
from clinicdesk.services.members.csv_io import EXPORT_HEADER, IMPORT_COLUMNS, export_csv, import_csv
from clinicdesk.services.members.dividends import (
    BASIS_KINDS,
    allocate_dividend,
    dividend,
    list_dividends,
    patronage_basis,
)
from clinicdesk.services.members.documents import (
    write_certificate_pdf,
    write_dividend_notices,
    write_register_pdf,
)
from clinicdesk.services.members.enrolment import approve, enrol
from clinicdesk.services.members.ledger import (
    convert,
    leave,
    pay,
    redeem,
    reverse,
    set_suspended,
    subscribe,
    transfer,
)
from clinicdesk.services.members.register import (
    count_members,
    find_member,
    list_members,
    member_detail,
    register_as_of,
    voters_as_of,
)
from clinicdesk.services.members.results import (
    Certificate,
    CertificateCheck,
    DividendInfo,
    DividendLine,
    EnrolRequest,
    HoldingInfo,
    ImportReport,
    LedgerLine,
    MemberClassInfo,
    MemberDetail,
    MemberRow,
    Register,
    RegisterLine,
    ShareClassInfo,
)

__all__ = [
    "BASIS_KINDS",
    "CERTIFICATE_KEY",
    "DEFAULT_MEMBER_CLASSES",
    "DEFAULT_SHARE_CLASSES",
    "EXPORT_HEADER",
    "IMPORT_COLUMNS",
    "VOTING_RULE_KEY",
    "Certificate",
    "CertificateCheck",
    "DividendInfo",
    "DividendLine",
    "EnrolRequest",
    "HoldingInfo",
    "ImportReport",
    "LedgerLine",
    "MemberClassInfo",
    "MemberDetail",
    "MemberRow",
    "Register",
    "RegisterLine",
    "ShareClassInfo",
    "allocate_dividend",
    "approve",
    "convert",
    "count_members",
    "define_member_class",
    "define_share_class",
    "display_name",
    "dividend",
    "enrol",
    "ensure_defaults",
    "export_csv",
    "find_member",
    "import_csv",
    "issue_certificate",
    "leave",
    "list_dividends",
    "list_member_classes",
    "list_members",
    "list_share_classes",
    "member_detail",
    "patronage_basis",
    "pay",
    "redeem",
    "register_as_of",
    "reverse",
    "set_suspended",
    "set_voting_rule",
    "subscribe",
    "transfer",
    "verify_certificate",
    "voters_as_of",
    "voting_rule",
    "write_certificate_pdf",
    "write_dividend_notices",
    "write_register_pdf",
]
