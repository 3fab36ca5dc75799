"""The Patients area's widgets: for now the import dialog (the Panel area opens it)."""
