"""The contract's policy call (`POST /v1/policy-acknowledgements`), re-exported by
`clinicdesk.federation.schemas` with the rest of the contract.

A clinic sends, once per policy version and day, how many of its staff have acknowledged
the version in force, how many are still within their days, and how many are late. Counts
only: no staff reference, no name, so the hub can report across clinics without knowing
who anyone is.

`clinicdesk.federation.schemas` imports this module at its end (its base classes must exist
first): import these models from there.
"""

from __future__ import annotations

from datetime import date

from pydantic import AwareDatetime, Field

from clinicdesk.federation.schemas import RequestModel, ResponseModel, StandardRef


class PolicyCountsSubmission(RequestModel):
    """How the clinic's staff stand with one version of a policy on `as_of`: counts only,
    never who. Sent once per policy version and day (the idempotency key says which)."""

    policy: StandardRef
    as_of: date
    acknowledged: int = Field(ge=0, le=100_000)
    due: int = Field(ge=0, le=100_000)
    late: int = Field(ge=0, le=100_000)


class PolicyCountsReceipt(ResponseModel):
    receipt_id: str = Field(min_length=1, max_length=100)
    received_at: AwareDatetime
    policy: StandardRef
    as_of: date
