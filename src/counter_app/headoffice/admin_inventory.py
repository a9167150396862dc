"""Head office staff commands on seat leases and quotas (``counter-headoffice``)::

    counter-headoffice leases [--counter ID] [--flight-no CA1301 --date 2026-11-25] \\
        [--status active|released|expired|revoked]
    counter-headoffice revoke-lease ID [--reason TEXT] [--by NAME]
    counter-headoffice revoke-leases --counter ID [--reason TEXT] [--by NAME]
    counter-headoffice policy                      # every quota in force, and the overrides
    counter-headoffice policy set NAME VALUE [--outlet CODE] [--by NAME]
    counter-headoffice policy unset NAME [--outlet CODE]

A revoked lease's unsold seats go back to stock at once; sales already made from it stay
sold, and a sale of it pushed later takes free stock (else is refused ``no_seats``), as for
an expired lease. The counter learns of the revocation in its next pull (the lease comes
with status ``revoked``) and stops selling from it. Quotas and their defaults:
``headoffice/policy.py``.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.headoffice import inventory, policy
from counter_app.headoffice.db import opened
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.models import Counter, Flight, SeatLease

LEASE_STATUSES = ("active", "released", "expired", "revoked")
NewCommand = Callable[[str, str], argparse.ArgumentParser]


def _staff() -> str:
    return os.environ.get("USER") or os.environ.get("USERNAME") or "staff"


def _row(*cells: object) -> str:
    widths = (36, 36, 8, 8, 10, 5, 7, 4, 16, 8)
    return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=False)).rstrip()


def cmd_leases(args: argparse.Namespace) -> int:
    if (args.flight_no is None) != (args.date is None):
        raise ApiError(422, "invalid_request", "--flight-no and --date go together")
    query = (
        select(SeatLease.id, SeatLease.counter_id, Counter.outlet_code, Flight.flight_no,
               Flight.dep_date, SeatLease.cabin, SeatLease.granted, SeatLease.used,
               SeatLease.expires_at, SeatLease.status, SeatLease.ended_reason)
        .join(Counter, Counter.id == SeatLease.counter_id)
        .join(Flight, Flight.id == SeatLease.flight_id)
        .order_by(Flight.dep_date, Flight.flight_no, SeatLease.cabin, SeatLease.id)
    )
    if args.counter:
        query = query.where(SeatLease.counter_id == args.counter)
    if args.flight_no:
        query = query.where(Flight.flight_no == args.flight_no,
                            Flight.dep_date == date.fromisoformat(args.date))
    if args.status:
        query = query.where(SeatLease.status == args.status)
    with opened(args.database_url) as db, db.read() as session:
        rows = session.execute(query).all()
    if not rows:
        print("no leases" + (f" with status {args.status}" if args.status else ""))
        return 0
    print(_row("lease", "counter", "outlet", "flight", "date", "cabin", "granted", "used",
               "expires (UTC)", "status"))
    for r in rows:
        print(_row(r.id, r.counter_id, r.outlet_code, r.flight_no, r.dep_date.isoformat(),
                   r.cabin, r.granted, r.used, r.expires_at.strftime("%Y-%m-%d %H:%M"),
                   r.status))
        if r.ended_reason:
            print(f"  ended: {r.ended_reason}")
    held = sum(r.granted - r.used for r in rows if r.status == "active")
    print(f"{len(rows)} leases, {held} unsold seats held by active ones")
    return 0


def _reason(args: argparse.Namespace) -> str:
    return f"revoked by {args.by}" + (f": {args.reason}" if args.reason else "")


def cmd_revoke_lease(args: argparse.Namespace) -> int:
    with opened(args.database_url) as db, db.write() as session:
        lease = inventory.revoke_lease(session, args.lease_id, _reason(args))
    print(f"lease {lease.id} revoked: {lease.granted - lease.used} seats back to stock, "
          f"{lease.used} sold stay sold")
    return 0


def cmd_revoke_leases(args: argparse.Namespace) -> int:
    with opened(args.database_url) as db, db.write() as session:
        if session.get(Counter, args.counter) is None:
            raise ApiError(404, "counter_unknown", f"no counter {args.counter}")
        leases = inventory.revoke_counter_leases(session, args.counter, _reason(args))
    back = sum(lease.granted - lease.used for lease in leases)
    print(f"revoked {len(leases)} leases of counter {args.counter}: {back} seats back to stock")
    return 0


def _list_policies(session: Session) -> None:
    stored = policy.settings(session)
    everywhere = {s.name: s for s in stored if s.outlet_code == policy.ALL_OUTLETS}
    print(f"{'policy':36}  {'default':>8}  {'in force':>8}  meaning")
    for spec in policy.POLICIES.values():
        row = everywhere.get(spec.name)
        value = spec.default if row is None else row.value
        print(f"{spec.name:36}  {spec.default:>8}  {value:>8}  {spec.meaning}")
    overrides = [s for s in stored if s.outlet_code != policy.ALL_OUTLETS]
    set_here = [s for s in stored if s.outlet_code == policy.ALL_OUTLETS]
    for s in set_here:
        print(f"set for all outlets: {s.name} = {s.value} "
              f"({s.updated_by or '-'}, {s.updated_at:%Y-%m-%d %H:%M}Z)")
    for s in overrides:
        print(f"outlet {s.outlet_code}: {s.name} = {s.value} "
              f"({s.updated_by or '-'}, {s.updated_at:%Y-%m-%d %H:%M}Z)")
    if not stored:
        print("no overrides: every outlet has the defaults")


def cmd_policy(args: argparse.Namespace) -> int:
    action = getattr(args, "action", None)
    where = f"outlet {args.outlet}" if getattr(args, "outlet", "") else "all outlets"
    with opened(args.database_url) as db:
        if action == "set":
            with db.write() as session:
                policy.set_policy(session, args.name, args.value, args.outlet, args.by,
                                  datetime.now(UTC))
            print(f"policy {args.name} = {args.value} for {where}")
        elif action == "unset":
            with db.write() as session:
                removed = policy.unset_policy(session, args.name, args.outlet)
            print(f"policy {args.name} unset for {where}" if removed
                  else f"policy {args.name} was not set for {where}")
        else:
            with db.read() as session:
                _list_policies(session)
    return 0


def add_commands(command: NewCommand) -> None:
    """Add the lease and quota commands through ``cli.build_parser``'s ``command``."""
    p = command("leases", "list seat leases (allotments) of counters")
    p.add_argument("--counter", default=None, help="only this counter's leases")
    p.add_argument("--flight-no", default=None, help="only this flight (with --date)")
    p.add_argument("--date", default=None, help="departure date YYYY-MM-DD (with --flight-no)")
    p.add_argument("--status", default=None, choices=LEASE_STATUSES)
    p.set_defaults(func=cmd_leases)

    p = command("revoke-lease", "end a lease now: its unsold seats go back to stock")
    p.add_argument("lease_id")
    p.add_argument("--reason", default="")
    p.add_argument("--by", default=_staff(), help="who revokes (default: $USER)")
    p.set_defaults(func=cmd_revoke_lease)

    p = command("revoke-leases", "end every active lease of a counter now")
    p.add_argument("--counter", required=True)
    p.add_argument("--reason", default="")
    p.add_argument("--by", default=_staff(), help="who revokes (default: $USER)")
    p.set_defaults(func=cmd_revoke_leases)

    p = command("policy", "quotas on what counters may take (list, set, unset)")
    p.set_defaults(func=cmd_policy)
    actions = p.add_subparsers(dest="action", required=False)
    for name, help_text in (("set", "set a quota for all outlets or one outlet"),
                            ("unset", "remove a quota setting (back to the default)")):
        a = actions.add_parser(name, help=help_text, description=help_text)
        a.add_argument("--database-url", default=argparse.SUPPRESS,
                       help="as for the command")
        a.add_argument("name", choices=sorted(policy.POLICIES))
        if name == "set":
            a.add_argument("value", type=int)
            a.add_argument("--by", default=_staff(), help="who sets it (default: $USER)")
        a.add_argument("--outlet", default=policy.ALL_OUTLETS,
                       help="only for this outlet (default: every outlet)")
