"""CSV import figures for run.py: the legacy member register (`import_members`) and a
practice-management patient list (`import_patients_csv`), each against reading the same
bytes with `csv.DictReader` in the same run.

Every timed import runs in its own process into a fresh SQLite clinic made in that
process first (not timed), so one run's memory or caches never help the next.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import tempfile
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.benchmarks.run import CHILD_SETUP, REPO, Metric, _env

MEMBER_ROWS = 50_000
PATIENT_ROWS_SMALL = 10_000
PATIENT_ROWS_LARGE = 100_000

_MEMBERS_CHILD = (
    CHILD_SETUP
    + r"""
from clinicdesk.services import members
before_rss = reset_peak()
start = time.perf_counter()
with db.uow() as uow:
    report = members.import_csv(uow, admin, Path(source), commit=True)
elapsed = time.perf_counter() - start
peak = status_kb("VmHWM")
db.dispose()
print(json.dumps({
    "seconds": elapsed,
    "committed": report.committed,
    "members": report.members,
    "entries": report.entries,
    "errors": report.errors[:3],
    "error_count": len(report.errors),
    "peak_rss_growth_kb": peak - before_rss,
}))
"""
)

_PATIENTS_CHILD = (
    CHILD_SETUP
    + r"""
from clinicdesk.services import caregaps, patient_import
# The import is followed by the clinic-wide care-gap run (new patients may fall under a
# standard): its memory scales with the clinic, not the file, so it is measured apart.
phases = {}
evaluate_clinic = caregaps.evaluate_clinic
def timed_evaluate_clinic(*args, **kwargs):
    phases["import_peak_rss_growth_kb"] = status_kb("VmHWM") - before_rss
    phases["import_seconds"] = time.perf_counter() - start
    run_before = reset_peak()
    began = time.perf_counter()
    try:
        return evaluate_clinic(*args, **kwargs)
    finally:
        phases["caregap_run_seconds"] = time.perf_counter() - began
        phases["caregap_run_peak_rss_growth_kb"] = status_kb("VmHWM") - run_before
caregaps.evaluate_clinic = timed_evaluate_clinic
before_rss = reset_peak()
start = time.perf_counter()
report = patient_import.import_patients_csv(db, admin, Path(source))
elapsed = time.perf_counter() - start
db.dispose()
if report.errors or not report.accounted:
    raise SystemExit(f"import failed: {report.as_json()}")
print(json.dumps({"seconds": elapsed, "patients": report.patients_created, **phases}))
"""
)

# The baseline: the standard library's csv.DictReader over the same bytes; no checks,
# no database.
_PARSE_CHILD = r"""
import csv, json, sys, time
start = time.perf_counter()
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    rows = sum(1 for _ in csv.DictReader(handle))
print(json.dumps({"seconds": time.perf_counter() - start, "rows": rows}))
"""

# The floor under the patient-list import, timed in the same run: what a hand-written
# import of the same rows costs in a fresh clinic (made untimed, as the import's is):
# csv.DictReader, one tuple per row (a new UUID, the folded name key), one executemany
# into the patient table with its indexes, commit. No checks, no audit, no care gaps.
_RAW_PATIENTS_CHILD = (
    CHILD_SETUP
    + r"""
import csv, sqlite3, uuid
from datetime import datetime
from clinicdesk.domain.names import name_key
db.dispose()
connection = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
connection.execute("PRAGMA synchronous = NORMAL")
connection.execute("PRAGMA foreign_keys = ON")
start = time.perf_counter()
now = datetime.now().isoformat(" ")
with open(source, newline="", encoding="utf-8") as handle:
    rows = [
        (str(uuid.uuid4()), r["MRN"], r["Last Name"], r["First Name"],
         name_key(r["Last Name"], r["First Name"]), r["DOB"], r["Sex"], r["Phone"],
         r["Email"], r["Address"], "active", 0, now, now, 1)
        for r in csv.DictReader(handle)
    ]
