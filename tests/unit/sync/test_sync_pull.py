"""Applying pulled pages: rows and cursor in one unit of work, bulk upserts, deletes that
spare local sales, leases and ranges merged with local counts, customers with their merge
base, conflicts to the attention list, and per-scope checksums."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sync_support import NOW

from counter_app.storage.db import Store
from counter_app.storage.models import (
    Airline,
    Airport,
    AttentionItem,
    CabinInventory,
    Clerk,
    Customer,
    Flight,
    Lease,
    NumberRange,
    Outlet,
    PulledVersion,
    RuleDocument,
    SeatLayout,
)
from counter_app.sync import protocol
from counter_app.sync.pull import apply_page, local_checksums
from counter_app.sync.status import get_cursor, open_attention

R, F, P, C = (protocol.Scope.REFERENCE, protocol.Scope.FLIGHTS, protocol.Scope.PEOPLE,
              protocol.Scope.COUNTER)


class Log:
    """Builds changes with rising seqs, like head office's change log."""

    def __init__(self) -> None:
        self.seq = 0

    def up(self, scope: protocol.Scope, entity: str, key: str, data: dict[str, Any]) -> (
        protocol.Change
    ):
        self.seq += 1
        return protocol.Change(seq=self.seq, scope=scope, entity=entity, key=key, op="upsert",
                               data=data)

    def delete(self, scope: protocol.Scope, entity: str, key: str) -> protocol.Change:
        self.seq += 1
        return protocol.Change(seq=self.seq, scope=scope, entity=entity, key=key, op="delete")


def airport(code: str) -> dict[str, Any]:
    return {"iata": code, "icao": "Z" + code, "name_zh": f"{code}机场", "city_zh": f"{code}市",
            "province_zh": "内蒙古", "name_en": code, "city_en": code, "city_pinyin": code.lower(),
            "city_initials": code[:1].lower(), "lat": 40.8, "lon": 111.8, "tz": "Asia/Shanghai",
            "domestic": True}


def flight(fid: str, day: str = "2026-11-25", no: str | None = None) -> dict[str, Any]:
    return {"id": fid, "flight_no": no or f"ZZ{fid[-4:]}", "carrier": "ZZ", "origin": "AAA",
            "destination": "BBB", "dep_date": day, "dep_time": "08:05", "arr_date": day,
            "arr_time": "10:40", "aircraft": "320", "layout_id": "ZZ-320", "distance_km": 1200,
            "feeder": False, "fares": {"Y": "1480.00", "C": None, "F": "4200.00"},
            "status": "scheduled"}


def reference(log: Log) -> list[protocol.Change]:
    return [
        log.up(R, "airport", "AAA", airport("AAA")),
        log.up(R, "airport", "BBB", airport("BBB")),
        log.up(R, "airline", "ZZ", {"code": "ZZ", "icao": "ZZZ", "prefix": "999",
                                    "name_zh": "测试航空", "name_en": "Test Air"}),
        log.up(R, "layout", "ZZ-320", {"id": "ZZ-320", "aircraft": "320", "carrier": "ZZ",
                                       "rows": []}),
        log.up(R, "rules", "taxes", {"name": "taxes", "version": "v1", "payload": {"x": 1}}),
    ]


@pytest.fixture
def store(empty_store: Store) -> Store:
    return empty_store


def apply(store: Store, changes: list[protocol.Change], cursor: int | None = None) -> None:
    with store.unit_of_work() as session:
        apply_page(session, changes, cursor if cursor is not None else changes[-1].seq, NOW)


