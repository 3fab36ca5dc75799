"""The clinic's HTTP client for the federation hub, API v1 (DESIGN §5 and §6).

One `HubClient` per hub. Every call returns a model of the contract
(`clinicdesk.federation.schemas`) or raises one of the known errors of
`clinicdesk.federation.errors`. The hub's address and the certificate authority it is
trusted by are checked by `clinicdesk.federation.address` before a client is made.

Retries: 5xx and 429 answers, and connection failures, are retried with exponential
back-off and full jitter, honouring `Retry-After`. A POST is retried only because it
carries an Idempotency-Key: the hub answers a replay with the original response, so a
retry after a lost response cannot record a submission twice. Retries are logged at
INFO: they are expected, and a warning would alarm someone for nothing.

Nothing here opens a connection until a call is made.
"""

from __future__ import annotations

import email.utils
import hashlib
import logging
import math
import os
import random
import tempfile
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import pydantic
import requests

from clinicdesk.domain.versions import parse_release
from clinicdesk.errors import ConfigurationError
from clinicdesk.federation.address import check_hub_url
from clinicdesk.federation.errors import (
    RECONNECT_HINT,
    ContractViolation,
    HubError,
    HubUnreachable,
    raise_for_status,
    unavailable,
)
from clinicdesk.federation.packages import MAX_PACKAGE_BYTES
from clinicdesk.federation.schemas import (
    API_VERSION,
    CLIENT_DOWNLOAD_HEADER,
    CLIENT_FEATURES,
    CLIENT_VERSION_HEADER,
    FEATURES_HEADER,
    IDEMPOTENCY_KEY_HEADER,
    AuditHead,
    AuditHeadReceipt,
    AuditHeadStatus,
    ClientRelease,
    ClinicInfo,
    ContributionReceipt,
    ContributionsForPeriod,
    ContributionSubmission,
    CoursesPage,
    FundStatement,
    PolicyCountsReceipt,
    PolicyCountsSubmission,
    StandardsPage,
    TrainingCompletionsReceipt,
    TrainingCompletionsSubmission,
)
from clinicdesk.i18n import _

log = logging.getLogger(__name__)

BACKOFF_BASE_S = 0.5
BACKOFF_CAP_S = 30.0
MAX_RETRY_AFTER_S = 300.0
"""A Retry-After longer than this is not waited out in the call: the call fails with
`HubUnavailable` (carrying `retry_after`) and the sync engine tries again later."""

DEFAULT_TIMEOUT = (5.0, 30.0)
_RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
_CHUNK_BYTES = 64 * 1024

T = TypeVar("T")
ModelT = TypeVar("ModelT", bound=pydantic.BaseModel)


# --- retries -------------------------------------------------------------------------------


def backoff_delay(attempt: int, retry_after: float | None, rng: Callable[[], float]) -> float:
    """Seconds to wait after failed attempt number `attempt` (1 for the first): "full
    jitter", a uniform draw from 0 to min(cap, base * 2**(attempt-1)), but never less than
    the hub's Retry-After."""
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    ceiling = min(BACKOFF_CAP_S, BACKOFF_BASE_S * (1 << min(attempt - 1, 32)))
    delay = rng() * ceiling
    if retry_after is not None and retry_after > delay:
        delay = retry_after
    return delay


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds from `now`: delay-seconds or an HTTP-date (RFC 9110
    §10.2.3). None when absent or unreadable; a date in the past is 0."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(int(text))
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    seconds = (moment - (now or datetime.now(UTC))).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None


