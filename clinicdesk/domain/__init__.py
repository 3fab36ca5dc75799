"""Pure rules and value objects: no Qt, no SQLAlchemy, nothing of ours outside domain."""
