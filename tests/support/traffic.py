"""Chat traffic for incident tests, and reading back what the request log kept.

traffic = Traffic(chat_stub, "m-1")
task = asyncio.create_task(traffic.run(rate=20))      # StreamChat calls, each its own request id
... break something, mend it ...
traffic.stop(); await task
ids = await logged_request_ids(logs_stub)              # every entry, once ListRequestLogs answers
assert set(ids) == set(traffic.made) and len(ids) == len(set(ids))
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import grpc

from llmrouter.v1 import request_log_service_pb2 as rl
from support.cloud_setup import collect, stream_request


@dataclass
class Traffic:
    chat: object
    model: str
    prefix: str = "call"
    made: list[str] = field(default_factory=list)  # request ids of the calls that completed (OK or not)
    ok: int = 0
    finished_at: dict[str, float] = field(default_factory=dict)  # request id -> time.time() at completion
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _n: int = 0

    def stop(self) -> None:
        self._stop.set()

    async def one(self) -> None:
        self._n += 1
        rid = f"{self.prefix}-{self._n:06d}"
        try:
            _, _, _, summary, _ = await collect(
                self.chat.StreamChat(stream_request(self.model, request_id=rid), timeout=10)
            )
            if summary is not None:
                self.ok += 1
        except grpc.aio.AioRpcError:
            pass
        self.made.append(rid)
        self.finished_at[rid] = time.time()

    async def run(self, rate: float, concurrency: int = 1) -> None:
        """`rate` calls per second in total, until stop()."""

        async def worker() -> None:
            interval = concurrency / rate
            while not self._stop.is_set():
                t0 = time.monotonic()
                await self.one()
                await asyncio.sleep(max(0.0, interval - (time.monotonic() - t0)))

        await asyncio.gather(*(worker() for _ in range(concurrency)))


async def logged_request_ids(logs, within_s: float = 30.0) -> list[str]:
    """Every request id in the request log (once ListRequestLogs answers: the log is complete)."""
    deadline = time.monotonic() + within_s
    while True:
        try:
            ids: list[str] = []
            token = ""
            while True:
                page = await logs.ListRequestLogs(
                    rl.ListRequestLogsRequest(page_size=1000, page_token=token), timeout=10
                )
                ids += [e.request_id for e in page.entries]
                token = page.next_page_token
                if not token:
                    return ids
        except grpc.aio.AioRpcError as err:
            if err.code() != grpc.StatusCode.UNAVAILABLE or time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.25)
