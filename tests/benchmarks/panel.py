"""Panel benchmarks (DESIGN §9) on a 100,000-patient demo clinic, made once per run with
`clinicdesk demo create --patients 100000` (or the SQLite file named by
CLINICDESK_BENCH_PANEL_DB, to reuse one).

- panel_open: the first screen of the biggest clinician's panel as the panel table gets
  it — the service call the worker makes (count and first page, own unit of work) and
  the model's reset on the UI thread — against the same two statements written by hand
  and run on a plain sqlite3 connection.
- panel_filter: one keystroke of the prefix filter (the mean over typing "kowal"), the
  same way; `extra` has the "contains" figure and the UI thread's share (the reset and a
  repaint of the table), which must stay under one frame.
- patients_count: the count of every active patient, as a manager's whole-clinic list
  asks for it, against the same count by hand.
- memory_panel_open: resident memory of a process with the Panel area open on all
  100,000 patients after scrolling to the end and back (budget 300 MB); the baseline is
  a bare PySide6 window.

GNU Health 5.0.6 on a machine like ours (DESIGN §9): 94 ms to open a 100-row list, 99 ms
per prefix keystroke, 286 ms per "contains" keystroke; ClinicDesk's targets are 19, 20
and 40 ms.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.benchmarks.run import REPO, Metric

PATIENTS = 100_000
FRAME_MS = 1000 / 60
REFERENCE = {"gnu_health_ms": {"open": 94, "prefix": 99, "contains": 286}}
TARGET = {"open": 19, "prefix": 20, "contains": 40}
# Each measurement is the mean over a batch of calls, so that a few milliseconds of
# another process's work on a shared machine do not decide a figure on their own.
OPENS_PER_RUN = 20
TYPED = ("kowal", "nguye", "moral", "tanak")  # 20 keystrokes per run
CONTAINS = ("ssi", "ann", "ez")

_db_path: Path | None = None


def panel_db() -> Path:
    """The 100,000-patient demo database, made on first use and removed at exit."""
    global _db_path
    if _db_path is not None:
        return _db_path
    given = os.environ.get("CLINICDESK_BENCH_PANEL_DB")
    if given:
        _db_path = Path(given)
        return _db_path
    folder = Path(tempfile.mkdtemp(prefix="clinicdesk-bench-panel-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "clinic.sqlite3"
    env = dict(os.environ, CLINICDESK_HOME=str(folder / "home"), QT_QPA_PLATFORM="offscreen")
    env.pop("CLINICDESK_DB_URL", None)
    start = time.perf_counter()
    done = subprocess.run(
        [
            *(sys.executable, "-m", "clinicdesk", "demo", "create"),
            *("--db", f"sqlite:///{path}", "--patients", str(PATIENTS), "--seed", "1"),
        ],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        raise RuntimeError(f"demo create failed: {done.stderr}")
    _GENERATED["demo_create_s"] = round(time.perf_counter() - start, 1)
    _db_path = path
    return path


_GENERATED: dict[str, Any] = {}


class _Panel:
    """The service side (a Database as the app opens it) and the raw side (one sqlite3
    connection) over the same file, plus a model and view for the UI thread's part."""

    def __init__(self) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        from clinicdesk.app import open_database
        from clinicdesk.domain.roles import Principal, Role
        from clinicdesk.ui.panel.model import PanelTableModel
        from clinicdesk.ui.table_views import DataTableView

        path = panel_db()
        self.app = QApplication.instance() or QApplication([])
        self.db = open_database(f"sqlite:///{path}")
        self.raw = sqlite3.connect(str(path), isolation_level=None)
        self.clinician_id, self.panel_size = self.raw.execute(
            "SELECT clinician_id, count(*) FROM patient WHERE clinician_id IS NOT NULL "
            "AND status = 'active' GROUP BY clinician_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        self.clinician = Principal(
            self.clinician_id, "bench-clinician", "Bench", frozenset({Role.CLINICIAN})
        )
        self.model = PanelTableModel(None)  # type: ignore[arg-type]  # no worker: timed inline
        self.page_size = self.model.page_size
        self.view = DataTableView()  # the panel's own view
        self.view.setModel(self.model)
        self.view.resize(1200, 800)
        self.view.show()
        self.app.processEvents()
        self.ui_ms: list[float] = []  # model reset + repaint, per screen
        self.apply_ms: list[float] = []

    # the app's way
    def first_screen(self, text: str = "", contains: bool = False) -> int:
        from clinicdesk.services import panel
        from clinicdesk.services.panel import Match, PanelQuery

        query = PanelQuery(text=text, match=Match.CONTAINS if contains else Match.PREFIX)
        with self.db.uow(read_only=True) as uow:
            total, page = panel.first_screen(uow, self.clinician, query, limit=self.page_size)
        start = time.perf_counter()
        self.model._generation += 1  # what set_query does before the worker
        self.model._on_first_screen((self.model._generation, total, page))
        self.apply_ms.append((time.perf_counter() - start) * 1000)
        return total

    def repaint(self) -> None:
        """What the UI thread does next: paint the rows (not timed as part of the query;
        a raw-SQL program would have to paint them too)."""
        start = time.perf_counter()
        self.view.viewport().repaint()
        self.ui_ms.append(self.apply_ms[-1] + (time.perf_counter() - start) * 1000)

    # by hand
    def raw_first_screen(self, text: str = "", contains: bool = False) -> int:
        where = "clinician_id = ? AND status = 'active'"
        params: list[Any] = [self.clinician_id]
        if text and contains:
            where += " AND name_key LIKE ? ESCAPE '\\'"
            params.append(f"%{text}%")
        elif text:
            where += " AND name_key >= ? AND name_key < ? AND name_key LIKE ? ESCAPE '\\'"
            params += [text, text + "\U0010ffff", f"{text}%"]
        (total,) = self.raw.execute(
            f"SELECT count(*) FROM patient WHERE {where}", params
        ).fetchone()
        self.raw.execute(
            "SELECT id, mrn, family_name, given_names, birth_date, sex, status, clinician_id, "
            f"last_visit_on, open_gaps, next_due_on FROM patient WHERE {where} "
            "ORDER BY name_key, id LIMIT ?",
            [*params, self.page_size],
        ).fetchall()
        return int(total)


