"""The hub's HTTP API, v1 (DESIGN §5), on FastAPI.

Every error leaves as `application/problem+json` (RFC 9457, the contract's
`ProblemDetails`), including FastAPI's own validation errors, unknown paths (404), wrong
methods (405) and bodies over the size limit (413). Endpoints are plain functions: FastAPI
runs them on its thread pool, each with its own database session.

`create_app(url)` builds the application; nothing happens at import time. uvicorn starts
each worker process through `app_from_environment`, which reads the database address
from CLINICDESK_HUB_DB_URL (set by `clinicdesk hub serve`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from http import HTTPStatus
from typing import Annotated, Any

import anyio.to_thread
from fastapi import Depends, FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clinicdesk.db.engine import make_engine
from clinicdesk.errors import (
    ClinicDeskError,
    ConflictError,
    NotFoundError,
    StorageError,
    ValidationError,
)
from clinicdesk.federation.schemas import (
    FEATURES_HEADER,
    IDEMPOTENCY_KEY_HEADER,
    PROBLEM_JSON,
    TRANSLATIONS_FEATURE,
    ClientRelease,
    ClinicInfo,
    ContributionReceipt,
    ContributionsForPeriod,
    ContributionSubmission,
    CoursesPage,
    FundStatement,
    ProblemDetails,
    ProblemField,
    ProblemType,
    StandardsPage,
    TrainingCompletionsReceipt,
    TrainingCompletionsSubmission,
)
from clinicdesk.hub import service
from clinicdesk.hub.db import ENV_HUB_DB_URL, HubDatabase, resolve_hub_url, schema_status
from clinicdesk.hub.releases import PublishRelease, client_release_from_environment
from clinicdesk.hub.service import ClinicRef, Refusal

log = logging.getLogger(__name__)

API_TITLE = "ClinicDesk federation hub"
API_VERSION = "1"
MAX_BODY_BYTES = 1024 * 1024
PERIOD_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"  # not \d: pydantic's \d is any script's
IDENTIFIER_PATTERN = r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$"
REPLAYED_HEADER = "Idempotent-Replayed"

DESCRIPTION = """\
The federation hub of ClinicDesk cooperative clinics: standards and courses go out,
monthly contributions and staff training completions come in.

