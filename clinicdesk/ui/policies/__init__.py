"""Policies: reading and acknowledging them, and who has (issue #18)."""
