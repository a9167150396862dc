"""``counter-headoffice counters ...``: see, disable, enable a counter and revoke its tokens.

::

    counter-headoffice counters list
    counter-headoffice counters disable --counter ID --reason "stolen at HET001"
    counter-headoffice counters enable --counter ID
    counter-headoffice counters revoke --counter ID

**Disable** refuses every request and token refresh of the counter with 401
``counter_disabled`` from the next request on (its tokens are kept, so ``enable`` lets the
same installation in again). **Revoke** kills every token of the counter for good: that
installation must be enrolled again with a new code (it then is a new counter). A stolen
counter is disabled *and* revoked. See ``auth``'s docstring for what happens when a
refresh token is replayed.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select

from counter_app.headoffice import auth
from counter_app.headoffice.db import opened
from counter_app.headoffice.models import Counter

Command = Callable[[str, str], argparse.ArgumentParser]


def _fmt(at: datetime | None) -> str:
    return "-" if at is None else at.strftime("%Y-%m-%d %H:%M:%SZ")


def cmd_list(args: argparse.Namespace) -> int:
    with opened(args.database_url) as db, db.read() as session:
        counters = list(session.scalars(
            select(Counter).order_by(Counter.outlet_code, Counter.enrolled_at)))
        live = auth.live_tokens(session, datetime.now(UTC))
    if not counters:
        print("no counters enrolled")
        return 0
    for c in counters:
        print(f"counter {c.id}  {c.name}  outlet {c.outlet_code}  [{c.status}]  "
              f"live tokens {live.get(c.id, 0)}  last seen {_fmt(c.last_seen_at)}")
        if c.status != "active":
            print(f"  disabled {_fmt(c.disabled_at)}: {c.disabled_reason or '-'}")
    return 0


def cmd_disable(args: argparse.Namespace) -> int:
    with opened(args.database_url) as db, db.write() as session:
        auth.disable_counter(session, args.counter, args.reason, datetime.now(UTC))
    print(f"counter {args.counter} disabled: its requests and refreshes are refused")
    return 0


def cmd_enable(args: argparse.Namespace) -> int:
    with opened(args.database_url) as db, db.write() as session:
        auth.enable_counter(session, args.counter)
    print(f"counter {args.counter} enabled")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    with opened(args.database_url) as db, db.write() as session:
        count = auth.revoke_tokens(session, args.counter)
    print(f"counter {args.counter}: {count} tokens revoked; it must be enrolled again")
    return 0


def add_commands(command: Command) -> None:
    """Add ``counters`` (list, disable, enable, revoke) to the CLI; ``command`` makes a
    subcommand with ``--database-url``."""
    parent = command("counters", "list counters, disable or enable one, revoke its tokens")
    sub = parent.add_subparsers(dest="counters_command", required=True)

    def leaf(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        # Also accepted after the subcommand; SUPPRESS keeps the parent's value otherwise.
        p.add_argument("--database-url", default=argparse.SUPPRESS,
                       help="SQLAlchemy URL (as for every command)")
        return p

    leaf("list", "every counter, its status and how many live tokens it has").set_defaults(
        func=cmd_list)
    p = leaf("disable", "refuse every request of a counter until it is enabled again")
    p.add_argument("--counter", required=True)
    p.add_argument("--reason", required=True, help="why (kept with the counter)")
    p.set_defaults(func=cmd_disable)
    p = leaf("enable", "let a disabled counter in again")
    p.add_argument("--counter", required=True)
    p.set_defaults(func=cmd_enable)
    p = leaf("revoke", "revoke every token of a counter: it must be enrolled again")
    p.add_argument("--counter", required=True)
    p.set_defaults(func=cmd_revoke)
