"""`serve_engine`: the one process that owns the local MLX models for `serve --workers N`.

A real MlxEngine behind an asyncio unix server (frames: see `remote`). Requests: generate (prepare +
submit, then the events; the client closing its connection closes the EngineRequest), count_prompt_tokens,
load, unload, gauges. mlx is imported on the first request that needs the engine.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from typing import Any

from service.backends.mlx.remote import read_frame, send_frame
from service.core.chat import Finish
from service.core.errors import RouterError
from service.settings import Settings

__all__ = ["EngineHost", "serve_engine"]

log = logging.getLogger("llmrouter")


class EngineHost:
    def __init__(self, settings: Settings, path: str) -> None:
        self.settings = settings
        self.path = path
        self.engine: Any = None
        self.server: asyncio.AbstractServer | None = None

    def _engine(self) -> Any:
        if self.engine is None:
            from service.backends.mlx.engine import MlxEngine

            self.engine = MlxEngine(self.settings)
            self.engine.start()
        return self.engine

    async def start(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        self.server = await asyncio.start_unix_server(self._handle, self.path)
        os.chmod(self.path, 0o600)

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
        if self.engine is not None:
            await self.engine.astop()
            self.engine = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            msg = await read_frame(reader)
            op = msg[0]
            if op == "generate":
                await self._generate(reader, writer, msg[1], msg[2])
                return
            try:
                if op == "gauges":
                    value: Any = self.engine.gauges() if self.engine is not None else None
                elif op == "load":
                    value = await self._engine().load(msg[1])
                elif op == "unload":
                    value = await self._engine().unload(msg[1])
                elif op == "count_prompt_tokens":
                    value = await self._engine().count_prompt_tokens(msg[1], msg[2])
                else:
                    raise ValueError(f"unknown engine request {op!r}")
                reply: tuple[str, Any] = ("ok", value)
            except RouterError as exc:
                reply = ("error", exc)
            await send_frame(writer, reply)
        except (OSError, asyncio.IncompleteReadError):
            pass
        except Exception:
            log.exception("engine host: request failed")
        finally:
            writer.close()

    async def _generate(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, source: str, params) -> None:
        engine = self._engine()
        try:
            params = await engine.prepare(source, params)
            req = engine.submit(source, params)
        except RouterError as exc:
            await send_frame(writer, ("error", exc))
            return

        async def pump() -> None:
            while True:
                try:
                    events = await req.get()
                except RouterError as exc:
                    await send_frame(writer, ("error", exc))
                    return
                await send_frame(writer, ("events", events))
                if any(isinstance(ev, Finish) for ev in events):
                    return

        gen = asyncio.ensure_future(pump())
        eof = asyncio.ensure_future(reader.read(1))  # the client closing its end cancels the generation
        try:
            await asyncio.wait({gen, eof}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            req.close()
            for t in (gen, eof):
                t.cancel()
            await asyncio.gather(gen, eof, return_exceptions=True)


async def _main(settings: Settings, path: str) -> int:
    host = EngineHost(settings, path)
    await host.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await host.stop()
    return 0


def serve_engine(settings: Settings, path: str) -> int:
    """Runs the engine process until SIGTERM/SIGINT."""
    return asyncio.run(_main(settings, path))
