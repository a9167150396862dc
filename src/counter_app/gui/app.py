"""Start-up of the counter's window: fonts, translations, the login dialog at once, and the
local store opened behind it on the database worker, the login window saying what the start
is doing and how far it has got.

Heavy imports (SQLAlchemy, the services) happen on the worker too, so the login window
appears about as fast as a bare Qt window.

A counter not enrolled with head office opens on its enrollment, then pulls its outlet's
data, then lets the outlet's clerks log in. SIGTERM, SIGHUP and SIGINT (a desktop session
ending, ``kill``, Ctrl+C in the terminal) quit like Ctrl+Q: the demo head office stops with
the counter.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from counter_app.gui.collector import GarbageCollector
from counter_app.gui.context import AppContext
from counter_app.gui.fonts import register_fonts
from counter_app.gui.i18n import install_translators
from counter_app.gui.login_dialog import LoginDialog
from counter_app.gui.operations import startup as startup_ops
from counter_app.gui.settings import Preferences
from counter_app.gui.sync_controller import SyncController, credential_store
from counter_app.gui.tasks import Task, TaskRunner
from counter_app.kernel import logmask
from counter_app.kernel.clock import SHANGHAI, Clock, SystemClock
from counter_app.paths import default_data_dir

if TYPE_CHECKING:
    from counter_app.domain.places import PlaceIndex
    from counter_app.gui.enroll_dialog import EnrollDialog
    from counter_app.gui.main_window import MainWindow
    from counter_app.services.demo_network import DemoHeadOffice
    from counter_app.services.startup import StartupResult
    from counter_app.sync.credentials import CredentialStore

log = logging.getLogger(__name__)

# The connected demo's outlet when --outlet is not given (services.demo_network's
# DEMO_OUTLET; not imported from there, which would load httpx and SQLAlchemy at start).
DEMO_OUTLET = "HET001"

# Protects the demo's device token when the machine has no keyring; demo data only.
DEMO_PASSPHRASE = "counter-demo-passphrase"


def counter_credentials(ctx: AppContext, prefs: Preferences) -> CredentialStore:
    """The credential store of this counter: an explicit one (tests), or the one chosen in
    the settings (the OS keyring, or the encrypted file). The demo, on a machine with no
    keyring, chooses the encrypted file itself with a demo passphrase, and says so."""
    if ctx.credentials is not None:
        return ctx.credentials
    if not ctx.passphrase:
        ctx.passphrase = os.environ.get("COUNTER_CREDENTIALS_PASSPHRASE", "")
    backend = prefs.credentials_backend
    if ctx.demo and backend == "keyring" and not keyring_usable(ctx):
        log.warning("no system keyring: the demo keeps its token in an encrypted file")
        backend = "file"
        prefs.credentials_backend = backend
        prefs.sync()
    if ctx.demo and backend == "file" and not ctx.passphrase:
        ctx.passphrase = DEMO_PASSPHRASE
    ctx.credentials = credential_store(ctx.data_dir, backend, ctx.passphrase)
    return ctx.credentials


def keyring_usable(ctx: AppContext) -> bool:
    from counter_app.sync.credentials import CredentialsUnavailable

    try:
        credential_store(ctx.data_dir, "keyring").load()
    except CredentialsUnavailable:
        return False
    return True


class CounterApp(QObject):
    """Runs the login → main window → logout → login cycle of one counter.

    ``demo_grants``: the standalone demo (``--demo --standalone``) plays head office for
    itself and grants its counter leases and ranges at each start; the GUI tests start the
    same demo data without them and grant what each test needs."""

    ready = Signal()
    startFailed = Signal(object)

    def __init__(self, ctx: AppContext, prefs: Preferences, demo_grants: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self.prefs = prefs
        self.demo_grants = demo_grants
        self.login_dialog: LoginDialog | None = None
        self.main_window: MainWindow | None = None
        self.sync: SyncController | None = None
        self.head_office: DemoHeadOffice | None = None
        self.start_error: BaseException | None = None
        self.corrupt_box: QMessageBox | None = None
        self.enroll_dialog: EnrollDialog | None = None
        self.start_task: Task | None = None
        self._last_step = ""
        # The connected demo (--demo --outlet): this counter's outlet (None: HET001) and
        # the head office folder every demo counter shares (None: data_dir/headoffice).
        self.demo_outlet: str | None = None
        self.demo_head_office_dir: Path | None = None

    def start(self) -> None:
        self.show_login()
        self.open_store()

    def open_store(self) -> None:
        today = self.ctx.clock.now().astimezone(SHANGHAI).date()
        ctx, prefs, grants = self.ctx, self.prefs, self.demo_grants
        if self.login_dialog is not None and ctx.demo and ctx.connected_demo:
            self.login_dialog.show_step("head_office")

        def handed(head_office: DemoHeadOffice) -> None:
            # From the worker, as soon as the process runs: a quit now must stop it too.
            self.head_office = head_office

        self.start_task = startup_ops.open_store(
            ctx.runner, ctx.data_dir, ctx.clock, today, demo=ctx.demo,
            connected_demo=ctx.connected_demo, demo_grants=grants,
            credentials=lambda: counter_credentials(ctx, prefs), on_head_office=handed,
            done=self._opened, failed=self._open_failed, on_progress=self._step,
            outlet=self.demo_outlet, head_office_dir=self.demo_head_office_dir,
        )

    def _step(self, done: int, total: int, step: str) -> None:
        if step != self._last_step:  # each step once in the log: no silent minute
            log.info("start: %s", step)
            self._last_step = step
        if self.login_dialog is not None:
            self.login_dialog.show_step(step, done, total)

    def _opened(self, result: StartupResult) -> None:
        from counter_app.services.workspace import Workspace

        self.ctx.workspace = Workspace(result.store)
        self.ctx.places = result.places
        self.head_office = result.head_office
        self.start_task = None
        if not result.enrolled:
            log.info("this counter is not enrolled: opening its enrollment")
            if self.login_dialog is not None:
                self.login_dialog.set_enroll_needed(True)
            self.open_enrollment()
            return
        if not result.has_clerks:
            self.pull_first()  # enrolled, but the first pull never finished
            return
        self._login_ready()

    def _login_ready(self) -> None:
        if self.login_dialog is not None:
            self.login_dialog.set_ready(True)
        log.info("counter ready: login open")
        self.ready.emit()

    def open_enrollment(self) -> None:
        """The enrollment (head office address, one-time code, connection test) over the
        login window; once head office accepts, the first pull."""
        from counter_app.gui.enroll_dialog import EnrollDialog

        if self.enroll_dialog is not None and self.enroll_dialog.isVisible():
            self.enroll_dialog.raise_()
            return
        dialog = EnrollDialog(self.ctx, self.prefs, self.login_dialog)
        dialog.enrolled.connect(self._enrolled)
        self.enroll_dialog = dialog
        dialog.open()

    def _enrolled(self, outlet_name: str) -> None:
        log.info("enrolled for %s: first pull", outlet_name)
        if self.login_dialog is not None:
            self.login_dialog.set_enroll_needed(False)
        self.pull_first()

    def pull_first(self) -> None:
        """Pull the outlet's data before anyone logs in, showing how far it has got."""
        workspace = self.ctx.workspace
        if workspace is None:
            return
        credentials = counter_credentials(self.ctx, self.prefs)
        if self.login_dialog is not None:
            self.login_dialog.show_step("pull")

        def pulled(result: tuple[PlaceIndex, int]) -> None:
            self.ctx.places = result[0]
            self.start_task = None
            log.info("first pull: %s changes", result[1])
            self._login_ready()

        def failed(error: BaseException) -> None:
            self.start_task = None
            log.warning("first pull failed: %s", error)
            if self.login_dialog is not None:
                self.login_dialog.set_ready(False)
                self.login_dialog.show_error(
                    self.tr("The first sync with head office failed: %1").replace(
                        "%1", str(error)))
                self.login_dialog.set_retry(True)

        self.start_task = startup_ops.first_pull(
            self.ctx.runner, workspace, credentials, self.ctx.clock, pulled, failed, self._step
        )

    def _open_failed(self, error: BaseException) -> None:
        from counter_app.kernel.errors import StoreError

        self.start_error = error
        self.startFailed.emit(error)
        if isinstance(error, StoreError):
            from counter_app.gui.messages import store_message

            text = store_message(error)
        else:
            text = self.tr("The local data could not be opened: %1").replace("%1", repr(error))
        if self.login_dialog is not None:
            self.login_dialog.set_ready(False, text)
            self.login_dialog.show_error(text)
        if isinstance(error, StoreError) and error.code == "corrupt":
            self._offer_fresh_start(error.path, text)

    def _offer_fresh_start(self, path: Path, text: str) -> None:
        """Ask (without blocking) whether to move the damaged file aside and start fresh."""
        box = QMessageBox(self.login_dialog)
        box.setObjectName("corruptStoreBox")
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(self.tr("Local data damaged"))
        box.setText(text)
        fresh = box.addButton(
            self.tr("Move it aside and start fresh"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(QMessageBox.StandardButton.Cancel)

        def answered(button: object) -> None:
            if button is fresh:
                self.start_fresh(path)

        box.buttonClicked.connect(answered)
        self.corrupt_box = box
        box.open()

    def start_fresh(self, path: Path) -> None:
        """Move the damaged database aside (kept for support) and open a new one."""

        def moved(kept: Path) -> None:
            log.warning("damaged database moved to %s", kept)
            self.start_error = None
            self.open_store()

        startup_ops.move_aside(self.ctx.runner, path, moved, self._open_failed)

    def show_login(self) -> None:
        dialog = LoginDialog(self.ctx)
        dialog.loggedIn.connect(self._logged_in)
        dialog.enrollRequested.connect(self.open_enrollment)
        dialog.retryRequested.connect(self.pull_first)
        self.login_dialog = dialog
        dialog.show()
        dialog.login_edit.setFocus()

    def _logged_in(self, _clerk: object) -> None:
        from counter_app.gui.main_window import MainWindow

        if self.sync is None:
            self.sync = SyncController(self.ctx, counter_credentials(self.ctx, self.prefs))
            self.sync.start()
        window = MainWindow(self.ctx, self.prefs, self.sync)
        window.logoutRequested.connect(self._logged_out)
        self.main_window = window
        window.show()
        self.login_dialog = None

    def _logged_out(self) -> None:
        self.main_window = None
        QTimer.singleShot(0, self.show_login)

    def shutdown(self) -> None:
        """Stop syncing, stop the demo head office (first, so that a start still talking
        to it ends at once), let running database work finish, close the store."""
        if self.start_task is not None:
            self.start_task.cancel()
        if self.sync is not None:
            self.sync.stop()
        if self.head_office is not None:
            self.head_office.stop()
        self.ctx.runner.shutdown(wait=True)
        if self.ctx.workspace is not None:
            self.ctx.workspace.close()
        if self.head_office is not None:  # handed over while the start was ending
            self.head_office.stop()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="counter-app", description="Air-ticket counter")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start a demo head office beside the counter and sync with it",
    )
    parser.add_argument(
        "--standalone",
        action="store_true",
        help="with --demo: load the demo data straight into the counter, no head office",
    )
    parser.add_argument(
        "--outlet",
        default=None,
        metavar="CODE",
        help="with --demo: the demo outlet this counter belongs to (HET001 when not given; "
        "SZX001 the GP counter, HET000 head office's inbox); its data in demo-CODE",
    )
    parser.add_argument(
        "--head-office-dir",
        type=Path,
        default=None,
        help="with --demo: the demo head office's folder, shared by every demo counter "
        "(default: the demo's headoffice folder, or --data-dir's)",
    )
    parser.add_argument("--data-dir", type=Path, default=None, help="where the local data lives")
    parser.add_argument("--lang", choices=["zh_CN", "en"], default=None, help="interface language")
    parser.add_argument("--kiosk", action="store_true",
                        help="the civic-centre self check-in terminal, full screen")
    parser.add_argument("--kiosk-timeout", type=int, default=60, metavar="SECONDS",
                        help="with --kiosk: idle seconds before it goes back to the start")
    parser.add_argument("--set-kiosk-pin", action="store_true",
                        help="a supervisor sets the kiosk's staff PIN (asked in the terminal)")
    parser.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def build_context(data_dir: Path, demo: bool, clock: Clock | None = None) -> AppContext:
    return AppContext(
        runner=TaskRunner(), clock=clock or SystemClock(), data_dir=data_dir, demo=demo
    )


