"""The sync engine (同步引擎): one cycle of handshake, push, pull and checksum, and the loop a
background thread runs.

A cycle:

1. **Handshake** on the first cycle, after a failure, and hourly: versions, and the offset
   of head office's clock from this counter's (``sync:server_offset_s``). An offset over
   five minutes puts one ``clock_skew`` item on the attention list (not repeated while the
   skew stays the same; closed by itself when the clock is set right).
2. **Push** the outbox in ``seq`` order, in batches. ``applied``/``duplicate`` → done;
   ``rejected`` → kept as rejected, with an attention item (a refused service request
   submission also goes back to draft: ``sync/request_answers.py``); ``retry`` → stays pending
   (attempts + 1) and pushing stops for this cycle. A 409 ``op_id_reused`` refuses the whole
   batch: that op is marked rejected (head office kept the original) with an attention
   item, and the rest of the batch is sent again. A push head office answers with a server
   error (5xx) stops pushing for this cycle but not the cycle: the pull still runs (the
   counter keeps receiving flights and people) and the cycle is reported failed with
   ``error_kind`` ``push``; the ops stay pending.
3. **Pull** pages until ``has_more`` is false, each page and its cursor in its own unit of
   work.
4. **Checksum** (at most every ``checksum_every``, default 5 minutes, since head office
   computes it over everything the counter holds): when head office's checksum describes
   the state at the local cursor, the digests are compared per scope. On a mismatch the
   counter forgets what it believed it held of that scope and resets its cursor to 0, so
   the next cycle pulls everything again (a full re-pull; upserts make it safe). If the
   same scope still differs after that re-pull, only the attention item stays: re-pulling
   again would not help.
5. A ``sync_cycles`` row records what moved.

**One writer** (docs/architecture.md rule 1). The engine reads the store on its own thread
(WAL readers never wait), but every write (outbox marks, pulled pages with their cursor,
settings, attention items, leases and ranges, the ``sync_cycles`` row) is a unit of work
handed to ``writer`` (:class:`~counter_app.storage.db.Writer`). In the GUI that is the task
runner's database worker, the store's one writer, which runs it between the clerk's tasks
while the engine thread waits (``gui/sync_controller.py``: ``DatabaseWorkerWriter``);
headless and in tests, :func:`~counter_app.storage.db.write_here`, the calling thread.
Network I/O never runs on the writer: each write starts after head office has answered,
and a pulled page and its cursor still commit together.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TypeVar

from sqlalchemy.orm import Session

from counter_app.kernel.clock import Clock
from counter_app.storage.db import Store, Writer, write_here
from counter_app.storage.models import (
    HeadOfficeRequest,
    InvoiceRequest,
    OutboxEntry,
    SyncCycle,
)
from counter_app.sync import protocol
from counter_app.sync.client import (
    AuthExpired,
    AuthInvalid,
    HeadOfficeClient,
    Offline,
    OpIdReused,
    Refused,
    ServerError,
    SyncError,
    UpgradeRequired,
)
from counter_app.sync.outbox import (
    by_op_ids,
    mark_done,
    mark_rejected,
    mark_retry,
    pending,
    queue_stats,
    to_op,
)
from counter_app.sync.pull import (
    apply_page,
    forget_scope,
    local_checksums,
    store_lease,
    store_range,
)
from counter_app.sync.request_answers import request_op_answered
from counter_app.sync.seats import seat_op_answered, store_choice, store_release, store_snapshot
from counter_app.sync.status import (
    CURSOR,
    LAST_ATTEMPT_AT,
    LAST_ERROR,
    LAST_SUCCESS_AT,
    ONLINE,
    OUTLET_CODE,
    REPULL_PREFIX,
    SERVER_OFFSET_S,
    AttentionKind,
    SyncStatus,
    add_attention,
    auto_resolve,
    delete_setting,
    get_cursor,
    get_setting,
    naive_utc,
    open_attention,
    read_status,
    set_setting,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

CLOCK_SKEW_LIMIT = timedelta(minutes=5)
SKEW_UNCHANGED = timedelta(minutes=1)  # a skew within this of the last one reported is "the same"
SKEW_REPORTED = "sync:skew_reported_s"
BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 60.0

MSG_OP_ID_REUSED = "已保留总部的原始记录；请联系技术支持。(kept original; contact support)"
MSG_CLOCK_SKEW = "本机时钟与总部相差 {minutes} 分钟，请校正系统时间。"
MSG_STALL = "有 {count} 笔业务超过 {minutes} 分钟未能上传总部，请检查网络。"
MSG_CHECKSUM = "本地数据与总部不一致（{scope}），已重新下载。"
MSG_CHECKSUM_AGAIN = "重新下载后本地数据与总部仍不一致（{scope}），请联系技术支持。"
MSG_CURSOR_AHEAD = "总部的数据比本柜台旧（可能已从备份恢复），已重新下载全部数据。"
MSG_AUTH = "总部拒绝了本柜台的凭据，请重新注册柜台。"
MSG_UPGRADE = "总部要求升级本程序后才能同步：{message}"


def backoff_delay(failures: int, rng: random.Random) -> float:
    """Full-jitter exponential backoff: uniform in [0, min(60, 1 × 2^(failures-1))] s."""
    ceiling = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** max(0, failures - 1))
    return rng.uniform(0.0, ceiling)


def _aware(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


@dataclass
class CycleReport:
    """What one cycle did. ``error_kind``: ``offline``, ``server``, ``auth``, ``upgrade``,
    ``refused`` or ``internal`` when ``ok`` is false; ``push`` when only the push failed
    (head office answered it with a server error) and the pull and checksum still ran."""

    started_at: datetime
    finished_at: datetime | None = None
    ok: bool = False
    error: str = ""
    error_kind: str = ""
    handshake: bool = False
    pushed: int = 0
    applied: int = 0
    duplicates: int = 0
    rejected: int = 0
    retried: int = 0
    pulled: int = 0
    pages: int = 0
    cursor: int = 0
    checksum_ok: bool | None = None  # None: not compared this cycle

    @property
    def offline(self) -> bool:
        """A failure worth backing off for: the network or head office is down."""
        return self.error_kind in ("offline", "server")


class SyncEngine:
    """Syncs one counter's store with head office through ``client``."""

    def __init__(
        self,
        store: Store,
        client: HeadOfficeClient,
        clock: Clock,
        *,
        batch: int = protocol.MAX_PUSH_OPS,
        stall_after: timedelta = timedelta(minutes=10),
        interval: float = 15.0,
        # The largest page head office gives: a first pull of a hundred thousand changes
        # takes a third of the round trips and transactions the default would.
        pull_limit: int = protocol.MAX_PULL_LIMIT,
        handshake_every: timedelta = timedelta(hours=1),
        checksum_every: timedelta = timedelta(minutes=5),
        rng: random.Random | None = None,
        on_pull_page: Callable[[int, int], None] | None = None,
        writer: Writer = write_here,
    ) -> None:
        self.store = store
        # Every unit of work that writes runs through it (the GUI's database worker).
        self.writer = writer
        # Told (cursor, newest seq) after each page pulled: the first start's progress.
        self.on_pull_page = on_pull_page
        self.client = client
        self.clock = clock
        self.batch = max(1, min(batch, protocol.MAX_PUSH_OPS))
        self.stall_after = stall_after
        self.interval = interval
        self.pull_limit = pull_limit
        self.handshake_every = handshake_every
        self.checksum_every = checksum_every
        self.rng = rng or random.Random()
        self._handshake_at: datetime | None = None
        self._checksum_at: datetime | None = None  # last comparison made
        self._cycle_lock = threading.Lock()
        self.failures = 0  # consecutive offline/server failures, for the backoff

    def _write(self, work: Callable[[Session], T]) -> T:
        """``work(session)`` in a unit of work of its own, run by the store's writer."""
        return self.writer(partial(self.store.write, work))

    # --- one cycle ---------------------------------------------------------------------

    def cycle(self) -> CycleReport:
        """One full cycle. Never raises for a sync failure: the report says what failed."""
        with self._cycle_lock:
            report = CycleReport(started_at=self.clock.now())
            push_failed: SyncError | None = None
            try:
                self._handshake(report)
                push_failed = self._push_or_failure(report)
                self._pull(report)
                self._checksum(report)
                if push_failed is None:
                    report.ok = True
                else:
                    self._failed(report, "push", push_failed)
            except Offline as exc:
                self._failed(report, "offline", exc)
            except ServerError as exc:
                self._failed(report, "server", exc)
            except (AuthInvalid, AuthExpired) as exc:
                self._failed(report, "auth", exc)
                self._attention_once(AttentionKind.AUTH, exc.code or "auth", MSG_AUTH, {})
            except UpgradeRequired as exc:
                self._failed(report, "upgrade", exc)
                message = MSG_UPGRADE.format(message=exc.message or exc.code)
                self._attention_once(AttentionKind.UPGRADE, "upgrade_required", message, {})
            except Refused as exc:
                self._failed(report, "refused", exc)
            except Exception as exc:  # a bug or a database problem: logged, never fatal
                log.exception("sync cycle failed")
                self._failed(report, "internal", exc)
            if push_failed is not None and report.error_kind != "push":
                report.error += f" (and before it, push: {push_failed})"
            report.finished_at = self.clock.now()
            self._record(report)
            return report

    def _failed(self, report: CycleReport, kind: str, exc: Exception) -> None:
        report.ok = False
        report.error_kind = kind
        code = getattr(exc, "code", "")
        text = str(exc) or exc.__class__.__name__
        report.error = f"{kind}: {code + ': ' if code and code not in text else ''}{text}"
        self._handshake_at = None  # handshake again once head office answers
        log.info("sync cycle failed: %s", report.error)

    def _attention_once(
        self, kind: AttentionKind, code: str, message: str, detail: dict[str, object]
    ) -> None:
        def record(session: Session) -> None:
            if not open_attention(session, kind.value):
                add_attention(session, kind, code, message, self.clock.now(), detail=detail)

        try:
            self._write(record)
        except Exception:  # pragma: no cover - the store itself is failing
            log.exception("could not record an attention item")

    # --- handshake -----------------------------------------------------------------------

    def _handshake(self, report: CycleReport) -> None:
        now = self.clock.now()
        if self._handshake_at is not None and now - self._handshake_at < self.handshake_every:
            return
        sent = self.clock.now()
        answer = self.client.handshake(counter_time=sent)
        received = self.clock.now()
        # The server read its clock about halfway through the round trip.
        offset = _aware(answer.server_time) - (sent + (received - sent) / 2)

        def keep(session: Session) -> None:
            set_setting(session, SERVER_OFFSET_S, f"{offset.total_seconds():.3f}")
            if answer.outlet_code:
                set_setting(session, OUTLET_CODE, answer.outlet_code)
            self._check_skew(session, offset, received)

        self._write(keep)
        self._handshake_at = received
        report.handshake = True

    def _check_skew(self, session: Session, offset: timedelta, now: datetime) -> None:
        if abs(offset) <= CLOCK_SKEW_LIMIT:
            auto_resolve(session, AttentionKind.CLOCK_SKEW, "时钟已校正 (clock corrected)", now)
            delete_setting(session, SKEW_REPORTED)
            return
        reported = get_setting(session, SKEW_REPORTED)
        if reported is not None and abs(
            timedelta(seconds=float(reported)) - offset
        ) <= SKEW_UNCHANGED:
            return  # the same skew, already on the list (or dismissed by the clerk)
        if open_attention(session, AttentionKind.CLOCK_SKEW.value):
            auto_resolve(session, AttentionKind.CLOCK_SKEW, "superseded", now)
        minutes = round(offset.total_seconds() / 60)
        add_attention(
            session,
            AttentionKind.CLOCK_SKEW,
            "clock_skew",
            MSG_CLOCK_SKEW.format(minutes=minutes),
            now,
            detail={"offset_s": round(offset.total_seconds(), 3)},
        )
        set_setting(session, SKEW_REPORTED, f"{offset.total_seconds():.3f}")

    # --- push ------------------------------------------------------------------------------

    def _push_or_failure(self, report: CycleReport) -> SyncError | None:
        """Push; a server failure (5xx, or an answer the protocol does not allow) is
        returned instead of raised, so that the pull of this cycle still runs: a head office
        that fails on some op must not cut the counter off from flights and people. What is
        not pushed stays pending and goes again next cycle."""
        try:
            self._push(report)
        except (ServerError, Offline) as exc:
            if isinstance(exc, Offline) and exc.status < 500:
                raise  # unreachable: the pull would not get through either
            log.warning("push failed, pulling anyway: %s", exc)
            return exc
        return None

    def _push(self, report: CycleReport) -> None:
        while True:
            with self.store.read() as session:
                ops = [to_op(entry) for entry in pending(session, self.batch)]
            if not ops:
                return
            try:
                answer = self.client.push(ops)
            except OpIdReused as exc:
                self._reject_reused(report, exc, ops)
                continue  # the rest of the batch goes again without it
            report.pushed += len(ops)
            if self._mark(report, ops, answer):
                return  # something must be retried: next cycle

    def _reject_reused(
        self, report: CycleReport, exc: OpIdReused, ops: list[protocol.Op]
    ) -> None:
        if exc.op_id not in {op.op_id for op in ops}:
            raise ServerError(
                f"head office refused the batch for a reused op id it did not name ({exc})",
                code="op_id_reused",
                status=409,
            )
        now = self.clock.now()

        def reject(session: Session) -> None:
            entry = by_op_ids(session, [exc.op_id])[exc.op_id]
            mark_rejected(entry, "op_id_reused", exc.message or "op id reused", now)
            add_attention(
                session,
                AttentionKind.REJECTED_OP,
                "op_id_reused",
                MSG_OP_ID_REUSED,
                now,
                op_id=entry.op_id,
                detail={"kind": entry.kind, "seq": entry.seq, "payload": entry.payload},
            )

        self._write(reject)
        report.pushed += 1
        report.rejected += 1

    def _mark(
        self, report: CycleReport, ops: list[protocol.Op], answer: protocol.PushResponse
    ) -> bool:
        """Store head office's answer per op; True when some op must be sent again."""
        results = {result.op_id: result for result in answer.results}
        now = self.clock.now()

        def mark(session: Session) -> bool:
            again = False
            entries = by_op_ids(session, [op.op_id for op in ops])
            for op in ops:
                entry = entries[op.op_id]
                result = results.get(op.op_id)
                if result is None:
                    mark_retry(entry, "no_result", "head office gave no answer for this op")
                    report.retried += 1
                    again = True
                elif result.status is protocol.OpStatus.APPLIED:
                    mark_done(entry, now, result.result)
                    _request_answered(session, entry, "received")
                    seat_op_answered(session, entry, result.result, now)
                    report.applied += 1
                elif result.status is protocol.OpStatus.DUPLICATE:
                    mark_done(entry, now, result.result, code="duplicate")
                    _request_answered(session, entry, "received")
                    seat_op_answered(session, entry, result.result, now)
                    report.duplicates += 1
                elif result.status is protocol.OpStatus.REJECTED:
                    mark_rejected(entry, result.code or "rejected", result.message, now)
                    _request_answered(session, entry, "refused", result.message)
                    seat_op_answered(session, entry, result.result, now, refused=True)
                    request_op_answered(session, entry, result.message, now, refused=True)
                    add_attention(
                        session,
                        AttentionKind.REJECTED_OP,
                        result.code or "rejected",
                        result.message,
                        now,
                        op_id=entry.op_id,
                        detail={
                            "kind": entry.kind,
                            "seq": entry.seq,
                            "payload": entry.payload,
                            "result": result.result,
                        },
                    )
                    report.rejected += 1
                else:
                    mark_retry(entry, result.code or "retry", result.message)
                    report.retried += 1
                    again = True
            return again

        return self._write(mark)

    # --- pull --------------------------------------------------------------------------------

    def _pull(self, report: CycleReport) -> None:
        with self.store.read() as session:
            cursor = get_cursor(session)
        while True:
            try:
                page = self.client.pull(cursor, self.pull_limit)
            except Refused as exc:
                if exc.code != "cursor_ahead" or cursor == 0:
                    raise
                # Head office's log is behind this counter's cursor (restored from a backup):
                # forget what we believe we hold and pull everything again.
                self._restart_pull(exc)
                cursor = 0
                continue
            self._apply(page)
            report.pulled += len(page.changes)
            report.pages += 1
            progressed = page.next_cursor != cursor
            cursor = page.next_cursor
            if self.on_pull_page is not None:
                self.on_pull_page(cursor, max(cursor, page.newest or cursor))
            if not page.has_more or not progressed:
                break
        report.cursor = cursor

    def _apply(self, page: protocol.PullResponse) -> None:
        """A pulled page and its cursor commit together, or neither does."""
        self._write(lambda session: apply_page(
            session, page.changes, page.next_cursor, now=self.clock.now()))

    def _restart_pull(self, exc: Refused) -> None:
        now = self.clock.now()

        def forget(session: Session) -> None:
            for scope in protocol.Scope:
                forget_scope(session, scope)
            set_setting(session, CURSOR, "0")
            add_attention(
                session,
                AttentionKind.CHECKSUM,
                "cursor_ahead",
                MSG_CURSOR_AHEAD,
                now,
                detail={"server": exc.detail, "message": exc.message},
            )

        self._write(forget)

    # --- checksum ----------------------------------------------------------------------------

    def _checksum(self, report: CycleReport) -> None:
        now = self.clock.now()
        if self._checksum_at is not None and now - self._checksum_at < self.checksum_every:
            return  # head office computes it over everything we hold: not every 15 s
        answer = self.client.checksum()
        with self.store.read() as session:
            cursor = get_cursor(session)
            local = local_checksums(session)
        if answer.cursor > cursor:
            return  # head office moved on since the pull: compare next cycle
        # The checksums describe every change up to answer.cursor; a counter whose cursor is
        # at or past it (later changes it may not see move the cursor too) must match them.
        mismatched = [
            scope for scope, theirs in answer.scopes.items() if local.get(scope) != theirs
        ]

        def settle(session: Session) -> bool:
            """Close what matches again; for each new mismatch, an attention item and (the
            first time) a reset of that scope; True when the cursor went back to 0."""
            for scope in answer.scopes:
                if scope not in mismatched:
                    delete_setting(session, REPULL_PREFIX + scope.value)
            reset = False
            for scope in mismatched:
                repulled = get_setting(session, REPULL_PREFIX + scope.value) is not None
                already_open = any(
                    item.detail.get("scope") == scope.value
                    for item in open_attention(session, AttentionKind.CHECKSUM.value)
                )
                if not already_open:
                    add_attention(
                        session,
                        AttentionKind.CHECKSUM,
                        "checksum_mismatch_again" if repulled else "checksum_mismatch",
                        (MSG_CHECKSUM_AGAIN if repulled else MSG_CHECKSUM).format(
                            scope=scope.value
                        ),
                        now,
                        detail={
                            "scope": scope.value,
                            "cursor": cursor,
                            "server_cursor": answer.cursor,
                            "local": local[scope].model_dump() if scope in local else None,
                            "server": answer.scopes[scope].model_dump()
                            if scope in answer.scopes
                            else None,
                        },
                    )
                if not repulled:
                    forget_scope(session, scope)
                    set_setting(session, REPULL_PREFIX + scope.value, str(answer.cursor))
                    reset = True
            if reset:
                set_setting(session, CURSOR, "0")
            return reset

        reset = self._write(settle)
        # After a reset, check again as soon as the re-pull is done.
        self._checksum_at = None if reset else now
        report.checksum_ok = not mismatched

    # --- bookkeeping -------------------------------------------------------------------------

    def _record(self, report: CycleReport) -> None:
        now = report.finished_at or self.clock.now()

        def record(session: Session) -> None:
            session.add(
                SyncCycle(
                    started_at=naive_utc(report.started_at),
                    finished_at=naive_utc(now),
                    pushed=report.pushed,
                    applied=report.applied,
                    duplicates=report.duplicates,
                    rejected=report.rejected,
                    pulled=report.pulled,
                    ok=report.ok,
                    error=report.error[:2000],
                )
            )
            reached = report.ok or report.error_kind not in ("offline", "server")
            set_setting(session, ONLINE, "1" if reached else "0")
            set_setting(session, LAST_ATTEMPT_AT, naive_utc(now).isoformat())
            if report.ok:
                set_setting(session, LAST_SUCCESS_AT, naive_utc(now).isoformat())
                set_setting(session, LAST_ERROR, "")
                auto_resolve(session, AttentionKind.AUTH, "credentials accepted", now)
                auto_resolve(session, AttentionKind.UPGRADE, "accepted again", now)
            else:
                set_setting(session, LAST_ERROR, report.error[:2000])
            self._check_stall(session, now)

        try:
            self._write(record)
        except Exception:
            log.exception("could not record the sync cycle")

    def _check_stall(self, session: Session, now: datetime) -> None:
        count, oldest = queue_stats(session, now)
        if oldest is not None and oldest > self.stall_after:
            if not open_attention(session, AttentionKind.STALL.value):
                add_attention(
                    session,
                    AttentionKind.STALL,
                    "queue_stalled",
                    MSG_STALL.format(
                        count=count, minutes=int(self.stall_after.total_seconds() // 60)
                    ),
                    now,
                    detail={"pending": count, "oldest_s": int(oldest.total_seconds())},
                )
        else:
            auto_resolve(session, AttentionKind.STALL, "queue drained", now)

    # --- the background loop -----------------------------------------------------------------

    def run(self, stop_event: threading.Event, wake_event: threading.Event | None = None) -> None:
        """Cycle until ``stop_event`` is set: then wait ``interval`` (or until ``wake_event``),
        or back off with full jitter (1 s doubling to 60 s) while head office is unreachable.
        Never raises."""
        while not stop_event.is_set():
            try:
                report = self.cycle()
            except Exception:  # pragma: no cover - cycle() already catches everything
                log.exception("sync cycle raised")
                report = None
            if report is not None and report.offline:
                self.failures += 1
                delay = backoff_delay(self.failures, self.rng)
            else:
                self.failures = 0
                delay = self.interval
            self._wait(delay, stop_event, wake_event)

    @staticmethod
    def _wait(
        delay: float, stop_event: threading.Event, wake_event: threading.Event | None
    ) -> None:
        deadline = time.monotonic() + delay
        while not stop_event.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            step = min(left, 0.25)
            if wake_event is not None:
                if wake_event.wait(step):
                    wake_event.clear()
                    return
            else:
                stop_event.wait(step)

    # --- for the GUI ---------------------------------------------------------------------------

    def status(self, session: Session, now: datetime) -> SyncStatus:
        """The status line (read in the caller's session)."""
        return read_status(session, now, self.stall_after)

    def request_lease(
        self, flight_id: str, cabin: str, seats: int, hours: int = 168
    ) -> protocol.Lease:
        """Ask head office for seats to sell offline (online only) and keep the lease."""
        lease = self.client.request_lease(flight_id, cabin, seats, hours)
        self._write(lambda session: store_lease(session, lease))
        return lease

    def request_range(
        self, kind: str, prefix: str = "", size: int = 1000
    ) -> protocol.NumberRange:
        """Ask head office for more ticket numbers or receipt serials and keep the range."""
        number_range = self.client.request_range(kind, prefix, size)
        self._write(lambda session: store_range(session, number_range))
        return number_range

    # --- seats (online only; head office is the seat authority) ------------------------------

    def seat_map(self, flight_id: str) -> protocol.SeatMapState:
        """The flight's seats that are not free, now, kept for the map shown offline."""
        state = self.client.seat_map(flight_id)
        self._write(lambda session: store_snapshot(session, state))
        return state

    def choose_seat(self, payload: protocol.SeatChoose) -> protocol.SeatAnswer:
        """Choose a seat live and keep the confirmed choice. A seat not free is a
        :class:`Refused` ``seat_taken`` whose ``detail`` has the ``suggested`` seat;
        :class:`Offline` is the caller's cue to store the choice provisional instead."""
        answer = self.client.choose_seat(payload)
        now = self.clock.now()
        self._write(lambda session: store_choice(session, payload, answer, now))
        return answer

    def release_seat(self, payload: protocol.SeatRelease) -> protocol.SeatReleased:
        """Give a seat back live and mark the choice released (no op: head office knows)."""
        answer = self.client.release_seat(payload)
        now = self.clock.now()
        self._write(lambda session: store_release(
            session, payload.choice_id, payload.clerk_login, now, payload.reason,
            payload.approved_by, sent_live=True))
        return answer


__all__ = ["CycleReport", "SyncEngine", "SyncError", "backoff_delay"]


def _request_answered(
    session: Session, entry: OutboxEntry, status: str, answer: str = ""
) -> None:
    """A queued request to head office reached it (or was refused): the local row says so."""
    if entry.kind == protocol.OpKind.INVOICE_REQUEST.value:
        invoice = session.get(InvoiceRequest, str(entry.payload.get("request_id", "")))
        if invoice is not None and invoice.status == "queued":
            invoice.status = status
        return
    if entry.kind != protocol.OpKind.REQUEST_HEAD_OFFICE.value:
        return
    row = session.get(HeadOfficeRequest, str(entry.payload.get("request_id", "")))
    if row is not None and row.status == "queued":
        row.status = status
        row.answer = answer[:500]
