"""Policy acknowledgements (issue #18): which `policy` standards apply to whom, the
append-only acknowledgement ledger, states as of any date, the manager's overview and its
exports, and the day's counts for the hub.

Permissions: everyone reads and acknowledges the policies that apply to them
(ACKNOWLEDGE_POLICIES), always for themselves and today; managers and administrators see
who acknowledged, who is due and who is late, and export it (VIEW_POLICY_STATUS). Every
acknowledgement and export is audited.

The rules themselves are pure and live in `clinicdesk.domain.policies`.
"""

from __future__ import annotations

from clinicdesk.domain.policies import PolicyCounts, PolicyState
from clinicdesk.services.policies.outputs import export_overview, overview_csv
from clinicdesk.services.policies.status import (
    acknowledge,
    my_acknowledgements,
    my_policies,
    policy_overview,
)
from clinicdesk.services.policies.types import (
    AcknowledgementInfo,
    MyPolicy,
    PolicyCell,
    PolicyInfo,
    PolicyOverview,
    PolicyRow,
)

__all__ = [
    "AcknowledgementInfo",
    "MyPolicy",
    "PolicyCell",
    "PolicyCounts",
    "PolicyInfo",
    "PolicyOverview",
    "PolicyRow",
    "PolicyState",
    "acknowledge",
    "export_overview",
    "my_acknowledgements",
    "my_policies",
    "overview_csv",
    "policy_overview",
]
