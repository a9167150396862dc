"""``counter-headoffice grant-customer``: let one outlet change a shared customer.

::

    counter-headoffice grant-customer --customer AC-0009 --outlet HET001
    counter-headoffice grant-customer --customer AC-0009 --outlet HET001 --revoke

A shared customer (no outlet) is read-only at every counter: ``customer.update`` from a
counter is refused ``not_your_customer`` unless head office granted that counter's outlet
(a ``customer_grants`` row). Only shared customers are granted: another outlet's customer
never reaches a counter of this outlet, so it could not be edited there anyway; a GP unit
only to a GP counter, the only outlets that see GP units.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from counter_app.headoffice import changes
from counter_app.headoffice.db import opened
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.models import Customer, CustomerGrant, Outlet
from counter_app.headoffice.records import naive_utc

Command = Callable[[str, str], argparse.ArgumentParser]


def _customer(session: Session, code: str) -> Customer:
    row = session.scalars(select(Customer).where(Customer.code == code)).one_or_none()
    if row is None:
        raise ApiError(404, "customer_unknown", f"no customer {code!r}")
    return row


def grant_customer(session: Session, customer_code: str, outlet_code: str,
                   now: datetime) -> bool:
    """Let ``outlet_code`` change the shared customer ``customer_code``; False when it
    already could. Refusals: ``customer_unknown``, ``outlet_unknown``, ``customer_not_shared``
    (the customer belongs to an outlet), ``gp_not_allowed`` (a GP unit to an outlet that is
    not a GP counter)."""
    customer = _customer(session, customer_code)
    outlet = session.get(Outlet, outlet_code)
    if outlet is None:
        raise ApiError(404, "outlet_unknown", f"no outlet {outlet_code!r}")
    if customer.outlet_code is not None:
        raise ApiError(409, "customer_not_shared",
                       f"customer {customer_code} belongs to outlet {customer.outlet_code}; "
                       "only shared customers (no outlet) are granted")
    if customer.kind == "gp_unit" and outlet.kind != changes.GP_OUTLET_KIND:
        raise ApiError(409, "gp_not_allowed",
                       f"{customer_code} is a GP unit; outlet {outlet_code} is not a GP counter")
    if session.get(CustomerGrant, (customer.id, outlet_code)) is not None:
        return False
    session.add(CustomerGrant(customer_id=customer.id, outlet_code=outlet_code,
                              granted_at=naive_utc(now)))
    return True


def revoke_customer_grant(session: Session, customer_code: str, outlet_code: str) -> bool:
    """Make the customer read-only again at ``outlet_code``; False when it was."""
    customer = _customer(session, customer_code)
    done = session.execute(delete(CustomerGrant).where(
        CustomerGrant.customer_id == customer.id, CustomerGrant.outlet_code == outlet_code))
    return bool(getattr(done, "rowcount", 0))


def cmd_grant_customer(args: argparse.Namespace) -> int:
    with opened(args.database_url) as db, db.write() as session:
        if args.revoke:
            changed = revoke_customer_grant(session, args.customer, args.outlet)
        else:
            changed = grant_customer(session, args.customer, args.outlet, datetime.now(UTC))
    if args.revoke:
        print(f"customer {args.customer} is read-only at outlet {args.outlet}"
              + ("" if changed else " (it already was)"))
    else:
        print(f"outlet {args.outlet} may change customer {args.customer}"
              + ("" if changed else " (it already could)"))
    return 0


def add_commands(command: Command) -> None:
    """Add ``grant-customer`` to the CLI; ``command`` makes a subcommand with
    ``--database-url``."""
    p = command("grant-customer", "let an outlet's counters change a shared customer "
                                  "(or, with --revoke, no longer)")
    p.add_argument("--customer", required=True, help="the customer's code, e.g. AC-0009")
    p.add_argument("--outlet", required=True, help="the outlet's code, e.g. HET001")
    p.add_argument("--revoke", action="store_true", help="take the grant back")
    p.set_defaults(func=cmd_grant_customer)