Every call needs `Authorization: Bearer <clinic API key>`. Errors are
`application/problem+json` (RFC 9457). POSTs need an `Idempotency-Key` header: the same
key with the same body returns the original response; the same key with another body is
refused (422). Money is a string with two decimals, never a JSON number.
"""


# --- problems -------------------------------------------------------------------------------


# RFC 9110's names; Python 3.11's HTTPStatus still has the RFC 7231 ones for these two.
_TITLES = {413: "Content Too Large", 422: "Unprocessable Content"}


def status_title(status: int) -> str:
    return _TITLES.get(status) or HTTPStatus(status).phrase


def problem_response(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    problem_type: str = "about:blank",
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    errors: Sequence[ProblemField] = (),
    extensions: dict[str, Any] | None = None,
) -> Response:
    problem = ProblemDetails(
        type=problem_type,
        title=title or status_title(status),
        status=status,
        detail=detail,
        instance=instance,
        errors=tuple(errors),
        **(extensions or {}),
    )
    return Response(
        problem.model_dump_json(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _field_name(error: dict[str, Any]) -> str:
    """`amount`, `rate_standard.id`, `header.Idempotency-Key`, `query.limit`, or `body`
    when the whole body is at fault."""
    parts = [str(part) for part in error.get("loc", ())]
    if error.get("type") == "json_invalid":
        return "body"
    if parts and parts[0] == "body":
        parts = parts[1:]
    return ".".join(parts) or "body"


def _field_message(error: dict[str, Any]) -> str:
    kind = error.get("type")
    if kind == "extra_forbidden":
        return "is not a field of the federation contract"
    if kind == "missing":
        return "is required"
    if kind == "json_invalid":
        reason = error.get("ctx", {}).get("error", "decode error")
        return f"is not valid JSON ({reason}, at character {error.get('loc', ('', '?'))[-1]})"
    return str(error.get("msg", "is not valid")).removeprefix("Value error, ")


async def _on_validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    fields = [
        ProblemField(field=_field_name(item), message=_field_message(item))
        for item in error.errors()
    ]
    shown = "; ".join(f"{f.field}: {f.message}" for f in fields[:3])
    more = f" (and {len(fields) - 3} more)" if len(fields) > 3 else ""
    return problem_response(
        422,
        f"The request is not valid: {shown}{more}.",
        problem_type=ProblemType.VALIDATION,
        instance=request.url.path,
        errors=fields,
    )


async def _on_http_exception(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    status = error.status_code
    headers = dict(error.headers or {})
    if status == 404:
        detail = f"There is no {request.url.path} on this hub; /openapi.json lists the API."
        return problem_response(
            404, detail, problem_type=ProblemType.NOT_FOUND, instance=request.url.path
        )
    if status == 405:
        allowed = headers.get("Allow", headers.get("allow", ""))
        detail = f"{request.method} is not allowed on {request.url.path}; it allows {allowed}."
        return problem_response(405, detail, instance=request.url.path, headers=headers)
    detail = str(error.detail) if error.detail else HTTPStatus(status).phrase
    return problem_response(status, detail, instance=request.url.path, headers=headers)


async def _on_known_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, ClinicDeskError)
    if isinstance(error, Refusal):
        return problem_response(
            error.status,
            error.message,
            title=error.title,
            problem_type=error.problem_type,
            instance=request.url.path,
            headers=error.headers,
            errors=error.errors,
            extensions=error.extensions,
        )
    if isinstance(error, ValidationError):
        return problem_response(
            422, error.message, problem_type=ProblemType.VALIDATION, instance=request.url.path
        )
    if isinstance(error, NotFoundError):
        return problem_response(
            404, error.message, problem_type=ProblemType.NOT_FOUND, instance=request.url.path
        )
    if isinstance(error, ConflictError):
        return problem_response(409, error.message, instance=request.url.path)
    if isinstance(error, StorageError):
        log.error("Storage problem on %s: %s", request.url.path, error.message)
        return _unavailable(request)
    log.error("Refused %s: %s", request.url.path, error.message)
    return problem_response(500, error.message, instance=request.url.path)


def _unavailable(request: Request) -> Response:
    return problem_response(
        503,
        "The hub cannot reach its database just now. Try again in a minute.",
        instance=request.url.path,
        headers={"Retry-After": "30"},
    )


async def _on_database_error(request: Request, error: Exception) -> Response:
    log.error("Database unavailable on %s: %s", request.url.path, error)
    return _unavailable(request)


async def _on_bug(request: Request, error: Exception) -> Response:
    # Starlette logs the traceback after this handler has answered.
    return problem_response(
        500,
        "The hub failed to handle this request. The operator will find the error in the hub's log.",
        instance=request.url.path,
    )


# --- request size ------------------------------------------------------------------------------


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is larger than the hub accepts ({limit} bytes).")


class BodySizeLimit:
    """Refuse request bodies over `limit` bytes: at once when Content-Length says so, or
    as soon as a chunked body grows past it."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            error = BodyTooLarge(self.limit)
            response = problem_response(
                413, str(error.detail), instance=scope.get("path"), headers={"Connection": "close"}
            )
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, limited_receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


# --- the application ---------------------------------------------------------------------------


class HubApp(FastAPI):
    """FastAPI, with an OpenAPI document that says what the hub really sends on errors."""

    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema is None:
            schema = super().openapi()
            for path_item in schema.get("paths", {}).values():
                for operation in path_item.values():
                    for code, response in operation.get("responses", {}).items():
                        if code[:1] in ("4", "5"):
                            response["content"] = {
                                PROBLEM_JSON: {
                                    "schema": {"$ref": "#/components/schemas/ProblemDetails"}
                                }
                            }
            components = schema.get("components", {}).get("schemas", {})
            for unused in ("HTTPValidationError", "ValidationError"):
                components.pop(unused, None)
            self.openapi_schema = schema
        return self.openapi_schema


def _problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    descriptions = {
        401: "No API key, or an unknown or revoked one",
        404: "No such resource",
        409: "The request clashes with what the hub holds",
        413: "The body is larger than 1 MiB",
        422: "The request is not valid, or the Idempotency-Key was used for another request",
        503: "The hub is not ready (its database, or standards it needs)",
    }
    return {code: {"model": ProblemDetails, "description": descriptions[code]} for code in codes}


