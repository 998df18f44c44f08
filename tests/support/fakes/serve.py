"""The fake upstream as a stand-alone server, for benchmarks in another process::

    python tests/support/fakes/serve.py --port 8900 --chunks 1000 --batch 16

serves ``/v1/chat/completions`` and ``/v1/messages`` streams of ``--chunks`` text chunks (a
request's ``max_tokens`` overrides the count) and ``/v1/models``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests/, when run as a script

from support.fakes.anthropic_replies import anthropic_message, anthropic_text_stream
from support.fakes.openai_replies import openai_completion, openai_error, openai_models, openai_text_stream
from support.fakes.server import FakeUpstream, RecordedRequest


def _bench_routes(up: FakeUpstream, chunks: int, batch: int, token: str, interval: float = 0.0) -> None:
    def oai(rec: RecordedRequest) -> Any:
        body = rec.json()
        n = int(body.get("max_completion_tokens") or body.get("max_tokens") or chunks)
        if body.get("stream"):
            if interval:  # paced: one frame per write, `interval` seconds apart
                return openai_text_stream(n, token, batch=1, interval=interval)
            return openai_text_stream(n, token, batch=batch)
        return openai_completion(token * n, usage=(10, n, 0))

    def anth(rec: RecordedRequest) -> Any:
        body = rec.json()
        n = int(body.get("max_tokens") or chunks)
        if body.get("stream"):
            return anthropic_text_stream(n, token, batch=batch)
        return anthropic_message(token * n, output_tokens=n)

    up.route("/v1/chat/completions", oai)
    up.route("/v1/messages", anth)
    up.route("/v1/models", openai_models(["gpt-test", "claude-test"]))
    # A provider whose base_url ends in /fail/v1 fails fast (fallback benchmarks).
    up.route("/fail/v1/chat/completions", openai_error(500, "bench failure", type="server_error"))


async def _serve(port: int, chunks: int, batch: int, token: str, interval: float = 0.0) -> None:
    async with FakeUpstream.start(port=port) as up:
        _bench_routes(up, chunks, batch, token, interval)
        print(f"fake upstream on {up.base_url} (OpenAI base_url {up.openai_base_url})", flush=True)
        await asyncio.Future()


def main() -> None:
    ap = argparse.ArgumentParser(description="Fake OpenAI/Anthropic upstream for benchmarks")
    ap.add_argument("--port", type=int, default=8900)
    ap.add_argument("--chunks", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--token", default="tok ")
    ap.add_argument("--interval", type=float, default=0.0, help="seconds between frames (paced streams)")
    args = ap.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.port, args.chunks, args.batch, args.token, args.interval))


if __name__ == "__main__":
    main()
