"""ClinicDesk performance figures (DESIGN §9), each against a baseline measured in the
same run so that the ratio survives a noisy machine.

    python tests/benchmarks/run.py [--repeat N] [--only NAME ...] [--out FILE]

Prints one JSON object: {"metrics": {NAME: {"value", "unit", "baseline", "ratio",
"budget", "within_budget", "runs"}}}, plus "extra" for a metric that reports more than
its time (sync_pull: memory; caregaps_all, caregaps_all_pg: rows written per run, and the
first-run and next-day figures). Each value is the median of --repeat runs; runs of a metric
and its baseline are interleaved so both see the same machine load.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SHOWN_MARKER = "clinicdesk: first window shown"  # clinicdesk.ui.launch.SHOWN_MARKER

_BARE_WINDOW = f"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1200, 800)
window.show()
def shown():
    print({SHOWN_MARKER!r}, flush=True)
    app.quit()
QTimer.singleShot(0, shown)
sys.exit(app.exec())
"""


@dataclass
class Metric:
    name: str
    unit: str
    budget: float | None
    run: Callable[[], float]
    baseline: Callable[[], float]
    extra: dict[str, Any] = field(default_factory=dict)
    """Figures besides the time, filled in by `run`; shown as the metric's "extra"."""
    close: Callable[[], None] = lambda: None
    """Tear down what the metric set up (a hub process, temporary files)."""
    absolute_budget: float | None = None
    """A budget on the value itself (memory_panel_open: 300 MB), not on the ratio."""


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["CLINICDESK_HOME"] = str(home)
    env.pop("CLINICDESK_DB_URL", None)
    return env


def _time_until_shown(args: list[str], env: dict[str, str]) -> float:
    """Milliseconds from process start until it prints the shown marker."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO
    )
    assert proc.stdout is not None
    elapsed: float | None = None
    for line in proc.stdout:
        if SHOWN_MARKER in line:
            elapsed = (time.perf_counter() - start) * 1000
            break
    _, err = proc.communicate(timeout=120)
    if elapsed is None or proc.returncode != 0:
        raise RuntimeError(f"{args} did not show its window (exit {proc.returncode}): {err}")
    return elapsed


def _compile_bytecode() -> None:
    """Byte-compile the package, as an installed program is (pip compiles at install).
    Without it, where PYTHONDONTWRITEBYTECODE is set (as on the development machines),
    a checkout would compile every module of ours again at every start, which an
    installed program never does."""
    import compileall

    compileall.compile_dir(REPO / "clinicdesk", quiet=1)


def startup_metric() -> Metric:
    """Start to the first interactive frame (DESIGN §9): `clinicdesk --db URL` — a real
    start, no --demo — on the 100,000-patient demo clinic (tests/benchmarks/panel.py
    makes it once, not timed, or reuses CLINICDESK_BENCH_PANEL_DB), until the sign-in
    dialog has been painted (the program prints its marker then, and exits), against
    a bare PySide6 window."""
    sys.path.insert(0, str(REPO))
    from tests.benchmarks import panel

    url = f"sqlite:///{panel.panel_db()}"
    _compile_bytecode()
    extra = panel._GENERATED  # demo_create_s, when the clinic was made for this run

    def app_start() -> float:
        with tempfile.TemporaryDirectory() as home:
            env = _env(Path(home))
            env["CLINICDESK_EXIT_WHEN_SHOWN"] = "1"
            return _time_until_shown([sys.executable, "-m", "clinicdesk", "--db", url], env)

    def bare_start() -> float:
        with tempfile.TemporaryDirectory() as home:
            return _time_until_shown([sys.executable, "-c", _BARE_WINDOW], _env(Path(home)))

    metric = Metric("startup", "ms", 2.5, app_start, bare_start)
    metric.extra = extra
    return metric


def _signin_to_today_metric() -> Metric:
    sys.path.insert(0, str(REPO))
    from tests.benchmarks import signin_today

    _compile_bytecode()
    return signin_today.signin_to_today_metric()


# --- sync_pull: a full first sync from a big hub -------------------------------------------

SYNC_STANDARDS = 500
SYNC_COURSES = 50
SYNC_PACKAGE_BYTES = 1_000_000
_TEMPLATE_STANDARD = "care-gap.influenza-vaccine.json"

# Runs in a fresh process per measurement: a new clinic database (not timed), then one
# timed SyncEngine.run_once, with the process's peak resident memory before and after.
_SYNC_CHILD = r"""
import json, sys, time
from clinicdesk.app import open_database
from clinicdesk.services.sync import SyncEngine
from clinicdesk.services import federation_link, setup

db_url, hub_url, clinic_id = sys.argv[1:4]
db = open_database(db_url)
with db.uow() as uow:
    admin = setup.initialise(uow, "Benchmark Co-op", "root", "Root Admin", "bench-password-1")
with db.uow() as uow:
    federation_link.connect(uow, admin, hub_url, clinic_id)