connection.execute("BEGIN IMMEDIATE")
connection.executemany(
    "INSERT INTO patient (uuid, mrn, family_name, given_names, name_key, birth_date, sex,"
    " phone, email, address, status, open_gaps, created_at, updated_at, version)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    rows,
)
connection.execute("COMMIT")
elapsed = time.perf_counter() - start
connection.close()
print(json.dumps({"seconds": elapsed, "rows": len(rows)}))
"""
)

# The floor under the member import, timed in the same run: a hand-written import of the
# same register in a fresh clinic (made untimed, with the default classes the import adds):
# csv.reader, one tuple per member and per ledger entry (a transfer's two legs, a blank
# subscription amount priced by its class) with the ids handed out here, one executemany
# into member and one into share_event with their indexes, commit. No checks, no audit.
_RAW_MEMBERS_CHILD = (
    CHILD_SETUP
    + r"""
import csv, sqlite3, uuid
from datetime import datetime
from decimal import Decimal
from clinicdesk.domain.names import fold
from clinicdesk.services.members.common import ensure_defaults
with db.uow() as uow:
    ensure_defaults(uow)
    uow.commit()
db.dispose()
connection = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
connection.execute("PRAGMA synchronous = NORMAL")
connection.execute("PRAGMA foreign_keys = ON")
classes = {code: (id_, Decimal(price)) for id_, code, price in
           connection.execute("SELECT id, code, unit_price FROM share_class")}
start = time.perf_counter()
now = datetime.now().isoformat(" ")
member_rows, entries, ids = [], [], {}
with open(source, newline="", encoding="utf-8") as handle:
    reader = csv.reader(handle)
    at = {name: i for i, name in enumerate(next(reader))}
    for r in reader:
        number = int(r[at["register_no"]])
        if r[at["record"]] == "member":
            ids[number] = len(ids) + 1
            family, given = r[at["family_name"]], r[at["given_names"]]
            org = r[at["organisation_name"]]
            end_on = r[at["end_on"]] or None
            member_rows.append((
                ids[number], str(uuid.uuid4()), number, r[at["member_class"]], family, given,
                org or None, fold(f"{family} {given} {org}"), r[at["email"]] or None,
                r[at["phone"]] or None, r[at["applied_on"]], r[at["approved_on"]] or None,
                r[at["approval_ref"]] or "legacy register", end_on,
                (r[at["leave_reason"]] or "legacy register") if end_on else None,
                now, now, now, now, 1,
            ))
            continue
        kind, day, code = r[at["type"]], r[at["effective_on"]], r[at["share_class"]]
        class_id, price = classes[code]
        quantity = int(r[at["quantity"]] or 0)
        amount = r[at["amount"]] or str(price * quantity)
        counterpart = int(r[at["counterpart_register_no"]] or 0) or None
        ref = r[at["approval_ref"]] or "legacy register"
        if kind == "transfer":
            first = len(entries) + 1
            entries.append((first, ids[number], "transfer_out", day, class_id, quantity,
                            str(price * quantity), ids[counterpart], ref, None))
            entries.append((first + 1, ids[counterpart], "transfer_in", day, class_id, quantity,
                            str(price * quantity), ids[number], ref, first))
        else:
            entries.append((len(entries) + 1, ids[number], kind, day, class_id, quantity, amount,
                            None, None if kind == "pay" else ref, None))
