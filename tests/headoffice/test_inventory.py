"""Live inventory endpoints: availability and number ranges."""

from __future__ import annotations

from ho_support import HeadOfficeHarness


def test_availability_is_live(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll()
    flight, other = ho.flight(), ho.flight(skip=1)
    ho.set_free(flight, "Y", 7)
    r = counter.get("/api/v1/inventory/availability",
                    params=[("flight_id", flight), ("flight_id", other), ("flight_id", "nope")])
    assert r.status_code == 200
    body = {a["flight_id"]: a["cabins"] for a in r.json()}
    assert set(body) == {flight, other}
    assert body[flight]["Y"] == 7
    assert counter.lease(flight, "Y", 3).status_code == 200
    r = counter.get("/api/v1/inventory/availability", params={"flight_id": flight})
    assert r.json()[0]["cabins"]["Y"] == 4
    r = counter.get("/api/v1/inventory/availability",
                    params=[("flight_id", f"f{i}") for i in range(101)])
    assert (r.status_code, r.json()["code"]) == (422, "invalid_request")


def test_ranges_follow_each_other_across_counters(ho: HeadOfficeHarness) -> None:
    a, b = ho.enroll(), ho.enroll("BAV001")
    first = a.post("/api/v1/ranges", {"kind": "ticket", "prefix": "876", "size": 500}).json()
    second = b.post("/api/v1/ranges", {"kind": "ticket", "prefix": "876", "size": 10}).json()
    assert second["first"] == first["last"] + 1
    assert first["first"] == b.ranges()["876"]["last"] + 1  # after both starter ranges
    receipt = a.post("/api/v1/ranges", {"kind": "receipt", "size": 100}).json()
    assert receipt["prefix"] == ""
    assert receipt["first"] == b.ranges()[""]["last"] + 1
    mine = {c["key"] for c in a.pull_all() if c["entity"] == "range"}
    assert {first["range_id"], receipt["range_id"]} <= mine
    assert second["range_id"] not in mine
    r = a.post("/api/v1/ranges", {"kind": "ticket", "prefix": "123"})
    assert (r.status_code, r.json()["code"]) == (422, "prefix_unknown")
    r = a.post("/api/v1/ranges", {"kind": "ticket"})
    assert (r.status_code, r.json()["code"]) == (422, "invalid_request")
    r = a.post("/api/v1/ranges", {"kind": "receipt", "prefix": "876"})
    assert (r.status_code, r.json()["code"]) == (422, "invalid_request")
