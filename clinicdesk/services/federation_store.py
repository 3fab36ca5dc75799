"""The clinic's side of the federation link, in its own database: standards and course
versions pulled from the hub, and the outbox of requests waiting to go to the hub
(DESIGN §4, §6). The outbox rows and the pull cursors themselves are kept by
`db/outbox.py`; this module adds what the contract and people need on top of them.

Two kinds of function live here:

- *Engine-internal* ones take only a unit of work and never commit: the sync engine (and
  the business services that announce something to the hub) call them inside their own
  transaction, so a pulled page and its cursor, or a business row and its outbox message,
  are stored together or not at all. `apply_standards_page`, `apply_courses_page`,
  `store_package`, `courses_to_download`, `enqueue` (only the contract's request models),
  `standards_in_force` and `load_default_standards` are of this kind.
- Functions people call from the UI or the command line take a Principal, are guarded
  with `requires`, and return dataclasses: `list_standards`, `standard_history` and
  `list_outbox` (VIEW_FEDERATION), `retry` and `discard` (MANAGE_FEDERATION; audited and
  committed here).

Nothing here holds patient data: outbox payloads are the contract's request models, which
refuse any field the contract does not name.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import and_, or_, select

from clinicdesk import resources_root
from clinicdesk.db import outbox
from clinicdesk.db.models import CourseVersion, OutboxMessage, Standard, utcnow
from clinicdesk.db.outbox import COURSES, STANDARDS, get_cursor, naive_utc, set_cursor
from clinicdesk.db.outbox import OutboxInfo as OutboxInfo
from clinicdesk.db.outbox import OutboxState as OutboxState
from clinicdesk.db.unit_of_work import UnitOfWork
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.domain.translations import in_language
from clinicdesk.errors import ConfigurationError, ConflictError, NotFoundError, ValidationError
from clinicdesk.federation.packages import load_standards, open_package
from clinicdesk.federation.schemas import (
    CourseManifest,
    CoursesPage,
    RequestModel,
    StandardDocument,
    StandardKind,
    StandardsPage,
    standard_adapter,
)
from clinicdesk.i18n import _
from clinicdesk.services import audit, requires

_MAX_REASON_CHARS = 500


# --- results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplyResult:
    """What applying a page (or the default standards) changed."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.retired)


@dataclass(frozen=True)
class StandardSummary:
    """The latest version of one standard, for a list."""

    standard_id: str
    kind: StandardKind
    title: str
    version: int
    version_count: int
    effective_from: date
    effective_to: date | None
    retired_on: date | None


@dataclass(frozen=True)
class StandardVersionInfo:
    standard_id: str
    version: int
    kind: StandardKind
    title: str
    body: str
    effective_from: date
    effective_to: date | None
    retired_on: date | None
    received_at: datetime


@dataclass(frozen=True)
class CourseDownload:
    """A course version whose package is still to be fetched (or fetched again)."""

    course_id: str
    version: int
    package_url: str | None
    sha256: str
    etag: str | None


@dataclass(frozen=True)
class CourseEntry:
    """One course version in the catalogue, without its package."""

    course_id: str
    version: int
    title: str
    minutes: int | None
    downloaded: bool
    translations: dict[str, Any] | None = None
    """The manifest's title and summary in other languages (`in_language`)."""


# --- standards --------------------------------------------------------------------------


def _standard_values(document: StandardDocument) -> dict[str, Any]:
    rule = getattr(document, "rule", None)
    return {
        "kind": document.kind.value,
        "title": document.title,
        "body": document.body,
        "rule": rule.model_dump(mode="json") if isinstance(rule, BaseModel) else None,
        "translations": {
            code: text.model_dump(mode="json") for code, text in document.translations.items()
        }
        or None,
        "effective_from": document.effective_from,
        "effective_to": document.effective_to,
    }


_STANDARD_COLUMNS = (
    "kind",
    "title",
    "body",
    "rule",
    "translations",
    "effective_from",
    "effective_to",
)