connection.execute("BEGIN IMMEDIATE")
connection.executemany(
    "INSERT INTO member (id, uuid, register_no, member_class, family_name, given_names,"
    " organisation_name, name_key, email, phone, applied_on, approved_on, approval_ref,"
    " end_on, leave_reason, consent_bylaws_at, consent_data_at, created_at, updated_at,"
    " version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    member_rows,
)
connection.executemany(
    "INSERT INTO share_event (id, member_id, type, effective_on, share_class_id, quantity,"
    " amount, counterpart_member_id, approval_ref, linked_id, created_by, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'root', ?)",
    [(*entry, now) for entry in entries],
)
connection.execute("COMMIT")
elapsed = time.perf_counter() - start
connection.close()
print(json.dumps({"seconds": elapsed, "members": len(member_rows), "entries": len(entries)}))
"""
)

MEMBER_HEADER = [
    "record", "register_no", "family_name", "given_names", "organisation_name",
    "member_class", "email", "phone", "applied_on", "approved_on", "approval_ref", "end_on",
    "leave_reason", "type", "effective_on", "share_class", "quantity", "amount",
    "counterpart_register_no",
]  # fmt: skip
_CLASSES = ("patient", "worker", "community", "anchor")


def write_legacy_register(path: Path, rows: int) -> dict[str, int]:
    """A legacy register of exactly `rows` rows in the importer's format: members in
    all four classes (anchors with their organisation), each with a class A subscription
    paid in two parts; every tenth transfers shares to the member before, every
    twentieth leaves and has its shares redeemed that day."""
    out: list[dict[str, object]] = []
    counts = {"members": 0, "transfers": 0, "leavers": 0}
    number = 0
    while len(out) < rows:
        number += 1
        applied = date(2000, 1, 1) + timedelta(days=number // 3)
        approved = applied + timedelta(days=30)
        member_class = _CLASSES[number % 4]
        leaves = number % 20 == 7
        ended = approved + timedelta(days=90) if leaves else None
        out.append(
            {
                "record": "member",
                "register_no": number,
                "family_name": f"Family{number:06d}",
                "given_names": "Ann Marie",
                "organisation_name": f"Trust {number}" if member_class == "anchor" else "",
                "member_class": member_class,
                "email": f"m{number}@example.org",
                "phone": f"555-{number:06d}",
                "applied_on": applied.isoformat(),
                "approved_on": approved.isoformat(),
                "end_on": ended.isoformat() if ended else "",
                "leave_reason": "moved away" if leaves else "",
            }
        )
        counts["members"] += 1

        out.append(_share(number, "subscribe", approved, 2, "50.00"))
        out.append(_share(number, "pay", approved, amount="50.00"))
        out.append(_share(number, "subscribe", approved + timedelta(days=30), 2))
        out.append(_share(number, "pay", approved + timedelta(days=31), amount="50.00"))
        if number % 10 == 0:
            out.append(
                _share(number, "transfer", approved + timedelta(days=60), 2,
                       counterpart_register_no=number - 1, approval_ref=f"Board {number}")
            )  # fmt: skip
            counts["transfers"] += 1
        if ended is not None:
            out.append(_share(number, "redeem", ended, 4))
            counts["leavers"] += 1
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, MEMBER_HEADER)
        writer.writeheader()
        writer.writerows(out[:rows])
    return counts


def _share(
    number: int, kind: str, day: date, quantity: object = "", amount: object = "", **extra: object
) -> dict[str, object]:
    return {
        "record": "share",
        "register_no": number,
        "type": kind,
        "effective_on": day.isoformat(),
        "share_class": "A",
        "quantity": quantity,
        "amount": amount,
        **extra,
    }


def _with_bad_last_row(source: Path, target: Path) -> int:
    """The same file with its last row a payment of a negative amount (which only the
    ledger rules refuse); returns that row's line number."""
    lines = source.read_text(encoding="utf-8").splitlines()
    lines[-1] = "share,1,,,,,,,,,,,,pay,2020-06-01,A,,-5.00,"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def write_patient_list(path: Path, rows: int) -> None:
    """A practice-management patient list with recognised column names."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["MRN", "Last Name", "First Name", "DOB", "Sex", "Phone", "Email", "Address"]
        )
        for n in range(rows):
            writer.writerow(
                [
                    f"PM{n:07d}",
                    f"Family{n % 5000:04d}",
                    f"Given{n % 997}",
                    (date(1940, 1, 1) + timedelta(days=n % 25000)).isoformat(),
                    "FM"[n % 2],
                    f"555-{n:07d}",
                    f"p{n}@example.org",
                    f"{n % 900 + 1} Main Street, Springfield",
                ]
            )


class _Children:
    """Runs the benchmark's child processes, each into a fresh clinic in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = _env(folder / "home")

    def run(self, script: str, *args: str) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, "-c", script, *args],
            env=self.env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        if done.returncode != 0:
            raise RuntimeError(f"the benchmark process failed ({done.returncode}): {done.stderr}")
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))

    def into_fresh_clinic(self, script: str, source: Path) -> dict[str, Any]:
        clinic = self.folder / f"clinic-{uuid.uuid4().hex}.sqlite3"
        try:
            return self.run(script, f"sqlite:///{clinic}", str(source))
        finally:
            for leftover in self.folder.glob(f"{clinic.name}*"):
                leftover.unlink()

    def parse(self, source: Path) -> float:
        return float(self.run(_PARSE_CHILD, str(source))["seconds"])


