"""What every op handler of a pushed batch shares (docs/architecture.md, "Sync, in one
page"): the :class:`Batch` (session, counter, time, cached number ranges), the business
refusal :class:`RefusalError`, and reading a payload into its protocol model, money into
fen and a ticket number, each refusing ``invalid_payload`` with the field at fault."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import bindparam, select, tuple_
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.money import MoneyError, money, to_fen
from counter_app.domain.tickets import TicketNumber
from counter_app.headoffice.auth import CounterIdentity
from counter_app.headoffice.db import table_of
from counter_app.headoffice.models import NumberRangeRow, UsedNumber
from counter_app.sync.protocol import Op, OpPayload


class RefusalError(Exception):
    """A business refusal of one op: it will never apply as sent."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


P = TypeVar("P", bound=OpPayload)

_RANGES = table_of(NumberRangeRow)
_COUNTER_RANGES = select(_RANGES.c.kind, _RANGES.c.prefix, _RANGES.c.first,
                         _RANGES.c.last).where(_RANGES.c.counter_id == bindparam("counter_id"))


def parse(model: type[P], payload: dict[str, Any]) -> P:
    """``payload`` read into ``model``; else the first fault refused as ``invalid_text`` (a
    field's text holds a character it may not) or ``invalid_payload``, naming the field."""
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        code = "invalid_text" if first.get("type") == "invalid_text" else "invalid_payload"
        raise RefusalError(code, f"{where}: {first.get('msg', 'invalid')}") from None


_PLAIN_MONEY = re.compile(r"(\d{1,10})\.(\d{2})")


def fen(value: str) -> int:
    plain = _PLAIN_MONEY.fullmatch(value)  # the usual "1480.00": no Decimal needed
    if plain is not None:
        return int(plain.group(1)) * 100 + int(plain.group(2))
    try:
        return to_fen(money(value))
    except MoneyError as exc:
        raise RefusalError("invalid_payload", str(exc)) from None


def parse_ticket(text: str) -> TicketNumber:
    try:
        return TicketNumber.parse(text)
    except DomainError:
        raise RefusalError("invalid_payload", f"not a ticket number: {text!r}") from None


@dataclass
class Batch:
    """What every op of one batch needs: the session, who is pushing, and caches."""

    session: Session
    counter: CounterIdentity
    now: datetime  # naive UTC
    op: Op | None = None
    clerks: set[str] = field(default_factory=set)
    _ranges: dict[tuple[str, str], list[tuple[int, int]]] | None = field(default=None)

    def ranges(self, kind: str, prefix: str) -> list[tuple[int, int]]:
        if self._ranges is None:
            self._ranges = {}
            rows = self.session.connection().execute(
                _COUNTER_RANGES, {"counter_id": self.counter.counter_id})
            for r in rows:
                self._ranges.setdefault((r.kind, r.prefix), []).append((r.first, r.last))
        return self._ranges.get((kind, prefix), [])

    def check_numbers(self, numbers: list[tuple[str, str, int, str]]) -> None:
        """Each (kind, prefix, number, label) must be in this counter's ranges and unused."""
        seen: set[tuple[str, str, int]] = set()
        for kind, prefix, number, label in numbers:
            if not any(first <= number <= last for first, last in self.ranges(kind, prefix)):
                raise RefusalError("number_out_of_range",
                              f"{label} is not in a range given to this counter")
            if (kind, prefix, number) in seen:
                raise RefusalError("number_used", f"{label} appears twice")
            seen.add((kind, prefix, number))
        if not numbers:
            return
        used = self.session.execute(
            select(UsedNumber.kind, UsedNumber.prefix, UsedNumber.number).where(
                tuple_(UsedNumber.kind, UsedNumber.prefix, UsedNumber.number).in_(
                    [(k, p, n) for k, p, n, _ in numbers]
                )
            )
        ).first()
        if used is not None:
            label = next(lbl for k, p, n, lbl in numbers if (k, p, n) == tuple(used))
            raise RefusalError("number_used", f"{label} was already used or voided")
