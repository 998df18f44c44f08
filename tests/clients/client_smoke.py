"""What a service with only llmrouter-client installed does, against a live server.

    python client_smoke.py 127.0.0.1:50051

Run by tests/clients/live_clients.py inside fresh venvs (one per protobuf version). Standard
library and the client package only: a fake OpenAI upstream (http.server, replaying the wire
fixtures in tests/fixtures/wire/openai) is registered as a provider through the admin helpers;
then a streamed call, a unary call, error cases (NO_ROUTE, a field violation, a rate limit with
RetryInfo) through `llmrouter.client` and through the raw generated stubs with grpc_status.
Exits non-zero at the first failed check.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WIRE = Path(__file__).resolve().parents[1] / "fixtures" / "wire" / "openai"


def fixture_text(name: str) -> str:
    """The answer text a streamed fixture carries (its deltas' content, joined)."""
    out = []
    for line in (WIRE / name).read_text().splitlines():
        if line.startswith("data: {"):
            for choice in json.loads(line[6:])["choices"]:
                out.append(choice["delta"].get("content") or "")
    return "".join(out)


class Upstream(BaseHTTPRequestHandler):
    """POST /v1/chat/completions: model "*-limited" gets the 429 fixture, a stream the SSE one."""

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        if body["model"].endswith("-limited"):
            doc = json.loads((WIRE / "error_429.json").read_text())
            self._send(doc["status"], "application/json", json.dumps(doc["body"]).encode(), doc["headers"])
        elif body.get("stream"):
            self._send(200, "text/event-stream", (WIRE / "chat_stream_text.sse").read_bytes())
        else:
            doc = json.loads((WIRE / "chat_completion.json").read_text())
            self._send(doc.get("status", 200), "application/json", json.dumps(doc["body"]).encode())

    def _send(self, status: int, ctype: str, payload: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("content-type", ctype)
        self.send_header("content-length", str(len(payload)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


def check(ok: bool, what: str) -> None:
    if not ok:
        raise SystemExit(f"FAILED: {what}")
    print(f"  ok: {what}")


async def main(address: str) -> None:
    import google.protobuf
    import grpc
    from grpc_status import rpc_status

    from llmrouter.client import Client, LLMRouterError
    from llmrouter.v1 import chat_pb2, chat_service_pb2, chat_service_pb2_grpc

    gencode = Path(chat_pb2.__file__).parent.name
    print(f"protobuf {google.protobuf.__version__}, grpcio {grpc.__version__}, gencode {gencode}")
    check(gencode == ("protobuf-5" if google.protobuf.__version__.startswith("5.") else "protobuf-6"), "gencode fits")
    for heavy in ("sqlalchemy", "mlx", "service", "httpx"):
        check(importlib.util.find_spec(heavy) is None, f"{heavy} is not installed")

    upstream = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    tag = uuid.uuid4().hex[:8]
    user = [{"role": "user", "content": "Hi"}]
    async with Client(address, timeout=10) as llm:
        provider = await llm.create_provider(
            f"smoke-{tag}",
            template="custom-openai",
            base_url=f"http://127.0.0.1:{upstream.server_address[1]}/v1",
            api_key="sk-smoke-0123456789",
        )
        route = await llm.create_route(f"smoke-{tag}", f"smoke-{tag}-*", provider.name)
        check(provider.api_key_set and route.target.provider == provider.name, "administers providers and routes")
        try:
            model = f"smoke-{tag}-model"
            streamed = [m async for m in llm.stream_chat(model, user)]
            text = "".join(m.delta.text for m in streamed if m.HasField("delta"))
            check(text == fixture_text("chat_stream_text.sse") and text, f"streams {text!r}")
            check(streamed[-1].summary.served_by.provider == provider.name, "the summary comes last")
            reply = await llm.chat(model, user)
            check(bool(reply.message.content) and reply.summary.served_by.provider == provider.name, "unary chat")
            try:
                await llm.chat("nothing-routes-here", user)
                check(False, "an unrouted model fails")
            except LLMRouterError as err:
                check(err.code == grpc.StatusCode.NOT_FOUND and err.reason == "NO_ROUTE", f"NO_ROUTE ({err})")
            try:
                await llm.chat(model, [])
                check(False, "no messages fails")
            except LLMRouterError as err:
                check("messages" in err.field_violations, f"BadRequest names the field ({err.violations})")
            try:
                await llm.chat(f"smoke-{tag}-limited", user)
                check(False, "a rate-limited upstream fails")
            except LLMRouterError as err:
                check(
                    err.code == grpc.StatusCode.RESOURCE_EXHAUSTED and err.retry_after == 20,
                    f"RetryInfo {err.retry_after}",
                )
            stub = chat_service_pb2_grpc.ChatServiceStub(llm.channel)
            call = stub.StreamChat(
                chat_service_pb2.StreamChatRequest(
                    model="nothing-routes-here", messages=[chat_pb2.Message(role=chat_pb2.ROLE_USER, content="Hi")]
                ),
                timeout=10,
            )
            try:
                async for _ in call:
                    pass
                check(False, "the raw stub's stream fails")
            except grpc.aio.AioRpcError:
                status = await rpc_status.aio.from_call(call)
                check(status is not None and len(status.details) >= 1, "grpc_status reads the details")
        finally:
            await llm.delete_route(route.name)
            await llm.delete_provider(provider.name)
    upstream.shutdown()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
