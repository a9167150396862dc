"""After the sale: voids and the day close, refunds by the original channels, changes with
fee and fare difference, name corrections; each refusal leaves nothing behind."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sales_support import (
    ADULT,
    ADULT2,
    CHILD,
    INFANT,
    NOW,
    SUPERVISOR,
    Shop,
    count_rows,
    departure,
    snapshot,
)
from sqlalchemy import func, select, update

from counter_app.domain.errors import DomainError
from counter_app.domain.fees import FeeRule
from counter_app.printing.refund_slip import refund_slip_document
from counter_app.services.after_sale import (
    change,
    correct_name,
    day_close,
    quote_change,
    quote_refund,
    refund,
    refund_slip,
    void_tickets,
)
from counter_app.services.booking import (
    Override,
    PassengerInput,
    PaymentInput,
    SegmentChoice,
    book,
    booking_detail,
    find_bookings,
    ticket_booking,
)
from counter_app.storage.models import (
    AuditEntry,
    Booking,
    BookingPassenger,
    Coupon,
    Lease,
    OutboxEntry,
    Payment,
    Ticket,
)
from counter_app.sync.protocol import DayClose, SaleChange, SaleRefund, SaleVoid, TicketName

FIRST = 2_090_000_000
AFTER_SALE_TABLES = ("tickets", "coupons", "payments", "refunds", "ticket_changes",
                     "day_closes", "outbox", "booking_segments", "audit_log")


def used(shop: Shop, label: str) -> int:
    with shop.store.read() as session:
        lease = session.get(Lease, shop.lease_ids[label])
        assert lease is not None
        return lease.used_local


def last_op(shop: Shop) -> OutboxEntry:
    with shop.store.read() as session:
        entry = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc())).first()
        assert entry is not None
        session.expunge(entry)
    return entry


def sell_split(shop: Shop, passengers: list[PassengerInput], cash: Decimal,
               label: str = "out", class_code: str = "Y") -> object:
    """A sale paid partly in cash, the rest by bank card."""
    with shop.store.unit_of_work() as session:
        held = book(session, segments=[SegmentChoice(shop.flight(label), class_code)],
                    passengers=passengers, customer_id=None, clerk=shop.clerk, now=NOW)
    with shop.store.unit_of_work() as session:
        return ticket_booking(
            session, held.booking_id,
            [PaymentInput("cash", cash),
             PaymentInput("bank_card", held.quote.total - cash, reference="POS 000118")],
            clerk=shop.clerk, now=NOW)


def net_paid(shop: Shop, booking_id: str) -> dict[str, int]:
    with shop.store.read() as session:
        return {m: int(a) for m, a in session.execute(
            select(Payment.method, func.sum(Payment.amount_fen))
            .where(Payment.booking_id == booking_id).group_by(Payment.method))}


# --- void and day close -----------------------------------------------------------------------


def test_void_on_the_day_returns_the_money_by_its_channels_and_the_seats(shop: Shop) -> None:
    sale = sell_split(shop, [ADULT, ADULT2], Decimal("500.00"))
    assert used(shop, "out") == 2
    numbers = [t.ticket_number for t in sale.tickets]  # type: ignore[attr-defined]
    with shop.store.unit_of_work() as session:
        voided = void_tickets(session, numbers, reason="旅客取消行程", clerk=shop.clerk,
                              now=NOW + timedelta(hours=3))
    assert voided.seats_released == 2
    assert sum(a for _m, a in voided.returned) == sale.total  # type: ignore[attr-defined]
    assert dict(voided.returned)["cash"] == Decimal("500.00")
    assert net_paid(shop, voided.booking_id) == {"cash": 0, "bank_card": 0}
    assert used(shop, "out") == 0
    with shop.store.read() as session:
        booking = session.get(Booking, voided.booking_id)
        assert booking is not None
        assert booking.status == "void"
        assert {c.status for c in session.scalars(select(Coupon))} == {"V"}
    op = last_op(shop)
    assert op.kind == "sale.void"
    assert op.payload == {"sale_id": voided.booking_id, "ticket_numbers": numbers,
                          "reason": "旅客取消行程"}
    SaleVoid.model_validate(op.payload)
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        void_tickets(session, numbers, reason="again", clerk=shop.clerk, now=NOW)
    assert caught.value.code == "coupon_status" or caught.value.code == "ticket_void"


def test_void_of_one_passenger_and_the_infant_on_their_lap(shop: Shop) -> None:
    sale = shop.sell("out", [ADULT, INFANT, ADULT2])
    adult, infant, other = (t.ticket_number for t in sale.tickets)
    before = snapshot(shop.store)
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        void_tickets(session, [adult], reason="不走了", clerk=shop.clerk, now=NOW)
    assert (caught.value.code, caught.value.params["infant"]) == ("infant_without_adult", "张宝宝")
    assert snapshot(shop.store) == before
    with shop.store.unit_of_work() as session:
        void_tickets(session, [infant, adult], reason="不走了", clerk=shop.clerk, now=NOW)
    assert used(shop, "out") == 1
    with shop.store.read() as session:
        booking = session.get(Booking, sale.booking_id)
        assert booking is not None
        assert booking.status == "ticketed"  # the other passenger still flies
        assert session.scalars(select(Ticket.status).where(Ticket.ticket_number == other)).one() \
            == "issued"


def test_day_close_once_then_no_void_of_that_day(shop: Shop) -> None:
    sale = shop.sell("out", [ADULT])
    number = sale.tickets[0].ticket_number
    with shop.store.unit_of_work() as session:
        closed = day_close(session, shop.clerk, NOW + timedelta(hours=8))  # 18:00 in Beijing
    assert (closed.business_date, closed.outlet_code, closed.tickets_issued) == (
        NOW.date(), "HET001", 1)
    assert closed.payments == {"cash": sale.total}
    op = last_op(shop)
    assert op.kind == "day.close"
    assert op.payload["business_date"] == NOW.date().isoformat()
    DayClose.model_validate(op.payload)
    before = snapshot(shop.store)
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        void_tickets(session, [number], reason="晚了", clerk=shop.clerk,
                     now=NOW + timedelta(hours=9))
    assert caught.value.code == "void_after_day_close"
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        day_close(session, shop.clerk, NOW + timedelta(hours=9))
    assert caught.value.code == "day_already_closed"
    assert snapshot(shop.store) == before
    # The old single-flight void respects the close too.
    from counter_app.services.after_sale import void_sale

    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        void_sale(session, sale.booking_id, reason="晚了", clerk_login="wangli",
                  clerk_id=shop.clerk.clerk_id, now=NOW, server_now=NOW)
    assert caught.value.code == "void_after_day_close"


def test_void_the_next_day_is_refused_refund_instead(shop: Shop) -> None:
    sale = shop.sell("out", [ADULT])
    counts = count_rows(shop.store, *AFTER_SALE_TABLES)
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        void_tickets(session, [sale.tickets[0].ticket_number], reason="x", clerk=shop.clerk,
                     now=NOW + timedelta(hours=16))  # after midnight in Beijing
    assert caught.value.code == "void_not_same_day"
    assert count_rows(shop.store, *AFTER_SALE_TABLES) == counts


def test_a_ticket_sold_at_another_counter_needs_head_office(shop: Shop) -> None:
    elsewhere = "999-2091234567"
    counts = count_rows(shop.store, *AFTER_SALE_TABLES)
    with shop.store.unit_of_work() as session:
        for attempt in (
            lambda: void_tickets(session, [elsewhere], reason="x", clerk=shop.clerk, now=NOW),
            lambda: quote_refund(session, elsewhere, "voluntary", NOW),
            lambda: refund(session, elsewhere, "voluntary", clerk=shop.clerk, now=NOW),
            lambda: quote_change(session, elsewhere, 1, shop.flight("later"), "Y", NOW),
            lambda: correct_name(session, elsewhere, "张伟", clerk=shop.clerk, now=NOW,
                                 override=None),
        ):
            with pytest.raises(DomainError) as caught:
                attempt()
            assert caught.value.code == "needs_head_office"
            assert caught.value.field == "ticket_number"
            assert caught.value.params["queue_request"] is True
            assert caught.value.params["ticket_number"] == elsewhere
        with pytest.raises(DomainError) as caught:
            quote_refund(session, "12345", "voluntary", NOW)
        assert caught.value.code == "ticket_format"
    assert count_rows(shop.store, *AFTER_SALE_TABLES) == counts


# --- refund -----------------------------------------------------------------------------------


def test_refund_returns_the_money_by_the_original_channels_in_proportion(shop: Shop) -> None:
    insured = PassengerInput(ADULT.name, "NI", ADULT.id_number, insurance_units=1)
    sale = sell_split(shop, [insured, ADULT2], Decimal("600.00"), class_code="M")
    total = sale.total  # type: ignore[attr-defined]
    number = sale.tickets[0].ticket_number  # type: ignore[attr-defined]
    asked = NOW + timedelta(days=5)  # 4.x days before departure: the 48 h–7 d window
    with shop.store.read() as session:
        q = quote_refund(session, number, "voluntary", asked)
    [line] = q.lines
    face = line.face_fare
    assert (line.fee_rule, line.fee_percent) == (FeeRule.STANDARD, Decimal(10))  # CA discount
    assert line.fee == (face / 10).quantize(Decimal("1"), ROUND_HALF_UP)
    assert (line.cn_fund_back, line.fuel_back, line.insurance_back) == (50, 10, 20)
    assert q.amount == face - line.fee + 80
    cash_share = (q.amount * 600 / total).quantize(Decimal("0.01"))
    channels = dict(q.channels)
    assert abs(channels["cash"] - cash_share) <= Decimal("0.01")
    assert channels["cash"] + channels["bank_card"] == q.amount

    with shop.store.unit_of_work() as session:
        done = refund(session, number, "voluntary", clerk=shop.clerk, now=asked)
    assert done.quote == q
    assert done.seats_released == 1
    assert used(shop, "out") == 1
    with shop.store.read() as session:
        rows = session.scalars(select(Payment).where(Payment.kind == "refund")).all()
        assert sorted((p.method, p.amount_fen) for p in rows) == sorted(
            (m, -int(a * 100)) for m, a in q.channels)
        assert {p.ticket_number for p in rows} == {number}
        ticket = session.scalars(select(Ticket).where(Ticket.ticket_number == number)).one()
        assert ticket.status == "refunded"
        assert {c.status for c in session.scalars(
            select(Coupon).where(Coupon.ticket_id == ticket.id))} == {"R"}
        booking = session.get(Booking, done.quote.booking_id)
        assert booking is not None
        assert booking.status == "ticketed"  # the second passenger still flies
    op = last_op(shop)
    assert op.kind == "sale.refund"
    assert op.payload["coupons"] == [1]
    assert op.payload["amount"] == f"{q.amount:.2f}"
    assert op.payload["fee"] == f"{q.fee:.2f}"
    SaleRefund.model_validate(op.payload)
    before = snapshot(shop.store)
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        refund(session, number, "voluntary", clerk=shop.clerk, now=asked)
    assert caught.value.code == "already_refunded"
    assert snapshot(shop.store) == before

    # The refund slip (退票单) says the same, read back from its PDF.
    with shop.store.read() as session:
        slip = refund_slip(session, done.refund_id)
    assert (slip.ticket_number, slip.fee, slip.refunded, slip.reason) == (
        number, q.fee, q.amount, "voluntary")
    assert dict(slip.back_to) == {"现金": channels["cash"], "银行卡": channels["bank_card"]}
    [coupon] = slip.coupons
    assert (coupon.fare, coupon.fee, coupon.amount, coupon.insurance_back) == (
        face, line.fee, q.amount, 20)
    assert "10%" in coupon.rule
    pdf = refund_slip_document(slip).pdf
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-", "-"], input=pdf,
                                              capture_output=True, check=True).stdout.decode())
    for value in ("退票单", number, slip.pnr, ADULT.name, "自愿退票", f"{q.fee:.2f}",
                  f"{q.amount:.2f}", f"{channels['cash']:.2f}", "现金", "银行卡",
                  slip.clerk_name, "旅客签字", "经办人签字"):
        assert value in text, value
    with shop.store.read() as session, pytest.raises(DomainError) as caught:
        refund_slip(session, "no-such-refund")
    assert caught.value.code == "refund_not_found"


def test_a_used_coupon_is_not_refunded_the_unflown_one_is(shop: Shop) -> None:
    sale = shop.sell([SegmentChoice(shop.flight("out"), "Y"),
                      SegmentChoice(shop.flight("back"), "Y")], [ADULT])
    number = sale.tickets[0].ticket_number
    with shop.store.unit_of_work() as session:  # the outbound was flown (reported by sync)
        ticket = session.scalars(select(Ticket).where(Ticket.ticket_number == number)).one()
        session.execute(update(Coupon).where(Coupon.ticket_id == ticket.id, Coupon.seq == 1)
                        .values(status="F"))
        out_dep = departure(session, shop.flight("out"))
    after_flight = out_dep + timedelta(hours=30)
    before = snapshot(shop.store)
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        refund(session, number, "voluntary", clerk=shop.clerk, now=after_flight,
               coupon_seqs=[1, 2])
    assert (caught.value.code, caught.value.params["seq"]) == ("coupon_used", 1)
    assert snapshot(shop.store) == before
    with shop.store.unit_of_work() as session:
        done = refund(session, number, "voluntary", clerk=shop.clerk, now=after_flight)
    assert done.quote.coupon_seqs == (2,)
    assert (used(shop, "out"), used(shop, "back")) == (1, 0)


def test_insurance_is_refunded_only_before_departure(shop: Shop) -> None:
    insured = PassengerInput(ADULT.name, "NI", ADULT.id_number, insurance_units=3)
    sale = shop.sell("tomorrow", [insured])
    with shop.store.read() as session:
        dep = departure(session, shop.flight("tomorrow"))
        before = quote_refund(session, sale.tickets[0].ticket_number, "voluntary",
                              dep - timedelta(minutes=1))
        after = quote_refund(session, sale.tickets[0].ticket_number, "voluntary",
                             dep + timedelta(minutes=1))
    assert before.lines[0].insurance_back == 60
    assert after.lines[0].insurance_back == 0
    assert after.lines[0].cn_fund_back == 50  # taxes of an unflown coupon come back


def test_refunding_an_adult_whose_infant_stays_is_refused(shop: Shop) -> None:
    sale = shop.sell("out", [ADULT, INFANT])
    counts = count_rows(shop.store, *AFTER_SALE_TABLES)
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        refund(session, sale.tickets[0].ticket_number, "voluntary", clerk=shop.clerk, now=NOW)
    assert caught.value.code == "infant_without_adult"
    assert count_rows(shop.store, *AFTER_SALE_TABLES) == counts
    with shop.store.unit_of_work() as session:
        refund(session, sale.tickets[1].ticket_number, "voluntary", clerk=shop.clerk, now=NOW)
        refund(session, sale.tickets[0].ticket_number, "voluntary", clerk=shop.clerk, now=NOW)
    with shop.store.read() as session:
        booking = session.get(Booking, sale.booking_id)
        assert booking is not None
        assert booking.status == "refunded"
    assert net_paid(shop, sale.booking_id) == {"cash": 0}  # fee 0 at 10 days out on Y


# --- change -----------------------------------------------------------------------------------


def test_change_of_date_and_class_pays_the_difference_and_the_fee(shop: Shop) -> None:
    sale = shop.sell("out", [ADULT, ADULT2], class_code="M")
    number = sale.tickets[0].ticket_number
    asked = NOW + timedelta(days=5)  # 48 h–7 d before: the CA discount ladder's 5 % change
    with shop.store.read() as session:
        q = quote_change(session, number, 1, shop.flight("later"), "Y", asked)
    assert (q.old_class, q.new_class, q.same_class) == ("M", "Y", False)
    assert q.fee.rule is FeeRule.STANDARD
    assert q.fee.percent == 5
    assert q.fee.amount == (q.old_face_fare * Decimal("0.05")).quantize(Decimal("1"),
                                                                         ROUND_HALF_UP)
    assert q.fee.fare_difference == q.new_face_fare - q.old_face_fare > 0
    due = q.total_due
    before = snapshot(shop.store)
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        change(session, number, 1, shop.flight("later"), "Y", [PaymentInput("cash", due - 1)],
               clerk=shop.clerk, now=asked)
    assert caught.value.code == "payment_total_mismatch"
    assert snapshot(shop.store) == before

    with shop.store.unit_of_work() as session:
        done = change(session, number, 1, shop.flight("later"), "Y",
                      [PaymentInput("bank_card", due)], clerk=shop.clerk, now=asked)
    assert done.old_ticket_number == number
    assert done.new_ticket_number == f"999-{FIRST + 2:010d}"  # the next number of the range
    assert (used(shop, "out"), used(shop, "later")) == (1, 1)
    with shop.store.read() as session:
        detail = booking_detail(session, sale.booking_id)
        by_number = {t.ticket_number: t for t in detail.tickets}
        old, new = by_number[number], by_number[done.new_ticket_number]
        assert (old.status, [c.status for c in old.coupons]) == ("exchanged", ["E"])
        assert (new.status, new.exchanged_from) == ("issued", number)
        [coupon] = new.coupons
        assert (coupon.status, coupon.flight_id, coupon.class_code) == (
            "O", shop.flight("later"), "Y")
        assert coupon.fare == q.old_face_fare + q.fee.fare_difference
        assert ("change", "bank_card", due) in detail.payments
        assert [b.pnr for b in find_bookings(session, done.new_ticket_number)] == [sale.pnr]
    op = last_op(shop)
    assert op.kind == "sale.change"
    assert op.payload["new_segment"]["lease_id"] == "lease-later"
    assert op.payload["fee"] == f"{q.fee.amount:.2f}"
    SaleChange.model_validate(op.payload)
    # The new ticket is refunded on its own fare (the old fare plus the difference paid).
    with shop.store.read() as session:
        r = quote_refund(session, done.new_ticket_number, "voluntary", asked)
    assert r.lines[0].face_fare == q.new_face_fare


def test_change_to_a_cheaper_class_gets_nothing_back_and_gp_easy_pays_only_the_difference(
    shop: Shop,
) -> None:
    sale = shop.sell("out", [ADULT])
    with shop.store.read() as session:
        cheaper = quote_change(session, sale.tickets[0].ticket_number, 1, shop.flight("later"),
                               "M", NOW + timedelta(days=5))
    assert cheaper.new_face_fare < cheaper.old_face_fare
    assert cheaper.fee.fare_difference == 0
    assert cheaper.fee.percent == 5  # the full-fare ladder's change fee, nothing back


def test_an_involuntary_change_is_free_even_into_a_dearer_class(shop: Shop) -> None:
    sale = shop.sell("out", [ADULT], class_code="M")
    with shop.store.read() as session:
        q = quote_change(session, sale.tickets[0].ticket_number, 1, shop.flight("later"), "Y",
                         NOW + timedelta(days=9), reason="involuntary")
    assert (q.fee.rule, q.fee.amount, q.fee.fare_difference, q.total_due) == (
        FeeRule.INVOLUNTARY, 0, 0, 0)
    with shop.store.unit_of_work() as session:
        done = change(session, sale.tickets[0].ticket_number, 1, shop.flight("later"), "Y", [],
                      clerk=shop.clerk, now=NOW + timedelta(days=9), reason="involuntary")
    assert done.paid == ()


CHANGE_REFUSALS = [
    ("other_route", {"label": "back"}, "change_route"),
    ("same_flight_and_class", {"label": "out"}, "change_nothing"),
    ("departed_flight", {"label": "tomorrow", "now": NOW + timedelta(days=1, hours=6)},
     "flight_departed"),
    ("unknown_class", {"class_code": "@"}, "unknown_fare_class"),
    ("bad_reason", {"reason": "because"}, "refund_reason"),
    ("no_coupon_3", {"seq": 3}, "coupon_unknown"),
]


@pytest.mark.parametrize(("case", "kwargs", "code"), CHANGE_REFUSALS,
                         ids=[r[0] for r in CHANGE_REFUSALS])
def test_every_change_refusal_writes_nothing(
    shop: Shop, case: str, kwargs: dict[str, object], code: str,
) -> None:
    sale = shop.sell("out", [ADULT])
    before = snapshot(shop.store)
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        change(session, sale.tickets[0].ticket_number, int(kwargs.get("seq", 1)),  # type: ignore[call-overload]
               shop.flight(str(kwargs.get("label", "later"))), str(kwargs.get("class_code", "Y")),
               [], clerk=shop.clerk, now=kwargs.get("now", NOW),  # type: ignore[arg-type]
               reason=str(kwargs.get("reason", "voluntary")))
    assert caught.value.code == code, case
    assert snapshot(shop.store) == before


def test_change_needs_head_office_outside_the_allotment_and_refuses_a_departed_flight(
    shop: Shop,
) -> None:
    sale = shop.sell("out", [ADULT])
    number = sale.tickets[0].ticket_number
    with shop.store.unit_of_work() as session:
        session.execute(update(Lease).where(Lease.lease_id == "lease-later")
                        .values(status="released"))
        later_dep = departure(session, shop.flight("later"))
    before = snapshot(shop.store)
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        change(session, number, 1, shop.flight("later"), "Y", [], clerk=shop.clerk, now=NOW)
    assert caught.value.code == "needs_head_office"
    assert caught.value.params["queue_request"] is True
    with shop.store.read() as session, pytest.raises(DomainError) as caught:
        quote_change(session, number, 1, shop.flight("later"), "Y",
                     later_dep + timedelta(minutes=1))
    assert caught.value.code == "flight_departed"
    assert snapshot(shop.store) == before


def test_an_adult_and_the_infant_on_their_lap_change_together_in_one_step(shop: Shop) -> None:
    sale = shop.sell("out", [ADULT, INFANT])
    adult, infant = (t.ticket_number for t in sale.tickets)
    before = snapshot(shop.store)
    # Either one alone is refused, with what to do instead; nothing is written.
    with shop.store.read() as session, pytest.raises(DomainError) as caught:
        quote_change(session, adult, 1, shop.flight("later"), "Y", NOW)
    assert (caught.value.code, caught.value.params["infant"]) == ("change_with_infant", "张宝宝")
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        change(session, infant, 1, shop.flight("later"), "Y", [], clerk=shop.clerk, now=NOW)
    assert (caught.value.code, caught.value.params["adult"]) == ("infant_change_alone", "张伟")
    assert snapshot(shop.store) == before

    with shop.store.read() as session:
        q = quote_change(session, adult, 1, shop.flight("later"), "Y", NOW, with_infant=True)
    assert q.infant is not None
    assert (q.infant.ticket_number, q.infant.new_flight_id, q.infant.new_class) == (
        infant, shop.flight("later"), "Y")
    assert q.total_due == q.fee.total + q.infant.fee.total
    with shop.store.unit_of_work() as session:
        done = change(session, adult, 1, shop.flight("later"), "Y",
                      [PaymentInput("cash", q.total_due)] if q.total_due else [],
                      clerk=shop.clerk, now=NOW, with_infant=True)
    assert done.infant is not None
    assert done.infant.old_ticket_number == infant
    assert (done.new_ticket_number, done.infant.new_ticket_number) == (
        f"999-{FIRST + 2:010d}", f"999-{FIRST + 3:010d}")
    assert (used(shop, "out"), used(shop, "later")) == (0, 1)  # the infant took no seat
    with shop.store.read() as session:
        detail = booking_detail(session, sale.booking_id)
        open_coupons = {t.ticket_number: [(c.flight_id, c.status) for c in t.coupons]
                        for t in detail.tickets if t.status == "issued"}
        # One payment for both.
        assert [p for p in detail.payments if p[0] == "change"] == (
            [("change", "cash", q.total_due)] if q.total_due else [])
    assert open_coupons == {done.new_ticket_number: [(shop.flight("later"), "O")],
                            done.infant.new_ticket_number: [(shop.flight("later"), "O")]}
    with shop.store.read() as session:
        ops = session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "sale.change")
                              .order_by(OutboxEntry.seq)).all()
        payloads = [op.payload for op in ops]
    # Two ops, the adult's first; each is one head office accepts.
    assert [(p["old_ticket_number"], p["passenger_type"]) for p in payloads] == [
        (adult, "ADT"), (infant, "INF")]
    for payload in payloads:
        SaleChange.model_validate(payload)
    assert payloads[1]["payments"] == []
    # Moved, the infant stays with the adult: the adult alone cannot leave it behind.
    with shop.store.read() as session, pytest.raises(DomainError) as caught:
        quote_change(session, done.new_ticket_number, 1, shop.flight("out"), "Y", NOW)
    assert caught.value.code == "change_with_infant"


# --- name correction --------------------------------------------------------------------------


def test_name_corrections_only_a_typo_and_only_with_a_supervisor(shop: Shop) -> None:
    sale = shop.sell("out", [ADULT])
    number = sale.tickets[0].ticket_number
    before = snapshot(shop.store)
    cases = [
        ("王五", None, "name_change_refused"),
        ("张伟", None, "name_unchanged"),
        ("章伟", None, "override_required"),
    ]
    for new_name, override, code in cases:
        with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
            correct_name(session, number, new_name, clerk=shop.clerk, now=NOW, override=override)
        assert caught.value.code == code
        if code == "name_change_refused":
            assert caught.value.params["reason"] == "change_of_person"
    assert snapshot(shop.store) == before
    # BAV001's supervisor is a supervisor, but not of this counter's outlet (HET001).
    with pytest.raises(DomainError) as caught, shop.store.unit_of_work() as session:
        correct_name(session, number, "章伟", clerk=shop.clerk, now=NOW,
                     override=Override("hugang", "super1234", reason="同音字录入错误"))
    assert (caught.value.code, caught.value.params["reason"]) == (
        "override_refused", "other_outlet")
    with shop.store.unit_of_work() as session:
        done = correct_name(session, number, "章伟", clerk=shop.clerk, now=NOW,
                            override=Override(*SUPERVISOR, reason="同音字录入错误"))
    assert (done.old_name, done.new_name, done.approved_by) == ("张伟", "章伟", "chenhong")
    with shop.store.read() as session:
        p = session.scalars(select(BookingPassenger)).one()
        assert (p.name, p.name_pinyin) == ("章伟", "zhangwei")
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "override")).one()
        assert audit.detail["kind"] == "name_correction"
        assert (audit.detail["old"], audit.detail["new"]) == ("张伟", "章伟")
        assert audit.detail["reason"] == "同音字录入错误"
    op = last_op(shop)
    assert op.kind == "ticket.name"
    TicketName.model_validate(op.payload)


def test_child_refund_keeps_the_adult_ticket(shop: Shop) -> None:
    sale = shop.sell("out", [ADULT, CHILD])
    with shop.store.unit_of_work() as session:
        done = refund(session, sale.tickets[1].ticket_number, "involuntary", clerk=shop.clerk,
                      now=NOW + timedelta(days=9, hours=23))
    assert done.quote.fee == 0
    assert done.quote.lines[0].fee_rule is FeeRule.INVOLUNTARY
    assert done.quote.amount == sale.tickets[1].total


def test_day_close_counts_the_days_tickets_voids_and_refunds(shop: Shop) -> None:
    sale = shop.sell("out", [ADULT, ADULT2, CHILD])
    adult, other, child = (t.ticket_number for t in sale.tickets)
    with shop.store.unit_of_work() as session:
        void_tickets(session, [child, other], reason="少走两位", clerk=shop.clerk, now=NOW)
        refund(session, adult, "voluntary", clerk=shop.clerk, now=NOW)
    with shop.store.unit_of_work() as session:
        closed = day_close(session, shop.clerk, NOW + timedelta(hours=1))
    assert (closed.tickets_issued, closed.tickets_voided, closed.refunds) == (3, 2, 1)
    assert closed.payments == {"cash": Decimal("0.00")}  # every yuan went back


def test_the_one_flight_void_gives_back_every_segments_seats(shop: Shop) -> None:
    from counter_app.services.after_sale import void_sale

    sale = shop.sell([SegmentChoice(shop.flight("out"), "Y"),
                      SegmentChoice(shop.flight("back"), "Y")], [ADULT, INFANT, ADULT2])
    assert (used(shop, "out"), used(shop, "back")) == (2, 2)
    with shop.store.unit_of_work() as session:
        voided = void_sale(session, sale.booking_id, reason="取消", clerk_login="wangli",
                           clerk_id=shop.clerk.clerk_id, now=NOW, server_now=NOW)
    assert voided.seats_released == 2
    assert (used(shop, "out"), used(shop, "back")) == (0, 0)
