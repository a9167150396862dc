"""A bounded schemathesis run of the published OpenAPI document against the real app over
HTTP, with a valid device token: whatever is sent, no 5xx, every error body is an
ErrorBody, and no cabin is ever oversold."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
import schemathesis
from ho_support import HeadOfficeHarness
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from sqlalchemy import func, select

from counter_app.headoffice.models import CabinInventory
from counter_app.sync.protocol import ErrorBody

EXAMPLES = 15


def fuzz(operation: Any, mode: GenerationMode, base_url: str, headers: dict[str, str],
         failures: list[str]) -> int:
    """Send up to EXAMPLES generated requests for one operation; returns how many."""
    calls = 0

    @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: schemathesis.Case) -> None:
        nonlocal calls
        calls += 1
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        where = f"{case.method} {case.formatted_path} ({mode})"
        if response.status_code >= 500:
            failures.append(f"{where}: {response.status_code} {response.text[:300]}")
        elif response.status_code >= 400:
            try:
                ErrorBody.model_validate_json(response.content)
            except ValueError:
                failures.append(f"{where}: not an ErrorBody: {response.text[:300]}")

    with warnings.catch_warnings():
        # Hypothesis may note that a strategy filters much; that is not the app's fault.
        warnings.simplefilter("ignore")
        try:
            run()
        except Unsatisfiable:
            # Nothing to break in an operation without inputs (e.g. GET /health).
            assert mode is GenerationMode.NEGATIVE
    return calls


@pytest.mark.slow
def test_openapi_fuzz_finds_no_server_error(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll()
    base_url = str(ho.http.base_url)
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    failures: list[str] = []
    calls = 0
    for result in schema.get_all_operations():
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            calls += fuzz(result.ok(), mode, base_url, counter.headers, failures)
    assert calls > 100
    assert failures == []
    with ho.db.read() as session:
        over = session.scalar(select(func.count()).select_from(CabinInventory).where(
            CabinInventory.sold + CabinInventory.granted > CabinInventory.capacity))
    assert over == 0
