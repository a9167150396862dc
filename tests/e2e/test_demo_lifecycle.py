"""The connected demo's head office lives exactly as long as its counter: real processes.

``counter-app --demo`` (offscreen) is started into one data folder; once its login is
ready it is ended as a desktop session or a terminal would end it — SIGTERM, SIGHUP,
SIGINT — or without a word (SIGKILL). Each time the head office process must be gone soon
after and its port free again. The head office's demo data is loaded at the first start
only; the later starts reuse it.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from e2e_support import SUBPROCESS_ENV

pytestmark = pytest.mark.slow

HO_LINE = re.compile(r"demo head office pid (\d+) at http://127\.0\.0\.1:(\d+)")
READY_LINE = "counter ready: login open"


@dataclass
class RunningDemo:
    process: subprocess.Popen[str]
    head_office_pid: int
    port: int
    lines: list[str]
    reader: threading.Thread

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)
        self.reader.join(timeout=10)
        assert self.process.stdout is not None
        self.process.stdout.close()


def _reader(process: subprocess.Popen[str], out: queue.Queue[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        out.put(line)


def start_demo(folder: Path, timeout: float = 240.0) -> RunningDemo:
    """``python -m counter_app --demo --data-dir FOLDER`` until its login is ready."""
    env = {
        **SUBPROCESS_ENV,
        "QT_QPA_PLATFORM": "offscreen",
        # No OS keyring on a test machine (the edge of the world): the demo then keeps its
        # token in its encrypted file, as it does on such a machine.
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "counter_app", "--demo", "--data-dir", str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
        env=env,
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=_reader, args=(process, lines), daemon=True)
    reader.start()
    seen: list[str] = []
    head_office: tuple[int, int] | None = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1.0)
        except queue.Empty:
            if process.poll() is not None:
                RunningDemo(process, 0, 0, seen, reader).close()
                raise AssertionError("the demo ended at start:\n" + "".join(seen)) from None
            continue
        seen.append(line)
        found = HO_LINE.search(line)
        if found:
            head_office = int(found.group(1)), int(found.group(2))
        if READY_LINE in line:
            assert head_office is not None, "".join(seen)
            return RunningDemo(process, head_office[0], head_office[1], seen, reader)
    RunningDemo(process, 0, 0, seen, reader).close()
    raise AssertionError("the demo's login was not ready in time:\n" + "".join(seen))


def running(pid: int) -> bool:
    """A live process (a zombie nobody reaped yet counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def wait_for(condition: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo-lifecycle")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX signals, /proc")
@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP", "SIGINT", "SIGKILL"])
def test_head_office_ends_with_the_counter(demo_folder: Path, how: str) -> None:
    demo = start_demo(demo_folder)
    try:
        assert running(demo.head_office_pid)
        assert not port_free(demo.port)
        demo.process.send_signal(getattr(signal, how))
        code = demo.process.wait(timeout=60)
        if how != "SIGKILL":
            # Quit cleanly, as Ctrl+Q does: the window's own exit code, not death by signal.
            assert code == 0, "".join(demo.lines)
        # SIGKILL cannot be passed on: the head office notices its counter is gone.
        assert wait_for(lambda: not running(demo.head_office_pid), 20), how
        assert wait_for(lambda: port_free(demo.port), 10), how
    finally:
        demo.close()
        if running(demo.head_office_pid):
            os.kill(demo.head_office_pid, signal.SIGKILL)
