"""Clear messages in the clerk's language for every error code the core raises.

The core raises errors with stable codes (``DomainError.code``, ``StoreError.code``,
``AuthError.code``); this module is the one place that turns them into words. Each message
names the field and says what to do.
"""

from __future__ import annotations

from datetime import UTC

from PySide6.QtCore import QCoreApplication

from counter_app.clock import SHANGHAI
from counter_app.domain.errors import DomainError
from counter_app.services.identity import AuthError
from counter_app.storage.errors import StoreError

translate = QCoreApplication.translate


def field_label(field: str) -> str:
    labels = {
        "origin": translate("Messages", "From"),
        "destination": translate("Messages", "To"),
        "date": translate("Messages", "Date"),
        "login": translate("Messages", "Login"),
        "password": translate("Messages", "Password"),
        "id_number": translate("Messages", "ID number"),
        "name": translate("Messages", "Name"),
        "fare_class": translate("Messages", "Booking class"),
        "uscc": translate("Messages", "Unified social credit code"),
    }
    return labels.get(field, field)


def domain_message(error: DomainError) -> str:
    p = error.params
    texts = {
        "city_required": translate("Messages", "Enter a city or airport."),
        "unknown_city": translate(
            "Messages",
            "No city or airport matches “%1”. Type a code (SZX), pinyin "
            "(shenzhen), initials (sz) or Chinese (深圳).",
        ).replace("%1", str(p.get("text", ""))),
        "ambiguous_city": translate(
            "Messages", "“%1” matches several cities; pick one from the list."
        ).replace("%1", str(p.get("text", ""))),
        "same_city": translate("Messages", "From and To are the same place."),
        "date_in_past": translate(
            "Messages", "The date %1 has passed; pick today or later."
        ).replace("%1", str(p.get("day", ""))),
        "date_too_far": translate(
            "Messages", "The date %1 is more than a year ahead; no flights are on sale yet."
        ).replace("%1", str(p.get("day", ""))),
        "id_length": translate("Messages", "A resident ID number has 18 characters."),
        "id_chars": translate(
            "Messages", "A resident ID number has 17 digits and a final digit or X."
        ),
        "id_check": translate(
            "Messages", "The last character of the ID number does not match; check the digits."
        ),
        "id_birth_date": translate(
            "Messages", "The birth date in the ID number is not a real date."
        ),
        "no_rule_in_force": translate(
            "Messages", "No rule table is in force for that date; sync with head office."
        ),
    }
    text = texts.get(
        error.code, translate("Messages", "Invalid input (%1).").replace("%1", error.code)
    )
    if error.field:
        return f"{field_label(error.field)}: {text}"
    return text


def store_message(error: StoreError) -> str:
    path = str(error.path)
    texts = {
        "folder_unwritable": translate(
            "Messages",
            "The data folder %1 cannot be written. Ask for write access "
            "or choose another folder with --data-dir.",
        ),
        "file_unwritable": translate(
            "Messages", "The database file %1 cannot be written. Check its permissions."
        ),
        "corrupt": translate(
            "Messages",
            "The database file %1 is damaged and cannot be opened. It can be "
            "moved aside (kept for support) and a fresh one started; unsent sales "
            "in it must then be recovered by support.",
        ),
        "newer_schema": translate(
            "Messages",
            "The database file %1 was written by a newer version of Counter. Install that version.",
        ),
    }
    return texts.get(
        error.code, translate("Messages", "The local database cannot be used: %1")
    ).replace("%1", path)


def auth_message(error: AuthError) -> str:
    if error.code == "empty_login":
        return translate("Messages", "Login: enter your login name.")
    if error.code == "empty_password":
        return translate("Messages", "Password: enter your password.")
    if error.code == "locked":
        until = ""
        if error.until is not None:
            until = error.until.replace(tzinfo=UTC).astimezone(SHANGHAI).strftime("%H:%M")
        return translate(
            "Messages",
            "This account is locked after too many wrong passwords, until %1. Ask a supervisor.",
        ).replace("%1", until)
    if error.code == "inactive":
        return translate("Messages", "This account is disabled. Ask a supervisor.")
    if error.code == "not_approver":
        return translate("Messages", "Only a supervisor may approve this.")
    left = error.attempts_left
    return translate(
        "Messages",
        "Wrong login or password. %n attempt(s) left before the account locks.",
    ).replace("%n", str(left))
