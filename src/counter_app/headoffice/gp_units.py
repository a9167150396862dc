"""GP units (公务单位) listed and created by head office's staff (``GET /staff/units`` and
``POST /staff/units/new``).

:func:`units` is every customer of kind ``gp_unit`` whose name, pinyin, initials or code
holds the search text, with its contact person (经办人), account manager, bureau, level of
government and how many officials it has. :func:`create_unit` adds a shared GP unit (no
outlet): the code must be new (``customer_code_taken``), then its fields go through the
same checks and change log as head office's edit of a unit (``customer.update`` with
``head_office``), so the GP counters pull it like any other change of a unit.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from counter_app.headoffice.auth import CounterIdentity
from counter_app.headoffice.models import Customer, Traveller
from counter_app.headoffice.ops.batch import Batch, RefusalError
from counter_app.headoffice.ops.customers import GP_UNIT, customer_update
from counter_app.kernel.ids import new_id
from counter_app.sync.protocol import CustomerUpdate

LIMIT = 200
CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")
UNIT_FIELDS = ("name_zh", "contact_name", "contact_phone", "account_manager", "bureau",
               "gov_level")


def unit_view(row: Customer, officials: int) -> dict[str, Any]:
    """A GP unit as head office's staff see it in the list."""
    attributes = dict(row.attributes or {})
    return {"customer_id": row.id, "code": row.code, "name_zh": row.name_zh,
            "contact_name": row.contact_name, "contact_phone": row.contact_phone,
            "account_manager": str(attributes.get("account_manager") or ""),
            "bureau": str(attributes.get("bureau") or ""),
            "gov_level": str(attributes.get("gov_level") or ""),
            "version": row.version, "officials": officials}


def units(session: Session, text: str = "") -> list[dict[str, Any]]:
    """The GP units whose name, pinyin, initials or code holds ``text`` (any case), by
    code; at most :data:`LIMIT`."""
    counts = (select(Traveller.customer_id, func.count().label("n"))
              .group_by(Traveller.customer_id).subquery())
    query = (select(Customer, func.coalesce(counts.c.n, 0))
             .outerjoin(counts, counts.c.customer_id == Customer.id)
             .where(Customer.kind == GP_UNIT).order_by(Customer.code).limit(LIMIT))
    wanted = text.strip()
    if wanted:
        like = f"%{wanted.lower()}%"
        query = query.where(or_(*(func.lower(column).like(like) for column in (
            Customer.name_zh, Customer.code, Customer.name_pinyin, Customer.name_initials))))
    return [unit_view(row, int(n)) for row, n in session.execute(query)]


def create_unit(session: Session, counter: CounterIdentity, values: dict[str, str],
                now: datetime) -> dict[str, Any]:
    """A new shared GP unit from ``values`` (code, name_zh and the optional contact
    person, phone, account manager, bureau and level of government); refusals
    ``invalid_payload`` (a field, with its name) and ``customer_code_taken``."""
    code = str(values.get("code") or "").strip().upper()
    if not CODE.match(code):
        raise RefusalError("invalid_payload",
                           "code: 1 to 32 letters, digits, '-' or '_'")
    if session.scalar(select(Customer.id).where(Customer.code == code)) is not None:
        raise RefusalError("customer_code_taken", f"code: {code} is another customer's")
    changes = {name: str(values.get(name) or "").strip() for name in UNIT_FIELDS}
    if not changes["name_zh"]:
        raise RefusalError("invalid_payload", "name_zh may not be empty")
    row = Customer(id=new_id(), code=code, kind=GP_UNIT, name_zh="", name_pinyin="",
                   name_initials="", uscc=None, outlet_code=None, settlement="now",
                   credit_limit_fen=0, attributes={}, contact_name="", contact_phone="",
                   notes="", version=0, field_versions={})
    session.add(row)
    session.flush()
    try:
        update = CustomerUpdate(customer_id=row.id, base_version=0, base={},
                                changes=cast(Any, {k: v for k, v in changes.items() if v}))
    except ValidationError as exc:
        where = ".".join(str(part) for part in exc.errors()[0]["loc"])
        raise RefusalError("invalid_payload", f"{where}: not allowed") from None
    customer_update(Batch(session, counter, now), update, head_office=True)
    return unit_view(row, 0)
