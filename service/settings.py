"""Server settings: defaults, then `LLMROUTER_*` environment variables, then CLI flags.

Every field maps to the environment variable `LLMROUTER_<FIELD>` (upper case), e.g.
`LLMROUTER_DATABASE_URL`, `LLMROUTER_CONNECT_TIMEOUT_S`, and to the flag `--<field>` of
`llmrouter serve` (`--database-url`). Declare a field with `setting(default, help=...)`: the help
text is what `llmrouter serve --help` and the README's table (`llmrouter dev settings-table`) show.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.core.content import ContentLimits


def _default_data_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "llmrouter")


def setting(
    default: Any = dataclasses.MISSING,
    *,
    help: str,
    default_factory: Any = dataclasses.MISSING,
    shown_default: str | None = None,
    choices: tuple[str, ...] = (),
    flag: str = "",
) -> Any:
    """A settings field with its documentation: `help` is what `llmrouter serve --help` and the
    README's settings table (`llmrouter dev settings-table`) say about it; `shown_default`
    replaces a default that depends on the machine; `choices` are checked case-insensitively;
    `flag` replaces the command-line flag made from the name."""
    metadata = {"help": help, "shown_default": shown_default, "choices": choices, "flag": flag}
    if default_factory is not dataclasses.MISSING:
        return field(default_factory=default_factory, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class Settings:
    """Every field is documented through `setting(..., help=...)`; tests/api/test_settings_docs.py
    fails naming any field without help text or missing from the README's table."""

    listen: str = setting("127.0.0.1:50051", help="gRPC listen address (host:port)")
    workers: int = setting(
        1,
        help="server processes sharing the gRPC and bridge ports (SO_REUSEPORT, deliberately), each with its own "
        "event loop, breakers and in-flight counts; configuration shared through the database",
    )
    reuse_port: bool = setting(
        False,
        help="listen with SO_REUSEPORT (set by --workers for its worker processes; otherwise a second server on a "
        "port this one holds fails to start)",
    )
    data_dir: str = setting(
        default_factory=_default_data_dir,
        shown_default="~/.local/share/llmrouter",
        help="directory of the embedded SQLite database (llmrouter.db, WAL), the generated encryption.key "
        "(mode 0600) and the request-log spool ($XDG_DATA_HOME/llmrouter when set)",
    )
    database_url: str = setting(
        "",
        shown_default="SQLite in the data dir",
        help="SQLAlchemy async URL, e.g. postgresql+asyncpg://user@db:5432/llmrouter when several replicas "
        "share one database",
    )
    encryption_key: str = setting(
        "",
        shown_default="the key file",
        help="Fernet keys, comma-separated, newest first (required with a database URL)",
    )
    http: str = setting(
        "", shown_default="off", help="also serve the REST bridge (OpenAI, Anthropic APIs) on this address"
    )
    bridge_in_process: bool = setting(
        True,
        help="the bridge calls ChatService in this process (the same interceptor and servicer, no transport); "
        "false: over a gRPC channel to this server (a loopback or unix socket), as before",
    )
    log_level: str = setting(
        "INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"), help="structured logs on stderr: the lowest level"
    )
    log_format: str = setting("json", choices=("json", "text"), help="one JSON object per line, or plain text")
    # Graceful shutdown (SIGTERM/SIGINT): health goes NOT_SERVING at once, new calls are
    # still taken for shutdown_delay_s (so load balancers notice), then refused (UNAVAILABLE,
    # SHUTTING_DOWN) while in-flight gRPC and bridge calls share one shutdown_grace_s to
    # finish; calls still running then are ended with UNAVAILABLE (SHUTTING_DOWN) and the
    # process exits within 1 s. A second signal exits at once.
    shutdown_delay_s: float = setting(
        0.0,
        help="on SIGTERM/SIGINT health goes NOT_SERVING at once; new calls are still served this long "
        "(for load balancers to notice)",
    )
    shutdown_grace_s: float = setting(
        10.0, help="then new calls are refused and in-flight calls (gRPC and bridge together) get this long to finish"
    )
    # gRPC keepalive: the server pings a connection after keepalive_time_s without
    # activity and closes it when the ping is not answered within keepalive_timeout_s (a
    # dead client's calls end and their upstreams close). Clients may ping as often as once
    # a second, with or without calls in flight.
    keepalive_time_s: float = setting(30.0, help="the server pings a connection quiet this long")
    keepalive_timeout_s: float = setting(10.0, help="and drops it when the ping is not answered within this")
    # The database: establishing a connection (TCP and authentication), and one statement.
    # An admin call or request-log read that the database does not finish within their sum
    # answers UNAVAILABLE (DATABASE_UNAVAILABLE) with RetryInfo; half-open connections are
    # dropped and replaced.
    database_connect_timeout_s: float = setting(3.0, help="connecting to the database (TCP and authentication)")
    database_command_timeout_s: float = setting(
        5.0, help="one database statement; an admin call waits at most connect + command timeout"
    )
    # The request log: entries wait in memory (at most request_log_queue_size; past that
    # they are dropped and counted) and are appended every request_log_flush_interval_s to
    # a local spool file in data_dir (request-log-spool.db, fsynced), then written to the
    # database in order and removed from the spool; what the database cannot take waits
    # there (at most request_log_spool_max_mb) until it can.
    request_log_flush_interval_s: float = setting(
        0.25, help="how often recorded calls are appended to the local spool (what a kill -9 can lose)"
    )
    request_log_queue_size: int = setting(10_000, help="request-log entries that may wait in memory")
    request_log_spool_max_mb: int = setting(256, help="the request-log spool's bound on disk")
    # Cloud adapters: connect, response headers, first token, idle between chunks.
    connect_timeout_s: float = setting(5.0, help="cloud upstreams: connecting")
    header_timeout_s: float = setting(60.0, help="cloud upstreams: waiting for the response headers")
    first_token_timeout_s: float = setting(60.0, help="cloud upstreams: waiting for the first token")
    idle_timeout_s: float = setting(60.0, help="cloud upstreams: the longest silence between two chunks")
    stream_max_duration_s: float = setting(
        3600.0, help="cloud upstreams: the longest a stream may run in all, beside the idle limit (0: no cap)"
    )
    upstream_max_event_bytes: int = setting(
        1 << 20, help="cloud upstreams: the largest SSE event, bytes (past it: UNAVAILABLE, UPSTREAM_PROTOCOL_ERROR)"
    )
    upstream_max_body_bytes: int = setting(
        32 << 20, help="cloud upstreams: the largest non-streaming response body, bytes"
    )
    # Router resilience.
    max_attempts_per_target: int = setting(
        2, help="attempts on one target before the next fallback (5xx, connection errors, timeouts)"
    )
    retry_backoff_base_s: float = setting(0.05, help="first retry backoff (exponential, with jitter)")
    retry_backoff_max_s: float = setting(2.0, help="largest retry backoff")
    breaker_failure_threshold: int = setting(5, help="consecutive failures that open a target's circuit breaker")
    breaker_cooldown_s: float = setting(30.0, help="how long an open breaker skips its target")
    config_poll_interval_s: float = setting(
        2.0,
        help="seconds between database version checks (replicas' safety net beside LISTEN/NOTIFY; new and "
        "revoked client keys are seen within this)",
    )
    # Local MLX engine.
    mlx_preload: str = setting("", help="comma-separated model ids of the local provider to load at start")
    mlx_memory_budget_mb: int = setting(4096, help="local models: memory they may hold together")
    mlx_queue_size: int = setting(64, help="local models: requests that may wait for the engine")
    mlx_max_batch: int = setting(8, help="local models: streams decoded together in one batch")
    mlx_prompt_cache_mb: int = setting(
        0,
        help="local models: MiB of KV caches each loaded model keeps for prefix reuse (at most 16 entries); "
        "0: a quarter of mlx_memory_budget_mb",
    )
    malloc_arena_max: int = setting(
        2,
        help="glibc malloc arenas the server process may keep (mallopt M_ARENA_MAX at start-up; an explicit "
        "MALLOC_ARENA_MAX environment variable wins): fewer arenas fragment less heap while the engine, tokenizer and "
        "gRPC threads take turns allocating; 0: glibc's default (8 per core)",
    )
    demo_model: str = setting(
        "auto",
        choices=("auto", "true", "false"),
        help="register the tiny demo model tiny-demo (random weights: noise) on providers/local; auto: on with "
        "the embedded SQLite database",
    )
    http_max_body_bytes: int = setting(4 * 1024 * 1024, help="largest request body of the REST bridge, bytes")
    # Within the gRPC server's 32 MiB message limit, so that an input over them is answered
    # INVALID_ARGUMENT (reason CONTENT_TOO_LARGE) naming its field.
    max_image_bytes: int = setting(20 * 1024 * 1024, help="largest image in a chat request, bytes (decoded)")
    max_document_bytes: int = setting(30 * 1024 * 1024, help="largest document in a chat request, bytes (decoded)")
    max_request_content_bytes: int = setting(
        30 * 1024 * 1024, help="all images and documents of one chat request together, bytes"
    )
    # Metrics: /metrics (Prometheus text) on the bridge port, and on metrics_listen too.
    metrics_enabled: bool = setting(
        True,
        help="Prometheus metrics: /metrics on the bridge port; false: no endpoint and no metric bookkeeping "
        "(traces, when OTEL_EXPORTER_OTLP_ENDPOINT is set, stay on)",
    )
    metrics_listen: str = setting(
        "", flag="--metrics", help="also serve /metrics on this address (HOST:PORT, e.g. 127.0.0.1:9464)"
    )
    # TLS for the gRPC server and the REST bridge (both files or neither), re-read when they change.
    tls_cert_file: str = setting(
        "", help="PEM certificate chain: the gRPC port and the bridge serve TLS (re-read when the file changes)"
    )
    tls_key_file: str = setting("", help="PEM private key of tls_cert_file")
    tls_client_ca_file: str = setting(
        "",
        help="PEM CAs: clients must present a certificate they issued (mTLS, gRPC and bridge); counts as "
        "protection for a non-loopback listen address",
    )
    upstream_ca_bundle: str = setting(
        "", help="PEM CAs trusted for upstream HTTPS beside the system's (corporate proxies, self-hosted endpoints)"
    )
    egress_allow: str = setting(
        "",
        help="link-local or cloud-metadata hosts, addresses or CIDR ranges providers may use anyway "
        "(comma-separated; loopback and private ranges are always allowed)",
    )

    # Rate limits and budgets (limits/{id}): with redis_url (e.g. redis://127.0.0.1:6379/0)
    # their counters live in Redis and every replica shares them; without it each process
    # keeps its own (a limit then holds per process). A Redis command that does not answer
    # within redis_timeout_s counts as Redis being down: limits_fail_open admits the call
    # without limits (true) or refuses it with UNAVAILABLE, reason LIMITER_UNAVAILABLE
    # (false). redis_key_prefix starts every counter's key. Tokens per minute and token
    # budgets reserve the request's max_tokens at admission, or limits_default_reserve_tokens
    # when it sets none, and settle with the real usage when the call ends.
    redis_url: str = setting(
        "",
        help="Redis for rate limits and budgets shared by every replica, e.g. redis://127.0.0.1:6379/0 (empty: per process)",
    )
    redis_timeout_s: float = setting(0.05, help="the longest wait for Redis on a call; beyond it Redis counts as down")
    redis_key_prefix: str = setting("llmrouter:limits:", help="the start of every rate-limit counter's Redis key")
    limits_fail_open: bool = setting(
        True, help="with Redis down: admit calls without limits (true) or answer UNAVAILABLE (false)"
    )
    limits_default_reserve_tokens: int = setting(
        1024, help="tokens reserved at admission for a request that sets no max_tokens (settled with the real usage)"
    )
    # REST bridge streams: when the first token takes longer than this, the SSE headers go out
    # (status 200) and `: keep-alive` comments follow until it comes, so that proxies with idle
    # timeouts keep the connection. The trade-off: a failure after the first keep-alive can no
    # longer be an HTTP status (429, 503, ...); it arrives as the API's error event in the 200
    # stream. 0 holds the headers until the first token, so failures before it keep their status.
    sse_keepalive_s: float = setting(
        0.0,
        help="bridge streams: seconds before the first token after which SSE keep-alive comments start "
        "(headers go out with 200; later failures become error events); 0: off",
    )
    cors_allow_origins: str = setting(
        "", help="CORS for the bridge (browser apps): allowed origins, comma-separated (* for any); empty: CORS off"
    )
    cors_allow_methods: str = setting("GET,POST,DELETE,OPTIONS", help="CORS: methods a preflight may ask for")
    cors_allow_headers: str = setting("*", help="CORS: headers a preflight may ask for (* for any)")
    cors_max_age_s: int = setting(600, help="CORS: how long browsers may cache a preflight answer, seconds")
    responses_retention_hours: float = setting(
        720.0,
        help="Responses API: stored responses older than this are deleted (at start-up, then hourly); 0 keeps them",
    )

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{Path(self.data_dir) / 'llmrouter.db'}"

    @property
    def is_embedded_database(self) -> bool:
        return not self.database_url

    @property
    def demo_model_enabled(self) -> bool:
        value = self.demo_model.strip().lower()
        if value == "auto":
            return self.is_embedded_database
        return value in ("1", "true", "yes", "on")

    @property
    def content_limits(self) -> ContentLimits:
        return ContentLimits(self.max_image_bytes, self.max_document_bytes, self.max_request_content_bytes)

    @property
    def key_file(self) -> Path:
        return Path(self.data_dir) / "encryption.key"

    @property
    def spool_file(self) -> Path:
        return Path(self.data_dir) / "request-log-spool.db"

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, flags: Mapping[str, str] | None = None, **overrides: object
    ) -> Settings:
        """Defaults, then `LLMROUTER_<NAME>` from `environ`, then `flags` (raw text of CLI flags,
        by field name), then typed `overrides`. A value that does not parse raises SettingError."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        sources: dict[str, str] = {}
        for f in dataclasses.fields(cls):
            raw = env.get(env_name(f.name))
            if raw is not None:
                values[f.name], sources[f.name] = _coerce(f, raw, env_name(f.name)), env_name(f.name)
            if flags and flags.get(f.name) is not None:
                values[f.name], sources[f.name] = _coerce(f, flags[f.name], flag_name(f.name)), flag_name(f.name)
        values.update({k: v for k, v in overrides.items() if v is not None})
        url = values.get("database_url")
        if isinstance(url, str) and url:
            problem = database_url_problem(url)
            if problem:
                raise SettingError(f"{sources.get('database_url', env_name('database_url'))}: {problem}")
        return cls(**values)  # type: ignore[arg-type]


def database_url_problem(url: str) -> str:
    """Why the server cannot use this database URL ("" when it can): it needs SQLAlchemy's async
    drivers, asyncpg for PostgreSQL and aiosqlite for SQLite."""
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if not scheme:
        return f"not a database URL (expected postgresql+asyncpg://user@host:5432/db), got {url[:40]!r}"
    if scheme in ("postgresql", "postgres") or (scheme.startswith("postgresql+") and scheme != "postgresql+asyncpg"):
        return "PostgreSQL needs the asyncpg driver: the URL must start with postgresql+asyncpg://"
    if scheme == "sqlite" or (scheme.startswith("sqlite+") and scheme != "sqlite+aiosqlite"):
        return "SQLite needs the aiosqlite driver: write sqlite+aiosqlite:///path/to/file.db"
    if scheme not in ("postgresql+asyncpg", "sqlite+aiosqlite"):
        return f"unsupported database {scheme!r}: use postgresql+asyncpg://... or sqlite+aiosqlite:///..."
    return ""


class SettingError(ValueError):
    """A setting's value does not parse; the message names the variable or flag."""


