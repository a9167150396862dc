"""Local SQLite cache of the counter: typed SQLAlchemy models, engine and unit of work,
Alembic migrations, reference and demo data loaders."""
