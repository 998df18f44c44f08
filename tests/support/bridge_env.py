"""The REST bridge test environment: fake upstream + production server (SQLite) + bridge.

Nothing of ours is mocked: HTTP client -> bridge (uvicorn) -> gRPC -> router -> backend ->
loopback fake upstream. Shared by the tests under tests/bridge/.
"""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass

import httpx
import openai

from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p
from llmrouter.v1 import route_pb2 as r
from llmrouter.v1 import routing_service_pb2 as rs
from service.bridge.serving import BridgeHandle, start_bridge
from support.fakes.server import FakeUpstream
from support.harness import Database, running_server

UPSTREAM_KEY = "sk-upstream-secret-9876"
MAX_BODY = 64 * 1024


@dataclass
class Env:
    srv: object
    up: FakeUpstream
    bridge: BridgeHandle
    clients: list = dataclasses.field(default_factory=list)

    @property
    def url(self) -> str:
        return self.bridge.url

    def openai(self, api_key: str = "unused", **kw) -> openai.AsyncOpenAI:
        c = openai.AsyncOpenAI(base_url=f"{self.url}/v1", api_key=api_key, max_retries=0, timeout=10, **kw)
        self.clients.append(c)
        return c

    def anthropic(self, api_key: str = "unused", **kw):
        import anthropic

        c = anthropic.AsyncAnthropic(base_url=self.url, api_key=api_key, max_retries=0, timeout=10, **kw)
        self.clients.append(c)
        return c

    async def aclose(self) -> None:
        for c in self.clients:
            await c.close()

    def http(self, **kw) -> httpx.AsyncClient:
        kw.setdefault("timeout", 10)
        return httpx.AsyncClient(base_url=self.url, **kw)


async def setup_routes(srv, up: FakeUpstream) -> None:
    """Provider `fake` (OpenAI type) for every model, `fake-anthropic` for claude-*."""
    await srv.providers.CreateProvider(
        pa.CreateProviderRequest(
            provider=p.Provider(
                display_name="Fake OpenAI", template="custom-openai", base_url=up.openai_base_url, api_key=UPSTREAM_KEY
            ),
            provider_id="fake",
        )
    )
    await srv.providers.CreateProvider(
        pa.CreateProviderRequest(
            provider=p.Provider(
                display_name="Fake Anthropic", template="custom-anthropic", base_url=up.base_url, api_key=UPSTREAM_KEY
            ),
            provider_id="fake-anthropic",
        )
    )
    for model_id in ("gpt-test", "org/model-a"):
        await srv.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(parent="providers/fake", provider_model=p.ProviderModel(model_id=model_id))
        )
    await srv.routes.CreateRoute(
        rs.CreateRouteRequest(
            route=r.Route(
                model_pattern="claude-*", priority=10, target=r.RouteTarget(provider="providers/fake-anthropic")
            ),
            route_id="claude",
        )
    )
    await srv.routes.CreateRoute(
        rs.CreateRouteRequest(
            route=r.Route(model_pattern="*", priority=0, target=r.RouteTarget(provider="providers/fake")),
            route_id="all",
        )
    )
    await srv.server.components.live.reload()


@contextlib.asynccontextmanager
async def bridge_env(tmp_path, in_process: bool = True):
    """Fake upstream + production server (SQLite) + bridge on 127.0.0.1:0, routes set up; the bridge
    calls ChatService in the server's process (as `serve --http` does), or over a gRPC channel."""
    async with (
        FakeUpstream.start() as up,
        running_server(Database("sqlite", "", tmp_path / "data"), max_attempts_per_target=1) as srv,
    ):
        await setup_routes(srv, up)
        settings = dataclasses.replace(srv.settings, http="127.0.0.1:0", http_max_body_bytes=MAX_BODY)
        chat = srv.server.grpc.chat if in_process else None
        bridge = await start_bridge(settings, srv.address, srv.server.components.responses, chat=chat)
        e = Env(srv, up, bridge)
        try:
            yield e
        finally:
            await e.aclose()
            await bridge.stop()
