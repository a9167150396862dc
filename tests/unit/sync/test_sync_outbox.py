"""The outbox: ops join the caller's unit of work, keep local order and their hash, and
carry head office's answer; the attention list and the status line read from the store."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sync_support import NOW

from counter_app.storage.db import Store
from counter_app.storage.models import OutboxEntry
from counter_app.sync import protocol
from counter_app.sync.outbox import (
    enqueue,
    enqueue_payload,
    mark_done,
    mark_rejected,
    mark_retry,
    pending,
    queue_stats,
    to_op,
)
from counter_app.sync.status import (
    AttentionKind,
    AttentionNotFoundError,
    add_attention,
    attention_items,
    open_attention,
    read_status,
    resolve,
    server_now,
    set_setting,
)


def outbox_count(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxEntry)) or 0)


def test_enqueue_joins_the_callers_unit_and_never_commits_alone(empty_store: Store) -> None:

    def change_that_fails() -> None:
        with empty_store.unit_of_work() as session:
            enqueue(session, protocol.LeaseRelease(lease_id="L1"), "wangli", NOW)
            raise RuntimeError("the change itself failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert outbox_count(empty_store) == 0
    with empty_store.unit_of_work() as session:
        entry = enqueue_payload(session, "lease.release", {"lease_id": "L1"}, "wangli", NOW)
        assert entry.seq >= 1  # flushed: its place in the order is known inside the unit
    assert outbox_count(empty_store) == 1


def test_payload_is_normalised_and_hashed_as_stored(empty_store: Store) -> None:
    payload = {"sale_id": "s1", "ticket_numbers": ("876-2090000000",), "reason": "旅客取消"}
    with empty_store.unit_of_work() as session:
        entry = enqueue_payload(session, "sale.void", payload, "wangli", NOW)
        op_id = entry.op_id
    with empty_store.read() as session:
        stored = session.scalars(select(OutboxEntry)).one()
        op = to_op(stored)
        session.expunge(stored)
    assert stored.payload["ticket_numbers"] == ["876-2090000000"]
    assert stored.payload_hash == protocol.payload_hash(stored.payload)
    assert stored.schema_version == protocol.OP_SCHEMA_VERSION
    assert op.op_id == op_id
    assert op.counter_time == NOW
    assert op.clerk_login == "wangli"
    assert op.kind is protocol.OpKind.SALE_VOID


def test_an_op_built_as_its_model_is_stored_as_the_same_dict_would_be(
    empty_store: Store,
) -> None:
    """The kind comes from the model; the stored payload and its hash are those of the dict
    a counter wrote before the models (only the fields given)."""
    model = protocol.SaleVoid(sale_id="s1", ticket_numbers=["876-2090000000"], reason="旅客取消")
    plain = {"sale_id": "s1", "ticket_numbers": ["876-2090000000"], "reason": "旅客取消"}
    with empty_store.unit_of_work() as session:
        typed = enqueue(session, model, "wangli", NOW)
        by_hand = enqueue_payload(session, "sale.void", plain, "wangli", NOW)
        assert typed.kind == by_hand.kind == "sale.void"
        assert typed.payload == by_hand.payload == plain
        assert typed.payload_hash == by_hand.payload_hash
        short = enqueue(session, protocol.SaleVoid(sale_id="s2", ticket_numbers=["1"]),
                        "wangli", NOW)
        assert short.payload == {"sale_id": "s2", "ticket_numbers": ["1"]}  # no default reason


def test_enqueue_refuses_what_cannot_be_sent(empty_store: Store) -> None:
    with empty_store.unit_of_work() as session:
        with pytest.raises(ValueError, match="plain JSON"):
            enqueue_payload(session, "sale.void", {"amount": Decimal("1.00")}, "wangli", NOW)
        with pytest.raises(ValueError, match="clerk"):
            enqueue_payload(session, "sale.void", {"sale_id": "s"}, "", NOW)
        with pytest.raises(ValueError, match="not a valid OpKind"):
            enqueue_payload(session, "sale.teleport", {"sale_id": "s"}, "wangli", NOW)
        with pytest.raises(ValueError, match="ticket_numbers"):  # not a sale.void payload
            enqueue_payload(session, "sale.void", {"sale_id": "s"}, "wangli", NOW)
        with pytest.raises(ValueError, match="clerk"):
            enqueue(session, protocol.SaleVoid(sale_id="s", ticket_numbers=["1"]), "", NOW)
    assert outbox_count(empty_store) == 0


def test_pending_in_seq_order_and_marks(empty_store: Store) -> None:
    with empty_store.unit_of_work() as session:
        for i in range(5):
            enqueue_payload(session, "lease.release", {"lease_id": f"L{i}"}, "wangli",
                    NOW + timedelta(minutes=i))
    with empty_store.unit_of_work() as session:
        entries = pending(session, 10)
        assert [e.payload["lease_id"] for e in entries] == [f"L{i}" for i in range(5)]
        mark_done(entries[0], NOW, {"ok": True})
        mark_rejected(entries[1], "lease_unknown", "no lease", NOW)
        mark_retry(entries[2], "busy", "try again")
    with empty_store.read() as session:
        left = pending(session, 2)
        assert [e.payload["lease_id"] for e in left] == ["L2", "L3"]
        assert left[0].attempts == 1
        assert left[0].last_code == "busy"
        count, age = queue_stats(session, NOW + timedelta(minutes=30))
        states = dict(session.execute(select(OutboxEntry.op_id, OutboxEntry.state)).all())
    assert count == 3
    assert age == timedelta(minutes=28)  # the oldest still waiting is L2
    assert sorted(states.values()) == ["done", "pending", "pending", "pending", "rejected"]
    with empty_store.read() as session:
        assert queue_stats(session, NOW) == (3, timedelta(0))  # a clock behind: never negative


def test_attention_items_and_the_status_line(empty_store: Store) -> None:
    with empty_store.unit_of_work() as session:
        first = add_attention(session, AttentionKind.REJECTED_OP, "no_seats", "售完", NOW,
                              op_id="op-1", detail={"seq": 1})
        assert first is not None
        assert add_attention(session, "conflict", "c", "m", NOW, source="conflict:1")
        assert add_attention(session, "conflict", "c", "m", NOW, source="conflict:1") is None
        enqueue_payload(session, "lease.release", {"lease_id": "L1"}, "wangli", NOW)
        set_setting(session, "sync:server_offset_s", "-30.5")
        set_setting(session, "sync:online", "1")
    with empty_store.unit_of_work() as session:
        assert [a.code for a in open_attention(session)] == ["no_seats", "c"]
        resolve(session, first, "已退款", "chenhong", NOW + timedelta(hours=1))
        resolve(session, first, "again", "x", NOW + timedelta(hours=2))  # first answer stays
        with pytest.raises(AttentionNotFoundError):
            resolve(session, "nope", "x", "x", NOW)
    with empty_store.read() as session:
        assert [a.code for a in open_attention(session)] == ["c"]
        done = next(a for a in attention_items(session) if a.id == first)
        assert done.resolution == "已退款"
        status = read_status(session, NOW + timedelta(minutes=11))
        assert server_now(session, NOW) == NOW - timedelta(seconds=30.5)
    assert status.online
    assert status.pending == 1
    assert status.oldest_pending_age == timedelta(minutes=11)
    assert status.stalled  # older than the default 10 minutes
    assert status.attention_open == 1
    assert status.server_offset == timedelta(seconds=-30.5)
    assert status.last_success_at is None
    assert not status.enrolled
