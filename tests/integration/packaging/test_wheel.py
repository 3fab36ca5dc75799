"""The wheel a clinic's IT volunteer would `pip install`: it carries `resources/` (the
default standards, the courses, the guide, the icons) inside the package, where
`clinicdesk.resources_root()` finds it without a source checkout beside it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # No build isolation: the test extras install the setuptools the build needs, so the
    # build works without reaching a package index.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    (built,) = out.glob("clinicdesk-*.whl")
    return built


def test_every_resource_file_is_in_the_wheel(wheel: Path) -> None:
    shipped = {
        "clinicdesk/resources/" + p.relative_to(REPO / "resources").as_posix()
        for p in (REPO / "resources").rglob("*")
        if p.is_file()
    }
    names = set(zipfile.ZipFile(wheel).namelist())
    assert shipped - names == set()
    assert "clinicdesk/resources/standards/policy.patient-data-stays-local.json" in names
    assert any(n.startswith("clinicdesk/db/migrations/versions/0010_") for n in names)


def test_the_wheel_carries_the_translations_compiled(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "clinicdesk/resources/translations/clinicdesk_es.qm" in names  # the window
    assert "clinicdesk/resources/translations/es/LC_MESSAGES/clinicdesk.mo" in names  # the rest


def test_an_installed_wheel_finds_its_resources_inside_the_package(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # -S: no site-packages, so the editable install of this checkout cannot answer.
    found = subprocess.run(
        [sys.executable, "-S", "-c", "import clinicdesk; print(clinicdesk.resources_root())"],
        env={"PYTHONPATH": str(site)},
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    root = Path(found)
    assert root == site / "clinicdesk" / "resources"
    assert len(list((root / "standards").glob("*.json"))) == len(
        list((REPO / "resources" / "standards").glob("*.json"))
    )
    assert (root / "icons" / "clinicdesk.svg").is_file()
    assert (root / "courses").is_dir() and (root / "guide").is_dir()
