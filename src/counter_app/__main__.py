"""``python -m counter_app``: start the counter's window."""

from __future__ import annotations

import sys


def main() -> int:
    from counter_app.gui.app import main as gui_main

    return gui_main(sys.argv)


if __name__ == "__main__":
    raise SystemExit(main())
