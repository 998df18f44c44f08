"""`llmrouter serve --workers N`: N server processes sharing the listening ports.

The supervisor (this module, in the process the user started) runs no event loop and serves
nothing: it starts worker 1 and waits until it listens (so that migrations, the built-in
providers and the embedded key file are made once), then the others, each
`llmrouter serve` with the same arguments and `LLMROUTER_REUSE_PORT=true` (SO_REUSEPORT on
purpose: the kernel spreads new connections over the workers). A worker that dies is
started again; SIGTERM or SIGINT is passed to every worker, which drains its own calls within
the shutdown grace, and the supervisor exits once all of them did. A second signal is passed on
too (the workers exit at once). An address another program already listens on is refused before
anything starts (the workers' own binds share the port, so they could not tell).

Before the workers, the supervisor starts one engine process (the same command with
LLMROUTER_ENGINE_HOST=<socket>, `backends.mlx.engine_host`), listening on a unix socket in a
private 0700 directory; workers get LLMROUTER_ENGINE_SOCKET and reach it through
`backends.mlx.remote.RemoteEngine`, so a local model loads once per machine and batching is global.
It is restarted if it dies; on a signal the workers stop first, then the engine.

Per worker: event loop, breakers, in-flight counts, backends and their connection pools. Shared:
the configuration, through the database (each worker's live snapshot follows it as replicas do),
and the local models, in the engine process.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence

from service.netaddr import split_host_port
from service.settings import Settings

__all__ = ["supervise"]

log = logging.getLogger("llmrouter")

RESTART_DELAY_S = 0.5
PR_SET_PDEATHSIG = 1  # linux/prctl.h
ENGINE = -1  # the engine process, beside workers 0..N-1


def _in_use(listen: str) -> bool:
    """Something already listens on `listen` (HOST:PORT): a bind without SO_REUSEPORT fails.

    The workers share their port with SO_REUSEPORT, so a foreign listener would pass their own
    binds' check only by chance, and one that does not share (or a second supervisor) would make
    every worker fail and restart forever; checked once, before anything starts.
    """
    try:
        host, port = split_host_port(listen)
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (ValueError, OSError):
        return False  # not an address that binds here: the worker reports it
    for family, kind, proto, _name, addr in infos:
        with socket.socket(family, kind, proto) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is no conflict
            try:
                s.bind(addr)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    return True
    return False


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host if host not in ("", "0.0.0.0", "::") else "127.0.0.1", port), 0.5):
            return True
    except OSError:
        return False


def _child_setup() -> None:  # pragma: no cover - runs in the child between fork and exec
    """A child in its own process group (a terminal's Ctrl-C reaches the supervisor only, which
    passes it on once: workers first, the engine after them), ended by SIGTERM if the supervisor dies."""
    os.setpgid(0, 0)
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _spawn(cmd: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(cmd, env=env, preexec_fn=_child_setup)  # the supervisor has no threads


def supervise(settings: Settings, argv: Sequence[str]) -> int:
    """Runs settings.workers worker processes until a signal; returns the exit status."""
    host, port = split_host_port(settings.listen)
    if port == 0:
        print("llmrouter: --workers needs a fixed port (--listen HOST:PORT), not port 0", file=sys.stderr)
        return 2
    for listen, flag in (
        (settings.listen, "--listen or LLMROUTER_LISTEN"),
        (settings.http, "--http or LLMROUTER_HTTP"),
    ):
        if listen and _in_use(listen):
            print(
                f"llmrouter: cannot listen on {listen}: the address is in use (is another llmrouter serving"
                f" there?); choose another with {flag}",
                file=sys.stderr,
            )
            return 2
    n = settings.workers
    cmd = [sys.executable, "-m", "service.cli", *argv, "--workers", "1"]
    private = tempfile.mkdtemp(prefix="llmrouter-engine-")  # 0700: only this user reaches the socket
    sock = os.path.join(private, "engine.sock")
    env = {
        **os.environ,
        "LLMROUTER_REUSE_PORT": "true",
        "LLMROUTER_WORKERS": "1",
        "LLMROUTER_ENGINE_SOCKET": sock,
    }
    engine_env = {**os.environ, "LLMROUTER_ENGINE_HOST": sock, "LLMROUTER_WORKERS": "1"}
    workers: list[subprocess.Popen[bytes] | None] = [None] * n
    stopping: list[int] = []

    def start(i: int) -> subprocess.Popen[bytes]:
        """Worker i, or the engine process for ENGINE."""
        if i == ENGINE:
            proc = _spawn(cmd, engine_env)
            log.info("engine process started", extra={"pid": proc.pid})
        else:
            proc = _spawn(cmd, env)
            log.info("worker started", extra={"worker": i, "pid": proc.pid})
        return proc

    died: dict[int, float] = {}  # a dead child (worker index or ENGINE) -> when it starts again

    def revive(i: int, proc: subprocess.Popen[bytes], now: float) -> subprocess.Popen[bytes]:
        """proc while it runs; once it has been dead for RESTART_DELAY_S, a new one in its place."""
        if proc.poll() is None:
            return proc
        if i not in died:
            if i == ENGINE:
                log.warning("engine process exited: starting it again", extra={"status": proc.returncode})
            else:
                log.warning("worker exited: starting it again", extra={"worker": i, "status": proc.returncode})
            died[i] = now + RESTART_DELAY_S
        elif now >= died[i]:
            del died[i]
            return start(i)
        return proc

    def on_signal(sig: int, _frame: object) -> None:
        stopping.append(sig)
        for proc in workers:
            if proc is not None and proc.poll() is None:
                proc.send_signal(sig)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    engine = start(ENGINE)
    try:
        while not os.path.exists(sock) and engine.poll() is None and not stopping:
            time.sleep(0.02)
        workers[0] = first = None if stopping else start(0)  # a signal already: none is started
        while first is not None and not _listening(host, port):
            if first.poll() is not None:
                return first.returncode if first.returncode > 0 else 2
            if stopping:
                break
            time.sleep(0.05)
        for i in range(1, n):
            if not stopping:
                workers[i] = start(i)
        while not stopping:
            now = time.monotonic()
            engine = revive(ENGINE, engine, now)
            for i, proc in enumerate(workers):
                if proc is not None:
                    workers[i] = revive(i, proc, now)
            time.sleep(0.05)
        status = 0
        for proc in workers:
            if proc is not None:
                rc = proc.wait()
                if rc not in (0, -signal.SIGTERM, -signal.SIGINT):
                    status = max(status, rc if rc > 0 else 1)
    finally:  # the workers are gone (or the first one never listened): now the engine
        if engine.poll() is None:
            engine.send_signal(signal.SIGTERM)
        try:
            engine.wait(30)
        except subprocess.TimeoutExpired:
            engine.kill()
            engine.wait()
        shutil.rmtree(private, ignore_errors=True)
    log.info("llmrouter workers stopped", extra={"workers": n})
    return status
