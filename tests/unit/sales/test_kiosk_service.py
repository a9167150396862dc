"""The self check-in kiosk's store work (services/kiosk.py): an ID number finds only its own
coupons open for check-in, a malformed ID or one with nothing to check in is refused, the
check-in acts only on that ID's coupon, and the staff PIN is set by a supervisor, hashed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sales_support import ADULT, ADULT2, CHILD, SUPERVISOR, TODAY, Shop, at_local, snapshot

from counter_app.domain.errors import DomainError
from counter_app.services import kiosk
from counter_app.services.identity import AuthError
from counter_app.storage.models import Flight, LocalSetting, SeatLayout

DURING = at_local(TODAY + timedelta(days=1), 9)  # CA1144 tomorrow 12:10: check-in open
LATE = at_local(TODAY + timedelta(days=1), 11, 40)  # 30 min before: closed


def _set_pin(shop: Shop, pin: str = "2468") -> None:
    with shop.store.unit_of_work() as session:
        kiosk.set_pin(session, *SUPERVISOR, pin, DURING.replace(tzinfo=None))


def _refused(shop: Shop, code: str, fn) -> DomainError:  # type: ignore[no-untyped-def]
    before = snapshot(shop.store)
    with pytest.raises(DomainError) as caught, shop.store.unit_of_work() as session:
        fn(session)
    assert caught.value.code == code
    assert snapshot(shop.store) == before
    return caught.value


def test_an_id_sees_only_its_own_coupons_open_for_check_in(shop: Shop) -> None:
    shop.sell("tomorrow", [ADULT, ADULT2])
    shop.sell("out", [ADULT])  # ten days out: not open yet
    with shop.store.read() as session:
        mine = kiosk.open_coupons(session, ADULT.id_number.lower(), DURING)
    assert [(c.flight_no, c.masked_name, c.seat) for c in mine] == [("CA1144", "张*", None)]
    assert mine[0].origin == "HET"
    assert mine[0].dep_date == TODAY + timedelta(days=1)
    with shop.store.read() as session:
        assert [c.ticket_number for c in kiosk.open_coupons(session, ADULT2.id_number,
                                                            DURING)] != [mine[0].ticket_number]


def test_no_coupon_malformed_id_and_closed_check_in_are_refused(shop: Shop) -> None:
    shop.sell("tomorrow", [ADULT])
    nobody = ADULT2.id_number
    _refused(shop, "kiosk_no_coupon", lambda s: kiosk.open_coupons(s, nobody, DURING))
    _refused(shop, "kiosk_no_coupon", lambda s: kiosk.open_coupons(s, ADULT.id_number, LATE))
    bad = ADULT.id_number[:17] + ("0" if ADULT.id_number[17] != "0" else "1")
    assert _refused(shop, "id_check", lambda s: kiosk.open_coupons(s, bad, DURING)).field \
        == kiosk.FIELD_ID
    _refused(shop, "id_length", lambda s: kiosk.open_coupons(s, "1234", DURING))


def test_check_in_only_on_this_ids_coupon_and_a_child_not_in_an_exit_row(shop: Shop) -> None:
    sold = shop.sell("tomorrow", [ADULT, CHILD])
    adult_ticket, child_ticket = (t.ticket_number for t in sold.tickets)
    _refused(shop, "kiosk_not_set", lambda s: kiosk.kiosk_check_in(
        s, ADULT.id_number, adult_ticket, 1, "32A", DURING))
    _set_pin(shop)
    # the adult's ID cannot check the child's coupon in
    _refused(shop, "kiosk_no_coupon", lambda s: kiosk.kiosk_check_in(
        s, ADULT.id_number, child_ticket, 1, "32B", DURING))
    _refused(shop, "checkin_closed", lambda s: kiosk.kiosk_check_in(  # closed meanwhile
        s, ADULT.id_number, adult_ticket, 1, "32B", LATE))
    with shop.store.read() as session:
        flight = session.get(Flight, shop.flight("tomorrow"))
        assert flight is not None
        layout = session.get(SeatLayout, flight.layout_id)
        assert layout is not None
        exit_row = layout.definition["exit_rows"][0]
    _refused(shop, "exit_row_not_allowed", lambda s: kiosk.kiosk_check_in(
        s, CHILD.id_number, child_ticket, 1, f"{exit_row}C", DURING))
    with shop.store.unit_of_work() as session:
        bp = kiosk.kiosk_check_in(session, ADULT.id_number, adult_ticket, 1, "32a", DURING)
    assert (bp.seat, bp.sequence, bp.ticket_number) == ("32A", 1, adult_ticket)
    _refused(shop, "seat_taken", lambda s: kiosk.kiosk_check_in(
        s, CHILD.id_number, child_ticket, 1, "32A", DURING))
    with shop.store.read() as session:  # checked in: listed with its seat, printed again
        assert kiosk.open_coupons(session, ADULT.id_number, DURING)[0].seat == "32A"
        again = kiosk.kiosk_check_in(session, ADULT.id_number, adult_ticket, 1, None, DURING)
    assert again.sequence == 1


def test_the_pin_is_set_by_a_supervisor_and_kept_hashed(shop: Shop) -> None:
    now = DURING.replace(tzinfo=None)
    with shop.store.read() as session:
        assert kiosk.kiosk_setup(session) == kiosk.KioskSetup(False, "")
        assert not kiosk.verify_pin(session, "2468")
    _refused(shop, "kiosk_pin_format", lambda s: kiosk.set_pin(s, *SUPERVISOR, "12a4", now))
    _refused(shop, "kiosk_pin_format", lambda s: kiosk.set_pin(s, *SUPERVISOR, "123", now))
    with pytest.raises(AuthError), shop.store.unit_of_work() as session:
        kiosk.set_pin(session, "wangli", "demo1234", "2468", now)  # a plain clerk
    _set_pin(shop)
    with shop.store.read() as session:
        assert kiosk.kiosk_setup(session) == kiosk.KioskSetup(True, SUPERVISOR[0])
        assert kiosk.verify_pin(session, "2468")
        assert not kiosk.verify_pin(session, "2469")
        row = session.get(LocalSetting, kiosk.PIN_KEY)
        assert row is not None
        assert "2468" not in row.value


@pytest.mark.parametrize(("name", "masked"), [
    ("张三丰", "张*丰"), ("李娜", "李*"), ("欧阳小明", "欧**明"), ("SMITH/JOHN", "SMITH/J***"),
])
def test_names_are_masked(name: str, masked: str) -> None:
    assert kiosk.mask_name(name) == masked