QUIT_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


def quit_on_signals(app: QApplication) -> QSocketNotifier | None:
    """SIGTERM, SIGHUP and SIGINT quit the application as Ctrl+Q does (the caller then shuts
    the counter down and its demo head office with it). Python runs a signal handler only
    between bytecodes, never while Qt's event loop waits in C; so the C-level handler writes
    to a socket (``signal.set_wakeup_fd``) that Qt watches, and the quit happens on the GUI
    thread. Returns the watcher, to keep alive for the life of the loop."""
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    try:
        signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    except ValueError:  # not the main thread (an embedding test): leave signals alone
        reader.close()
        writer.close()
        return None
    for number in QUIT_SIGNALS:
        # A Python handler (not the default, which would end the process at once); the
        # work is done by the wake-up byte below.
        signal.signal(number, lambda _signum, _frame: None)

    def woken() -> None:
        try:
            data = reader.recv(64)
        except BlockingIOError:
            return
        names = [signal.Signals(b).name for b in data if b in QUIT_SIGNALS]
        if names:
            log.warning("%s: quitting", ", ".join(names))
            app.quit()

    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(woken)
    notifier.setProperty("sockets", (reader, writer))  # kept open as long as the notifier
    return notifier


def data_dir_for(args: argparse.Namespace) -> Path:
    """The data folder: ``--data-dir``, else the user's, with a sub-folder per demo
    (``demo``; ``demo-CODE`` for the connected demo of another outlet than HET001)."""
    data_dir: Path = args.data_dir or default_data_dir()
    if args.demo and args.data_dir is None:
        if args.standalone:
            return data_dir / "demo-standalone"
        outlet = getattr(args, "outlet", None)
        return data_dir / ("demo" if outlet in (None, DEMO_OUTLET) else f"demo-{outlet}")
    return data_dir


