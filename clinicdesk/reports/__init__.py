"""Printable documents (reportlab): data in, PDF bytes out. No Qt, no database."""
