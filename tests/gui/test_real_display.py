"""The counter on a real X display (Qt's xcb platform plugin, not offscreen).

A fresh Debian machine once stopped ``bash scripts/demo`` with 'Could not load the Qt
platform plugin "xcb"': the plugin loads xcb libraries that setup did not install. The
offscreen tests cannot see that, so this test starts ``counter-app --demo --standalone`` as
a real process under Xvfb with ``QT_QPA_PLATFORM=xcb`` and waits until its login window is
mapped on the X server, then ends it the way a desktop session does (SIGTERM).

It never skips: where Xvfb or xdotool is missing it fails and says what to install
(``scripts/setup.sh`` installs both).
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

#: The login window's title as the Chinese interface (the default) shows it.
LOGIN_TITLE = "柜台售票系统 — 登录"
MISSING = ("this test needs {tool} (Debian package {package}); "
           "scripts/setup.sh installs it: sudo apt-get install {package}")


def _need(tool: str, package: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(MISSING.format(tool=tool, package=package), pytrace=False)
    return path


@pytest.fixture
def x_display(tmp_path: Path) -> Iterator[str]:
    """An Xvfb server at 1280x800 on a display number it picks itself (``-displayfd``)."""
    xvfb = _need("Xvfb", "xvfb")
    reader, writer = os.pipe()
    with (tmp_path / "xvfb.log").open("wb") as log:
        server = subprocess.Popen(
            [xvfb, "-displayfd", str(writer), "-screen", "0", "1280x800x24", "-nolisten",
             "tcp", "-noreset"],
            pass_fds=(writer,), stdout=subprocess.DEVNULL, stderr=log,
        )
    os.close(writer)
    try:
        # Xvfb writes the number, then a newline: read up to the newline, since closing the
        # pipe early makes the second write fail and Xvfb end ("Cannot write display number").
        said = b""
        while not said.endswith(b"\n") and select.select([reader], [], [], 30)[0]:
            chunk = os.read(reader, 16)
            if not chunk:
                break
            said += chunk
        os.close(reader)
        number = said.decode().strip()
        if not said.endswith(b"\n") or not number.isdigit():
            said = (tmp_path / "xvfb.log").read_text(errors="replace")
            pytest.fail(f"Xvfb did not start within 30 s: {said}", pytrace=False)
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _x_env(display: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONIOENCODING="utf-8")
    return env


def _end(app: subprocess.Popen[bytes]) -> None:
    if app.poll() is None:
        app.send_signal(signal.SIGTERM)  # as a desktop session does at logout
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()


def test_the_demo_opens_its_login_window_on_a_real_x_display(
    x_display: str, tmp_path: Path
) -> None:
    xdotool = _need("xdotool", "xdotool")
    data_dir = tmp_path / "counter"
    with (tmp_path / "app.out").open("wb") as out:
        app = subprocess.Popen(
            [sys.executable, "-m", "counter_app", "--demo", "--standalone",
             "--data-dir", str(data_dir)],
            env=_x_env(x_display), stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        # --sync waits until a visible (mapped, viewable) window of this process has the
        # login title; the timeout bounds a start that never gets there.
        found = subprocess.run(
            [xdotool, "search", "--sync", "--all", "--onlyvisible", "--pid", str(app.pid),
             "--name", LOGIN_TITLE],
            env=_x_env(x_display), capture_output=True, text=True, timeout=90, check=False,
        )
        output = (tmp_path / "app.out").read_text(encoding="utf-8", errors="replace")
        assert app.poll() is None, f"the counter ended ({app.returncode}):\n{output}"
        assert found.returncode == 0, f"no login window mapped: {found.stderr}\n{output}"
        assert found.stdout.split(), f"no login window mapped:\n{output}"
        window = found.stdout.split()[0]
        geometry = subprocess.run(
            [xdotool, "getwindowgeometry", window], env=_x_env(x_display),
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout
        width, height = (int(n) for n in geometry.split("Geometry:")[1].split()[0].split("x"))
        assert width >= 300, geometry  # a window, not a stub
        assert height >= 200, geometry
        assert "Could not load the Qt platform plugin" not in output, output
    except subprocess.TimeoutExpired:
        output = (tmp_path / "app.out").read_text(encoding="utf-8", errors="replace")
        pytest.fail(f"no login window within 90 s on {x_display}:\n{output}", pytrace=False)
    finally:
        _end(app)