def head_office_dir_for(args: argparse.Namespace) -> Path:
    """The connected demo's head office folder, one for every demo counter:
    ``--head-office-dir``; else ``headoffice`` in ``--data-dir`` (as before outlets); else
    ``demo/headoffice`` in the user's data folder, whatever the outlet."""
    if getattr(args, "head_office_dir", None) is not None:
        return Path(args.head_office_dir)
    if args.data_dir is not None:
        return Path(args.data_dir) / "headoffice"
    return default_data_dir() / "demo" / "headoffice"


def demo_people() -> dict[str, Any]:
    """The demo data (outlets, clerks ...) as the head office loads it."""
    import json

    from counter_app.resources import resource

    data: dict[str, Any] = json.loads(resource("data", "demo.json").read_text(encoding="utf-8"))
    return data


def outlet_refusal(args: argparse.Namespace) -> str | None:
    """Why ``--outlet`` / ``--head-office-dir`` cannot be used as given (Chinese, then
    English); None when they can."""
    outlet, folder = getattr(args, "outlet", None), getattr(args, "head_office_dir", None)
    if outlet is None and folder is None:
        return None
    if not args.demo or args.standalone:
        return ("--outlet 和 --head-office-dir 只用于联网演示 (--demo) / "
                "--outlet and --head-office-dir are for the connected demo (--demo) only")
    if outlet is None:
        return None
    codes = [o["code"] for o in demo_people()["outlets"]]
    if outlet in codes:
        return None
    return (f"演示数据中没有网点 {outlet}，可选：{'、'.join(codes)} / "
            f"no demo outlet {outlet}; one of: {', '.join(codes)}")


