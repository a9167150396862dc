"""A private CUPS server for the printing end-to-end tests, with a cups-pdf queue.

The test run starts its own ``cupsd`` (never the machine's): its configuration, cache,
state, spool and logs live in one temporary folder; it listens on a free port of 127.0.0.1
and on a domain socket in that folder, and lets anyone on those do anything (nobody else can
reach them). Jobs print to cups-pdf, whose backend reads its settings from
``/etc/cups/cups-pdf-<name>.conf`` for a device ``cups-pdf:/<name>`` (the path is compiled
in); the session writes one such file with a unique name, sending output to the temporary
folder, and removes it at the end.

What the machine must offer, found out the hard way:

- root: the cups-pdf backend refuses to run otherwise ("cannot be called without root
  privileges"); cupsd started by root runs a backend whose mode is 0700 as root and the
  filters as ``lp``, so the temporary folder must be searchable by ``lp`` (0755);
- the pdftocairo renderer for the PDF-to-PostScript step that cups-pdf's PostScript PPD
  needs: the default renderer (Ghostscript) drops the Unicode of the bundled Chinese fonts,
  so pdftotext could not read the output back; pdftocairo keeps it for the BMP characters
  (an Extension B character such as 𠮷 is still printed, as a glyph of its own font, but its
  text is lost on the way through PostScript).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

APT_PACKAGES = ("cups", "cups-client", "cups-bsd", "printer-driver-cups-pdf")
CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_PDF_PPD_DIR = Path("/usr/share/ppd/cups-pdf")
CUPS_PDF_CONF_DIR = Path("/etc/cups")
TOOLS = ("cupsd", "lpadmin", "lpinfo", "lpstat", "lp", "cupsenable", "cupsdisable",
         "cupsaccept", "cupsreject")
SBIN = ("/usr/sbin", "/sbin")
START_TIMEOUT_S = 30.0


class CupsUnavailableError(RuntimeError):
    """The private server cannot be had on this machine; the message says what to do."""


def tool_env() -> dict[str, str]:
    """Environment for the CUPS tools: C locale, and /usr/sbin on PATH (lpadmin, cupsd)."""
    env = dict(os.environ)
    path = env.get("PATH", os.defpath).split(os.pathsep)
    env["PATH"] = os.pathsep.join(path + [p for p in SBIN if p not in path])
    env["LC_ALL"] = "C"
    env["LANG"] = "C"
    env.pop("CUPS_SERVER", None)
    return env


def _which(tool: str) -> str | None:
    return shutil.which(tool, path=tool_env()["PATH"])


def _missing() -> list[str]:
    missing = [t for t in TOOLS if _which(t) is None]
    if not CUPS_PDF_BACKEND.exists() or not any(CUPS_PDF_PPD_DIR.glob("*.ppd")):
        missing.append("cups-pdf")
    if _which("gs") is None:
        missing.append("gs")
    return missing


def ensure_cups_installed() -> None:
    """Install Debian's CUPS and cups-pdf packages when they are missing and we are root;
    raise :class:`CupsUnavailableError` saying what to install when that cannot be done."""
    if not sys.platform.startswith("linux"):
        raise CupsUnavailableError("the CUPS end-to-end tests run on Linux only")
    if os.geteuid() != 0:
        raise CupsUnavailableError(
            "the CUPS end-to-end tests must run as root: the cups-pdf backend refuses to run "
            "otherwise (CI runs them as root; locally: sudo .venv/bin/pytest tests/e2e/"
            "test_cups_printing.py)"
        )
    missing = _missing()
    if not missing:
        return
    hint = "apt-get install " + " ".join(APT_PACKAGES)
    if _which("apt-get") is None:
        raise CupsUnavailableError(f"CUPS tools missing ({', '.join(missing)}); install: {hint}")
    env = {**tool_env(), "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"],
                ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *APT_PACKAGES]):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900,
                              check=False)
        if done.returncode != 0:
            raise CupsUnavailableError(
                f"CUPS tools missing ({', '.join(missing)}) and `{' '.join(cmd)}` failed "
                f"({done.stderr.strip()[-500:]}); install: {hint}"
            )
    still = _missing()
    if still:
        raise CupsUnavailableError(f"still missing after apt-get: {', '.join(still)}; {hint}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PrivateCups:
    """A running private cupsd (see the module docstring)."""

    root: Path
    port: int
    device_uri: str
    cups_pdf_conf: Path
    process: subprocess.Popen[bytes]
    started_in_s: float = 0.0
    queues: list[str] = field(default_factory=list)

    @property
    def address(self) -> str:
        """``host:port`` of the server, for ``CupsSpooler(server=...)`` or ``lpstat -h``."""
        return f"127.0.0.1:{self.port}"

    @property
    def socket_path(self) -> Path:
        return self.root / "cups.sock"

    @property
    def out_dir(self) -> Path:
        return self.root / "out"

    def run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a CUPS tool against this server (``-h`` goes first: lpstat acts on options
        in order)."""
        exe = _which(tool)
        if exe is None:
            raise CupsUnavailableError(f"{tool} not found")
        done = subprocess.run([exe, "-h", self.address, *args], env=tool_env(),
                              capture_output=True, text=True, timeout=30, check=False)
        if check and done.returncode != 0:
            raise RuntimeError(f"{tool} {' '.join(args)} failed: {done.stderr.strip()}\n"
                               f"{self.log_tail()}")
        return done

    def add_pdf_queue(self, name: str, description: str = "") -> None:
        """A cups-pdf queue writing into :attr:`out_dir`, enabled and accepting."""
        args = ["-p", name, "-E", "-v", self.device_uri, "-m", self.cups_pdf_model(),
                "-o", "pdftops-renderer-default=pdftocairo",
                "-o", "printer-error-policy=abort-job"]
        if description:
            args += ["-D", description]
        self.run("lpadmin", *args)
        self.queues.append(name)

    def cups_pdf_model(self) -> str:
        """The cups-pdf PPD as ``lpinfo -m`` names it; the one without options, so that the
        file naming set in the cups-pdf configuration is not overridden by PPD defaults."""
        models = self.run("lpinfo", "-m").stdout.splitlines()
        names = [line.split(" ", 1)[0] for line in models if "cups-pdf" in line.lower()]
        for wanted in ("noopt", ""):
            for model in names:
                if wanted in model.lower():
                    return model
        raise CupsUnavailableError(
            "lpinfo -m lists no cups-pdf PPD; install printer-driver-cups-pdf"
        )

    def output_for(self, job_id: str) -> Path | None:
        """The PDF cups-pdf wrote for request ``job_id`` (files are named ``job_N-...pdf``)."""
        number = job_id.rsplit("-", 1)[-1]
        pattern = re.compile(rf"(?:^|[-_])job_{number}(?:\D|$)")
        for path in sorted(self.out_dir.glob("*.pdf")):
            if pattern.search(path.name):
                return path
        return None

    def log_tail(self, lines: int = 40) -> str:
        parts = []
        for name in ("error_log", "cupsd.out"):
            path = self.root / "log" / name
            if path.exists():
                text = path.read_text(errors="replace").splitlines()[-lines:]
                parts.append(f"--- {name}\n" + "\n".join(text))
        return "\n".join(parts)

    def stop(self) -> None:
        try:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=15)
        finally:
            self.cups_pdf_conf.unlink(missing_ok=True)
            shutil.rmtree(self.root, ignore_errors=True)


