"""The bridge's endpoints over ChatService: chat (OpenAI and Anthropic flavours, streamed or
not), embeddings and models, as a client of ChatService: the in-process stub the composition
root hands it (`api.inprocess`: the same calls without a transport), or one long-lived gRPC
channel to the server. Either raises `grpc.aio.AioRpcError` for a failed call.

Errors: the first gRPC message is awaited before the HTTP status is chosen, so a failure
before any output is an HTTP error with the API's error body; after the stream began it
is an SSE error event and the stream ends without `[DONE]` / `message_stop`. A client
that disconnects cancels its gRPC call at once.
"""

from __future__ import annotations

import asyncio
import dataclasses

import grpc

from llmrouter.v1 import chat_service_pb2, chat_service_pb2_grpc
from service.bridge import anthropic_format as af
from service.bridge import openai_format as of
from service.bridge.common import parse_json_object
from service.bridge.errors import BridgeError, from_rpc_error
from service.bridge.exchange import ClientGone, Exchange, Watch, own_cancel
from service.bridge.flavours import ANTHROPIC

_EOF = grpc.aio.EOF
_SSE_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
]
MAX_MODEL_PAGES = 1000


def _served_headers(summary) -> list[tuple[bytes, bytes]]:
    sb = summary.served_by
    out = []
    if sb.provider:
        out.append((b"x-llmrouter-provider", sb.provider.encode()))
    if sb.model and sb.model.isascii() and sb.model.isprintable():
        out.append((b"x-llmrouter-model", sb.model.encode()))
    if sb.attempts:
        out.append((b"x-llmrouter-attempts", str(sb.attempts).encode()))
    out.append((b"x-llmrouter-fallback-index", str(sb.fallback_index).encode()))
    if sb.route:
        out.append((b"x-llmrouter-route", sb.route.encode()))
    return out


async def _initial_headers(call) -> list[tuple[bytes, bytes]]:
    """`x-llmrouter-*` and `x-ratelimit-*` initial metadata of a call (sent with its first message)."""
    try:
        md = await call.initial_metadata()
    except Exception:  # pragma: no cover - defensive
        return []
    out = []
    for k, v in md or ():
        if k.startswith(("x-llmrouter-", "x-ratelimit-")) and isinstance(v, str) and v.isascii() and v.isprintable():
            out.append((k.encode(), v.encode()))
    return out


