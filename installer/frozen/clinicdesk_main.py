"""The frozen build's entry point (installer/clinicdesk.spec): `clinicdesk` as the
installed package's console script runs it, with the keyring backend pinned."""

import os
import sys

from clinicdesk.frozen import ENV_VALUE

if getattr(sys, "frozen", False):
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", ENV_VALUE)

# Only now: the keyring backend is chosen before anything could ask for it.
from clinicdesk.cli import main

sys.exit(main())
