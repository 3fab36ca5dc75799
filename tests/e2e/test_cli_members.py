"""`clinicdesk members …` end to end in a child process, on SQLite and PostgreSQL: a
legacy import (dry run, then for real), the list and voters as JSON as of a date, the
register PDF as of a past date, a certificate and its verification, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from clinicdesk.db.unit_of_work import Database
from clinicdesk.domain.roles import Principal
from tests.helpers.cli import ROOT, CliResult, run_cli_as

LEGACY = (
    "record,register_no,family_name,given_names,member_class,applied_on,approved_on,end_on,"
    "type,effective_on,share_class,quantity,amount,counterpart_register_no\n"
    "member,1,Adeyemi,Amara,patient,2018-01-10,2018-02-01,,,,,,,\n"
    "member,2,Bergström,Ben,worker,2018-03-01,2018-04-01,,,,,,,\n"
    "member,3,Castillo,Chloé,community,2019-01-01,2019-02-01,2022-06-30,,,,,,\n"
    "share,1,,,,,,,subscribe,2018-02-01,A,2,50.00,\n"
    "share,1,,,,,,,pay,2018-02-01,A,,50.00,\n"
    "share,2,,,,,,,subscribe,2018-04-01,A,4,100.00,\n"
    "share,2,,,,,,,pay,2018-05-01,A,,100.00,\n"
    "share,2,,,,,,,subscribe,2018-04-01,B,3,300.00,\n"
    "share,2,,,,,,,pay,2019-05-01,B,,300.00,\n"
    "share,3,,,,,,,subscribe,2019-02-01,A,2,50.00,\n"
    "share,3,,,,,,,pay,2019-02-01,A,,25.00,\n"
    "share,3,,,,,,,pay,2020-02-01,A,,25.00,\n"
    "share,2,,,,,,,transfer,2021-01-15,A,2,,1\n"
    "share,3,,,,,,,redeem,2022-06-30,A,2,,\n"
)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "cli-home"
    folder.mkdir()
    return folder


def _ok(result: CliResult) -> CliResult:
    assert result.returncode == 0, result
    return result


def test_members_end_to_end(
    home: Path, db: Database, admin: Principal, db_url: str, tmp_path: Path
) -> None:
    source = tmp_path / "legacy.csv"
    source.write_text(LEGACY, encoding="utf-8")
    dry = _ok(run_cli_as(ROOT, home, "members", "import", str(source), "--dry-run", "--db", db_url))
    assert "Would import (dry run, nothing stored) 3 members and 11 ledger entries" in dry.stdout
    assert (
        _ok(run_cli_as(ROOT, home, "members", "list", "--json", "--db", db_url)).json()["members"]
        == []
    )
    done = _ok(run_cli_as(ROOT, home, "members", "import", str(source), "--db", db_url))
    assert "Imported 3 members and 11 ledger entries (register numbers 1–3)" in done.stdout

    listed = _ok(
        run_cli_as(ROOT, home, "members", "list", "--json", "--as-of", "2020-12-31", "--db", db_url)
    ).json()
    by_no = {m["register_no"]: m for m in listed["members"]}
    assert by_no[1]["shares"] == 2 and by_no[2]["holdings"]["A"]["shares"] == 4
    assert by_no[3]["status"] == "active" and by_no[3]["paid_up"] == "50.00"
    now = {
        m["register_no"]: m
        for m in _ok(run_cli_as(ROOT, home, "members", "list", "--json", "--db", db_url)).json()[
            "members"
        ]
    }
    assert now[1]["shares"] == 4 and now[2]["holdings"]["A"]["shares"] == 2
    assert now[3]["status"] == "former" and now[3]["shares"] == 0

    voters = _ok(
        run_cli_as(
            ROOT, home, "members", "voters", "--as-of", "2019-03-01", "--json", "--db", db_url
        )
    ).json()
    # Castillo had paid half the minimum by then: no vote yet
    assert [v["register_no"] for v in voters["voters"]] == [1, 2]

    out = tmp_path / "register-2020.pdf"
    printed = _ok(
        run_cli_as(
            ROOT,
            home,
            "members",
            "register",
            "--as-of",
            "2020-12-31",
            "--out",
            str(out),
            "--db",
            db_url,
        )
    )
    assert "3 members" in printed.stdout
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(out)).pages).split())
    assert "Member register as of Dec 31, 2020" in text
    assert "A: 4 (100.00 paid), B: 3 (300.00 paid)" in text
    assert "Paid-up capital: 500.00" in text

    cert_pdf = tmp_path / "cert.pdf"
    cert = _ok(
        run_cli_as(
            ROOT,
            home,
            "members",
            "certificate",
            "2",
            "--class",
            "B",
            "--as-of",
            "2020-12-31",
            "--out",
            str(cert_pdf),
            "--db",
            db_url,
        )
    )
    code = cert.stdout.split()[1]
    verified = _ok(run_cli_as(ROOT, home, "members", "verify", code, "--db", db_url))
    assert "Genuine: member 2" in verified.stdout and "The ledger agrees" in verified.stdout
    forged = run_cli_as(
        ROOT, home, "members", "verify", code.replace("-3-", "-30-"), "--db", db_url
    )
    assert forged.returncode == 2 and "does not verify" in forged.stderr

    preview = _ok(
        run_cli_as(
            ROOT,
            home,
            "members",
            "dividend",
            "--year",
            "2020",
            "--surplus",
            "100.00",
            "--json",
            "--db",
            db_url,
        )
    ).json()
    assert not preview["recorded"] and preview["total"] == "100.00"
    assert [p["amount"] for p in preview["parts"]] == ["10.00", "80.00", "10.00"]
    notices = tmp_path / "notices.pdf"
    recorded = _ok(
        run_cli_as(
            ROOT,
            home,
            "members",
            "dividend",
            "--year",
            "2020",
            "--surplus",
            "100.00",
            "--record",
            "--notices",
            str(notices),
            "--db",
            db_url,
        )
    )
    assert "Recorded as allocation 1: 100.00 to 3 members" in recorded.stdout
    assert len(PdfReader(str(notices)).pages) == 3

    csv_out = tmp_path / "register.csv"
    _ok(
        run_cli_as(
            ROOT,
            home,
            "members",
            "export",
            "--as-of",
            "2023-01-01",
            "--out",
            str(csv_out),
            "--db",
            db_url,
        )
    )
    assert csv_out.read_text(encoding="utf-8").count("\n") == 4


def test_bad_import_stores_nothing(
    home: Path, db: Database, admin: Principal, db_url: str, tmp_path: Path
) -> None:
    source = tmp_path / "legacy.csv"
    source.write_text(
        LEGACY.replace("member,2,", "member,1,").replace(
            "pay,2020-02-01,A,,25.00", "pay,2020-02-01,A,,-25.00"
        ),
        encoding="utf-8",
    )
    result = run_cli_as(ROOT, home, "members", "import", str(source), "--db", db_url)
    assert result.returncode == 2, result
    assert "register number 1 is already used on line 2" in result.stderr
    assert "Nothing was imported." in result.stderr and "Traceback" not in result.stderr
    assert (
        _ok(run_cli_as(ROOT, home, "members", "list", "--json", "--db", db_url)).json()["members"]
        == []
    )
    bad_date = run_cli_as(ROOT, home, "members", "voters", "--as-of", "31/12/2020", "--db", db_url)
    assert bad_date.returncode == 2 and "is not a date" in bad_date.stderr
