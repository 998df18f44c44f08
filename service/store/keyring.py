"""Fernet key ring for provider API keys at rest.

Keys come from LLMROUTER_ENCRYPTION_KEY (comma-separated, newest first: MultiFernet
encrypts with the first and decrypts with any), or, on the embedded default only, from a
key file generated once (mode 0600) in the data directory, beside the database file.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class KeyRingError(Exception):
    """A start-up problem with the encryption key; the message says how to fix it."""


class KeyRing:
    def __init__(self, keys: list[bytes]) -> None:
        if not keys:
            raise KeyRingError("no encryption key")
        try:
            self._fernets = [Fernet(k) for k in keys]
            self._fernet = MultiFernet(self._fernets)
        except (ValueError, TypeError):
            raise KeyRingError(
                "LLMROUTER_ENCRYPTION_KEY is not a valid Fernet key (32 url-safe base64-encoded bytes); "
                "create one with `llmrouter keys generate-encryption-key`"
            ) from None

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise KeyRingError(
                "a stored secret cannot be decrypted with the configured encryption key: the key does not "
                "match the one the database was written with (check LLMROUTER_ENCRYPTION_KEY or the key file)"
            ) from None

    def rotate(self, token: str) -> str:
        """The same plaintext encrypted under the newest key (KeyRingError if no key decrypts it)."""
        try:
            return self._fernet.rotate(token.encode()).decode()
        except InvalidToken:
            raise KeyRingError(
                "a stored secret cannot be decrypted with any configured encryption key: keep the old key in "
                "LLMROUTER_ENCRYPTION_KEY (newest first, e.g. NEW,OLD) until the rotation has finished"
            ) from None

    @property
    def key_count(self) -> int:
        return len(self._fernets)

    def is_current(self, token: str) -> bool:
        """Whether `token` is encrypted under the newest key (the first)."""
        try:
            self._fernets[0].decrypt(token.encode())
            return True
        except InvalidToken:
            return False

    @classmethod
    def from_settings(cls, encryption_key: str, key_file: Path, embedded: bool) -> KeyRing:
        if encryption_key.strip():
            return cls([k.strip().encode() for k in encryption_key.split(",") if k.strip()])
        if not embedded:
            raise KeyRingError(
                "LLMROUTER_ENCRYPTION_KEY is required with LLMROUTER_DATABASE_URL: every replica must share "
                "one key. Create one with `llmrouter keys generate-encryption-key`"
            )
        return cls([load_or_create_key_file(key_file)])


def load_or_create_key_file(path: Path) -> bytes:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        data = path.read_bytes().strip()
        if not data:
            raise KeyRingError(f"the key file {path} is empty; restore it from a backup") from None
        return data
    key = Fernet.generate_key()
    with os.fdopen(fd, "wb") as fh:
        fh.write(key + b"\n")
    return key


def key_hint(api_key: str) -> str:
    """At most the last 4 characters, and fewer for short keys (never more than a third)."""
    visible = min(4, len(api_key) // 3)
    return "..." + api_key[-visible:] if visible else "..."
