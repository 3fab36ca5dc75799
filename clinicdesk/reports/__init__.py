"""Printed documents (reportlab): plain data in, PDF out; no Qt, no database."""
