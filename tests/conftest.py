"""Shared fixtures: every server test runs on SQLite and on PostgreSQL.

PostgreSQL: the server at 127.0.0.1:5432 (trust auth); each test gets a fresh database.
Set LLMROUTER_TEST_PG to point elsewhere.
"""

from __future__ import annotations

import asyncio
import asyncio.runners as asyncio_runners
import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

sys.path.insert(0, str(Path(__file__).parent))

from support.harness import Database, create_pg_database, drop_pg_database, running_server

# CI replays a fixed set of generated examples (a red build must be reproducible);
# local runs explore new ones each time.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


def _bounded_cancel_all_tasks(loop: asyncio.AbstractEventLoop) -> None:
    """asyncio.runners._cancel_all_tasks, bounded: a task still alive when a test's event loop
    closes is cancelled and awaited for at most 30 s, then reported on stderr with its stack
    instead of hanging the whole run (seen twice in six full runs, not yet pinned down: see the
    round-2 closing note). Tasks that end are handled as asyncio's own version handles them."""
    to_cancel = asyncio.all_tasks(loop)
    if not to_cancel:
        return
    for task in to_cancel:
        task.cancel()
    done, pending = loop.run_until_complete(asyncio.wait(to_cancel, timeout=30))
    for task in pending:
        print(f"\nconftest: a task ignored its cancellation at event-loop close: {task!r}", file=sys.stderr)
        task.print_stack(file=sys.stderr)
    for task in done:
        if task.cancelled():
            continue
        if task.exception() is not None:
            loop.call_exception_handler(
                {"message": "unhandled exception during event-loop close", "exception": task.exception(), "task": task}
            )


asyncio_runners._cancel_all_tasks = _bounded_cancel_all_tasks  # type: ignore[attr-defined]

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(params=["sqlite", "postgres"])
async def database(request, tmp_path):
    if request.param == "sqlite":
        yield Database("sqlite", "", tmp_path / "data")
        return
    db = await create_pg_database(tmp_path)
    try:
        yield db
    finally:
        await drop_pg_database(db)


@pytest.fixture
async def server(database):
    async with running_server(database) as srv:
        yield srv


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The tiny offline llama model (random weights, trained byte-level BPE), built once per session.

    The one tiny-model fixture: every MLX test that needs the model takes this one.
    """
    from service.backends.mlx.tiny_model import make_tiny_model

    return str(make_tiny_model(tmp_path_factory.mktemp("tiny-model") / "tiny", seed=0))


@pytest.fixture(scope="session")
def tiny_thinking_model_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The tiny model with a chat template that opens a <think> block for the answer (Qwen3 style)."""
    from service.backends.mlx.tiny_model import make_tiny_model

    return str(make_tiny_model(tmp_path_factory.mktemp("tiny-thinking") / "thinking", seed=0, thinking=True))


@pytest.fixture(scope="session")
def tiny_vision_model_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The tiny LLaVA vision model (mlx-vlm), built by the CLI as a user would: `dev make-tiny-model --vision`."""
    import subprocess

    out = tmp_path_factory.mktemp("tiny-vision") / "vision"
    subprocess.run(
        [sys.executable, "-m", "service.cli", "dev", "make-tiny-model", "--vision", str(out)],
        cwd=Path(__file__).parent.parent,
        check=True,
        capture_output=True,
    )
    return str(out)
