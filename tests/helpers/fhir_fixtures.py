"""The FHIR / Synthea files the import tests read: `tests/fixtures/fhir`, part of the
project (its README names each file's source and licence), so those tests never skip.

The import benchmark may read a larger corpus of the same layout instead: the folder that
`CLINICDESK_FHIR_FIXTURES` names.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.helpers.cli import REPO_ROOT

FHIR_FIXTURES = REPO_ROOT / "tests" / "fixtures" / "fhir"
SMART_2019 = FHIR_FIXTURES / "synthea_bundles" / "smart_generated_sample_data_2019"
SMART_2019_PATIENTS = 4


def benchmark_corpus() -> Path:
    """The corpus for the import benchmark: CLINICDESK_FHIR_FIXTURES, else the fixtures."""
    configured = os.environ.get("CLINICDESK_FHIR_FIXTURES")
    return Path(configured) if configured else FHIR_FIXTURES