def env_name(name: str) -> str:
    return f"LLMROUTER_{name.upper()}"


def flag_name(name: str) -> str:
    return "--" + name.replace("_", "-")


@dataclass(frozen=True)
class SettingDoc:
    name: str
    env: str
    flag: str
    kind: str
    default: str
    help: str
    choices: tuple[str, ...]


def documented() -> list[SettingDoc]:
    """Every setting with its variable, flag, type, default and help (empty when a field lacks it)."""
    out: list[SettingDoc] = []
    for f in dataclasses.fields(Settings):
        meta = f.metadata
        shown = meta.get("shown_default")
        if shown is None:
            if f.default is not dataclasses.MISSING:
                shown = _show(f.default)
            elif f.default_factory is not dataclasses.MISSING:
                shown = _show(f.default_factory())
            else:  # pragma: no cover - every field has a default
                shown = ""
        kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
        out.append(
            SettingDoc(
                f.name,
                env_name(f.name),
                meta.get("flag") or flag_name(f.name),
                kind,
                shown,
                meta.get("help", ""),
                meta.get("choices", ()),
            )
        )
    return out


def _show(value: object) -> str:
    if value == "":
        return "(empty)"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def settings_table() -> str:
    """The README's settings table (Markdown), from the same source as the settings."""
    lines = ["| variable | flag | default | meaning |", "| --- | --- | --- | --- |"]
    for d in documented():
        meaning = d.help or "(undocumented)"
        if d.choices:
            meaning += " (" + " \\| ".join(f"`{c}`" for c in d.choices) + ")"
        lines.append(f"| `{d.env}` | `{d.flag}` | `{d.default}` | {meaning} |")
    return "\n".join(lines) + "\n"


def _coerce(f: dataclasses.Field[object], raw: str, source: str) -> object:
    kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    try:
        if kind == "bool":
            low = raw.strip().lower()
            if low in ("1", "true", "yes", "on"):
                return True
            if low in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(raw)
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
    except ValueError:
        raise SettingError(f"{source}: expected {kind}, got {raw!r}") from None
    choices: tuple[str, ...] = f.metadata.get("choices", ())
    if choices and raw.strip().lower() not in {c.lower() for c in choices}:
        raise SettingError(f"{source}: expected one of {', '.join(choices)}, got {raw!r}")
    return raw


class StartupError(Exception):
    """A configuration problem that stops start-up; the message says how to fix it."""