class Bridge:
    """`chat`, when given, is a ChatService stub whose calls run in this process (the composition
    root's `api.inprocess.InProcessChat`); otherwise the bridge opens a channel to `grpc_target`."""

    def __init__(self, grpc_target: str, settings, chat=None) -> None:
        self.target = grpc_target
        self.max_body = int(getattr(settings, "http_max_body_bytes", 4 * 1024 * 1024))
        self.keepalive_s = float(getattr(settings, "sse_keepalive_s", 0.0))
        self._channel: grpc.aio.Channel | None = None
        self._stub: chat_service_pb2_grpc.ChatServiceStub | None = chat

    @property
    def stub(self) -> chat_service_pb2_grpc.ChatServiceStub:
        if self._stub is None:  # created on first use, inside the serving event loop
            self._channel = grpc.aio.insecure_channel(
                self.target,
                options=[
                    ("grpc.max_receive_message_length", 64 * 1024 * 1024),
                    ("grpc.max_send_message_length", 64 * 1024 * 1024),
                    ("grpc.enable_retries", 0),
                ],
            )
            self._stub = chat_service_pb2_grpc.ChatServiceStub(self._channel)
        return self._stub

    async def connect(self, timeout: float = 5.0) -> bool:
        """Opens the channel now (the first request should not pay for the connection)."""
        self.stub  # noqa: B018 - creates the channel
        if self._channel is None:  # calls in this process: nothing to open
            return True
        try:
            await asyncio.wait_for(self._channel.channel_ready(), timeout)
            return True
        except (TimeoutError, grpc.aio.AioRpcError):
            return False

    async def aclose(self) -> None:
        if self._channel is not None:
            ch, self._channel, self._stub = self._channel, None, None
            await ch.close(grace=None)

    # -------------------------------------------------------------- endpoints

    async def chat(self, ex: Exchange) -> None:
        try:
            md = ex.metadata()
            doc = parse_json_object(await ex.read_body(self.max_body))
            req, opts = ex.flavour.parse(doc, ex.request_id)
        except BridgeError as e:
            await ex.error(e)
            return
        except ClientGone:
            return
        if opts.stream:
            await self._stream(ex, req, opts, md)
        else:
            await self._unary(ex, req, opts, md)

    async def _unary(self, ex: Exchange, req, opts, md, before_answer=None) -> None:
        call = self.stub.Chat(req, metadata=md)
        watch = Watch(ex.receive, call)
        try:
            resp = await call
        except grpc.aio.AioRpcError as err:
            if not watch.gone:
                await ex.error(from_rpc_error(err, opts.field_map))
            return
        except asyncio.CancelledError:
            if watch.gone and not own_cancel():
                return
            raise
        finally:
            watch.close()
        if not opts.model:  # the request named none: the default model served
            opts = dataclasses.replace(opts, model=resp.summary.served_by.model)
        body = ex.flavour.unary_body(resp, ex.request_id, opts)
        if before_answer is not None:
            await before_answer(body)
        limits = [h for h in await _initial_headers(call) if h[0].startswith(b"x-ratelimit-")]
        await ex.json(200, body, _served_headers(resp.summary) + limits)

    async def _stream(self, ex: Exchange, req, opts, md, before_close=None) -> None:
        """Relays StreamChat as SSE; `before_close(encoder)` is awaited after the summary is
        encoded and before its bytes go out (the Responses API stores the response then, so
        that a client continuing at once finds it)."""
        flavour = ex.flavour
        call = self.stub.StreamChat(req, metadata=md)
        watch = Watch(ex.receive, call)
        try:
            try:
                if self.keepalive_s > 0:
                    msg = await self._first_with_keepalives(ex, call)
                else:
                    msg = await call.read()
            except grpc.aio.AioRpcError as err:
                if watch.gone:
                    return
                e = from_rpc_error(err, opts.field_map)
                if ex.started:  # keep-alives went out: the status is 200 already
                    body = flavour.encoder(ex.request_id, opts).error(flavour.error_body(e))
                    await ex.send({"type": "http.response.body", "body": body, "more_body": False})
                else:
                    await ex.error(e)
                return
            if msg is _EOF:
                e = BridgeError(502, "the stream ended without a result", code="stream_truncated")
                if ex.started:
                    body = flavour.encoder(ex.request_id, opts).error(flavour.error_body(e))
                    await ex.send({"type": "http.response.body", "body": body, "more_body": False})
                else:
                    await ex.error(e)
                return
            if not opts.model:  # the request named none: the default model served
                served = dict(await call.initial_metadata() or ())
                opts = dataclasses.replace(opts, model=str(served.get("x-llmrouter-model", "")))
            if not ex.started:
                headers = _SSE_HEADERS + ex.base_headers() + await _initial_headers(call)
                await ex.start(200, headers)
            enc = flavour.encoder(ex.request_id, opts)
            send = ex.send
            read = call.read
            # The opening sees the first message (a delta, or the summary of an empty answer):
            # the Anthropic encoder writes the prompt's token count into `message_start`.
            pending = enc.opening(msg)
            delta_of = enc.delta
            while True:
                if msg.HasField("delta"):
                    chunk = delta_of(msg.delta)
                    if pending:
                        chunk, pending = pending + chunk, b""
                    if chunk:
                        await send({"type": "http.response.body", "body": chunk, "more_body": True})
                else:  # the summary: sent once, last
                    tail = enc.closing(msg.summary)
                    if before_close is not None:
                        await before_close(enc)
                    await send({"type": "http.response.body", "body": pending + tail, "more_body": False})
                    return
                try:
                    msg = await read()
                except grpc.aio.AioRpcError as err:
                    if watch.gone:
                        return
                    e = from_rpc_error(err, opts.field_map)
                    tail = enc.error(flavour.error_body(e))
                    await send({"type": "http.response.body", "body": pending + tail, "more_body": False})
                    return
                if msg is _EOF:
                    e = BridgeError(502, "the stream ended without a result", code="stream_truncated")
                    await send(
                        {
                            "type": "http.response.body",
                            "body": pending + enc.error(flavour.error_body(e)),
                            "more_body": False,
                        }
                    )
                    return
        except asyncio.CancelledError:
            if watch.gone and not own_cancel():
                return
            raise
        finally:
            watch.close()
            if not call.done():
                call.cancel()

    async def count_tokens(self, ex: Exchange) -> None:
        """Anthropic `POST /v1/messages/count_tokens`: a Messages request without max_tokens,
        answered `{"input_tokens": n}`; `x-llmrouter-token-count: estimate` (and
        `"estimated": true`) when the target could only estimate."""
        opts = None
        try:
            md = ex.metadata()
            doc = parse_json_object(await ex.read_body(self.max_body))
            req, opts = af.messages_request({**doc, "max_tokens": 1, "stream": False}, ex.request_id)
            creq = chat_service_pb2.CountTokensRequest.FromString(req.SerializeToString())  # the same fields
            creq.generation.ClearField("max_tokens")
            resp = await self.stub.CountTokens(creq, metadata=md)
        except BridgeError as e:
            await ex.error(e)
            return
        except ClientGone:
            return
        except grpc.aio.AioRpcError as err:
            await ex.error(from_rpc_error(err, opts.field_map) if opts is not None else from_rpc_error(err))
            return
        body: dict = {"input_tokens": resp.input_tokens}
        if resp.estimated:
            body["estimated"] = True
        headers = [(b"x-llmrouter-token-count", b"estimate" if resp.estimated else b"exact")]
        await ex.json(200, body, headers + _served_headers(resp))

    async def _first_with_keepalives(self, ex: Exchange, call):
        """The first message; while it takes longer than `keepalive_s`, the SSE headers go
        out (status 200) and an SSE comment every `keepalive_s` keeps proxies from timing
        out. A failure after that is an error event, no longer an HTTP status."""
        first = asyncio.ensure_future(call.read())
        try:
            while True:
                done, _ = await asyncio.wait((first,), timeout=self.keepalive_s)
                if done:
                    return first.result()
                if not ex.started:
                    await ex.start(200, _SSE_HEADERS + ex.base_headers())
                await ex.send({"type": "http.response.body", "body": b": keep-alive\n\n", "more_body": True})
        finally:
            if not first.done():
                first.cancel()

    async def embeddings(self, ex: Exchange) -> None:
        try:
            md = ex.metadata()
            doc = parse_json_object(await ex.read_body(self.max_body))
            req, opts = of.embed_request(doc, ex.request_id)
        except BridgeError as e:
            await ex.error(e)
            return
        except ClientGone:
            return
        call = self.stub.Embed(req, metadata=md)
        watch = Watch(ex.receive, call)
        try:
            resp = await call
        except grpc.aio.AioRpcError as err:
            if not watch.gone:
                await ex.error(from_rpc_error(err, lambda f: "input" if f == "inputs" else f))
            return
        except asyncio.CancelledError:
            if watch.gone and not own_cancel():
                return
            raise
        finally:
            watch.close()
        sb = resp.served_by
        headers = [(b"x-llmrouter-provider", sb.provider.encode())] if sb.provider else []
        await ex.json(200, of.embeddings_body(resp, opts), headers)

    async def _all_models(self, md) -> list[chat_service_pb2.Model]:
        models: list[chat_service_pb2.Model] = []
        token = ""
        for _ in range(MAX_MODEL_PAGES):
            resp = await self.stub.ListModels(
                chat_service_pb2.ListModelsRequest(page_size=1000, page_token=token), metadata=md
            )
            models.extend(resp.models)
            token = resp.next_page_token
            if not token:
                break
        seen: set[str] = set()
        out = []
        for m in models:  # one entry per usable id; glob patterns are not model ids
            if m.is_pattern or m.id in seen:
                continue
            seen.add(m.id)
            out.append(m)
        return out

    async def models(self, ex: Exchange) -> None:
        wanted = ex.scope.get("path_params", {}).get("model_id")
        anthropic = ex.anthropic_version
        if anthropic:
            ex.flavour = ANTHROPIC
        try:
            md = ex.metadata()
            models = await self._all_models(md)
        except BridgeError as e:
            await ex.error(e)
            return
        except grpc.aio.AioRpcError as err:
            await ex.error(from_rpc_error(err))
            return
        if wanted is not None:
            for m in models:
                if m.id == wanted:
                    await ex.json(200, af.model_object(m) if anthropic else of.model_object(m))
                    return
            await ex.error(
                BridgeError(404, f"the model {wanted[:256]!r} does not exist", param="model", code="model_not_found")
            )
            return
        if anthropic:
            data = [af.model_object(m) for m in models]
            body = {
                "data": data,
                "has_more": False,
                "first_id": data[0]["id"] if data else None,
                "last_id": data[-1]["id"] if data else None,
            }
        else:
            body = {"object": "list", "data": [of.model_object(m) for m in models]}
        await ex.json(200, body)
