"""Loads the demo people (outlets, clerks, customers of every kind, GP units and their
officials, distributors) from ``resources/data/demo.json`` into an empty local store.

Passwords in the file are the printed demo passwords; only their argon2 hashes are stored.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.ids import IdType, parse_resident_id
from counter_app.domain.money import money, to_fen
from counter_app.services.passwords import hash_password
from counter_app.storage.models import Clerk, Customer, LocalSetting, Outlet, Traveller
from counter_app.storage.refdata import read_json


def pinyin_of(text: str) -> tuple[str, str]:
    """Full pinyin and initials of a Chinese name, for type-ahead search."""
    from pypinyin import Style, lazy_pinyin  # heavy (its dictionaries): only when loading

    syllables = [s for s in lazy_pinyin(text, style=Style.NORMAL) if s.isascii() and s.isalnum()]
    return "".join(syllables).lower(), "".join(s[0] for s in syllables).lower()


def _birth_date(id_type: str, id_number: str) -> date | None:
    if id_type != IdType.RESIDENT:
        return None
    return parse_resident_id(id_number).birth_date


def _traveller(t: dict[str, Any], **extra: Any) -> Traveller:
    return Traveller(
        name=t["name_zh"] if "name_zh" in t else t["name"],
        id_type=t["id_type"],
        id_number=t["id_number"],
        birth_date=_birth_date(t["id_type"], t["id_number"]),
        mobile=t.get("mobile", ""),
        ffp_number=t.get("ffp", "") or "",
        **extra,
    )


def _customer(code: str, kind: str, name: str, **fields: Any) -> Customer:
    full, initials = pinyin_of(name)
    return Customer(code=code, kind=kind, name_zh=name, name_pinyin=full, name_initials=initials,
                    **fields)


AGREEMENT_ATTRIBUTES = ("size", "sector", "industry", "scope", "designated", "party", "member")


def load_demo_people(session: Session) -> bool:
    """Load demo.json once; returns False when it was already loaded."""
    if session.get(LocalSetting, "demo:people") is not None:
        return False
    data, digest = read_json("demo")
    for o in data["outlets"]:
        session.add(Outlet(code=o["code"], name_zh=o["name_zh"], kind=o["kind"],
                           region_zh=o.get("region_zh", ""), office_code=o.get("office_code", ""),
                           agent_code=o.get("agent_code", "")))
    session.flush()
    for c in data["clerks"]:
        session.add(Clerk(login=c["login"], name_zh=c["name_zh"], role=c["role"],
                          outlet_code=c["outlet"], password_hash=hash_password(c["password"])))
    for c in data["customers"]:
        customer = _customer(
            c["code"], c["kind"], c["name_zh"],
            uscc=c.get("uscc"),
            outlet_code=c.get("outlet"),
            settlement=c.get("settlement", "now"),
            credit_limit_fen=to_fen(money(c.get("credit_limit") or "0")),
            attributes={k: c[k] for k in AGREEMENT_ATTRIBUTES if k in c},
        )
        customer.travellers = [_traveller(t) for t in c.get("travellers", [])]
        session.add(customer)
    for u in data["gp_units"]:
        unit = _customer(u["code"], "gp_unit", u["name_zh"], settlement="now",
                         attributes={"unit_kind": u.get("kind", "")})
        unit.travellers = [
            _traveller(o, gp_level=o["level"], title_zh=o.get("title_zh", ""))
            for o in u["officials"]
        ]
        session.add(unit)
    for d in data["distributors"]:
        session.add(_customer(d["code"], "distributor", d["name_zh"], outlet_code=d.get("outlet"),
                              attributes={"distributor_kind": d.get("kind", ""),
                                          "monthly_tickets": d.get("monthly_tickets", 0)}))
    session.add(LocalSetting(key="demo:people", value=digest))
    session.flush()
    return True


def demo_logins(session: Session) -> list[tuple[str, str, str]]:
    """(login, role, outlet) of every clerk, for the demo banner."""
    rows = session.execute(select(Clerk.login, Clerk.role, Clerk.outlet_code).order_by(Clerk.login))
    return [(str(a), str(b), str(c)) for a, b, c in rows]
