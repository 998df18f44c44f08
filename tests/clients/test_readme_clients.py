"""The README's Python client examples, run as written against a live server (tiny-demo).

tests/clients/live_clients.py runs them again in a venv holding only the client package, after
the README's install command, together with the Node example.
"""

from __future__ import annotations

import asyncio
import sys

from support.harness import Database, running_server
from support.readme import blocks

from llmrouter.v1 import chat_pb2
from llmrouter.v1 import routing_service_pb2 as rs


async def run_example(code: str, address: str) -> str:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        code.replace("127.0.0.1:50051", address),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    return out.decode()


async def test_readme_python_examples_work_as_written(tmp_path):
    client_example, stubs_example = blocks("client-example:python")
    async with running_server(Database("sqlite", "", tmp_path / "data"), demo_model="auto") as srv:
        out = await run_example(client_example, srv.address)
        # The streamed text comes first, then its line break. The demo model samples from random weights:
        # its text may hold line breaks of its own, or be blank (measured: 2 and 1 streams of 60).
        *streamed, no_route, routed = out.splitlines()
        assert streamed and no_route == "NOT_FOUND NO_ROUTE"
        assert routed == "routes/demo -> providers/local tiny-demo"
        assert not (await srv.routes.ListRoutes(rs.ListRoutesRequest())).routes, "the example deletes its route"
        out = await run_example(stubs_example, srv.address)
        summary, details = out.splitlines()[-2:]
        # The demo model samples from random weights: it may end early (a STOP), never past max_tokens.
        reason, tokens, provider = summary.split()[-3:]
        assert provider == "providers/local" and 1 <= int(tokens) <= 16
        assert int(reason) == (chat_pb2.FINISH_REASON_LENGTH if int(tokens) == 16 else chat_pb2.FINISH_REASON_STOP)
        assert details.startswith("True ") and "type.googleapis.com/google.rpc.ErrorInfo" in details
        assert "type.googleapis.com/google.rpc.BadRequest" in details
