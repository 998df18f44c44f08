"""Test doubles shared by the test suites: fake LLM upstreams on loopback.

`tests/conftest.py` puts `tests/` on `sys.path`, so import them as `from support.fakes.<module> import ...`:

* `server`: `FakeUpstream` (a real HTTP/1.1 server on 127.0.0.1 that records requests), the
  replies `JSONReply` and `SSEReply`;
* `wire`: the wire fixtures of ``tests/fixtures/wire/`` as replies (`fixture_reply`), SSE frames (`sse`);
* `openai_replies`, `anthropic_replies`: replies in each provider's documented wire format;
* `serve`: the stand-alone server the benchmarks start in another process.

Quick start::

    from support.fakes.openai_replies import openai_stream
    from support.fakes.server import FakeUpstream

    async with FakeUpstream.start() as up:
        provider = ProviderConfig(id="p", display_name="P", api_type=ApiType.OPENAI,
                                  base_url=up.openai_base_url, api_key="sk-test")
        up.script(openai_stream(["Hel", "lo"]))          # the next request gets this reply
        ... call the backend / the gRPC server ...
        req = up.requests[-1]                            # what the fake received
        req.path, req.headers["authorization"], req.json()["messages"]
        assert await req.wait_disconnected(1.0)          # the client hung up early?
"""
