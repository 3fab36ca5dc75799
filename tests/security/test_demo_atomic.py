"""`demo create` is all or nothing (issue 12, the clinic side).

The demo clinic used to be committed in steps (the clinic and its staff, then revenue,
then training, then the care-gap run): a failure midway left a half-made clinic that a
second `demo create` refused ("already holds a clinic") and that `--demo --db` opened
without a password. The database server itself is made to fail midway (a trigger that
refuses one table's inserts, tests/helpers/faults.py), on SQLite and PostgreSQL, through
the service and through the command line: every table is as it was, and once the fault
is gone the demo is made.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, table

from clinicdesk.db.unit_of_work import Database
from clinicdesk.errors import ClinicDeskError
from clinicdesk.services import demo, setup
from tests.helpers.cli import run_cli
from tests.helpers.faults import failing_inserts

# Written early-middle (training, after the clinic, staff, patients, register and
# revenue) and last (the care-gap run).
MIDWAY = ["training_completion", "care_gap_result"]


def _counts(db: Database) -> dict[str, int]:
    names = inspect(db.engine).get_table_names()
    with db.engine.connect() as conn:
        return {
            name: int(conn.execute(select(func.count()).select_from(table(name))).scalar_one())
            for name in names
        }


@pytest.mark.parametrize("failing", MIDWAY)
def test_a_failure_midway_leaves_the_database_as_it_was(db: Database, failing: str) -> None:
    before = _counts(db)
    with failing_inserts(db.engine, failing), pytest.raises(ClinicDeskError), db.uow() as uow:
        demo.create(uow, seed=1, patients=20)
    assert _counts(db) == before
    with db.uow(read_only=True) as uow:
        assert not setup.is_initialised(uow)
        assert not demo.is_demo(uow)
    # the fault gone, the same command makes the demo
    with db.uow() as uow:
        summary = demo.create(uow, seed=1, patients=20)
    counts = _counts(db)
    assert counts["clinic"] == 1 and counts["patient"] == 20 and counts[failing] > 0
    assert summary.patients == 20


def test_the_command_line_leaves_nothing_half_made(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    home = tmp_path / "cli-home"
    home.mkdir()
    before = _counts(db)
    with failing_inserts(db.engine, "care_gap_result"):
        failed = run_cli(home, "demo", "create", "--patients", "20", "--db", db_url)
    assert failed.returncode != 0, failed
    assert "Traceback" not in failed.stderr, failed
    assert _counts(db) == before
    done = run_cli(home, "demo", "create", "--patients", "20", "--db", db_url)
    assert done.returncode == 0, done
    assert "Demo clinic" in done.stdout and _counts(db)["patient"] == 20
