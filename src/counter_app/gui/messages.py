"""Clear messages in the clerk's language for every error code the core raises.

The core raises errors with stable codes (``DomainError.code``, ``StoreError.code``,
``AuthError.code``); this module is the one place that turns them into words. Each message
names the field and says what to do.
"""

from __future__ import annotations

import math
import re
from datetime import UTC

from PySide6.QtCore import QCoreApplication

from counter_app.domain.errors import DomainError
from counter_app.kernel.clock import SHANGHAI
from counter_app.kernel.errors import StoreError
from counter_app.services.identity import AuthError

ERROR_COLOR = "#b00020"  # a refusal or failure shown to the clerk
ERROR_STYLE = f"color: {ERROR_COLOR};"
OK_STYLE = "color: #1b5e20;"

translate = QCoreApplication.translate


def field_label(field: str) -> str:
    labels = {
        "origin": translate("Messages", "From"),
        "destination": translate("Messages", "To"),
        "date": translate("Messages", "Date"),
        "login": translate("Messages", "Login"),
        "password": translate("Messages", "Password"),
        "id_number": translate("Messages", "ID number"),
        "name": translate("Messages", "Name"),
        "fare_class": translate("Messages", "Booking class"),
        "uscc": translate("Messages", "Unified social credit code"),
        "passenger_type": translate("Messages", "Passenger type"),
        "companions": translate("Messages", "Companions"),
        "insurance_units": translate("Messages", "Insurance"),
        "ticket_number": translate("Messages", "Ticket number"),
        "pnr": translate("Messages", "Booking reference"),
        "gp_level": translate("Messages", "GP level"),
        "reason": translate("Messages", "Reason"),
        "flight": translate("Messages", "Flight"),
        "override": translate("Messages", "Supervisor"),
        "payments": translate("Messages", "Payment"),
        "payment": translate("Messages", "Payment"),
        "passengers": translate("Messages", "Passengers"),
        "booking": translate("Messages", "Booking"),
        "tendered": translate("Messages", "Tendered"),
        "reference": translate("Messages", "Reference"),
        "gp_order_no": translate("Messages", "GP order number"),
        "customer": translate("Messages", "Customer"),
        "mobile": translate("Messages", "Mobile"),
        "birth_date": translate("Messages", "Birth date"),
        "ffp_number": translate("Messages", "Frequent-flyer number"),
        "time_limit": translate("Messages", "Time limit"),
        "quote": translate("Messages", "Quote"),
        "id_type": translate("Messages", "ID type"),
        "return_date": translate("Messages", "Return date"),
        "connection": translate("Messages", "Connection"),
        "contact_mobile": translate("Messages", "Contact mobile"),
        "note": translate("Messages", "Note"),
        "mode": translate("Messages", "Print mode"),
        "buyer_name": translate("Messages", "Buyer name"),
        "buyer_kind": translate("Messages", "Buyer type"),
        "email": translate("Messages", "E-mail"),
        "seat": translate("Messages", "Seat"),
        "hold_until": translate("Messages", "Hold until"),
        "outlet": translate("Messages", "Outlet"),
        "pin": translate("Messages", "PIN"),
    }
    return labels.get(field, field)


def fill(template: str, *values: str) -> str:
    """``%1``, ``%2`` … of a translated text replaced by ``values`` in order (the one
    placeholder idiom of the GUI, as in ``self.tr("… %1 …").replace("%1", x)``)."""
    for number in range(len(values), 0, -1):  # %10 before %1
        template = template.replace(f"%{number}", values[number - 1])
    return template