def import_members_metric() -> Metric:
    """Seconds to import a MEMBER_ROWS-row legacy register (members and their share
    history) into a fresh SQLite clinic, own process; against csv.DictReader over the
    same file. `extra` holds the time to refuse the same file with a bad last row (which
    must write nothing), with its own ratio to the parse, and the floor under the ratio: a
    hand-written import of the same rows (_RAW_MEMBERS_CHILD), timed beside each run."""
    folder = Path(tempfile.mkdtemp(prefix="clinicdesk-bench-members-"))
    good, bad = folder / "register.csv", folder / "register-bad.csv"
    counts = write_legacy_register(good, MEMBER_ROWS)
    bad_line = _with_bad_last_row(good, bad)
    children = _Children(folder)
    refused: list[float] = []
    parses: list[float] = []
    floors: list[float] = []
    imports: list[float] = []

    def run_import() -> float:
        figures = children.into_fresh_clinic(_MEMBERS_CHILD, good)
        if not figures["committed"] or figures["members"] != counts["members"]:
            raise RuntimeError(f"the member import failed: {figures}")
        imports.append(float(figures["seconds"]))
        refusal = children.into_fresh_clinic(_MEMBERS_CHILD, bad)
        if refusal["committed"] or not any(
            e.startswith(f"line {bad_line}:") for e in refusal["errors"]
        ):
            raise RuntimeError(f"the bad last row was not refused by name: {refusal}")
        refused.append(refusal["seconds"])
        floor = children.into_fresh_clinic(_RAW_MEMBERS_CHILD, good)
        if floor["members"] != figures["members"] or floor["entries"] < figures["entries"]:
            raise RuntimeError(f"the hand-written import wrote other rows: {floor}")
        floors.append(float(floor["seconds"]))
        metric.extra.update(
            {
                "method": (
                    f"{MEMBER_ROWS} legacy rows ({counts['members']} members, the rest "
                    "their share history) into a fresh SQLite clinic per run, own process"
                ),
                "rows": MEMBER_ROWS,
                "members": figures["members"],
                "ledger_rows": figures["entries"],
                "transfers": counts["transfers"],
                "leavers": counts["leavers"],
                "peak_rss_growth_kb": figures["peak_rss_growth_kb"],
                "bad_last_row_refused_s": [round(s, 3) for s in measured(refused)],
                "bad_last_row_error": refusal["errors"][0],
                "bad_last_row_ratio": round(
                    _median(measured(refused)) / _median(measured(parses)), 3
                )
                if parses
                else None,
                "raw_sql_floor": _floor(
                    "a hand-written import of the same rows in a fresh clinic: csv.reader, "
                    "one executemany into member and one into share_event, commit",
                    floors,
                    parses,
                    imports,
                ),
            }
        )
        return float(figures["seconds"])

    def parse_only() -> float:
        seconds = children.parse(good)
        parses.append(seconds)
        return seconds

    def close() -> None:
        shutil.rmtree(folder, ignore_errors=True)

    metric = Metric("import_members", "s", 3.0, run_import, parse_only, close=close)
    return metric


