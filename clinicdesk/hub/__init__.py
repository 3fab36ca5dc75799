"""The reference federation hub: the shared backbone the member clinics sync with.

It publishes standards and course packages and receives each clinic's monthly
contributions and staff training completions, over the v1 API whose contract is
`clinicdesk.federation.schemas` (DESIGN §5). FastAPI on uvicorn, SQLAlchemy storage on
SQLite (a small federation, a test) or PostgreSQL (production; several hub processes may
share one database), Alembic migrations of its own in `clinicdesk/hub/migrations`.

Running a hub
-------------

Install the optional packages: ``pip install 'clinicdesk[hub]'`` (FastAPI, uvicorn).
Every command takes ``--db URL`` or reads ``CLINICDESK_HUB_DB_URL`` (never the clinic's
``CLINICDESK_DB_URL``) and upgrades the hub's tables to the current schema first::

    export CLINICDESK_HUB_DB_URL=postgresql+psycopg://hub@db.example.org/hub
    clinicdesk hub seed                    # default standards + course packages
    clinicdesk hub add-clinic --name "Riverside Health Co-op" [--joined 2025-01-01]
        # -> {"clinic_id": "…", "key_id": 1, "api_key": "cdhub_…"}   the key is shown once
    clinicdesk hub serve --host 0.0.0.0 --port 8765 --workers 4

``serve`` upgrades the database once, then starts uvicorn with ``--workers`` processes.
Put it behind a TLS-terminating reverse proxy: the hub itself speaks plain HTTP. One
SQLite file suits one worker; use PostgreSQL for several workers or several hosts.

Looking after it:

- ``hub clinics [--json]`` lists the clinics, the day each joined (``add-clinic
  --joined``, else the day it was added: it owes contributions from that month on) and
  how many active keys each has;
- ``hub new-key --clinic ID`` gives a clinic another key while its others keep working;
  ``hub keys --clinic ID`` lists its keys by id (never the keys themselves); ``hub
  revoke-key --clinic ID --key-id N`` revokes one of them, so a key is rotated with an
  overlap, and without ``--key-id`` it revokes all of them (requests with a revoked key
  get 401);
- ``hub publish-standard FILE.json`` publishes a standard version (the same document
  again is a no-op; other content under a published id and version is refused: a change is
  a new version); ``hub retire-standard ID [--version N] [--on DATE]`` retires one;
- ``hub publish-course PACKAGE.zip`` publishes a course package built with
  ``clinicdesk.federation.packages.build_package``;
- ``hub contributions [--clinic ID] [--json]`` lists what the clinics submitted;
- ``hub openapi --out resources/federation-openapi.json`` regenerates the published
  contract after an API change (a test compares it with what the hub serves).

The API keys are stored as SHA-256 hashes; a lost key cannot be recovered, only replaced.

`python -m clinicdesk.hub ACTION …` runs the same commands as `clinicdesk hub ACTION …`.

Nothing is built at import time; `clinicdesk.hub.app.create_app` builds the application.
This package never imports the desktop UI (PySide6).
"""

from __future__ import annotations

from pathlib import Path

from clinicdesk import resources_root
from clinicdesk.errors import ConfigurationError


def resources_dir() -> Path:
    """The shipped `resources/` folder (`clinicdesk.resources_root`): the default
    standards and course folders `hub seed` publishes. A source checkout, a wheel and a
    frozen build all have it; `hub seed --resources DIR` names another."""
    folder = resources_root()
    if not (folder / "standards").is_dir() or not (folder / "courses").is_dir():
        raise ConfigurationError(
            f"The default standards and courses are not at {folder}.",
            hint="Reinstall ClinicDesk, or pass "
            "--resources DIR naming a folder that holds standards/ and courses/.",
        )
    return folder