def _domain_texts() -> dict[str, tuple[str, ...]]:
    # One translate() call per message so lupdate finds every text: (the text, then the
    # names of the error's params that fill its %1, %2 …).
    return {
        "city_required": (translate("Messages", "Enter a city or airport."),),
        "unknown_city": (translate(
            "Messages",
            "No city or airport matches “%1”. Type a code (SZX), pinyin (shenzhen), "
            "initials (sz) or Chinese (深圳).",
        ), "text"),
        "ambiguous_city": (translate(
            "Messages", "“%1” matches several cities; pick one from the list."
        ), "text"),
        "same_city": (translate("Messages", "From and To are the same place."),),
        "date_in_past": (translate("Messages", "%1 has passed; pick today or later."), "day"),
        "date_too_far": (translate(
            "Messages", "The date %1 is more than a year ahead; no flights are on sale yet."
        ), "day"),
        "id_length": (translate(
            "Messages", "A resident ID number has 18 characters; this one has %1."
        ), "length"),
        "id_chars": (translate(
            "Messages",
            "A resident ID number has 17 digits and a final digit or X; “%1” is not allowed.",
        ), "char"),
        "id_check": (translate(
            "Messages", "The last character of the ID number does not match; check the digits."
        ),),
        "id_birth_date": (translate(
            "Messages", "The birth date %1 in the ID number is not a real date."
        ), "birth"),
        "passport_format": (translate(
            "Messages", "A passport number has %1 to %2 letters and digits."
        ), "min", "max"),
        "document_format": (translate(
            "Messages", "A document number has %1 to %2 letters and digits."
        ), "min", "max"),
        "name_empty": (translate("Messages", "Enter the passenger's name."),),
        "name_chars": (translate("Messages", "“%1” cannot be part of a passenger name."), "char"),
        "name_length": (
            translate("Messages", "The name has %1 characters; at most %2."), "length", "max"
        ),
        "name_format": (translate(
            "Messages",
            "Write a Chinese name in Chinese characters, or a passport name as SURNAME/GIVEN "
            "NAMES.",
        ),),
        "fare_type_mismatch": (translate(
            "Messages",
            "The passenger is %1 on the travel date but the fare chosen is for %2.",
        ), "expected", "chosen"),
        "uscc_length": (translate("Messages", "A unified social credit code has 18 characters."),),
        "uscc_chars": (translate(
            "Messages",
            "A unified social credit code uses digits and capital letters except I, O, S, V, Z.",
        ),),
        "uscc_check": (translate(
            "Messages", "The last character of the credit code does not match; check it."
        ),),
        "gp_companions": (translate(
            "Messages", "A GP traveller may have at most %1 companions in the same cabin."
        ), "max"),
        "gp_level": (translate("Messages", "A GP level is V1, V2, V3, V4 or V5."),),
        "insurance_units": (translate(
            "Messages", "Insurance is 0 to %1 units per passenger and segment."
        ), "max"),
        "unknown_fare_class": (translate(
            "Messages", "%1 has no booking class “%2”."
        ), "airline", "code_given"),
        "cabin_not_offered": (translate("Messages", "This flight has no %1 cabin fare."), "cabin"),
        "ticket_format": (translate(
            "Messages", "A ticket number is 3 digits of airline prefix and 10 digits."
        ),),
        "pnr_format": (translate("Messages", "A booking reference has 6 letters and digits."),),
        "connect_window": (translate(
            "Messages",
            "The minimum connection time is above the maximum.",
        ),),
        "return_before_outbound": (translate(
            "Messages",
            "%1 is before the outbound date %2.",
        ), "return_day", "day"),
        "no_segments": (translate(
            "Messages",
            "Choose a flight first (F2, Enter on a class).",
        ),),
        "too_many_segments": (translate(
            "Messages",
            "One booking holds at most %1 segments.",
        ), "max"),
        "flight_not_found": (translate(
            "Messages",
            "This flight is not in the local schedule; sync with head office.",
        ),),
        "duplicate_segment": (translate(
            "Messages",
            "%1 is already in the itinerary.",
        ), "flight_no"),
        "segment_order": (translate(
            "Messages",
            "%1 leaves before %2 lands.",
        ), "flight_no", "after"),
        "flight_cancelled": (translate(
            "Messages",
            "%1 is cancelled.",
        ), "flight_no"),
        "flight_departed": (translate(
            "Messages",
            "%1 has already departed.",
        ), "flight_no"),
        "class_closed": (translate(
            "Messages",
            "Class %1 on %2 is closed (sold out).",
        ), "class_code", "flight_no"),
        "customer_not_found": (translate(
            "Messages",
            "This customer is not in the local data; sync with head office.",
        ),),
        "traveller_not_found": (translate(
            "Messages",
            "Traveller %1 is not in the local data.",
        ), "name"),
        "gp_order_required": (translate(
            "Messages",
            "A GP booking needs the GP order number.",
        ),),
        "gp_order_format": (translate(
            "Messages",
            "The GP order number is at most %1 characters.",
        ), "max"),
        "no_passengers": (translate(
            "Messages",
            "Add at least one passenger.",
        ),),
        "id_type": (translate(
            "Messages",
            "Unknown document type %1.",
        ), "id_type"),
        "birth_date_required": (translate(
            "Messages",
            "%1: a child or infant without a resident ID needs the birth date.",
        ), "name"),
        "birth_after_date": (translate(
            "Messages",
            "Born %1, after the travel date %2.",
        ), "birth", "on"),
        "duplicate_passenger": (translate(
            "Messages",
            "This ID number is already on this booking, for %1.",
        ), "name"),
        "id_other_name_on_file": (translate(
            "Messages",
            "%1 is on file under the name %2, not %3. Check the document; "
            "if it is right, go on.",
        ), "number", "other", "name"),
        "mobile_format": (translate(
            "Messages",
            "A mobile number has 11 digits starting with 1.",
        ),),
        "ffp_format": (translate(
            "Messages",
            "A frequent-flyer number has 4 to 20 letters and digits.",
        ),),
        "infant_without_adult": (translate(
            "Messages",
            "Infant %1 needs an adult travelling with them.",
        ), "infant"),
        "two_infants_one_adult": (translate(
            "Messages",
            "One adult may travel with one infant only (%1 infants, %2 adults).",
        ), "infants", "adults"),
        "time_limit": (translate(
            "Messages",
            "The ticketing time limit is out of range (%1 min).",
        ), "minutes"),
        "needs_head_office": (translate(
            "Messages",
            "Only head office can do this: the flight is outside this counter's allotment or "
            "the ticket was sold elsewhere. Queue a request for head office, or phone it.",
        ),),
        "request_subject_required": (translate(
            "Messages",
            "Name the ticket, the flight or the booking the request is about.",
        ),),
        "request_note_too_long": (translate(
            "Messages",
            "The note is too long (at most %1 characters).",
        ), "max"),
        "invalid_text": (translate(
            "Messages",
            "Character %1 is %2, which cannot be kept; delete it and type the text again.",
        ), "position", "char"),
        **_request_texts(),
        "offline_seats_exhausted": (translate(
            "Messages",
            "This counter has %1 seat(s) left offline on %2; %3 needed.",
        ), "left", "flight_no", "wanted"),
        "lease_expired": (translate(
            "Messages",
            "The seat allotment on %1 has ended; head office must grant new seats.",
        ), "flight_no"),
        "booking_not_found": (translate(
            "Messages",
            "No such booking.",
        ),),
        "booking_not_held": (translate(
            "Messages",
            "Booking %1 is not on hold any more (%2).",
        ), "pnr", "status"),
        "booking_expired": (translate(
            "Messages",
            "Booking %1 passed its ticketing time limit %2; its seats were released.",
        ), "pnr", "deadline"),
        "fare_changed": (translate(
            "Messages",
            "The fare changed since the quote: %1 → %2. Quote again and tell the traveller.",
        ), "old", "new"),
        "unknown_airline": (translate(
            "Messages",
            "Carrier %1 is not in the local data.",
        ), "carrier"),
        "ticket_range_exhausted": (translate(
            "Messages",
            "The ticket numbers of prefix %1 are used up (%2 left, %3 "
            "needed); head office grants more.",
        ), "prefix", "left", "wanted"),
        "payment_method_unknown": (translate(
            "Messages",
            "Unknown payment method %1.",
        ), "method"),
        "payment_not_allowed": (translate(
            "Messages",
            "This customer cannot pay by %1.",
        ), "method"),
        "payment_amount": (translate(
            "Messages",
            "A payment must be more than zero.",
        ),),
        "cash_short": (translate(
            "Messages",
            "Tendered %1 is %2 short of %3.",
        ), "tendered", "short", "amount"),
        "payment_reference_required": (translate(
            "Messages",
            "A payment by %1 needs the card slip or authorisation number.",
        ), "method"),
        "payment_reference_length": (translate(
            "Messages",
            "The reference is at most %1 characters.",
        ), "max"),
        "payment_total_mismatch": (translate(
            "Messages",
            "The payments add up to %1, the total is %2.",
        ), "paid", "expected"),
        "credit_limit_exceeded": (translate(
            "Messages",
            "Credit left %1 is less than %2. A supervisor may approve the excess.",
        ), "left", "needed"),
        "override_refused": (translate(
            "Messages",
            "The supervisor's login was refused (%1).",
        ), "reason"),
        "override_required": (translate(
            "Messages",
            "This needs a supervisor's approval.",
        ),),
        "nothing_to_return": (translate(
            "Messages",
            "This booking holds no money to return.",
        ),),
        "return_exceeds_paid": (translate(
            "Messages",
            "%1 to return is more than the %2 paid.",
        ), "amount", "paid"),
        "ticket_required": (translate(
            "Messages",
            "Enter a ticket number.",
        ),),
        "receipt_mode": (translate(
            "Messages",
            "Print mode %1 is not known: choose pre-printed stock or plain paper.",
        ), "mode"),
        "ticket_not_here": (translate(
            "Messages",
            "Ticket %1 was not issued at this counter.",
        ), "ticket_number"),
        "receipt_already_printed": (translate(
            "Messages",
            "Ticket %1 already has its itinerary receipt (serial %2). A "
            "replacement needs a reason.",
        ), "ticket_number", "serial"),
        "reason_required": (translate(
            "Messages",
            "Enter the reason.",
        ),),
        "replace_nothing": (translate(
            "Messages",
            "Ticket %1 has no itinerary receipt yet: print it instead of replacing "
            "it.",
        ), "ticket_number"),
        "receipt_serials_exhausted": (translate(
            "Messages",
            "No itinerary-receipt serials are left. Ask head office for a new range (sync when "
            "online).",
        ),),
        "buyer_name_required": (translate(
            "Messages",
            "Enter the buyer's name for the invoice.",
        ),),
        "buyer_name_length": (translate(
            "Messages",
            "The buyer's name is longer than %1 characters.",
        ), "max"),
        "buyer_kind": (translate(
            "Messages",
            "Choose whether the buyer is a company or an individual.",
        ),),
        "email_format": (translate(
            "Messages",
            "“%1” is not an e-mail address.",
        ), "email"),
        "invoice_not_yet": (translate(
            "Messages",
            "Ticket %1 can get its e-invoice only after every segment is flown "
            "(from %2).",
        ), "ticket_number", "day"),
        "invoice_expired": (translate(
            "Messages",
            "The e-invoice of ticket %1 could be requested until %2 (180 days "
            "after the flight).",
        ), "ticket_number", "day"),
        "invoice_exists": (translate(
            "Messages",
            "Ticket %1 already has an e-invoice request (buyer %2).",
        ), "ticket_number", "buyer"),
        "coupon_not_open": (translate(
            "Messages",
            "This coupon cannot be checked in (status %1).",
        ), "status"),
        "already_checked_in": (translate(
            "Messages",
            "Already checked in on seat %1: print the boarding pass again instead.",
        ), "seat"),
        "checkin_not_open": (translate(
            "Messages",
            "Check-in for %1 has not opened yet (it opens 24 hours before departure).",
        ), "flight_no"),
        "checkin_closed": (translate(
            "Messages",
            "Check-in for %1 has closed (45 minutes before departure).",
        ), "flight_no"),
        "seat_format": (translate(
            "Messages",
            "“%1” is not a seat: type a row and a letter, e.g. 32A.",
        ), "seat"),
        "seat_not_on_aircraft": (translate(
            "Messages",
            "Seat %1 is not in this cabin of the aircraft.",
        ), "seat"),
        "seat_blocked": (translate(
            "Messages",
            "Seat %1 is blocked by the airline.",
        ), "seat"),
        "seat_taken": (translate(
            "Messages",
            "Seat %1 is already taken.",
        ), "seat"),
        "exit_row_not_allowed": (translate(
            "Messages",
            "Seat %1 is in an exit row: only for adults of 15 or older without a child or "
            "infant.",
        ), "seat"),
        "infant_no_seat": (translate(
            "Messages",
            "An infant sits on the adult's lap and gets no seat.",
        ),),
        # the counter's seat choices (services/seating.py)
        "seat_required": (translate(
            "Messages",
            "Type a seat (e.g. 32A) or choose one on the seat map: this passenger has no "
            "seat chosen yet.",
        ),),
        "seat_not_chosen": (translate(
            "Messages",
            "This seat is no longer chosen (already given back). Open the seat map again.",
        ),),
        # head office's own checks of a seat choice (headoffice/seats.py, seat_claims.py)
        "passenger_has_seat": (translate(
            "Messages",
            "Head office says this passenger already has seat %1 on this flight. Open the "
            "seat map again and choose the new seat there (it replaces the old one).",
        ), "seat"),
        "not_your_ticket": (translate(
            "Messages",
            "Head office does not know this ticket as a sale of this outlet. Let the "
            "counter send its sales (sync), then choose the seat again.",
        ),),
        "coupon_not_on_flight": (translate(
            "Messages",
            "At head office this ticket has no open coupon on this flight (changed, "
            "refunded or void). Open the booking again.",
        ),),
        "flight_unknown": (translate(
            "Messages",
            "Head office does not know this flight (or it is no longer scheduled). Search "
            "the flight again.",
        ),),
        "segment_unknown": (translate(
            "Messages",
            "This flight is no longer on the booking. Open the booking again.",
        ),),
        "passenger_unknown": (translate(
            "Messages",
            "This passenger is not on the booking. Open the booking again.",
        ),),
        # head office, the seat authority (headoffice/seats.py)
        "seat_unavailable": (translate(
            "Messages",
            "Seat %1 was taken meanwhile and no equivalent seat is free: choose another "
            "seat on the map.",
        ), "seat"),
        "flight_closed": (translate(
            "Messages",
            "Seats of this flight can no longer be chosen: check-in has closed or the "
            "flight has left.",
        ),),
        "extra_not_beside": (translate(
            "Messages",
            "A privacy seat must be the seat right beside its official, on the same side of "
            "the aisle.",
        ),),
        "not_your_choice": (translate(
            "Messages",
            "This seat was chosen at another outlet: only that outlet may change or release "
            "it.",
        ),),
        "choice_reused": (translate(
            "Messages",
            "Head office already has this seat choice with other details: choose the seat "
            "again.",
        ),),
        # the self check-in kiosk (services/kiosk.py)
        "kiosk_no_coupon": (translate(
            "Messages",
            "No flight open for check-in was found for this ID number (tickets issued at "
            "this counter, from 24 hours to 45 minutes before departure).",
        ),),
        "kiosk_pin_format": (translate(
            "Messages", "The kiosk PIN has %1 to %2 digits."
        ), "min", "max"),
        "kiosk_not_set": (translate(
            "Messages",
            "The kiosk has no staff PIN: a supervisor sets one with counter-app --set-kiosk-pin.",
        ),),
        # GP seat services (services/gp_seats.py): ``service`` is put in words below.
        "gp_level_lacks": (translate(
            "Messages",
            "%1 is for GP officials of level %2 or above; this passenger's level is %3.",
        ), "service", "needs", "level"),
        "hold_deadline": (translate(
            "Messages",
            "A hold's deadline must be later than now and before the flight leaves.",
        ),),
        "lock_needs_supervisor": (translate(
            "Messages",
            "Seat %1 is locked for a GP official: only a supervisor may release it. "
            "Enter a supervisor's login.",
        ), "seat"),
        "not_checked_in": (translate(
            "Messages",
            "Check in first: the boarding pass needs a seat.",
        ),),
        "outlet_unknown": (translate(
            "Messages",
            "Outlet %1 is not known on this counter.",
        ), "outlet"),
        "void_reason_required": (translate(
            "Messages",
            "A void needs a reason.",
        ),),
        "void_mixed_bookings": (translate(
            "Messages",
            "Void the tickets of one booking at a time.",
        ),),
        "ticket_void": (translate(
            "Messages",
            "Ticket %1 is void.",
        ), "ticket_number"),
        "ticket_not_open": (translate(
            "Messages",
            "Ticket %1 is %2: nothing more can be done with it here.",
        ), "ticket_number", "status"),
        "coupon_unknown": (translate(
            "Messages",
            "Ticket %1 has no coupon %2.",
        ), "ticket_number", "seq"),
        "coupon_used": (translate(
            "Messages",
            "Coupon %1 of %2 is already used (%3); it cannot be refunded.",
        ), "seq", "ticket_number", "status"),
        "already_refunded": (translate(
            "Messages",
            "Coupon %1 of %2 is already refunded.",
        ), "seq", "ticket_number"),
        "coupon_exchanged": (translate(
            "Messages",
            "Coupon %1 of %2 was exchanged for a new ticket.",
        ), "seq", "ticket_number"),
        "coupon_suspended": (translate(
            "Messages",
            "The airline suspended coupon %1 of %2.",
        ), "seq", "ticket_number"),
        "void_not_same_day": (translate(
            "Messages",
            "Ticket %1 was issued on %2: a void is only possible that day. "
            "Refund it instead.",
        ), "ticket_number", "issued"),
        "void_after_day_close": (translate(
            "Messages",
            "The day %1 is closed: ticket %2 can no longer be voided. Refund "
            "it instead.",
        ), "day", "ticket_number"),
        "day_already_closed": (translate(
            "Messages",
            "The day %1 is already closed.",
        ), "day"),
        "sale_not_found": (translate(
            "Messages",
            "No such sale.",
        ),),
        "sale_already_void": (translate(
            "Messages",
            "Booking %1 is already void.",
        ), "pnr"),
        "refund_reason": (translate(
            "Messages",
            "Choose voluntary or involuntary.",
        ),),
        "change_route": (translate(
            "Messages",
            "A change keeps the route %1→%2.",
        ), "origin", "destination"),
        "change_carrier": (translate(
            "Messages",
            "A change keeps the carrier %1.",
        ), "carrier"),
        "change_nothing": (translate(
            "Messages",
            "Same flight and class: nothing to change.",
        ),),
        "change_with_infant": (translate(
            "Messages",
            "Infant %1 travels on %2's lap: change them together. Keep "
            "“Change the infant too” ticked; both move to the same flight in one step.",
        ), "infant", "adult"),
        "infant_change_alone": (translate(
            "Messages",
            "Infant %1 cannot be changed alone, or it would fly without %2. "
            "Select %2's ticket and change it: the infant moves with them in the "
            "same step.",
        ), "infant", "adult"),
        "refund_not_found": (translate(
            "Messages",
            "This refund is not recorded at this counter; no refund slip can be printed.",
        ),),
        "name_change_refused": (translate(
            "Messages",
            "Not a typing mistake but another person (%1): the ticket cannot be "
            "transferred. Refund it and sell a new one.",
        ), "old"),
        "name_unchanged": (translate(
            "Messages",
            "The corrected name is the same as before.",
        ),),
        "too_many_passengers": (translate(
            "Messages",
            "One booking holds at most %1 passengers.",
        ), "max"),
        "birth_date_format": (translate(
            "Messages",
            "Write the birth date as YYYY-MM-DD.",
        ),),
        "amount_format": (translate(
            "Messages",
            "Write the amount in yuan, e.g. 1280 or 1280.50.",
        ),),
        "segments_required": (translate(
            "Messages",
            "Choose a flight first (F2, Enter on a class).",
        ),),
        "passengers_required": (translate(
            "Messages",
            "Add at least one passenger.",
        ),),
        "no_rule_in_force": (translate(
            "Messages", "No rule table is in force for that date; sync with head office."
        ),),
    }