_panel: _Panel | None = None


def _shared() -> _Panel:
    global _panel
    if _panel is None:
        _panel = _Panel()
    return _panel


def _timed(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def panel_open_metric() -> Metric:
    p = _shared()

    def run() -> float:
        p.ui_ms.clear()
        ms = _timed(lambda: [p.first_screen() for _ in range(OPENS_PER_RUN)]) / OPENS_PER_RUN
        p.repaint()
        metric.extra.update(
            {
                "patients": PATIENTS,
                "panel_size": p.panel_size,
                "rows": p.page_size,
                "ui_thread_ms": round(p.ui_ms[-1], 2),
                "ui_thread_under_one_frame": p.ui_ms[-1] < FRAME_MS,
                "target_ms": TARGET["open"],
                **REFERENCE,
                **_GENERATED,
            }
        )
        return ms

    def raw() -> float:
        return _timed(lambda: [p.raw_first_screen() for _ in range(OPENS_PER_RUN)]) / OPENS_PER_RUN

    metric = Metric("panel_open", "ms", 3.0, run, raw)
    return metric


def patients_count_metric() -> Metric:
    """The count of every active patient in the clinic, as a manager's whole-clinic list
    asks for it (`panel.count` in its own read-only unit of work, the mean of a batch),
    against the same count on a plain sqlite3 connection. GNU Health 5.0.6 counts the
    same 100,000 people in 6.3 ms (DESIGN §9)."""
    from clinicdesk.domain.roles import Principal, Role

    p = _shared()
    manager = Principal(0, "bench-manager", "Bench", frozenset({Role.MANAGER}))

    def count() -> int:
        from clinicdesk.services import panel
        from clinicdesk.services.panel import PanelQuery

        with p.db.uow(read_only=True) as uow:
            return panel.count(uow, manager, PanelQuery())

    def raw_count() -> int:
        (total,) = p.raw.execute("SELECT count(*) FROM patient WHERE status = 'active'").fetchone()
        return int(total)

    def run() -> float:
        total = count()
        if total != raw_count():
            raise RuntimeError(f"the service counted {total}, the SQL {raw_count()}")
        metric.extra.update(
            {"patients": PATIENTS, "active": total, "gnu_health_ms": 6.3, **_GENERATED}
        )
        return _timed(lambda: [count() for _ in range(OPENS_PER_RUN)]) / OPENS_PER_RUN

    def raw() -> float:
        return _timed(lambda: [raw_count() for _ in range(OPENS_PER_RUN)]) / OPENS_PER_RUN

    metric = Metric("patients_count", "ms", 3.0, run, raw)
    return metric


def panel_filter_metric() -> Metric:
    p = _shared()
    contains_runs: list[tuple[float, float]] = []

    def typing(fn: Any, words: tuple[str, ...], paint: bool = False, **kw: Any) -> float:
        """Mean time per keystroke of typing each word; with `paint`, the table is
        repainted after each keystroke (not timed: see `_Panel.repaint`)."""
        elapsed = 0.0
        keystrokes = 0
        for text in words:
            for n in range(len(text)):
                start = time.perf_counter()
                fn(text[: n + 1], **kw)
                elapsed += time.perf_counter() - start
                keystrokes += 1
                if paint:
                    p.repaint()
        return elapsed * 1000 / keystrokes

    def run() -> float:
        p.ui_ms.clear()
        ms = typing(p.first_screen, TYPED)
        # The UI thread's share, in a pass of its own: painting between timed keystrokes
        # would leave the query colder caches than the baseline gets.
        p.ui_ms.clear()
        typing(p.first_screen, TYPED[:1], paint=True)
        ui = statistics.median(p.ui_ms)
        contains_runs.append(
            (
                typing(p.first_screen, CONTAINS, contains=True),
                typing(p.raw_first_screen, CONTAINS, contains=True),
            )
        )
        values = sorted(c for c, _b in contains_runs)
        baselines = sorted(b for _c, b in contains_runs)
        mid = len(values) // 2
        metric.extra.update(
            {
                "typed": TYPED,
                "panel_size": p.panel_size,
                "ui_thread_median_ms": round(ui, 2),
                "ui_thread_max_ms": round(max(p.ui_ms), 2),
                "ui_thread_under_one_frame": ui < FRAME_MS,
                "contains_typed": CONTAINS,
                "contains_ms": round(values[mid], 2),
                "contains_baseline_ms": round(baselines[mid], 2),
                "contains_ratio": round(values[mid] / baselines[mid], 3),
                "target_ms": {"prefix": TARGET["prefix"], "contains": TARGET["contains"]},
                **REFERENCE,
            }
        )
        return ms

    metric = Metric("panel_filter", "ms", 3.0, run, lambda: typing(p.raw_first_screen, TYPED))
    return metric


# Runs in a child process: the Panel area open on every patient, scrolled to the end and
# back, then its resident memory.
_MEMORY_CHILD = r"""
import json, os, sys, tempfile, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from clinicdesk.app import open_database
from clinicdesk.domain.roles import system_principal
from clinicdesk.services import setup
from clinicdesk.ui.context import AppContext
from clinicdesk.ui.messages import MessageBridge
from clinicdesk.ui.panel.view import PanelView
from clinicdesk.ui.tasks import TaskRunner
from clinicdesk.ui.ui_state import UiState

def status_kb(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])

def wait(predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.002)

db = open_database(sys.argv[1])
with db.uow() as uow:
    clinic = setup.clinic_info(uow)
errors = []
runner = TaskRunner(lambda e, _p: errors.append(e), errors.append)
state = UiState(QSettings(os.path.join(tempfile.mkdtemp(), "ui.ini"), QSettings.Format.IniFormat))
ctx = AppContext(db, system_principal("bench"), clinic, runner, MessageBridge(), state)
view = PanelView(ctx)
view.resize(1200, 800)
view.show()
model = view.patients_tab.model
wait(lambda: model.total > 0 and not model.loading)
table = view.patients_tab.table
for fraction in (0.25, 0.5, 0.75, 1.0, 0.0):
    table.scrollTo(model.index(min(model.total - 1, int(model.total * fraction)), 0))
    table.viewport().repaint()
    wait(lambda: not runner.busy)
    table.viewport().repaint()
if errors:
    raise SystemExit(f"errors: {errors}")
print(json.dumps({"rss_kb": status_kb("VmRSS"), "peak_kb": status_kb("VmHWM"),
                  "rows": model.total, "cached_rows": model.cached_rows}))
"""

_BARE_CHILD = r"""
import json, os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow(); window.resize(1200, 800); window.show(); app.processEvents()
with open("/proc/self/status") as status:
    rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
print(json.dumps({"rss_kb": rss}))
"""


def _child(code: str, *args: str) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.setdefault("CLINICDESK_HOME", tempfile.mkdtemp(prefix="clinicdesk-bench-home-"))
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the child process failed ({done.returncode}): {done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def memory_panel_open_metric() -> Metric:
    path = panel_db()

    def run() -> float:
        figures = _child(_MEMORY_CHILD, f"sqlite:///{path}")
        metric.extra.update(
            {
                "rows": figures["rows"],
                "cached_rows": figures["cached_rows"],
                "peak_mb": round(figures["peak_kb"] / 1024, 1),
                "budget_mb": 300,
            }
        )
        return float(figures["rss_kb"]) / 1024

    def bare() -> float:
        return float(_child(_BARE_CHILD)["rss_kb"]) / 1024

    metric = Metric("memory_panel_open", "MB", None, run, bare, absolute_budget=300.0)
    return metric