def count(store: Store, model: Any) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_page_lands_in_the_tables_with_its_cursor(store: Store) -> None:
    log = Log()
    changes = [*reference(log), log.up(F, "flight", "f-0001", flight("f-0001")),
               log.up(F, "availability", "f-0001:Y",
                      {"flight_id": "f-0001", "cabin": "Y", "capacity": 150, "available": 40,
                       "closed_classes": "RET"})]
    apply(store, changes, cursor=17)  # the cursor may pass changes this counter cannot see
    with store.read() as session:
        assert get_cursor(session) == 17
        f = session.get(Flight, "f-0001")
        assert f is not None
        assert (f.y_fare_fen, f.c_fare_fen, f.f_fare_fen) == (148000, None, 420000)
        assert str(f.dep_time) == "08:05:00"
        cabin = session.get(CabinInventory, ("f-0001", "Y"))
        assert cabin is not None
        assert (cabin.capacity, cabin.sold, cabin.closed_classes) == (150, 110, "RET")
        layout = session.get(SeatLayout, "ZZ-320")
        assert layout is not None
        assert layout.definition["rows"] == []
        rules = session.get(RuleDocument, "taxes")
        assert rules is not None
        assert rules.payload == {"x": 1}
        versions = {(v.entity, v.key): v.version for v in session.scalars(select(PulledVersion))}
    assert versions[("flight", "f-0001")] == 6
    assert len(versions) == 7


def test_an_exception_mid_page_leaves_rows_and_cursor_untouched(store: Store) -> None:
    log = Log()
    first = [*reference(log), log.up(F, "flight", "f-0001", flight("f-0001"))]
    apply(store, first)
    before_cursor = first[-1].seq
    renamed = airport("AAA") | {"name_zh": "改名机场"}
    bad = [
        log.up(R, "airport", "AAA", renamed),
        log.up(F, "flight", "f-0002", flight("f-0002")),
        # An unknown airport: the foreign key refuses it, after the rows above were written.
        log.up(F, "flight", "f-0003", flight("f-0003") | {"origin": "QQQ"}),
    ]
    with pytest.raises(IntegrityError), store.unit_of_work() as session:
        apply_page(session, bad, bad[-1].seq, NOW)
    with store.read() as session:
        assert get_cursor(session) == before_cursor
        assert session.get(Airport, "AAA").name_zh == "AAA机场"  # type: ignore[union-attr]
        assert session.get(Flight, "f-0002") is None
        assert session.scalar(select(func.max(PulledVersion.version))) == before_cursor


def test_last_change_of_a_key_wins_and_deletes_remove(store: Store) -> None:
    log = Log()
    apply(store, [*reference(log), log.up(F, "flight", "f-1", flight("f-0001")),
                  log.up(F, "flight", "f-1", flight("f-0001") | {"status": "delayed"})])
    apply(store, [log.delete(F, "flight", "f-0001"),
                  log.up(F, "flight", "f-0002", flight("f-0002")),
                  log.delete(R, "rules", "taxes")])
    with store.read() as session:
        assert session.get(Flight, "f-0001") is None
        assert session.get(Flight, "f-0002") is not None
        assert session.get(RuleDocument, "taxes") is None
        keys = {v.key for v in session.scalars(select(PulledVersion))}
    assert "f-0001" not in keys
    assert "taxes" not in keys


def test_deleting_a_flight_with_local_sales_cancels_it(populated_store: Store) -> None:
    from counter_app.storage.models import BookingSegment

    with populated_store.read() as session:
        some = session.scalar(select(Flight.id).limit(1))
    with populated_store.unit_of_work() as session:
        from counter_app.storage.models import Booking, Clerk

        clerk = session.scalars(select(Clerk)).first()
        assert clerk is not None
        session.add(Booking(id="b-1", pnr="ABCDEF", clerk_id=clerk.id,
                            outlet_code=clerk.outlet_code, created_at=NOW.replace(tzinfo=None)))
        session.flush()
        session.add(BookingSegment(id="s-1", booking_id="b-1", seq=1, flight_id=some,
                                   class_code="Y", cabin="Y"))
    log = Log()
    log.seq = 100
    apply(populated_store, [log.delete(F, "flight", str(some))])
    with populated_store.read() as session:
        kept = session.get(Flight, some)
        assert kept is not None
        assert kept.status == "cancelled"


