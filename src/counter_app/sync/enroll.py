"""Enrolling a counter with head office (柜台注册): once, with the one-time code printed by
``counter-headoffice enroll --outlet CODE``.

A data folder that ran in demo mode holds made-up flights, customers, clerks and outlets
that would collide with head office's real ones. Enrolling it removes them (head office
sends the real ones on the first pull) — unless demo sales were made there, in which case
enrolling is refused before the one-time code is used, and a new data folder is needed.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from counter_app.storage.db import Store, Writer, write_here
from counter_app.storage.models import (
    Booking,
    CabinInventory,
    Clerk,
    Customer,
    Flight,
    LocalSetting,
    Outlet,
    PulledVersion,
    Traveller,
)
from counter_app.sync import protocol
from counter_app.sync.client import HeadOfficeClient
from counter_app.sync.credentials import Credentials, CredentialStore
from counter_app.sync.status import (
    BASE_URL,
    COUNTER_ID,
    CURSOR,
    ENROLLED_AT,
    OUTLET_CODE,
    OUTLET_NAME,
    get_setting,
    naive_utc,
    set_setting,
)

DEMO_MARKERS = ("demo:people", "demo:schedule_window")


class EnrollmentRefused(RuntimeError):  # noqa: N818 - reads as what happened
    """This data folder cannot be enrolled: it holds demo sales."""


def holds_demo_data(session: Session) -> bool:
    return any(get_setting(session, key) is not None for key in DEMO_MARKERS)


def check_enrollable(session: Session) -> None:
    """Refuse a demo data folder with sales in it (they point at demo flights and people)."""
    if holds_demo_data(session) and session.scalar(select(func.count()).select_from(Booking)):
        raise EnrollmentRefused(
            "this data folder holds demo sales; enroll from a new, empty data folder"
        )


def _remove_demo_data(session: Session) -> None:
    """Drop the demo flights and people (no sale points at them: checked before)."""
    for model in (CabinInventory, Flight, Traveller, Customer, Clerk, Outlet):
        session.execute(delete(model))
    session.execute(delete(LocalSetting).where(LocalSetting.key.in_(DEMO_MARKERS)))


def enroll_counter(
    store: Store,
    client: HeadOfficeClient,
    code: str,
    counter_name: str,
    base_url: str,
    credentials_store: CredentialStore,
    now: datetime,
    writer: Writer = write_here,
) -> protocol.EnrollResponse:
    """Trade the code for this counter's identity and tokens; save the tokens in the
    credential store and the identity in ``local_settings``.

    The credentials are saved first: if the store then fails, enrolling again with a new
    code fixes it, whereas tokens lost after a used-up code would need head office's help.
    Raises :class:`EnrollmentRefused` (before contacting head office) for a demo data folder
    with demo sales. The identity is written through ``writer`` (in the GUI, the database
    worker: the network part runs on the pool).
    """
    with store.read() as session:
        check_enrollable(session)
    answer = client.enroll(code, counter_name)
    credentials_store.save(
        Credentials.with_tokens(answer.counter_id, base_url.rstrip("/"), answer.tokens)
    )

    def keep(session: Session) -> None:
        previous = get_setting(session, COUNTER_ID)
        if holds_demo_data(session):
            _remove_demo_data(session)
        if previous != answer.counter_id:
            # A new identity may see other data (another outlet): pull everything again.
            set_setting(session, CURSOR, "0")
            session.execute(delete(PulledVersion))
        set_setting(session, COUNTER_ID, answer.counter_id)
        set_setting(session, OUTLET_CODE, answer.outlet_code)
        set_setting(session, OUTLET_NAME, answer.outlet_name)
        set_setting(session, BASE_URL, base_url.rstrip("/"))
        set_setting(session, ENROLLED_AT, naive_utc(now).isoformat())

    writer(partial(store.write, keep))
    return answer
