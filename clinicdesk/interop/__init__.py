"""Reading patient data from other systems: FHIR R4 (Bundles of any type, single
resources, Bulk Data NDJSON), Synthea CSV exports and practice-management CSV files.

Readers here know files and formats, not the database: they stream `records` (plain
dataclasses) that `services.patient_import` writes. No Qt, no SQLAlchemy.
"""
