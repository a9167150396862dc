"""``counter-app --demo --outlet CODE``: the counter's data folder per outlet, the ONE demo
head office folder every demo counter shares, and an unknown outlet refused (Chinese and
English, exit code 2, no traceback). The sharing itself:
tests/unit/sync/test_demo_shared_head_office.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from argparse import Namespace
from pathlib import Path

from counter_app.gui.app import (
    data_dir_for,
    head_office_dir_for,
    make_counter,
    outlet_refusal,
    parse_args,
)
from counter_app.gui.settings import Preferences
from counter_app.paths import default_data_dir

ENV = {**os.environ, "PYTHONIOENCODING": "utf-8", "QT_QPA_PLATFORM": "offscreen"}


def _args(*argv: str) -> Namespace:
    return parse_args(list(argv))


def test_outlet_folders_and_the_shared_head_office_folder() -> None:
    root = default_data_dir()
    assert data_dir_for(_args("--demo")) == root / "demo"
    assert data_dir_for(_args("--demo", "--outlet", "HET001")) == root / "demo"
    assert data_dir_for(_args("--demo", "--outlet", "SZX001")) == root / "demo-SZX001"
    assert data_dir_for(_args("--demo", "--outlet", "HET000", "--data-dir", "x")) == Path("x")
    shared = root / "demo" / "headoffice"
    assert head_office_dir_for(_args("--demo")) == shared
    assert head_office_dir_for(_args("--demo", "--outlet", "HET000")) == shared
    assert head_office_dir_for(_args("--demo", "--data-dir", "x")) == Path("x") / "headoffice"
    assert head_office_dir_for(
        _args("--demo", "--outlet", "SZX001", "--data-dir", "y", "--head-office-dir", "x/ho")
    ) == Path("x/ho")
    assert outlet_refusal(_args("--demo", "--outlet", "SZX001")) is None
    assert outlet_refusal(_args("--demo")) is None
    assert outlet_refusal(_args("--outlet", "SZX001")) is not None  # not without --demo
    assert outlet_refusal(_args("--demo", "--standalone", "--outlet", "SZX001")) is not None


def test_an_unknown_outlet_is_refused_in_both_languages() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "counter_app", "--demo", "--outlet", "XYZ"],
        capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
        env=ENV,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "没有网点 XYZ" in done.stderr
    assert "no demo outlet XYZ" in done.stderr
    assert "SZX001" in done.stderr
    assert "HET000" in done.stderr


def test_the_counter_is_started_for_its_outlet_beside_the_shared_head_office(
    qapp: object, tmp_path: Path
) -> None:
    args = _args("--demo", "--outlet", "SZX001", "--data-dir", str(tmp_path / "gp"),
                 "--head-office-dir", str(tmp_path / "ho"))
    counter = make_counter(args, data_dir_for(args), Preferences(tmp_path / "gp"))
    try:
        assert counter.ctx.connected_demo
        assert counter.demo_outlet == "SZX001"
        assert counter.demo_head_office_dir == tmp_path / "ho"
        standalone = make_counter(_args("--demo", "--standalone"), tmp_path / "s",
                                  Preferences(tmp_path / "s"))
        assert standalone.demo_outlet is None
        assert standalone.demo_head_office_dir is None
        standalone.ctx.runner.shutdown(wait=True)
    finally:
        counter.ctx.runner.shutdown(wait=True)