def _cupsd_conf(root: Path, port: int) -> str:
    return f"""# private cupsd of the Counter printing tests
LogLevel info
MaxLogSize 0
Listen 127.0.0.1:{port}
Listen {root}/cups.sock
Browsing No
BrowseLocalProtocols none
DefaultShared No
WebInterface No
DefaultAuthType None
ErrorPolicy abort-job
PreserveJobHistory Yes
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""


def _cups_files_conf(root: Path) -> str:
    return f"""ServerRoot {root}/etc
CacheDir {root}/cache
StateDir {root}/state
RequestRoot {root}/spool
TempDir {root}/spool/tmp
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
SystemGroup root
User lp
Group lp
"""


def _cups_pdf_conf(root: Path) -> str:
    # Label 1 names every file job_<id>-<title>.pdf, so a test finds its job's file.
    return f"""Out {root}/out
AnonDirName {root}/out
Spool {root}/cups-pdf-spool
Log {root}/log
LogType 3
Label 1
TitlePref 1
Grp lp
"""


def start_private_cups() -> PrivateCups:
    """Start the private server and wait until ``lpstat -r`` answers."""
    ensure_cups_installed()
    started = time.monotonic()
    root = Path(tempfile.mkdtemp(prefix="counter-cups-"))
    root.chmod(0o755)  # the filters run as lp and must reach the spool below
    for sub in ("etc/ppd", "cache", "state", "spool/tmp", "log", "out"):
        (root / sub).mkdir(parents=True)
    port = free_port()
    name = "counter" + secrets.token_hex(4)
    conf = CUPS_PDF_CONF_DIR / f"cups-pdf-{name}.conf"
    (root / "etc" / "cupsd.conf").write_text(_cupsd_conf(root, port))
    (root / "etc" / "cups-files.conf").write_text(_cups_files_conf(root))
    conf.write_text(_cups_pdf_conf(root))
    cupsd = _which("cupsd")
    assert cupsd is not None
    with (root / "log" / "cupsd.out").open("wb") as out:
        process = subprocess.Popen(
            [cupsd, "-f", "-c", str(root / "etc" / "cupsd.conf"),
             "-s", str(root / "etc" / "cups-files.conf")],
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=tool_env(),
            cwd=root,
        )
    server = PrivateCups(root, port, f"cups-pdf:/{name}", conf, process)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise CupsUnavailableError(f"cupsd exited with {process.returncode}\n"
                                      f"{server.log_tail()}")
            done = server.run("lpstat", "-r", check=False)
            if "scheduler is running" in done.stdout:
                break
            if time.monotonic() > deadline:
                raise CupsUnavailableError(f"cupsd did not answer in {START_TIMEOUT_S:g} s\n"
                                      f"{server.log_tail()}")
            time.sleep(0.05)
    except BaseException:
        server.stop()
        raise
    server.started_in_s = time.monotonic() - started
    return server
