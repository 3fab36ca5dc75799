"""What every part of the hub's service shares: the refusal a clinic's program understands
(an RFC 9457 problem), the change feeds' names, and small helpers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel

from clinicdesk.errors import ClinicDeskError
from clinicdesk.federation.schemas import (
    ProblemField,
    ProblemType,
)

STANDARDS = "standards"
COURSES = "courses"
PUBLISH = "publish"
RETIRE = "retire"


class Refusal(ClinicDeskError):
    """A request the hub refuses, as an RFC 9457 problem: `status`, `problem_type`,
    `title`, the message as `detail`, and extension members in `extensions`."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        problem_type: str = "about:blank",
        headers: dict[str, str] | None = None,
        errors: Sequence[ProblemField] = (),
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.problem_type = problem_type
        self.headers = headers or {}
        self.errors = tuple(errors)
        self.extensions = extensions


def not_found(detail: str) -> Refusal:
    return Refusal(404, "Not Found", detail, problem_type=ProblemType.NOT_FOUND)


def invalid(detail: str, field_name: str) -> Refusal:
    return Refusal(
        422,
        "Unprocessable Content",
        detail,
        problem_type=ProblemType.VALIDATION,
        errors=(ProblemField(field=field_name, message=detail),),
    )


def aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def today_utc() -> date:
    return datetime.now(UTC).date()


def canonical_json(model: BaseModel) -> str:
    """One spelling per meaning: what idempotency compares and what is stored."""
    return json.dumps(
        model.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
