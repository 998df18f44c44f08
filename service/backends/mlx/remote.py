"""`RemoteEngine`: the MlxEngine methods MlxBackend uses, served by one engine process over a unix socket.

With `serve --workers N` one process owns the local models (`engine_host.serve_engine`) and every worker
reaches it through a socket in a private (0700) directory. Frames are length-prefixed pickles (only our own
processes can reach the socket). One connection per call: a generation's connection carries its events;
closing it (`close()`, cancellation) makes the host close the EngineRequest at once. This module imports no
mlx.
"""

from __future__ import annotations

import asyncio
import pickle
import socket
import struct
from typing import Any

from service.backends.mlx.request import GenerationParams
from service.core.chat import Delta, Finish
from service.core.errors import Unavailable
from service.settings import Settings

__all__ = ["RemoteEngine", "RemoteRequest", "encode_frame", "read_frame", "send_frame"]

_LEN = struct.Struct("!I")


async def read_frame(reader: asyncio.StreamReader) -> Any:
    head = await reader.readexactly(_LEN.size)
    return pickle.loads(await reader.readexactly(_LEN.unpack(head)[0]))


def encode_frame(obj: Any) -> bytes:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _LEN.pack(len(data)) + data


async def send_frame(writer: asyncio.StreamWriter, obj: Any) -> None:
    writer.write(encode_frame(obj))
    await writer.drain()


def _unreachable(exc: BaseException) -> Unavailable:
    return Unavailable(f"the local engine process is unreachable ({type(exc).__name__})", retry_after=1.0)


class RemoteRequest:
    """One generation in the engine process: `get()` returns the next events, `close()` cancels it."""

    def __init__(self, path: str, source: str, params: GenerationParams) -> None:
        self._path = path
        self._conn = asyncio.ensure_future(self._open(source, params))
        self._writer: asyncio.StreamWriter | None = None
        self.finished = False
        self.closed = False

    async def _open(self, source: str, params: GenerationParams) -> asyncio.StreamReader:
        try:
            reader, writer = await asyncio.open_unix_connection(self._path)
        except OSError as exc:
            raise _unreachable(exc) from None
        self._writer = writer
        await send_frame(writer, ("generate", source, params))
        return reader

    async def get(self) -> list[Delta | Finish]:
        if self.finished:
            raise RuntimeError("the request has already finished")
        reader = await self._conn
        try:
            kind, value = await read_frame(reader)
        except (OSError, asyncio.IncompleteReadError) as exc:
            self.finished = True
            raise _unreachable(exc) from None
        if kind == "error":
            self.finished = True
            raise value
        if any(isinstance(ev, Finish) for ev in value):
            self.finished = True
        return value

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if not self._conn.done():
            self._conn.cancel()
        elif not self._conn.cancelled():
            self._conn.exception()  # retrieved: an unreachable engine was already reported by get()
        if self._writer is not None:
            self._writer.close()


class RemoteEngine:
    """The engine process, as MlxBackend sees an MlxEngine (prepare, submit, load, unload, counts, gauges)."""

    def __init__(self, settings: Settings, path: str) -> None:
        self.settings = settings
        self.path = path

    async def prepare(self, source: str, params: GenerationParams) -> GenerationParams:
        return params  # the engine process prepares and submits

    def submit(self, source: str, params: GenerationParams) -> RemoteRequest:
        return RemoteRequest(self.path, source, params)

    async def _call(self, *msg: Any) -> Any:
        try:
            reader, writer = await asyncio.open_unix_connection(self.path)
        except OSError as exc:
            raise _unreachable(exc) from None
        try:
            await send_frame(writer, msg)
            kind, value = await read_frame(reader)
        except (OSError, asyncio.IncompleteReadError) as exc:
            raise _unreachable(exc) from None
        finally:
            writer.close()
        if kind == "error":
            raise value
        return value

    async def load(self, source: str) -> Any:
        return await self._call("load", source)

    async def unload(self, source: str) -> bool:
        return bool(await self._call("unload", source))

    async def count_prompt_tokens(self, source: str, params: GenerationParams) -> int:
        return int(await self._call("count_prompt_tokens", source, params))

    def gauges(self) -> dict[str, float] | None:
        """The engine process's gauges: a blocking call of at most 0.1 s (a refused or missing socket fails at
        once; only a hung engine costs the wait); None when it cannot be reached."""
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(0.1)
                s.connect(self.path)
                s.sendall(encode_frame(("gauges",)))
                buf = b""
                while len(buf) < _LEN.size or len(buf) < _LEN.size + _LEN.unpack(buf[: _LEN.size])[0]:
                    chunk = s.recv(65536)
                    if not chunk:
                        return None
                    buf += chunk
            kind, value = pickle.loads(buf[_LEN.size :])
            return value if kind == "ok" else None
        except (OSError, pickle.UnpicklingError):
            return None

    def stop(self, timeout: float = 0.0) -> None:
        """Nothing to stop: the supervisor owns the engine process."""

    async def astop(self, timeout: float = 0.0) -> None:
        """Nothing to stop: the supervisor owns the engine process."""