def test_lease_keeps_local_sales_and_range_keeps_its_next_number(store: Store) -> None:
    log = Log()
    lease = {"lease_id": "L1", "flight_id": "f-1", "cabin": "Y", "granted": 10, "used": 2,
             "expires_at": (NOW + timedelta(days=3)).isoformat(), "status": "active"}
    rng = {"range_id": "R1", "kind": "ticket", "prefix": "999", "first": 100, "last": 199}
    apply(store, [log.up(C, "lease", "L1", lease), log.up(C, "range", "R1", rng)])
    with store.unit_of_work() as session:
        row = session.get(Lease, "L1")
        assert row is not None
        assert row.expires_at == (NOW + timedelta(days=3)).replace(tzinfo=None)
        row.used_local = 5  # three sold here, not pushed yet
        number_range = session.get(NumberRange, "R1")
        assert number_range is not None
        assert number_range.next_number == 100
        number_range.next_number = 120
    apply(store, [log.up(C, "lease", "L1", lease | {"used": 3, "granted": 12}),
                  log.up(C, "range", "R1", rng | {"last": 299})])
    with store.read() as session:
        row = session.get(Lease, "L1")
        assert row is not None
        assert (row.granted, row.used_local) == (12, 5)
        number_range = session.get(NumberRange, "R1")
        assert number_range is not None
        assert (number_range.next_number, number_range.last) == (120, 299)
    apply(store, [log.up(C, "lease", "L1", lease | {"used": 7, "status": "expired"})])
    with store.read() as session:
        row = session.get(Lease, "L1")
        assert row is not None
        assert (row.used_local, row.status) == (7, "expired")


def customer(version: int = 1, **fields: Any) -> dict[str, Any]:
    return {"id": "c-1", "code": "AG-1", "kind": "agreement", "name_zh": "呼市建设集团",
            "name_pinyin": "hushijianshejituan", "name_initials": "hsjsjt", "uscc": None,
            "outlet_code": "O1", "settlement": "monthly", "credit_limit": "200000.00",
            "attributes": {"size": "large"}, "contact_name": "王经理",
            "contact_phone": "13900000000", "notes": "", "version": version} | fields


def test_people_land_with_the_customer_merge_base(store: Store) -> None:
    log = Log()
    outlet = {"code": "O1", "name_zh": "网点", "kind": "post_office", "region_zh": "",
              "office_code": "", "agent_code": ""}
    clerk = {"login": "li", "name_zh": "李", "role": "clerk", "outlet_code": "O1",
             "password_hash": "$argon2id$x", "active": True}
    traveller = {"id": "t-1", "customer_id": "c-1", "name": "王五", "id_type": "NI",
                 "id_number": "150102198001010011", "birth_date": "1980-01-01", "mobile": "",
                 "ffp_number": "", "gp_level": None, "title_zh": ""}
    apply(store, [log.up(P, "traveller", "t-1", traveller), log.up(P, "clerk", "li", clerk),
                  log.up(P, "customer", "c-1", customer()), log.up(P, "outlet", "O1", outlet)])
    with store.read() as session:
        clerk_id = session.scalars(select(Clerk.id).where(Clerk.login == "li")).one()
        row = session.get(Customer, "c-1")
        assert row is not None
        assert row.credit_limit_fen == 20_000_000
        assert row.base_version == 1
        assert row.base is not None
        assert row.base["credit_limit"] == "200000.00"
        assert row.base["contact_name"] == "王经理"
    # A clerk pulled again keeps its local id (bookings point at it) and lockout state.
    apply(store, [log.up(P, "clerk", "li", clerk | {"name_zh": "李强", "active": False})])
    with store.read() as session:
        again = session.scalars(select(Clerk).where(Clerk.login == "li")).one()
        assert (again.id, again.name_zh, again.active) == (clerk_id, "李强", False)
        assert session.get(Outlet, "O1") is not None


