"""The `llmrouter` command: serve, migrate, keys, secrets, health, dev.

Every failure a user can cause or meet (a bad flag or variable, an unknown key id, a database
that is down, refuses or does not answer) ends as one line `llmrouter: ...` on stderr and a
non-zero exit status, never a traceback (`--log-level DEBUG` adds the traceback to the log)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import threading
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NoReturn

from service.settings import SettingDoc, SettingError, Settings, documented

if TYPE_CHECKING:
    from service.store.config_store import ConfigStore

log = logging.getLogger("llmrouter")


# Flags of the commands besides `serve` (which takes every setting as a flag).
_COMMON = ("data_dir", "database_url", "encryption_key", "log_level", "log_format")


class CliError(Exception):
    """A failure to report as one line (exit status `code`)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line too (argparse prints the whole usage first)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"llmrouter: {message} (see `{self.prog} --help`)\n")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("llmrouter")
    except PackageNotFoundError:  # pragma: no cover - a checkout without an install
        return "unknown"


def _settings(args: argparse.Namespace) -> Settings:
    flags = {name[len("set_") :]: v for name, v in vars(args).items() if name.startswith("set_") and v is not None}
    return Settings.from_env(flags=flags)


def _add_setting_flags(p: argparse.ArgumentParser, docs: list[SettingDoc], names: tuple[str, ...] | None) -> None:
    group = p.add_argument_group(
        "settings", "each flag overrides its environment variable, which overrides the default"
    )
    for d in docs:
        if names is not None and d.name not in names:
            continue
        text = d.help or "(no help text yet)"
        if d.choices:
            text += f" (one of: {', '.join(d.choices)})"
        text += f" [{d.env}; default: {d.default}]"
        group.add_argument(d.flag, dest=f"set_{d.name}", metavar=_metavar(d), help=text.replace("%", "%%"))


def _metavar(d: SettingDoc) -> str:
    if d.choices:
        return "{" + ",".join(d.choices) + "}"
    if d.kind == "float":
        return "SECONDS" if d.name.endswith("_s") else "NUMBER"
    return {"int": "N", "bool": "BOOL"}.get(d.kind, "TEXT")


