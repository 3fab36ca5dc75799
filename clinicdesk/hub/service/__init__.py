"""What the hub does, without HTTP: the admin commands and the API both call these.

Bodies are the contract's pydantic models (`clinicdesk.federation.schemas`). Refusals a
clinic's program must understand are `Refusal`s carrying their HTTP status and problem
type; the operator's mistakes are the usual ClinicDeskErrors.

API keys: a key is 32 random bytes from `secrets` (256 bits), shown once and stored as
its SHA-256. A fast hash is enough here, unlike for passwords: nobody can guess through
2^256 keys, so there is nothing for a slow hash (scrypt, argon2) to slow down, and a fast
one lets every request find its key through a unique index instead of trying each hash.

Idempotency: a POST's successful response is stored with the clinic, the key, the
operation and the SHA-256 of the canonical request body, in the same transaction as what
it created. A replay gets the stored bytes; the same key with another body (or on the
other endpoint) is refused. Refusals are not stored, so a corrected request may reuse the
key. The key is claimed (inserted) first, so two copies of a request racing each other
meet on its unique index: the second waits for the first to commit, fails, starts again
and finds the first one's response. Different requests racing for the same thing (two
originals for one month) meet on that thing's unique constraint the same way and the
loser, starting again, is refused as if it had come second.

The service is one module per area (common, clinics, publishing, feeds, contributions,
fund, and checks: how the hub recomputes what a clinic sends); this package gathers
what the API (`hub/app.py`) and the admin commands (`hub/cli.py`) call, so they read
`service.submit_contribution(...)` whichever module it lives in.
"""

from __future__ import annotations

from clinicdesk.hub.service.clinics import (
    API_KEY_PREFIX as API_KEY_PREFIX,
)
from clinicdesk.hub.service.clinics import (
    ClinicRef as ClinicRef,
)
from clinicdesk.hub.service.clinics import (
    ClinicSummary as ClinicSummary,
)
from clinicdesk.hub.service.clinics import (
    IssuedKey as IssuedKey,
)
from clinicdesk.hub.service.clinics import (
    KeyInfo as KeyInfo,
)
from clinicdesk.hub.service.clinics import (
    add_clinic as add_clinic,
)
from clinicdesk.hub.service.clinics import (
    authenticate as authenticate,
)
from clinicdesk.hub.service.clinics import (
    clinic_by_id as clinic_by_id,
)
from clinicdesk.hub.service.clinics import (
    clinic_info as clinic_info,
)
from clinicdesk.hub.service.clinics import (
    hash_key as hash_key,
)
from clinicdesk.hub.service.clinics import (
    issue_key as issue_key,
)
from clinicdesk.hub.service.clinics import (
    list_clinics as list_clinics,
)
from clinicdesk.hub.service.clinics import (
    list_keys as list_keys,
)
from clinicdesk.hub.service.clinics import (
    new_api_key as new_api_key,
)
from clinicdesk.hub.service.clinics import (
    revoke_key as revoke_key,
)
from clinicdesk.hub.service.clinics import (
    revoke_keys as revoke_keys,
)
from clinicdesk.hub.service.clinics import (
    standard_in_force as standard_in_force,
)
from clinicdesk.hub.service.common import (
    COURSES as COURSES,
)
from clinicdesk.hub.service.common import (
    PUBLISH as PUBLISH,
)
from clinicdesk.hub.service.common import (
    RETIRE as RETIRE,
)
from clinicdesk.hub.service.common import (
    STANDARDS as STANDARDS,
)
from clinicdesk.hub.service.common import (
    Refusal as Refusal,
)
from clinicdesk.hub.service.common import (
    aware as aware,
)
from clinicdesk.hub.service.common import (
    canonical_json as canonical_json,
)
from clinicdesk.hub.service.common import (
    invalid as invalid,
)
from clinicdesk.hub.service.common import (
    not_found as not_found,
)
from clinicdesk.hub.service.common import (
    today_utc as today_utc,
)
from clinicdesk.hub.service.contributions import (
    AMENDMENT_OUT_OF_SEQUENCE as AMENDMENT_OUT_OF_SEQUENCE,
)
from clinicdesk.hub.service.contributions import (
    COMPLETION_CONFLICT as COMPLETION_CONFLICT,
)
from clinicdesk.hub.service.contributions import (
    StoredResponse as StoredResponse,
)
from clinicdesk.hub.service.contributions import (
    contributions_for_period as contributions_for_period,
)
from clinicdesk.hub.service.contributions import (
    submit_completions as submit_completions,
)
from clinicdesk.hub.service.contributions import (
    submit_contribution as submit_contribution,
)
from clinicdesk.hub.service.feeds import (
    DEFAULT_PAGE_SIZE as DEFAULT_PAGE_SIZE,
)
from clinicdesk.hub.service.feeds import (
    MAX_PAGE_SIZE as MAX_PAGE_SIZE,
)
from clinicdesk.hub.service.feeds import (
    PACKAGE_SLICE_BYTES as PACKAGE_SLICE_BYTES,
)
from clinicdesk.hub.service.feeds import (
    PackageInfo as PackageInfo,
)
from clinicdesk.hub.service.feeds import (
    course_package as course_package,
)
from clinicdesk.hub.service.feeds import (
    courses_page as courses_page,
)
from clinicdesk.hub.service.feeds import (
    package_path as package_path,
)
from clinicdesk.hub.service.feeds import (
    package_slices as package_slices,
)
from clinicdesk.hub.service.feeds import (
    standards_page as standards_page,
)
from clinicdesk.hub.service.fund import (
    ContributionRecord as ContributionRecord,
)
from clinicdesk.hub.service.fund import (
    default_fund_range as default_fund_range,
)
from clinicdesk.hub.service.fund import (
    fund_statement as fund_statement,
)
from clinicdesk.hub.service.fund import (
    list_contributions as list_contributions,
)
from clinicdesk.hub.service.publishing import (
    Published as Published,
)
from clinicdesk.hub.service.publishing import (
    SeedSummary as SeedSummary,
)
from clinicdesk.hub.service.publishing import (
    publish_course as publish_course,
)
from clinicdesk.hub.service.publishing import (
    publish_standard as publish_standard,
)
from clinicdesk.hub.service.publishing import (
    retire_standard as retire_standard,
)
from clinicdesk.hub.service.publishing import (
    seed as seed,
)
