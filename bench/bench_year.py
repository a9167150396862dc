"""Searches at the counter with a year of one outlet's sales (一年数据下的柜台查询).

Builds two stores, once, and keeps them in ``--cache`` (default
``~/.cache/counter-bench/year/``), never in the repository; a store is rebuilt when this
script's ``BUILD_VERSION`` or the count asked for changes, when it was built at a schema
revision this code does not know, or with ``--rebuild``. A store built at an older
revision is kept and upgraded by the counter's own migrations when opened, as a counter's
store is after an update (the time that takes is printed). Building the year store takes
about 36 min on a busy 2-core machine (~40 ms per sale; ~20 ms when the machine is quiet):

- **year**: 50,001 tickets (``--tickets``) of the HET001 outlet over the 365 days to today;
- **small**: 300 sales (``--small``) over the same year.

Both start as the standalone demo store (``start_counter(..., demo=True)``) with the demo
schedule materialised a year back (``ensure_demo_schedule(days_back=375)``), leases on every
HET flight of the year and a ticket range per airline prefix, as a sync would give them.
Every sale then goes through the real sale path, as the Sale page does it, one day after
the other with the counter's clock on that day: ``book`` (hold: PNR, quote stored, lease
seats) in one unit of work, then ``ticket_booking`` (tickets, coupons, payments, the
``sale.issue`` outbox op) in another; at each day's end the day's outbox ops are marked done
as a drain to head office would. The quote the Sale page shows before the hold
(``quote_trip``, a read that stores nothing) is left out of the build: ``book`` prices the
trip again anyway. Flights leave 1–12 days after the sale. Sales are one adult one-way
(75 %), return (15 %), two adults (7 %) or adult + child (3 %), paid cash or card. The
people are a fixed pool (seeded), a few travelling often: names from the common surnames
in their usual proportions (王, 李, 张 ... so 王 repeats thousands of times) plus a few rare
ones, resident ID numbers with a valid check character (some passports), mobiles.

Then, on both stores, each search is timed exactly as the GUI runs it, each in a fresh
``store.read()`` session as the database worker does:

- the Sale page's traveller completer: ``lookup_travellers(session, text)`` from
  ``gui/pages/sale.py``, once per keystroke, for the ID-number field (the page looks up from
  the 6th character; fewer make no call), and for the name field (from the 2nd character):
  mobile numbers, pinyin names, Chinese names;
- the after-sale search (``AfterSalePage.search``, ``booking_rows`` in
  ``services/screens.py``): one page of the bookings list, then the first booking's
  detail the page loads when it selects that row; by locator, ticket number, ID number,
  the common surname 王, a full common name, a rare name, a mobile; and the second page
  of 王 as "More bookings" fetches it.

Prints median, p95 and max per kind for both sizes side by side, the slowdown, and the
targets (≤ 20 ms per keystroke, ≤ 100 ms per search, judged on p95 at a year of data) with
OK / MISSES TARGET. Not a test: run it by hand,
``python bench/bench_year.py [--cache DIR] [--samples 12] [--rebuild]``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update

from counter_app.domain.ids import resident_id_check_char
from counter_app.kernel.clock import SHANGHAI
from counter_app.kernel.pinyin import pinyin_of
from counter_app.paths import database_path
from counter_app.services.booking import (
    PassengerInput,
    PaymentInput,
    SegmentChoice,
    book,
    ticket_booking,
)
from counter_app.services.identity import ClerkSession, Role
from counter_app.services.lookup import PAGE_SIZE
from counter_app.services.startup import start_counter
from counter_app.storage.db import Store, open_store
from counter_app.storage.migrate import HEAD_REVISION, current_revision, known_revisions
from counter_app.storage.models import (
    Airline,
    Booking,
    BookingPassenger,
    Clerk,
    Flight,
    Lease,
    NumberRange,
    OutboxEntry,
    Ticket,
)
from counter_app.storage.refdata import ensure_demo_schedule

BUILD_VERSION = 2  # bump when the data this script builds changes
# 75 % one adult, 15 % return, 7 % two adults, 3 % adult + child.
TICKETS_PER_BOOKING = 0.75 + 0.15 + 0.07 * 2 + 0.03 * 2
KEYSTROKE_TARGET_MS = 20.0
SEARCH_TARGET_MS = 100.0
DAYS = 365

# Common surnames with their rough share among Chinese people (per mille): 王 and 李
# about 7 % each, so a year of tickets holds thousands of each.
SURNAMES = [
    ("王", 72), ("李", 72), ("张", 69), ("刘", 54), ("陈", 45), ("杨", 32), ("黄", 23),
    ("赵", 22), ("吴", 21), ("周", 21), ("徐", 17), ("孙", 16), ("马", 15), ("朱", 14),
    ("胡", 13), ("郭", 12), ("何", 12), ("高", 12), ("林", 11), ("罗", 11), ("郑", 10),
    ("梁", 10), ("谢", 8), ("宋", 8), ("唐", 8), ("许", 7), ("韩", 7), ("冯", 7), ("邓", 7),
    ("曹", 7), ("彭", 6), ("曾", 6), ("肖", 6), ("田", 6), ("董", 6), ("袁", 5), ("潘", 5),
    ("于", 5), ("蒋", 5), ("蔡", 5), ("余", 5), ("杜", 5), ("叶", 5), ("程", 5), ("苏", 4),
    ("魏", 4), ("吕", 4), ("丁", 4), ("任", 4), ("沈", 4), ("姚", 4), ("卢", 4), ("姜", 4),
    ("崔", 4), ("钟", 4), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("金", 3), ("石", 3),
    ("廖", 3), ("贾", 3), ("夏", 3), ("韦", 3), ("付", 3), ("方", 3), ("白", 3), ("邹", 3),
    ("孟", 3), ("熊", 3), ("秦", 3), ("邱", 3), ("江", 3), ("尹", 3), ("薛", 3), ("闫", 3),
    ("段", 2), ("雷", 2), ("侯", 2), ("龙", 2), ("史", 2), ("陶", 2), ("黎", 2), ("贺", 2),
    ("乌兰", 2), ("包", 2), ("云", 2), ("奥", 1),
]
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌辉鹏宇浩然"
             "思雨欣怡子涵梓轩博文晓东海燕春梅丹慧颖雪琳佳琪俊峰瑞雅婷昊天嘉怡巴特尔其木格")
# Rare names: a handful of people, to find one among 50,000 tickets.
RARE = ["欧阳靖宇", "司马青衫", "诸葛明远", "上官婉清", "皇甫嵩", "东方既白", "慕容雪",
        "令狐冲", "尉迟恭", "公孙瓒", "阿卜杜拉·买买提", "呼延灼"]
REGIONS = ["150102", "150103", "150104", "150105", "150121", "150202", "150203", "150204",
           "150302", "150402", "150502", "150602", "150702", "150802", "150902", "152201",
           "110101", "110105", "310104", "440106", "440304", "510104", "610113", "130102"]
MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
                   "151", "152", "155", "156", "158", "159", "166", "177", "180", "181",
                   "182", "185", "186", "187", "188", "189", "191", "198", "199"]


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    id_type: str
    id_number: str
    birth: date
    mobile: str


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def _resident_id(rng: random.Random, birth: date) -> str:
    first17 = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + resident_id_check_char(first17)


def make_people(count: int, rng: random.Random, today: date) -> list[Person]:
    """A pool of distinct travellers; ID numbers and mobiles unique."""
    names, weights = zip(*SURNAMES, strict=True)
    people: list[Person] = []
    ids: set[str] = set()
    mobiles: set[str] = set()
    rare = list(RARE)
    while len(people) < count:
        if rare and rng.random() < 0.0005:
            name = rare.pop()
        else:
            surname = rng.choices(names, weights)[0]
            given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
            name = surname + given
        birth = today - timedelta(days=rng.randrange(18 * 365, 75 * 365))
        if rng.random() < 0.03 and name not in RARE:  # a passport: the name in latin letters
            id_type, number = "PP", f"E{rng.randrange(10**8):08d}"
            name = f"{pinyin_of(surname)[0].upper()}/{pinyin_of(given)[0].upper()}"
        else:
            id_type, number = "NI", _resident_id(rng, birth)
        mobile = f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"
        if number in ids or mobile in mobiles:
            continue
        ids.add(number)
        mobiles.add(mobile)
        people.append(Person(name, id_type, number, birth, mobile))
    for name in rare:  # the rare names the draw did not reach still fly once
        birth = today - timedelta(days=rng.randrange(18 * 365, 75 * 365))
        people.append(Person(name, "NI", _resident_id(rng, birth), birth,
                             f"139{rng.randrange(10**8):08d}"))
    return people


def _child(rng: random.Random, today: date) -> Person:
    birth = today - timedelta(days=rng.randrange(3 * 365, 10 * 365))
    surname = rng.choices([s for s, _w in SURNAMES], [w for _s, w in SURNAMES])[0]
    return Person(surname + rng.choice(GIVEN) + rng.choice(GIVEN), "NI",
                  _resident_id(rng, birth), birth, "")


def _clerk(store: Store) -> ClerkSession:
    with store.read() as session:
        row = session.scalars(select(Clerk).where(Clerk.login == "wangli")).one()
        return ClerkSession(row.id, row.login, row.name_zh, Role(row.role), row.outlet_code,
                            "", "post_office")


def _prepare(store: Store, today: date) -> dict[date, list[tuple[str, str | None]]]:
    """A year of schedule, leases on every HET flight, ticket ranges; returns, per day,
    the (outbound, return-or-None) flight pairs leaving HET that day."""
    with store.unit_of_work() as session:
        ensure_demo_schedule(session, today, days_back=DAYS + 10, days_ahead=62)
    with store.unit_of_work() as session:
        first = today - timedelta(days=DAYS - 1)
        flights = session.scalars(
            select(Flight).where(
                Flight.dep_date >= first,
                Flight.dep_date <= today + timedelta(days=20),
                (Flight.origin == "HET") | (Flight.destination == "HET"),
            )
        ).all()
        for f in flights:
            departs = datetime.combine(f.dep_date, f.dep_time, SHANGHAI).astimezone(UTC)
            session.add(Lease(lease_id=f.id, flight_id=f.id, cabin="Y", granted=400,
                              used_local=0, expires_at=departs.replace(tzinfo=None),
                              status="active"))
        for prefix in sorted(set(session.scalars(select(Airline.prefix)))):
            session.add(NumberRange(range_id=f"bench-{prefix}", kind="ticket", prefix=prefix,
                                    first=2_100_000_000, last=2_100_999_999,
                                    next_number=2_100_000_000))
        by_key = {(f.origin, f.destination, f.dep_date): f for f in flights}
        pairs: dict[date, list[tuple[str, str | None]]] = {}
        for f in flights:
            if f.origin != "HET":
                continue
            back = by_key.get((f.destination, "HET", f.dep_date + timedelta(days=3)))
            pairs.setdefault(f.dep_date, []).append((f.id, back.id if back else None))
    return pairs


def build_store(folder: Path, sales_target: int, count_tickets: bool, today: date,
                seed: int) -> dict[str, Any]:
    """Build one store in ``folder`` (see the module docstring); returns its figures."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    t0 = time.perf_counter()
    started = start_counter(folder, demo=True, today=today)
    store = started.store
    rng = random.Random(seed)
    try:
        pairs = _prepare(store, today)
        clerk = _clerk(store)
        prepared = time.perf_counter() - t0
        pool = make_people(max(200, int(sales_target * 0.55)), rng, today)
        frequent = pool[: max(20, len(pool) // 50)]  # 2 % of people fly every few weeks
        # Bookings a day: a booking carries 1.1 tickets on average (the mix below), so
        # counting tickets the sales still fill the whole year.
        per_day = sales_target / DAYS / (TICKETS_PER_BOOKING if count_tickets else 1.0)
        tickets = bookings = 0
        sale_times: list[float] = []
        t1 = time.perf_counter()
        first_day = today - timedelta(days=DAYS - 1)
        day_index = 0
        while (tickets if count_tickets else bookings) < sales_target:
            day = first_day + timedelta(days=min(day_index, DAYS - 1))
            day_index += 1
            due = round(per_day * day_index) - round(per_day * (day_index - 1))
            if day_index > DAYS:  # the count not reached (a day's rounding): sell on the last day
                due = 1
            day_start = datetime.combine(day, datetime.min.time(), SHANGHAI).replace(hour=8)
            for k in range(due):
                count = tickets if count_tickets else bookings
                if count >= sales_target:
                    break
                now = (day_start + timedelta(seconds=int(36000 * (k + 0.5) / max(due, 1)))
                       ).astimezone(UTC)
                roll = rng.random()
                left = sales_target - count if count_tickets else 9
                kind = ("one" if roll < 0.75 or left < 2 else "return" if roll < 0.90
                        else "two" if roll < 0.97 else "child")
                lead = rng.choice((1, 2, 3, 3, 5, 7, 7, 10, 12))
                options = pairs.get(day + timedelta(days=lead)) or []
                if kind == "return":
                    options = [p for p in options if p[1] is not None]
                if not options:
                    continue
                out, back = rng.choice(options)
                who = rng.choice(frequent) if rng.random() < 0.3 else rng.choice(pool)
                party = [who]
                if kind == "two":
                    party.append(rng.choice(pool))
                elif kind == "child":
                    party.append(_child(rng, today))
                passengers = [PassengerInput(p.name, p.id_type, p.id_number,
                                             birth_date=p.birth if p.id_type != "NI" else None,
                                             mobile=p.mobile) for p in party]
                segments = [SegmentChoice(out, "Y")]
                if kind == "return" and back is not None:
                    segments.append(SegmentChoice(back, "Y"))
                start = time.perf_counter()
                with store.unit_of_work() as session:
                    held = book(session, segments=segments, passengers=passengers,
                                customer_id=None, clerk=clerk, now=now,
                                contact_mobile=who.mobile, rng=rng)
                total = held.quote.total
                pays = ([PaymentInput("cash", total, tendered=(total // 100 + 1) * 100)]
                        if rng.random() < 0.6 else [PaymentInput("bank_card", total,
                                                                  reference="POS 0042")])
                with store.unit_of_work() as session:
                    issued = ticket_booking(session, held.booking_id, pays, clerk=clerk,
                                            now=now + timedelta(minutes=2))
                sale_times.append(time.perf_counter() - start)
                tickets += len(issued.tickets)
                bookings += 1
            # The day's ops reached head office (as a drain at the day's end marks them).
            with store.unit_of_work() as session:
                session.execute(
                    update(OutboxEntry)
                    .where(OutboxEntry.state == "pending")
                    .values(state="done", attempts=1, finished_at=day_start.replace(
                        tzinfo=None, hour=20), result={}))
            if day_index % 30 == 0:
                rate = statistics.median(sale_times[-500:]) * 1000 if sale_times else 0
                print(f"  day {day_index}: {tickets} tickets, {bookings} bookings, "
                      f"{rate:.1f} ms per sale (hold + ticket)", flush=True)
        built = time.perf_counter() - t1
    finally:
        store.close()
    figures = {
        "build_version": BUILD_VERSION,
        "revision": HEAD_REVISION,
        "today": today.isoformat(),
        "tickets": tickets,
        "bookings": bookings,
        "prepare_s": round(prepared, 1),
        "sales_s": round(built, 1),
        "sale_ms_median": round(statistics.median(sale_times) * 1000, 2),
        "sale_ms_first_1000": round(statistics.median(sale_times[:1000]) * 1000, 2),
        "sale_ms_last_1000": round(statistics.median(sale_times[-1000:]) * 1000, 2),
    }
    (folder / "bench.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return figures


def cached_store(cache: Path, name: str, target: int, count_tickets: bool, today: date,
                 rebuild: bool) -> tuple[Path, dict[str, Any]]:
    """The store ``name`` from the cache, built first when missing, built by another
    ``BUILD_VERSION`` or with another count. A store built at an older schema revision is
    kept: opening it runs the counter's own migrations, as at a counter after an update
    (the time they take is printed); one at a revision this code does not know is rebuilt."""
    folder = cache / name
    meta = folder / "bench.json"
    if not rebuild and meta.exists():
        figures = json.loads(meta.read_text(encoding="utf-8"))
        if (figures.get("build_version") == BUILD_VERSION
                and figures.get("revision") in known_revisions()
                and figures.get("tickets" if count_tickets else "bookings") == target):
            return folder, figures
    print(f"building the {name} store in {folder} ...", flush=True)
    figures = build_store(folder, target, count_tickets, today, seed=20 + len(name))
    print(f"  {figures}", flush=True)
    return folder, figures


# --- what the GUI runs --------------------------------------------------------------------


def traveller_lookup(store: Store) -> Callable[[str], int]:
    """One keystroke of the Sale page's traveller completer (``_find_travellers``)."""
    from counter_app.services.lookup import lookup_travellers

    def run(text: str) -> int:
        with store.read() as session:
            return len(lookup_travellers(session, text))

    return run


def after_sale_search(store: Store, offset: int = 0) -> Callable[[str], int]:
    """``AfterSalePage.search``'s work (``booking_rows``: one page of list rows), then the
    detail of the first row, which the page loads when it selects that row; with an
    ``offset``, the next page as "More bookings" fetches it (no detail: the selection stays)."""
    from counter_app.services.booking import booking_detail
    from counter_app.services.screens import booking_rows

    def run(text: str) -> int:
        now = datetime.now(UTC)
        with store.read() as session:
            rows, _more = booking_rows(session, text, offset, now)
        if rows and not offset:
            with store.read() as session:
                booking_detail(session, rows[0].summary.booking_id)
        return len(rows)

    return run


# --- what to type -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sample:
    name: str
    id_number: str
    mobile: str
    pinyin: str
    pnr: str
    ticket: str


def samples(store: Store, count: int, seed: int) -> list[Sample]:
    rng = random.Random(seed)
    with store.read() as session:
        total = session.scalar(select(func.count()).select_from(BookingPassenger)) or 0
        out: list[Sample] = []
        while len(out) < count:
            p = session.scalars(select(BookingPassenger).order_by(BookingPassenger.id)
                                .offset(rng.randrange(total)).limit(1)).one()
            if p.id_type != "NI" or not p.mobile:
                continue
            b = session.get(Booking, p.booking_id)
            t = session.scalars(select(Ticket.ticket_number)
                                .where(Ticket.passenger_id == p.id)).first()
            if b is None or t is None:
                continue
            out.append(Sample(p.name, p.id_number, p.mobile, p.name_pinyin, b.pnr, t))
    return out


def rare_names(store: Store) -> list[str]:
    with store.read() as session:
        return [n for n in RARE if session.scalar(
            select(func.count()).select_from(BookingPassenger)
            .where(BookingPassenger.name == n))]


def keystroke_cases(picks: list[Sample]) -> dict[str, list[str]]:
    """What the completer is asked per keystroke (the page's minimum length applied)."""
    cases: dict[str, list[str]] = {f"ID prefix {n:>2}": [] for n in range(6, 19)}
    cases.update({"mobile (name field)": [], "pinyin name": [], "Chinese name": []})
    for s in picks:
        for n in range(6, 19):
            cases[f"ID prefix {n:>2}"].append(s.id_number[:n])
        cases["mobile (name field)"] += [s.mobile[:n] for n in range(2, 12)]
        cases["pinyin name"] += [s.pinyin[:n] for n in range(2, len(s.pinyin) + 1)]
        cases["Chinese name"] += [s.name[:n] for n in range(2, len(s.name) + 1)]
    return cases


def search_cases(picks: list[Sample], rare: list[str]) -> dict[str, list[str]]:
    return {
        "locator": [s.pnr for s in picks],
        "ticket number": [s.ticket for s in picks],
        "ID number": [s.id_number for s in picks],
        "name 王 (common surname)": ["王"] * min(len(picks), 6),
        "full name": [s.name for s in picks],
        "rare name": (rare or ["欧阳靖宇"]) [: len(picks)],
        "mobile": [s.mobile for s in picks],
    }


def time_cases(run: Callable[[str], int], cases: dict[str, list[str]],
               ) -> dict[str, tuple[list[float], float]]:
    """Per kind: the times in ms and the mean number of rows found."""
    out: dict[str, tuple[list[float], float]] = {}
    for kind, texts in cases.items():
        times: list[float] = []
        rows = 0
        for text in texts:
            start = time.perf_counter_ns()
            rows += run(text)
            times.append((time.perf_counter_ns() - start) / 1e6)
        out[kind] = (times, rows / max(len(texts), 1))
    return out


def report(title: str, small: dict[str, tuple[list[float], float]],
           year: dict[str, tuple[list[float], float]], target: float) -> tuple[float, float]:
    print(f"\n{title}")
    print(f"{'':<26}{'--- 300 sales ---':>26}   {'--- a year ---':>26}")
    print(f"{'kind':<26}{'median':>8}{'p95':>8}{'max':>8}{'rows':>6}   "
          f"{'median':>8}{'p95':>8}{'max':>8}{'rows':>6}{'x med':>7}  verdict")
    every_small: list[float] = []
    every_year: list[float] = []
    for kind in year:
        s, s_rows = small[kind]
        y, y_rows = year[kind]
        every_small += s
        every_year += y
        verdict = "OK" if percentile(y, 95) <= target else "MISSES TARGET"
        ratio = statistics.median(y) / max(statistics.median(s), 1e-6)
        print(f"{kind:<26}{statistics.median(s):>8.1f}{percentile(s, 95):>8.1f}{max(s):>8.1f}"
              f"{s_rows:>6.1f}   {statistics.median(y):>8.1f}{percentile(y, 95):>8.1f}"
              f"{max(y):>8.1f}{y_rows:>6.1f}{ratio:>6.1f}x  {verdict}")
    return percentile(every_small, 95), percentile(every_year, 95)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cache", type=Path,
                        default=Path.home() / ".cache" / "counter-bench" / "year",
                        help="folder for the built stores (default ~/.cache/counter-bench/year)")
    parser.add_argument("--tickets", type=int, default=50_001, help="tickets in the year store")
    parser.add_argument("--small", type=int, default=300, help="sales in the small store")
    parser.add_argument("--samples", type=int, default=12,
                        help="travellers and bookings searched for per store (default 12)")
    parser.add_argument("--rebuild", action="store_true", help="build both stores again")
    args = parser.parse_args()

    today = datetime.now(UTC).astimezone(SHANGHAI).date()
    args.cache.mkdir(parents=True, exist_ok=True)
    small_dir, small_figures = cached_store(args.cache, "small", args.small, False, today,
                                            args.rebuild)
    year_dir, year_figures = cached_store(args.cache, "year", args.tickets, True, today,
                                          args.rebuild)
    for name, figures in (("small", small_figures), ("year", year_figures)):
        print(f"{name} store: {figures['tickets']} tickets, {figures['bookings']} bookings, "
              f"built {figures['today']} in {figures['prepare_s']} s + {figures['sales_s']} s "
              f"of sales, median {figures['sale_ms_median']} ms per sale (hold + ticket; "
              f"first 1000 {figures['sale_ms_first_1000']} ms, "
              f"last 1000 {figures['sale_ms_last_1000']} ms)")

    results: dict[str, dict[str, dict[str, tuple[list[float], float]]]] = {}
    for name, folder, figures in (("small", small_dir, small_figures),
                                  ("year", year_dir, year_figures)):
        t0 = time.perf_counter()
        store = open_store(database_path(folder))
        opened = time.perf_counter() - t0
        revision = current_revision(store.engine)
        if revision != figures["revision"]:
            print(f"{name} store migrated from {figures['revision']} to {revision} on open "
                  f"in {opened:.2f} s")
            figures["revision"] = revision
            (folder / "bench.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
        else:
            print(f"{name} store opened in {opened:.2f} s", flush=True)
        try:
            picks = samples(store, args.samples, seed=7)
            completer = traveller_lookup(store)
            search = after_sale_search(store)
            completer("warm")  # imports and caches outside the timings
            search("warm")
            searches = time_cases(search, search_cases(picks, rare_names(store)))
            searches["王, next page (More)"] = time_cases(
                after_sale_search(store, PAGE_SIZE), {"": ["王"] * 6})[""]
            results[name] = {
                "keys": time_cases(completer, keystroke_cases(picks)),
                "search": searches,
            }
        finally:
            store.close()

    keys_small, keys_year = report(
        "Sale page, traveller completer: ms per keystroke (lookup_travellers)",
        results["small"]["keys"], results["year"]["keys"], KEYSTROKE_TARGET_MS)
    search_small, search_year = report(
        "After-sale search: ms per search (bookings list + first booking's detail)",
        results["small"]["search"], results["year"]["search"], SEARCH_TARGET_MS)
    print()
    key_verdict = "OK" if keys_year <= KEYSTROKE_TARGET_MS else "MISSES TARGET"
    search_verdict = "OK" if search_year <= SEARCH_TARGET_MS else "MISSES TARGET"
    print(f"year of data ({year_figures['tickets']} tickets): completer p95 {keys_year:.1f} ms "
          f"per keystroke (300 sales: {keys_small:.1f}), target ≤ "
          f"{KEYSTROKE_TARGET_MS:.0f} ms: {key_verdict}; after-sale search p95 "
          f"{search_year:.1f} ms (300 sales: {search_small:.1f}), target ≤ "
          f"{SEARCH_TARGET_MS:.0f} ms: {search_verdict}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
