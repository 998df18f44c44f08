"""The `llmrouter` command as a user runs it (a subprocess): its version, its help listing every
setting, and every failure as one line `llmrouter: ...` with a non-zero exit, never a traceback."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from support.harness import Database, running_server

from service.settings import documented

EXE = str(Path(sys.executable).with_name("llmrouter"))


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("LLMROUTER_")}
    full.update(env or {})
    return subprocess.run([EXE, *args], env=full, capture_output=True, text=True, timeout=timeout)


def one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert result.returncode != 0, result
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("llmrouter: "), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == "llmrouter 0.1.0"


def test_serve_help_lists_every_setting_with_its_variable_and_default():
    result = run("serve", "--help", env={"COLUMNS": "400"})
    assert result.returncode == 0
    # One entry per flag (argparse wraps long ones onto following lines).
    entries = [" ".join(e.split()) for e in re.split(r"\n  (?=--)", result.stdout)]
    for d in documented():
        entry = next((e for e in entries if e.startswith(d.flag + " ")), None)
        assert entry is not None, f"{d.flag} missing from `llmrouter serve --help`"
        assert f"[{d.env}; default: {d.default}]" in entry, entry


def test_a_flag_overrides_the_environment(tmp_path):
    # `migrate` takes the common flags: the flag's data dir wins over the variable's.
    flag_dir, env_dir = tmp_path / "flag", tmp_path / "env"
    result = run("migrate", "--data-dir", str(flag_dir), env={"LLMROUTER_DATA_DIR": str(env_dir)})
    assert result.returncode == 0, result.stderr
    assert (flag_dir / "llmrouter.db").exists() and not env_dir.exists()


def test_unknown_log_level_from_flag_and_environment(tmp_path):
    one_line_error(run("migrate", "--data-dir", str(tmp_path), "--log-level", "verbose"), "--log-level", "'verbose'")
    one_line_error(
        run("migrate", "--data-dir", str(tmp_path), env={"LLMROUTER_LOG_LEVEL": "verbose"}),
        "LLMROUTER_LOG_LEVEL",
        "DEBUG, INFO, WARNING, ERROR",
    )


def test_usage_errors_are_one_line_too():
    one_line_error(run("--log-level", "verbose", "migrate"), "--help")
    one_line_error(run("keys", "create"), "--scope")
    one_line_error(run("serve", "--no-such-flag"), "--no-such-flag")


def test_a_number_that_does_not_parse(tmp_path):
    one_line_error(
        run("migrate", "--data-dir", str(tmp_path), env={"LLMROUTER_DATABASE_CONNECT_TIMEOUT_S": "soon"}),
        "LLMROUTER_DATABASE_CONNECT_TIMEOUT_S: expected float, got 'soon'",
    )


def test_revoking_an_unknown_key(tmp_path):
    line = one_line_error(run("keys", "revoke", "no-such-key", "--data-dir", str(tmp_path)), "no-such-key")
    assert "does not exist" in line


@pytest.mark.parametrize("url", ["postgresql://127.0.0.1:5432/test", "postgres://u@127.0.0.1/test"])
def test_postgresql_url_without_the_asyncpg_driver(url):
    line = one_line_error(run("migrate", "--database-url", url), "--database-url", "postgresql+asyncpg://")
    one_line_error(run("keys", "list", env={"LLMROUTER_DATABASE_URL": url}), "LLMROUTER_DATABASE_URL")
    assert "u@" not in line


def test_migrate_against_an_unreachable_database():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql+asyncpg://llm:secret-password@127.0.0.1:{port}/test"
    line = one_line_error(run("migrate", "--database-url", url), "cannot migrate", "connection refused")
    assert "secret-password" not in line


def test_an_unresponsive_database_fails_within_the_connect_timeout_with_a_clear_line():
    # Accepts TCP connections (the kernel's backlog) and never says a word.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        url = f"postgresql+asyncpg://llm@127.0.0.1:{silent.getsockname()[1]}/test"
        env = {"LLMROUTER_DATABASE_CONNECT_TIMEOUT_S": "0.5", "LLMROUTER_ENCRYPTION_KEY": _fernet_key()}
        one_line_error(run("migrate", "--database-url", url, env=env), "no answer", "TimeoutError")
        one_line_error(run("keys", "list", "--database-url", url, env=env), "no answer")
        serve = run("serve", "--database-url", url, "--listen", "127.0.0.1:0", "--log-level", "ERROR", env=env)
        assert serve.returncode == 2 and "Traceback" not in serve.stderr
        assert serve.stderr.strip().splitlines()[-1].startswith("llmrouter: cannot migrate the database")


def test_settings_table_command_prints_the_generated_table():
    result = run("dev", "settings-table")
    assert result.returncode == 0
    assert result.stdout.startswith("| variable | flag | default | meaning |")
    assert "| `LLMROUTER_LISTEN` | `--listen` | `127.0.0.1:50051` |" in result.stdout


async def test_health_command_against_a_live_server(tmp_path):
    async with running_server(Database("sqlite", "", tmp_path / "data")) as srv:
        ok = await asyncio.to_thread(run, "health", "--address", srv.address)
        assert ok.returncode == 0 and ok.stdout.strip() == "SERVING"
        await srv.server.stop(grace=0.5)
    down = await asyncio.to_thread(run, "health", "--address", srv.address, "--timeout", "1")
    one_line_error(down, "health check of", "UNAVAILABLE")


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def test_alembic_from_the_checkout_uses_the_packaged_migrations(tmp_path):
    root = Path(__file__).resolve().parents[2]
    alembic = str(Path(sys.executable).with_name("alembic"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLMROUTER_")}
    env["LLMROUTER_DATA_DIR"] = str(tmp_path / "data")
    up = subprocess.run([alembic, "upgrade", "head"], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert up.returncode == 0, up.stderr
    current = subprocess.run([alembic, "current"], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    heads = subprocess.run([alembic, "heads"], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert current.stdout.split()[0] == heads.stdout.split()[0] and "(head)" in current.stdout
    assert (tmp_path / "data" / "llmrouter.db").stat().st_mode & 0o077 == 0
