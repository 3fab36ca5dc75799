"""The frozen program a clinic installs: `installer/build.py` makes the one-folder build,
the tarball and the Debian package in one command; the frozen program passes its own
self-test offscreen, finds its resources, leaves the hub out with a clear word, and the
Windows installer script names files the build really has.

One test, because the build takes a minute or two and the suite runs on two workers."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from clinicdesk import __version__
from clinicdesk.cli import build_parser
from clinicdesk.db.glance import MODELS_REVISION

REPO = Path(__file__).resolve().parents[3]
ISS = REPO / "installer" / "windows" / "clinicdesk.iss"


def _frozen(program: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(program), *args],
        env={"CLINICDESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
             "HOME": str(home), "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip


@pytest.mark.slow
def test_one_command_builds_a_program_that_passes_its_self_test(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, str(REPO / "installer" / "build.py"), "--out", str(out),
         "--work", str(tmp_path / "work")],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    folder = out / "clinicdesk"
    program = folder / "clinicdesk"
    home = tmp_path / "home"
    home.mkdir()

    selftest = _frozen(program, "self-test", home=home)
    assert selftest.returncode == 0, selftest.stdout + selftest.stderr
    assert "self-test: passed" in selftest.stdout
    version = _frozen(program, "--version", home=home)
    assert version.stdout.strip() == f"ClinicDesk {__version__} (database schema {MODELS_REVISION})"
    hub = _frozen(program, "hub", "serve", home=home)
    assert hub.returncode == 2 and "hub is not part of this installation" in hub.stderr
    resources = folder / "_internal" / "clinicdesk" / "resources"
    assert len(list((resources / "standards").glob("*.json"))) == len(
        list((REPO / "resources" / "standards").glob("*.json"))
    )
    assert (folder / "_internal" / "clinicdesk" / "db" / "migrations" / "versions").is_dir()
    # Qt trimmed: no browser engine, no QML.
    assert not list(folder.rglob("*WebEngine*")) and not list(folder.rglob("libQt6Qml*"))

    (archive,) = out.glob(f"clinicdesk-{__version__}-linux-*.tar.gz")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    top = archive.name.removesuffix(".tar.gz")
    for name in ("clinicdesk/clinicdesk", "clinicdesk.desktop", "clinicdesk.svg"):
        assert f"{top}/{name}" in names
    (package,) = out.glob(f"clinicdesk_{__version__}_*.deb")
    contents = subprocess.run(
        ["dpkg-deb", "--contents", str(package)], capture_output=True, text=True, check=True
    ).stdout
    assert "./usr/bin/clinicdesk -> /opt/clinicdesk/clinicdesk" in contents
    for path in ("./opt/clinicdesk/clinicdesk", "./usr/share/applications/clinicdesk.desktop",
                 "./usr/share/icons/hicolor/scalable/apps/clinicdesk.svg"):  # fmt: skip
        assert re.search(rf"\s{re.escape(path)}$", contents, re.MULTILINE), path
    info = subprocess.run(
        ["dpkg-deb", "--field", str(package), "Version", "Depends"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert f"Version: {__version__}" in info and "libxcb-cursor0" in info

    _check_windows_script(folder)


def _check_windows_script(folder: Path) -> None:
    """installer/windows/clinicdesk.iss against the layout just built (Windows names the
    program clinicdesk.exe; everything else is the same)."""
    script = ISS.read_text(encoding="utf-8")
    assert f'#define AppVersion "{__version__}"' in script
    build_dir = re.search(r'#define BuildDir "(.+)"', script)
    assert build_dir is not None
    assert (ISS.parent / build_dir[1].replace("\\", "/")).resolve() == (
        REPO / "dist" / "clinicdesk"
    )

    def on_disk(windows_path: str) -> Path:
        relative = windows_path.replace("\\", "/").removesuffix("/*")
        return folder / relative.removesuffix(".exe")

    sources = re.findall(r'^Source: "\{#BuildDir\}\\([^"]+)"', script, re.MULTILINE)
    assert sources == ["clinicdesk.exe", "_internal\\*"]
    for source in sources:
        assert on_disk(source).exists(), source
    programs = set(re.findall(r'Filename: "\{app\}\\([^"]+)"', script))
    assert programs == {"clinicdesk.exe"}
    # Every command line the installer runs is one the program takes.
    for parameters in re.findall(
        r'Filename: "\{app\}\\clinicdesk.exe"; Parameters: "([^"]+)"', script
    ):
        build_parser().parse_args(parameters.split())
