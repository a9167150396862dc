"""Where the counter keeps its device credentials (设备凭据): the tokens head office gave it
at enrollment.

Three stores behind one small interface:

* :class:`KeyringCredentialStore`: the OS keyring (Windows Credential Manager, macOS
  Keychain, Secret Service on Linux) through the ``keyring`` package; the normal choice.
* :class:`EncryptedFileCredentialStore`: a Fernet-encrypted file whose key comes from a
  passphrase (scrypt), for machines without a keyring. It is chosen explicitly by
  configuration; the keyring store never falls back to it silently.
* :class:`MemoryCredentialStore`: for tests.

A store that cannot be used raises :class:`CredentialsUnavailable` with a sentence that
says why.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import threading
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from counter_app.sync.protocol import TokenPair

SERVICE = "counter-app"


@dataclass(frozen=True, slots=True)
class Credentials:
    """A counter's identity at head office and its current token pair (expiries aware UTC)."""

    counter_id: str
    base_url: str
    access_token: str
    access_expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime

    @classmethod
    def with_tokens(cls, counter_id: str, base_url: str, tokens: TokenPair) -> Credentials:
        """The counter's identity with the token pair head office just gave it (at
        enrollment, or a refresh)."""
        return cls(
            counter_id=counter_id,
            base_url=base_url,
            access_token=tokens.access_token,
            access_expires_at=tokens.access_expires_at,
            refresh_token=tokens.refresh_token,
            refresh_expires_at=tokens.refresh_expires_at,
        )

    def to_json(self) -> str:
        data: dict[str, Any] = asdict(self)
        data["access_expires_at"] = self.access_expires_at.isoformat()
        data["refresh_expires_at"] = self.refresh_expires_at.isoformat()
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Credentials:
        data = json.loads(text)
        return cls(
            counter_id=str(data["counter_id"]),
            base_url=str(data["base_url"]),
            access_token=str(data["access_token"]),
            access_expires_at=datetime.fromisoformat(data["access_expires_at"]),
            refresh_token=str(data["refresh_token"]),
            refresh_expires_at=datetime.fromisoformat(data["refresh_expires_at"]),
        )


class CredentialsUnavailable(RuntimeError):  # noqa: N818 - named by the sync contract
    """The credential store cannot be used (no keyring, wrong passphrase, unreadable file)."""


class CredentialStore(Protocol):
    def load(self) -> Credentials | None:
        """The saved credentials, or None when the counter was never enrolled."""
        ...

    def save(self, credentials: Credentials) -> None: ...

    def clear(self) -> None: ...


class MemoryCredentialStore:
    """Credentials in memory only (tests, and a counter run with ``--no-keyring`` demo)."""

    def __init__(self, credentials: Credentials | None = None) -> None:
        self._lock = threading.Lock()
        self._credentials = credentials
        self.saves = 0

    def load(self) -> Credentials | None:
        with self._lock:
            return self._credentials

    def save(self, credentials: Credentials) -> None:
        with self._lock:
            self._credentials = credentials
            self.saves += 1

    def clear(self) -> None:
        with self._lock:
            self._credentials = None


# --- OS keyring ------------------------------------------------------------------------------


def account_for(data_dir: Path) -> str:
    """A keyring account name that is stable for one data folder, so two counters (or a
    test and a real one) on one machine never share tokens."""
    digest = hashlib.sha256(str(data_dir.expanduser().resolve()).encode()).hexdigest()
    return f"counter-{digest[:16]}"


