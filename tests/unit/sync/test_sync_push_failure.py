"""A head office that fails on push (answers 500 to ``POST …/sync/push``, say on an op it
cannot handle) must not cut the counter off: the pull of the same cycle still runs, so the
counter keeps receiving flights, leases and people, and the failure is reported.

The failing head office is the real one (``create_app`` over real HTTP) behind a thin ASGI
wrapper that answers 500 to the push only: the edge of the world, not a mock of the app."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from sqlalchemy import select
from sync_support import Counter, HeadOffice
from test_sync_engine import local_flight, outbox_states, sell

from counter_app.storage.models import SyncCycle
from counter_app.sync.status import LAST_ERROR, get_cursor, get_setting, read_status

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class PushFails:
    """The real head office, except that ``POST …/sync/push`` answers 500 while ``failing``."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app
        self.failing = True
        self.pushes = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].endswith("/sync/push"):
            self.pushes += 1
            if self.failing:
                body = b'{"code":"internal","message":"head office failed"}'
                await send({"type": "http.response.start", "status": 500,
                            "headers": [(b"content-type", b"application/json"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def failing_push(head_office: HeadOffice) -> PushFails:
    """Serve the same head office, on the same port, behind :class:`PushFails`."""
    head_office.server.stop()
    wrapper = PushFails(head_office.server.app)
    head_office.server.app = wrapper
    head_office.server.start()
    return wrapper


def test_a_push_answered_500_does_not_stop_the_pull(
    head_office: HeadOffice, counter: Counter
) -> None:
    assert counter.engine.cycle().ok
    flight_id = local_flight(counter)
    # The lease is logged at head office as changes this counter has not pulled yet.
    counter.engine.request_lease(flight_id, "Y", 2)
    with counter.store.read() as session:
        before = get_cursor(session)
    sell(counter, flight_id)
    wrapper = failing_push(head_office)

    report = counter.engine.cycle()

    assert wrapper.pushes == 1, (report, outbox_states(counter))
    assert not report.ok
    assert "500" in report.error or "head office failed" in report.error
    assert report.pulled > 0  # the pull ran after the failed push
    assert report.cursor > before
    assert report.checksum_ok is True
    assert outbox_states(counter) == [("sale.issue", "pending", "")]  # kept, sent again later
    with counter.store.read() as session:
        assert get_cursor(session) == report.cursor
        assert "head office failed" in (get_setting(session, LAST_ERROR) or "")
        cycle = session.scalars(select(SyncCycle).order_by(SyncCycle.id.desc())).first()
        assert cycle is not None
        assert (cycle.ok, cycle.pulled) == (False, report.pulled)
        assert read_status(session, counter.clock.now()).online  # head office answered

    wrapper.failing = False  # head office fixed: the op goes through
    fixed = counter.engine.cycle()
    assert fixed.ok, fixed.error
    assert (fixed.pushed, fixed.applied) == (1, 1)
    assert outbox_states(counter) == [("sale.issue", "done", "")]
