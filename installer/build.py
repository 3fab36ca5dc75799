"""Build ClinicDesk for a clinic: `python installer/build.py [--out DIR]`.

Runs PyInstaller on installer/clinicdesk.spec (a one-folder build without the hub), then,
on Linux, packs it as a tarball and a Debian package:

    DIR/clinicdesk/                          the frozen program (run DIR/clinicdesk/clinicdesk)
    DIR/clinicdesk-VERSION-linux-ARCH.tar.gz the folder, the .desktop file and the icon
    DIR/clinicdesk_VERSION_ARCH.deb          /opt/clinicdesk, /usr/bin/clinicdesk, menu entry

On Windows it makes the folder only; installer/windows/clinicdesk.iss (Inno Setup) turns
it into an installer there. Needs the `build` extra: pip install -e '.[build]'.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "installer" / "clinicdesk.spec"
DESKTOP = REPO / "installer" / "linux" / "clinicdesk.desktop"
ICON = REPO / "resources" / "icons" / "clinicdesk.svg"
# What the window's xcb platform plugin needs from the system (README, "System libraries").
DEB_DEPENDS = (
    "libxcb-icccm4, libxcb-keysyms1, libxcb-cursor0, libxcb-image0, libxcb-render-util0, "
    "libxcb-shape0, libxcb-randr0, libxcb-xkb1, libxkbcommon-x11-0, libx11-xcb1, libgl1, "
    "libegl1, libfontconfig1, libdbus-1-3"
)


def version() -> str:
    init = (REPO / "clinicdesk" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"$', init, re.MULTILINE)
    if found is None:
        raise SystemExit("no __version__ in clinicdesk/__init__.py")
    return found[1]


def freeze(out: Path, work: Path) -> Path:
    # The translations compiled beside their sources, which the spec copies in whole.
    sys.path.insert(0, str(REPO / "installer"))
    import translations

    translations.compile_all()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(out), "--workpath", str(work), str(SPEC)],
        check=True,
    )  # fmt: skip
    folder = out / "clinicdesk"
    if not (folder / ("clinicdesk.exe" if os.name == "nt" else "clinicdesk")).is_file():
        raise SystemExit(f"PyInstaller made no program in {folder}")
    return folder


def _arch() -> tuple[str, str]:
    """(tarball name, Debian name) of this machine's architecture."""
    machine = platform.machine().lower()
    return machine, {"x86_64": "amd64", "aarch64": "arm64"}.get(machine, machine)


def tarball(folder: Path, out: Path) -> Path:
    machine, _ = _arch()
    name = f"clinicdesk-{version()}-linux-{machine}"
    target = out / f"{name}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as archive:
        archive.add(folder, arcname=f"{name}/clinicdesk")
        archive.add(DESKTOP, arcname=f"{name}/clinicdesk.desktop")
        archive.add(ICON, arcname=f"{name}/clinicdesk.svg")
    return target


def deb(folder: Path, out: Path) -> Path:
    _, arch = _arch()
    target = out / f"clinicdesk_{version()}_{arch}.deb"
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "root"
        shutil.copytree(folder, root / "opt" / "clinicdesk", symlinks=True)
        (root / "usr" / "bin").mkdir(parents=True)
        (root / "usr" / "bin" / "clinicdesk").symlink_to("/opt/clinicdesk/clinicdesk")
        apps = root / "usr" / "share" / "applications"
        apps.mkdir(parents=True)
        shutil.copy(DESKTOP, apps / "clinicdesk.desktop")
        icons = root / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps"
        icons.mkdir(parents=True)
        shutil.copy(ICON, icons / "clinicdesk.svg")
        control = root / "DEBIAN"
        control.mkdir()
        size_kb = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) // 1024
        (control / "control").write_text(
            f"Package: clinicdesk\nVersion: {version()}\nArchitecture: {arch}\n"
            "Maintainer: ClinicDesk <clinicdesk@invalid>\nSection: misc\nPriority: optional\n"
            f"Installed-Size: {size_kb}\nDepends: {DEB_DEPENDS}\n"
            "Description: office software for a member-owned cooperative clinic\n"
            " Patient panels and care gaps, the member register, staff training and the\n"
            " monthly contribution to the clinics' federation. The hub is not included.\n",
            encoding="utf-8",
        )
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", str(root), str(target)],
            check=True,
            capture_output=True,
        )
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "dist", help="where to put the build")
    parser.add_argument(
        "--work", type=Path, default=REPO / "build", help="PyInstaller's work folder"
    )
    parser.add_argument("--no-packages", action="store_true", help="the folder only")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    folder = freeze(args.out.resolve(), args.work.resolve())
    print(f"built {folder}")
    if sys.platform.startswith("linux") and not args.no_packages:
        print(f"built {tarball(folder, args.out)}")
        if shutil.which("dpkg-deb"):
            print(f"built {deb(folder, args.out)}")
        else:
            print("no dpkg-deb here: no .deb made")
    return 0


if __name__ == "__main__":
    sys.exit(main())
