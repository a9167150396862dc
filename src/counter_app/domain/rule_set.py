"""The rule documents in force, parsed (运价、税费、手续费规则): one :class:`Rules` for the
counter's quotes and for head office's check of what a counter pushed, so both price with
the same tables.

Rule documents (fare classes, taxes, fees, commissions, service fees) arrive as data; a
:class:`RulesCache` keeps the parsed tables until a document's version changes, so they
are parsed once per set of versions, not on every quote or push.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from counter_app.domain.commissions import CommissionTables, parse_commission_tables
from counter_app.domain.fares import (
    FareClassTable,
    GpFareRule,
    parse_fare_class_tables,
    parse_gp_rules,
)
from counter_app.domain.fees import FeeLadder, parse_fee_ladders
from counter_app.domain.seat_services import PrivacySeatRule, parse_privacy_seat_rules
from counter_app.domain.service_fees import ServiceFeeRule, parse_service_fees
from counter_app.domain.taxes import TaxTables, parse_tax_tables

# Without these nothing can be priced; commissions and service fees are optional.
REQUIRED_DOCUMENTS = ("fare_classes", "taxes", "fee_rules")
Versions = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Rules:
    """Everything a quote needs, parsed."""

    versions: Versions
    fare_classes: tuple[FareClassTable, ...]
    taxes: TaxTables
    fee_ladders: tuple[FeeLadder, ...]
    gp: tuple[GpFareRule, ...]
    # Optional documents: without them no commission is computed and no service fee charged.
    commissions: CommissionTables | None = None
    service_fees: tuple[ServiceFeeRule, ...] = ()
    # The privacy seat's (EXST) levels and fare: ``fee_rules``' optional section.
    privacy_seat: tuple[PrivacySeatRule, ...] = ()


def missing_document(docs: Mapping[str, Any]) -> str | None:
    """The first required document that is not in ``docs`` (by name), else None."""
    return next((name for name in REQUIRED_DOCUMENTS if name not in docs), None)


def parse_rules(versions: Versions, docs: Mapping[str, Any]) -> Rules:
    """``docs`` maps a document's name to its payload; every required one must be there
    (:func:`missing_document`)."""
    return Rules(
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
        privacy_seat=tuple(parse_privacy_seat_rules(docs["fee_rules"])),
    )


class RulesCache:
    """The newest parsed :class:`Rules`, by its set of document versions (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: dict[Versions, Rules] = {}

    def get(self, versions: Versions) -> Rules | None:
        with self._lock:
            return self._rules.get(versions)

    def put(self, rules: Rules) -> None:
        with self._lock:
            self._rules.clear()
            self._rules[rules.versions] = rules