def _first_error(error: pydantic.ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "body"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{where}: {first.get('msg', 'invalid')}{more}"


# --- the client ---------------------------------------------------------------------------------


class HubClient:
    """Calls to one federation hub as one clinic (its API key)."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        ca_bundle: str | os.PathLike[str] | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
        max_attempts: int = 5,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts is 1 or more")
        if not api_key or any(char.isspace() for char in api_key):
            raise ConfigurationError(
                _("The federation API key is empty or has spaces in it."), hint=RECONNECT_HINT
            )
        self.base_url = check_hub_url(base_url)
        self._api_key = api_key
        self._verify: str | bool = os.fspath(ca_bundle) if ca_bundle else True
        self._timeout = timeout
        self._owns_session = session is None
        self._session = session if session is not None else requests.Session()
        self._max_attempts = max_attempts
        self._sleep = sleep
        self._rng = rng
        self.client_release: ClientRelease | None = None
        """The current ClinicDesk release, as the hub's last answer published it."""

    def close(self) -> None:
        if self._owns_session:
            self._session.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:  # never the key
        return f"HubClient({self.base_url!r})"

    # --- calls -----------------------------------------------------------------------------

    def clinic(self) -> ClinicInfo:
        return self._get_model(ClinicInfo, f"/{API_VERSION}/clinic")

    def standards_page(self, cursor: str | None, limit: int | None = None) -> StandardsPage:
        return self._get_model(
            StandardsPage, f"/{API_VERSION}/standards", params=_page_params(cursor, limit)
        )

    def courses_page(self, cursor: str | None, limit: int | None = None) -> CoursesPage:
        return self._get_model(
            CoursesPage, f"/{API_VERSION}/courses", params=_page_params(cursor, limit)
        )

    def contributions_for(self, period: str) -> ContributionsForPeriod:
        path = f"/{API_VERSION}/contributions/{quote(period, safe='')}"
        result = self._get_model(ContributionsForPeriod, path)
        if result.period != period:
            raise ContractViolation(
                f"The hub answered GET {path} with the receipts of {result.period}.",
                call=f"GET {path}",
            )
        return result

    def fund(self, period_from: str | None = None, period_to: str | None = None) -> FundStatement:
        params = {
            name: value
            for name, value in (("period_from", period_from), ("period_to", period_to))
            if value is not None
        }
        return self._get_model(FundStatement, f"/{API_VERSION}/fund", params=params)

    def submit_contribution(
        self, submission: ContributionSubmission, idempotency_key: str
    ) -> ContributionReceipt:
        return self._post_model(
            ContributionReceipt, f"/{API_VERSION}/contributions", submission, idempotency_key
        )

    def submit_completions(
        self, batch: TrainingCompletionsSubmission, idempotency_key: str
    ) -> TrainingCompletionsReceipt:
        return self._post_model(
            TrainingCompletionsReceipt,
            f"/{API_VERSION}/training-completions",
            batch,
            idempotency_key,
        )

    def submit_policy_counts(
        self, counts: PolicyCountsSubmission, idempotency_key: str
    ) -> PolicyCountsReceipt:
        return self._post_model(
            PolicyCountsReceipt,
            f"/{API_VERSION}/policy-acknowledgements",
            counts,
            idempotency_key,
        )

    def push_audit_head(self, head: AuditHead, idempotency_key: str) -> AuditHeadReceipt:
        return self._post_model(
            AuditHeadReceipt, f"/{API_VERSION}/audit-heads", head, idempotency_key
        )

    def audit_head_status(self) -> AuditHeadStatus:
        return self._get_model(AuditHeadStatus, f"/{API_VERSION}/audit-heads/latest")

    def download_package(
        self,
        course_id: str,
        version: int,
        dest_path: str | os.PathLike[str],
        expected_sha256: str,
        etag: str | None = None,
    ) -> bool:
        """Fetch a course package into `dest_path`. False when the hub says the package
        named by `etag` is current (304): `dest_path` is left as it is. The bytes go to a
        temporary file beside `dest_path` and replace it only once their sha256 matches
        `expected_sha256`; otherwise nothing is left behind and ContractViolation is
        raised."""
        dest = Path(dest_path)
        expected = expected_sha256.lower()
        path = f"/{API_VERSION}/courses/{quote(course_id, safe='')}/versions/{int(version)}/package"
        call = f"GET {path}"
        headers = {"Accept": "application/zip"}
        if etag:
            headers["If-None-Match"] = _quoted_etag(etag)

        def save(response: requests.Response) -> bool:
            if response.status_code == 304:
                return False
            raise_for_status(call, response, expected=(200,))
            self._stream_to(call, response, dest, expected)
            return True

        return self._send(call, "GET", path, headers=headers, handle=save)

    # --- plumbing ---------------------------------------------------------------------------

    def _get_model(
        self, model: type[ModelT], path: str, *, params: Mapping[str, str] | None = None
    ) -> ModelT:
        call = f"GET {path}"
        return self._send(
            call, "GET", path, params=params, handle=lambda r: self._parse(call, model, r)
        )

    def _post_model(
        self,
        model: type[ModelT],
        path: str,
        body: pydantic.BaseModel,
        idempotency_key: str,
    ) -> ModelT:
        call = f"POST {path}"
        if not idempotency_key or not idempotency_key.strip():
            raise ValueError(_("{call} needs an Idempotency-Key").format(call=call))
        return self._send(
            call,
            "POST",
            path,
            headers={IDEMPOTENCY_KEY_HEADER: idempotency_key, "Content-Type": "application/json"},
            data=body.model_dump_json().encode("utf-8"),
            handle=lambda r: self._parse(call, model, r, expected=(200, 201)),
        )

    def _note_release(self, response: requests.Response) -> None:
        """The current ClinicDesk release, when the hub publishes it on its answers."""
        version = response.headers.get(CLIENT_VERSION_HEADER, "").strip()
        if parse_release(version) is None:
            return
        download = response.headers.get(CLIENT_DOWNLOAD_HEADER, "").strip()
        self.client_release = ClientRelease(
            version, download if download.startswith("https://") else None
        )

    def _send(
        self,
        call: str,
        method: str,
        path: str,
        *,
        handle: Callable[[requests.Response], T],
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        data: bytes | None = None,
    ) -> T:
        """One call with retries. `handle` reads the response; a connection failure while
        it reads is retried like one before the answer."""
        if method != "GET" and not (headers and headers.get(IDEMPOTENCY_KEY_HEADER)):
            raise ValueError(
                _("{call}: only requests with an Idempotency-Key may be sent").format(call=call)
            )
        request_headers = {
            "Authorization": f"Bearer {self._api_key}",
            "Accept": "application/json",
            FEATURES_HEADER: ", ".join(CLIENT_FEATURES),
            **(headers or {}),
        }
        url = self.base_url + path
        for attempt in range(1, self._max_attempts + 1):
            retry_after: float | None = None
            try:
                with self._session.request(
                    method,
                    url,
                    params=params,
                    headers=request_headers,
                    data=data,
                    timeout=self._timeout,
                    verify=self._verify,
                    allow_redirects=False,
                    stream=True,
                ) as response:
                    self._note_release(response)
                    if response.status_code not in _RETRIED_STATUSES:
                        return handle(response)
                    retry_after = parse_retry_after(response.headers.get("Retry-After"))
                    failure: HubError = unavailable(call, response, retry_after)
            except requests.exceptions.SSLError as error:
                raise HubUnreachable(
                    f"The secure connection to the federation hub failed ({call}): {error}.",
                    call=call,
                    hint="Check the hub address and the computer's clock. If the federation "
                    "uses its own certificate authority, give its certificate file in "
                    "Federation → Connection → Connect, or with `clinicdesk federation "
                    "connect --ca-bundle FILE`.",
                ) from error
            except (
                requests.exceptions.ConnectionError,
                requests.exceptions.Timeout,
                requests.exceptions.ChunkedEncodingError,
            ) as error:
                failure = HubUnreachable(
                    f"The federation hub at {self.base_url} could not be reached ({call}).",
                    call=call,
                    hint="Check the internet connection; ClinicDesk tries again at the next sync.",
                )
                failure.__cause__ = error
            if attempt == self._max_attempts:
                raise failure
            if retry_after is not None and retry_after > MAX_RETRY_AFTER_S:
                raise failure
            delay = backoff_delay(attempt, retry_after, self._rng)
            log.info(
                "%s: attempt %d of %d failed (%s); trying again in %.1f s",
                call,
                attempt,
                self._max_attempts,
                failure.status or type(failure.__cause__).__name__,
                delay,
            )
            self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _parse(
        self,
        call: str,
        model: type[ModelT],
        response: requests.Response,
        *,
        expected: tuple[int, ...] = (200,),
    ) -> ModelT:
        raise_for_status(call, response, expected=expected)
        body = response.content
        try:
            return model.model_validate_json(body)
        except pydantic.ValidationError as error:
            raise ContractViolation(
                f"The federation hub's answer to {call} does not follow the contract "
                f"({_first_error(error)}).",
                call=call,
                status=response.status_code,
                hint="If the hub was updated, update ClinicDesk; otherwise tell the federation.",
            ) from error

    def _stream_to(
        self, call: str, response: requests.Response, dest: Path, expected_sha256: str
    ) -> None:
        dest.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{dest.name}.", suffix=".part", dir=dest.parent
        )
        temp = Path(temp_name)
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in response.iter_content(_CHUNK_BYTES):
                    size += len(chunk)
                    if size > MAX_PACKAGE_BYTES:
                        raise ContractViolation(
                            f"The course package from {call} is larger than "
                            f"{MAX_PACKAGE_BYTES} bytes.",
                            call=call,
                            status=response.status_code,
                        )
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if digest.hexdigest() != expected_sha256:
                raise ContractViolation(
                    f"The course package from {call} is damaged: its sha256 is "
                    f"{digest.hexdigest()}, not the published {expected_sha256}.",
                    call=call,
                    status=response.status_code,
                    hint="It was not used. ClinicDesk fetches it again at the next sync.",
                )
            os.replace(temp, dest)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise


def _page_params(cursor: str | None, limit: int | None) -> dict[str, str]:
    params: dict[str, str] = {}
    if cursor:
        params["cursor"] = cursor
    if limit is not None:
        params["limit"] = str(limit)
    return params


def _quoted_etag(etag: str) -> str:
    tag = etag.strip()
    return tag if tag.startswith(('"', "W/")) else f'"{tag}"'