def _upsert_standards(uow: UnitOfWork, documents: Iterable[StandardDocument]) -> ApplyResult:
    added = updated = unchanged = 0
    session = uow.session
    documents = list(documents)
    # the stored versions of these standards in one query, not one per document (the
    # care-gap run after every import stores the shipped standards this way)
    stored = {
        (row.standard_id, row.version): row
        for row in session.execute(
            select(Standard).where(Standard.standard_id.in_({d.id for d in documents}))
        ).scalars()
    }
    for document in documents:
        values = _standard_values(document)
        row = stored.get((document.id, document.version))
        if row is None:
            row = Standard(standard_id=document.id, version=document.version, **values)
            session.add(row)
            stored[(document.id, document.version)] = row  # a page may repeat a version
            _remember(_data(document.id, document.version, values), document)
            added += 1
            continue
        if all(getattr(row, name) == value for name, value in values.items()):
            _remember(_data(document.id, document.version, values), document)
            unchanged += 1
            continue
        # A published version should never change; if the hub says otherwise, it is the
        # authority (it may have corrected a document it had to withdraw).
        for name, value in values.items():
            setattr(row, name, value)
        row.received_at = utcnow()
        updated += 1
    session.flush()
    return ApplyResult(added=added, updated=updated, unchanged=unchanged)


def apply_standards_page(uow: UnitOfWork, page: StandardsPage) -> ApplyResult:
    """Engine-internal. Store a page of standard versions and retirements, and the page's
    cursor, in the caller's transaction (the caller commits). Applying the same page again
    changes nothing. A retirement of a version not received yet has nothing to retire."""
    result = _upsert_standards(uow, page.upserts)
    retired = 0
    for retirement in page.retirements:
        query = select(Standard).where(Standard.standard_id == retirement.id)
        if retirement.version is not None:
            query = query.where(Standard.version == retirement.version)
        for row in uow.session.execute(query).scalars():
            if row.retired_on != retirement.retired_on:
                row.retired_on = retirement.retired_on
                retired += 1
    set_cursor(uow, STANDARDS, page.next_cursor)
    return ApplyResult(result.added, result.updated, result.unchanged, retired)


def document_of(row: Standard) -> StandardDocument:
    """Engine-internal. A stored standard version as the contract's typed model."""
    return _document(row)


def _data(standard_id: str, version: int, values: dict[str, Any]) -> dict[str, Any]:
    """A stored standard as the document it was received as (`values`: its row's
    columns, as `_standard_values` gives them)."""
    data: dict[str, Any] = {
        "id": standard_id,
        "version": version,
        "kind": values["kind"],
        "title": values["title"],
        "body": values["body"],
        "effective_from": values["effective_from"].isoformat(),
        "effective_to": values["effective_to"].isoformat() if values["effective_to"] else None,
    }
    if values["rule"] is not None:
        data["rule"] = values["rule"]
    if values.get("translations"):
        data["translations"] = values["translations"]
    return data


# Documents already validated in this process, by their content (sorted JSON, so the key
# does not depend on the key order PostgreSQL's JSONB gives the rule): each care-gap run
# reads the standards in force, and validating fifteen documents costs more than the
# run's queries on a small clinic. Documents are immutable (DocumentModel is frozen).
_validated: dict[str, StandardDocument] = {}
_VALIDATED_LIMIT = 1000


def _remember(data: dict[str, Any], document: StandardDocument) -> None:
    if len(_validated) >= _VALIDATED_LIMIT:
        _validated.clear()
    _validated[json.dumps(data, sort_keys=True)] = document


def _document(row: Standard) -> StandardDocument:
    data = _data(
        row.standard_id,
        row.version,
        {name: getattr(row, name) for name in _STANDARD_COLUMNS},
    )
    document = _validated.get(json.dumps(data, sort_keys=True))
    if document is None:
        # Through JSON, exactly as the document arrived: money and fractions are strings
        # there.
        document = standard_adapter.validate_json(json.dumps(data))
        _remember(data, document)
    return document


