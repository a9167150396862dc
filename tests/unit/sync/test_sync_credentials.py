"""Credential stores: memory, the OS keyring (through a real keyring backend class kept in
memory), and the passphrase-encrypted file for machines without a keyring."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked, PasswordDeleteError
from sync_support import NOW

from counter_app.sync.credentials import (
    Credentials,
    CredentialsUnavailable,
    EncryptedFileCredentialStore,
    KeyringCredentialStore,
    MemoryCredentialStore,
    account_for,
)

CREDS = Credentials(
    counter_id="01a2-counter",
    base_url="https://ho.example.cn",
    access_token="access-秘密-1",
    access_expires_at=NOW + timedelta(hours=12),
    refresh_token="refresh-2",
    refresh_expires_at=NOW + timedelta(days=30),
)
FAST = 2**10  # scrypt cost for tests; the store's default is 2**15


class MemoryKeyring(KeyringBackend):
    """A keyring backend that keeps passwords in a dict (the one allowed fake: the OS)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.locked = False

    def get_password(self, service: str, username: str) -> str | None:
        if self.locked:
            raise KeyringLocked("locked")
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.locked:
            raise KeyringLocked("locked")
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise PasswordDeleteError("not found")
        del self.entries[(service, username)]


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def test_memory_store_round_trip() -> None:
    store = MemoryCredentialStore()
    assert store.load() is None
    store.save(CREDS)
    assert store.load() == CREDS
    store.clear()
    assert store.load() is None


def test_credentials_json_round_trip() -> None:
    assert Credentials.from_json(CREDS.to_json()) == CREDS


def test_keyring_store_round_trip(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    store = KeyringCredentialStore.for_data_dir(tmp_path / "a")
    other = KeyringCredentialStore.for_data_dir(tmp_path / "b")
    assert store.load() is None
    store.save(CREDS)
    assert store.load() == CREDS
    assert other.load() is None  # one entry per data folder
    assert list(memory_keyring.entries) == [("counter-app", account_for(tmp_path / "a"))]
    assert json.loads(next(iter(memory_keyring.entries.values())))["access_token"] == (
        "access-秘密-1"
    )
    store.clear()
    store.clear()  # clearing twice is fine
    assert store.load() is None


def test_keyring_refusals_are_credentials_unavailable(memory_keyring: MemoryKeyring) -> None:
    store = KeyringCredentialStore(account="x")
    memory_keyring.locked = True
    with pytest.raises(CredentialsUnavailable, match="refused"):
        store.load()
    memory_keyring.locked = False
    memory_keyring.entries[("counter-app", "x")] = "{not json"
    with pytest.raises(CredentialsUnavailable, match="damaged"):
        store.load()


def test_no_keyring_backend_is_refused_not_bypassed() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(CredentialsUnavailable, match="no system keyring"):
            KeyringCredentialStore(account="x").save(CREDS)
    finally:
        keyring.set_keyring(previous)


def test_encrypted_file_round_trip_with_private_files(tmp_path: Path) -> None:
    path = tmp_path / "secrets" / "credentials.bin"
    store = EncryptedFileCredentialStore(path, "柜台口令 correct horse", scrypt_n=FAST)
    assert store.load() is None
    store.save(CREDS)
    assert b"access" not in path.read_bytes()  # encrypted, not just encoded
    for file in (path, path.with_name(path.name + ".salt")):
        assert stat.S_IMODE(os.stat(file).st_mode) == 0o600
    again = EncryptedFileCredentialStore(path, "柜台口令 correct horse", scrypt_n=FAST)
    assert again.load() == CREDS
    renewed = replace(CREDS, access_token="access-3")
    again.save(renewed)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert EncryptedFileCredentialStore(path, "柜台口令 correct horse", scrypt_n=FAST).load() == (
        renewed
    )
    again.clear()
    assert again.load() is None


def test_encrypted_file_wrong_passphrase_is_a_clear_refusal(tmp_path: Path) -> None:
    path = tmp_path / "credentials.bin"
    EncryptedFileCredentialStore(path, "right one", scrypt_n=FAST).save(CREDS)
    before = path.read_bytes()
    wrong = EncryptedFileCredentialStore(path, "wrong one", scrypt_n=FAST)
    with pytest.raises(CredentialsUnavailable, match="wrong passphrase"):
        wrong.load()
    with pytest.raises(CredentialsUnavailable, match="wrong passphrase"):
        wrong.save(CREDS)  # never overwrites what it cannot read
    assert path.read_bytes() == before
    with pytest.raises(CredentialsUnavailable, match="passphrase"):
        EncryptedFileCredentialStore(path, "", scrypt_n=FAST)


def test_encrypted_file_without_its_salt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "credentials.bin"
    EncryptedFileCredentialStore(path, "pw", scrypt_n=FAST).save(CREDS)
    path.with_name(path.name + ".salt").unlink()
    with pytest.raises(CredentialsUnavailable, match="salt"):
        EncryptedFileCredentialStore(path, "pw", scrypt_n=FAST).load()
