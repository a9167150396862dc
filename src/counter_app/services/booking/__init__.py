"""The counter sale from question to ticket (柜台售票): quote, hold, ticket.

A booking (PNR, 旅客订座记录) has 1–9 passengers and one or more segments: one-way, return
(往返) or a connection (中转联程). The steps:

1. :func:`quote_trip` prices it per passenger and segment (fare by class and discount,
   GP fare where it applies, CAAC fund, fuel surcharge, insurance units, service fee) and
   gives the change/refund rules of each segment.
2. :func:`book` holds it: a 6-character PNR, a ticketing time limit (出票时限), seats taken
   from the counter's allotment leases (``used_local`` goes up on hold), the quote stored
   per passenger and segment. :func:`held_bookings` lists holds with their deadline;
   :func:`release_expired` and :func:`cancel_booking` give the seats back.
3. :func:`ticket_booking` issues it: re-quotes (a fare that changed since the quote is
   refused with ``fare_changed`` unless the clerk accepts the new quote), takes payment
   (:mod:`counter_app.services.payments`), one ticket per passenger from the counter's
   number range of the validating carrier's prefix covering every segment, one coupon per
   segment (status ``O``), insurance policy numbers, and the ``sale.issue`` outbox op.

Who the customer is decides the price rules and payment options: a walk-in (散客) pays
the published class fare plus any service fee of the rule table; an agreement customer
(协议客户) the same, and may pay on account; a GP official (公务, a traveller of the GP unit
with a level) gets the GP fare and the booking must carry the GP order number; a
secondary distributor (二级分销商) books on behalf of its customers and earns a commission,
computed and kept, not charged.

Every step checks everything before its first write, so a refusal (a
:class:`~counter_app.domain.errors.DomainError` with a stable code and field, listed in
:mod:`counter_app.services.sale_messages`) leaves the unit of work untouched even if the
caller commits it. Nothing here commits.

Holds are local: they take seats from this counter's own leases, which head office
already counts as granted, so head office first hears of a booking when it is ticketed.

The workflow lives in one module per step: :mod:`.quote`, :mod:`.passengers`,
:mod:`.holds`, :mod:`.issue` and :mod:`.detail`; this package re-exports their public
names.
"""

from __future__ import annotations

from counter_app.domain.passengers import PassengerInput
from counter_app.services.booking.detail import (
    BookingDetail,
    CouponView,
    TicketView,
    booking_detail,
)
from counter_app.services.booking.holds import (
    DEFAULT_TIME_LIMIT,
    CancelledBooking,
    HeldBooking,
    HeldBookingRow,
    book,
    cancel_booking,
    held_bookings,
    release_expired,
)
from counter_app.services.booking.issue import (
    IssuedBooking,
    IssuedCoupon,
    IssuedTicket,
    insurance_policy_no,
    ticket_booking,
)
from counter_app.services.booking.passengers import PassengerLine
from counter_app.services.booking.quote import (
    FareLine,
    SegmentChoice,
    SegmentInfo,
    SegmentRules,
    TripQuote,
    quote_trip,
)
from counter_app.services.lookup import (  # the searches, re-exported
    BookingSummary,
    KnownTraveller,
    find_bookings,
    known_travellers,
)
from counter_app.services.payments import Override, PaymentInput

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "BookingDetail",
    "BookingSummary",
    "CancelledBooking",
    "CouponView",
    "FareLine",
    "HeldBooking",
    "HeldBookingRow",
    "IssuedBooking",
    "IssuedCoupon",
    "IssuedTicket",
    "KnownTraveller",
    "Override",
    "PassengerInput",
    "PassengerLine",
    "PaymentInput",
    "SegmentChoice",
    "SegmentInfo",
    "SegmentRules",
    "TicketView",
    "TripQuote",
    "book",
    "booking_detail",
    "cancel_booking",
    "find_bookings",
    "held_bookings",
    "insurance_policy_no",
    "known_travellers",
    "quote_trip",
    "release_expired",
    "ticket_booking",
]