def _in_force(on: date) -> Any:
    return and_(
        Standard.effective_from <= on,
        or_(Standard.effective_to.is_(None), Standard.effective_to > on),
        or_(Standard.retired_on.is_(None), Standard.retired_on > on),
    )


def standards_in_force(uow: UnitOfWork, kind: StandardKind, on: date) -> list[StandardDocument]:
    """Engine-internal (also for the care-gap, training and contribution code). The newest
    version of each standard of `kind` in force on `on` and not retired by then, as the
    contract's typed models, by standard id."""
    kind = StandardKind(kind)
    rows = uow.session.execute(
        select(Standard)
        .where(Standard.kind == kind.value, _in_force(on))
        .order_by(Standard.standard_id, Standard.version.desc())
    ).scalars()
    newest: dict[str, Standard] = {}
    for row in rows:
        newest.setdefault(row.standard_id, row)
    return [_document(row) for row in newest.values()]


@requires(Permission.VIEW_FEDERATION)
def list_standards(
    uow: UnitOfWork, actor: Principal, kind: StandardKind | None = None
) -> list[StandardSummary]:
    """The latest version of every standard received, with how many versions there are."""
    query = select(Standard).order_by(Standard.standard_id, Standard.version.desc())
    if kind is not None:
        query = query.where(Standard.kind == StandardKind(kind).value)
    summaries: dict[str, StandardSummary] = {}
    counts: dict[str, int] = {}
    for row in uow.session.execute(query).scalars():
        counts[row.standard_id] = counts.get(row.standard_id, 0) + 1
        if row.standard_id not in summaries:
            summaries[row.standard_id] = StandardSummary(
                standard_id=row.standard_id,
                kind=StandardKind(row.kind),
                title=row.title,
                version=row.version,
                version_count=0,
                effective_from=row.effective_from,
                effective_to=row.effective_to,
                retired_on=row.retired_on,
            )
    return [
        replace(summary, version_count=counts[standard_id])
        for standard_id, summary in summaries.items()
    ]


@requires(Permission.VIEW_FEDERATION)
def standard_history(
    uow: UnitOfWork, actor: Principal, standard_id: str
) -> list[StandardVersionInfo]:
    """Every version of one standard, newest first."""
    rows = list(
        uow.session.execute(
            select(Standard)
            .where(Standard.standard_id == standard_id)
            .order_by(Standard.version.desc())
        ).scalars()
    )
    if not rows:
        raise NotFoundError(
            _("There is no standard {standard_id}.").format(standard_id=standard_id)
        )
    return [
        StandardVersionInfo(
            standard_id=row.standard_id,
            version=row.version,
            kind=StandardKind(row.kind),
            title=row.title,
            body=row.body,
            effective_from=row.effective_from,
            effective_to=row.effective_to,
            retired_on=row.retired_on,
            received_at=row.received_at,
        )
        for row in rows
    ]


@requires(Permission.VIEW_FEDERATION)
def standard_rules(uow: UnitOfWork, actor: Principal, standard_id: str) -> dict[int, Any]:
    """The rule (as stored JSON, None for a policy) of every version of one standard:
    what the readable view compares between versions."""
    rows = uow.session.execute(
        select(Standard.version, Standard.rule).where(Standard.standard_id == standard_id)
    ).all()
    return {int(version): rule for version, rule in rows}


@requires(Permission.VIEW_FEDERATION)
def list_course_versions(uow: UnitOfWork, actor: Principal) -> list[CourseEntry]:
    """Every course version known here, by course and version, without the packages."""
    rows = uow.session.execute(
        select(
            CourseVersion.course_id,
            CourseVersion.version,
            CourseVersion.title,
            CourseVersion.minutes,
            CourseVersion.downloaded_at,
            CourseVersion.translations,
        ).order_by(CourseVersion.course_id, CourseVersion.version)
    ).all()
    return [
        CourseEntry(
            course_id,
            int(version),
            title,
            minutes,
            downloaded_at is not None,
            dict(translations) if isinstance(translations, dict) else None,
        )
        for course_id, version, title, minutes, downloaded_at, translations in rows
    ]


