"""The head office's logging (``serve``): uvicorn's own configuration, with every handler
— uvicorn's, its access log's and the root logger's, which the head office's modules log
to — behind :class:`counter_app.kernel.logmask.MaskingFilter`, so no log line shows a
passenger's ID number, a device token or an enrollment code.

The configuration is a ``logging.config.dictConfig`` dictionary handed to uvicorn
(``log_config=``), so each ``--workers`` process sets it up the same way.
"""

from __future__ import annotations

import copy
from typing import Any

MASK_FILTER = "counter_app.kernel.logmask.MaskingFilter"


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's default logging configuration, every handler masked, and a root handler
    (warnings and errors of the head office's own modules) masked too."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["mask"] = {"()": MASK_FILTER}
    handlers: dict[str, dict[str, Any]] = config["handlers"]
    handlers["root"] = {"formatter": "default", "class": "logging.StreamHandler",
                        "stream": "ext://sys.stderr"}
    for handler in handlers.values():
        handler["filters"] = [*handler.get("filters", []), "mask"]
    config["root"] = {"handlers": ["root"], "level": "WARNING"}
    return config
