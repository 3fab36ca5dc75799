"""The Revenue area: the monthly close, the contribution to the federation fund, the
statement (managers and administrators only)."""
