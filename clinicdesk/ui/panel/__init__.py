"""The Panel area: patient panels, records, attribution and the panel dashboard."""
