"""ClinicDesk: office software for a member-owned cooperative primary-care clinic."""

from __future__ import annotations

from functools import cache
from pathlib import Path

__version__ = "0.1.0"
APP_NAME = "ClinicDesk"


@cache
def resources_root() -> Path:
    """The shipped `resources/` folder (default standards, courses, guide, icons).

    A wheel and a frozen build carry it inside the package (`clinicdesk/resources`, see
    setup.py); a source checkout and an editable install have it beside the package.
    Only the standard library here: the sign-in window asks for its icon before anything
    else is imported."""
    package = Path(__file__).resolve().parent
    inside = package / "resources"
    return inside if inside.is_dir() else package.parent / "resources"
