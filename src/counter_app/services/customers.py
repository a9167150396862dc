"""Finding customers and their travellers (客户查询): walk-in, agreement customers,
GP units with their officials, secondary distributors."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from counter_app.domain.money import from_fen
from counter_app.services.views import view_of
from counter_app.storage.models import Customer, Traveller

CUSTOMER_KINDS = ("walk_in", "agreement", "gp_unit", "distributor")


@dataclass(frozen=True, slots=True)
class CustomerRow:
    id: str
    code: str
    kind: str
    name: str
    settlement: str
    credit_limit: Decimal
    uscc: str
    travellers: int
    attributes: dict[str, object]


@dataclass(frozen=True, slots=True)
class TravellerRow:
    id: str
    name: str
    id_type: str
    id_number: str
    mobile: str
    gp_level: str
    title: str
    ffp_number: str


def mask_id(number: str) -> str:
    """Show the first 6 and last 4 characters of an ID number (个人信息保护)."""
    if len(number) <= 10:
        return number
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def find_customers(
    session: Session, text: str = "", kind: str | None = None, limit: int = 200
) -> list[CustomerRow]:
    """Customers whose name, pinyin, initials or code contain ``text``, by name."""
    query = (
        select(Customer)
        .options(selectinload(Customer.travellers))
        .order_by(Customer.kind, Customer.name_pinyin)
    )
    needle = text.strip().lower().replace(" ", "")
    if needle:
        # The clerk's % and _ are letters to find, not wildcards.
        query = query.where(
            or_(
                Customer.name_zh.contains(text.strip(), autoescape=True),
                Customer.name_pinyin.contains(needle, autoescape=True),
                Customer.name_initials.contains(needle, autoescape=True),
                func.lower(Customer.code).contains(needle, autoescape=True),
            )
        )
    if kind:
        query = query.where(Customer.kind == kind)
    return [
        view_of(CustomerRow, c, name=c.name_zh, credit_limit=from_fen(c.credit_limit_fen),
                uscc=c.uscc or "", travellers=len(c.travellers), attributes=dict(c.attributes))
        for c in session.scalars(query.limit(limit))
    ]


def travellers_of(session: Session, customer_id: str) -> list[TravellerRow]:
    query = (
        select(Traveller)
        .where(Traveller.customer_id == customer_id)
        .order_by(Traveller.gp_level.desc(), Traveller.name)
    )
    return [
        TravellerRow(
            id=t.id,
            name=t.name,
            id_type=t.id_type,
            id_number=mask_id(t.id_number),
            mobile=t.mobile,
            gp_level=t.gp_level or "",
            title=t.title_zh,
            ffp_number=t.ffp_number,
        )
        for t in session.scalars(query)
    ]