def manifest_translations(manifest: CourseManifest) -> dict[str, Any] | None:
    """Engine-internal: a course manifest's translations as stored beside its title
    (`CourseVersion.translations`), or None when it has none."""
    return {
        code: text.model_dump(mode="json", exclude_none=True)
        for code, text in manifest.translations.items()
    } or None


def default_standards_dir() -> Path:
    """`resources/standards` beside the package (as `clinicdesk.hub.resources_dir` finds
    it, without importing the hub)."""
    folder = resources_root() / "standards"
    if not folder.is_dir():
        raise ConfigurationError(
            _("The default standards are not at {folder}.").format(folder=folder),
            hint=_("Reinstall ClinicDesk, or connect to the federation hub to receive them."),
        )
    return folder


@dataclass(frozen=True)
class StandardWords:
    """A stored standard version's English title and body with their translations (as
    the hub sent them): what the window needs to show it in the person's language."""

    title: str
    body: str
    translations: dict[str, Any]


def standard_words(uow: UnitOfWork, actor: Principal) -> dict[tuple[str, int], StandardWords]:
    """The words of every stored standard version that carries translations, by (id,
    version). Needs no permission: these are the federation's published words, which every
    area shows (training requirements, policies, care gaps)."""
    return _stored_words(uow)


def _stored_words(uow: UnitOfWork) -> dict[tuple[str, int], StandardWords]:
    rows = uow.session.execute(
        select(
            Standard.standard_id,
            Standard.version,
            Standard.title,
            Standard.body,
            Standard.translations,
        )
    ).all()
    return {
        (row.standard_id, row.version): StandardWords(row.title, row.body, dict(row.translations))
        for row in rows
        if row.translations
    }


@dataclass(frozen=True)
class StandardTexts:
    """Standards' words in the language ClinicDesk speaks now (issue 17). The services
    hand out a standard's English `title`/`body`; its words in other languages are found
    among the stored standards' translations (as the hub sent them), then among the
    standards shipped with the program. A published version never changes, so the version
    with the same id and English text is the same document. A clinic's own requirement
    has no translations and reads as written."""

    stored: Mapping[tuple[str, int], StandardWords]

    def text(self, standard_id: str, version: int | None, field: str, own: str) -> str:
        """`own` — the English `field` ("title" or "body") of a standard version — in the
        current language when a stored or shipped version has it translated, else `own`."""
        for (stored_id, stored_version), words in self.stored.items():
            if stored_id != standard_id or (version is not None and stored_version != version):
                continue
            if getattr(words, field) == own:
                return in_language(words, field)
        try:
            shipped = shipped_standards()
        except ConfigurationError:  # no shipped standards beside the program: English
            return own
        for document in shipped:
            if document.id != standard_id or (version is not None and document.version != version):
                continue
            if getattr(document, field, None) == own:
                return in_language(document, field)
        return own

    def title(self, standard_id: str, version: int | None, own: str) -> str:
        return self.text(standard_id, version, "title", own)


def standard_texts(uow: UnitOfWork) -> StandardTexts:
    """Engine-internal: the standards' words for a document a service writes (a PDF in
    the person's language)."""
    return StandardTexts(_stored_words(uow))


@functools.lru_cache(maxsize=1)
def shipped_standards() -> tuple[StandardDocument, ...]:
    """The standards shipped with the program, read and checked once per process: they
    change only with the program itself, and reading them costs tens of milliseconds."""
    return tuple(load_standards(default_standards_dir()))


