#!/usr/bin/env bash
# Sets up everything a fresh Debian/Ubuntu machine needs to run or test Counter:
# the system libraries Qt and the PDF tools need (when run as root, or with sudo),
# a virtual environment in .venv, and the project installed into it in editable mode.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

# Qt 6's xcb platform plugin (a real X display) loads the xcb libraries below: without
# them `counter-app` stops with 'Could not load the Qt platform plugin "xcb"'. Found with
# `ldd .venv/lib/python3.*/site-packages/PySide6/Qt/plugins/platforms/libqxcb.so`.
# The tests also need an X server (xvfb, xdotool, x11-utils) for the real-window tests and
# libfaketime (faketime) for the run a year ahead.
apt_packages=(libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6
              libdbus-1-3 libglib2.0-0 libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0
              libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0
              libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
              libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1
              poppler-utils cups cups-client cups-bsd printer-driver-cups-pdf
              xvfb xdotool x11-utils faketime)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
  if [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; then
    echo "setup: installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: please install these system packages: ${missing[*]}" >&2
  fi
fi

# The head-office tests need PostgreSQL: the machine's own server on 127.0.0.1:5432 when
# one answers, else a throwaway cluster the tests start from Debian's postgresql package.
if ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing PostgreSQL (for the head-office tests)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "setup: please install postgresql (the head-office tests need it)" >&2
  fi
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup: Counter needs Python 3.11 or newer; $python is $("$python" --version 2>&1)" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ] && ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  else
    echo "setup: please install python3-venv" >&2
    exit 1
  fi
fi
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$python" -m venv .venv
fi
stamp=.venv/.counter-installed
want=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing Python dependencies"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  echo "$want" > "$stamp"
fi
