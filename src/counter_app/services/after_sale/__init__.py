"""After the sale (售后): void, day close, refund, change, name correction.

- :func:`void_tickets` (作废): the same business day (Asia/Shanghai) and before the day
  close (:func:`day_close`, 日结); costs nothing; money back by the original channels.
- :func:`quote_refund` / :func:`refund` (退票): per coupon, the fee by the rules in force
  (the airline's ladder for the fare family; the GP easy rules for GP officials V1 and up;
  involuntary refunds free), fare minus fee back, CN fund and fuel surcharge back on
  unflown coupons, insurance back only before departure; the service fee is the counter's
  and stays. Money goes back by the channels it came in, proportionally.
- :func:`refund_slip`: the refund slip (退票单) of a recorded refund, for printing.
- :func:`quote_change` / :func:`change` (改期/升舱): one coupon onto another flight or
  class of the same route and carrier; the change fee and the fare difference
  (:func:`counter_app.domain.fees.change_fee`) are paid; the ticket is re-issued as an
  exchange with a new number (old coupons ``E``, new ones ``O``). An adult with an infant
  on their lap on that flight changes together with the infant, in one step, onto the same
  new flight (``with_infant``); either one alone is refused (``change_with_infant``,
  ``infant_change_alone``), so an infant is never left on a flight without its adult.
- :func:`correct_name` (姓名更正): only an obvious typo, with a supervisor's approval; a
  change of person is refused with the reason.

Each step checks everything before its first write and writes its outbox op
(``sale.void``, ``sale.refund``, ``sale.change``, ``day.close``, ``ticket.name``) in the
caller's unit of work. A ticket this counter does not hold (sold at another counter) is
refused with ``needs_head_office`` and ``queue_request=True``: only head office can act
on it. Nothing here commits.

One module per workflow: :mod:`.voids`, :mod:`.refunds`, :mod:`.changes` (the quote) and
:mod:`.exchange` (the change made), :mod:`.name_corrections`, :mod:`.day_closing`,
:mod:`.refund_slips`, and :mod:`.tickets` (finding a ticket, the shared checks); this
package re-exports their public names.
"""

from __future__ import annotations

from counter_app.services.after_sale.changes import ChangeQuote, quote_change
from counter_app.services.after_sale.day_closing import DayCloseResult, day_close, day_closed
from counter_app.services.after_sale.exchange import ChangeResult, change
from counter_app.services.after_sale.name_corrections import NameCorrected, correct_name
from counter_app.services.after_sale.refund_slips import refund_slip, refund_slip_of_ticket
from counter_app.services.after_sale.refunds import (
    RefundLine,
    RefundQuote,
    RefundResult,
    quote_refund,
    refund,
)
from counter_app.services.after_sale.voids import VoidedSale, VoidResult, void_sale, void_tickets

__all__ = [
    "ChangeQuote",
    "ChangeResult",
    "DayCloseResult",
    "NameCorrected",
    "RefundLine",
    "RefundQuote",
    "RefundResult",
    "VoidResult",
    "VoidedSale",
    "change",
    "correct_name",
    "day_close",
    "day_closed",
    "quote_change",
    "quote_refund",
    "refund",
    "refund_slip",
    "refund_slip_of_ticket",
    "void_sale",
    "void_tickets",
]
