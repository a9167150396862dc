"""The counter sale from question to ticket: quote, hold, ticket, for every kind of customer
and passenger, one-way, return and connection; holds that expire; fares that changed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sales_support import (
    ADULT,
    ADULT2,
    CHILD,
    INFANT,
    INFANT2,
    NOW,
    OTHER_CLERK,
    PASSPORT,
    SUPERVISOR,
    Shop,
    adults,
    count_rows,
    customer_id,
    departure,
    fare_of,
    snapshot,
    traveller,
)
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.money import round_fare
from counter_app.domain.types import FareFamily, PassengerType
from counter_app.services.booking import (
    Override,
    PassengerInput,
    PaymentInput,
    SegmentChoice,
    book,
    booking_detail,
    cancel_booking,
    find_bookings,
    held_bookings,
    known_travellers,
    quote_trip,
    release_expired,
    ticket_booking,
)
from counter_app.services.leases import seats_left_offline
from counter_app.services.payments import credit_left
from counter_app.storage.models import (
    AuditEntry,
    Booking,
    Coupon,
    Customer,
    Flight,
    Lease,
    OutboxEntry,
    Payment,
    RuleDocument,
    Ticket,
)
from counter_app.sync.outbox import to_op
from counter_app.sync.protocol import SaleIssue

FIRST = 2_090_000_000


def seg(shop: Shop, label: str, class_code: str = "Y") -> SegmentChoice:
    return SegmentChoice(shop.flight(label), class_code)


def used(shop: Shop, label: str) -> int:
    with shop.store.read() as session:
        lease = session.get(Lease, shop.lease_ids[label])
        assert lease is not None
        return lease.used_local


def outbox(shop: Shop) -> list[OutboxEntry]:
    with shop.store.read() as session:
        rows = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
        session.expunge_all()
    return list(rows)


# --- a whole sale -----------------------------------------------------------------------------


def test_walk_in_sale_from_question_to_ticket(shop: Shop) -> None:
    insured = PassengerInput(ADULT.name, "NI", ADULT.id_number, insurance_units=2,
                             mobile="138 0000 0001", ffp_number="ca123456789")
    with shop.store.read() as session:
        y = fare_of(session, shop.flight("out"))
        q = quote_trip(session, segments=[seg(shop, "out")], passengers=[insured], now=NOW)
    [line] = q.lines
    assert (line.fare, line.published_fare, line.gp_applied) == (y, y, False)
    assert (line.cn_fund, line.fuel) == (Decimal("50.00"), Decimal("10.00"))  # ≤ 800 km
    assert (line.insurance_units, line.insurance, line.service_fee) == (2, Decimal("40.00"), 0)
    assert q.total == line.total == y + 100
    [rules] = q.rules
    assert rules.family is FareFamily.FULL
    assert rules.face_fare == y
    assert [(r.to_hours, r.refund_percent) for r in rules.lines] == [
        (168, 0), (48, 5), (4, 10), (None, 15)]
    assert not rules.gp_easy_change
    assert not rules.gp_easy_refund

    with shop.store.unit_of_work() as session:
        held = book(session, segments=[seg(shop, "out")], passengers=[insured],
                    customer_id=None, clerk=shop.clerk, now=NOW, contact_mobile="13900000009")
    assert len(held.pnr) == 6
    assert held.pnr.isalnum()
    assert held.ticketing_deadline == NOW + timedelta(minutes=30)
    assert used(shop, "out") == 1  # the seat is held from the lease
    with shop.store.read() as session:
        [row] = held_bookings(session, NOW + timedelta(minutes=10))
    assert (row.pnr, row.expired, row.minutes_left, row.total) == (held.pnr, False, 20, q.total)
    assert row.passengers == ("张伟",)
    assert outbox(shop) == []  # a hold stays local: the lease's seats are the counter's own

    with shop.store.unit_of_work() as session:
        issued = ticket_booking(session, held.booking_id,
                                [PaymentInput("cash", q.total, tendered=Decimal("1000"))],
                                clerk=shop.clerk, now=NOW + timedelta(minutes=5))
    assert issued.change_due == Decimal(1000) - q.total
    [t] = issued.tickets
    assert t.ticket_number == f"999-{FIRST:010d}"
    assert [(c.seq, c.status, c.insurance_policy_no) for c in t.coupons] == [
        (1, "O", f"PI999{FIRST:010d}01")]
    assert used(shop, "out") == 1
    with shop.store.read() as session:
        booking = session.get(Booking, held.booking_id)
        assert booking is not None
        assert (booking.status, booking.customer_kind) == ("ticketed", "walk_in")
        [pay] = session.scalars(select(Payment)).all()
        assert (pay.method, pay.amount_fen, pay.tendered_fen, pay.change_fen) == (
            "cash", int(q.total * 100), 100000, int((1000 - q.total) * 100))
        [coupon] = session.scalars(select(Coupon)).all()
        assert coupon.fare_fen == int(y * 100)
        assert coupon.insurance_fen == 4000
    [entry] = outbox(shop)
    assert (entry.kind, entry.op_id, entry.clerk_login) == ("sale.issue", issued.op_id, "wangli")
    payload = entry.payload
    assert payload["segments"] == [{"seq": 1, "flight_id": shop.flight("out"), "cabin": "Y",
                                    "class_code": "Y", "lease_id": "lease-out"}]
    assert payload["tickets"][0]["coupons"][0]["insurance_policy_no"] == f"PI999{FIRST:010d}01"
    # What head office will parse, and a valid protocol op.
    SaleIssue.model_validate(payload)
    assert to_op(entry).kind == "sale.issue"


def test_child_and_infant_pay_their_fares_and_the_infant_takes_no_seat(shop: Shop) -> None:
    with shop.store.read() as session:
        y = fare_of(session, shop.flight("out"))
        q = quote_trip(session, segments=[seg(shop, "out", "M")],
                       passengers=[ADULT, CHILD, INFANT], now=NOW)
    adult, child, infant = q.lines
    assert [p.passenger_type for p in q.passengers] == [
        PassengerType.ADULT, PassengerType.CHILD, PassengerType.INFANT]
    assert adult.fare == round_fare(y * Decimal("0.85"))
    assert child.fare == round_fare(y / 2)  # half the full fare, whatever the adult's class
    assert infant.fare == round_fare(y / 10)
    assert (child.cn_fund, infant.cn_fund, infant.fuel) == (0, 0, 0)
    assert child.fuel == Decimal("5.00")
    assert q.passengers[2].infant_of == 0
    assert q.seats == 2
    sale = shop.sell([seg(shop, "out", "M")], [ADULT, CHILD, INFANT])
    assert [t.passenger_type for t in sale.tickets] == [
        PassengerType.ADULT, PassengerType.CHILD, PassengerType.INFANT]
    assert used(shop, "out") == 2


def test_a_passport_holder_is_booked_under_surname_slash_given_names(shop: Shop) -> None:
    sale = shop.sell("out", [PASSPORT])
    [t] = sale.tickets
    assert t.passenger_name == "SMITH/JOHN PAUL"
    with shop.store.read() as session:
        detail = booking_detail(session, sale.booking_id)
        assert [(v.id_type, v.id_number) for v in detail.tickets] == [("PP", "E12345678")]
        assert find_bookings(session, "smithjohn")[0].pnr == sale.pnr


def test_return_trip_is_one_ticket_per_passenger_with_a_coupon_per_segment(shop: Shop) -> None:
    segments = [seg(shop, "out"), seg(shop, "back", "M")]
    sale = shop.sell(segments, [ADULT, ADULT2])
    assert [len(t.coupons) for t in sale.tickets] == [2, 2]
    assert [c.flight_no for c in sale.tickets[0].coupons] == ["CA1144", "CA1143"]
    assert (used(shop, "out"), used(shop, "back")) == (2, 2)
    with shop.store.read() as session:
        y_out, y_back = fare_of(session, shop.flight("out")), fare_of(session, shop.flight("back"))
    expected = y_out + round_fare(y_back * Decimal("0.85")) + 2 * (50 + 10)
    assert sale.tickets[0].total == expected
    assert sale.total == 2 * expected
    [entry] = outbox(shop)
    assert [s["lease_id"] for s in entry.payload["segments"]] == ["lease-out", "lease-back"]
    assert [c["seq"] for c in entry.payload["tickets"][1]["coupons"]] == [1, 2]
    SaleIssue.model_validate(entry.payload)


def test_a_connection_via_a_hub_is_booked_as_two_segments(shop: Shop) -> None:
    from counter_app.services.flights import search_connections

    with shop.store.read() as session:
        hop = session.get(Flight, shop.flight("hop"))
        assert hop is not None
        hub_to = hop.destination
        found = search_connections(session, ["HET"], [hub_to], hop.dep_date, NOW, limit=100)
    choice = next(c for c in found if c.flight_ids == (shop.flight("out"), shop.flight("hop")))
    sale = shop.sell([SegmentChoice(fid, "Y") for fid in choice.flight_ids], [ADULT])
    [t] = sale.tickets
    assert [(c.origin, c.destination) for c in t.coupons] == [
        ("HET", "PEK"), ("PEK", hub_to)]
    assert (used(shop, "out"), used(shop, "hop")) == (1, 1)


# --- customers --------------------------------------------------------------------------------


def test_agreement_customer_on_account_within_the_credit_limit_then_over_it(shop: Shop) -> None:
    with shop.store.unit_of_work() as session:
        ac = customer_id(session, "AC-0001")
        session.execute(update(Customer).where(Customer.id == ac)
                        .values(credit_limit_fen=100_000))  # 1000 yuan
        employee = traveller(session, "刘建军")
    first = shop.sell("out", [employee], customer_id=ac, method="on_account")
    with shop.store.read() as session:
        left = credit_left(session, ac)
    assert left == Decimal(1000) - first.total

    # The next sale would go over: refused, and nothing written even if committed.
    with shop.store.unit_of_work() as session:
        held = book(session, segments=[seg(shop, "out")], passengers=[ADULT2], customer_id=ac,
                    clerk=shop.clerk, now=NOW)
    before = snapshot(shop.store)
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        ticket_booking(session, held.booking_id, [PaymentInput("on_account", held.quote.total)],
                       clerk=shop.clerk, now=NOW)
    assert caught.value.code == "credit_limit_exceeded"
    assert caught.value.params["left"] == f"{left:.2f}"
    assert caught.value.params["needed"] == f"{held.quote.total:.2f}"
    assert snapshot(shop.store) == before

    # A wrong password, or a clerk who may not approve: refused, still no sale written.
    for login, password, reason in (
        (SUPERVISOR[0], "wrong", "bad_credentials"),
        (*OTHER_CLERK, "not_approver"),
    ):
        with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
            ticket_booking(session, held.booking_id,
                           [PaymentInput("on_account", held.quote.total)], clerk=shop.clerk,
                           now=NOW, override=Override(login, password, "老客户"))
        assert (caught.value.code, caught.value.params["reason"]) == ("override_refused", reason)
    after = snapshot(shop.store)
    for table in ("audit_log", "clerks"):  # the failed logins are counted, as at the login
        del after[table], before[table]
    assert after == before

    with shop.store.unit_of_work() as session:
        issued = ticket_booking(session, held.booking_id,
                                [PaymentInput("on_account", held.quote.total)], clerk=shop.clerk,
                                now=NOW, override=Override(*SUPERVISOR, reason="月底结清"))
    assert issued.override_by == "chenhong"
    with shop.store.read() as session:
        pay = session.scalars(select(Payment).where(Payment.booking_id == held.booking_id)).one()
        assert pay.override_by == "chenhong"
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "override")).one()
        assert audit.clerk_login == "chenhong"
        assert audit.detail["kind"] == "credit_limit"
        assert audit.detail["reason"] == "月底结清"
        assert audit.detail["clerk"] == "wangli"
        assert audit.detail["pnr"] == held.pnr
        assert credit_left(session, ac) < 0


def test_only_agreement_customers_on_monthly_settlement_pay_on_account(shop: Shop) -> None:
    for customer in (None, "AC-0004"):  # walk-in; agreement customer paying now (现结)
        with shop.store.unit_of_work() as session:
            cid = None if customer is None else customer_id(session, customer)
            held = book(session, segments=[seg(shop, "out")], passengers=adults(1),
                        customer_id=cid, clerk=shop.clerk, now=NOW)
        for method in ("on_account", "official_card", "unit_transfer"):
            with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
                ticket_booking(session, held.booking_id, [PaymentInput(method, held.quote.total)],
                               clerk=shop.clerk, now=NOW)
            assert caught.value.code == "payment_not_allowed"
            assert caught.value.params["method"] == method
        with shop.store.unit_of_work() as session:
            cancel_booking(session, held.booking_id, clerk=shop.clerk, now=NOW)


def test_gp_official_gets_the_gp_fare_and_the_booking_carries_the_order_number(
    shop: Shop,
) -> None:
    with shop.store.read() as session:
        unit = customer_id(session, "GP-SZ-002")
        official = traveller(session, "李慧芳")  # V4
        y = fare_of(session, shop.flight("out"))
        quotes = {
            cls: quote_trip(session, segments=[seg(shop, "out", cls)],
                            passengers=[official, ADULT], customer_id=unit, now=NOW)
            for cls in ("Y", "M", "W")
        }
    gp_y, companion_y = quotes["Y"].lines
    assert (gp_y.fare, gp_y.gp_applied) == (round_fare(y * Decimal("0.88")), True)  # 8.8折 of Y
    assert gp_y.gp_discount == y - gp_y.fare
    assert (companion_y.fare, companion_y.gp_applied) == (y, False)  # not an official
    gp_m = quotes["M"].lines[0]
    assert gp_m.fare == round_fare(round_fare(y * Decimal("0.85")) * Decimal("0.95"))  # 9.5折
    gp_w = quotes["W"].lines[0]
    assert (gp_w.fare, gp_w.gp_applied) == (round_fare(y * Decimal("0.30")), False)  # promo
    assert quotes["Y"].passengers[0].gp_level == "V4"
    assert quotes["M"].rules[0].gp_easy_refund  # 85 % of Y: easy refund for GP officials

    before = snapshot(shop.store)
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        book(session, segments=[seg(shop, "out")], passengers=[official], customer_id=unit,
             clerk=shop.clerk, now=NOW)
    assert (caught.value.code, caught.value.field) == ("gp_order_required", "gp_order_no")
    assert snapshot(shop.store) == before

    sale = shop.sell("out", [official], customer_id=unit, gp_order_no="GP2026112300017",
                     method="official_card")
    assert sale.total == gp_y.total
    with shop.store.read() as session:
        booking = session.get(Booking, sale.booking_id)
        assert booking is not None
        assert (booking.gp_order_no, booking.customer_kind) == ("GP2026112300017", "gp_unit")
    assert outbox(shop)[0].payload["gp_order_no"] == "GP2026112300017"


def test_a_distributor_books_on_behalf_and_earns_a_commission_it_is_not_charged(
    shop: Shop,
) -> None:
    with shop.store.read() as session:
        agency = customer_id(session, "D-HET-002")  # 560 tickets a month: the 2.5 % tier
    walk_in = shop.quote([seg(shop, "out")], [ADULT])
    sale = shop.sell("out", [ADULT], customer_id=agency)
    assert sale.total == walk_in
    with shop.store.read() as session:
        booking = session.get(Booking, sale.booking_id)
        y = fare_of(session, shop.flight("out"))
        assert booking is not None
        assert booking.commission_fen == int(y * Decimal("2.5"))  # 2.5 % of the fare, in fen
    assert outbox(shop)[0].payload["commission"] == f"{y * Decimal('0.025'):.2f}"


def test_service_fee_comes_from_the_rule_table(shop: Shop) -> None:
    with shop.store.unit_of_work() as session:
        session.add(RuleDocument(name="service_fees", version="t1", payload={"fees": [
            {"effective_from": "2025-01-01", "customer_kind": "walk_in", "amount": "20.00"},
            {"effective_from": "2025-01-01", "customer_kind": "*", "amount": "0.00"},
        ]}))
    with shop.store.read() as session:
        q = quote_trip(session, segments=[seg(shop, "out"), seg(shop, "back")],
                       passengers=[ADULT, INFANT], now=NOW)
        ac = customer_id(session, "AC-0001")
        q_ac = quote_trip(session, segments=[seg(shop, "out")], passengers=[ADULT],
                          customer_id=ac, now=NOW)
    assert [line.service_fee for line in q.lines] == [20, 20, 0, 0]  # infants exempt
    assert all(line.total == line.fare + line.cn_fund + line.fuel + line.insurance
               + line.service_fee for line in q.lines)
    assert q_ac.lines[0].service_fee == 0
    sale = shop.sell([seg(shop, "out"), seg(shop, "back")], [ADULT, INFANT])
    assert sale.total == q.total


# --- holds ------------------------------------------------------------------------------------


def test_a_held_booking_past_its_deadline_is_released_and_its_seats_return(shop: Shop) -> None:
    with shop.store.unit_of_work() as session:
        held = book(session, segments=[seg(shop, "out"), seg(shop, "back")],
                    passengers=[ADULT, ADULT2, INFANT], customer_id=None, clerk=shop.clerk,
                    now=NOW, time_limit=timedelta(minutes=20))
    assert (used(shop, "out"), used(shop, "back")) == (2, 2)
    late = NOW + timedelta(minutes=21)
    with shop.store.read() as session:
        [row] = held_bookings(session, late)
        assert row.expired
        assert row.minutes_left == 0
        assert row.flights == ("CA1144", "CA1143")
        assert seats_left_offline(session, shop.flight("out"), "Y", NOW) == 7
    before = snapshot(shop.store)
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        ticket_booking(session, held.booking_id, [PaymentInput("cash", held.quote.total)],
                       clerk=shop.clerk, now=late)
    assert caught.value.code == "booking_expired"
    assert snapshot(shop.store) == before
    with shop.store.unit_of_work() as session:
        assert release_expired(session, NOW + timedelta(minutes=19)) == []
        assert release_expired(session, late) == [held.pnr]
    assert (used(shop, "out"), used(shop, "back")) == (0, 0)
    with shop.store.read() as session:
        booking = session.get(Booking, held.booking_id)
        assert booking is not None
        assert booking.status == "cancelled"
        assert held_bookings(session, late) == []
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        ticket_booking(session, held.booking_id, [PaymentInput("cash", held.quote.total)],
                       clerk=shop.clerk, now=late)
    assert caught.value.code == "booking_not_held"


def test_the_deadline_is_never_later_than_two_hours_before_departure(shop: Shop) -> None:
    with shop.store.unit_of_work() as session:
        held = book(session, segments=[seg(shop, "tomorrow")], passengers=[ADULT],
                    customer_id=None, clerk=shop.clerk, now=NOW, time_limit=timedelta(days=2))
        dep = departure(session, shop.flight("tomorrow"))
    assert held.ticketing_deadline == dep - timedelta(hours=2)
    # Booked inside those 2 h: ticket before departure, within the limit.
    late = dep - timedelta(hours=1)
    with shop.store.unit_of_work() as session:
        again = book(session, segments=[seg(shop, "tomorrow")], passengers=[ADULT2],
                     customer_id=None, clerk=shop.clerk, now=late)
    assert again.ticketing_deadline == late + timedelta(minutes=30)


def test_cancelling_a_hold_gives_its_seats_back(shop: Shop) -> None:
    with shop.store.unit_of_work() as session:
        held = book(session, segments=[seg(shop, "out")], passengers=adults(3),
                    customer_id=None, clerk=shop.clerk, now=NOW)
    assert used(shop, "out") == 3
    with shop.store.unit_of_work() as session:
        cancelled = cancel_booking(session, held.booking_id, clerk=shop.clerk, now=NOW)
    assert (cancelled.pnr, cancelled.seats_released, used(shop, "out")) == (held.pnr, 3, 0)


def test_a_fare_that_changed_since_the_quote_is_refused_until_the_new_quote_is_accepted(
    shop: Shop,
) -> None:
    with shop.store.unit_of_work() as session:
        held = book(session, segments=[seg(shop, "out")], passengers=[ADULT], customer_id=None,
                    clerk=shop.clerk, now=NOW)
        session.execute(update(Flight).where(Flight.id == shop.flight("out"))
                        .values(y_fare_fen=Flight.y_fare_fen + 10_000))  # +100 yuan, synced
    before = snapshot(shop.store)
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        ticket_booking(session, held.booking_id, [PaymentInput("cash", held.quote.total)],
                       clerk=shop.clerk, now=NOW)
    new_total = held.quote.total + 100
    assert caught.value.code == "fare_changed"
    assert caught.value.params == {"old": f"{held.quote.total:.2f}", "new": f"{new_total:.2f}",
                                   "pnr": held.pnr}
    assert snapshot(shop.store) == before
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        ticket_booking(session, held.booking_id, [PaymentInput("cash", held.quote.total)],
                       clerk=shop.clerk, now=NOW, accept_new_quote=True)
    assert caught.value.code == "payment_total_mismatch"  # the old amount no longer covers it
    with shop.store.unit_of_work() as session:
        issued = ticket_booking(session, held.booking_id, [PaymentInput("cash", new_total)],
                                clerk=shop.clerk, now=NOW, accept_new_quote=True)
    assert issued.quote_changed
    assert issued.total == new_total
    with shop.store.read() as session:
        [t] = session.scalars(select(Ticket)).all()
        assert t.total_fen == int(new_total * 100)


# --- finding again ----------------------------------------------------------------------------


def test_any_booking_is_found_by_locator_ticket_id_name_pinyin_or_phone(shop: Shop) -> None:
    sale = shop.sell("out", [ADULT, CHILD])
    other = shop.sell("back", [ADULT2])
    number = sale.tickets[1].ticket_number
    with shop.store.read() as session:
        for text in (sale.pnr, sale.pnr.lower(), number, number.replace("-", ""),
                     ADULT.id_number, "张伟", "张小", "zhangwei", "ZHANG XIAO", "13800000001"):
            found = find_bookings(session, text)
            assert [b.pnr for b in found] == [sale.pnr], text
        assert [b.pnr for b in find_bookings(session, "李娜")] == [other.pnr]
        assert find_bookings(session, "nobody") == []
        assert find_bookings(session, "  ") == []
        summary = find_bookings(session, sale.pnr)[0]
        assert summary.passengers == ("张伟", "张小明")
        assert summary.ticket_numbers == tuple(t.ticket_number for t in sale.tickets)
        assert summary.flights[0].startswith("CA1144 HET-PEK")


def test_the_same_traveller_is_found_again_from_earlier_bookings(shop: Shop) -> None:
    first = PassengerInput("王芳", "NI", ADULT2.id_number, mobile="13600000006",
                           ffp_number="CA000111")
    shop.sell("out", [first])
    with shop.store.read() as session:
        for text in ("王芳", "wangfang", ADULT2.id_number, "13600000006"):
            found = known_travellers(session, text)
            assert [(k.name, k.id_number, k.mobile, k.ffp_number) for k in found] == [
                ("王芳", ADULT2.id_number, "13600000006", "CA000111")], text
        # Customers' traveller lists are searched too (an agreement customer's employee).
        [k] = known_travellers(session, "刘建军")
        assert k.traveller_id is not None
        assert k.last_booked is None


# --- refusals ---------------------------------------------------------------------------------


def _close_class(session: Session, shop: Shop) -> None:
    from counter_app.storage.models import CabinInventory

    session.execute(update(CabinInventory).where(
        CabinInventory.flight_id == shop.flight("out"), CabinInventory.cabin == "Y")
        .values(closed_classes="BM"))


def _lease_full(session: Session, shop: Shop) -> None:
    session.execute(update(Lease).where(Lease.lease_id == "lease-out").values(used_local=8))


def _no_lease(session: Session, shop: Shop) -> None:
    session.execute(update(Lease).where(Lease.lease_id == "lease-back")
                    .values(status="released"))


BAD_ID = PassengerInput("张伟", "NI", "110105194912310021")
CHILD_AS_ADULT = PassengerInput(CHILD.name, "NI", CHILD.id_number,
                                passenger_type=PassengerType.ADULT)
BOOK_REFUSALS = [
    ("too_many_passengers", None, {"passengers": adults(10)}, "too_many_passengers"),
    ("infant_alone", None, {"passengers": [INFANT]}, "infant_without_adult"),
    ("two_infants_one_adult", None, {"passengers": [ADULT, INFANT, INFANT2]},
     "two_infants_one_adult"),
    ("explicit_two_on_one", None, {"passengers": [
        ADULT, ADULT2, PassengerInput(INFANT.name, "NI", INFANT.id_number, infant_of=0),
        PassengerInput(INFANT2.name, "NI", INFANT2.id_number, infant_of=0)]},
     "two_infants_one_adult"),
    ("child_on_adult_fare", None, {"passengers": [ADULT, CHILD_AS_ADULT]}, "fare_type_mismatch"),
    ("wrong_id", None, {"passengers": [BAD_ID]}, "id_check"),
    ("passport_name", None, {"passengers": [PassengerInput("SMITH JOHN", "PP", "E1234567")]},
     "name_format"),
    ("same_person_twice", None, {"passengers": [ADULT, ADULT]}, "duplicate_passenger"),
    ("bad_mobile", None, {"passengers": [PassengerInput(ADULT.name, "NI", ADULT.id_number,
                                                        mobile="12345")]}, "mobile_format"),
    ("class_closed", _close_class, {"class_code": "M"}, "class_closed"),
    ("sold_out_offline", _lease_full, {"passengers": adults(2)}, "offline_seats_exhausted"),
    ("outside_the_allotment", _no_lease, {"label": "back"}, "needs_head_office"),
    ("departed", None, {"label": "tomorrow", "now": NOW + timedelta(days=2)}, "flight_departed"),
    ("unknown_class", None, {"class_code": "@"}, "unknown_fare_class"),
    ("unknown_customer", None, {"customer_id": "nobody"}, "customer_not_found"),
    ("segments_out_of_order", None, {"label": ["back", "out"]}, "segment_order"),
]


@pytest.mark.parametrize(("case", "prepare", "kwargs", "code"), BOOK_REFUSALS,
                         ids=[r[0] for r in BOOK_REFUSALS])
def test_every_booking_refusal_writes_nothing_even_if_the_caller_commits(
    shop: Shop, case: str, prepare: object, kwargs: dict[str, object], code: str,
) -> None:
    if prepare is not None:
        with shop.store.unit_of_work() as session:
            prepare(session, shop)  # type: ignore[operator]
    before = snapshot(shop.store)
    labels = kwargs.get("label", "out")
    labels = [labels] if isinstance(labels, str) else labels
    class_code = str(kwargs.get("class_code", "Y"))
    segments = [SegmentChoice(shop.flight(str(label)), class_code) for label in labels]
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        book(session, segments=segments,
             passengers=kwargs.get("passengers", [ADULT]),  # type: ignore[arg-type]
             customer_id=kwargs.get("customer_id"),  # type: ignore[arg-type]
             clerk=shop.clerk, now=kwargs.get("now", NOW))  # type: ignore[arg-type]
    assert caught.value.code == code, case
    assert caught.value.field
    assert snapshot(shop.store) == before


TICKET_REFUSALS = [
    ("cash_short", [("cash", None, "1.00")], "cash_short", "tendered"),
    ("split_short", [("cash", "100.00", None), ("bank_card", "100.00", None)],
     "payment_total_mismatch", "payments"),
    ("no_payment", [], "payment_total_mismatch", "payments"),
    ("unknown_method", [("bitcoin", None, None)], "payment_method_unknown", "payments"),
    ("gp_only_method", [("unit_transfer", None, None)], "payment_not_allowed", "payments"),
    ("zero_payment", [("cash", "0.00", None)], "payment_amount", "payments"),
]


@pytest.mark.parametrize(("case", "pays", "code", "field"), TICKET_REFUSALS,
                         ids=[r[0] for r in TICKET_REFUSALS])
def test_every_payment_refusal_writes_nothing(
    shop: Shop, case: str, pays: list[tuple[str, str | None, str | None]], code: str, field: str,
) -> None:
    with shop.store.unit_of_work() as session:
        held = book(session, segments=[seg(shop, "out")], passengers=[ADULT], customer_id=None,
                    clerk=shop.clerk, now=NOW)
    payments = [
        PaymentInput(method, held.quote.total if amount is None else Decimal(amount),
                     tendered=None if tendered is None else Decimal(tendered))
        for method, amount, tendered in pays
    ]
    before = snapshot(shop.store)
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        ticket_booking(session, held.booking_id, payments, clerk=shop.clerk, now=NOW)
    assert (caught.value.code, caught.value.field) == (code, field), case
    assert snapshot(shop.store) == before


def test_split_payment_and_the_ticket_range_running_out(shop: Shop) -> None:
    from counter_app.storage.models import NumberRange

    with shop.store.unit_of_work() as session:
        held = book(session, segments=[seg(shop, "out")], passengers=adults(2),
                    customer_id=None, clerk=shop.clerk, now=NOW)
        session.execute(update(NumberRange).where(NumberRange.prefix == "999")
                        .values(next_number=NumberRange.last))  # one number left
    total = held.quote.total
    pays = [PaymentInput("cash", Decimal("500.00"), tendered=Decimal("500.00")),
            PaymentInput("bank_card", total - 500, reference="POS 0042")]
    counts = count_rows(shop.store, "tickets", "payments", "outbox")
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        ticket_booking(session, held.booking_id, pays, clerk=shop.clerk, now=NOW)
    assert caught.value.code == "ticket_range_exhausted"
    assert count_rows(shop.store, "tickets", "payments", "outbox") == counts
    with shop.store.unit_of_work() as session:
        session.execute(update(NumberRange).where(NumberRange.prefix == "999")
                        .values(next_number=NumberRange.first))
    with shop.store.unit_of_work() as session:
        issued = ticket_booking(session, held.booking_id, pays, clerk=shop.clerk, now=NOW)
    assert issued.paid == (("cash", Decimal("500.00")), ("bank_card", total - 500))
    assert issued.change_due == 0
    assert outbox(shop)[0].payload["payments"] == [
        {"method": "cash", "amount": "500.00"},
        {"method": "bank_card", "amount": f"{total - 500:.2f}"},
    ]


def test_a_hold_refuses_a_price_that_moved_since_the_traveller_was_told(shop: Shop) -> None:
    told = shop.quote([seg(shop, "out")], [ADULT])
    with shop.store.unit_of_work() as session:
        session.execute(update(Flight).where(Flight.id == shop.flight("out"))
                        .values(y_fare_fen=Flight.y_fare_fen + 5_000))
    before = snapshot(shop.store)
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        book(session, segments=[seg(shop, "out")], passengers=[ADULT], customer_id=None,
             clerk=shop.clerk, now=NOW, quoted_total=told)
    assert caught.value.code == "fare_changed"
    assert caught.value.params["new"] == f"{told + 50:.2f}"
    assert snapshot(shop.store) == before