def _request_texts() -> dict[str, tuple[str, ...]]:
    """GP service requests (domain/gp_requests.py); the form puts the field's label first."""
    return {
        "gp_official_required": (translate(
            "Messages", "%1 is for GP officials: choose a traveller with a GP level first."
        ), "kind"),
        "gp_level_not_entitled": (translate(
            "Messages", "%1 needs level %2 or above; this official is %3."
        ), "kind", "minimum", "level"),
        "service_airport": (translate(
            "Messages", "%1 is offered only at %2; neither end of this flight is there."
        ), "kind", "airports"),
        "request_too_late": (translate(
            "Messages",
            "%1 must be in %2 hours before departure (by %3); it is too late. Phone head "
            "office.",
        ), "kind", "hours", "due"),
        "request_field_type": (translate(
            "Messages", "This value is not of the right kind; enter it again."
        ),),
        "request_field_too_long": (translate("Messages", "At most %1 characters."), "max"),
        "request_field_number": (translate("Messages", "Enter a whole number."),),
        "request_field_range": (translate(
            "Messages", "Enter a number from %1 to %2."
        ), "min", "max"),
        "request_field_required": (translate("Messages", "Required; fill it in."),),
        "request_field_unknown": (translate(
            "Messages", "This form has no such field; sync with head office for the current "
            "forms."
        ),),
        "request_field_choice": (translate("Messages", "Choose one of the listed options."),),
        "request_field_items": (translate(
            "Messages", "At most %1 entries (%2 given)."
        ), "max", "count"),
        "request_field_date": (translate("Messages", "Enter a date as YYYY-MM-DD."),),
        "request_field_time": (translate("Messages", "Enter a time as HH:MM."),),
        "request_field_datetime": (translate(
            "Messages", "Enter a date and time as YYYY-MM-DD HH:MM."
        ),),
        "request_person_name": (translate(
            "Messages", "Every person listed needs a name."
        ),),
        "reject_reason_required": (translate(
            "Messages", "A rejection needs a reason: write it in the note."
        ),),
        "request_step_not_allowed": (translate(
            "Messages", "This step cannot be taken now (the request is %1)."
        ), "state"),
        "assignee_unknown": (translate(
            "Messages", "No active head-office person has this login; choose one from the list."
        ),),
        "request_closed": (translate(
            "Messages", "The request is finished (%1); it can no longer be changed."
        ), "state"),
        "request_kind_unknown": (translate(
            "Messages", "Head office has no request form of this kind; sync for the current "
            "forms."
        ),),
        "booking_cancelled": (translate(
            "Messages", "Booking %1 is cancelled; a service request needs a booking that "
            "flies."
        ), "pnr"),
        "request_unknown": (translate(
            "Messages", "This service request is not on this counter; sync and open it again."
        ),),
        "gp_level_needs_director": (translate(
            "Messages", "Only a director or head office may add an official or change a "
            "level; ask your director to log in."
        ),),
        "customer_not_gp_unit": (translate(
            "Messages", "This customer is not a GP unit; officials belong to GP units."
        ),),
    }


