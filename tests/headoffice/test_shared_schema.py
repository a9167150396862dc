"""The reference tables head office and the counters keep alike are defined once
(``counter_app.kernel.schema``) and come out as the same DDL on both sides."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.schema import CreateTable

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


@pytest.mark.parametrize(("mine", "theirs", "columns"), PAIRS,
                         ids=[p[2].__name__ for p in PAIRS])
@pytest.mark.parametrize("url", ["sqlite://", "postgresql+psycopg://"])
def test_shared_table_has_the_same_ddl_on_both_sides(
    mine: type[counter.Base], theirs: type[ho.Base], columns: type, url: str
) -> None:
    dialect = make_url(url).get_dialect()()
    assert issubclass(mine, columns)
    assert issubclass(theirs, columns)
    counter_table = mine.metadata.tables[mine.__tablename__]
    ho_table = theirs.metadata.tables[theirs.__tablename__]
    counter_ddl = str(CreateTable(counter_table).compile(dialect=dialect))
    ho_ddl = str(CreateTable(ho_table).compile(dialect=dialect))
    assert counter_ddl.replace(counter_table.name, "t") == ho_ddl.replace(ho_table.name, "t")
