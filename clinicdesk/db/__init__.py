"""Storage: SQLAlchemy models, engines, the unit of work and Alembic migrations."""
