"""Server settings: defaults, then `LLMROUTER_*` environment variables, then CLI flags.

Every field maps to the environment variable `LLMROUTER_<FIELD>` (upper case), e.g.
`LLMROUTER_DATABASE_URL`, `LLMROUTER_CONNECT_TIMEOUT_S`.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from service.core.content import ContentLimits


def _default_data_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "llmrouter")


@dataclass(frozen=True)
class Settings:
    # gRPC listen address.
    listen: str = "127.0.0.1:50051"
    # Server processes (`serve --workers N`): N processes share the gRPC and bridge ports
    # (SO_REUSEPORT, deliberately), each with its own event loop, breakers and in-flight
    # counts; configuration is shared through the database (as replicas share it).
    workers: int = 1
    # Set by --workers for its worker processes: listen with SO_REUSEPORT. Otherwise a second
    # server on a port this one holds fails to start.
    reuse_port: bool = False
    # Directory of the embedded SQLite database and the generated key file.
    data_dir: str = field(default_factory=_default_data_dir)
    # SQLAlchemy async URL; empty means SQLite in data_dir.
    database_url: str = ""
    # Fernet keys, comma-separated, newest first; empty means the key file in data_dir.
    encryption_key: str = ""
    # Serve the REST bridge on this address too (e.g. 127.0.0.1:8080); empty: no bridge.
    http: str = ""
    # Logging.
    log_level: str = "INFO"
    log_format: str = "json"  # json | text
    # Graceful shutdown (SIGTERM/SIGINT): health goes NOT_SERVING at once, new calls are
    # still taken for shutdown_delay_s (so load balancers notice), then refused (UNAVAILABLE,
    # SHUTTING_DOWN) while in-flight gRPC and bridge calls share one shutdown_grace_s to
    # finish; calls still running then are ended with UNAVAILABLE (SHUTTING_DOWN) and the
    # process exits within 1 s. A second signal exits at once.
    shutdown_delay_s: float = 0.0
    shutdown_grace_s: float = 10.0
    # gRPC keepalive: the server pings a connection after keepalive_time_s without
    # activity and closes it when the ping is not answered within keepalive_timeout_s (a
    # dead client's calls end and their upstreams close). Clients may ping as often as once
    # a second, with or without calls in flight.
    keepalive_time_s: float = 30.0
    keepalive_timeout_s: float = 10.0
    # The database: establishing a connection (TCP and authentication), and one statement.
    # An admin call or request-log read that the database does not finish within their sum
    # answers UNAVAILABLE (DATABASE_UNAVAILABLE) with RetryInfo; half-open connections are
    # dropped and replaced.
    database_connect_timeout_s: float = 3.0
    database_command_timeout_s: float = 5.0
    # The request log: entries wait in memory (at most request_log_queue_size; past that
    # they are dropped and counted) and are appended every request_log_flush_interval_s to
    # a local spool file in data_dir (request-log-spool.db, fsynced), then written to the
    # database in order and removed from the spool; what the database cannot take waits
    # there (at most request_log_spool_max_mb) until it can.
    request_log_flush_interval_s: float = 0.25
    request_log_queue_size: int = 10_000
    request_log_spool_max_mb: int = 256
    # Cloud adapters: connect, response headers, first token, idle between chunks.
    connect_timeout_s: float = 5.0
    header_timeout_s: float = 60.0
    first_token_timeout_s: float = 60.0
    idle_timeout_s: float = 60.0
    # Cloud adapters against hostile or broken upstreams: the longest a stream may run in all
    # (beside the idle limit; 0 = no cap), the largest SSE event (its lines before the blank
    # line) and the largest non-streaming response body, in bytes. Past any of them the call
    # ends UNAVAILABLE (UPSTREAM_PROTOCOL_ERROR), or DEADLINE_EXCEEDED (UPSTREAM_TIMEOUT,
    # timeout=stream) for the duration.
    stream_max_duration_s: float = 3600.0
    upstream_max_event_bytes: int = 1 << 20
    upstream_max_body_bytes: int = 32 << 20
    # Router resilience.
    max_attempts_per_target: int = 2
    retry_backoff_base_s: float = 0.05
    retry_backoff_max_s: float = 2.0
    breaker_failure_threshold: int = 5
    breaker_cooldown_s: float = 30.0
    # Seconds between database version checks (replicas' safety net beside LISTEN/NOTIFY).
    config_poll_interval_s: float = 2.0
    # Local MLX engine.
    mlx_preload: str = ""  # comma-separated model ids of the local provider
    mlx_memory_budget_mb: int = 4096
    mlx_queue_size: int = 64
    mlx_max_batch: int = 8
    # Register the tiny demo model `tiny-demo` on the local provider (random weights: its
    # output is noise; for trying things without a key). auto: on the embedded default.
    demo_model: str = "auto"  # auto | true | false
    # Metrics: /metrics (Prometheus text) on the bridge port, and on metrics_listen too when
    # set (HOST:PORT, e.g. 127.0.0.1:9464). metrics_enabled false: no /metrics and no metric
    # bookkeeping on the call path (traces, when OTEL_EXPORTER_OTLP_ENDPOINT is set, stay on).
    metrics_enabled: bool = True
    metrics_listen: str = ""
    # Largest request body of the REST bridge, bytes.
    http_max_body_bytes: int = 4 * 1024 * 1024
    # Largest chat inputs beyond text, bytes (decoded, for data: URLs): one image, one
    # document, and all images and documents of one request together. Within the gRPC
    # server's 32 MiB message limit, so that an input over them is answered INVALID_ARGUMENT
    # (reason CONTENT_TOO_LARGE) naming its field.
    max_image_bytes: int = 20 * 1024 * 1024
    max_document_bytes: int = 30 * 1024 * 1024
    max_request_content_bytes: int = 30 * 1024 * 1024
    # TLS for the gRPC server and the REST bridge: PEM certificate chain and private key (both or
    # neither). Re-read when the files change, without a restart.
    tls_cert_file: str = ""
    tls_key_file: str = ""
    # mTLS: PEM CA certificates; clients must present a certificate issued by one of them (gRPC
    # and bridge). Counts as protection for a non-loopback listen address.
    tls_client_ca_file: str = ""
    # Upstream HTTPS: a PEM CA bundle trusted beside the system's (corporate proxies, self-hosted
    # endpoints); a provider may add its own CAs and a client certificate.
    upstream_ca_bundle: str = ""
    # Provider base_url hosts refused because they are link-local or cloud-metadata addresses
    # (169.254.0.0/16, fe80::/10, fd00:ec2::254, metadata.google.internal, ...) that are allowed
    # anyway: comma-separated host names, addresses or CIDR ranges. Loopback and private ranges are
    # always allowed.
    egress_allow: str = ""

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
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in dataclasses.fields(cls):
            raw = env.get(f"LLMROUTER_{f.name.upper()}")
            if raw is None:
                continue
            values[f.name] = _coerce(f, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def _coerce(f: dataclasses.Field[object], raw: str) -> object:
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
        raise SystemExit(f"LLMROUTER_{f.name.upper()}: expected {kind}, got {raw!r}") from None
    return raw


class StartupError(Exception):
    """A configuration problem that stops start-up; the message says how to fix it."""
