"""No passenger ID number, device token or enrollment code in a log line: the head office's
engines hide bound parameters, and the masking filter (kernel/logmask.py) cleans whatever
else reaches a handler."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from ho_support import HeadOfficeHarness, sale, ticket
from sqlalchemy import text

from counter_app.headoffice.logs import uvicorn_log_config
from counter_app.kernel import logmask
from counter_app.kernel.logmask import MaskingFilter, mask

RESIDENT_ID = "150102198603140270"  # the ID ho_support's tickets carry


def test_database_error_does_not_log_the_id_number(
    any_ho: HeadOfficeHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """A statement binding a passenger's ID number fails: the error logged (and answered)
    names the statement, never its parameters."""
    ho = any_ho
    counter = ho.enroll()
    flight = ho.flight()
    lease = counter.lease(flight, seats=1)
    assert lease.status_code == 200, lease.text
    payload = sale(flight, [ticket(ho.next_ticket(counter))], lease.json()["lease_id"])
    with ho.db.engine.begin() as conn:  # the next insert of a ticket fails
        conn.execute(text("ALTER TABLE sale_tickets RENAME TO sale_tickets_gone"))
    with caplog.at_level(logging.ERROR):
        r = counter.push(counter.op("sale.issue", payload))
    assert r.status_code == 500
    assert RESIDENT_ID not in r.text
    errors = [rec for rec in caplog.records if rec.levelno >= logging.ERROR]
    assert errors, "the failed statement was not logged"
    assert "sale_tickets" in caplog.text  # the statement is there, to find the fault
    assert RESIDENT_ID not in caplog.text


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ('{"id_number": "150102198603140270", "name": "张三"}',
         '{"id_number": "***", "name": "张三"}'),
        ("passenger 15010219860314027X boarded", "passenger *** boarded"),
        ("{'passenger_id_number': 'G12345678', 'code': 'token_invalid'}",
         "{'passenger_id_number': '***', 'code': 'token_invalid'}"),
        ("id_no=E1234567&x=1", "id_no=***&x=1"),
        ("Authorization: Bearer abc-DEF_123.x=", "Authorization: Bearer ***"),
        ('{"refresh_token": "q1w2e3r4t5y6", "counter_id": "c1"}',
         '{"refresh_token": "***", "counter_id": "c1"}'),
        ("access_token=abcDEF123", "access_token=***"),
        ('{"code": "ABCD-EFGH-JK", "counter_name": "x"}',
         '{"code": "***", "counter_name": "x"}'),
        ("code=abcdefghjk", "code=***"),
    ],
)
def test_mask_hides_ids_tokens_and_codes(raw: str, masked: str) -> None:
    assert mask(raw) == masked


@pytest.mark.parametrize(
    "kept",
    [
        '{"code": "enroll_code_invalid", "message": "this enrollment code is not known"}',
        "ticket 876-1234567890 receipt 0000000001 invoice 26110000123456789012",
        "sale 01a24215-8d8d-7000-bbac-832ea51dbd39 total 1530.00",
        "cursor 150102198603 of 150102198603140270123",  # 12 and 21 digits: not an ID
    ],
)
def test_mask_keeps_what_is_not_secret(kept: str) -> None:
    assert mask(kept) == kept


@pytest.fixture
def masked_stream() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskingFilter())
    logger = logging.getLogger("test_log_masking")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield logger, stream
    finally:
        logger.removeHandler(handler)
        logger.propagate = True


def test_filter_masks_message_arguments_and_exception(
    masked_stream: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = masked_stream
    logger.warning("push from %s: %r, %d tickets", "HET001",
                   {"id_number": "G12345678"}, 2)
    try:
        raise ValueError(f"bad passenger {RESIDENT_ID}")
    except ValueError:
        logger.exception("refresh with Bearer %s failed", "s3cr3t-token")
    out = stream.getvalue()
    assert "push from HET001: {'id_number': '***'}, 2 tickets" in out
    assert "Bearer ***" in out
    assert "ValueError: bad passenger ***" in out
    for secret in ("G12345678", "s3cr3t-token", RESIDENT_ID):
        assert secret not in out


def test_filter_keeps_uvicorn_access_arguments() -> None:
    """uvicorn's access formatter unpacks the record's five arguments: they stay five."""
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                               '%s - "%s %s HTTP/%s" %d', ("127.0.0.1:5000", "GET",
                               "/api/v1/sync/pull?token=abc", "1.1", 200), None)
    assert MaskingFilter().filter(record)
    assert record.args == ("127.0.0.1:5000", "GET", "/api/v1/sync/pull?token=***", "1.1", 200)


def test_serve_logging_config_masks_every_handler() -> None:
    config = uvicorn_log_config()
    assert config["filters"]["mask"] == {"()": "counter_app.kernel.logmask.MaskingFilter"}
    assert set(config["handlers"]) >= {"default", "access", "root"}
    assert all("mask" in h["filters"] for h in config["handlers"].values())
    assert config["root"]["handlers"] == ["root"]


def test_install_puts_the_filter_on_root_handlers_once() -> None:
    handler = logging.StreamHandler(io.StringIO())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        logmask.install()
        logmask.install()
        assert sum(isinstance(f, MaskingFilter) for f in handler.filters) == 1
    finally:
        root.removeHandler(handler)
