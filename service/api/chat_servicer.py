"""ChatService: protobuf in, router, protobuf out."""

from __future__ import annotations

import time

import grpc

from llmrouter.v1 import chat_pb2, chat_service_pb2, chat_service_pb2_grpc
from service.api import convert
from service.api.auth import caller_key_id
from service.core.chat import Delta
from service.core.config import ApiType, Snapshot
from service.core.router import Router
from service.store.repository import next_token, parse_page


def deadline_of(context: grpc.aio.ServicerContext) -> float | None:
    remaining = context.time_remaining()
    return None if remaining is None else time.monotonic() + remaining


class ChatServicer(chat_service_pb2_grpc.ChatServiceServicer):
    def __init__(self, router: Router, snapshot) -> None:
        self.router = router
        self._snapshot = snapshot

    async def StreamChat(self, request, context):
        req = convert.chat_request(request, caller_key_id.get())
        Resp = chat_service_pb2.StreamChatResponse
        delta_pb = convert.delta_pb
        agen = self.router.stream(req, deadline_of(context))
        try:
            async for ev in agen:
                if type(ev) is Delta:
                    yield Resp(delta=delta_pb(ev))
                else:
                    yield Resp(summary=convert.summary_pb(ev))
        finally:
            await agen.aclose()

    async def Chat(self, request, context):
        req = convert.chat_request(request, caller_key_id.get())
        completion, summary = await self.router.complete(req, deadline_of(context))
        return chat_service_pb2.ChatResponse(
            message=chat_pb2.Message(
                role=chat_pb2.ROLE_ASSISTANT,
                content=completion.text,
                tool_calls=[chat_pb2.ToolCall(id=t.id, name=t.name, arguments=t.arguments) for t in completion.tool_calls],
            ),
            reasoning=completion.reasoning,
            summary=convert.summary_pb(summary),
        )

    async def ListModels(self, request, context):
        page = parse_page(request.page_size, request.page_token, "models")
        models = list_models(self._snapshot())
        chunk = models[page.offset : page.offset + page.size]
        return chat_service_pb2.ListModelsResponse(
            models=chunk, next_page_token=next_token(page, len(chunk), len(models), "models")
        )

    async def Embed(self, request, context):
        req = convert.embed_request(request, caller_key_id.get())
        out, served = await self.router.embed(req, deadline_of(context))
        return chat_service_pb2.EmbedResponse(
            embeddings=[chat_service_pb2.Embedding(index=i, values=v) for i, v in enumerate(out.vectors)],
            usage=convert.usage_pb(out.usage),
            served_by=convert.served_by_pb(served),
        )


def list_models(snap: Snapshot) -> list[chat_service_pb2.Model]:
    """Every model a caller can ask for: provider models (usable providers), local models, route patterns."""
    out: list[chat_service_pb2.Model] = []
    for p in snap.providers.values():
        if not p.usable:
            continue
        local = p.api_type is ApiType.MLX
        for m in p.models:
            out.append(
                chat_service_pb2.Model(
                    id=m.model_id,
                    display_name=m.display_name or m.model_id,
                    source=chat_service_pb2.MODEL_SOURCE_LOCAL if local else chat_service_pb2.MODEL_SOURCE_PROVIDER,
                    provider=f"providers/{p.id}",
                )
            )
    for r in snap.routes:
        if not r.enabled:
            continue
        out.append(
            chat_service_pb2.Model(
                id=r.model_pattern,
                display_name=r.description or r.model_pattern,
                source=chat_service_pb2.MODEL_SOURCE_ROUTE,
                provider=f"providers/{r.target.provider}",
                route=f"routes/{r.id}",
                is_pattern=r.is_glob,
            )
        )
    out.sort(key=lambda m: (m.id, m.source, m.provider, m.route))
    return out
