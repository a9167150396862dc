"""Use cases of the counter, one module per workflow. Plain Python: they take a unit of
work (a SQLAlchemy session) and return plain dataclasses. No Qt."""
