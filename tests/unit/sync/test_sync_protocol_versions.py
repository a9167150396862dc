"""The protocol's two directions: head office refuses what it does not know in a counter's
message, and a counter ignores what it does not know in head office's answer (a newer head
office serves the previous release's counters)."""

from __future__ import annotations

import pydantic
import pytest

from counter_app.sync import protocol


def test_a_counter_reads_a_newer_head_offices_page_with_a_field_it_does_not_know() -> None:
    page = protocol.PullResponse.model_validate_json(
        b'{"changes": [{"seq": 1, "scope": "reference", "entity": "airport", "key": "HET",'
        b' "op": "upsert", "data": {}, "origin": "loader"}], "next_cursor": 1,'
        b' "has_more": false, "server_time": "2026-01-01T00:00:00Z", "newest": 1,'
        b' "added_later": {"any": "thing"}}')
    assert page.next_cursor == 1
    assert page.changes[0].key == "HET"
    assert not hasattr(page, "added_later")


def test_head_office_refuses_a_counters_message_with_a_field_it_does_not_know() -> None:
    with pytest.raises(pydantic.ValidationError, match="extra"):
        protocol.HandshakeRequest.model_validate(
            {"protocol_version": protocol.PROTOCOL_VERSION,
             "op_schema_version": protocol.OP_SCHEMA_VERSION, "app_version": "0.1.0",
             "counter_time": "2026-01-01T00:00:00Z", "smuggled": True})


def test_every_answer_is_tolerant_and_every_request_strict() -> None:
    models = [m for m in vars(protocol).values()
              if isinstance(m, type) and issubclass(m, pydantic.BaseModel)
              and m not in (pydantic.BaseModel, protocol.Strict, protocol.Reply)]
    sent_by_counters = {m.__name__ for m in models if issubclass(m, protocol.Strict)}
    answers = {m.__name__ for m in models if issubclass(m, protocol.Reply)}
    assert sent_by_counters | answers == {m.__name__ for m in models}
    assert {"Op", "PushRequest", "HandshakeRequest", "EnrollRequest", "RefreshRequest",
            "LeaseRequest", "RangeRequest"} <= sent_by_counters
    assert {"PullResponse", "PushResponse", "HandshakeResponse", "ChecksumResponse",
            "EnrollResponse", "TokenPair", "Lease", "NumberRange", "Availability",
            "ErrorBody"} <= answers
    for m in models:
        assert m.model_config.get("extra") == ("forbid" if m.__name__ in sent_by_counters
                                              else "ignore"), m.__name__
