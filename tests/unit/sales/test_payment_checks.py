"""The sale's payment and contact checks in the service, whatever the caller: a card
payment carries its slip reference; mobiles follow the one rule (domain/phones.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sales_support import ADULT, NOW, Shop, customer_id, snapshot, traveller

from counter_app.domain.errors import DomainError
from counter_app.services.booking import (
    PassengerInput,
    PaymentInput,
    SegmentChoice,
    book,
    find_bookings,
    ticket_booking,
)
from counter_app.services.payments import check_reference
from counter_app.storage.models import Booking, BookingPassenger, Payment


def hold(shop: Shop, passengers: list[PassengerInput] | None = None,
         customer_id: str | None = None, **kwargs: str) -> Any:
    with shop.store.unit_of_work() as session:
        return book(session, segments=[SegmentChoice(shop.flight("out"), "Y")],
                    passengers=passengers or [ADULT], customer_id=customer_id,
                    clerk=shop.clerk, now=NOW, **kwargs)


@pytest.mark.parametrize("method", ["bank_card", "phone_card", "official_card"])
def test_a_card_payment_without_its_slip_is_refused_and_writes_nothing(
    shop: Shop, method: str
) -> None:
    customer = None
    passengers = [ADULT]
    if method == "official_card":  # a GP unit's method
        with shop.store.read() as session:
            customer = customer_id(session, "GP-SZ-001")
            passengers = [traveller(session, "黄晓敏")]
    held = hold(shop, passengers, customer, gp_order_no="GP-1")
    total = held.quote.total
    before = snapshot(shop.store)
    for blank in ("", "   "):
        with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
            ticket_booking(session, held.booking_id,
                           [PaymentInput(method, total, reference=blank)],
                           clerk=shop.clerk, now=NOW)
        assert (caught.value.code, caught.value.field) == ("payment_reference_required",
                                                           "reference")
        assert caught.value.params["method"] == method
        assert snapshot(shop.store) == before
    with shop.store.unit_of_work() as session:
        ticket_booking(session, held.booking_id,
                       [PaymentInput(method, total, reference=" POS 004217 ")],
                       clerk=shop.clerk, now=NOW)
    with shop.store.read() as session:
        [payment] = session.query(Payment).all()
        assert (payment.method, payment.reference) == (method, "POS 004217")


def test_cash_on_account_and_transfers_need_no_reference() -> None:
    for method in ("cash", "on_account", "unit_transfer"):
        assert check_reference(PaymentInput(method, Decimal("10"))) == ""
    with pytest.raises(DomainError) as caught:
        check_reference(PaymentInput("cash", Decimal("10"), reference="X" * 65))
    assert (caught.value.code, caught.value.params["max"]) == ("payment_reference_length", 64)


def test_a_split_with_a_card_part_needs_the_card_slip(shop: Shop) -> None:
    held = hold(shop)
    total = held.quote.total
    pays = [PaymentInput("cash", Decimal("100.00")), PaymentInput("bank_card", total - 100)]
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        ticket_booking(session, held.booking_id, pays,
                       clerk=shop.clerk, now=NOW)
    assert caught.value.code == "payment_reference_required"


def test_mobiles_written_with_dashes_or_spaces_are_stored_and_found_as_digits(
    shop: Shop,
) -> None:
    typed = PassengerInput(ADULT.name, "NI", ADULT.id_number, mobile="139-0471-0001")
    held = hold(shop, [typed], contact_mobile="+86 139 0471 0002")
    with shop.store.read() as session:
        booking = session.get(Booking, held.booking_id)
        assert booking is not None
        assert booking.contact_mobile == "13904710002"
        [passenger] = session.query(BookingPassenger).all()
        assert passenger.mobile == "13904710001"
        for text in ("13904710001", "139 0471 0001", "139-0471-0002"):
            assert [b.pnr for b in find_bookings(session, text)] == [booking.pnr], text


@pytest.mark.parametrize(("where", "field"), [("passenger", "mobile"),
                                              ("contact", "contact_mobile")])
def test_a_wrong_mobile_is_refused_by_the_service_too(shop: Shop, where: str,
                                                      field: str) -> None:
    wrong = "138-0013-800"  # a digit short
    passenger = PassengerInput(ADULT.name, "NI", ADULT.id_number,
                               mobile=wrong if where == "passenger" else "")
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        book(session, segments=[SegmentChoice(shop.flight("out"), "Y")],
             passengers=[passenger], clerk=shop.clerk, now=NOW, customer_id=None,
             contact_mobile=wrong if where == "contact" else "")
    assert (caught.value.code, caught.value.field) == ("mobile_format", field)


def test_one_id_number_twice_on_a_booking_names_the_first_passenger(shop: Shop) -> None:
    twin = PassengerInput("王芳", "NI", ADULT.id_number)
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        book(session, segments=[SegmentChoice(shop.flight("out"), "Y")],
             passengers=[ADULT, twin], clerk=shop.clerk, now=NOW, customer_id=None)
    assert (caught.value.code, caught.value.params["name"]) == ("duplicate_passenger",
                                                                ADULT.name)


def test_the_names_an_id_number_is_on_file_under(shop: Shop) -> None:
    from counter_app.services.id_checks import other_names_on_file

    shop.sell("out", [ADULT])
    with shop.store.read() as session:
        official = traveller(session, "黄晓敏")  # on a GP unit's traveller list
        assert other_names_on_file(session, "NI", ADULT.id_number, ADULT.name) == []
        assert other_names_on_file(session, "NI", ADULT.id_number, " 张 伟 ") == []
        assert other_names_on_file(session, "NI", ADULT.id_number, "王芳") == [ADULT.name]
        assert other_names_on_file(session, "PP", ADULT.id_number, "王芳") == []
        assert other_names_on_file(session, official.id_type, official.id_number,
                                   "黄小敏") == ["黄晓敏"]
        assert other_names_on_file(session, "NI", "110105194912310029", "王芳") == []
