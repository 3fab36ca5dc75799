"""ClinicDesk performance figures (DESIGN §9), each against a baseline measured in the
same run so that the ratio survives a noisy machine.

    python tests/benchmarks/run.py [--repeat N] [--only NAME ...] [--out FILE]

Prints one JSON object: {"metrics": {NAME: {"value", "unit", "baseline", "ratio",
"budget", "within_budget", "runs"}}}. Each value is the median of --repeat runs; runs
of a metric and its baseline are interleaved so both see the same machine load.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHOWN_MARKER = "clinicdesk: main window shown"

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


def startup_metric() -> Metric:
    def app_start() -> float:
        with tempfile.TemporaryDirectory() as home:
            env = _env(Path(home))
            env["CLINICDESK_EXIT_WHEN_SHOWN"] = "1"
            return _time_until_shown([sys.executable, "-m", "clinicdesk", "--demo"], env)

    def bare_start() -> float:
        with tempfile.TemporaryDirectory() as home:
            return _time_until_shown([sys.executable, "-c", _BARE_WINDOW], _env(Path(home)))

    return Metric("startup", "ms", 2.5, app_start, bare_start)


METRICS: dict[str, Callable[[], Metric]] = {
    "startup": startup_metric,
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
    return {
        "value": round(value, 2),
        "unit": metric.unit,
        "baseline": round(baseline, 2),
        "ratio": round(ratio, 3) if ratio is not None else None,
        "budget": metric.budget,
        "within_budget": None if metric.budget is None or ratio is None else ratio <= metric.budget,
        "runs": {
            "value": [round(v, 2) for v in values],
            "baseline": [round(b, 2) for b in baselines],
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--only", nargs="*", choices=sorted(METRICS))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    names = args.only or list(METRICS)
    result = {"metrics": {name: measure(METRICS[name](), args.repeat) for name in names}}
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
