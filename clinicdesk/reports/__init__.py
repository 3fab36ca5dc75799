"""Printable documents (reportlab): data in, PDF out, no Qt and no database."""