def print_demo_accounts(outlet: str) -> None:
    """The demo accounts that log in at ``outlet``'s counter, in the terminal."""
    for clerk in demo_people()["clerks"]:
        if clerk["outlet"] == outlet:
            print(f"  {clerk['role']:<12}{clerk['login']:<10}/ {clerk['password']}   ({outlet})")


def make_counter(
    args: argparse.Namespace, data_dir: Path, prefs: Preferences, clock: Clock | None = None
) -> CounterApp:
    """The counter the command line asks for (not started yet)."""
    ctx = build_context(data_dir, args.demo, clock)
    ctx.connected_demo = args.demo and not args.standalone
    ctx.language = args.lang or prefs.language
    counter = CounterApp(ctx, prefs, demo_grants=args.demo and args.standalone)
    if ctx.connected_demo:
        counter.demo_outlet = getattr(args, "outlet", None)
        counter.demo_head_office_dir = head_office_dir_for(args)
    return counter


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    args = parse_args((argv or sys.argv)[1:])
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logmask.install()  # no ID number, token or enrollment code in the log
    refusal = outlet_refusal(args)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 2
    if args.set_kiosk_pin:
        from counter_app.gui.kiosk.commands import set_kiosk_pin

        return set_kiosk_pin(data_dir_for(args))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Counter")
    app.setOrganizationName("Counter")
    data_dir = data_dir_for(args)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        QMessageBox.critical(
            None, "Counter", f"数据文件夹无法创建 / cannot create {data_dir}: {exc}"
        )
        return 2
    prefs = Preferences(data_dir)
    language = args.lang or prefs.language
    translators = install_translators(app, language)
    register_fonts(app, prefs.font_size)
    collector = GarbageCollector(app)
    if args.kiosk:
        from counter_app.gui.kiosk.commands import run_kiosk

        ctx = build_context(data_dir, args.demo)
        ctx.language = language
        quitter = quit_on_signals(app)  # SIGTERM from the session: shut down cleanly
        code = run_kiosk(app, ctx, prefs, args.kiosk_timeout, translators)
        collector.stop()
        del quitter
        return code
    counter = make_counter(args, data_dir, prefs)
    quitter = quit_on_signals(app)
    counter.start()
    if args.startup_probe:
        # Benchmarks: report when the login window is on screen, then leave.
        def probe() -> None:
            print(f"login_shown_s={time.perf_counter() - started:.4f}", flush=True)
            app.quit()

        QTimer.singleShot(0, probe)
    if args.demo and args.outlet not in (None, DEMO_OUTLET):
        print("Counter demo: data in", data_dir)
        print_demo_accounts(args.outlet)
    elif args.demo:
        print("Counter demo: data in", data_dir)
        print("  clerk      wangli    / demo1234   (呼和浩特 post office HET001)")
        print("  supervisor chenhong  / super1234")
        if args.standalone:
            print("  GP counter linxiaoyu / demo1234   (深圳 civic centre)")
    code = app.exec()
    counter.shutdown()
    collector.stop()
    del translators, quitter
    return int(code)
