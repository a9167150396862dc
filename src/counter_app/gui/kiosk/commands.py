"""The kiosk's command-line entries: ``counter-app --set-kiosk-pin`` (a supervisor sets the
staff PIN in a terminal, before any window) and ``counter-app --kiosk`` (the kiosk itself,
full screen, in place of the login)."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from counter_app.gui.context import AppContext
from counter_app.gui.settings import Preferences
from counter_app.kernel.clock import SystemClock


def set_kiosk_pin(data_dir: Path, ask: Callable[[str], str] = getpass.getpass,
                  say: Callable[[str], None] = print) -> int:
    """Ask the supervisor's login and password and the new PIN twice; 0 when it is set."""
    from counter_app.domain.errors import DomainError
    from counter_app.services.identity import AuthError
    from counter_app.services.kiosk import PIN_MAX, PIN_MIN, set_pin_in_folder

    say(f"设置自助值机终端的员工 PIN / Set the kiosk staff PIN ({data_dir})")
    login = ask("主管登录名 / Supervisor login: ").strip()
    password = ask("密码 / Password: ")
    pin = ask(f"新 PIN（{PIN_MIN}-{PIN_MAX} 位数字）/ New PIN ({PIN_MIN}-{PIN_MAX} digits): ")
    if ask("再次输入 PIN / PIN again: ") != pin:
        say("两次输入的 PIN 不一致 / The two PINs differ; nothing was changed.")
        return 1
    try:
        by = set_pin_in_folder(data_dir, login, password, pin, SystemClock().now())
    except DomainError:
        say(f"PIN 须为 {PIN_MIN}-{PIN_MAX} 位数字 / The PIN must be {PIN_MIN} to {PIN_MAX} "
            "digits; nothing was changed.")
        return 1
    except AuthError as error:
        say(f"主管验证未通过 / Supervisor not accepted ({error.code}); nothing was changed.")
        return 1
    say(f"PIN 已设置（{by}）/ PIN set by {by}. 启动 / start: counter-app --kiosk")
    return 0


def run_kiosk(app: QApplication, ctx: AppContext, prefs: Preferences, idle_seconds: int,
              translators: list[QTranslator], full_screen: bool = True) -> int:
    """The kiosk until staff leave it with the PIN; the process's exit code."""
    from counter_app.gui.kiosk.start import KioskApp

    kiosk = KioskApp(ctx, prefs, idle_seconds=idle_seconds, full_screen=full_screen,
                     translators=translators)
    kiosk.finished.connect(app.quit)
    kiosk.start()
    code = app.exec()
    kiosk.shutdown()
    return int(code) or (2 if kiosk.window is None or not kiosk.window.ready else 0)