def status_kb(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise SystemExit(f"no {field} in /proc/self/status")

# Reset the peak (VmHWM) to the current resident size, so that the peak read after the
# sync is the sync's own, not the set-up's (Linux: "5" to clear_refs).
with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")
before_rss = status_kb("VmRSS")
start = time.perf_counter()
report = SyncEngine(db).run_once()
elapsed = (time.perf_counter() - start) * 1000
peak = status_kb("VmHWM")
db.dispose()
if report.exit_code != 0:
    raise SystemExit(f"sync failed: {report.as_json()}")
print(json.dumps({
    "ms": elapsed,
    "pulled": report.pulled,
    "rss_before_kb": before_rss,
    "peak_rss_growth_kb": peak - before_rss,
}))
"""


def _bench_course(folder: Path, index: int) -> Path:
    """A valid course folder whose image is SYNC_PACKAGE_BYTES of incompressible bytes."""
    source = folder / f"course-{index:02d}"
    (source / "images").mkdir(parents=True)
    manifest = {
        "id": f"bench-course-{index:02d}",
        "version": 1,
        "title": f"Benchmark course {index}",
        "summary": "Generated for the sync benchmark.",
        "minutes": 10,
        "roles": ["clinician"],
        "sections": ["01-intro.md"],
    }
    (source / "course.json").write_text(json.dumps(manifest), encoding="utf-8")
    (source / "01-intro.md").write_text(
        f"# Benchmark course {index}\n\n![noise](images/noise.png)\n", encoding="utf-8"
    )
    (source / "images" / "noise.png").write_bytes(os.urandom(SYNC_PACKAGE_BYTES))
    return source


def _seed_big_hub(hub_url: str, folder: Path) -> None:
    from clinicdesk.federation import packages
    from clinicdesk.federation.schemas import standard_adapter
    from clinicdesk.hub import service
    from clinicdesk.hub.db import open_hub_database

    hub_db = open_hub_database(hub_url)
    try:
        template = json.loads(
            (REPO / "resources" / "standards" / _TEMPLATE_STANDARD).read_text(encoding="utf-8")
        )
        for index in range(SYNC_STANDARDS):
            document = dict(template)
            document["id"] = f"care-gap.bench-{index:03d}"
            document["title"] = f"{template['title']} (benchmark {index})"
            service.publish_standard(hub_db, standard_adapter.validate_python(document))
        for index in range(SYNC_COURSES):
            source = _bench_course(folder / "courses", index)
            service.publish_course(hub_db, packages.build_package(source))
            shutil.rmtree(source)
    finally:
        hub_db.dispose()


def _resource_urls(base_url: str, api_key: str) -> list[str]:
    """Every URL a first sync GETs, with the cursors the hub hands out (the client's
    default page size), so that the baseline fetches the same bytes without parsing."""
    import requests

    urls: list[str] = []
    with requests.Session() as session:
        session.trust_env = False
        session.headers["Authorization"] = f"Bearer {api_key}"
        for resource in ("standards", "courses"):
            cursor: str | None = None
            while True:
                url = f"{base_url}/v1/{resource}" + (f"?cursor={cursor}" if cursor else "")
                urls.append(url)
                page = session.get(url, timeout=60).json()
                if resource == "courses":
                    urls += [base_url + v["package_url"] for v in page["versions"]]
                cursor = page["next_cursor"]
                if not page["has_more"]:
                    break
    return urls


def sync_pull_metric() -> Metric:
    """A first sync of 500 standards and 50 one-megabyte course packages from a local hub,
    against GETting the same pages and packages with plain requests (no parsing, no
    storing). Setup (the hub, its content, each run's clinic database) is not timed."""
    import requests

    sys.path.insert(0, str(REPO))
    from clinicdesk.hub import service
    from clinicdesk.hub.db import open_hub_database
    from tests.helpers.hub import start_hub

    folder = Path(tempfile.mkdtemp(prefix="clinicdesk-bench-sync-"))
    hub_db_url = f"sqlite:///{folder / 'hub.sqlite3'}"
    _seed_big_hub(hub_db_url, folder)
    hub_db = open_hub_database(hub_db_url)
    try:
        _baseline_clinic, api_key = service.add_clinic(hub_db, "Benchmark Co-op")
    finally:
        hub_db.dispose()
    hub = start_hub(hub_db_url, folder / "logs")
    urls = _resource_urls(hub.base_url, api_key)
    env = dict(os.environ)
    env["CLINICDESK_HOME"] = str(folder / "home")
    env["CLINICDESK_FEDERATION_API_KEY"] = api_key
    env.pop("CLINICDESK_DB_URL", None)
    growth: list[int] = []
    expected = {"standards": SYNC_STANDARDS, "courses": SYNC_COURSES, "packages": SYNC_COURSES}

    def sync() -> float:
        # Each run is a new clinic's first sync, so each is a new clinic at the hub too:
        # the hub keeps every clinic's audit head and would flag another trail under the
        # same clinic id as a rewritten one (setup, not timed).
        hub_db = open_hub_database(hub_db_url)
        try:
            member, key = service.add_clinic(hub_db, f"Benchmark Co-op {uuid.uuid4().hex[:8]}")
        finally:
            hub_db.dispose()
        clinic_db = folder / f"clinic-{uuid.uuid4().hex}.sqlite3"
        command = [sys.executable, "-c", _SYNC_CHILD, f"sqlite:///{clinic_db}"]
        done = subprocess.run(
            [*command, hub.base_url, member.clinic_id],
            env={**env, "CLINICDESK_FEDERATION_API_KEY": key},
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=600,
        )
        clinic_db.unlink(missing_ok=True)
        if done.returncode != 0:
            raise RuntimeError(f"the sync process failed ({done.returncode}): {done.stderr}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        if figures["pulled"] != expected:
            raise RuntimeError(f"the sync pulled {figures['pulled']}, not {expected}")
        growth.append(figures["peak_rss_growth_kb"])
        metric.extra.update(
            {
                "standards": SYNC_STANDARDS,
                "packages": SYNC_COURSES,
                "package_bytes": SYNC_PACKAGE_BYTES,
                "peak_rss_growth_kb": growth,
                "max_peak_rss_growth_kb": max(growth),
                "rss_before_kb": figures["rss_before_kb"],
            }
        )
        return float(figures["ms"])

    def fetch() -> float:
        with requests.Session() as session:
            session.trust_env = False
            session.headers["Authorization"] = f"Bearer {api_key}"
            start = time.perf_counter()
            fetched = 0
            for url in urls:
                with session.get(url, stream=True, timeout=60) as response:
                    response.raise_for_status()
                    for chunk in response.iter_content(64 * 1024):
                        fetched += len(chunk)
            elapsed = (time.perf_counter() - start) * 1000
        metric.extra["baseline_bytes"] = fetched
        return elapsed

    def close() -> None:
        try:
            hub.stop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    metric = Metric("sync_pull", "ms", None, sync, fetch, close=close)
    return metric


# --- import_fhir: the shared Synthea bundles, re-keyed into many patients -----------------

IMPORT_SMALL_COPIES = 5
IMPORT_LARGE_COPIES = 50
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

# What every child does first, untimed: a new clinic, and a reader of its own peak
# resident memory (/proc/self/clear_refs resets VmHWM to the current size). The set-up's
# own garbage is collected before the clock starts, as its memory is before the peak is
# reset: making the clinic (the migrations, a hundred thousand objects) leaves Python's
# collector a full pass due, which otherwise falls in the timed import (about 5% of it).
CHILD_SETUP = r"""
import gc, json, sys, time
from pathlib import Path
from clinicdesk.app import open_database
from clinicdesk.services import setup

db_url, source = sys.argv[1:3]
db = open_database(db_url)
with db.uow() as uow:
    admin = setup.initialise(uow, "Benchmark Co-op", "root", "Root Admin", "bench-password-1")
gc.collect()

def status_kb(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise SystemExit(f"no {field} in /proc/self/status")

def reset_peak():
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    return status_kb("VmRSS")
"""

# One measurement in a fresh process: a new clinic database (not timed), then one timed
# import_fhir of the folder, with the peak resident memory growth during the import.
_IMPORT_CHILD = (
    CHILD_SETUP
    + r"""
from clinicdesk.services import patient_import
before_rss = reset_peak()
start = time.perf_counter()
report = patient_import.import_fhir(db, admin, [Path(source)])
elapsed = time.perf_counter() - start
peak = status_kb("VmHWM")
db.dispose()
if report.errors or not report.accounted:
    raise SystemExit(f"import failed: {report.as_json()}")
print(json.dumps({
    "seconds": elapsed,
    "patients": report.patients_created,
    "resources": report.resources,
    "events": report.events,
    "peak_rss_growth_kb": peak - before_rss,
}))
"""
)

# The baseline: only reading the same files with the standard library (json.load),
# no mapping, no database.
_PARSE_CHILD = r"""
import json, sys, time
from pathlib import Path
start = time.perf_counter()
count = 0
for path in sorted(Path(sys.argv[1]).iterdir()):
    with path.open(encoding="utf-8") as handle:
        count += len(json.load(handle)["entry"])
print(json.dumps({"seconds": time.perf_counter() - start, "entries": count}))
"""


def _rekeyed_bundles(source_dirs: list[Path], target: Path, copies: int) -> int:
    """`copies` copies of every bundle with every UUID replaced (uuid5 per copy), so each
    copy is a new patient with new encounters and events. Returns the patient count."""
    target.mkdir(parents=True)
    sources = sorted(p for d in source_dirs for p in d.glob("*.json"))
    for copy in range(copies):
        namespace = uuid.UUID(int=copy + 1)
        for source in sources:
            text = source.read_text(encoding="utf-8")
            text = _UUID.sub(lambda m, ns=namespace: str(uuid.uuid5(ns, m[0])), text)
            (target / f"{copy:04d}-{source.name}").write_text(text, encoding="utf-8")
    return copies * len(sources)


class _ImportBench:
    """The import benchmarks' input and how they run one import: the Synthea bundles (the
    SMART 2019, its Synthea 2.2 originals and the Nimbus sets: 21 one-patient bundles in
    the shared corpus that CLINICDESK_FHIR_FIXTURES names, 10 in tests/fixtures/fhir
    without it) re-keyed IMPORT_SMALL_COPIES times; each import into a fresh clinic in its
    own process."""

    def __init__(self) -> None:
        sys.path.insert(0, str(REPO))
        from tests.helpers.fhir_fixtures import benchmark_corpus

        corpus = benchmark_corpus() / "synthea_bundles"
        self.sources = [
            corpus / "smart_generated_sample_data_2019",
            corpus / "smart_generated_sample_data_2019_original",
            corpus / "nimbus_covid19_pediatric_2020_batch",
        ]
        self.bundles = sum(len(list(d.glob("*.json"))) for d in self.sources)
        self.folder = Path(tempfile.mkdtemp(prefix="clinicdesk-bench-import-"))
        self.small = self.folder / "small"
        self.small_patients = _rekeyed_bundles(self.sources, self.small, IMPORT_SMALL_COPIES)
        self.env = _env(self.folder / "home")

    def child(self, script: str, *args: str) -> dict[str, Any]:
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

    def import_into(self, url: str, source: Path) -> dict[str, Any]:
        figures = self.child(_IMPORT_CHILD, url, str(source))
        if source == self.small and figures["patients"] != self.small_patients:
            raise RuntimeError(f"imported {figures['patients']}, not {self.small_patients}")
        return figures

    def import_into_sqlite(self, source: Path) -> dict[str, Any]:
        clinic_db = self.folder / f"clinic-{uuid.uuid4().hex}.sqlite3"
        try:
            return self.import_into(f"sqlite:///{clinic_db}", source)
        finally:
            for leftover in self.folder.glob(f"{clinic_db.name}*"):
                leftover.unlink()

    def per_1000(self, figures: dict[str, Any]) -> float:
        return float(figures["seconds"]) * 1000 / self.small_patients

    def method(self, backend: str) -> str:
        return (
            f"{self.small_patients} patients ({IMPORT_SMALL_COPIES} re-keyed copies of "
            f"{self.bundles} Synthea bundles) into a fresh {backend} clinic per run, own process"
        )

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def import_fhir_metric() -> Metric:
    """Seconds per 1,000 patients to import the Synthea bundles (_ImportBench) into a fresh
    SQLite clinic, against json.load of the same files. `extra` holds the peak resident
    memory growth of the small input and of one IMPORT_LARGE_COPIES (10x) times larger:
    flat memory means the two are close."""
    bench = _ImportBench()
    large = bench.folder / "large"
    growth: list[int] = []

    def run_import() -> float:
        figures = bench.import_into_sqlite(bench.small)
        growth.append(figures["peak_rss_growth_kb"])
        if "large" not in metric.extra:
            large_patients = _rekeyed_bundles(bench.sources, large, IMPORT_LARGE_COPIES)
            big = bench.import_into_sqlite(large)
            shutil.rmtree(large)
            metric.extra["large"] = {
                "patients": large_patients,
                "resources": big["resources"],
                "seconds_per_1000_patients": round(big["seconds"] * 1000 / large_patients, 3),
                "peak_rss_growth_kb": big["peak_rss_growth_kb"],
            }
        metric.extra.update(
            {
                "method": bench.method("SQLite"),
                "small": {
                    "patients": bench.small_patients,
                    "resources": figures["resources"],
                    "events": figures["events"],
                    "peak_rss_growth_kb": growth,
                },
            }
        )
        large_kb = metric.extra["large"]["peak_rss_growth_kb"]
        metric.extra["memory_large_over_small"] = round(large_kb / max(min(growth), 1), 2)
        return bench.per_1000(figures)

    def parse_only() -> float:
        return bench.per_1000(bench.child(_PARSE_CHILD, str(bench.small)))

    metric = Metric(
        "import_fhir", "s/1000 patients", 3.0, run_import, parse_only, close=bench.close
    )
    return metric


DEFAULT_BENCH_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def import_fhir_pg_metric() -> Metric:
    """The same import (_ImportBench) into a fresh PostgreSQL clinic: a new schema per run
    on the server CLINICDESK_BENCH_PG_URL names (default DEFAULT_BENCH_PG_URL), dropped
    afterwards; against the SQLite import of the same input in the same run. The import
    runs as the clinic's administrator on a server without provisioned roles."""
    from urllib.parse import quote

    import psycopg

    base = os.environ.get("CLINICDESK_BENCH_PG_URL", DEFAULT_BENCH_PG_URL)
    libpq = base.replace("postgresql+psycopg://", "postgresql://", 1)
    bench = _ImportBench()

    def run_import() -> float:
        schema = f"bench_import_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(libpq, autocommit=True) as admin:
            admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            sep = "&" if "?" in base else "?"
            url = f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
            figures = bench.import_into(url, bench.small)
        finally:
            with psycopg.connect(libpq, autocommit=True) as admin:
                admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        metric.extra.update(
            {
                "method": bench.method("PostgreSQL"),
                "baseline": "the same import into a fresh SQLite clinic",
                "patients": bench.small_patients,
                "resources": figures["resources"],
                "events": figures["events"],
            }
        )
        return bench.per_1000(figures)

    def sqlite_import() -> float:
        return bench.per_1000(bench.import_into_sqlite(bench.small))

    metric = Metric(
        "import_fhir_pg", "s/1000 patients", 1.5, run_import, sqlite_import, close=bench.close
    )
    return metric


# --- the patient panel on a 100,000-patient demo clinic (tests/benchmarks/panel.py) ----------


def _panel_metric(name: str) -> Callable[[], Metric]:
    def build() -> Metric:
        sys.path.insert(0, str(REPO))
        from tests.benchmarks import panel

        metric: Metric = getattr(panel, f"{name}_metric")()
        return metric

    return build


# --- caregaps_all: every care-gap standard over a 100,000-patient clinic ------------------

CAREGAP_PATIENTS = int(os.environ.get("CLINICDESK_BENCH_PATIENTS", "100000"))
CAREGAP_AS_OF = "2025-06-15"
_SCT = "http://snomed.info/sct"
_LOINC = "http://loinc.org"
_ICD = "http://hl7.org/fhir/sid/icd-10-cm"
_CVX = "http://hl7.org/fhir/sid/cvx"
_RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


def _generate_caregap_clinic(url: str, patients: int, seed: int = 4) -> dict[str, int]:
    """A clinic of `patients` with realistic ages and the coded events the shipped
    care-gap standards look for (and some they do not), written with Core bulk inserts.
    Deterministic for a seed. Returns row counts."""
    import random
    from datetime import date, timedelta

    from sqlalchemy import insert, text

    from clinicdesk.app import open_database
    from clinicdesk.db.models import User
    from clinicdesk.db.models_clinical import ClinicalEvent, Patient
    from clinicdesk.services import setup
    from clinicdesk.services.federation_store import load_default_standards

    rng = random.Random(seed)
    as_of = date.fromisoformat(CAREGAP_AS_OF)
    db = open_database(url)
    try:
        with db.uow() as uow:
            setup.initialise(uow, "Benchmark Co-op", "root", "Root Admin", "bench-password-1")
        with db.uow() as uow:
            load_default_standards(uow)
            uow.commit()
        with db.engine.begin() as conn:
            clinicians = [
                conn.execute(
                    insert(User).values(
                        username=f"dr.bench{i}",
                        display_name=f"Dr Bench {i}",
                        roles="clinician",
                        password_hash="not-a-hash",
                        active=True,
                        must_change_password=False,
                        failed_attempts=0,
                    )
                ).inserted_primary_key[0]
                for i in range(12)
            ]
            people: list[dict[str, object]] = []
            events: list[dict[str, object]] = []

            def ago(days_low: int, days_high: int) -> date:
                return as_of - timedelta(days=rng.randint(days_low, days_high))

            def event(
                pid: int, kind: str, system: str, code: str, on: date, **more: object
            ) -> None:
                row: dict[str, object] = {
                    "patient_id": pid, "kind": kind, "system": system, "code": code,
                    "occurred_on": on, "ended_on": None, "value": None, "unit": None,
                }  # fmt: skip
                row.update(more)
                events.append(row)

            for pid in range(1, patients + 1):
                age = min(int(rng.expovariate(1 / 38)), 104)
                birth = as_of - timedelta(days=age * 365 + rng.randint(0, 364))
                sex = "female" if rng.random() < 0.51 else "male"
                status = "active" if rng.random() < 0.95 else rng.choice(["inactive", "deceased"])
                people.append(
                    {
                        "id": pid, "uuid": f"00000000-0000-4000-8000-{pid:012d}",
                        "mrn": f"B{pid:07d}", "family_name": f"Family{pid % 5000}",
                        "given_names": f"Given{pid % 700}",
                        "name_key": f"family{pid % 5000} given{pid % 700}",
                        "birth_date": birth, "sex": sex, "status": status,
                        "clinician_id": clinicians[pid % len(clinicians)], "open_gaps": 0,
                        "version": 1, "phone": f"555-{pid:07d}",
                    }
                )  # fmt: skip
                for _ in range(rng.randint(2, 6)):  # vitals no standard looks at
                    event(pid, "observation", _LOINC, rng.choice(["29463-7", "8302-2"]),
                          ago(0, 3000), value=rng.randint(50, 190), unit="kg")  # fmt: skip
                for year in range(6):  # a flu shot most autumns
                    if rng.random() < 0.45:
                        event(pid, "immunization", _CVX, rng.choice(["140", "141", "158"]),
                              as_of - timedelta(days=365 * year + rng.randint(0, 120)))  # fmt: skip
                if age >= 12 and rng.random() < 0.5:
                    event(
                        pid, "observation", _LOINC, "44249-1", ago(0, 800), value=rng.randint(0, 20)
                    )
                if age >= 12 and rng.random() < 0.05:
                    event(pid, "condition", _ICD, "F32.9", ago(100, 4000))
                if age >= 19 and rng.random() < 0.7:
                    event(pid, "immunization", _CVX, "115", ago(0, 5000))
                if age < 18:
                    continue
                diabetic = age >= 30 and rng.random() < 0.11
                if diabetic:
                    code, system = rng.choice([("44054006", _SCT), ("E11.9", _ICD)])
                    event(pid, "condition", system, code, ago(400, 6000))
                    for _ in range(rng.randint(0, 4)):
                        event(pid, "observation", _LOINC, "4548-4", ago(0, 700),
                              value=round(rng.uniform(5.5, 11.0), 1), unit="%")  # fmt: skip
                    if rng.random() < 0.5:
                        event(pid, "procedure", _SCT, "36228007", ago(0, 700))
                    if rng.random() < 0.5:
                        event(
                            pid, "observation", _LOINC, "9318-7", ago(0, 700), value=12, unit="mg/g"
                        )
                    if age >= 40 and rng.random() < 0.6:
                        start = ago(100, 3000)
                        end = (
                            None
                            if rng.random() < 0.7
                            else start + timedelta(days=rng.randint(30, 900))
                        )
                        event(pid, "medication", _RXNORM, rng.choice(["314231", "36567", "83367"]),
                              start, ended_on=end)  # fmt: skip
                elif rng.random() < 0.08:
                    event(pid, "condition", _SCT, "15777000", ago(100, 3000))
                    if rng.random() < 0.6:
                        event(
                            pid,
                            "observation",
                            _LOINC,
                            "1558-6",
                            ago(0, 700),
                            value=105,
                            unit="mg/dL",
                        )
                if age >= 35 and rng.random() < 0.25:
                    code, system = rng.choice([("38341003", _SCT), ("I10", _ICD)])
                    event(pid, "condition", system, code, ago(300, 6000))
                    for _ in range(rng.randint(0, 3)):
                        event(pid, "observation", _LOINC, "85354-9", ago(0, 500))
                if age >= 40 and rng.random() < 0.6:
                    event(
                        pid, "observation", _LOINC, "2093-3", ago(0, 2500), value=190, unit="mg/dL"
                    )
                if age >= 45:
                    if rng.random() < 0.4:
                        event(pid, "procedure", _SCT, "73761001", ago(0, 5000))
                    if rng.random() < 0.2:
                        event(pid, "observation", _LOINC, "57905-2", ago(0, 700))
                    if rng.random() < 0.004:
                        event(pid, "procedure", _SCT, "26390003", ago(0, 5000))
                if age >= 65 and rng.random() < 0.55:
                    event(pid, "immunization", _CVX, rng.choice(["33", "133", "215"]), ago(0, 4000))
                if age >= 70 and rng.random() < 0.01:
                    event(pid, "procedure", _SCT, "385763009", ago(0, 500))
                if sex == "female":
                    if age >= 40 and rng.random() < 0.6:
                        event(pid, "procedure", _SCT, "71651007", ago(0, 1100))
                    if age >= 21 and rng.random() < 0.5:
                        event(pid, "observation", _LOINC, "10524-7", ago(0, 1800))
                    if age >= 30 and rng.random() < 0.2:
                        event(pid, "observation", _LOINC, "21440-3", ago(0, 2000))
                    if rng.random() < 0.02:
                        event(pid, "procedure", _SCT, "116140006", ago(0, 8000))
                    if age >= 40 and rng.random() < 0.005:
                        event(pid, "procedure", _SCT, "27865001", ago(0, 8000))
            for start in range(0, len(people), 20_000):
                conn.execute(insert(Patient), people[start : start + 20_000])
            for start in range(0, len(events), 50_000):
                conn.execute(insert(ClinicalEvent), events[start : start + 50_000])
        if db.engine.dialect.name == "postgresql":
            # what autovacuum does soon after a bulk load; without it the baseline's plan
            # is a nested loop over the grouped events (minutes)
            with db.engine.connect() as conn:
                conn.execute(text("ANALYZE"))
                conn.commit()
        return {"patients": len(people), "events": len(events)}
    finally:
        db.dispose()


def _baseline_caregap_queries(as_of_text: str) -> list[tuple[str, dict[str, object]]]:
    """Hand-written SQL, one statement per care-gap standard: the eligible active patients
    (age, sex, an active condition where the standard needs one) with the date of their
    latest event among the standard's codes, grouped by patient. The same rows the engine
    reads, with none of its work (no state, no words, nothing written)."""
    from datetime import date

    from clinicdesk.federation.packages import load_standards
    from clinicdesk.federation.schemas import CareGapStandard

    as_of = date.fromisoformat(as_of_text)
    statements: list[tuple[str, dict[str, object]]] = []
    for standard in load_standards(REPO / "resources" / "standards"):
        if not isinstance(standard, CareGapStandard):
            continue
        rule = standard.rule
        kinds: set[str] = set()
        codes: set[str] = set()
        sets = [("condition", rule.eligibility.conditions)]
        sets += [(x.event_kind.value, x.concepts) for x in rule.exclusions]
        sets += [(w.event_kind.value, w.concepts) for w in rule.satisfied_by]
        for kind, concept_sets in sets:
            for concept_set in concept_sets:
                if not concept_set.codes and not concept_set.prefixes:
                    continue
                kinds.add(kind)
                codes.update(entry.code for entry in concept_set.codes)
                codes.update(f"{prefix}.9" for prefix in concept_set.prefixes)
        params: dict[str, object] = {"as_of": as_of}
        where = ["p.status = 'active'"]
        low, high = rule.eligibility.min_age_years, rule.eligibility.max_age_years
        if low is not None:
            params["born_by"] = as_of.replace(year=as_of.year - low)
            where.append("p.birth_date <= :born_by")
        if high is not None:
            params["born_after"] = as_of.replace(year=as_of.year - high - 1)
            where.append("p.birth_date > :born_after")
        if rule.eligibility.sex is not None:
            params["sex"] = rule.eligibility.sex.value
            where.append("p.sex = :sex")
        conditions = sorted(
            {entry.code for cs in rule.eligibility.conditions for entry in cs.codes}
            | {f"{prefix}.9" for cs in rule.eligibility.conditions for prefix in cs.prefixes}
        )
        if conditions:
            listed = ", ".join(f"'{code}'" for code in conditions)
            where.append(
                "p.id IN (SELECT patient_id FROM clinical_event WHERE kind = 'condition' "
                f"AND code IN ({listed}) AND occurred_on <= :as_of "
                "AND (ended_on IS NULL OR ended_on >= :as_of))"
            )
        kind_list = ", ".join(f"'{kind}'" for kind in sorted(kinds))
        code_list = ", ".join(f"'{code}'" for code in sorted(codes))
        sql = (
            "SELECT p.id, p.birth_date, p.sex, f.last_on FROM patient p "
            "LEFT JOIN (SELECT patient_id, MAX(occurred_on) AS last_on FROM clinical_event "
            f"WHERE kind IN ({kind_list}) AND code IN ({code_list}) AND occurred_on <= :as_of "
            "GROUP BY patient_id) f ON f.patient_id = p.id "
            f"WHERE {' AND '.join(where)}"
        )
        statements.append((sql, params))
    return statements


CAREGAP_FIRST_RUNS = int(os.environ.get("CLINICDESK_BENCH_FIRST_RUNS", "3"))
_PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"


def _clear_caregap_results(db: Any) -> None:
    """Make the clinic one whose care gaps were never run: no stored results, the panel
    columns as a fresh import leaves them (setup, not timed)."""
    from sqlalchemy import text

    postgresql = db.engine.dialect.name == "postgresql"
    with db.engine.begin() as conn:
        conn.execute(
            text("TRUNCATE care_gap_result" if postgresql else "DELETE FROM care_gap_result")
        )
        conn.execute(text("UPDATE patient SET open_gaps = 0, next_due_on = NULL"))
    if postgresql:  # what autovacuum would do soon after: no dead rows in the measurement
        with db.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.execute(text("VACUUM ANALYZE patient, care_gap_result"))


def _caregaps_metric(name: str, url: str, close_database: Callable[[], None]) -> Metric:
    """Every care-gap standard in force for the whole clinic (CAREGAP_PATIENTS, DESIGN §9:
    100,000) at `url`, an empty database: the service `caregaps.evaluate_clinic`, which
    reads, decides, explains, writes the results and panel columns that changed and audits
    the run, against hand-written SQL that reads the same rows per standard (eligible
    patients with their latest relevant event) and fetches them. The clinic is generated
    once (not timed).

    The measured runs are the nightly case: the same clinic evaluated again with nothing
    changed, so nothing is written (`extra.written_per_run` shows it). `extra.first_run`
    is the other end, measured first: a clinic with no stored results (cleared before each
    of CAREGAP_FIRST_RUNS runs, not timed), where every result is written, each run next to
    a baseline. `extra.next_day` is one run a day later (as-of + 1): the results whose
    state moved with the day are written, every other one gets only the new as-of day."""
    from datetime import date, timedelta

    from sqlalchemy import text

    sys.path.insert(0, str(REPO))
    from clinicdesk.app import open_database
    from clinicdesk.domain.roles import system_principal
    from clinicdesk.services import caregaps

    started = time.perf_counter()
    counts = _generate_caregap_clinic(url, CAREGAP_PATIENTS)
    generated_s = time.perf_counter() - started
    db = open_database(url)
    as_of = date.fromisoformat(CAREGAP_AS_OF)
    statements = _baseline_caregap_queries(CAREGAP_AS_OF)
    actor = system_principal("benchmark")
    written: list[dict[str, int]] = []

    def timed_run(day: date) -> tuple[float, Any]:
        start = time.perf_counter()
        with db.uow() as uow:
            summary = caregaps.evaluate_clinic(uow, actor, as_of=day)
        return (time.perf_counter() - start) * 1000, summary

    def changes(summary: Any) -> dict[str, int]:
        return {
            "inserted": summary.inserted,
            "updated": summary.updated,
            "deleted": summary.deleted,
            "panel": summary.panel_written,
        }

    def first_runs() -> None:
        """The fresh-clinic figure and the next-day figure (see the docstring)."""
        values: list[float] = []
        baselines: list[float] = []
        for number in range(CAREGAP_FIRST_RUNS):
            if number:
                _clear_caregap_results(db)
            baselines.append(hand_written_sql())
            elapsed, summary = timed_run(as_of)
            values.append(elapsed)
            if summary.inserted != summary.results:
                raise RuntimeError(f"a first run wrote {changes(summary)} of {summary.results}")
        value, baseline = statistics.median(values), statistics.median(baselines)
        metric.extra["first_run"] = {
            "value": round(value, 2),
            "baseline": round(baseline, 2),
            "ratio": round(value / baseline, 3),
            "within_budget": value / baseline <= BUDGET_CAREGAPS,
            "runs": {
                "value": [round(v, 2) for v in values],
                "baseline": [round(b, 2) for b in baselines],
            },
            "written": changes(summary),
        }
        baseline = hand_written_sql()
        elapsed, summary = timed_run(as_of + timedelta(days=1))
        metric.extra["next_day"] = {
            "as_of": (as_of + timedelta(days=1)).isoformat(),
            "value": round(elapsed, 2),
            "baseline": round(baseline, 2),
            "ratio": round(elapsed / baseline, 3),
            "written": changes(summary),
        }
        timed_run(as_of)  # back to the measured day (not measured: the day moved back)

    def evaluate() -> float:
        if "first_run" not in metric.extra:
            first_runs()
        elapsed, summary = timed_run(as_of)
        written.append(changes(summary))
        metric.extra.update(
            {
                "backend": db.engine.dialect.name,
                "generated_rows": counts,
                "generate_seconds": round(generated_s, 1),
                "standards": len(summary.standards),
                "results": summary.results,
                "open_gaps": sum(c.open for c in summary.standards),
                "written_per_run": written[1:],  # the first is the warm-up
            }
        )
        return elapsed

    def hand_written_sql() -> float:
        start = time.perf_counter()
        rows = 0
        with db.engine.connect() as conn:
            for sql, params in statements:
                rows += len(conn.execute(text(sql), params).all())
        elapsed = (time.perf_counter() - start) * 1000
        metric.extra["baseline_rows"] = rows
        return elapsed

    def close() -> None:
        db.dispose()
        close_database()

    metric = Metric(name, "ms", BUDGET_CAREGAPS, evaluate, hand_written_sql, close=close)
    return metric


def _import_metric(name: str) -> Callable[[], Metric]:
    """The CSV imports (tests/benchmarks/imports.py)."""

    def build() -> Metric:
        sys.path.insert(0, str(REPO))
        from tests.benchmarks import imports

        metric: Metric = getattr(imports, f"{name}_metric")()
        return metric

    return build


BUDGET_CAREGAPS = 2.5


def caregaps_all_metric() -> Metric:
    """Care gaps for the whole clinic on SQLite (a temporary file); see `_caregaps_metric`.
    CLINICDESK_BENCH_DB_URL runs it on another, empty, database instead."""
    folder = Path(tempfile.mkdtemp(prefix="clinicdesk-bench-caregaps-"))
    url = os.environ.get("CLINICDESK_BENCH_DB_URL") or f"sqlite:///{folder / 'clinic.sqlite3'}"
    return _caregaps_metric("caregaps_all", url, lambda: shutil.rmtree(folder, ignore_errors=True))


def caregaps_all_pg_metric() -> Metric:
    """Care gaps for the whole clinic on PostgreSQL; see `_caregaps_metric`. A database of
    its own, created on the server at 127.0.0.1:5432 (user postgres) and dropped after;
    CLINICDESK_BENCH_GAPS_PG_URL names an empty one to use (and keep) instead."""
    from sqlalchemy import create_engine, text

    named = os.environ.get("CLINICDESK_BENCH_GAPS_PG_URL")
    if named:
        return _caregaps_metric("caregaps_all_pg", named, lambda: None)
    database = f"bench_gaps_{uuid.uuid4().hex[:12]}"
    server = create_engine(f"{_PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {database}"))

    def drop() -> None:
        with server.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        server.dispose()

    try:
        return _caregaps_metric("caregaps_all_pg", f"{_PG_SERVER}/{database}", drop)
    except BaseException:
        drop()
        raise


def _training_matrix_metric() -> Metric:
    sys.path.insert(0, str(REPO))
    from tests.benchmarks import training

    return training.training_matrix_metric()


def _invoice_run_metric() -> Metric:
    sys.path.insert(0, str(REPO))
    from tests.benchmarks import anchors

    return anchors.invoice_run_metric()


METRICS: dict[str, Callable[[], Metric]] = {
    "startup": startup_metric,
    "signin_to_today": _signin_to_today_metric,
    "sync_pull": sync_pull_metric,
    "import_fhir": import_fhir_metric,
    "import_fhir_pg": import_fhir_pg_metric,
    "panel_open": _panel_metric("panel_open"),
    "panel_filter": _panel_metric("panel_filter"),
    "patients_count": _panel_metric("patients_count"),
    "memory_panel_open": _panel_metric("memory_panel_open"),
    "caregaps_all": caregaps_all_metric,
    "caregaps_all_pg": caregaps_all_pg_metric,
    "training_matrix": _training_matrix_metric,
    "invoice_run": _invoice_run_metric,
    "import_members": _import_metric("import_members"),
    "import_patients_csv": _import_metric("import_patients_csv"),
}


def measure(metric: Metric, repeat: int) -> dict[str, object]:
    metric.baseline()  # warm the file cache for both before measuring
    metric.run()
    values: list[float] = []
    baselines: list[float] = []
    for _ in range(repeat):
        baselines.append(metric.baseline())
        values.append(metric.run())
    value = statistics.median(values)
    baseline = statistics.median(baselines)
    ratio = value / baseline if baseline else None
    result: dict[str, object] = {
        "value": round(value, 2),
        "unit": metric.unit,
        "baseline": round(baseline, 2),
        "ratio": round(ratio, 3) if ratio is not None else None,
        "budget": metric.budget,
        "within_budget": (
            value <= metric.absolute_budget
            if metric.absolute_budget is not None
            else None
            if metric.budget is None or ratio is None
            else ratio <= metric.budget
        ),
        "runs": {
            "value": [round(v, 2) for v in values],
            "baseline": [round(b, 2) for b in baselines],
        },
    }
    if metric.extra:
        result["extra"] = metric.extra
    return result


def measure_and_close(metric: Metric, repeat: int) -> dict[str, object]:
    try:
        return measure(metric, repeat)
    finally:
        metric.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--only", nargs="*", choices=sorted(METRICS))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    names = args.only or list(METRICS)
    result = {"metrics": {name: measure_and_close(METRICS[name](), args.repeat) for name in names}}
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
