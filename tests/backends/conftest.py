"""Fixtures of the cloud backend tests: a fake upstream and backends of one API type pointing at it.

`api` runs a test once per API type (OpenAI, Anthropic; see `support.cloud_backends`); a module
about one API type pins it with its own `api` fixture.
"""

from __future__ import annotations

import pytest
from support.cloud_backends import APIS, FAST, Api
from support.fakes.server import FakeUpstream

from service.backends.http.backend import HttpBackend
from service.backends.http.timeouts import HttpTimeouts
from service.core.config import ProviderConfig


@pytest.fixture(params=APIS, ids=lambda a: a.name)
def api(request: pytest.FixtureRequest) -> Api:
    return request.param


@pytest.fixture
async def up():
    async with FakeUpstream.start() as u:
        yield u


@pytest.fixture
async def make(up, api: Api):
    made: list[HttpBackend] = []

    def _make(
        timeouts: HttpTimeouts = FAST, *, key: str | None = None, base_url: str | None = None, models=()
    ) -> HttpBackend:
        p = ProviderConfig(
            id=api.provider_id,
            display_name=api.display_name,
            api_type=api.api_type,
            base_url=base_url or api.base_url(up),
            api_key=api.key if key is None else key,
            models=tuple(models),
        )
        b = api.backend_cls(p, timeouts)
        made.append(b)
        return b

    yield _make
    for b in made:
        await b.aclose()


@pytest.fixture
def backend(make):
    return make()
