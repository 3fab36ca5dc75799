"""Running an import: files written several to a transaction, a savepoint each (a dry
run: all in one transaction, rolled back), the next files read while the server writes
(read_ahead), cancelling between batches, the audit trail, then attribution and the
care-gap run."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from clinicdesk.db.engine import translate_error
from clinicdesk.db.models_clinical import Patient
from clinicdesk.db.unit_of_work import Database, UnitOfWork
from clinicdesk.domain.roles import Permission, Principal
from clinicdesk.errors import ClinicDeskError, ValidationError
from clinicdesk.i18n import _
from clinicdesk.interop import csvfiles, fhir
from clinicdesk.interop.records import Mapped
from clinicdesk.services import attribution, audit, caregaps, collector, requires
from clinicdesk.services.patient_import import writing
from clinicdesk.services.patient_import.read_ahead import ReadAhead
from clinicdesk.services.patient_import.report import FileError, ImportReport, Tally

ProgressCallback = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]


Reader = Callable[[], Iterator[Mapped]]


@dataclass(frozen=True)
class _Unit:
    """One transaction's worth of input: a file (or a CSV table) and how to read it;
    `path` names a file that may be read ahead (`ReadAhead`)."""

    label: str
    read: Reader
    path: Path | None = None


class _Stop(Exception):
    pass


def _run(
    db: Database,
    actor: Principal,
    units: Sequence[_Unit],
    report: ImportReport,
    *,
    kind: str,
    progress: ProgressCallback | None,
    cancelled: CancelCheck | None,
) -> ImportReport:
    with collector.paused():
        return _run_paused(
            db, actor, units, report, kind=kind, progress=progress, cancelled=cancelled
        )


def _run_paused(
    db: Database,
    actor: Principal,
    units: Sequence[_Unit],
    report: ImportReport,
    *,
    kind: str,
    progress: ProgressCallback | None,
    cancelled: CancelCheck | None,
) -> ImportReport:
    total = len(units)
    clinicians = writing.Clinicians()
    touched = writing.Touched()
    # this import's own stale-gaps mark, settled by the run of the patients it wrote
    import_mark = uuid.uuid4().hex

    def check() -> None:
        if cancelled is not None and cancelled():
            raise _Stop

    ahead = ReadAhead(units)

    def import_unit(session: Session, unit: _Unit) -> Tally:
        tally = Tally()
        writer = writing.Writer(session, tally, clinicians, touched)
        writer.while_waiting = ahead.fill
        for count, mapped in enumerate(ahead.read(unit), start=1):
            writer.add(mapped)
            if count % writing.BATCH == 0:
                check()
        writer.finish()
        check()
        return tally

    try:
        if report.dry_run:
            with db.uow() as uow:
                for index, unit in enumerate(units):
                    check()
                    if progress:
                        progress(index, total, unit.label)
                    savepoint = uow.session.begin_nested()
                    try:
                        tally = import_unit(uow.session, unit)
                    except _Stop:
                        savepoint.rollback()
                        raise
                    except (ClinicDeskError, fhir.SourceError, OSError, DBAPIError) as error:
                        savepoint.rollback()
                        report.errors.append(FileError(unit.label, _message(error)))
                        continue
                    savepoint.commit()
                    tally.merge_into(report, unit.label)
                    collector.collect_young()
                # the whole dry run is rolled back when the unit of work ends
        else:
            # A Synthea CSV export's tables name one another's rows by design.
            together = _Together(clinicians, touched, ahead, enabled=kind == "fhir")
            for batch in _transactions(units):
                _import_batch(
                    db,
                    actor,
                    batch,
                    report,
                    kind,
                    total,
                    import_unit,
                    check,
                    progress,
                    together,
                    import_mark,
                )
    except _Stop:
        report.cancelled = True
    finally:
        ahead.close()
    if not report.dry_run and (report.patients_created or report.patients_updated or report.events):
        _attribute_after_import(db, actor, report, touched.patients, import_mark)
    if progress:
        progress(total, total, "")
    return report


# Files are written several to a transaction (a savepoint each), up to this many files or
# until they hold this many resources, so one-patient files do not each pay a commit. A
# file never spans two transactions. Since files are written together (`_Together`), a
# transaction costs about fifteen statements whatever its size: twenty one-patient files
# to a transaction rather than ten took about a sixth off the PostgreSQL import of the
# benchmark's files (round trips), less on SQLite, and the write lock is still held for a
# fraction of a second. (The benchmark repeats each of its 21 bundles with new ids but
# the same SSNs and licence numbers, which name the same person: a transaction of more
# than 21 of its files would hold one person twice and be written one file at a time.)
FILES_PER_TRANSACTION = 20
RESOURCES_PER_TRANSACTION = 20_000
# Files written together (`_Together`) end their transaction once they hold this many
# resources: a group that must be written again one by one (files that share a patient)
# wastes at most this much work, and big files gain nothing from sharing statements.
TOGETHER_RESOURCES = 5_000


@dataclass(frozen=True)
class _Indexed:
    index: int
    unit: _Unit


def _transactions(units: Sequence[_Unit]) -> Iterator[list[_Indexed]]:
    """The units in groups of at most FILES_PER_TRANSACTION (the resource limit is
    applied while writing, by `_import_batch` ending the group early)."""
    for start in range(0, len(units), FILES_PER_TRANSACTION):
        yield [
            _Indexed(start + offset, unit)
            for offset, unit in enumerate(units[start : start + FILES_PER_TRANSACTION])
        ]


def _import_batch(
    db: Database,
    actor: Principal,
    batch: list[_Indexed],
    report: ImportReport,
    kind: str,
    total: int,
    import_unit: Callable[[Session, _Unit], Tally],
    check: Callable[[], None],
    progress: ProgressCallback | None,
    together: _Together,
    import_mark: str,
) -> None:
    """Some files in one transaction, written together (`_Together`) or each in its own
    savepoint: a file refused rolls back alone (and is reported as before), the others
    commit together, each with its own audit event. Should the import stop (cancelled, or
    an error that is not the file's fault), the files written before it in the transaction
    are committed first, as they were when each file committed on its own. A group that
    reaches RESOURCES_PER_TRANSACTION (TOGETHER_RESOURCES when written together) commits
    and the rest of its files start a new one."""
    pending = list(batch)
    while pending:
        with db.uow() as uow:
            if uow.dialect == "postgresql" and pending[-1].index < total - 1:
                _commit_without_waiting(uow.session)
            transaction = _Transaction(uow, db, actor, report, kind, import_mark)
            if not together.write(transaction, pending, total, check, progress):
                transaction.write(pending, total, import_unit, check, progress)
        collector.collect_young()


class _Transaction:
    """The files written in one transaction, committed with one stale-gaps mark."""

    def __init__(
        self,
        uow: UnitOfWork,
        db: Database,
        actor: Principal,
        report: ImportReport,
        kind: str,
        import_mark: str,
    ):
        self.uow = uow
        self.db = db
        self.actor = actor
        self.report = report
        self.kind = kind
        self.import_mark = import_mark
        self.done: list[tuple[str, Tally]] = []

    def write(
        self,
        pending: list[_Indexed],
        total: int,
        import_unit: Callable[[Session, _Unit], Tally],
        check: Callable[[], None],
        progress: ProgressCallback | None,
    ) -> None:
        """Take files from `pending` until none is left or the transaction holds
        RESOURCES_PER_TRANSACTION resources, then commit."""
        session = self.uow.session
        resources = 0
        while pending and resources < RESOURCES_PER_TRANSACTION:
            item = pending.pop(0)
            unit = item.unit
            try:
                check()
            except _Stop:
                self.commit()
                raise
            if progress:
                progress(item.index, total, unit.label)
            savepoint = session.begin_nested()
            try:
                tally = import_unit(session, unit)
                self.audit(unit, tally)
            except (ClinicDeskError, fhir.SourceError, OSError, DBAPIError) as error:
                savepoint.rollback()
                if isinstance(error, DBAPIError):  # as the unit of work would say it
                    error = translate_error(error, self.db.url)
                self.report.errors.append(FileError(unit.label, _message(error)))
                continue
            except BaseException:
                savepoint.rollback()
                self.commit()
                raise
            savepoint.commit()
            self.done.append((unit.label, tally))
            resources += tally.resources
        self.commit()

    def audit(self, unit: _Unit, tally: Tally) -> None:
        self.audit_all([(unit, tally)])

    def audit_all(self, files: list[tuple[_Unit, Tally]]) -> None:
        """One event per file, in order, with its counts."""
        audit.record_many(
            self.uow,
            self.actor,
            [
                audit.Event(
                    f"patients.import.{self.kind}",
                    "import",
                    _clip(Path(unit.label).name, 64),
                    {
                        "file": unit.label,
                        "patients_created": tally.created,
                        "patients_updated": tally.updated,
                        "events": tally.events,
                        "resources": tally.resources,
                        "skipped": sum(tally.skipped.values()),
                    },
                )
                for unit, tally in files
            ],
        )

    def commit(self) -> None:
        if any(t.created or t.updated or t.events for _, t in self.done):
            # With the data: if the program stops before the care-gap run after the
            # files, the next start knows the gaps are stale.
            caregaps.mark_stale(
                self.uow,
                f"import {self.kind}",
                self.actor.username,
                import_mark=self.import_mark,
            )
        self.uow.commit()
        for label, tally in self.done:
            tally.merge_into(self.report, label)
        self.done = []


class _Together:
    """Writes a transaction's files through one writer in one savepoint, so they share
    each statement (one insert of events for ten one-patient files, not ten) and one
    audit insert. Should a file fail, or two files name the same patient, visit or event
    (`writing.SharedRows`: written together they could come out otherwise than one after
    another), the savepoint is rolled back and the caller writes the files one by one, a
    savepoint each, as the only way; after files that shared rows the rest of the import
    is written one by one too (Bulk Data files share their patients throughout)."""

    def __init__(
        self,
        clinicians: writing.Clinicians,
        touched: writing.Touched,
        ahead: ReadAhead,
        *,
        enabled: bool,
    ) -> None:
        self.clinicians = clinicians
        self.touched = touched
        self.ahead = ahead
        self.enabled = enabled

    def write(
        self,
        transaction: _Transaction,
        pending: list[_Indexed],
        total: int,
        check: Callable[[], None],
        progress: ProgressCallback | None,
    ) -> bool:
        """True when the files taken from `pending` (until they hold TOGETHER_RESOURCES
        resources) are written and the transaction committed; False, with nothing written
        and `pending` as it was, when they are to be written one by one."""
        if not self.enabled or len(pending) < 2:
            return False
        session = transaction.uow.session
        writer = writing.Writer(session, Tally(), self.clinicians, self.touched)
        writer.while_waiting = self.ahead.fill
        taken: list[tuple[_Unit, Tally]] = []
        savepoint = session.begin_nested()
        try:
            resources = 0
            for item in pending:
                if resources >= TOGETHER_RESOURCES or writer.claims_full:
                    break
                check()
                if progress:
                    progress(item.index, total, item.unit.label)
                tally = Tally()
                writer.start_file(tally)
                for count, mapped in enumerate(self.ahead.read(item.unit), start=1):
                    writer.add(mapped)
                    if count % writing.BATCH == 0:
                        check()
                check()
                taken.append((item.unit, tally))
                resources += tally.resources
            writer.finish()
            transaction.audit_all(taken)
        except writing.SharedRows:
            savepoint.rollback()
            self.enabled = False
            return False
        except (ClinicDeskError, fhir.SourceError, OSError, DBAPIError):
            savepoint.rollback()  # the one at fault is found writing them one by one
            return False
        except BaseException:
            # Stopped (cancelled, or an error that is not a file's fault): the files read
            # whole before it are kept, as when each file had its own savepoint.
            savepoint.rollback()
            self.rewrite(transaction, taken)
            transaction.commit()
            raise
        savepoint.commit()
        del pending[: len(taken)]
        transaction.done.extend((unit.label, tally) for unit, tally in taken)
        transaction.commit()
        return True

    def rewrite(self, transaction: _Transaction, files: list[tuple[_Unit, Tally]]) -> None:
        """Write again, one by one and without asking whether to stop, files that were
        written together and then rolled back."""
        session = transaction.uow.session
        for unit, _size in files:
            tally = Tally()
            writer = writing.Writer(session, tally, self.clinicians, self.touched)
            savepoint = session.begin_nested()
            for mapped in unit.read():
                writer.add(mapped)
            writer.finish()
            transaction.audit(unit, tally)
            savepoint.commit()
            transaction.done.append((unit.label, tally))


def _commit_without_waiting(session: Session) -> None:
    """PostgreSQL: this file's commit does not wait for its log to reach the disk. A
    crash may then lose a file committed a moment before (never half of one), as a
    SQLite clinic in WAL mode with synchronous=NORMAL may (engine.py); re-importing
    it is harmless. Every file but the last commits so; the last file's commit, and the
    attribution run after the files, wait as usual, and since the log is written in
    order, their wait covers the files before them. (Waiting costs one flush of the log
    per file, which adds up over thousands of one-patient files.)"""
    session.execute(text("SET LOCAL synchronous_commit TO OFF"))


def _attribute_after_import(
    db: Database,
    actor: Principal,
    report: ImportReport,
    patients: frozenset[int] | None,
    import_mark: str,
) -> None:
    """New visits may change who a patient's clinician is, and new results the care gaps:
    the attribution rule (never overriding a manual attribution) and the care-gap run
    follow the files, each in its own transaction, so an import that was already
    committed is never undone by them. Both look only at the `patients` the import wrote
    (no one else's visits or events changed): one file into a clinic of 100,000 took
    seconds of clinic-wide runs after it. None (more than writing.TOUCHED_LIMIT): the
    whole clinic, as its runs of the day do; so too when they are a tenth of the clinic's
    active patients or more (a first import): a run of the whole clinic then costs less
    than one that finds a long list of patients by id."""
    if patients is not None:
        with db.uow(read_only=True) as uow:
            active = uow.session.execute(
                select(func.count()).select_from(Patient).where(Patient.status == "active")
            ).scalar_one()
        if len(patients) * 10 >= active:
            patients = None
    with db.uow() as uow:
        result = attribution.apply_rule(uow, actor.username, date.today(), patients)
        if result.assigned or result.changed:
            audit.record(uow, actor, "attribution.run", "clinic", "", result.as_json())
        uow.commit()
    report.attributed = result.assigned + result.changed
    # and new results may open or close care gaps: the panel shows them at once
    with db.uow() as uow:
        caregaps.evaluate_clinic(uow, actor, patients=patients, import_mark=import_mark)


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _message(error: BaseException) -> str:
    if isinstance(error, ClinicDeskError):
        return str(error).replace("\n", " ")
    if isinstance(error, DBAPIError):
        return _("the database refused a row: {error}").format(error=error.orig)
    if isinstance(error, OSError):
        return _("cannot be read: {error}").format(error=error.strerror or error)
    return str(error)


def _fhir_unit(path: Path) -> _Unit:
    def read() -> Iterator[Mapped]:
        # map(), not a generator of our own: one frame fewer to resume per resource
        source = fhir.FhirSource(path)
        return map(source.mapper.map, source.resources())

    return _Unit(str(path), read, path)


def _check_paths(paths: Sequence[Path]) -> None:
    if not paths:
        raise ValidationError(_("Name at least one file or folder to import."))
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise ValidationError(
            _("Not found: {missing}.").format(missing=", ".join(missing)),
            hint=_("Check the path; name FHIR files, NDJSON files or folders holding them."),
        )


@requires(Permission.IMPORT_PATIENTS)
def import_fhir(
    db: Database,
    actor: Principal,
    paths: Sequence[Path],
    *,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportReport:
    """Import FHIR R4 Bundles (any type), single resources and Bulk Data NDJSON from
    files and folders (walked; non-JSON files inside folders are ignored)."""
    paths = [Path(p) for p in paths]
    _check_paths(paths)
    files, _ignored = fhir.expand(paths)
    report = ImportReport(dry_run=dry_run)
    return _run(
        db,
        actor,
        [_fhir_unit(p) for p in files],
        report,
        kind="fhir",
        progress=progress,
        cancelled=cancelled,
    )


@requires(Permission.IMPORT_PATIENTS)
def import_synthea_csv(
    db: Database,
    actor: Principal,
    folder: Path,
    *,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportReport:
    """Import a Synthea CSV export folder: patients, encounters, conditions,
    observations, procedures, immunizations, medications (each table one transaction,
    in that order; other tables are not read)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValidationError(
            _("{folder} is not a folder.").format(folder=folder),
            hint=_("Name the folder Synthea wrote its CSV files to (patients.csv, …)."),
        )
    try:
        tables = csvfiles.synthea_tables(folder)  # reads providers.csv now
    except fhir.SourceError as error:
        raise ValidationError(
            _("providers.csv {error}").format(error=error),
            hint=_("Nothing was imported; export the folder again."),
        ) from None
    if not tables:
        raise ValidationError(
            _("{folder} holds none of the Synthea tables ClinicDesk reads ({tables}).").format(
                folder=folder, tables=", ".join(t + ".csv" for t in csvfiles.SYNTHEA_TABLES)
            ),
            hint=_("Export with Synthea's CSV exporter (exporter.csv.export = true)."),
        )
    units = [_Unit(str(table.path), table.rows) for table in tables]
    return _run(
        db,
        actor,
        units,
        ImportReport(dry_run=dry_run),
        kind="synthea_csv",
        progress=progress,
        cancelled=cancelled,
    )


@requires(Permission.IMPORT_PATIENTS)
def import_patients_csv(
    db: Database,
    actor: Principal,
    path: Path,
    *,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportReport:
    """Import a practice-management patient list. `mapping` is {COLUMN: FIELD} for
    columns whose names are not recognised (fields: csvfiles.PATIENT_FIELDS). A patient
    is found again by MRN, so a second import of the list updates."""
    path = Path(path)
    _check_paths([path])
    try:
        columns = csvfiles.header(path)
        chosen = csvfiles.column_mapping(columns, mapping or {})
    except fhir.SourceError as error:
        raise ValidationError(
            _("{name} {error}").format(name=path.name, error=error),
            hint=_("Fields: {fields}").format(fields=", ".join(csvfiles.PATIENT_FIELDS)),
        ) from None
    unit = _Unit(str(path), lambda: csvfiles.patient_rows(path, chosen))
    return _run(
        db,
        actor,
        [unit],
        ImportReport(dry_run=dry_run),
        kind="csv",
        progress=progress,
        cancelled=cancelled,
    )
