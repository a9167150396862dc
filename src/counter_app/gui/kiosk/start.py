"""``counter-app --kiosk``: the kiosk's start. The store is opened on the database worker
behind a full-screen "starting" notice (no login: nobody sits at a kiosk); a counter not
enrolled, or a kiosk without a staff PIN, says so and what to do, and goes no further.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTranslator, Signal
from PySide6.QtWidgets import QApplication

from counter_app.gui.context import AppContext
from counter_app.gui.i18n import install_translators
from counter_app.gui.kiosk.window import IDLE_SECONDS, KioskContext, KioskWindow
from counter_app.gui.operations import Worker
from counter_app.gui.operations import kiosk as ops
from counter_app.gui.operations import startup as startup_ops
from counter_app.gui.printing.print_queue import PrintQueue
from counter_app.gui.settings import Preferences
from counter_app.kernel.clock import SHANGHAI
from counter_app.printing.spool import Spooler

if TYPE_CHECKING:
    from counter_app.gui.sync_controller import SyncController

log = logging.getLogger(__name__)


class KioskApp(QObject):
    """The kiosk's life: ``start()``, then ``ready()`` once travellers may use it, or
    ``refused(kind)`` (``no_pin``, ``not_enrolled``, ``failed``); ``finished()`` when staff
    left it with the PIN (or closed a refusal)."""

    ready = Signal()
    refused = Signal(str)
    finished = Signal()

    def __init__(self, ctx: AppContext, prefs: Preferences, *, spooler: Spooler | None = None,
                 idle_seconds: int = IDLE_SECONDS, full_screen: bool = True,
                 translators: list[QTranslator] | None = None) -> None:
        super().__init__()
        self.ctx, self.prefs = ctx, prefs
        self.full_screen = full_screen
        self.idle_seconds = idle_seconds
        if spooler is None:
            from counter_app.gui.documents import default_spooler

            spooler = default_spooler()
        self.queue = PrintQueue(ctx.runner, spooler, ctx.data_dir, self)
        self.window: KioskWindow | None = None
        self.sync: SyncController | None = None
        # the translators installed for the language the kiosk starts in, swapped by the
        # language button
        self.translators: list[QTranslator] = list(translators or [])

    def start(self) -> None:
        today = self.ctx.clock.now().astimezone(SHANGHAI).date()
        ctx = self.ctx
        from counter_app.gui.app import counter_credentials

        startup_ops.open_store(
            ctx.runner, ctx.data_dir, ctx.clock, today, demo=ctx.demo, connected_demo=False,
            demo_grants=False, credentials=lambda: counter_credentials(ctx, self.prefs),
            on_head_office=lambda _h: None, done=self._opened, failed=self._failed,
            on_progress=lambda _d, _t, _s: None)

    def _opened(self, result: object) -> None:
        from counter_app.services.startup import StartupResult
        from counter_app.services.workspace import Workspace

        assert isinstance(result, StartupResult)
        workspace = Workspace(result.store)
        self.ctx.workspace = workspace
        kctx = KioskContext(self.ctx.runner, workspace, self.ctx.clock, self.ctx.data_dir)
        window = KioskWindow(kctx, self.queue, self.prefs.printer_for("boarding_pass"),
                             idle_seconds=self.idle_seconds, language=self.ctx.language)
        window.left.connect(self._left)
        window.language_changed.connect(self._language)
        self.window = window
        if self.full_screen:
            window.showFullScreen()
        else:
            window.resize(1280, 800)
            window.show()
        if not result.enrolled or not result.has_clerks:
            log.warning("kiosk: this counter is not enrolled")
            window.show_notice("not_enrolled")
            self.refused.emit("not_enrolled")
            return
        ops.setup(Worker(self.ctx.runner, workspace), self._set_up, self._failed)

    def _set_up(self, setup: object) -> None:
        from counter_app.services.kiosk import KioskSetup

        assert isinstance(setup, KioskSetup)
        assert self.window is not None
        if not setup.pin_set:
            log.warning("kiosk: no staff PIN set; counter-app --set-kiosk-pin sets one")
            self.window.show_notice("no_pin")
            self.refused.emit("no_pin")
            return
        log.info("kiosk ready (operator %s)", setup.operator_login)
        from counter_app.gui.app import counter_credentials
        from counter_app.gui.sync_controller import SyncController

        # The seats are head office's: sync as a counter does, and ask it live for a seat.
        self.sync = SyncController(self.ctx, counter_credentials(self.ctx, self.prefs))
        self.sync.start()
        self.window.sync = self.sync
        self.window.start()
        self.ready.emit()

    def _failed(self, error: BaseException) -> None:
        """The store could not be opened (no window yet: the process ends with code 2 and
        the reason in its log), or the kiosk's setup could not be read (said on screen)."""
        log.error("kiosk start failed: %r", error)
        self.refused.emit("failed")
        if self.window is None:
            from counter_app.gui.messages import store_message
            from counter_app.kernel.errors import StoreError

            text = store_message(error) if isinstance(error, StoreError) else repr(error)
            print(f"counter-app --kiosk: {text}", file=sys.stderr, flush=True)
            self.finished.emit()
            return
        self.window.show_notice("failed", repr(error))

    def _language(self, language: str) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        for t in self.translators:
            app.removeTranslator(t)
        self.translators = list(install_translators(app, language))

    def _left(self) -> None:
        log.info("kiosk left by staff PIN")
        self.close()
        self.finished.emit()

    def close(self) -> None:
        """Close the window (staff only: after the PIN, or at shut-down)."""
        if self.window is not None:
            self.window.allow_close = True
            self.window.close()

    def shutdown(self) -> None:
        self.close()
        if self.sync is not None:
            self.sync.stop()
        self.queue.stop()
        self.ctx.runner.shutdown(wait=True)
        if self.ctx.workspace is not None:
            self.ctx.workspace.close()