def shipped_in_force(kind: StandardKind, on: date) -> list[StandardDocument]:
    """The newest shipped version of each standard of `kind` in force on `on`, by id: what
    a clinic not connected to a hub yet works with (as `standards_in_force` decides for
    stored ones), without storing anything."""
    kind = StandardKind(kind)
    newest: dict[str, StandardDocument] = {}
    for document in shipped_standards():
        if document.kind != kind or not document.in_force_on(on):
            continue
        held = newest.get(document.id)
        if held is None or held.version < document.version:
            newest[document.id] = document
    return [newest[key] for key in sorted(newest)]


def load_default_standards(uow: UnitOfWork, directory: Path | None = None) -> ApplyResult:
    """Engine-internal (setup, demo, `clinicdesk` commands). Store the standards shipped
    with the program, for a clinic not connected to a hub yet; the caller commits.
    Idempotent. Once standards have been pulled from the hub (a cursor is stored) the hub
    is the only source, and this does nothing."""
    if get_cursor(uow, STANDARDS) is not None:
        return ApplyResult()
    documents = load_standards(directory) if directory is not None else shipped_standards()
    return _upsert_standards(uow, documents)


# --- courses ----------------------------------------------------------------------------


def apply_courses_page(uow: UnitOfWork, page: CoursesPage) -> ApplyResult:
    """Engine-internal. Store a page of course versions (metadata only) and its cursor in
    the caller's transaction. A version whose checksum changed loses its stored package,
    so it is downloaded again."""
    added = updated = unchanged = 0
    session = uow.session
    for info in page.versions:
        values: dict[str, Any] = {
            "title": info.title,
            "sha256": info.sha256,
            "size_bytes": info.size_bytes,
            "package_url": info.package_url,
            "published_at": naive_utc(info.published_at),
        }
        row = session.execute(
            select(CourseVersion).where(
                CourseVersion.course_id == info.course_id, CourseVersion.version == info.version
            )
        ).scalar_one_or_none()
        if row is None:
            session.add(CourseVersion(course_id=info.course_id, version=info.version, **values))
            added += 1
            continue
        if all(getattr(row, name) == value for name, value in values.items()):
            unchanged += 1
            continue
        if row.sha256 != info.sha256:
            row.package = None
            row.etag = None
            row.downloaded_at = None
            row.translations = None  # the next package's manifest says
        for name, value in values.items():
            setattr(row, name, value)
        updated += 1
    session.flush()
    set_cursor(uow, COURSES, page.next_cursor)
    return ApplyResult(added=added, updated=updated, unchanged=unchanged)


