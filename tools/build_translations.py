"""Refreshes the UI translations: extracts the GUI's strings into ``resources/i18n/*.ts``
(keeping what translators wrote) and compiles them to ``.qm``.

    python tools/build_translations.py            # lupdate + lrelease
    python tools/build_translations.py --release  # lrelease only (what setup runs)

The ``.ts`` files are the source of truth for translations; edit them with Qt Linguist
(``pyside6-linguist``) or by hand.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    """A PySide6 tool next to the running interpreter, else on PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 (pip install -e .)")
    return found


def gui_sources() -> list[str]:
    return sorted(str(p) for p in (ROOT / "src" / "counter_app").rglob("*.py")
                  if "gui" in p.parts)


def update() -> None:
    for lang in LANGUAGES:
        subprocess.run(
            [tool("pyside6-lupdate"), "-no-obsolete", *gui_sources(),
             "-ts", str(I18N / f"counter_{lang}.ts")],
            check=True,
        )


def release(out_dir: Path = I18N) -> list[Path]:
    outputs = []
    for lang in LANGUAGES:
        qm = out_dir / f"counter_{lang}.qm"
        subprocess.run(
            [tool("pyside6-lrelease"), "-silent", str(I18N / f"counter_{lang}.ts"),
             "-qm", str(qm)],
            check=True,
        )
        outputs.append(qm)
    return outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--release", action="store_true", help="compile only")
    args = parser.parse_args()
    if not args.release:
        update()
    for path in release():
        print("wrote", path.relative_to(ROOT))


if __name__ == "__main__":
    main()