def request_state_name(state: str) -> str:
    """A service request's state (domain/gp_requests.RequestState) in words."""
    names = {
        "draft": translate("Messages", "draft"),
        "submitted": translate("Messages", "submitted"),
        "accepted": translate("Messages", "accepted"),
        "arranged": translate("Messages", "arranged"),
        "done": translate("Messages", "done"),
        "rejected": translate("Messages", "rejected"),
        "cancelled": translate("Messages", "cancelled"),
    }
    return names.get(state, state)


def _request_advice() -> dict[str, str]:
    """What to do when head office refused a service request the counter sent."""
    return {
        "gp_official_required": translate(
            "Messages",
            "Head office found no GP level for the official of this service request. Check "
            "the traveller's GP level on the GP page (F10), then submit the request again.",
        ),
        "gp_level_not_entitled": translate(
            "Messages",
            "Head office found the official's level not entitled to this service. Tell the "
            "official; the level is corrected at head office, then submit again.",
        ),
        "service_airport": translate(
            "Messages",
            "Head office refused the service request: the service is not offered at this "
            "flight's airports. Tell the official and cancel the request.",
        ),
        "request_too_late": translate(
            "Messages",
            "The service request reached head office after its deadline. Phone head office "
            "to arrange it by hand, then mark it handled.",
        ),
        "request_field_type": translate(
            "Messages",
            "Head office could not read a field of the service request. Open it on the GP "
            "page (F10), enter the field named in the reason again and submit.",
        ),
        "request_field_too_long": translate(
            "Messages",
            "A field of the service request is too long for head office. Shorten the field "
            "named in the reason on the GP page (F10) and submit again.",
        ),
        "request_field_number": translate(
            "Messages",
            "Head office expected a whole number in a field of the service request. Correct "
            "the field named in the reason on the GP page (F10) and submit again.",
        ),
        "request_field_range": translate(
            "Messages",
            "A number in the service request is out of head office's range. Correct the "
            "field named in the reason on the GP page (F10) and submit again.",
        ),
        "request_field_required": translate(
            "Messages",
            "Head office found a required field of the service request empty. Fill in the "
            "field named in the reason on the GP page (F10) and submit again.",
        ),
        "request_field_unknown": translate(
            "Messages",
            "The service request has a field head office's form does not have (an outdated "
            "form). Sync, open the request on the GP page (F10) and submit again.",
        ),
        "request_field_choice": translate(
            "Messages",
            "A choice in the service request is not one head office offers. Choose again "
            "in the field named in the reason on the GP page (F10) and submit.",
        ),
        "request_field_items": translate(
            "Messages",
            "A list in the service request has more entries than head office allows. "
            "Remove some on the GP page (F10) and submit again.",
        ),
        "request_field_date": translate(
            "Messages",
            "Head office could not read a date of the service request. Enter the date again "
            "on the GP page (F10) and submit.",
        ),
        "request_field_time": translate(
            "Messages",
            "Head office could not read a time of the service request. Enter the time again "
            "on the GP page (F10) and submit.",
        ),
        "request_field_datetime": translate(
            "Messages",
            "Head office could not read a date and time of the service request. Enter it "
            "again on the GP page (F10) and submit.",
        ),
        "request_person_name": translate(
            "Messages",
            "A person listed in the service request has no name. Add the name or remove the "
            "row on the GP page (F10) and submit again.",
        ),
        "gp_companions": translate(
            "Messages",
            "Head office allows fewer companions with a GP official than were sent (in one "
            "cabin or on one service request). Keep the allowed number, book or request "
            "for the others separately, and send again.",
        ),
        "reject_reason_required": translate(
            "Messages",
            "A rejection was sent without a reason and head office refused it. Nothing "
            "changed; mark it handled.",
        ),
        "request_note_too_long": translate(
            "Messages",
            "The note sent with the service request is too long for head office. Shorten "
            "it on the GP page (F10) and send again.",
        ),
        "request_step_not_allowed": translate(
            "Messages",
            "Head office had already moved the service request on (for example accepted "
            "or cancelled it), so this step was refused. Look at its state on the GP page "
            "(F10), then mark it handled.",
        ),
        "request_conflict": translate(
            "Messages",
            "Head office changed the same fields of this service request while it was "
            "edited here; head office's values were kept. Open it on the GP page (F10), "
            "check the fields named and edit again if needed.",
        ),
        "request_kind_unknown": translate(
            "Messages",
            "Head office does not know this kind of service request. Sync to get the "
            "current forms, fill the request in again on the GP page (F10), then mark this "
            "handled.",
        ),
        "official_unknown": translate(
            "Messages",
            "Head office has no such official in the GP unit named on the request. Check the "
            "official and the unit on the GP page (F10), sync, then submit again.",
        ),
        "booking_cancelled": translate(
            "Messages",
            "Every ticket of the booking named on the service request is void or refunded "
            "at head office, so the request was refused. Check the booking with the "
            "official; submit a new request with the new booking if there is one.",
        ),
        "request_unknown": translate(
            "Messages",
            "Head office has no such service request (it never arrived). Submit it again "
            "from the GP page (F10), then mark this handled.",
        ),
        "not_your_request": translate(
            "Messages",
            "The service request belongs to another outlet; this counter may not change "
            "it. Ask that outlet or head office, then mark this handled.",
        ),
        "request_closed": translate(
            "Messages",
            "The service request was already finished (done, rejected or cancelled) at "
            "head office, so the change was refused. Look at its state on the GP page "
            "(F10); submit a new request if one is still needed.",
        ),
        "gp_level_needs_director": translate(
            "Messages",
            "Head office refused the official: a new official or a change of level needs a "
            "director or head office. The official is kept here as entered; ask your "
            "director to save it again from the Customers page (F12), then mark it handled.",
        ),
        "customer_not_gp_unit": translate(
            "Messages",
            "Head office holds this customer as no GP unit, so it keeps no officials for it. "
            "Check the unit with head office, then mark it handled.",
        ),
    }


