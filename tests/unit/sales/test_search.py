"""Finding bookings and travellers again with the search indexes (查询): the migration that
adds them, the query plans that use them, and the after-sale list a page at a time."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from alembic import command
from sales_support import ADULT, ADULT2, CHILD, NOW, Shop, adults, resident_id
from sqlalchemy import event, inspect

from counter_app.services.booking import PassengerInput, SegmentChoice, booking_detail
from counter_app.services.lookup import (
    find_bookings,
    known_travellers,
    lookup_travellers,
    search_bookings,
)
from counter_app.storage.db import Store, open_store
from counter_app.storage.migrate import HEAD_REVISION, alembic_config, current_revision

SEARCH_INDEXES = {
    "booking_passengers": {"ix_booking_passengers_mobile", "ix_booking_passengers_name",
                           "ix_booking_passengers_name_pinyin"},
    "bookings": {"ix_bookings_contact_mobile"},
    "travellers": {"ix_travellers_mobile", "ix_travellers_name"},
}
# Tables that grow with every sale: a search must never read one of them whole.
BIG_TABLES = ("booking_passengers", "bookings", "tickets", "coupons", "payments",
              "booking_segments")


def _index_names(store: Store, table: str) -> set[str]:
    with store.engine.connect() as conn:
        return {str(ix["name"]) for ix in inspect(conn).get_indexes(table)}


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_the_search_indexes_come_with_an_upgrade_that_keeps_every_row(shop: Shop) -> None:
    shop.sell("out", [ADULT, CHILD])
    shop.sell("back", [ADULT2])
    store = shop.store
    path = Path(store.engine.url.database or "")
    cfg = alembic_config(store.engine)
    command.downgrade(cfg, "0005_printing")  # type: ignore[arg-type]
    for table, names in SEARCH_INDEXES.items():
        assert not names & _index_names(store, table)
    tables = ("bookings", "booking_passengers", "tickets", "coupons", "payments", "outbox")
    before = {t: _rows(path, f"SELECT * FROM {t} ORDER BY 1") for t in tables}
    store.close()

    reopened = open_store(path)  # the counter's start upgrades the store
    try:
        assert current_revision(reopened.engine) == HEAD_REVISION
        for table, names in SEARCH_INDEXES.items():
            assert names <= _index_names(reopened, table)
        assert {t: _rows(path, f"SELECT * FROM {t} ORDER BY 1") for t in tables} == before
        with reopened.read() as session:
            assert [b.passengers for b in find_bookings(session, "张")] == [("张伟", "张小明")]
    finally:
        reopened.close()


@contextmanager
def query_plans(store: Store) -> Iterator[list[tuple[str, list[str]]]]:
    """Every SELECT the block runs, with SQLite's plan for it."""
    plans: list[tuple[str, list[str]]] = []

    def explain(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            rows = cursor.connection.execute("EXPLAIN QUERY PLAN " + statement,
                                             parameters).fetchall()
            plans.append((statement, [str(r[-1]) for r in rows]))

    event.listen(store.engine, "before_cursor_execute", explain)
    try:
        yield plans
    finally:
        event.remove(store.engine, "before_cursor_execute", explain)


def _full_scans(plans: list[tuple[str, list[str]]]) -> list[tuple[str, str]]:
    return [(statement, step) for statement, steps in plans for step in steps
            if any(step.startswith(f"SCAN {table}") for table in BIG_TABLES)]


def test_no_search_reads_a_big_table_whole(shop: Shop) -> None:
    sale = shop.sell("out", [ADULT, CHILD])
    shop.sell("back", [PassengerInput("王芳", "NI", ADULT2.id_number, mobile="13600000006")])
    ticket = sale.tickets[0].ticket_number
    searches: list[tuple[str, Callable[..., Any]]] = []
    for text in (sale.pnr, ticket, ticket.replace("-", ""), ADULT.id_number, "13800000001",
                 "138-0000-0001", "张", "张伟", "王芳", "zhangw", "wang fang", "smithjohn",
                 "nobody"):
        searches.append((text, search_bookings))
    for text in ("张伟", "王芳", "zhangwei", "wangf", ADULT.id_number, ADULT.id_number[:6],
                 ADULT.id_number[:11], "13800000001", "138 0000 0001", "1380000", "刘建军"):
        searches.append((text, lookup_travellers))
        searches.append((text, known_travellers))
    for text, search in searches:
        with shop.store.read() as session, query_plans(shop.store) as plans:
            search(session, text)
        assert plans, text
        assert _full_scans(plans) == [], (search.__name__, text)


def test_a_name_is_found_from_its_start_in_chinese_or_pinyin(shop: Shop) -> None:
    sale = shop.sell("out", [ADULT, CHILD])
    with shop.store.read() as session:
        for text in ("张", "张小", "张小明", "zhang", "ZHANG XIAO", "zhangxiaoming"):
            assert [b.pnr for b in find_bookings(session, text)] == [sale.pnr], text
        for text in ("小明", "xiaoming", "伟"):  # not the start of a name
            assert find_bookings(session, text) == [], text
        assert [k.name for k in lookup_travellers(session, "张小")] == ["张小明"]
        assert [k.name for k in lookup_travellers(session, "zhangw")] == ["张伟"]


def test_the_after_sale_list_comes_a_page_at_a_time_newest_first(shop: Shop) -> None:
    people = adults(5)  # 旅客一甲 ... 旅客五甲
    pnrs = []
    for i, person in enumerate(people):
        pnrs.append(shop.sell("out", [person], now=NOW + timedelta(minutes=i)).pnr)
    newest_first = pnrs[::-1]
    with shop.store.read() as session:
        pages = [search_bookings(session, "旅客", offset, limit=2) for offset in (0, 2, 4)]
        assert [[b.pnr for b in p.bookings] for p in pages] == [
            newest_first[0:2], newest_first[2:4], newest_first[4:5]]
        assert [p.more for p in pages] == [True, True, False]
        assert [p.offset for p in pages] == [0, 2, 4]
        assert [b.pnr for b in find_bookings(session, "lvke", limit=3)] == newest_first[:3]
        # An exact match (ID number) still comes with the name's page.
        page = search_bookings(session, people[0].id_number, 0, limit=2)
        assert [b.pnr for b in page.bookings] == [pnrs[0]]
        assert not page.more


def test_a_list_row_carries_what_the_detail_would_add_up(shop: Shop) -> None:
    sale = shop.sell([SegmentChoice(shop.flight("out"), "Y"),
                      SegmentChoice(shop.flight("back"), "Y")], [ADULT, CHILD],
                     method="bank_card")
    with shop.store.read() as session:
        [row] = find_bookings(session, sale.pnr)
        detail = booking_detail(session, sale.booking_id)
        assert row.paid == sum((a for _k, _m, a in detail.payments), Decimal("0.00"))
        assert row.paid == sale.total
        assert row.passengers == ("张伟", "张小明")
        assert row.ticket_numbers == tuple(sorted(t.ticket_number for t in sale.tickets))
        assert [f.split()[0] for f in row.flights] == ["CA1144", "CA1143"]


def test_the_completer_widens_the_start_of_an_id_number_and_puts_the_exact_one_first(
    shop: Shop,
) -> None:
    region = "152921"  # 阿拉善左旗: nobody else on record
    first = PassengerInput("巴特尔", "NI", resident_id(date(1980, 1, 1), "013", region=region))
    twin = PassengerInput("巴特尔", "NI", resident_id(date(1990, 2, 2), "099", region=region),
                          mobile="13900000009")
    shop.sell("out", [first])
    shop.sell("back", [twin], now=NOW + timedelta(minutes=5))
    with shop.store.read() as session:
        found = lookup_travellers(session, region)
        assert [k.id_number for k in found] == [twin.id_number, first.id_number]  # newest
        assert lookup_travellers(session, region[:5]) == []  # under six: no widening
        exact = lookup_travellers(session, first.id_number)
        assert [k.id_number for k in exact] == [first.id_number]
        by_phone = lookup_travellers(session, "139-0000-0009")
        assert [k.id_number for k in by_phone] == [twin.id_number]
