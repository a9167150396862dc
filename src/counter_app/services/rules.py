"""The rule tables in force at this counter, parsed once per version.

Rule documents (fare classes, taxes, fees, commissions, service fees) arrive as data from
head office; parsing them on every quote would waste the clerk's time, so the parsed tables are kept
until a document's version changes.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.commissions import CommissionTables, parse_commission_tables
from counter_app.domain.fares import (
    FareClassTable,
    GpFareRule,
    parse_fare_class_tables,
    parse_gp_rules,
)
from counter_app.domain.fees import FeeLadder, parse_fee_ladders
from counter_app.domain.service_fees import ServiceFeeRule, parse_service_fees
from counter_app.domain.taxes import TaxTables, parse_tax_tables
from counter_app.storage.models import RuleDocument


@dataclass(frozen=True, slots=True)
class Rules:
    """Everything a quote needs, parsed."""

    versions: tuple[tuple[str, str], ...]
    fare_classes: tuple[FareClassTable, ...]
    taxes: TaxTables
    fee_ladders: tuple[FeeLadder, ...]
    gp: tuple[GpFareRule, ...]
    # Optional documents: without them no commission is computed and no service fee charged.
    commissions: CommissionTables | None = None
    service_fees: tuple[ServiceFeeRule, ...] = ()


class MissingRulesError(LookupError):
    """A rule document was never loaded (an empty cache that has not synced yet)."""


_cache: dict[tuple[tuple[str, str], ...], Rules] = {}
_lock = threading.Lock()


def load_rules(session: Session) -> Rules:
    rows = session.execute(select(RuleDocument.name, RuleDocument.version)).all()
    versions = tuple(sorted((str(n), str(v)) for n, v in rows))
    with _lock:
        cached = _cache.get(versions)
    if cached is not None:
        return cached
    docs = {d.name: d.payload for d in session.scalars(select(RuleDocument))}
    for needed in ("fare_classes", "taxes", "fee_rules"):
        if needed not in docs:
            raise MissingRulesError(needed)
    rules = Rules(
        versions=versions,
        fare_classes=tuple(parse_fare_class_tables(docs["fare_classes"])),
        taxes=parse_tax_tables(docs["taxes"]),
        fee_ladders=tuple(parse_fee_ladders(docs["fee_rules"])),
        gp=tuple(parse_gp_rules(docs["fee_rules"])),
        commissions=parse_commission_tables(docs["commissions"])
        if "commissions" in docs
        else None,
        service_fees=tuple(parse_service_fees(docs["service_fees"]))
        if "service_fees" in docs
        else (),
    )
    with _lock:
        _cache.clear()
        _cache[versions] = rules
    return rules
