"""The reference tables head office and the counters keep alike are defined once
(``counter_app.kernel.schema``) and come out as the same DDL on both sides."""

from __future__ import annotations

import pytest
from sqlalchemy import Dialect, Table
from sqlalchemy.engine import make_url
from sqlalchemy.schema import ColumnDefault, CreateTable

from counter_app.headoffice import models as ho
from counter_app.kernel import schema
from counter_app.storage import models as counter

PAIRS = [
    (counter.Outlet, ho.Outlet, schema.OutletColumns),
    (counter.Airport, ho.Airport, schema.AirportColumns),
    (counter.Airline, ho.Airline, schema.AirlineColumns),
    (counter.SeatLayout, ho.Layout, schema.SeatLayoutColumns),
    (counter.RuleDocument, ho.RuleDocument, schema.RuleDocumentColumns),
]


@pytest.fixture(params=["sqlite://", "postgresql+psycopg://"])
def dialect(request: pytest.FixtureRequest) -> Dialect:
    """Each database both programs run on."""
    made: Dialect = make_url(request.param).get_dialect()()
    return made


def _tables(mine: type[counter.Base], theirs: type[ho.Base], columns: type) -> tuple[Table, Table]:
    """The counter's and head office's table of a pair, both mapping ``columns``."""
    assert issubclass(mine, columns)
    assert issubclass(theirs, columns)
    return mine.metadata.tables[mine.__tablename__], theirs.metadata.tables[theirs.__tablename__]


@pytest.mark.parametrize(("mine", "theirs", "columns"), PAIRS,
                         ids=[p[2].__name__ for p in PAIRS])
def test_shared_table_has_the_same_ddl_on_both_sides(
    mine: type[counter.Base], theirs: type[ho.Base], columns: type, dialect: Dialect
) -> None:
    counter_table, ho_table = _tables(mine, theirs, columns)
    counter_ddl = str(CreateTable(counter_table).compile(dialect=dialect))
    ho_ddl = str(CreateTable(ho_table).compile(dialect=dialect))
    assert counter_ddl.replace(counter_table.name, "t") == ho_ddl.replace(ho_table.name, "t")


# Tables that differ in some columns (keys, indexes, money widths) share the rest.
PARTLY_SHARED = [
    (counter.Flight, ho.Flight, schema.FlightColumns),
    (counter.Customer, ho.Customer, schema.CustomerColumns),
    (counter.Traveller, ho.Traveller, schema.TravellerColumns),
]


@pytest.mark.parametrize(("mine", "theirs", "columns"), PARTLY_SHARED,
                         ids=[p[2].__name__ for p in PARTLY_SHARED])
def test_partly_shared_table_has_the_mixins_columns_alike_on_both_sides(
    mine: type[counter.Base], theirs: type[ho.Base], columns: type, dialect: Dialect
) -> None:
    counter_table, ho_table = _tables(mine, theirs, columns)
    names = [name for name in vars(columns) if not name.startswith("__")]
    assert names

    def described(table: Table, name: str) -> tuple[str, bool, bool, object, list[str]]:
        column = table.c[name]
        default: object = column.default
        if isinstance(column.default, ColumnDefault):  # a callable is wrapped anew per table
            default = column.default.arg if column.default.is_scalar else "callable"
        return (str(column.type.compile(dialect=dialect)), bool(column.nullable),
                bool(column.unique), default,
                sorted(fk.target_fullname for fk in column.foreign_keys))

    for name in names:
        assert described(counter_table, name) == described(ho_table, name), name