def freeze_startup_objects() -> int:
    """Moves what start-up built (modules, protobuf descriptors, the app) out of the collector's
    reach (`gc.freeze`); returns how many objects. A full collection scanning them all paused the
    event loop for 65-77 ms (measured, about 150,000 objects), a first-token stall for every call
    in flight; after the freeze one took 15 ms. Called once, in the serving process only."""
    import gc

    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


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
    frozen = freeze_startup_objects()
    log.info("start-up objects frozen for the garbage collector", extra={"objects": frozen})
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
    try:
        return _main(argv)
    except CliError as exc:
        print(f"llmrouter: {exc}", file=sys.stderr)
        return exc.code
    except SettingError as exc:
        print(f"llmrouter: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    docs = documented()
    parser = _Parser(prog="llmrouter", description="gRPC gateway to LLMs (cloud and local MLX)")
    parser.add_argument("--version", action="version", version=f"llmrouter {_version()}")
    sub = parser.add_subparsers(dest="cmd", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        _add_setting_flags(p, docs, _COMMON)

    serve = sub.add_parser(
        "serve",
        help="start the gRPC server",
        description="Start the gRPC server (and the REST bridge with --http). Every setting below is a flag, "
        "an environment variable LLMROUTER_<NAME>, or its default.",
    )
    _add_setting_flags(serve, docs, None)

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

    health = sub.add_parser(
        "health",
        help="check a server's gRPC health (exit 0 when SERVING): for scripts and container probes",
    )
    health.add_argument("--address", default="127.0.0.1:50051", help="host:port (default 127.0.0.1:50051)")
    health.add_argument("--service", default="", help="a service name (default: the whole server)")
    health.add_argument("--timeout", type=float, default=3.0, help="seconds (default 3)")
    health.add_argument("--ca", help="TLS: the CA certificate (PEM) that signed the server's certificate")
    health.add_argument("--cert", help="mTLS: a client certificate (PEM)")
    health.add_argument("--key", help="mTLS: the client certificate's key (PEM)")
    health.add_argument("--server-name", help="TLS: the name to verify in the server's certificate")

    dev = sub.add_parser("dev", help="developer tools")
    dsub = dev.add_subparsers(dest="dev_cmd", required=True)
    dsub.add_parser("settings-table", help="print the README's settings table (Markdown), from the settings' own help")
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
    return parser


def _health(args: argparse.Namespace) -> int:
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    def read(path: str | None) -> bytes | None:
        if not path:
            return None
        try:
            with open(path, "rb") as f:
                return f.read()
        except OSError as exc:
            raise CliError(f"cannot read {path}: {exc.strerror}") from None

    if args.ca or args.cert:
        creds = grpc.ssl_channel_credentials(read(args.ca), read(args.key), read(args.cert))
        options = [("grpc.ssl_target_name_override", args.server_name)] if args.server_name else []
        channel = grpc.secure_channel(args.address, creds, options=options)
    else:
        channel = grpc.insecure_channel(args.address)
    with channel:
        try:
            status = (
                health_pb2_grpc.HealthStub(channel)
                .Check(health_pb2.HealthCheckRequest(service=args.service), timeout=args.timeout)
                .status
            )
        except grpc.RpcError as exc:
            raise CliError(f"health check of {args.address} failed: {exc.code().name}: {exc.details()}") from None
    name = health_pb2.HealthCheckResponse.ServingStatus.Name(status)
    print(name)
    return 0 if status == health_pb2.HealthCheckResponse.SERVING else 1


def _run_store(settings: Settings, fn: Callable[[ConfigStore], Awaitable[None]]) -> None:
    """Runs a store command; what the database or the store refuse becomes one line."""
    from service.core.errors import RouterError
    from service.store import db

    try:
        asyncio.run(_with_store(settings, fn))
    except (SystemExit, CliError):
        raise
    except RouterError as exc:
        raise CliError(str(exc)) from None
    except Exception as exc:
        log.debug("store command failed", exc_info=True)
        if db.is_connection_error(exc):
            raise CliError(
                f"the database at {db.safe_url(settings.effective_database_url)} is unavailable: {db.explain(exc)}"
            ) from None
        raise CliError(f"{type(exc).__name__}: {db.explain(exc)}") from None


def _main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    settings = _settings(args)
    from service import logs

    logs.configure(settings.log_level, settings.log_format)

    if args.cmd == "serve":
        from service.memory import limit_malloc_arenas

        limit_malloc_arenas(settings.malloc_arena_max)  # before the server's threads exist
    if args.cmd == "serve" and os.environ.get("LLMROUTER_ENGINE_HOST"):  # the supervisor's engine process
        from service.backends.mlx.engine_host import serve_engine

        _exit_now(serve_engine(settings, os.environ["LLMROUTER_ENGINE_HOST"]))
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

        url = settings.effective_database_url
        try:
            asyncio.run(db.migrate(url, settings.database_connect_timeout_s))
        except Exception as exc:
            log.debug("migrate failed", exc_info=True)
            raise CliError(f"cannot migrate the database at {db.safe_url(url)}: {db.explain(exc)}") from None
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

            _run_store(settings, create)
            return 0
        if args.keys_cmd == "list":

            async def lst(store: ConfigStore) -> None:
                now = datetime.now(UTC)
                for k in await store.client_keys.list():
                    state = k.refusal(now) or "active"
                    print(
                        f"{k.id}\t{','.join(sorted(k.scopes))}\t{state}\t{k.create_time:%Y-%m-%d %H:%M}\t{k.description}"
                    )

            _run_store(settings, lst)
            return 0
        if args.keys_cmd == "revoke":

            async def rev(store: ConfigStore) -> None:
                await store.client_keys.revoke(args.key_id)
                print(f"revoked {args.key_id}")

            _run_store(settings, rev)
            return 0
    if args.cmd == "secrets" and args.secrets_cmd == "rotate":
        from service.store.rotation import cli_rotate

        _run_store(settings, lambda store: cli_rotate(store, args.batch_size))
        return 0
    if args.cmd == "health":
        return _health(args)
    if args.cmd == "dev" and args.dev_cmd == "settings-table":
        from service.settings import settings_table

        print(settings_table(), end="")
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
