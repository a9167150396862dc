"""Every refusal of the counter sale, for the GUI's message table (售票流程的错误代码).

Each :class:`~counter_app.domain.errors.DomainError` raised by the sale services
(:mod:`~counter_app.services.flights` search helpers, :mod:`~counter_app.services.booking`,
:mod:`~counter_app.services.payments`, :mod:`~counter_app.services.after_sale`), including
the domain rules they call, has a stable ``code``, the ``field`` the clerk should look at,
and ``params`` to fill into the translated message. :data:`SALE_ERRORS` lists them; a test
keeps it complete. ``field`` ``"*"`` means the field depends on where it was raised (given
in ``meaning``).

The table below says each refusal once, a line each: ``code :: field :: params :: meaning``
(params separated by spaces, ``-`` for none; a line indented four spaces goes on with the
meaning above it; ``#`` starts a section heading).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ErrorSpec:
    code: str
    field: str
    params: tuple[str, ...]
    meaning: str  # for the translator, in English


_TABLE = """
# finding flights
city_required :: * :: - :: origin or destination missing (field origin/destination)
same_city :: destination :: - :: origin and destination are the same place
date_in_past :: date :: day :: the travel date has passed
date_too_far :: date :: day :: the travel date is more than a year ahead
connect_window :: connection :: - :: minimum connection time above the maximum
return_before_outbound :: return_date :: day return_day :: the return date is before the outbound
    date
# itinerary
no_segments :: flight :: - :: no flight chosen
too_many_segments :: flight :: count max :: more segments than one booking holds
flight_not_found :: flight :: flight_id :: the flight is not in the local schedule
duplicate_segment :: flight :: flight_no :: the same flight chosen twice
segment_order :: flight :: flight_no after :: a segment leaves before the previous one lands
unknown_fare_class :: fare_class :: code_given airline :: no such booking class
cabin_not_offered :: fare_class :: cabin :: the aircraft has no such cabin or fare
flight_cancelled :: flight :: flight_no :: the flight is cancelled
flight_departed :: flight :: flight_no :: the flight has departed
class_closed :: fare_class :: class_code flight_no :: head office closed the booking class (sold
    out)
no_rule_in_force :: * :: on :: no fare/tax/fee table in force on that date (field names the table)
# customer
customer_not_found :: customer :: customer_id :: the customer is not in the store
traveller_not_found :: passengers :: name :: the chosen traveller is not in the store
gp_order_required :: gp_order_no :: - :: a GP booking needs the GP order number
gp_order_format :: gp_order_no :: max :: the GP order number is too long
gp_companions :: companions :: max count :: more than 8 companions of a GP official
# passengers
no_passengers :: passengers :: - :: no passenger entered
too_many_passengers :: passengers :: count max :: more than 9 passengers
id_type :: id_type :: id_type :: unknown document type
id_length :: id_number :: length expected :: resident ID of the wrong length
id_chars :: id_number :: char :: a character not allowed in a resident ID
id_check :: id_number :: expected got :: resident ID check character wrong
id_birth_date :: id_number :: birth :: the resident ID holds no valid birth date
passport_format :: id_number :: min max :: passport number: 5-17 letters or digits
document_format :: id_number :: min max :: document number: 5-20 letters or digits
name_empty :: name :: - :: no name
name_chars :: name :: char :: a character not allowed in the name
name_format :: name :: - :: name form wrong (passport: SURNAME/GIVEN; Chinese: characters, then
    pinyin)
name_length :: name :: length min max :: name too short or too long
birth_date_required :: birth_date :: name :: a child or infant without a resident ID needs the birth
    date
birth_after_date :: birth_date :: birth on :: born after the travel date
fare_type_mismatch :: passenger_type :: expected chosen :: the fare chosen is for another passenger
    type (a child on an adult fare)
duplicate_passenger :: id_number :: name :: the same person entered twice
mobile_format :: * :: mobile :: mobile number: 11 digits starting with 1 (field
    mobile/contact_mobile)
ffp_format :: ffp_number :: ffp_number :: frequent-flyer number: 4-20 letters/digits
infant_without_adult :: passengers :: infant :: an infant with no adult to travel with (or whose
    adult would leave)
two_infants_one_adult :: passengers :: adult | infants adults :: more than one infant on one adult
insurance_units :: insurance_units :: max units :: too many insurance units
# hold and ticket
time_limit :: time_limit :: minutes :: ticketing time limit out of range
needs_head_office :: * :: action reason flight_no|ticket_number queue_request :: only head office
    can do this (a flight outside the allotment: field flight; a ticket sold elsewhere: field
    ticket_number); queue_request True: offer to queue a request
request_subject_required :: ticket_number :: - :: a request to head office names no ticket, flight
    or booking
request_note_too_long :: note :: max :: the note of a request to head office is too long
offline_seats_exhausted :: passengers :: left wanted flight_no :: the counter's allotment has too
    few seats left
lease_expired :: flight :: flight_no queue_request :: the allotment the held seats came from has
    ended
booking_not_found :: booking :: booking_id :: no such booking
booking_not_held :: booking :: pnr status :: the booking is not on hold any more
booking_expired :: booking :: pnr deadline :: the ticketing time limit has passed
fare_changed :: quote :: old new pnr :: the fare changed since the quote; ticket again with the new
    quote accepted
unknown_airline :: flight :: carrier :: the carrier is not in the store
ticket_range_exhausted :: ticket_number :: prefix wanted left :: the counter's ticket-number range
    is used up
# payment
payment_method_unknown :: payments :: method :: no such payment method
payment_not_allowed :: payments :: method customer_kind :: this customer may not pay this way
payment_amount :: payments :: amount :: a payment of zero or less
cash_short :: tendered :: tendered amount short :: less cash handed over than due
payment_reference_required :: reference :: method :: a card payment (bank card, card by phone,
    official card) without its slip reference
