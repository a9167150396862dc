"""Clear messages in the clerk's language for every error code the core raises.

The core raises errors with stable codes (``DomainError.code``, ``StoreError.code``,
``AuthError.code``); this module is the one place that turns them into words. Each message
names the field and says what to do.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from counter_app.domain.errors import DomainError
from counter_app.services.auth import AuthError
from counter_app.storage.db import StoreError


def _t(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


def field_label(field: str) -> str:
    labels = {
        "origin": _t("From"),
        "destination": _t("To"),
        "date": _t("Date"),
        "login": _t("Login"),
        "password": _t("Password"),
        "id_number": _t("ID number"),
        "name": _t("Name"),
        "fare_class": _t("Booking class"),
        "uscc": _t("Unified social credit code"),
    }
    return labels.get(field, field)


def domain_message(error: DomainError) -> str:
    p = error.params
    texts = {
        "city_required": _t("Enter a city or airport."),
        "unknown_city": _t("No city or airport matches “%1”. Type a code (SZX), pinyin "
                           "(shenzhen), initials (sz) or Chinese (深圳).").replace(
            "%1", str(p.get("text", ""))),
        "ambiguous_city": _t("“%1” matches several cities; pick one from the list.").replace(
            "%1", str(p.get("text", ""))),
        "same_city": _t("From and To are the same place."),
        "date_in_past": _t("The date %1 has passed; pick today or later.").replace(
            "%1", str(p.get("day", ""))),
        "date_too_far": _t("The date %1 is more than a year ahead; no flights are on sale "
                           "yet.").replace("%1", str(p.get("day", ""))),
        "id_length": _t("A resident ID number has 18 characters."),
        "id_chars": _t("A resident ID number has 17 digits and a final digit or X."),
        "id_check": _t("The last character of the ID number does not match; check the "
                       "digits."),
        "id_birth_date": _t("The birth date in the ID number is not a real date."),
        "no_rule_in_force": _t("No rule table is in force for that date; sync with head "
                               "office."),
    }
    text = texts.get(error.code, _t("Invalid input (%1).").replace("%1", error.code))
    if error.field:
        return f"{field_label(error.field)}: {text}"
    return text


def store_message(error: StoreError) -> str:
    path = str(error.path)
    texts = {
        "folder_unwritable": _t("The data folder %1 cannot be written. Ask for write access "
                                "or choose another folder with --data-dir."),
        "file_unwritable": _t("The database file %1 cannot be written. Check its "
                              "permissions."),
        "corrupt": _t("The database file %1 is damaged and cannot be opened. It can be "
                      "moved aside (kept for support) and a fresh one started; unsent sales "
                      "in it must then be recovered by support."),
        "newer_schema": _t("The database file %1 was written by a newer version of Counter. "
                           "Install that version."),
    }
    return texts.get(error.code, _t("The local database cannot be used: %1")).replace("%1", path)


def auth_message(error: AuthError) -> str:
    if error.code == "empty_login":
        return _t("Login: enter your login name.")
    if error.code == "empty_password":
        return _t("Password: enter your password.")
    if error.code == "locked":
        until = error.until.strftime("%H:%M") if error.until else ""
        return _t("This account is locked after too many wrong passwords, until %1 (UTC). "
                  "Ask a supervisor.").replace("%1", until)
    if error.code == "inactive":
        return _t("This account is disabled. Ask a supervisor.")
    if error.code == "not_approver":
        return _t("Only a supervisor may approve this.")
    left = error.attempts_left
    return _t("Wrong login or password. %n attempt(s) left before the account locks.",
              ).replace("%n", str(left))
