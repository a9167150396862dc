"""The ``day.close`` op handler: a counter's business day (日结), recorded once per date."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert

from counter_app.headoffice import records
from counter_app.headoffice.models import DayCloseRow
from counter_app.headoffice.ops.batch import Batch, RefusalError
from counter_app.sync.protocol import DayClose


def day_close(batch: Batch, p: DayClose) -> dict[str, Any]:
    s = batch.session
    if p.outlet_code != batch.counter.outlet_code:
        raise RefusalError("not_your_outlet", f"this counter is not at outlet {p.outlet_code}")
    me = batch.counter.counter_id
    if s.get(DayCloseRow, (me, p.business_date)) is not None:
        raise RefusalError("day_already_closed", f"{p.business_date} is already closed")
    s.execute(insert(DayCloseRow).values(
        counter_id=me, business_date=p.business_date, close_id=p.close_id,
        outlet_code=p.outlet_code, clerk_login=batch.op.clerk_login if batch.op else "",
        totals=p.totals, closed_at_counter=records.naive_utc(p.closed_at),
        recorded_at=batch.now,
    ))
    return {"business_date": p.business_date.isoformat(), "closed": True}