def payment_method_name(code: str) -> str:
    """A payment method as the clerk knows it (for messages; the pages list their own)."""
    names = {
        "cash": translate("Messages", "cash"),
        "bank_card": translate("Messages", "bank card"),
        "phone_card": translate("Messages", "card by phone (11185)"),
        "on_account": translate("Messages", "on account (monthly)"),
        "official_card": translate("Messages", "official card"),
        "unit_transfer": translate("Messages", "unit transfer"),
    }
    return names.get(code, code)


def _override_reason(reason: str) -> str:
    """Why a supervisor's approval was refused, in words (an unknown reason stays as is)."""
    reasons = {
        "other_outlet": translate("Messages", "this supervisor belongs to another outlet"),
        "bad_credentials": translate("Messages", "wrong login or password"),
        "locked": translate("Messages", "the supervisor's account is locked"),
        "inactive": translate("Messages", "the supervisor's account is disabled"),
        "not_approver": translate("Messages", "this login may not approve"),
    }
    return reasons.get(reason, reason)


def _seat_service(service: str) -> str:
    """A GP seat service (``gp_level_lacks``'s ``service``) in words."""
    names = {
        "lock": translate("Messages", "Seat lock"),
        "hold": translate("Messages", "Seat holding on several flights"),
        "privacy": translate("Messages", "A privacy seat (EXST)"),
    }
    return names.get(service, service)


