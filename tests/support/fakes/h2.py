"""An HTTPS fake OpenAI upstream that speaks HTTP/2 (hypercorn, ALPN h2 and http/1.1), on
loopback with a private CA's certificate: `/v1/chat/completions` (streamed or not) and
`/v1/models`. `served` records (path, HTTP version) of every request, as the server saw it.

    async with H2Upstream.start(cert, key) as up:
        up.openai_base_url      # https://localhost:PORT/v1
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from support.fakes.openai_replies import openai_completion, openai_stream

__all__ = ["H2Upstream"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class H2Upstream:
    def __init__(self, port: int, text: str) -> None:
        self.port = port
        self.text = text
        self.served: list[tuple[str, str]] = []

    @property
    def openai_base_url(self) -> str:
        return f"https://localhost:{self.port}/v1"

    async def __call__(self, scope: dict[str, Any], receive, send) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            msg = await receive()
            body += msg.get("body", b"")
            if not msg.get("more_body"):
                break
        self.served.append((scope["path"], scope["http_version"]))
        if scope["path"].endswith("/chat/completions"):
            request = json.loads(body or b"{}")
            if request.get("stream"):
                frames = openai_stream([self.text[:5], self.text[5:]])._frames()
                await send(
                    {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/event-stream")]}
                )
                for frame in frames:
                    await send({"type": "http.response.body", "body": frame, "more_body": True})
                await send({"type": "http.response.body", "body": b""})
                return
            payload, ctype = openai_completion(self.text).payload()
        elif scope["path"].endswith("/models"):
            payload, ctype = (
                json.dumps({"object": "list", "data": [{"id": "gpt-test", "object": "model"}]}).encode(),
                ("application/json"),
            )
        else:
            payload, ctype = b'{"error": {"message": "not found"}}', "application/json"
        await send(
            {
                "type": "http.response.start",
                "status": 200 if not payload.startswith(b'{"error"') else 404,
                "headers": [(b"content-type", ctype.encode()), (b"content-length", str(len(payload)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": payload})

    @classmethod
    @contextlib.asynccontextmanager
    async def start(cls, cert: Path, key: Path, text: str = "Hello over h2") -> AsyncIterator[H2Upstream]:
        from hypercorn.asyncio import serve
        from hypercorn.config import Config

        up = cls(_free_port(), text)
        config = Config()
        config.bind = [f"127.0.0.1:{up.port}"]
        config.certfile, config.keyfile = str(cert), str(key)
        config.alpn_protocols = ["h2", "http/1.1"]
        config.accesslog = None
        config.errorlog = None
        stop = asyncio.Event()
        task = asyncio.create_task(serve(up, config, shutdown_trigger=stop.wait))  # type: ignore[arg-type]
        for _ in range(100):
            try:
                _, w = await asyncio.open_connection("127.0.0.1", up.port)
                w.close()
                break
            except OSError:
                await asyncio.sleep(0.05)
        try:
            yield up
        finally:
            stop.set()
            with contextlib.suppress(Exception):
                async with asyncio.timeout(3):
                    await task
