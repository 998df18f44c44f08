"""Opening the configuration store: key ring, migrations, engine, encryption-key check.

Shared by the server's start-up and the CLI commands that write to the database.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from service.settings import Settings
from service.store import db
from service.store.config_store import ConfigStore
from service.store.keyring import KeyRing, KeyRingError
from service.store.models import MetaRow

KEY_CHECK = "encryption_key_check"
KEY_CHECK_PLAINTEXT = "llmrouter-key-check-v1"


class StoreOpenError(Exception):
    """The store cannot be opened; the message says why (and how to fix it)."""


async def check_encryption_key(engine: AsyncEngine, keyring: KeyRing) -> None:
    """Refuses a key that does not decrypt what the database holds (raises KeyRingError).

    The first start writes a check value encrypted with the key; later starts (and
    other replicas) must decrypt it.
    """
    sessions = db.session_factory(engine)
    try:
        async with sessions() as s, s.begin():
            row = await s.get(MetaRow, KEY_CHECK)
            if row is None:
                s.add(MetaRow(key=KEY_CHECK, value=keyring.encrypt(KEY_CHECK_PLAINTEXT)))
                return
            stored = row.value
    except IntegrityError:  # another replica wrote it first: check theirs
        async with sessions() as s:
            theirs = await s.get(MetaRow, KEY_CHECK)
            assert theirs is not None
            stored = theirs.value
    if keyring.decrypt(stored) != KEY_CHECK_PLAINTEXT:
        raise KeyRingError("the encryption key check failed")


async def open_store(settings: Settings) -> ConfigStore:
    """A migrated store whose key decrypts what the database holds. The caller disposes
    `store.engine` when done. Raises StoreOpenError."""
    url = settings.effective_database_url
    try:
        keyring = KeyRing.from_settings(settings.encryption_key, settings.key_file, settings.is_embedded_database)
    except KeyRingError as exc:
        raise StoreOpenError(str(exc)) from None
    try:
        await db.migrate(url, settings.database_connect_timeout_s)
    except Exception as exc:
        raise StoreOpenError(f"cannot migrate the database at {db.safe_url(url)}: {db.explain(exc)}") from None
    timeouts = db.Timeouts(settings.database_connect_timeout_s, settings.database_command_timeout_s)
    store = ConfigStore(db.create_engine(url, timeouts), keyring, timeouts.operation_s)
    try:
        await check_encryption_key(store.engine, keyring)
    except KeyRingError as exc:
        await store.engine.dispose()
        raise StoreOpenError(str(exc)) from None
    return store