def domain_message(error: DomainError, label: str | None = None) -> str:
    """The clerk's message for a refused input, starting with the field's name.

    ``label``: the field's label as the page shows it, when the page knows where the
    error points (the sale page reads it from the widget's label); else the catalogue's
    name of the field."""
    entry = _domain_texts().get(error.code)
    if entry is None:
        text = translate("Messages", "Invalid input (%1).").replace("%1", error.code)
    else:
        kinds = {
            "ADT": translate("Messages", "an adult"),
            "CHD": translate("Messages", "a child"),
            "INF": translate("Messages", "an infant"),
        }
        params = {k: kinds.get(str(v), v) for k, v in error.params.items()}
        if "method" in params:
            params["method"] = payment_method_name(str(params["method"]))
        if error.code == "override_refused" and "reason" in params:
            params["reason"] = _override_reason(str(params["reason"]))
        if error.code == "flight_departed" and "flight_no" not in params:
            params["flight_no"] = translate("Messages", "The flight")
        if error.code == "request_step_not_allowed":
            params["state"] = request_state_name(str(params.get("state", "")))
        if error.code == "gp_level_lacks":
            params["service"] = _seat_service(str(params.get("service", "")))
            params["level"] = params.get("level") or translate("Messages", "none")
        template, *names = entry
        # A param the error does not carry stays visible by name instead of raising.
        text = fill(template, *(str(params.get(name, "{" + name + "}")) for name in names))
    if label:
        return f"{label}: {text}"
    if error.field:
        return f"{field_label(error.field)}: {text}"
    return text


def store_message(error: StoreError) -> str:
    path = str(error.path)
    texts = {
        "folder_unwritable": translate(
            "Messages",
            "The data folder %1 cannot be written. Ask for write access "
            "or choose another folder with --data-dir.",
        ),
        "file_unwritable": translate(
            "Messages", "The database file %1 cannot be written. Check its permissions."
        ),
        "corrupt": translate(
            "Messages",
            "The database file %1 is damaged and cannot be opened. It can be "
            "moved aside (kept for support) and a fresh one started; unsent sales "
            "in it must then be recovered by support.",
        ),
        "newer_schema": translate(
            "Messages",
            "The database file %1 was written by a newer version of Counter. Install that version.",
        ),
    }
    return texts.get(
        error.code, translate("Messages", "The local database cannot be used: %1")
    ).replace("%1", path)


