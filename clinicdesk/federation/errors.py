"""What the federation hub's answers mean to the clinic: one known error (a
`NetworkError`) for each way a call can fail, and the reading of an answer's status into
one of them.

- `HubUnreachable`: no connection (refused, reset, timed out, TLS failure);
- `AuthenticationRejected`: the hub refused the API key (401/403), never retried;
- `HubConflict`: 409, with the problem's type, detail and extension members;
- `HubRejected`: the hub refused the request (400, 404, 413, 422, …);
- `HubUnavailable`: 5xx or 429 after every attempt;
- `ContractViolation`: the hub answered something the contract does not allow.
"""

from __future__ import annotations

from typing import Any

import pydantic
import requests

from clinicdesk.errors import NetworkError
from clinicdesk.federation.schemas import ProblemDetails
from clinicdesk.i18n import _

RECONNECT_HINT = (
    "Ask the federation for a new API key and reconnect this clinic "
    "(clinicdesk federation connect)."
)


class HubError(NetworkError):
    """Something went wrong talking to the hub. `call` names the operation (e.g.
    "GET /v1/clinic"); `status` and `problem` are the hub's answer, when there was one."""

    title = "Federation hub"

    def __init__(
        self,
        message: str,
        *,
        call: str,
        status: int | None = None,
        problem: ProblemDetails | None = None,
        hint: str | None = None,
    ) -> None:
        self.call = call
        self.status = status
        self.problem = problem
        super().__init__(message, hint=hint)

    @property
    def problem_type(self) -> str | None:
        return self.problem.type if self.problem else None

    @property
    def detail(self) -> str | None:
        return self.problem.detail if self.problem else None

    @property
    def extensions(self) -> dict[str, Any]:
        """The problem's extension members (e.g. `next_sequence`)."""
        return dict(self.problem.model_extra or {}) if self.problem else {}


class HubUnreachable(HubError):
    """No answer: connection refused or reset, timeout, DNS or TLS failure."""

    title = "Federation hub unreachable"


class HubUnavailable(HubError):
    """The hub answered 5xx or 429 on every attempt. `retry_after` is the wait (seconds)
    the hub last asked for, if it said."""

    title = "Federation hub unavailable"

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kwargs)


class AuthenticationRejected(HubError):
    """The hub does not accept this clinic's API key (unknown, revoked, or not allowed)."""

    title = "Federation key refused"
    exit_code = 4


class HubConflict(HubError):
    """409: the request clashes with what the hub holds (e.g. the period was already
    submitted; `extensions["next_sequence"]` says which amendment comes next)."""

    title = "Federation conflict"
    exit_code = 3


class HubRejected(HubError):
    """The hub refused the request as invalid (400, 404, 413, 422, …)."""

    title = "Refused by the federation hub"
    exit_code = 2


class ContractViolation(HubError):
    """The hub's answer does not follow the federation contract (v1)."""

    title = "Unexpected answer from the federation hub"


# --- reading an answer ------------------------------------------------------------------


def problem_of(response: requests.Response) -> ProblemDetails | None:
    """The answer's problem document (RFC 9457), or None when it has none."""
    try:
        return ProblemDetails.model_validate_json(response.content)
    except (pydantic.ValidationError, ValueError):
        return None


def unavailable(
    call: str, response: requests.Response, retry_after: float | None
) -> HubUnavailable:
    """The error a 5xx or 429 answer means once no attempt is left."""
    try:
        problem = problem_of(response)
    except requests.exceptions.RequestException:
        problem = None
    what = "is busy" if response.status_code == 429 else "could not answer"
    return HubUnavailable(
        f"The federation hub {what} ({call}, HTTP {response.status_code}).",
        call=call,
        status=response.status_code,
        problem=problem,
        retry_after=retry_after,
        hint="ClinicDesk tries again at the next sync; if this lasts, tell the federation.",
    )


def raise_for_status(call: str, response: requests.Response, *, expected: tuple[int, ...]) -> None:
    """Return when the status is one of `expected`; otherwise raise the error it means."""
    status = response.status_code
    if status in expected:
        return
    problem = problem_of(response)
    detail = problem.detail if problem and problem.detail else None
    said = f": {detail}" if detail else "."
    if status in (401, 403):
        raise AuthenticationRejected(
            f"The federation hub refused this clinic's API key ({call}){said}",
            call=call,
            status=status,
            problem=problem,
            hint=RECONNECT_HINT,
        )
    if status == 409:
        raise HubConflict(
            _("The federation hub refused {call} as a conflict{said}").format(call=call, said=said),
            call=call,
            status=status,
            problem=problem,
        )
    if 400 <= status < 500:
        raise HubRejected(
            f"The federation hub refused {call} (HTTP {status}){said}",
            call=call,
            status=status,
            problem=problem,
        )
    raise ContractViolation(
        f"The federation hub answered {call} with HTTP {status}, which the contract "
        "does not allow.",
        call=call,
        status=status,
        problem=problem,
        hint="If the hub was updated, update ClinicDesk; otherwise tell the federation.",
    )
