"""Opening the configuration store: key ring, migrations, engine, encryption-key check.

Shared by the server's start-up and the CLI commands that write to the database.
"""

from __future__ import annotations

from service.settings import Settings
from service.store import db
from service.store.keyring import KeyRing, KeyRingError
from service.store.repository import ConfigStore


class StoreOpenError(Exception):
    """The store cannot be opened; the message says why (and how to fix it)."""


async def open_store(settings: Settings) -> ConfigStore:
    """A migrated store whose key decrypts what the database holds. The caller disposes
    `store.engine` when done. Raises StoreOpenError."""
    url = settings.effective_database_url
    try:
        keyring = KeyRing.from_settings(settings.encryption_key, settings.key_file, settings.is_embedded_database)
    except KeyRingError as exc:
        raise StoreOpenError(str(exc)) from None
    try:
        await db.migrate(url)
    except Exception as exc:
        raise StoreOpenError(
            f"cannot migrate the database at {db.safe_url(url)}: {type(exc).__name__}: {exc}"
        ) from None
    store = ConfigStore(db.create_engine(url), keyring)
    try:
        await store.check_encryption_key()
    except KeyRingError as exc:
        await store.engine.dispose()
        raise StoreOpenError(str(exc)) from None
    return store