def test_a_pulled_customer_does_not_wipe_a_local_edit_not_yet_pushed(store: Store) -> None:
    log = Log()
    outlet = {"code": "O1", "name_zh": "网点", "kind": "post_office"}
    apply(store, [log.up(P, "outlet", "O1", outlet), log.up(P, "customer", "c-1", customer())])
    with store.unit_of_work() as session:
        from counter_app.services.customer_edits import edit_customer

        edit_customer(session, "c-1", {"contact_phone": "13811112222"}, clerk_login="li",
                      now=NOW)
    apply(store, [log.up(P, "customer", "c-1", customer(version=2, notes="总部备注"))])
    with store.read() as session:
        row = session.get(Customer, "c-1")
        assert row is not None
        assert row.contact_phone == "13811112222"  # still the local edit
        assert row.notes == "总部备注"  # head office's other change arrives
        assert row.base_version == 2


def test_conflicts_go_to_the_attention_list_once(store: Store) -> None:
    log = Log()
    conflict = {"id": "k-1", "customer_id": "c-1", "field": "contact_phone", "base": "1",
                "counter_value": "2", "server_value": "3", "op_id": "op-12345678",
                "created_at": NOW.isoformat()}
    apply(store, [log.up(C, "conflict", "k-1", conflict)])
    apply(store, [log.up(C, "conflict", "k-1", conflict)])  # pulled again (a full re-pull)
    with store.read() as session:
        items = open_attention(session, "conflict")
    assert len(items) == 1
    assert items[0].op_id == "op-12345678"
    assert items[0].detail["field"] == "contact_phone"


def test_unknown_entities_are_skipped_but_counted_for_the_checksum(store: Store) -> None:
    log = Log()
    with store.unit_of_work() as session:
        stats = apply_page(session, [log.up(R, "meal_code", "VGML", {"x": 1})], 1, NOW)
        assert stats.skipped["meal_code"] == 1
        sums = local_checksums(session)
    assert sums[R] == protocol.checksum(["meal_code|VGML|1"])


def test_checksums_digest_entity_key_version_per_scope(store: Store) -> None:
    log = Log()
    changes = [*reference(log), log.up(F, "flight", "f-0001", flight("f-0001")),
               log.up(C, "range", "R1", {"range_id": "R1", "kind": "receipt", "prefix": "",
                                         "first": 1, "last": 9})]
    apply(store, changes)
    with store.read() as session:
        sums = local_checksums(session)
    expected_reference = [f"{c.entity}|{c.key}|{c.seq}" for c in changes if c.scope == R]
    assert sums[R] == protocol.checksum(expected_reference)
    assert sums[F] == protocol.checksum(["flight|f-0001|6"])
    assert sums[C] == protocol.checksum(["range|R1|7"])
    assert sums[P] == protocol.checksum([])
    assert set(sums) == set(protocol.Scope)


def test_bulk_apply_of_100k_reference_changes(store: Store) -> None:
    """An initial pull's worth of flights and availability: pages of 5000 (head office's
    maximum), every row and version stored, in seconds."""
    log = Log()
    apply(store, reference(log))
    changes: list[protocol.Change] = []
    for i in range(50_000):
        fid = f"f-{i:06d}"
        day = f"2026-{11 + (i // 30_000)}-{1 + (i // 1000) % 28:02d}"
        changes.append(log.up(F, "flight", fid, flight(fid, day, no=f"ZZ{i:05d}")))
        changes.append(log.up(F, "availability", f"{fid}:Y",
                              {"flight_id": fid, "cabin": "Y", "capacity": 180,
                               "available": i % 180, "closed_classes": ""}))
    started = time.perf_counter()
    for start in range(0, len(changes), protocol.MAX_PULL_LIMIT):
        page = changes[start : start + protocol.MAX_PULL_LIMIT]
        apply(store, page)
    elapsed = time.perf_counter() - started
    assert count(store, Flight) == 50_000
    assert count(store, CabinInventory) == 50_000
    assert count(store, PulledVersion) == 100_005
    with store.read() as session:
        assert get_cursor(session) == log.seq
        assert session.get(CabinInventory, ("f-049999", "Y")).sold == 180 - 49_999 % 180  # type: ignore[union-attr]
        assert session.scalar(select(func.count()).select_from(Airline)) == 1
        assert not session.scalars(select(AttentionItem)).all()
    assert elapsed < 60, f"100k changes took {elapsed:.1f} s"



