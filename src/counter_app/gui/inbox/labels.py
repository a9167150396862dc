"""The inbox's words: a request's kind, state and steps, and its fields' labels and values
(times in Beijing time are ``kernel.clock.beijing_minute``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from counter_app.domain.gp_requests import GENERAL, FieldSpec
from counter_app.gui.messages import request_state_name
from counter_app.services.gp_kinds import request_kinds

translate = QCoreApplication.translate

STATES = ("submitted", "accepted", "arranged", "done", "rejected", "cancelled")
OPEN_STATES = ("submitted", "accepted", "arranged")
LEVELS = ("V1", "V2", "V3", "V4", "V5")


def language() -> str:
    """"en" when the interface is in English (gui/i18n.py sets the default locale), else
    "zh": which of a kind's labels to show."""
    return "en" if QLocale().language() == QLocale.Language.English else "zh"


def kind_label(code: str) -> str:
    if code == GENERAL:
        return translate("Inbox", "General request")
    kind = request_kinds().get(code)
    return kind.label(language()) if kind is not None else code


def kind_codes() -> list[str]:
    return [*request_kinds(), GENERAL]


def state_label(state: str) -> str:
    return request_state_name(state)


def action_label(action: str) -> str:
    names = {
        "submit": translate("Inbox", "Submit"),
        "accept": translate("Inbox", "Accept"),
        "arrange": translate("Inbox", "Arranged"),
        "done": translate("Inbox", "Done"),
        "reject": translate("Inbox", "Reject"),
        "cancel": translate("Inbox", "Cancel request"),
        "edit": translate("Inbox", "Edit"),
        "assign": translate("Inbox", "Assign"),
    }
    return names.get(action, action)


def side_label(side: str) -> str:
    if side == "head_office":
        return translate("Inbox", "Head office")
    return translate("Inbox", "Counter")


def day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def general_labels() -> dict[str, str]:
    """The fields of a generic request from a counter (refund, void, change, booking ...)."""
    return {
        "action": translate("Inbox", "Request"),
        "kind": translate("Inbox", "Request"),
        "ticket_number": translate("Inbox", "Ticket"),
        "ticket": translate("Inbox", "Ticket"),
        "flight_no": translate("Inbox", "Flight"),
        "flight": translate("Inbox", "Flight"),
        "pnr": translate("Inbox", "Booking reference"),
        "passenger": translate("Inbox", "Passenger"),
        "note": translate("Inbox", "Note"),
        "text": translate("Inbox", "Note"),
    }


def general_action(code: str) -> str:
    """What a counter asked head office to do (``request.head_office``'s action)."""
    names = {
        "refund": translate("Inbox", "Refund"),
        "void": translate("Inbox", "Void"),
        "change": translate("Inbox", "Change"),
        "book": translate("Inbox", "Booking"),
        "name": translate("Inbox", "Name correction"),
    }
    return names.get(code, code)


def value_text(value: Any, spec: FieldSpec | None = None) -> str:
    """A field's value as the clerk reads it (a choice by its label, people one a line)."""
    lang = language()
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return translate("Inbox", "Yes") if value else translate("Inbox", "No")
    if isinstance(value, list):
        parts = [value_text(item, spec) for item in value]
        joiner = "\n" if any(isinstance(item, dict) for item in value) else "、"
        return joiner.join(p for p in parts if p)
    if isinstance(value, dict):
        keys = ("name", "title", "id_type", "id_number", "relation", "phone")
        return " ".join(str(value[k]) for k in keys if value.get(k))
    if spec is not None and spec.options:
        return spec.option_label(str(value), lang)
    return str(value)


def field_rows(kind: str, values: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, text) of each value of a request: in the kind's order with its labels, then
    any value the kind does not name (a generic request's, or a newer kind's)."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    spec_kind = request_kinds().get(kind)
    if spec_kind is not None:
        for spec in spec_kind.fields:
            seen.add(spec.key)
            rows.append((spec.label(language()), value_text(values.get(spec.key), spec)))
    labels = general_labels()
    for key, value in values.items():
        if key not in seen:
            text = general_action(str(value)) if key == "action" else value_text(value)
            rows.append((labels.get(key, key), text))
    return rows
