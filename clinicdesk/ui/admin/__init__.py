"""The Admin area: users and roles, the audit trail, clinic settings."""
