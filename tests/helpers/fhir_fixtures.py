"""Where the shared FHIR / Synthea acceptance corpus lives (read in place, never copied).

`CLINICDESK_FHIR_FIXTURES` overrides the default `../shared/fixtures/fhir` next to the
repository; tests that need it skip, saying why, when the folder is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.cli import REPO_ROOT


def fhir_fixtures_dir() -> Path:
    configured = os.environ.get("CLINICDESK_FHIR_FIXTURES")
    if configured:
        return Path(configured)
    return REPO_ROOT.parent / "shared" / "fixtures" / "fhir"


def require_fhir_fixtures() -> Path:
    folder = fhir_fixtures_dir()
    if not (folder / "hl7_r4_examples").is_dir():
        pytest.skip(
            f"the shared FHIR corpus is not at {folder}; set CLINICDESK_FHIR_FIXTURES to it"
        )
    return folder