def test_pulled_rows_are_stored_exactly_as_the_orm_stores_them(store: Store) -> None:
    """Raw bulk upserts must write dates, times, datetimes, booleans and JSON in the very
    form SQLAlchemy does, or ORM queries with bound values would miss them."""
    from datetime import UTC, date, datetime, time

    log = Log()
    lease = {"lease_id": "L1", "flight_id": "f-1", "cabin": "Y", "granted": 1, "used": 0,
             "expires_at": "2026-11-25T08:30:00+08:00", "status": "active"}
    apply(store, [*reference(log), log.up(F, "flight", "f-0001", flight("f-0001")),
                  log.up(C, "lease", "L1", lease)])
    with store.unit_of_work() as session:
        twin = Flight(id="f-orm", flight_no="ZZORM", carrier="ZZ", origin="AAA",
                      destination="BBB", dep_date=date(2026, 11, 25), dep_time=time(8, 5),
                      arr_date=date(2026, 11, 25), arr_time=time(10, 40), aircraft="320",
                      layout_id="ZZ-320", distance_km=1200, feeder=False, y_fare_fen=148000,
                      c_fare_fen=None, f_fare_fen=420000, status="scheduled")
        session.add(twin)
        session.add(Lease(lease_id="L2", flight_id="f-1", cabin="Y", granted=1, used_local=0,
                          expires_at=datetime(2026, 11, 25, 0, 30, tzinfo=UTC).replace(tzinfo=None),
                          status="active"))
    columns = "dep_date, dep_time, arr_date, arr_time, feeder, y_fare_fen, c_fare_fen"
    with store.read() as session:
        pulled, orm = (
            session.execute(text(f"SELECT {columns} FROM flights WHERE id = :i"), {"i": i}).one()
            for i in ("f-0001", "f-orm")
        )
        expires = session.execute(text("SELECT expires_at FROM leases ORDER BY lease_id")).all()
        found = session.scalars(
            select(Flight.id).where(Flight.dep_date == date(2026, 11, 25),
                                    Flight.dep_time == time(8, 5)).order_by(Flight.id)
        ).all()
        almost = datetime(2026, 11, 25, 0, 29, tzinfo=UTC).replace(tzinfo=None)
        live = session.scalars(select(Lease.lease_id).where(Lease.expires_at > almost)).all()
        layout = session.get(SeatLayout, "ZZ-320")
        assert layout is not None
        assert layout.definition["carrier"] == "ZZ"
    assert pulled == orm
    assert expires[0] == expires[1]  # 08:30 in Beijing = 00:30 UTC, as the ORM writes it
    assert found == ["f-0001", "f-orm"]
    assert sorted(live) == ["L1", "L2"]


def test_a_stale_page_after_a_newer_one_moves_neither_cursor_nor_rows(store: Store) -> None:
    """Two pulls raced: the page that ends further on landed first. The other one, older,
    changes nothing, and the cursor never moves back."""
    log = Log()
    first = log.up(R, "airport", "AAA", airport("AAA"))
    renamed = log.up(R, "airport", "AAA", airport("AAA") | {"name_zh": "改名机场"})
    apply(store, [first, renamed], cursor=2)
    with store.unit_of_work() as session:
        stats = apply_page(session, [first], 1, NOW)  # the stale page
    assert stats.stale
    with store.read() as session:
        assert get_cursor(session) == 2
        row = session.get(Airport, "AAA")
        assert row is not None
        assert row.name_zh == "改名机场"
        assert session.scalar(select(PulledVersion.version).where(
            PulledVersion.key == "AAA")) == 2
    # A page that ends where the cursor is, or further on, still lands.
    with store.unit_of_work() as session:
        assert not apply_page(session, [], 2, NOW).stale
    apply(store, [log.up(R, "airport", "BBB", airport("BBB"))])
    with store.read() as session:
        assert get_cursor(session) == 3
        assert session.get(Airport, "BBB") is not None
