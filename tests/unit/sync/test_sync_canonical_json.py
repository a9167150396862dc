"""The payload hash both sides compute must not depend on which JSON library wrote it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from counter_app.sync.protocol import canonical_json, canonical_json_reference, payload_hash

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.text(),
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=20,
)


@given(st.dictionaries(st.text(max_size=12), json_values, max_size=8))
def test_canonical_json_matches_the_reference(payload: dict[str, object]) -> None:
    assert canonical_json(payload) == canonical_json_reference(payload)


def test_known_hash_is_stable() -> None:
    payload = {"sale_id": "0190-abc", "amount": "1480.00", "name": "王𠮷", "n": 2, "ok": True}
    assert canonical_json(payload) == (
        '{"amount":"1480.00","n":2,"name":"王𠮷","ok":true,"sale_id":"0190-abc"}'.encode()
    )
    assert payload_hash(payload) == payload_hash(dict(reversed(list(payload.items()))))