def auth_message(error: AuthError) -> str:
    if error.code == "empty_login":
        return translate("Messages", "Login: enter your login name.")
    if error.code == "empty_password":
        return translate("Messages", "Password: enter your password.")
    if error.code == "locked":
        until = ""
        if error.until is not None:
            until = error.until.replace(tzinfo=UTC).astimezone(SHANGHAI).strftime("%H:%M")
        return translate(
            "Messages",
            "This account is locked after too many wrong passwords, until %1. Ask a supervisor.",
        ).replace("%1", until)
    if error.code == "inactive":
        return translate("Messages", "This account is disabled. Ask a supervisor.")
    if error.code == "not_approver":
        return translate("Messages", "Only a supervisor may approve this.")
    left = error.attempts_left
    return translate(
        "Messages",
        "Wrong login or password. %n attempt(s) left before the account locks.",
    ).replace("%n", str(left))


def _money_advice() -> dict[str, str]:
    """Advice for a sale head office priced again by its rules and did not accept."""
    tail = translate(
        "Messages",
        "%1 The sale stays recorded at the counter, but head office did not accept it: "
        "check it with the customer, void or correct it, and call head office with the "
        "ticket number.",
    )
    specific = {
        "amount_negative": translate("Messages", "An amount in this sale is negative."),
        "amount_mismatch": translate(
            "Messages",
            "A total is not the sum of its parts (fare, taxes, insurance, service fee).",
        ),
        "fare_mismatch": translate(
            "Messages",
            "The fare differs from head office's fare for this booking class and passenger "
            "type (maybe an outdated rule document or a wrong manual entry).",
        ),
        "tax_mismatch": translate(
            "Messages",
            "The CN fund or fuel surcharge differs from head office's rules (maybe an "
            "outdated rule document).",
        ),
        "insurance_mismatch": translate(
            "Messages", "The insurance differs from head office's price."
        ),
        "service_fee_mismatch": translate(
            "Messages", "The service fee differs from head office's rules."
        ),
        "payment_total_mismatch": translate(
            "Messages", "The payments do not add up to the amount due."
        ),
        "commission_mismatch": translate(
            "Messages", "The commission differs from head office's rules for this customer."
        ),
        "gp_order_required": translate(
            "Messages", "A sale to a government (GP) unit needs its GP order number."
        ),
        "passenger_invalid": translate(
            "Messages",
            "Head office found the passenger's name, ID number or passenger type wrong (the "
            "type must match the age on the resident ID).",
        ),
        "flight_departed": translate(
            "Messages", "The flight had already departed when this was done."
        ),
        "fee_out_of_rules": translate(
            "Messages",
            "The refund or change fee differs from the carrier's fee rules at head office "
            "(maybe an outdated rule document or a wrong manual entry).",
        ),
        "refund_amount_mismatch": translate(
            "Messages",
            "The refund amount differs from head office's: the fare less the fee, plus CN "
            "fund, fuel surcharge and, before departure, insurance.",
        ),
    }
    return {code: fill(tail, text) for code, text in specific.items()}