payment_reference_length :: reference :: max :: the slip reference is too long
payment_total_mismatch :: payments :: expected paid :: the payments do not add up to the total
credit_limit_exceeded :: payments :: left needed customer :: the agreement customer's credit left is
    too small (a supervisor may override)
override_refused :: override :: reason :: the supervisor login was refused (reason: bad_credentials,
    locked, not_approver ...)
override_required :: override :: action :: this step needs a supervisor's login
nothing_to_return :: payments :: amount :: the booking holds no money to return
return_exceeds_paid :: payments :: amount paid :: more to return than was paid
# after the sale
ticket_format :: ticket_number :: text :: not a ticket number
ticket_required :: ticket_number :: - :: no ticket given
void_reason_required :: reason :: - :: a void needs a reason
void_mixed_bookings :: ticket_number :: - :: tickets of several bookings in one void
ticket_void :: ticket_number :: ticket_number :: the ticket is void
ticket_not_open :: ticket_number :: ticket_number status :: the ticket is void, refunded or
    exchanged
coupon_unknown :: ticket_number :: ticket_number seq :: the ticket has no such coupon
coupon_used :: ticket_number :: ticket_number seq status :: the coupon is checked in, boarded or
    flown
already_refunded :: ticket_number :: ticket_number seq status :: the coupon is already refunded
coupon_exchanged :: ticket_number :: ticket_number seq status :: the coupon was exchanged for a new
    ticket
coupon_suspended :: ticket_number :: ticket_number seq status :: the airline suspended the coupon
void_not_same_day :: ticket_number :: ticket_number issued :: a void is only possible on the day of
    issue
void_after_day_close :: ticket_number :: ticket_number day :: the day of issue is closed: refund
    instead
day_already_closed :: date :: day :: today is already closed
sale_not_found :: sale_id :: sale_id :: no such sale (a void by booking)
sale_already_void :: sale_id :: pnr :: the sale is already void
refund_reason :: reason :: reason :: reason must be voluntary or involuntary
change_route :: flight :: flight_no origin destination :: a change must keep the route
change_carrier :: flight :: flight_no carrier :: a change must keep the carrier
change_nothing :: flight :: flight_no :: same flight and class: nothing to change
change_with_infant :: passengers :: infant adult :: an adult with an infant on their lap changes
    only together with the infant
infant_change_alone :: passengers :: infant adult :: an infant is changed with its adult, not alone
refund_not_found :: ticket_number :: refund_id :: no such refund to print a slip of
name_change_refused :: name :: reason old :: not a typo but another person (reason:
    change_of_person)
name_unchanged :: name :: name :: the corrected name is the same
# printing: receipts, e-invoices, check-in
receipt_mode :: mode :: mode :: the receipt print mode is not overlay or plain
ticket_not_here :: ticket_number :: ticket_number :: the ticket was not issued at this counter
receipt_already_printed :: ticket_number :: ticket_number serial :: the ticket already has its
    itinerary receipt
reason_required :: reason :: - :: a reason must be given
replace_nothing :: ticket_number :: ticket_number :: a replacement of a receipt never printed
receipt_serials_exhausted :: ticket_number :: - :: no receipt serials left in stock
buyer_name_required :: buyer_name :: - :: the invoice buyer's name is missing
buyer_name_length :: buyer_name :: max :: the buyer's name is too long
buyer_kind :: buyer_kind :: kind :: buyer must be a company or an individual
email_format :: email :: email :: not an e-mail address
invoice_not_yet :: ticket_number :: ticket_number day :: a segment is not flown yet
invoice_expired :: ticket_number :: ticket_number day :: more than 180 days after the flight
invoice_exists :: ticket_number :: ticket_number buyer :: the ticket already has an open invoice
    request
coupon_not_open :: ticket_number :: status :: the coupon is not open for use
already_checked_in :: seat :: seat :: the coupon is already checked in
checkin_not_open :: flight :: flight_no opens closes :: check-in has not opened yet
checkin_closed :: flight :: flight_no opens closes :: check-in has closed
seat_format :: seat :: seat :: a seat is a row and a letter
seat_not_on_aircraft :: seat :: seat cabin :: no such seat in the cabin
seat_blocked :: seat :: seat :: the airline blocked the seat
seat_taken :: seat :: seat :: the seat is given to someone else
exit_row_not_allowed :: seat :: seat :: exit rows only for able adults of 15 and older
infant_no_seat :: seat :: - :: an infant has no seat of its own
seat_required :: seat :: - :: no seat typed at check-in and none chosen for the passenger
not_checked_in :: seat :: - :: no boarding pass before check-in
outlet_unknown :: outlet :: outlet :: the outlet is not known
uscc_length :: uscc :: length expected :: a USCC has 18 characters
uscc_chars :: uscc :: char :: a character not allowed in a USCC
uscc_check :: uscc :: expected got :: the USCC check character is wrong
"""


def _parse(table: str) -> tuple[ErrorSpec, ...]:
    rows: list[list[str]] = []
    for line in table.splitlines():
        if line.startswith("    "):
            rows[-1][3] += " " + line.strip()
        elif line and not line.startswith("#"):
            code, field, params, meaning = line.split(" :: ")
            rows.append([code, field, params, meaning])
    return tuple(
        ErrorSpec(code, field, () if params == "-" else tuple(params.split()), meaning)
        for code, field, params, meaning in rows
    )


SALE_ERRORS: tuple[ErrorSpec, ...] = _parse(_TABLE)

SALE_ERROR_BY_CODE: dict[str, ErrorSpec] = {e.code: e for e in SALE_ERRORS}
