"""Alembic migrations of the counter's local store."""