class KeyringCredentialStore:
    """Credentials in the OS keyring, one JSON entry per data folder."""

    def __init__(self, service: str = SERVICE, account: str = "counter") -> None:
        self.service = service
        self.account = account

    @classmethod
    def for_data_dir(cls, data_dir: Path, service: str = SERVICE) -> KeyringCredentialStore:
        return cls(service=service, account=account_for(data_dir))

    def _backend(self) -> Any:
        import keyring
        from keyring.backends import fail

        try:
            backend = keyring.get_keyring()
        except Exception as exc:  # a broken keyring configuration
            raise CredentialsUnavailable(f"the system keyring cannot be opened: {exc}") from exc
        if isinstance(backend, fail.Keyring):
            raise CredentialsUnavailable(
                "no system keyring is available on this machine; configure the encrypted "
                "credentials file instead"
            )
        return backend

    def _call(self, what: str, *args: str) -> Any:
        from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

        backend = self._backend()
        try:
            return getattr(backend, what)(*args)
        except PasswordDeleteError:
            raise  # "nothing to delete": the caller decides
        except NoKeyringError as exc:
            raise CredentialsUnavailable(
                "no system keyring is available on this machine; configure the encrypted "
                "credentials file instead"
            ) from exc
        except KeyringError as exc:
            raise CredentialsUnavailable(f"the system keyring refused access: {exc}") from exc

    def load(self) -> Credentials | None:
        text = self._call("get_password", self.service, self.account)
        if text is None:
            return None
        try:
            return Credentials.from_json(str(text))
        except (ValueError, KeyError, TypeError) as exc:
            raise CredentialsUnavailable("the saved credentials are damaged; enroll again") from exc

    def save(self, credentials: Credentials) -> None:
        self._call("set_password", self.service, self.account, credentials.to_json())

    def clear(self) -> None:
        from keyring.errors import PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError):  # nothing saved: already clear
            self._call("delete_password", self.service, self.account)


# --- encrypted file --------------------------------------------------------------------------

SALT_BYTES = 16
# scrypt cost: 2**15 × 8 × 128 B = 32 MiB and some tens of milliseconds, once per store.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, readable by the owner only (0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)  # an existing tmp file keeps its mode through O_CREAT
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class EncryptedFileCredentialStore:
    """Credentials in a Fernet-encrypted file; the key is scrypt(passphrase, salt), the salt
    lives beside the file (``<name>.salt``). Both files are mode 0600."""

    def __init__(self, path: Path, passphrase: str, *, scrypt_n: int = SCRYPT_N) -> None:
        if not passphrase:
            raise CredentialsUnavailable("the credentials file needs a passphrase")
        self.path = path
        self.salt_path = path.with_name(path.name + ".salt")
        self._passphrase = passphrase.encode()
        self._scrypt_n = scrypt_n
        self._key: bytes | None = None
        self._lock = threading.Lock()

    def _salt(self, create: bool) -> bytes | None:
        try:
            salt = self.salt_path.read_bytes()
        except FileNotFoundError:
            if not create:
                return None
            salt = os.urandom(SALT_BYTES)
            _write_private(self.salt_path, salt)
            return salt
        except OSError as exc:
            raise CredentialsUnavailable(f"cannot read {self.salt_path}: {exc}") from exc
        if len(salt) != SALT_BYTES:
            raise CredentialsUnavailable(f"{self.salt_path} is damaged; enroll again")
        return salt

    def _fernet(self, create: bool) -> Any:
        from cryptography.fernet import Fernet
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

        if self._key is None:
            salt = self._salt(create)
            if salt is None:
                return None
            kdf = Scrypt(salt=salt, length=32, n=self._scrypt_n, r=SCRYPT_R, p=SCRYPT_P)
            self._key = base64.urlsafe_b64encode(kdf.derive(self._passphrase))
        return Fernet(self._key)

    def load(self) -> Credentials | None:
        with self._lock:
            try:
                token = self.path.read_bytes()
            except FileNotFoundError:
                return None
            except OSError as exc:
                raise CredentialsUnavailable(f"cannot read {self.path}: {exc}") from exc
            text = self._decrypt(token)
            try:
                return Credentials.from_json(text)
            except (ValueError, KeyError, TypeError) as exc:
                raise CredentialsUnavailable(f"{self.path} is damaged; enroll again") from exc

    def _decrypt(self, token: bytes) -> str:
        from cryptography.fernet import InvalidToken

        fernet = self._fernet(create=False)
        if fernet is None:
            raise CredentialsUnavailable(
                f"{self.salt_path} is missing, so {self.path} cannot be decrypted; enroll again"
            )
        try:
            return str(fernet.decrypt(token).decode())
        except InvalidToken:
            self._key = None
            raise CredentialsUnavailable(
                f"wrong passphrase for the credentials file {self.path} (or the file is damaged)"
            ) from None

    def save(self, credentials: Credentials) -> None:
        with self._lock:
            if self.path.exists():
                # Never overwrite a file this passphrase cannot read: it may be another's.
                self._decrypt(self.path.read_bytes())
            fernet = self._fernet(create=True)
            _write_private(self.path, fernet.encrypt(credentials.to_json().encode()))

    def clear(self) -> None:
        with self._lock:
            self.path.unlink(missing_ok=True)