def hub_database(request: Request) -> HubDatabase:
    db: HubDatabase | None = getattr(request.app.state, "db", None)
    if db is None:
        raise RuntimeError("the hub was started without a database")
    return db


_bearer = HTTPBearer(auto_error=False, description="The clinic's API key")


def authenticated_clinic(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> ClinicRef:
    return service.authenticate(
        hub_database(request), credentials.credentials if credentials else None
    )


Db = Annotated[HubDatabase, Depends(hub_database)]
Clinic = Annotated[ClinicRef, Depends(authenticated_clinic)]
IdempotencyKey = Annotated[
    str,
    Header(
        alias=IDEMPOTENCY_KEY_HEADER,
        min_length=1,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description="A key the clinic chooses per request (a UUID is best), scoped to the "
        "clinic: a retry sends the same key and body.",
    ),
]
Features = Annotated[
    str | None,
    Header(
        alias=FEATURES_HEADER,
        max_length=500,
        description="What the program reads beyond the first v1 contract, comma-separated "
        f"(`{TRANSLATIONS_FEATURE}`: standards carry their translations). Left out: "
        "what a program from before that feature would refuse.",
    ),
]
Cursor = Annotated[
    str | None,
    Query(max_length=500, description="next_cursor of the last page the clinic stored"),
]
Limit = Annotated[
    int,
    Query(ge=1, le=service.MAX_PAGE_SIZE, description="most changes in one page"),
]
PeriodPath = Annotated[str, Path(pattern=PERIOD_PATTERN, examples=["2025-03"])]
PeriodFrom = Annotated[
    str | None,
    Query(
        pattern=PERIOD_PATTERN,
        examples=["2025-01"],
        description="first month (default: January of the current year)",
    ),
]
PeriodTo = Annotated[
    str | None,
    Query(
        pattern=PERIOD_PATTERN,
        examples=["2025-12"],
        description="last month, included (default: the current month)",
    ),
]


def _stored(stored: service.StoredResponse) -> Response:
    headers = {REPLAYED_HEADER: "true"} if stored.replayed else None
    return Response(
        stored.body,
        status_code=stored.status_code,
        media_type="application/json",
        headers=headers,
    )


def _etag_matches(if_none_match: str, sha256: str) -> bool:
    for candidate in if_none_match.split(","):
        tag = candidate.strip().removeprefix("W/").strip('"')
        if tag in ("*", sha256):
            return True
    return False


def _add_routes(app: FastAPI) -> None:
    @app.get(
        "/v1/clinic",
        response_model=ClinicInfo,
        responses=_problems(401, 503),
        summary="Who am I: the clinic and its contribution rate",
    )
    def get_clinic(clinic: Clinic, db: Db) -> ClinicInfo:
        return service.clinic_info(db, clinic)

    @app.get(
        "/v1/standards",
        response_model=StandardsPage,
        responses=_problems(401, 422),
        summary="Standards published or retired since the cursor",
    )
    def get_standards(
        clinic: Clinic,
        db: Db,
        cursor: Cursor = None,
        limit: Limit = service.DEFAULT_PAGE_SIZE,
        features: Features = None,
    ) -> StandardsPage:
        named = {part.strip() for part in (features or "").split(",")}
        return service.standards_page(db, cursor, limit, translations=TRANSLATIONS_FEATURE in named)

    @app.get(
        "/v1/courses",
        response_model=CoursesPage,
        responses=_problems(401, 422),
        summary="Course versions published since the cursor",
    )
    def get_courses(
        clinic: Clinic, db: Db, cursor: Cursor = None, limit: Limit = service.DEFAULT_PAGE_SIZE
    ) -> CoursesPage:
        return service.courses_page(db, cursor, limit)

    @app.get(
        "/v1/courses/{course_id}/versions/{version}/package",
        response_class=Response,
        responses={
            200: {
                "description": "The course package (zip); ETag is its quoted sha256",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            },
            304: {"description": "The package named in If-None-Match is current"},
            **_problems(401, 404, 422),
        },
        summary="A course version's content package",
    )
    def get_course_package(
        clinic: Clinic,
        db: Db,
        course_id: Annotated[str, Path(pattern=IDENTIFIER_PATTERN, max_length=80)],
        version: Annotated[int, Path(ge=1, le=1_000_000)],
        if_none_match: Annotated[str | None, Header(max_length=2000)] = None,
    ) -> Response:
        package = service.course_package(db, course_id, version)
        headers = {
            "ETag": f'"{package.sha256}"',
            "Cache-Control": "private, max-age=31536000, immutable",
        }
        if if_none_match and _etag_matches(if_none_match, package.sha256):
            return Response(status_code=304, headers=headers)
        headers["Content-Length"] = str(package.size_bytes)
        headers["Content-Disposition"] = f'attachment; filename="{course_id}-{version}.zip"'
        return StreamingResponse(
            service.package_slices(db, package), media_type="application/zip", headers=headers
        )

    @app.post(
        "/v1/contributions",
        status_code=201,
        response_model=ContributionReceipt,
        responses=_problems(401, 409, 413, 422),
        summary="A month's contribution (sequence 0) or an amendment (1, 2, …)",
    )
    def post_contribution(
        submission: ContributionSubmission,
        idempotency_key: IdempotencyKey,
        clinic: Clinic,
        db: Db,
    ) -> Response:
        return _stored(service.submit_contribution(db, clinic, idempotency_key, submission))

    @app.get(
        "/v1/contributions/{period}",
        response_model=ContributionsForPeriod,
        responses=_problems(401, 422),
        summary="This clinic's receipts for a month, oldest sequence first",
    )
    def get_contributions(period: PeriodPath, clinic: Clinic, db: Db) -> ContributionsForPeriod:
        return service.contributions_for_period(db, clinic, period)

    @app.post(
        "/v1/training-completions",
        status_code=201,
        response_model=TrainingCompletionsReceipt,
        responses=_problems(401, 409, 413, 422),
        summary="Staff training completions (no patient data)",
    )
    def post_training_completions(
        submission: TrainingCompletionsSubmission,
        idempotency_key: IdempotencyKey,
        clinic: Clinic,
        db: Db,
    ) -> Response:
        return _stored(service.submit_completions(db, clinic, idempotency_key, submission))

    @app.get(
        "/v1/fund",
        response_model=FundStatement,
        responses=_problems(401, 404, 422),
        summary="How this clinic's contributions were divided under the allocation in force",
    )
    def get_fund(
        clinic: Clinic,
        db: Db,
        period_from: PeriodFrom = None,
        period_to: PeriodTo = None,
    ) -> FundStatement:
        first, last = service.default_fund_range(service.today_utc())
        return service.fund_statement(db, clinic, period_from or first, period_to or last)


def create_app(db_url: str | None = None, client_release: ClientRelease | None = None) -> FastAPI:
    """The hub application. Without `db_url` it can only describe itself (OpenAPI).
    `client_release`: the ClinicDesk release it publishes on every answer."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if db_url is None:
            yield
            return
        db = HubDatabase(make_engine(db_url))
        try:
            status = await anyio.to_thread.run_sync(schema_status, db)
            if not status.is_current:
                raise StorageError(
                    f"The hub database is at schema {status.current or 'nothing'}, not "
                    f"{status.head}.",
                    hint="Start the hub with `clinicdesk hub serve`, which upgrades it first.",
                )
            app.state.db = db
            log.info("Hub serving from %s", db.description)
            yield
        finally:
            db.dispose()

    app = HubApp(
        title=API_TITLE,
        version=API_VERSION,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.add_middleware(BodySizeLimit, limit=MAX_BODY_BYTES)
    if client_release is not None:
        app.add_middleware(PublishRelease, release=client_release)
    handlers: list[tuple[type[Exception], Callable[[Request, Exception], Any]]] = [
        (RequestValidationError, _on_validation_error),
        (HTTPException, _on_http_exception),
        (ClinicDeskError, _on_known_error),
        (sa_exc.OperationalError, _on_database_error),
        (Exception, _on_bug),
    ]
    for error_type, handler in handlers:
        app.add_exception_handler(error_type, handler)
    _add_routes(app)
    from clinicdesk.hub import audit_heads  # it builds on this module's dependencies

    audit_heads.add_routes(app)
    from clinicdesk.hub import policies

    policies.add_routes(app)
    return app


def app_from_environment() -> FastAPI:
    """uvicorn's factory in each worker process."""
    return create_app(
        resolve_hub_url(os.environ.get(ENV_HUB_DB_URL)), client_release_from_environment()
    )


def openapi_document() -> dict[str, Any]:
    return create_app(None).openapi()
