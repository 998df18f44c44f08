"""RemoteEngine against a real EngineHost on a tmp unix socket (in this process's loop)."""

from __future__ import annotations

import asyncio
import os

import pytest

import service.backends.mlx  # noqa: F401  (first: OpenBLAS preload before mlx.core)
from service.backends.mlx.engine import GenerationParams, MlxEngine
from service.backends.mlx.engine_host import EngineHost
from service.backends.mlx.remote import RemoteEngine
from service.core.chat import Finish
from service.core.errors import NotFound, Reason, Unavailable
from service.settings import Settings


def user(text: str) -> list[dict]:
    return [{"role": "user", "content": text}]


async def collect(engine, source, params):
    params = await engine.prepare(source, params)
    req = engine.submit(source, params)
    out = []
    try:
        while True:
            evs = await req.get()
            out.extend(evs)
            if any(isinstance(e, Finish) for e in evs):
                return out
    finally:
        req.close()


def text_of(events) -> str:
    return "".join(getattr(e, "text", "") for e in events)


@pytest.fixture
async def host(tmp_path):
    d = tmp_path / "sock"
    d.mkdir(mode=0o700)
    h = EngineHost(Settings(), str(d / "engine.sock"))
    await h.start()
    yield h
    await h.stop()


async def test_remote_matches_in_process_errors_round_trip_and_cancel(host, tiny_model_dir):
    remote = RemoteEngine(Settings(), host.path)
    params = GenerationParams(messages=user("Tell me about bread."), max_tokens=24, temperature=0, seed=7)
    got = await collect(remote, tiny_model_dir, params)
    local = MlxEngine(Settings())
    local.start()
    try:
        want = await collect(local, tiny_model_dir, params)
    finally:
        await local.astop()
    assert text_of(got) == text_of(want)
    assert type(got[-1]) is Finish and got[-1].finish_reason == want[-1].finish_reason
    assert await remote.count_prompt_tokens(tiny_model_dir, params) > 0
    assert (await asyncio.to_thread(remote.gauges))["loaded"] == 1  # blocking: the host runs on this loop

    # An error keeps its class and reason.
    with pytest.raises(NotFound) as err:
        await collect(remote, str(host.path) + "-no-such-model", params)
    assert isinstance(err.value.reason, Reason) and err.value.message

    # A closed request leaves the engine's batch.
    long = GenerationParams(messages=user("Go on."), max_tokens=100_000, temperature=0)
    req = remote.submit(tiny_model_dir, long)
    await req.get()
    req.close()
    for _ in range(200):
        if host.engine.gauges()["batch_size"] == 0:
            break
        await asyncio.sleep(0.05)
    assert host.engine.gauges()["batch_size"] == 0
    assert text_of(await collect(remote, tiny_model_dir, params)) == text_of(want)


async def test_unreachable_socket_is_unavailable(tmp_path):
    remote = RemoteEngine(Settings(), os.fspath(tmp_path / "none.sock"))
    with pytest.raises(Unavailable):
        await remote.load("x")
    req = remote.submit("x", GenerationParams(messages=user("hi")))
    with pytest.raises(Unavailable):
        await req.get()
    req.close()
    assert remote.gauges() is None
