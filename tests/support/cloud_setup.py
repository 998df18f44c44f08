"""Helpers for gRPC-level tests against fake upstreams: providers pointing at them, routes, requests."""

from __future__ import annotations

from google.protobuf import field_mask_pb2

from llmrouter.v1 import chat_pb2
from llmrouter.v1 import chat_service_pb2 as cs
from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p
from llmrouter.v1 import route_pb2 as r
from llmrouter.v1 import routing_service_pb2 as rs

OPENAI_KEY = "sk-fake-openai-key-0123456789"
ANTHROPIC_KEY = "sk-ant-fake-key-9876543210"


async def add_provider(srv, provider_id: str, base_url: str, api_type=p.API_TYPE_OPENAI, api_key: str = OPENAI_KEY):
    template = "custom-openai" if api_type == p.API_TYPE_OPENAI else "custom-anthropic"
    resp = await srv.providers.CreateProvider(
        pa.CreateProviderRequest(
            provider_id=provider_id,
            provider=p.Provider(
                display_name=f"Fake {provider_id}", template=template, base_url=base_url, api_key=api_key
            ),
        )
    )
    return resp.provider


async def set_key(srv, provider_id: str, key: str):
    await srv.providers.UpdateProvider(
        pa.UpdateProviderRequest(
            provider=p.Provider(name=f"providers/{provider_id}", api_key=key),
            update_mask=field_mask_pb2.FieldMask(paths=["api_key"]),
        )
    )


async def add_route(
    srv, route_id: str, pattern: str, target: tuple[str, str], *fallbacks: tuple[str, str], priority: int = 0
):
    def t(x):
        return r.RouteTarget(provider=f"providers/{x[0]}", model=x[1])

    resp = await srv.routes.CreateRoute(
        rs.CreateRouteRequest(
            route_id=route_id,
            route=r.Route(
                model_pattern=pattern, priority=priority, target=t(target), fallbacks=[t(f) for f in fallbacks]
            ),
        )
    )
    return resp.route


def user(text: str) -> chat_pb2.Message:
    return chat_pb2.Message(role=chat_pb2.ROLE_USER, content=text)


def stream_request(model: str, *messages: chat_pb2.Message, **kw) -> cs.StreamChatRequest:
    return cs.StreamChatRequest(model=model, messages=list(messages) or [user("Hi")], **kw)


async def collect(call):
    """Reads a StreamChat call: (text, reasoning, tool-call fragments, summary or None, message count)."""
    text, reasoning, tools, summary, n = [], [], [], None, 0
    async for msg in call:
        n += 1
        if msg.HasField("delta"):
            assert summary is None, "no delta after the summary"
            text.append(msg.delta.text)
            reasoning.append(msg.delta.reasoning)
            tools += list(msg.delta.tool_calls)
        else:
            assert summary is None, "the summary is sent once"
            summary = msg.summary
    return "".join(text), "".join(reasoning), tools, summary, n
