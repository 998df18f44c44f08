"""The `llmrouter` command: serve, migrate, keys, secrets, dev."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import threading
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from service.settings import Settings

if TYPE_CHECKING:
    from service.store.config_store import ConfigStore

log = logging.getLogger("llmrouter")


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        listen=getattr(args, "listen", None),
        data_dir=getattr(args, "data_dir", None),
        database_url=getattr(args, "database_url", None),
        http=getattr(args, "http", None),
        metrics_listen=getattr(args, "metrics", None),
        demo_model=getattr(args, "demo_model", None),
        log_level=getattr(args, "log_level", None),
        log_format=getattr(args, "log_format", None),
        workers=getattr(args, "workers", None),
        tls_cert_file=getattr(args, "tls_cert_file", None),
        tls_key_file=getattr(args, "tls_key_file", None),
        tls_client_ca_file=getattr(args, "tls_client_ca_file", None),
    )


async def _serve(settings: Settings) -> int:
    from service.app import build_server
    from service.settings import StartupError

    server = build_server(settings)
    try:
        await server.start()
    except StartupError as exc:
        log.error("start-up failed: %s", exc)
        print(f"llmrouter: {exc}", file=sys.stderr)
        return 2
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_signal(sig: signal.Signals) -> None:
        if not stop.is_set():
            stop.set()
            return
        # A second signal: exit at once (what waits in memory for the request log is
        # spooled first, which takes milliseconds).
        saved = server.save_request_log_now()
        log.warning("second signal: exiting now", extra={"signal": sig.name, "request_log_spooled": saved})
        _exit_now(128 + sig.value)

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal, sig)
    await stop.wait()
    log.info(
        "shutting down",
        extra={"delay_s": settings.shutdown_delay_s, "grace_s": settings.shutdown_grace_s},
    )
    # Whatever happens below, the process is gone delay + grace + 1 s after the signal.
    watchdog = threading.Timer(settings.shutdown_delay_s + settings.shutdown_grace_s + 1.0, _overdue)
    watchdog.daemon = True
    watchdog.start()
    await server.stop()
    return 0


def _exit_now(code: int) -> None:
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _overdue() -> None:
    log.error("shutdown overran its grace period: exiting now")
    _exit_now(1)


async def _with_store(settings: Settings, fn: Callable[[ConfigStore], Awaitable[None]]) -> None:
    from service.store.bootstrap import StoreOpenError, open_store

    try:
        store = await open_store(settings)
    except StoreOpenError as exc:
        raise SystemExit(f"llmrouter: {exc}") from None
    try:
        await fn(store)
    finally:
        await store.engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="llmrouter", description="gRPC gateway to LLMs (cloud and local MLX)")
    sub = parser.add_subparsers(dest="cmd", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--data-dir", help="data directory of the embedded SQLite database and key file (LLMROUTER_DATA_DIR)"
        )
        p.add_argument(
            "--database-url", help="SQLAlchemy async URL, e.g. postgresql+asyncpg://... (LLMROUTER_DATABASE_URL)"
        )
        p.add_argument("--log-level", help="DEBUG, INFO, WARNING (LLMROUTER_LOG_LEVEL)")
        p.add_argument("--log-format", choices=["json", "text"], help="LLMROUTER_LOG_FORMAT")

    serve = sub.add_parser("serve", help="start the gRPC server")
    common(serve)
    serve.add_argument("--listen", help="gRPC address (default 127.0.0.1:50051; LLMROUTER_LISTEN)")
    serve.add_argument(
        "--http", help="also serve the REST bridge on this address, e.g. 127.0.0.1:8080 (LLMROUTER_HTTP)"
    )
    serve.add_argument(
        "--workers",
        type=int,
        help="server processes sharing the ports (SO_REUSEPORT), configuration shared through the database"
        " (default 1; LLMROUTER_WORKERS)",
    )
    serve.add_argument(
        "--metrics",
        help="also serve /metrics (Prometheus) on this address, e.g. 127.0.0.1:9464 (LLMROUTER_METRICS_LISTEN)",
    )
    serve.add_argument(
        "--demo-model",
        choices=["auto", "true", "false"],
        help="register the tiny demo model (noise output) on providers/local (LLMROUTER_DEMO_MODEL; auto: with SQLite)",
    )

    serve.add_argument("--tls-cert-file", help="PEM certificate chain: serve TLS (LLMROUTER_TLS_CERT_FILE)")
    serve.add_argument("--tls-key-file", help="PEM private key of the certificate (LLMROUTER_TLS_KEY_FILE)")
    serve.add_argument(
        "--tls-client-ca-file",
        help="PEM CAs: require client certificates they issued, mTLS (LLMROUTER_TLS_CLIENT_CA_FILE)",
    )

    mig = sub.add_parser("migrate", help="apply database migrations")
    common(mig)

    keys = sub.add_parser("keys", help="client API keys")
    ksub = keys.add_subparsers(dest="keys_cmd", required=True)
    kc = ksub.add_parser("create", help="create a client key (printed once)")
    common(kc)
    kc.add_argument("--scope", action="append", choices=["chat", "admin"], required=True)
    kc.add_argument("--description", default="")
    kl = ksub.add_parser("list", help="list client keys")
    common(kl)
    kr = ksub.add_parser("revoke", help="revoke a client key")
    common(kr)
    kr.add_argument("key_id")
    ksub.add_parser("generate-encryption-key", help="print a new Fernet key for LLMROUTER_ENCRYPTION_KEY")

    secrets = sub.add_parser("secrets", help="stored secrets (provider API keys)")
    ssub = secrets.add_subparsers(dest="secrets_cmd", required=True)
    rot = ssub.add_parser(
        "rotate", help="re-encrypt every stored secret under the first (newest) key of LLMROUTER_ENCRYPTION_KEY"
    )
    common(rot)
    rot.add_argument("--batch-size", type=int, default=200, help="rows per transaction (default 200)")

    dev = sub.add_parser("dev", help="developer tools")
    dsub = dev.add_subparsers(dest="dev_cmd", required=True)
    tiny = dsub.add_parser(
        "make-tiny-model", help="build the tiny offline MLX model (random weights: its output is noise)"
    )
    tiny.add_argument("dir")
    tiny.add_argument("--seed", type=int, default=0)
    tiny.add_argument(
        "--size",
        default="tiny",
        choices=["tiny", "small", "medium", "large"],
        help="tiny (~0.5M parameters, tests) ... large (~43M, benchmarks)",
    )
    tiny.add_argument(
        "--thinking", action="store_true", help="a chat template that opens a <think> block (a reasoning model)"
    )
    tiny.add_argument(
        "--vision",
        action="store_true",
        help="a LLaVA vision model for mlx-vlm (register it with capabilities.images = true)",
    )

    args = parser.parse_args(argv)
    settings = _settings(args)
    from service import logs

    logs.configure(settings.log_level, settings.log_format)

    if args.cmd == "serve" and settings.workers > 1:
        from service.workers import supervise

        return supervise(settings, sys.argv[1:] if argv is None else list(argv))
    if args.cmd == "serve":
        try:
            import uvloop  # a faster event loop where available (Linux, macOS)

            rc = uvloop.run(_serve(settings))
        except ImportError:
            rc = asyncio.run(_serve(settings))
        # Everything the server opened is closed now; the interpreter's own teardown (gRPC
        # core's, mostly) would add about a second to a shutdown that must end within
        # grace + 1 s.
        _exit_now(rc)
    if args.cmd == "migrate":
        from service.store import db

        asyncio.run(db.migrate(settings.effective_database_url))
        print("database is up to date")
        return 0
    if args.cmd == "keys":
        if args.keys_cmd == "generate-encryption-key":
            from cryptography.fernet import Fernet

            print(Fernet.generate_key().decode())
            return 0
        if args.keys_cmd == "create":

            async def create(store: ConfigStore) -> None:
                key, plaintext = await store.client_keys.create(set(args.scope), args.description)
                print(plaintext)
                print(
                    f"key id {key.id}, scopes {','.join(sorted(key.scopes))}: store it now, it is not shown again",
                    file=sys.stderr,
                )

            asyncio.run(_with_store(settings, create))
            return 0
        if args.keys_cmd == "list":

            async def lst(store: ConfigStore) -> None:
                for k in await store.client_keys.list():
                    state = "revoked" if k.revoked else "active"
                    print(
                        f"{k.id}\t{','.join(sorted(k.scopes))}\t{state}\t{k.create_time:%Y-%m-%d %H:%M}\t{k.description}"
                    )

            asyncio.run(_with_store(settings, lst))
            return 0
        if args.keys_cmd == "revoke":

            async def rev(store: ConfigStore) -> None:
                await store.client_keys.revoke(args.key_id)
                print(f"revoked {args.key_id}")

            asyncio.run(_with_store(settings, rev))
            return 0
    if args.cmd == "secrets" and args.secrets_cmd == "rotate":
        from service.store.rotation import cli_rotate

        asyncio.run(_with_store(settings, lambda store: cli_rotate(store, args.batch_size)))
        return 0
    if args.cmd == "dev" and args.dev_cmd == "make-tiny-model":
        from service.backends.mlx.tiny_model import make_tiny_model

        make_tiny_model(args.dir, seed=args.seed, size=args.size, thinking=args.thinking, vision=args.vision)
        print(args.dir)
        return 0
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
