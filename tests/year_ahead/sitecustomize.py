"""Loaded by every Python process of the run a year ahead (``scripts/test`` puts this folder
on ``PYTHONPATH`` beside libfaketime): ``time.sleep`` waits in ``select()`` instead.

Python 3.11's ``time.sleep`` waits with ``clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)``,
which Debian's libfaketime 0.9.10 gets wrong when it leaves the monotonic clock alone
(``faketime --exclude-monotonic``): the call fails with EINVAL (libfaketime issue 426).
Without ``--exclude-monotonic`` such a sleep waits out the whole offset instead. Events,
locks, queues, asyncio, Qt timers and ``select()`` itself are not affected, and only the
wall clock moves: the monotonic clock stays real, so waiting on it is exact.
"""

from __future__ import annotations

import select
import time


def _sleep(seconds: float) -> None:
    """``time.sleep`` on the real monotonic clock, through ``select()``."""
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        select.select([], [], [], left)


time.sleep = _sleep