def attention_advice(kind: str, code: str) -> str:
    """What the clerk should do about one item of the attention list."""
    by_code = {
        "no_seats": translate(
            "Messages",
            "Head office had no seat left for this sale. Call the passenger, rebook or refund "
            "by the original payment, then mark it handled.",
        ),
        "number_used": translate(
            "Messages",
            "This ticket number was already used. Reissue the ticket with a new number and "
            "void the old one, then mark it handled.",
        ),
        "number_out_of_range": translate(
            "Messages",
            "The number is outside this counter's ranges. Ask head office to check the "
            "number ranges granted to this counter.",
        ),
        "op_id_reused": translate(
            "Messages",
            "Head office already holds a different operation under this id and kept the "
            "original. Contact support with the operation id.",
        ),
        "clerk_not_in_outlet": translate(
            "Messages",
            "The clerk who made this is not registered at this outlet at head office. Ask "
            "head office to check the clerk's outlet.",
        ),
        "not_your_customer": translate(
            "Messages",
            "This customer belongs to another outlet, or is a shared customer this outlet may "
            "not change or bill without head office's grant. Ask head office to make the "
            "change or to grant the customer to this outlet.",
        ),
        "customer_unknown": translate(
            "Messages",
            "Head office does not know this customer. Call head office with the customer's "
            "name and the ticket number.",
        ),
        "gp_not_allowed": translate(
            "Messages",
            "This counter may not take government (GP) orders. Sell it at a GP counter or "
            "without the GP order number, and call head office with the ticket number.",
        ),
        "approval_invalid": translate(
            "Messages",
            "At head office, the supervisor who approved this name correction is not a "
            "supervisor of this outlet. Have a supervisor of this outlet approve it again, "
            "or ask head office.",
        ),
        "invalid_text": translate(
            "Messages",
            "Head office cannot keep a character of the text named in the reason. Redo the "
            "operation with that text typed again; if it is refused again, contact support "
            "with the operation id.",
        ),
        "invalid_payload": translate(
            "Messages",
            "The counter sent data head office cannot read. Contact support with the "
            "operation id.",
        ),
        "counter_disabled": translate(
            "Messages",
            "Head office has disabled this counter. Queued sales are kept here; call head "
            "office to have it enabled again (enrolling again is not the way).",
        ),
        "token_reused": translate(
            "Messages",
            "Head office revoked this counter's credentials because an old one was used "
            "elsewhere (they may have been copied). Enroll the counter again with a new "
            "one-time code and tell head office.",
        ),
        "seat_unavailable": translate(
            "Messages",
            "The seat chosen offline was taken at another counter and no equivalent seat was "
            "free. Open the seat map, choose another seat with the passenger, then mark it "
            "handled.",
        ),
        "flight_closed": translate(
            "Messages",
            "The seat chosen offline reached head office after check-in closed; the "
            "passenger gets a seat at the airport. Mark it handled.",
        ),
        "extra_not_beside": translate(
            "Messages",
            "The privacy seat chosen offline is not beside its official. Choose the privacy "
            "seat again on the seat map, then mark it handled.",
        ),
        "not_your_choice": translate(
            "Messages",
            "This seat choice belongs to another outlet at head office; nothing was changed. "
            "Ask that outlet or head office, then mark it handled.",
        ),
        "choice_reused": translate(
            "Messages",
            "Head office already holds this seat choice with other details and kept it. "
            "Choose the seat again on the seat map, then mark it handled.",
        ),
        "passenger_has_seat": translate(
            "Messages",
            "The seat chosen offline reached head office while the passenger already had "
            "another seat on the flight, which was kept. Check the seat with the passenger "
            "on the seat map, then mark it handled.",
        ),
        "choice_replaced": translate(
            "Messages",
            "The seat chosen offline was already replaced by a later choice for the "
            "passenger; head office kept the later one. Nothing to do: mark it handled.",
        ),
        "not_your_ticket": translate(
            "Messages",
            "Head office does not hold this ticket as a sale of this outlet, so the "
            "operation on it was refused. Check the ticket number with head office, then "
            "mark it handled.",
        ),
        "coupon_not_on_flight": translate(
            "Messages",
            "At head office the ticket has no open coupon on this seat's flight (it was "
            "changed, refunded or voided); no seat was given. Mark it handled.",
        ),
        "flight_unknown": translate(
            "Messages",
            "Head office does not know this flight or it is no longer scheduled; nothing "
            "was kept for it. Check the booking's flight, then mark it handled.",
        ),
        **_money_advice(),
        **_request_advice(),
    }
    by_kind = {
        "rejected_op": translate(
            "Messages",
            "Head office refused this operation. Read the reason, correct it with the "
            "customer, then mark it handled.",
        ),
        "conflict": translate(
            "Messages",
            "This customer field was changed at head office too; head office's value was "
            "kept. Check with the customer and edit again if needed.",
        ),
        "clock_skew": translate(
            "Messages",
            "This computer's clock is wrong. Sales go on and keep their order; ask for the "
            "clock to be set.",
        ),
        "stall": translate(
            "Messages",
            "Sales are waiting to reach head office. Check the network; they are sent "
            "automatically when it answers.",
        ),
        "auth": translate(
            "Messages",
            "Head office no longer accepts this counter's credentials. Enroll it again "
            "(Counter → Enroll with head office) with a new one-time code.",
        ),
        "checksum": translate(
            "Messages",
            "The local copy differed from head office's and is being refreshed; nothing to do.",
        ),
        "upgrade": translate(
            "Messages",
            "Head office needs a newer version of Counter. Install it; queued sales are "
            "kept and sent after the upgrade.",
        ),
        "seat_moved": translate(
            "Messages",
            "Another counter took this seat first; head office gave the passenger the "
            "nearest equivalent seat. Tell the passenger; reprint the boarding pass if the "
            "message says so, then mark it handled.",
        ),
    }
    return by_code.get(code) or by_kind.get(kind) or by_kind["rejected_op"]


def _throttled_message(message: str) -> str:
    """Too many wrong one-time codes; head office's message says the wait in seconds."""
    wait = re.search(r"(\d+)\s*s\b", message)
    if wait is None:
        return translate(
            "Messages", "Too many wrong one-time codes: wait a while, then try again."
        )
    minutes = max(1, math.ceil(int(wait.group(1)) / 60))
    return translate(
        "Messages", "Too many wrong one-time codes: wait %1 min, then try again."
    ).replace("%1", str(minutes))


def sync_error_message(error: BaseException) -> str:
    """A failed talk with head office, in the clerk's words."""
    from counter_app.sync.client import (
        AuthInvalid,
        Offline,
        Refused,
        ServerError,
        UpgradeRequired,
    )
    from counter_app.sync.credentials import CredentialsUnavailable

    if isinstance(error, Offline):
        return translate(
            "Messages",
            "Head office does not answer. Check the address and the network; the counter "
            "keeps working offline.",
        )
    if isinstance(error, CredentialsUnavailable):
        return translate(
            "Messages",
            "The system keyring cannot be used on this computer (%1). Choose the "
            "encrypted file and a passphrase.",
        ).replace("%1", str(error))
    if isinstance(error, UpgradeRequired):
        return translate("Messages", "Head office needs a newer version of Counter.")
    if isinstance(error, AuthInvalid):
        if error.code == "counter_disabled":
            return translate(
                "Messages", "Head office has disabled this counter; call head office."
            )
        if error.code == "token_reused":
            return translate(
                "Messages",
                "Head office revoked this counter's credentials because an old one was used "
                "elsewhere; enroll it again and tell head office.",
            )
        return translate(
            "Messages", "Head office refused this counter's credentials; enroll it again."
        )
    if isinstance(error, Refused):
        codes = {
            "enroll_code_invalid": translate(
                "Messages", "One-time code: head office does not know this code."
            ),
            "enroll_code_used": translate(
                "Messages", "One-time code: this code was already used; ask for a new one."
            ),
            "enroll_code_expired": translate(
                "Messages", "One-time code: this code has expired; ask for a new one."
            ),
            "no_seats": translate("Messages", "Head office has no seat left on this flight."),
            "customer_code_taken": translate(
                "Messages", "Code: another customer already has this code; choose another."
            ),
            "lease_quota": translate(
                "Messages",
                "Head office's quota of seats this counter may hold is reached: sell from "
                "stock online, release unused seat allotments, or ask head office.",
            ),
            "range_quota": translate(
                "Messages",
                "Head office grants no more numbers now: this counter still has many unused "
                "ticket or receipt numbers, or asked too often today. Ask head office if "
                "numbers run short.",
            ),
            "enroll_throttled": _throttled_message(error.message),
        }
        return codes.get(error.code) or translate(
            "Messages", "Head office refused: %1"
        ).replace("%1", str(error))
    if isinstance(error, ServerError):
        return translate("Messages", "Head office had an internal error; try again in a moment.")
    return translate("Messages", "Unexpected error: %1").replace("%1", repr(error))
