"""Which system libraries Qt's window-system plugin needs and this computer lacks.

Qt's xcb plugin (the X11 one) links against a dozen small X libraries that a fresh
Debian or Ubuntu desktop does not always have. Without them Qt stops at start-up with
"Could not load the Qt platform plugin" and no list of what is missing. This module asks
the dynamic linker (`ldd`) about the plugin file in the installed PySide6, without
starting Qt (nor importing it), and turns the missing library names into the command
that installs them.

Qt-free on purpose: it runs before any QApplication exists.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# Library file name (soname) -> package name on Debian/Ubuntu, Fedora and Arch. The list
# is what `ldd` on PySide6's libqxcb.so names (the plugin and libQt6XcbQpa it loads).
_PACKAGES: dict[str, tuple[str, str, str]] = {
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image", "xcb-util-image"),
    "libxcb-render-util.so.0": (
        "libxcb-render-util0",
        "xcb-util-renderutil",
        "xcb-util-renderutil",
    ),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util", "xcb-util"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb", "libxcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11", "libxkbcommon-x11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb", "libx11"),
    "libX11.so.6": ("libx11-6", "libX11", "libx11"),
    "libGL.so.1": ("libgl1", "libglvnd-glx", "libglvnd"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl", "libglvnd"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl", "libglvnd"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype", "freetype2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs", "dbus"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
}
_FAMILIES = ("debian", "fedora", "arch")
_INSTALL = {
    "debian": "sudo apt-get install -y",
    "fedora": "sudo dnf install -y",
    "arch": "sudo pacman -S --needed",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$")


@dataclass(frozen=True)
class PlatformCheck:
    platform: str
    plugin: Path | None  # None: PySide6 has no such plugin here
    missing: tuple[str, ...]  # library file names the linker cannot find
    checked: bool  # False where ldd is not available (not Linux)

    @property
    def ok(self) -> bool:
        return self.plugin is not None and not self.missing


def parse_ldd(output: str) -> list[str]:
    """The library names `ldd` reports as "not found", each once, in its order."""
    missing: list[str] = []
    for line in output.splitlines():
        match = _NOT_FOUND.match(line)
        if match and match.group(1) not in missing:
            missing.append(match.group(1))
    return missing


def plugin_path(platform: str) -> Path | None:
    """The installed PySide6's plugin file for `platform` (xcb, wayland, …), found
    without importing PySide6."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        folder = Path(root) / "Qt" / "plugins" / "platforms"
        for candidate in (f"libq{platform}.so", f"libq{platform}.dylib", f"q{platform}.dll"):
            if (folder / candidate).is_file():
                return folder / candidate
    return None


def check_platform(platform: str = "xcb") -> PlatformCheck:
    plugin = plugin_path(platform)
    ldd = shutil.which("ldd")
    if plugin is None or ldd is None or not sys.platform.startswith("linux"):
        return PlatformCheck(platform, plugin, (), checked=False)
    result = subprocess.run(
        [ldd, str(plugin)], capture_output=True, text=True, check=False, timeout=30
    )
    return PlatformCheck(platform, plugin, tuple(parse_ldd(result.stdout)), checked=True)


def os_family(os_release: str | None = None) -> str:
    """debian, fedora or arch, from /etc/os-release's ID and ID_LIKE (debian when
    unknown: the README's first instructions are for Debian and Ubuntu)."""
    if os_release is None:
        try:
            os_release = Path("/etc/os-release").read_text(encoding="utf-8")
        except OSError:
            os_release = ""
    ids: list[str] = []
    for line in os_release.splitlines():
        key, _, value = line.partition("=")
        if key in ("ID", "ID_LIKE"):
            ids.extend(value.strip().strip('"').split())
    for family, names in (
        ("debian", ("debian", "ubuntu")),
        ("fedora", ("fedora", "rhel", "centos")),
        ("arch", ("arch",)),
    ):
        if any(name in names for name in ids):
            return family
    return "debian"


def packages_for(missing: list[str] | tuple[str, ...], family: str) -> list[str]:
    """The packages that provide the missing libraries, each once; a library this
    table does not know is named as it is (the person searches for it)."""
    column = _FAMILIES.index(family)
    packages: list[str] = []
    for soname in missing:
        names = _PACKAGES.get(soname)
        package = names[column] if names else soname
        if package not in packages:
            packages.append(package)
    return packages


def install_command(missing: list[str] | tuple[str, ...], family: str) -> str:
    return f"{_INSTALL[family]} {' '.join(packages_for(missing, family))}"


def report(check: PlatformCheck, family: str | None = None) -> str:
    """What to tell the person, several lines."""
    if check.plugin is None:
        return (
            f"The installed PySide6 has no “{check.platform}” platform plugin. "
            "Reinstall ClinicDesk's dependencies (pip install -e .)."
        )
    if not check.checked:
        return f"Qt's {check.platform} plugin: {check.plugin} (not checked: no ldd here)"
    if not check.missing:
        return f"Qt's {check.platform} plugin finds every library it needs ({check.plugin})."
    family = family or os_family()
    return "\n".join(
        [
            f"Qt's {check.platform} plugin cannot start: this computer lacks "
            f"{len(check.missing)} system "
            + ("library" if len(check.missing) == 1 else "libraries")
            + ":",
            *(f"  {soname}" for soname in check.missing),
            "Install them with:",
            f"  {install_command(check.missing, family)}",
            f"(checked with ldd {check.plugin})",
        ]
    )
