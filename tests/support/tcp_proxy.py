"""A loopback TCP proxy that a test can cut, blackhole and restore (a database that 'goes away').

    proxy = TcpProxy("127.0.0.1", 5432); await proxy.start()   # forwards 127.0.0.1:proxy.port
    await proxy.cut()        # down: nothing listens, open connections are reset
    await proxy.start()      # back on the same port
    proxy.blackhole()        # unresponsive: accepts TCP, never answers; open connections go silent
    proxy.restore()          # new connections forward again; the silenced ones stay half-open

A blackholed connection stays open at both ends and swallows what either sends, and it
stays that way after `restore()` (only a timeout can tell), which is what each side holds
after a network partition or when the other host died.
"""

from __future__ import annotations

import asyncio
import contextlib


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self.blackholed = False
        self.accepted = 0
        self._server: asyncio.base_events.Server | None = None
        self._conns: set[asyncio.StreamWriter] = set()
        self._silenced: set[asyncio.StreamWriter] = set()
        self._pipes: dict[asyncio.StreamWriter, asyncio.Task[None]] = {}

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        """Stops listening and drops every open connection (silenced ones too)."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for w in list(self._conns | self._silenced):
            w.transport.abort()
        self._conns.clear()
        self._silenced.clear()

    def blackhole(self) -> None:
        """Keeps accepting, never answers: new connections and the open ones go silent."""
        self.blackholed = True
        for w, task in list(self._pipes.items()):
            task.cancel()  # stop forwarding; the sockets stay open
            self._silence(w)
        self._pipes.clear()

    def restore(self) -> None:
        """New connections forward again; connections silenced by `blackhole()` stay half-open."""
        self.blackholed = False

    async def close(self) -> None:
        await self.cut()

    def _silence(self, client: asyncio.StreamWriter) -> None:
        self._conns.discard(client)
        self._silenced.add(client)

    async def _swallow(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._silence(writer)
        with contextlib.suppress(Exception):
            while await reader.read(65536):
                pass
        self._silenced.discard(writer)
        writer.transport.abort()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        if self.blackholed:
            await self._swallow(reader, writer)
            return
        try:
            ur, uw = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._conns |= {writer}

        async def pipe(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
            with contextlib.suppress(Exception):
                while data := await r.read(65536):
                    w.write(data)
                    await w.drain()
            w.transport.abort()

        task = asyncio.ensure_future(asyncio.gather(pipe(reader, uw), pipe(ur, writer)))
        self._pipes[writer] = task
        try:
            await task
        except asyncio.CancelledError:
            # blackholed: both sides stay open, and what either sends goes nowhere
            self._silenced.add(uw)
            await asyncio.gather(self._swallow(reader, writer), self._swallow(ur, uw))
            return
        finally:
            self._pipes.pop(writer, None)
        self._conns.discard(writer)