def _course_row(uow: UnitOfWork, course_id: str, version: int) -> CourseVersion:
    row = uow.session.execute(
        select(CourseVersion).where(
            CourseVersion.course_id == course_id, CourseVersion.version == version
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotFoundError(
            _("Version {version} of the course {course_id} is not known here.").format(
                version=version, course_id=course_id
            )
        )
    return row


def store_package(
    uow: UnitOfWork, course_id: str, version: int, data: bytes, etag: str | None = None
) -> None:
    """Engine-internal. Keep a downloaded package once it matches the published sha256 and
    passes every package check; otherwise raise ValidationError and store nothing. The
    caller commits."""
    row = _course_row(uow, course_id, version)
    package = open_package(
        data, expected_sha256=row.sha256, expected_course_id=course_id, expected_version=version
    )
    manifest = package.manifest
    row.package = data
    row.etag = etag
    row.downloaded_at = utcnow()
    row.summary = manifest.summary
    row.minutes = manifest.minutes
    row.roles = [role.value for role in manifest.roles]
    row.translations = manifest_translations(manifest)
    if manifest.title != row.title:
        row.title = manifest.title
    uow.session.flush()


def course_package(uow: UnitOfWork, course_id: str, version: int) -> bytes | None:
    """The stored package of a course version, or None while it is not downloaded."""
    return _course_row(uow, course_id, version).package


def courses_to_download(uow: UnitOfWork) -> list[CourseDownload]:
    """Engine-internal. Course versions known from the hub whose package is not stored."""
    rows = uow.session.execute(
        select(CourseVersion)
        .where(CourseVersion.package.is_(None))
        .order_by(CourseVersion.course_id, CourseVersion.version)
    ).scalars()
    return [
        CourseDownload(row.course_id, row.version, row.package_url, row.sha256, row.etag)
        for row in rows
    ]


# --- outbox -----------------------------------------------------------------------------


def enqueue(
    uow: UnitOfWork,
    kind: str,
    aggregate_key: str,
    payload_model: RequestModel,
    idempotency_key: str | None = None,
) -> OutboxInfo:
    """Engine-internal. Queue a request to the hub in the caller's transaction, to be
    committed with the business row it announces. The payload must be one of the
    contract's request models (they refuse unknown fields, so nothing extra rides along);
    it is stored as the exact JSON body. Without a key, a random one is made."""
    if not isinstance(payload_model, RequestModel):
        raise TypeError(f"outbox payloads are request models, not {type(payload_model)}")
    return outbox.enqueue(
        uow, kind, aggregate_key, payload_model.model_dump(mode="json"), idempotency_key
    )


def _message(uow: UnitOfWork, message_id: int) -> OutboxMessage:
    row = uow.session.get(OutboxMessage, message_id)
    if row is None:
        raise NotFoundError(
            _("There is no outbox message {message_id}.").format(message_id=message_id)
        )
    return row


@requires(Permission.VIEW_FEDERATION)
def list_outbox(
    uow: UnitOfWork,
    actor: Principal,
    states: Iterable[OutboxState] | None = None,
    *,
    limit: int = 500,
) -> list[OutboxInfo]:
    """Outbox messages, newest first, optionally only those in `states`."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if states is not None:
        query = query.where(OutboxMessage.state.in_([OutboxState(s).value for s in states]))
    return [outbox.info(row) for row in uow.session.execute(query).scalars()]


@requires(Permission.MANAGE_FEDERATION)
def retry(uow: UnitOfWork, actor: Principal, message_id: int) -> OutboxInfo:
    """Send a failed or dead message again now, with a fresh count of attempts. Audited;
    commits. Safe because every message carries its idempotency key."""
    row = _message(uow, message_id)
    before = row.state
    if before not in (OutboxState.FAILED.value, OutboxState.DEAD.value):
        raise ConflictError(
            _("This message is {before}; only failed or stopped messages can be retried.").format(
                before=before
            )
        )
    row.state = OutboxState.PENDING.value
    row.next_attempt_at = utcnow()
    row.attempts = 0
    audit.record(
        uow,
        actor,
        "federation.outbox.retry",
        "outbox_message",
        row.uuid,
        {"kind": row.kind, "aggregate": row.aggregate_key, "from": before},
    )
    info = outbox.info(row)
    uow.commit()
    return info


@requires(Permission.MANAGE_FEDERATION)
def discard(uow: UnitOfWork, actor: Principal, message_id: int, reason: str) -> OutboxInfo:
    """Give up on a failed or dead message for good, saying why. Audited; commits. It then
    no longer holds back later messages of its aggregate."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the message is discarded."), field="reason")
    if len(reason) > _MAX_REASON_CHARS:
        raise ValidationError(
            _("Keep the reason under {max_chars} characters.").format(max_chars=_MAX_REASON_CHARS),
            field="reason",
        )
    row = _message(uow, message_id)
    before = row.state
    if before not in (OutboxState.FAILED.value, OutboxState.DEAD.value):
        raise ConflictError(
            _("This message is {before}; only failed or stopped messages can be discarded.").format(
                before=before
            )
        )
    row.state = OutboxState.DISCARDED.value
    row.discarded_reason = reason
    audit.record(
        uow,
        actor,
        "federation.outbox.discard",
        "outbox_message",
        row.uuid,
        {"kind": row.kind, "aggregate": row.aggregate_key, "from": before, "reason": reason},
    )
    info = outbox.info(row)
    uow.commit()
    return info
