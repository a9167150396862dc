"""Alembic migrations of the head-office database."""
