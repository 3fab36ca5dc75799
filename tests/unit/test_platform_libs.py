"""The window-system check names the libraries `ldd` cannot find and the command that
installs them, per OS family, without starting Qt."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from clinicdesk.ui import platform_libs
from clinicdesk.ui.platform_libs import PlatformCheck

# What ldd printed for PySide6 6.11's libqxcb.so on a fresh Debian 12 desktop (shortened).
LDD_FRESH_DEBIAN = """\
\tlinux-vdso.so.1 (0x00007f47b92fa000)
\tlibGL.so.1 => /lib/x86_64-linux-gnu/libGL.so.1 (0x00007f47b919c000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f47b9142000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibsomething-new.so.2 => not found
\t/lib64/ld-linux-x86-64.so.2 (0x00007f47b92fc000)
"""


def test_parse_ldd_lists_each_missing_library_once_in_order() -> None:
    assert platform_libs.parse_ldd(LDD_FRESH_DEBIAN) == [
        "libxcb-icccm.so.4",
        "libxcb-keysyms.so.1",
        "libxkbcommon-x11.so.0",
        "libsomething-new.so.2",
    ]
    assert platform_libs.parse_ldd("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


def test_install_command_per_os_family_names_packages_once() -> None:
    missing = platform_libs.parse_ldd(LDD_FRESH_DEBIAN)
    assert platform_libs.install_command(missing, "debian") == (
        "sudo apt-get install -y libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 "
        "libsomething-new.so.2"
    )
    assert platform_libs.install_command(missing[:2], "fedora") == (
        "sudo dnf install -y xcb-util-wm xcb-util-keysyms"
    )
    # Two libraries from one package: the package once.
    assert platform_libs.packages_for(["libxcb-shape.so.0", "libxcb-xkb.so.1"], "arch") == [
        "libxcb"
    ]


def test_os_family_reads_id_and_id_like() -> None:
    assert platform_libs.os_family("ID=ubuntu\nID_LIKE=debian\n") == "debian"
    assert platform_libs.os_family('ID="linuxmint"\nID_LIKE="ubuntu debian"\n') == "debian"
    assert platform_libs.os_family("ID=fedora\n") == "fedora"
    assert platform_libs.os_family('ID="rocky"\nID_LIKE="rhel centos fedora"\n') == "fedora"
    assert platform_libs.os_family("ID=manjaro\nID_LIKE=arch\n") == "arch"
    assert platform_libs.os_family("") == "debian"


def test_report_names_the_missing_libraries_and_the_command() -> None:
    check = PlatformCheck(
        "xcb", Path("libqxcb.so"), ("libxcb-icccm.so.4", "libxcb-keysyms.so.1"), True
    )
    text = platform_libs.report(check, "debian")
    assert "lacks 2 system libraries" in text
    assert "  libxcb-icccm.so.4\n  libxcb-keysyms.so.1\n" in text
    assert "sudo apt-get install -y libxcb-icccm4 libxcb-keysyms1" in text
    assert not check.ok
    fine = PlatformCheck("xcb", Path("libqxcb.so"), (), True)
    assert fine.ok
    assert "finds every library it needs" in platform_libs.report(fine)


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("ldd") is None,
    reason="the xcb plugin and ldd are Linux things",
)
def test_the_installed_pyside6_has_an_xcb_plugin_and_ldd_agrees_with_the_check() -> None:
    plugin = platform_libs.plugin_path("xcb")
    assert plugin is not None and plugin.name == "libqxcb.so"
    check = platform_libs.check_platform("xcb")
    assert check.checked
    assert all(name.startswith("lib") and ".so" in name for name in check.missing)
    assert platform_libs.plugin_path("no-such-platform") is None