def import_patients_csv_metric() -> Metric:
    """Seconds to import a PATIENT_ROWS_SMALL-row patient list into a fresh SQLite clinic
    (own process; the whole call, with the care-gap run that follows it), against
    csv.DictReader over the same file. `extra` holds, at that size and at
    PATIENT_ROWS_LARGE (10x, once), the peak resident memory growth of the import itself
    (file to committed rows: flat memory means the two are close) and, apart, of the
    clinic-wide care-gap run after it, with the time of each; and the floor under the
    ratio, a hand-written import of the same rows (_RAW_PATIENTS_CHILD), timed beside
    each run."""
    folder = Path(tempfile.mkdtemp(prefix="clinicdesk-bench-patients-csv-"))
    small, large = folder / "patients.csv", folder / "patients-large.csv"
    write_patient_list(small, PATIENT_ROWS_SMALL)
    children = _Children(folder)
    runs: list[dict[str, Any]] = []
    parses: list[float] = []
    floors: list[float] = []

    def figures_of(figures: dict[str, Any]) -> dict[str, Any]:
        return {
            "patients": figures["patients"],
            "seconds": round(figures["seconds"], 2),
            "import_seconds": round(figures["import_seconds"], 2),
            "import_peak_rss_growth_kb": figures["import_peak_rss_growth_kb"],
            "caregap_run_seconds": round(figures["caregap_run_seconds"], 2),
            "caregap_run_peak_rss_growth_kb": figures["caregap_run_peak_rss_growth_kb"],
        }

    def run_import() -> float:
        figures = children.into_fresh_clinic(_PATIENTS_CHILD, small)
        if figures["patients"] != PATIENT_ROWS_SMALL:
            raise RuntimeError(f"imported {figures['patients']}, not {PATIENT_ROWS_SMALL}")
        runs.append(figures_of(figures))
        floor = children.into_fresh_clinic(_RAW_PATIENTS_CHILD, small)
        if floor["rows"] != PATIENT_ROWS_SMALL:
            raise RuntimeError(f"the raw insert wrote {floor['rows']}, not {PATIENT_ROWS_SMALL}")
        floors.append(float(floor["seconds"]))
        if "large" not in metric.extra:
            write_patient_list(large, PATIENT_ROWS_LARGE)
            big = children.into_fresh_clinic(_PATIENTS_CHILD, large)
            big_parse = children.parse(large)
            large.unlink()
            metric.extra["large"] = {
                **figures_of(big),
                "parse_seconds": round(big_parse, 3),
                "ratio": round(big["seconds"] / big_parse, 2),
            }
        smallest = min(r["import_peak_rss_growth_kb"] for r in runs)
        metric.extra.update(
            {
                "method": (
                    f"{PATIENT_ROWS_SMALL} patient rows into a fresh SQLite clinic per run, "
                    "own process; memory of the import and of the care-gap run after it apart"
                ),
                "small": runs,
                "import_memory_large_over_small": round(
                    metric.extra["large"]["import_peak_rss_growth_kb"] / max(smallest, 1), 2
                ),
                "raw_sql_floor": _floor(
                    "a hand-written import of the same rows in a fresh clinic: "
                    "csv.DictReader, one executemany into patient, commit",
                    floors,
                    parses,
                    [r["seconds"] for r in runs],
                ),
            }
        )
        return float(figures["seconds"])

    def parse_only() -> float:
        seconds = children.parse(small)
        parses.append(seconds)
        return seconds

    def close() -> None:
        shutil.rmtree(folder, ignore_errors=True)

    metric = Metric("import_patients_csv", "s", 3.0, run_import, parse_only, close=close)
    return metric


def _floor(
    method: str, floors: list[float], parses: list[float], imports: list[float]
) -> dict[str, Any]:
    """The hand-written import's figures: its seconds, its ratio to the parse (what plain
    Python and SQL take to store the same rows, with no checks: the import's ratio
    measured against what a person would write first) and the import's ratio to it."""
    return {
        "method": method,
        "seconds": [round(s, 3) for s in measured(floors)],
        "over_parse": round(_median(measured(floors)) / _median(measured(parses)), 2)
        if parses
        else None,
        "import_over_floor": round(_median(measured(imports)) / _median(measured(floors)), 2),
    }


def measured(values: list[float]) -> list[float]:
    """The figures of the measured runs: run.py's first call of a metric and of its
    baseline only warms the caches."""
    return values[1:] if len(values) > 1 else values


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
